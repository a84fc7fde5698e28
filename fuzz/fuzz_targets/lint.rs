//! Arbitrary text linted with every built-in pack plus a pack that uses every matcher: no
//! panic, and every span quotes exactly what it points at.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 is the caller's problem (the CLI rejects it); lossy decoding still turns
    // every input into a useful text.
    let text = String::from_utf8_lossy(data);
    let linter = common::linter();
    let first = common::check(&text, linter);
    assert_eq!(first, linter.lint(&text), "linting is deterministic");
});
