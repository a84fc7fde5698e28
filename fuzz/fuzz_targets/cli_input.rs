//! Arbitrary bytes through the command line's own input path: decoding a file (byte-order
//! marks, UTF-16, invalid UTF-8) and reading JSON Lines records (broken JSON, missing or
//! non-string text fields, escapes). No panic; whatever decodes is linted with valid spans; an
//! input that does not decode gets an error that says where.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tact_cli::inputs;
use tact_cli::process::{self, Fields, Record};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let linter = common::linter();
    // A whole file.
    match inputs::decode(data.to_vec()) {
        Ok((text, bom)) => {
            assert_eq!(bom + text.len(), data.len(), "only a UTF-8 byte-order mark is dropped");
            common::check(&text, linter);
        }
        Err(problem) => assert!(
            problem.message.contains("UTF-16") || (problem.line.is_some() && problem.column.is_some()),
            "a decoding error names the encoding or the place: {problem:?}"
        ),
    }
    // The same bytes as JSON Lines, with and without a language field.
    for lang in [None, Some("lang")] {
        let fields = Fields { text: "text", id: "id", lang, languages: &[] };
        for line in data.split(|&b| b == b'\n') {
            match process::record(linter, line, &fields) {
                Record::Lint { text, diagnostics, .. } if lang.is_none() => {
                    assert_eq!(diagnostics, common::check(&text, linter), "same findings as linting the text");
                }
                Record::Lint { .. } => {}
                Record::Error { message, .. } => assert!(!message.is_empty()),
                Record::Blank => assert!(line.iter().all(u8::is_ascii_whitespace)),
            }
        }
    }
});
