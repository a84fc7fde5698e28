//! Applying fixes to arbitrary text: no panic, the result re-lints cleanly, and when the fix
//! loop reports convergence a second fix changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let linter = common::linter();
    let fixed = linter.fix(&text);
    common::check(&fixed.text, linter);
    if fixed.converged {
        let again = linter.fix(&fixed.text);
        assert_eq!(again.applied, 0, "a converged fix changed {:?} again", fixed.text);
        assert_eq!(again.text, fixed.text);
    }
});
