//! Inline suppression directives, for canned-response libraries.
//!
//! - `<!-- tact-disable [CODES] -->` … `<!-- tact-enable [CODES] -->`: off between them (to the
//!   end of the message when there is no `tact-enable`);
//! - `<!-- tact-disable-next-line [CODES] -->`: off on the next line;
//! - `# tact: ignore [CODES]` or `<!-- tact: ignore [CODES] -->`: off on the directive's own line.
//!
//! CODES are rule codes or names, separated by spaces or commas; none means every rule.

use crate::line_index::LineIndex;
use crate::model::Diagnostic;

/// Which findings a linter's inline directives can switch off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Honour {
    /// None: directives are not looked for (incoming messages, by default).
    None,
    /// Findings of draft rules only: an incoming rule's finding stays whatever the text says
    /// (a linter of every kind, by default; for drafts it is every finding).
    Drafts,
    /// Every finding (`inline_directives(true)`).
    All,
}

/// What a suppression directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DirectiveKind {
    /// `<!-- tact-disable -->`: off from here to the matching `tact-enable` (or the end).
    Disable,
    /// `<!-- tact-disable-next-line -->`: off on the next line.
    DisableNextLine,
    /// `# tact: ignore` or `<!-- tact: ignore -->`: off on the directive's own line.
    Ignore,
}

/// A suppression directive found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Directive {
    /// Byte span of the directive in the text.
    pub start: usize,
    /// End of the directive (exclusive).
    pub end: usize,
    /// 1-based line of the directive.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The rules it names; empty means every rule.
    pub rules: Vec<String>,
    /// What it does.
    pub kind: DirectiveKind,
    /// Byte ranges it covers.
    covers: Vec<(usize, usize)>,
}

impl Directive {
    /// Every directive in `text`, as [`Linter::lint`](crate::Linter::lint) finds them (for a
    /// front-end that applies directives written outside the linted text, such as YAML
    /// comments beside a reply). Cheap when there is none.
    pub fn find_all(text: &str) -> Vec<Directive> {
        find(text)
    }

    /// Does the directive name this rule, by code (in any case) or name, or name no rule at
    /// all (and so every rule)?
    pub fn names(&self, code: &str, name: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r.eq_ignore_ascii_case(code) || r == name)
    }

    /// Does it switch off a finding of rule `code`/`name` that starts at byte `at`?
    pub fn suppresses(&self, code: &str, name: &str, at: usize) -> bool {
        self.names(code, name) && self.covers.iter().any(|&(a, b)| at >= a && at < b)
    }

    #[cfg(test)]
    fn applies(&self, d: &Diagnostic) -> bool {
        self.suppresses(&d.code, &d.name, d.start)
    }
}

fn parse_rules(s: &str) -> Vec<String> {
    s.split([' ', ',', '\t']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

/// Finds every directive in `text`. Cheap when there is none (one substring search), and
/// linear however many `tact`s a line holds: every search after a `tact` (for the `-->`
/// closing a comment, the end of a `#` directive) goes forward from a position remembered
/// from the last search, never again from the `tact` to the end of the line.
pub(crate) fn find(text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    if !text.contains("tact") {
        return out;
    }
    let bytes = text.as_bytes();
    // Open `tact-disable` blocks: those naming no rule, and per rule named those naming it. A
    // `tact-enable` closes the blocks it names (and every block naming no rule), not others,
    // and each block leaves each list once, so many blocks and enables cost their sum.
    let mut open_all: Vec<usize> = Vec::new();
    let mut open_by: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    // Built at the first `tact` (a word like "contact" is enough): one pass, then every
    // occurrence is placed by binary search, however many there are on one line.
    let mut lines: Option<LineIndex> = None;
    // The first `-->` at or after some earlier position (`None`: there is none after it).
    let mut next_close: Option<Option<usize>> = None;
    // The first `#` after some earlier position, or the end of the text.
    let mut next_hash = 0;
    // The first `<!--` after some earlier position, or the end of the text.
    let mut next_open = 0;
    for i in memchr::memmem::find_iter(bytes, b"tact") {
        let lines = lines.get_or_insert_with(|| LineIndex::new(text));
        let line = lines.line(i);
        let (ls, le) = (lines.line_start(line), lines.full_line_range(line).end);
        let before = text[ls..i].trim_end();
        let (body, rest_start, end) = if before.ends_with("<!--") {
            let close = match next_close {
                Some(Some(c)) if c >= i => Some(c),
                Some(None) => None,
                _ => memchr::memmem::find(&bytes[i..], b"-->").map(|c| i + c),
            };
            next_close = Some(close);
            if next_open <= i {
                next_open = memchr::memmem::find(&bytes[i..], b"<!--").map_or(text.len(), |o| i + o);
            }
            // The comment must close on the directive's line, before another one opens.
            let Some(close) = close.filter(|&c| c < le && c < next_open) else {
                continue;
            };
            let start = before.len() + ls - 4;
            (&text[i..close], start, close + 3)
        } else if before.ends_with('#') {
            let start = before.len() + ls - 1;
            // The directive runs to the end of its line or to the next `#` on it (the next
            // directive), so one line with many of them is read once.
            if next_hash <= i {
                next_hash = memchr::memchr(b'#', &bytes[i..]).map_or(text.len(), |h| i + h);
            }
            let body = text[i..le.min(next_hash)].trim_end();
            (body, start, i + body.len())
        } else {
            continue;
        };
        // The directive starts on the line of its `tact`.
        let column = lines.position(text, rest_start).column;
        let d = |kind: DirectiveKind, rules: Vec<String>, covers: Vec<(usize, usize)>| Directive {
            start: rest_start,
            end,
            line,
            column,
            rules,
            kind,
            covers,
        };
        if let Some(r) = body.strip_prefix("tact-disable-next-line") {
            let next = lines.full_line_range(line + 1);
            out.push(d(DirectiveKind::DisableNextLine, parse_rules(r), vec![(next.start, next.end)]));
        } else if let Some(r) = body.strip_prefix("tact-disable") {
            let rules = parse_rules(r);
            if rules.is_empty() {
                open_all.push(out.len());
            }
            for rule in &rules {
                open_by.entry(rule.clone()).or_default().push(out.len());
            }
            out.push(d(DirectiveKind::Disable, rules, vec![(end, text.len())]));
        } else if let Some(r) = body.strip_prefix("tact-enable") {
            let rules = parse_rules(r);
            let mut closing = std::mem::take(&mut open_all);
            if rules.is_empty() {
                closing.extend(open_by.drain().flat_map(|(_, v)| v));
            } else {
                for rule in &rules {
                    closing.extend(open_by.remove(rule).unwrap_or_default());
                }
            }
            for o in closing {
                let (a, b) = out[o].covers[0];
                // Still open (a block naming several rules may be closed already).
                if b == text.len() && rest_start >= a {
                    out[o].covers[0] = (a, rest_start);
                }
            }
        } else if let Some(r) = body.strip_prefix("tact:").map(str::trim_start).and_then(|k| k.strip_prefix("ignore")) {
            out.push(d(DirectiveKind::Ignore, parse_rules(r), vec![(ls, le)]));
        }
    }
    out
}

/// Drops the diagnostics a directive covers; returns the directives that suppressed nothing.
///
/// One sweep over the diagnostics in order of their start, with the directives whose ranges
/// hold the current position counted per rule they name: each diagnostic asks two counters
/// (its code, its name) and the count of directives naming every rule, and each directive is
/// marked used at most once, so many directives and many findings cost their sum, not their
/// product.
///
/// With [`Honour::Drafts`], findings of incoming rules are kept and never counted.
pub(crate) fn apply(directives: &[Directive], diags: &mut Vec<Diagnostic>, honour: Honour) -> Vec<Directive> {
    use std::cmp::Reverse;
    use std::collections::{BinaryHeap, HashMap};
    #[derive(Default)]
    struct Active {
        /// Directives covering the position now.
        count: usize,
        /// Directives that may cover it and have not suppressed anything yet.
        unused: Vec<(usize, usize)>,
    }
    // Every (range, directive) pair, by the start of the range.
    let mut ranges: Vec<(usize, usize, usize)> =
        directives.iter().enumerate().flat_map(|(k, d)| d.covers.iter().map(move |&(a, b)| (a, b, k))).collect();
    ranges.sort_unstable();
    let mut order: Vec<usize> = (0..diags.len()).collect();
    order.sort_by_key(|&i| diags[i].start);
    let mut used = vec![false; directives.len()];
    let mut keep = vec![true; diags.len()];
    // Keys: `None` for a directive naming every rule, `(false, lower-cased)` for codes,
    // `(true, as written)` for names.
    let mut active: HashMap<Option<(bool, String)>, Active> = HashMap::new();
    let keys = |d: &Directive| -> Vec<Option<(bool, String)>> {
        if d.rules.is_empty() {
            return vec![None];
        }
        d.rules.iter().flat_map(|r| [Some((false, r.to_ascii_lowercase())), Some((true, r.clone()))]).collect()
    };
    let mut ends: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut next = 0;
    let exempt = |d: &Diagnostic| honour == Honour::Drafts && d.category.kind() == crate::model::Kind::Incoming;
    for i in order {
        if exempt(&diags[i]) {
            continue;
        }
        let at = diags[i].start;
        while let Some(&(a, b, k)) = ranges.get(next) {
            if a > at {
                break;
            }
            next += 1;
            if b > at {
                for key in keys(&directives[k]) {
                    let slot = active.entry(key).or_default();
                    slot.count += 1;
                    slot.unused.push((k, b));
                }
                ends.push(Reverse((b, k)));
            }
        }
        while let Some(&Reverse((b, k))) = ends.peek() {
            if b > at {
                break;
            }
            ends.pop();
            for key in keys(&directives[k]) {
                if let Some(slot) = active.get_mut(&key) {
                    slot.count -= 1;
                }
            }
        }
        let d = &diags[i];
        let asked = [None, Some((false, d.code.to_ascii_lowercase())), Some((true, d.name.clone()))];
        for key in &asked {
            let Some(slot) = active.get_mut(key) else { continue };
            if slot.count == 0 {
                continue;
            }
            keep[i] = false;
            // Those still covering `at` suppress this finding; those past it never will.
            for (k, b) in slot.unused.drain(..) {
                if b > at && directives[k].covers.iter().any(|&(x, y)| x <= at && at < y) {
                    used[k] = true;
                }
            }
        }
    }
    let mut n = 0;
    diags.retain(|_| {
        n += 1;
        keep[n - 1]
    });
    directives.iter().zip(used).filter(|(_, u)| !u).map(|(d, _)| d.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_form() {
        let t = "a\n<!-- tact-disable-next-line D101 -->\nb\nc # tact: ignore\n<!-- tact-disable -->\nd\n<!-- tact-enable -->\ne";
        let found = find(t);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].rules, ["D101"]);
        assert_eq!(found[0].kind, DirectiveKind::DisableNextLine);
        assert_eq!(found[1].kind, DirectiveKind::Ignore);
        assert!(found[1].suppresses("D101", "x", t.find("c #").unwrap()));
        assert!(!found[1].suppresses("D101", "x", t.find("b\n").unwrap()));
        assert!(found[0].names("d101", "x") && found[0].names("D9", "D101") && !found[0].names("D9", "x"));
        assert_eq!(found[0].line, 2);
        let b = t.find("b\n").unwrap();
        assert_eq!(found[0].covers, [(b, b + 2)]);
        assert!(found[1].rules.is_empty());
        let d = t.find("\nd\n").unwrap() + 1;
        let (a, z) = found[2].covers[0];
        assert!(a < d && d < z && z < t.len());
    }

    #[test]
    fn plain_text_has_none() {
        assert!(find("Contact us anytime, we are happy to help.").is_empty());
        assert!(find("Our contact form: #tactile").is_empty());
    }

    fn diag(code: &str, name: &str, start: usize) -> Diagnostic {
        Diagnostic {
            code: code.to_string(),
            name: name.to_string(),
            category: crate::model::Category::DontKnow,
            severity: crate::model::Severity::Warning,
            message: String::new(),
            start,
            end: start + 1,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 2,
            matched: String::new(),
            suggestions: Vec::new(),
        }
    }

    /// The definition: a finding is dropped when any directive applies to it; a directive is
    /// unused when it applies to none.
    fn apply_naive(directives: &[Directive], diags: &mut Vec<Diagnostic>) -> Vec<Directive> {
        let mut used = vec![false; directives.len()];
        diags.retain(|d| {
            let hits: Vec<usize> = (0..directives.len()).filter(|&i| directives[i].applies(d)).collect();
            hits.iter().for_each(|&i| used[i] = true);
            hits.is_empty()
        });
        directives.iter().zip(used).filter(|(_, u)| !u).map(|(d, _)| d.clone()).collect()
    }

    /// An enable naming one rule leaves other rules' blocks open, so their own enable still
    /// closes them.
    #[test]
    fn an_enable_closes_only_the_blocks_it_names() {
        let t = "<!-- tact-disable X2 -->\n<!-- tact-disable D101 -->\na\n<!-- tact-enable D101 -->\nb\n<!-- tact-enable X2 -->\nc\n";
        let ds = find(t);
        let x2 = ds.iter().find(|d| d.rules == ["X2"]).expect("X2 block");
        let d101 = ds.iter().find(|d| d.rules == ["D101"]).expect("D101 block");
        let (b, c) = (t.find("b\n").unwrap(), t.find("c\n").unwrap());
        assert!(d101.covers[0].1 < b, "D101 is on again before b");
        assert!(x2.covers[0].1 > b && x2.covers[0].1 < c, "X2 stays off over b and is on again before c");
    }

    #[test]
    fn the_sweep_agrees_with_the_definition() {
        // Lines mixing every form, naming codes, names, both cases and nothing.
        let pieces = [
            "plain line\n",
            "x # tact: ignore\n",
            "x # tact: ignore d101\n",
            "x # tact: ignore dont-know, X2\n",
            "<!-- tact-disable-next-line D101 -->\n",
            "<!-- tact-disable X2 -->\n",
            "<!-- tact-disable -->\n",
            "<!-- tact-enable X2 -->\n",
            "<!-- tact-enable -->\n",
            "<!-- tact: ignore -->y\n",
        ];
        let mut seed = 7u64;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let directives = find(&text);
            let mut diags = Vec::new();
            for (k, _) in text.char_indices().step_by(3) {
                let (code, name) = [("D101", "dont-know"), ("X2", "other"), ("D101", "x2")][k % 3];
                diags.push(diag(code, name, k));
            }
            let mut expected = diags.clone();
            let unused_expected = apply_naive(&directives, &mut expected);
            let unused = apply(&directives, &mut diags, Honour::All);
            assert_eq!(diags, expected, "{text}");
            assert_eq!(unused, unused_expected, "{text}");
        }
    }

    #[test]
    fn many_directives_on_one_line_are_each_read_to_the_next() {
        let t = "a # tact: ignore D101 # tact: ignore X2 #tact #tact: ignore".to_string();
        let found = find(&t);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].rules, ["D101"]);
        assert_eq!(found[1].rules, ["X2"]);
        assert!(found[2].rules.is_empty());
        assert_eq!(&t[found[0].start..found[0].end], "# tact: ignore D101");
        // Comments that do not close before another opens are not directives.
        let t = "<!-- tact-disable <!-- tact-disable X1 --> b".to_string();
        let found = find(&t);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rules, ["X1"]);
        assert_eq!(found[0].start, t.rfind("<!--").unwrap());
        assert!(find(&"<!--tact ".repeat(1000)).is_empty());
    }
}
