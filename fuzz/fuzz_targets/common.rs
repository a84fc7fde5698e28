// Shared by the `lint` and `fix` fuzz targets: the linter under test and the invariants every
// result must hold.

use std::sync::OnceLock;
use tact::{Kind, Linter, LinterBuilder};

/// A fixed pack that exercises every matcher: phrases, word sequences with gaps and prefixes,
/// regexes (with inline flags and a possible empty match), exceptions of all three kinds, a
/// rule that also flags quotations, and safe replacements that shrink and re-trigger another rule.
const FUZZ_PACK: &str = r#"
pack: fuzz
language: any
kind: any
rules:
  - code: Z901
    name: dont-know
    category: dont-know
    severity: warning
    message: "“{matched}”"
    why: fuzz
    phrases: ["I don't know", "no idea", "weiß nicht", "ß", "İ", "😀 x"]
    words: ["weiß|weiss ~3 nicht", "ma ~1 ei ~1 tea", "versprech* ~2 dass"]
    patterns: ['(?i)\bno\s+clue\b', 'x*', '\d{3,}']
    exceptions:
      phrases: ["if you don't know"]
      words: ["wenn ~3 nicht ~1 wissen"]
      patterns: ['(?i)no idea inc']
    suggestions:
      - replace: "let me find out"
        applicability: safe
  - code: Z902
    name: quoted-too
    category: condescension
    severity: error
    message: "{matched}"
    why: fuzz
    in-quotes: true
    phrases: ["as I said", "\"", "’s"]
    words: ["you ~9 must|have ~1 to"]
    suggestions:
      - replace: "no idea"
        applicability: safe
      - replace: ""
        applicability: unsafe
  - code: Z903
    name: shrink
    category: placeholder
    severity: info
    message: "{matched}"
    why: fuzz
    patterns: ['\{\{[a-z_]*\}\}', '\[[A-Z]+\]']
    suggestions:
      - replace: ""
        applicability: safe
"#;

pub fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| {
        LinterBuilder::new()
            .builtin()
            .pack_source("fuzz.yaml", FUZZ_PACK)
            .kind(Kind::Any)
            .build()
            .expect("built-in packs and the fuzz pack load")
    })
}

/// Lints `text` and checks every diagnostic: span in range and on character boundaries,
/// `matched` is exactly the span, line and column agree with the span, text order.
pub fn check(text: &str, linter: &Linter) -> Vec<tact::Diagnostic> {
    let diags = linter.lint(text);
    let mut last = 0;
    for d in &diags {
        assert!(d.start <= d.end && d.end <= text.len(), "span {}..{} out of range", d.start, d.end);
        assert!(text.is_char_boundary(d.start) && text.is_char_boundary(d.end), "span not on char boundaries");
        assert_eq!(&text[d.start..d.end], d.matched);
        let before = &text[..d.start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(d.line, before.matches('\n').count() + 1, "line");
        assert_eq!(d.column, before[line_start..].chars().count() + 1, "column");
        assert!(d.start >= last, "text order");
        last = d.start;
    }
    diags
}
