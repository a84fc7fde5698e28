//! Arbitrary text through the command line's per-format paths, where spans found in one text
//! are placed in another: HTML (the visible text linted, spans and columns taken from the
//! markup), YAML, JSON and CSV reply fields (each reply linted, spans mapped through the offset
//! map into the file) and the fix loops (plain and HTML). The first byte picks the path. Every
//! finding must lie on character boundaries of the text it points into, with `matched` equal
//! to that slice (HTML) and lines and columns that agree with the span; fixing never panics
//! and, when it converged, a second pass applies nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tact::{Diagnostic, Kind, LineIndex, Linter, LinterBuilder};
use tact_cli::process::{self, Event, Job};
use tact_cli::settings::Fixes;
use tact_cli::structured::Format;

// Only `common::check` is used here; the shared fuzz pack is the other targets'.
#[allow(dead_code)]
#[path = "common.rs"]
mod common;

/// Regexes whose matches run on past a word into whatever follows (in HTML: blanked markup,
/// where the original holds multi-byte characters), and a fix that grows its own match.
const SPAN_PACK: &str = r#"
pack: spans
language: any
kind: any
rules:
  - code: Z911
    name: runs-on
    category: placeholder
    severity: warning
    message: "{matched}"
    why: fuzz
    patterns: ['(?i)\brefund.{0,15}', '(?s)ü.{0,3}', '\s.{1,2}\s', 'é?$']
    suggestions:
      - replace: "refund"
        applicability: safe
  - code: Z912
    name: grows
    category: placeholder
    severity: info
    message: "{matched}"
    why: fuzz
    phrases: ["okay"]
    suggestions:
      - replace: "okay okay"
        applicability: safe
"#;

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| {
        LinterBuilder::new()
            .builtin()
            .pack_source("spans.yaml", SPAN_PACK)
            .kind(Kind::Any)
            .build()
            .expect("built-in packs and the span pack load")
    })
}

/// Every finding points into `text`: on char boundaries, in range, line and column agreeing.
fn placed(text: &str, diags: &[Diagnostic], matched_is_slice: bool) {
    let lines = LineIndex::new(text);
    for d in diags {
        assert!(d.start <= d.end && d.end <= text.len(), "span {}..{} of {}", d.start, d.end, text.len());
        assert!(text.is_char_boundary(d.start) && text.is_char_boundary(d.end), "span {}..{} not on char boundaries", d.start, d.end);
        if matched_is_slice {
            assert_eq!(&text[d.start..d.end], d.matched);
        }
        let (at, to) = (lines.position(text, d.start), lines.position(text, d.end));
        assert_eq!((d.line, d.column, d.end_line, d.end_column), (at.line, at.column, to.line, to.column));
    }
}

fn fixed_once(fixed: &tact::Fixed, again: impl Fn(&str) -> tact::Fixed) {
    if fixed.converged {
        assert!(fixed.unconverged.is_empty());
        let second = again(&fixed.text);
        assert_eq!(second.applied, 0, "a converged fix applies nothing on a second pass");
    } else {
        assert!(!fixed.unconverged.is_empty(), "a fix that did not converge names its rules");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let linter = linter();
    match pick % 6 {
        0 => {
            let (diags, _, _, _) = process::lint_html(linter, &text);
            placed(&text, &diags, true);
        }
        1 => {
            let fixed = process::fix_html(linter, &text);
            fixed_once(&fixed, |t| process::fix_html(linter, t));
            let (diags, _, _, _) = process::lint_html(linter, &fixed.text);
            placed(&fixed.text, &diags, true);
        }
        2 => {
            let fixed = linter.fix(&text);
            fixed_once(&fixed, |t| linter.fix(t));
            common::check(&fixed.text, linter);
        }
        n => {
            let format = [Format::Yaml, Format::Json, Format::Csv][n as usize - 3];
            let fields: &[&str] = match format {
                Format::Csv => &["text", "body"],
                _ => &["[].text", "text", "macros[].body", "[][]", "a.b[].c"],
            };
            let field = fields[(pick as usize / 6) % fields.len()];
            let job = Job { linter, field: Some(field.to_string()), max_bytes: 1 << 20, fixes: Fixes::Off };
            for event in process::structured_file(&job, "fuzz", format, &text) {
                if let Event::Lint { source, diagnostics, .. } = event {
                    // An escape (`\u2019`) in a finding puts it at 0..0; anything else is its
                    // place in the file.
                    placed(&source.text, &diagnostics, false);
                }
            }
        }
    }
});
