//! Property tests: whatever the text, diagnostics point exactly at what they quote, positions
//! agree, results are deterministic and independent of what was linted before, and fixes
//! converge.

use proptest::prelude::*;
use tact::{Diagnostic, Kind, Linter, LinterBuilder};

fn linters() -> &'static [Linter] {
    use std::sync::OnceLock;
    static L: OnceLock<Vec<Linter>> = OnceLock::new();
    L.get_or_init(|| {
        let demo = include_str!("../../../tests/packs/demo.yaml");
        vec![
            LinterBuilder::new().pack_source("demo.yaml", demo).build().expect("demo pack"),
            LinterBuilder::new().builtin().kind(Kind::Draft).build().expect("draft packs"),
            LinterBuilder::new().builtin().kind(Kind::Incoming).build().expect("incoming packs"),
        ]
    })
}

/// Fragments that exercise normalization, scoping and the shipped phrases.
const FRAGMENTS: &[&str] = &[
    "I don't know",
    "I DON’T\nknow",
    "i dont know",
    "dont",
    "DON’T",
    "know",
    "“",
    "”",
    "\n> ",
    "\n-- \n",
    "no idea",
    "As I already told you",
    "weiß",
    "WEISS",
    "Das weiß ich leider nicht",
    "ma ei tea",
    "nicht",
    "“quoted I don't know”",
    "\"x\"",
    "> I dont know\n",
    "-- \n",
    "On Mon, Bob wrote:\n",
    "\n",
    "\n\n",
    "\t",
    "\u{a0}",
    "  ",
    "’",
    "'",
    "`",
    "ß",
    "ẞ",
    "İ",
    "ς",
    "e\u{301}",
    "😀",
    "XXXX",
    "WHERE IS MY REFUND",
    "!!!",
    "???",
    "?",
    "{{first_name}}",
    "[NAME]",
    "<!-- tact-disable -->",
    "<!-- tact-disable-next-line -->\n",
    "# tact: ignore",
    "you have to",
    "cancel my subscription",
    "my lawyer",
    "Idioten",
    "\u{ad}",
    "\u{200b}",
    "\r\n",
    "you",
    "have",
    "to",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[a-zA-Z ,.?!]{0,12}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.join(" "))
}

fn check_positions(text: &str, diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    let mut last = 0;
    for d in diags {
        prop_assert!(d.start <= d.end && d.end <= text.len(), "span {}..{} out of range", d.start, d.end);
        prop_assert!(text.is_char_boundary(d.start) && text.is_char_boundary(d.end), "span not on char boundaries");
        prop_assert_eq!(&text[d.start..d.end], d.matched.as_str());
        let line = text[..d.start].matches('\n').count() + 1;
        let line_start = text[..d.start].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..d.start].chars().count() + 1;
        prop_assert_eq!((d.line, d.column), (line, column), "line/column disagree with the span");
        prop_assert!(d.start >= last, "diagnostics out of text order");
        last = d.start;
    }
    Ok(())
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=5000 for a deeper run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn spans_quote_exactly_what_they_point_at(t in text()) {
        for linter in linters() {
            check_positions(&t, &linter.lint(&t))?;
        }
    }

    #[test]
    fn linting_is_deterministic_and_independent_of_history(a in text(), b in text()) {
        for linter in linters() {
            let first = linter.lint(&a);
            let _ = linter.lint(&b);
            prop_assert_eq!(&first, &linter.lint(&a));
        }
    }

    #[test]
    fn fixes_converge(t in text()) {
        for linter in linters() {
            let fixed = linter.fix(&t);
            prop_assert!(fixed.converged);
            let again = linter.fix(&fixed.text);
            prop_assert_eq!(again.applied, 0, "a second fix pass still changed {:?}", fixed.text);
            check_positions(&fixed.text, &linter.lint(&fixed.text))?;
        }
    }
}
