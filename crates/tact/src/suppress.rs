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

    fn applies(&self, d: &Diagnostic) -> bool {
        self.suppresses(&d.code, &d.name, d.start)
    }
}

fn parse_rules(s: &str) -> Vec<String> {
    s.split([' ', ',', '\t']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

/// Finds every directive in `text`. Cheap when there is none (one substring search).
pub(crate) fn find(text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    if !text.contains("tact") {
        return out;
    }
    let mut open: Vec<usize> = Vec::new(); // indices of open tact-disable blocks
    let mut pos = 0;
    // Built at the first `tact` (a word like "contact" is enough): one pass, then every
    // occurrence is placed by binary search, however many there are on one line.
    let mut lines: Option<LineIndex> = None;
    while let Some(i) = text[pos..].find("tact").map(|i| pos + i) {
        pos = i + 4;
        let lines = lines.get_or_insert_with(|| LineIndex::new(text));
        let line = lines.line(i);
        let (ls, le) = (lines.line_start(line), lines.full_line_range(line).end);
        let before = text[ls..i].trim_end();
        let (kind, rest_start, end) = if before.ends_with("<!--") {
            let Some(close) = text[i..le].find("-->").map(|c| i + c) else {
                continue;
            };
            let body = &text[i..close];
            let start = text[..i].rfind("<!--").unwrap_or(i);
            (body.to_string(), start, close + 3)
        } else if before.ends_with('#') {
            let start = text[..i].rfind('#').unwrap_or(i);
            let body = text[i..le].trim_end();
            (body.to_string(), start, i + body.len())
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
        if let Some(r) = kind.strip_prefix("tact-disable-next-line") {
            let next = lines.full_line_range(line + 1);
            out.push(d(DirectiveKind::DisableNextLine, parse_rules(r), vec![(next.start, next.end)]));
        } else if let Some(r) = kind.strip_prefix("tact-disable") {
            open.push(out.len());
            out.push(d(DirectiveKind::Disable, parse_rules(r), vec![(end, text.len())]));
        } else if let Some(r) = kind.strip_prefix("tact-enable") {
            let rules = parse_rules(r);
            for &o in &open {
                let dir = &mut out[o];
                if rules.is_empty() || dir.rules.is_empty() || dir.rules.iter().any(|x| rules.contains(x)) {
                    let (a, b) = dir.covers[0];
                    if b == text.len() && rest_start >= a {
                        dir.covers[0] = (a, rest_start);
                    }
                }
            }
            open.clear();
        } else if let Some(r) = kind.strip_prefix("tact:").map(str::trim_start).and_then(|k| k.strip_prefix("ignore")) {
            out.push(d(DirectiveKind::Ignore, parse_rules(r), vec![(ls, le)]));
        }
    }
    out
}

/// Drops the diagnostics a directive covers; returns the directives that suppressed nothing.
pub(crate) fn apply(directives: &[Directive], diags: &mut Vec<Diagnostic>) -> Vec<Directive> {
    let mut used = vec![false; directives.len()];
    diags.retain(|d| {
        let mut keep = true;
        for (i, dir) in directives.iter().enumerate() {
            if dir.applies(d) {
                used[i] = true;
                keep = false;
            }
        }
        keep
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
}
