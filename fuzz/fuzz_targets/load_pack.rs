//! Arbitrary bytes as a rule pack: loading never panics (every problem is an error value with
//! a location), and a pack that loads lints and runs its examples without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    match tact::LinterBuilder::new().pack_source("fuzz.yaml", src).build() {
        Ok(linter) => {
            let _ = linter.lint("I don't know. Weiß ich nicht. Ma ei tea. WHERE IS IT??? “quoted” {{x}}");
            let _ = linter.fix("I dont know, as I said before.");
            let _ = linter.test_examples();
        }
        Err(errors) => {
            // Rendering the errors must not panic either.
            let _ = errors.to_string();
        }
    }
});
