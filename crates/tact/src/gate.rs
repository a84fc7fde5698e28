//! Rule regexes: compiling them within limits (now or on first use) and their gates, which let
//! a regex run only on messages that can hold a match.

use crate::gate_analysis::{analyse, Analysis};
use regex::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// Size limit for one compiled regex from a pack: larger ones are load errors, not OOMs.
pub const REGEX_SIZE_LIMIT: usize = 4 << 20;

pub(crate) fn compile_regex(src: &str) -> Result<Regex, String> {
    RegexBuilder::new(src).size_limit(REGEX_SIZE_LIMIT).build().map_err(|e| match e {
        regex::Error::CompiledTooBig(limit) => {
            format!("regex is too large once compiled (limit {} KiB); simplify it or split it", limit / 1024)
        }
        other => {
            // The regex crate's message spans lines (pattern, caret, "error: ..."); keep the reason.
            let text = other.to_string();
            let reason = text.lines().rev().find_map(|l| l.trim().strip_prefix("error: ")).unwrap_or(text.trim());
            format!("invalid regex `{src}`: {reason}")
        }
    })
}

/// A rule's regex, compiled when the linter is built (user packs: that is where a bad or huge
/// regex must be reported, with its location) or on first use (built-in packs, whose regexes
/// a test compiles eagerly on every CI run). Deferring the built-in ones keeps building a
/// linter cheap: most of them are exceptions, which run only for a rule that has a hit.
#[derive(Debug, Clone)]
pub(crate) struct LazyRegex {
    pub(crate) source: String,
    regex: OnceLock<Regex>,
    /// The source has a group named `hit`: a match reports that group's span.
    hit: bool,
}

/// Whether a regex source names a capture group `hit` (the part of a match to report).
fn names_hit(source: &str) -> bool {
    source.contains("(?P<hit>") || source.contains("(?<hit>")
}

impl LazyRegex {
    pub(crate) fn ready(regex: Regex) -> Self {
        let source = regex.as_str().to_string();
        Self { hit: names_hit(&source), source, regex: OnceLock::from(regex) }
    }

    pub(crate) fn deferred(source: String) -> Self {
        Self { hit: names_hit(&source), source, regex: OnceLock::new() }
    }

    /// Calls `f` with the span of every non-empty match in `hay`, left to right: the span of
    /// the group named `hit` where the regex has one and it took part, else the whole match.
    /// (The `regex` crate has no look-behind; a `hit` group leaves context out of the span.)
    pub(crate) fn each_match(&self, hay: &str, mut f: impl FnMut(usize, usize)) {
        let regex = self.get();
        if self.hit {
            for c in regex.captures_iter(hay) {
                let m = c.name("hit").or_else(|| c.get(0)).expect("group 0 always takes part");
                if !m.is_empty() {
                    f(m.start(), m.end());
                }
            }
        } else {
            for m in regex.find_iter(hay) {
                if !m.is_empty() {
                    f(m.start(), m.end());
                }
            }
        }
    }

    /// The compiled regex, compiling it now if it was deferred.
    pub(crate) fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            compile_regex(&self.source).expect("built-in regexes compile (checked by the builtin_regexes_compile test)")
        })
    }
}

/// The gate of a rule regex (see [`crate::gate_analysis`]): automaton pieces (returned, to
/// become automaton entries) where it has them, else a few first bytes, else none. The gates
/// of the built-in packs' patterns were worked out by `build.rs` with the same code and are
/// looked up (the analysis was a third of building the built-in linter); any other source is
/// analysed now.
pub(crate) fn gate_of(source: &str) -> (Gate, Vec<String>) {
    if let Some(gate) = builtin_gate(source) {
        return gate;
    }
    match analyse(source) {
        Analysis::Pieces(pieces) => (Gate::Pieces, pieces),
        Analysis::Bytes(bytes) => (Gate::Bytes(bytes), Vec::new()),
        Analysis::Always => (Gate::Always, Vec::new()),
    }
}

/// The gate `build.rs` worked out for `source`, when it is a built-in pattern or exception
/// pattern; `None` for any other source.
pub(crate) fn builtin_gate(source: &str) -> Option<(Gate, Vec<String>)> {
    let gates = crate::builtin::GATES;
    let (_, kind, pieces, bytes) = gates[gates.binary_search_by(|g| g.0.cmp(source)).ok()?];
    Some(match kind {
        1 => (Gate::Pieces, pieces.iter().map(|p| p.to_string()).collect()),
        2 => (Gate::Bytes(bytes.to_vec()), Vec::new()),
        _ => (Gate::Always, Vec::new()),
    })
}

/// The automaton pieces of a regex's gate, worked out now.
#[cfg(test)]
pub(crate) fn regex_gate(source: &str) -> Option<Vec<String>> {
    match analyse(source) {
        Analysis::Pieces(p) => Some(p),
        _ => None,
    }
}

/// When a regex can have a match in a message, as far as can be told without running it.
#[derive(Debug, Clone)]
pub(crate) enum Gate {
    /// Always run it.
    Always,
    /// Run it when the phrase automaton found one of its pieces (see [`crate::gate_analysis`]).
    Pieces,
    /// Run it when the text holds one of these bytes: every match starts with one of them.
    Bytes(Vec<u8>),
}

/// A rule regex with its gate.
#[derive(Debug)]
pub(crate) struct GatedRegex {
    pub regex: LazyRegex,
    pub gate: Gate,
}

impl GatedRegex {
    /// Can the regex (number `i`) match in `hay`, given which automaton gates fired?
    pub(crate) fn may_match(&self, fired: &[bool], i: usize, hay: &str) -> bool {
        match &self.gate {
            Gate::Always => true,
            Gate::Pieces => fired.get(i).copied().unwrap_or(false),
            Gate::Bytes(bytes) => bytes.chunks(3).any(|c| match *c {
                [a] => memchr::memchr(a, hay.as_bytes()).is_some(),
                [a, b] => memchr::memchr2(a, b, hay.as_bytes()).is_some(),
                [a, b, c] => memchr::memchr3(a, b, c, hay.as_bytes()).is_some(),
                _ => true,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Linter, LinterBuilder};

    /// The gates `build.rs` worked out for the built-in patterns are what the analysis
    /// finds now (the table is generated from the same code; this catches a stale build).
    #[test]
    fn precomputed_gates_match_the_analysis() {
        assert!(crate::builtin::GATES.len() >= 100, "the built-in patterns are in the table");
        for &(source, kind, pieces, bytes) in crate::builtin::GATES {
            let expected = match kind {
                1 => Analysis::Pieces(pieces.iter().map(|p| p.to_string()).collect()),
                2 => Analysis::Bytes(bytes.to_vec()),
                _ => Analysis::Always,
            };
            assert_eq!(analyse(source), expected, "{source}");
        }
        assert!(crate::builtin::GATES.windows(2).all(|w| w[0].0 < w[1].0), "sorted, no duplicates");
    }

    #[test]
    fn regex_gates() {
        let gate = |s: &str| regex_gate(s).map(|v| v.join(","));
        // `(?i)` lets `s` match `ſ`, which normalization keeps: both spellings are pieces.
        assert_eq!(gate(r"(?i)\bwho cares\s*[?!]").as_deref(), Some("cares,careſ"));
        assert_eq!(gate(r"\b(?:Warten Sie|Warte)[ \t]*[.!]").as_deref(), Some("warte"));
        assert_eq!(gate(r"(?i)\bWEIß es"), Some("weiss".to_string()));
        // The last piece of a match loses its last letter: what follows may compose with it.
        assert_eq!(gate(r"don't know"), Some("dont".to_string()));
        assert_eq!(gate(r"(?m)^[ \t]*Peate\b").as_deref(), Some("peat"));
        // Literals anywhere, not only at the start or the end.
        assert_eq!(gate(r"(?m)^[ \t]*(?:Wrong|WRONG)[ \t]*[.!]*[ \t]*$").as_deref(), Some("wron"));
        assert_eq!(gate(r"(?i)x(?:[a-z]+) 100\s?%").as_deref(), Some("100"));
        assert_eq!(gate(r"(?i)^\W*(?:persse|loll)\W*$").as_deref(), Some("lol,perss,persſ,perſs,perſſ"));
        // No piece of 3 bytes or more that every match holds: no gate.
        assert_eq!(gate(r"[{\[<%]x"), None);
        assert_eq!(gate(r"\d{3,}"), None);
        assert_eq!(gate(r"(?:who cares)|\w+"), None);
        assert_eq!(gate(r"a\u{308}bcdef"), None);
    }

    /// Running a regex only where its gate fired finds exactly what running it everywhere
    /// finds, on texts built to straddle the gates (case, white space, apostrophes, ß,
    /// invisible characters, line breaks and blank lines inside and around the literals).
    #[test]
    fn gated_regexes_find_the_same() {
        use proptest::prelude::*;
        let gated = LinterBuilder::new().builtin().pack_source("gate.yaml", GATE_PACK).build().expect("loads");
        let count = |g: &Linter, f: fn(&Gate) -> bool| g.index().regexes.iter().filter(|r| f(&r.gate)).count();
        assert!(count(&gated, |g| matches!(g, Gate::Pieces)) >= 7, "the built-in regexes have gates");
        assert!(count(&gated, |g| matches!(g, Gate::Bytes(_))) >= 1, "D001's bracket regex has a byte gate");
        let mut ungated = LinterBuilder::new().builtin().pack_source("gate.yaml", GATE_PACK).build().expect("loads");
        for r in &mut ungated.index_mut().regexes {
            r.gate = Gate::Always;
        }
        let fragments = prop::sample::select(vec![
            "who cares",
            "WHO  CARES",
            "Who\ncares",
            "who\n\ncares",
            "who c\u{AD}ares",
            "who ca’res",
            "?",
            "!",
            "hurry up",
            "HURRY\tUP",
            "Wait",
            "WAIT",
            "Hold on",
            "hang on",
            "Be patient",
            ".",
            " ",
            "\n",
            "Warte",
            "Warten Sie",
            "WARTEN SIE",
            "mul on",
            "MUL ON õigus",
            "õigus",
            "oota",
            "OODAKE",
            "nüüd",
            "weiß",
            "WEISS",
            "weiss",
            "es",
            "ẞ",
            "ei tea",
            "Ei\ntea",
            "EI TEA",
            "Peate",
            "\n  Peate",
            "Ei huvita",
            "{{name}}",
            "[Name]",
            "<customer>",
            "%ORDER_ID%",
            "{first_name}",
            "[x]",
            "](",
            "TODO list",
            "don't know if you",
            "no idea is too",
            "not my job",
            "but I",
            "we will",
            "hurry up the",
            "XX days",
            "don't",
            "don’t",
            "know",
            "KNOW",
            "ſ",
            "K",
            "İ",
            "x",
            "\u{200B}",
            "\u{308}",
            "\u{303}",
            "can\u{303}t",
            "Wrong",
        ]);
        let texts = prop::collection::vec(fragments, 0..12).prop_map(|v| v.concat());
        proptest!(ProptestConfig::with_cases(2000), |(text in texts)| {
            prop_assert_eq!(gated.lint(&text), ungated.lint(&text));
        });
    }

    /// A user pack whose regexes have gates with ß, apostrophes and inner white space.
    const GATE_PACK: &str = r#"
pack: gate
language: any
kind: any
rules:
  - code: Z801
    name: gate-test
    category: dont-know
    severity: warning
    message: "{matched}"
    why: gates
    patterns: ['(?i)weiß es', "don't know", '(?i)who\s+cares', 'ſ', '(?i)(?:can.?t|know)\W*(?:x|wrong)?']
"#;

    /// Built-in regexes are compiled on first use, where a failure could only panic; this
    /// compiles every one of them eagerly, as a user pack's would be, so CI proves they all
    /// compile within the size limit.
    #[test]
    fn builtin_regexes_compile() {
        let mut b = LinterBuilder::new();
        for (origin, source) in crate::builtin::PACKS {
            b = b.pack_source(origin, source);
        }
        let linter = b.build().expect("every built-in pack compiles eagerly");
        let deferred = LinterBuilder::new().builtin().build().expect("built-in packs load");
        assert_eq!(linter.index().regexes.len(), deferred.index().regexes.len());
        for (eager, lazy) in linter.index().regexes.iter().zip(&deferred.index().regexes) {
            assert_eq!(eager.regex.get().as_str(), lazy.regex.get().as_str());
        }
    }
}
