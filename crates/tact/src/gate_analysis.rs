//! The gate analysis of a rule regex: which literal pieces every match contains, or failing
//! that which bytes every match starts with (see [`analyse`]). Depends only on `regex-syntax`
//! and `chars.rs`, so `build.rs` runs the same code over the built-in packs and the linter
//! looks their gates up instead of working them out on every start.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The gate of a regex: literal pieces, normalized as message text is, at least one of which
/// the normalized text must contain for the regex to have any chance of matching. The regex
/// then runs only on messages where the phrase automaton (which runs anyway) found a piece,
/// instead of on every message. `None` when there is no such set of pieces of 3 bytes or more;
/// the regex then runs on every message.
///
/// The pieces are the regex's *required factors*: worked out over its syntax tree, a set of
/// strings such that every match contains one of them (a literal run anywhere in the regex,
/// not only a prefix or suffix: `(?m)^[ \t]*(?:Wrong|WRONG)[ \t]*$` has `wrong`). Each node's
/// strings are taken in their normalized form ([`fold`]), so case variants (`[Hh]`) and white
/// space classes (`\s+`, all one separator once normalized) add no alternatives.
///
/// Why this is sound: normalization works character by character (lower-casing, dropping
/// apostrophes and invisible characters, folding white space runs), so when the original text
/// contains a string, the normalized text contains the string's normalized pieces between
/// white space, with one exception: a combining mark composes with the letter before it. So a
/// string never takes a combining mark from the regex (such a node has no strings), and a piece
/// loses its last character where what follows it in a match may start with a combining mark,
/// an apostrophe or an invisible character (through which a later mark would compose).
fn pieces_of(hir: &Hir) -> Option<Vec<String>> {
    let f = facts(hir, true);
    best(f.req, f.exact.and_then(|e| pieces(&e, true)))
}

/// The most strings a node's exact set may hold.
const MAX_SET: usize = 64;

/// What the gate analysis knows about one node of a regex.
struct Facts {
    /// Every normalized string the node can match (a space stands for any white space), when
    /// there are at most [`MAX_SET`].
    exact: Option<Vec<String>>,
    /// The best pieces found inside the node: every match of it contains one (normalized).
    req: Option<Vec<String>>,
}

/// A character as normalization writes it: `None` for a combining mark (which composes with
/// what comes before it), `Some("")` for what it drops, `Some(" ")` for white space.
fn fold(c: char) -> Option<String> {
    use crate::chars::{is_apostrophe, is_invisible};
    if c.is_ascii() {
        return Some(match c {
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' => " ".to_string(),
            '\'' | '`' => String::new(),
            c => c.to_ascii_lowercase().to_string(),
        });
    }
    if ('\u{300}'..='\u{36F}').contains(&c) {
        return None;
    }
    if is_invisible(c) || is_apostrophe(c) {
        return Some(String::new());
    }
    if c.is_whitespace() {
        return Some(" ".to_string());
    }
    Some(match c {
        'ß' | 'ẞ' => "ss".to_string(),
        'ς' => "σ".to_string(),
        c => c.to_lowercase().collect(),
    })
}

/// Can a match of `hir` start with a character after which a combining mark would compose
/// into the letter before the match (a combining mark itself, or something normalization
/// drops)?
fn starts_unsafe(hir: &Hir) -> bool {
    use crate::chars::{is_apostrophe, is_invisible};
    let bad = |c: char| ('\u{300}'..='\u{36F}').contains(&c) || is_invisible(c) || is_apostrophe(c);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0).map_or(true, |t| t.chars().next().is_some_and(bad)),
        HirKind::Class(Class::Unicode(c)) => {
            c.ranges().iter().any(|r| UNSAFE.iter().any(|&(a, b)| r.start() <= b && a <= r.end()))
        }
        HirKind::Class(Class::Bytes(c)) => {
            c.ranges().iter().any(|r| r.end() >= 0x80 || (r.start()..=r.end()).any(|b| b == b'\'' || b == b'`'))
        }
        HirKind::Repetition(r) => starts_unsafe(&r.sub),
        HirKind::Capture(c) => starts_unsafe(&c.sub),
        HirKind::Concat(subs) => {
            for s in subs {
                if starts_unsafe(s) {
                    return true;
                }
                if !can_be_empty(s) {
                    return false;
                }
            }
            false
        }
        HirKind::Alternation(subs) => subs.iter().any(starts_unsafe),
    }
}

/// Every character [`starts_unsafe`] looks for: combining marks, and what normalization drops
/// (apostrophes, invisible characters; see `normalize.rs`).
const UNSAFE: &[(char, char)] = &[
    ('\'', '\''),
    ('`', '`'),
    ('\u{B4}', '\u{B4}'),
    ('\u{AD}', '\u{AD}'),
    ('\u{2B9}', '\u{2BD}'),
    ('\u{2C8}', '\u{2C8}'),
    ('\u{2CA}', '\u{2CB}'),
    ('\u{300}', '\u{36F}'),
    ('\u{55A}', '\u{55A}'),
    ('\u{5F3}', '\u{5F3}'),
    ('\u{61C}', '\u{61C}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{17B4}', '\u{17B5}'),
    ('\u{180B}', '\u{180F}'),
    ('\u{1FBD}', '\u{1FBD}'),
    ('\u{1FBF}', '\u{1FBF}'),
    ('\u{1FEF}', '\u{1FEF}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{2018}', '\u{201B}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2032}', '\u{2035}'),
    ('\u{2060}', '\u{206F}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{A78C}', '\u{A78C}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FF07}', '\u{FF07}'),
    ('\u{FF40}', '\u{FF40}'),
    ('\u{FFA0}', '\u{FFA0}'),
    ('\u{FFF0}', '\u{FFF8}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0000}', '\u{E0FFF}'),
];

fn can_be_empty(hir: &Hir) -> bool {
    hir.properties().minimum_len() == Some(0)
}

/// The strings of a class, normalized, when it has few characters.
fn class_strings(class: &Class) -> Option<Vec<String>> {
    let mut chars: Vec<char> = Vec::new();
    match class {
        Class::Unicode(c) => {
            let mut count = 0;
            for r in c.ranges() {
                count += r.end() as usize - r.start() as usize + 1;
                if count > 256 {
                    return None;
                }
            }
            for r in c.ranges() {
                chars.extend(r.start()..=r.end());
            }
        }
        Class::Bytes(c) => {
            for r in c.ranges() {
                if r.end() >= 0x80 {
                    return None;
                }
                chars.extend((r.start()..=r.end()).map(char::from));
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    for c in chars {
        let f = fold(c)?;
        if !out.contains(&f) {
            out.push(f);
        }
        if out.len() > 16 {
            return None;
        }
    }
    Some(out)
}

/// Every concatenation of a string of `a` and one of `b`, or `None` above [`MAX_SET`].
fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            let s = format!("{x}{y}");
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    Some(out)
}

/// The pieces of a set of strings one of which every match holds: per string, its longest
/// stretch between spaces (the last one shortened by a character when `trim_end`: what follows
/// may compose with it), at least 3 bytes, or `None`.
fn pieces(set: &[String], trim_end: bool) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for s in set {
        let parts: Vec<&str> = s.split(' ').collect();
        let last = parts.len() - 1;
        let piece = parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i == last && trim_end {
                    let mut p = p.to_string();
                    p.pop();
                    p
                } else {
                    p.to_string()
                }
            })
            .max_by_key(String::len)?;
        if piece.len() < 3 {
            return None;
        }
        out.push(piece);
    }
    out.sort();
    out.dedup();
    // A piece that contains another piece adds nothing: finding the shorter one suffices.
    let all = out.clone();
    out.retain(|p| !all.iter().any(|q| q != p && p.contains(q.as_str())));
    Some(out)
}

/// The better of two piece sets: the longer shortest piece, then the fewer pieces.
fn best(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    let key = |p: &Vec<String>| (p.iter().map(String::len).min().unwrap_or(0), std::cmp::Reverse(p.len()));
    match (a, b) {
        (Some(a), Some(b)) => Some(if key(&b) > key(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The facts of `hir`, where `follow_unsafe` says whether what follows a match of it may start
/// unsafely (see [`starts_unsafe`]).
fn facts(hir: &Hir, follow_unsafe: bool) -> Facts {
    let none = Facts { exact: None, req: None };
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Facts { exact: Some(vec![String::new()]), req: None },
        HirKind::Literal(lit) => {
            let Ok(text) = std::str::from_utf8(&lit.0) else { return none };
            let mut s = String::new();
            for c in text.chars() {
                match fold(c) {
                    Some(f) => s.push_str(&f),
                    None => return none,
                }
            }
            Facts { exact: Some(vec![s]), req: None }
        }
        HirKind::Class(c) => Facts { exact: class_strings(c), req: None },
        HirKind::Capture(c) => facts(&c.sub, follow_unsafe),
        HirKind::Repetition(r) => {
            let again = r.max != Some(1) && starts_unsafe(&r.sub);
            let f = facts(&r.sub, follow_unsafe || again);
            let spaces = f.exact.as_ref().is_some_and(|e| e.iter().all(|s| s.is_empty() || s == " "));
            let exact = match &f.exact {
                // A run of white space is one separator, however long.
                Some(e) if spaces => {
                    let mut e = e.clone();
                    if r.min == 0 && !e.iter().any(String::is_empty) {
                        e.push(String::new());
                    }
                    Some(e)
                }
                Some(e) if r.min == 1 && r.max == Some(1) => Some(e.clone()),
                Some(e) if r.min == 0 && r.max == Some(1) => {
                    let mut e = e.clone();
                    if !e.iter().any(String::is_empty) {
                        e.push(String::new());
                    }
                    Some(e)
                }
                _ => None,
            };
            let req =
                if r.min >= 1 { best(f.req, f.exact.and_then(|e| pieces(&e, follow_unsafe || again))) } else { None };
            Facts { exact, req }
        }
        HirKind::Concat(subs) => {
            // follow[k]: can what starts at child k (then the rest) start unsafely?
            let mut follow = vec![follow_unsafe; subs.len() + 1];
            for k in (0..subs.len()).rev() {
                let own = starts_unsafe(&subs[k]);
                follow[k] = own || (can_be_empty(&subs[k]) && follow[k + 1]);
            }
            let mut req: Option<Vec<String>> = None;
            let mut run: Option<Vec<String>> = Some(vec![String::new()]);
            let mut all_exact = true;
            for (k, sub) in subs.iter().enumerate() {
                let f = facts(sub, follow[k + 1]);
                req = best(req, f.req);
                match f.exact {
                    Some(e) => {
                        let current = run.take().unwrap_or_else(|| vec![String::new()]);
                        match product(&current, &e) {
                            Some(p) => run = Some(p),
                            None => {
                                all_exact = false;
                                req = best(req, pieces(&current, follow[k]));
                                run = Some(e);
                            }
                        }
                    }
                    None => {
                        all_exact = false;
                        if let Some(current) = run.take() {
                            req = best(req, pieces(&current, follow[k]));
                        }
                    }
                }
            }
            if let Some(current) = &run {
                req = best(req, pieces(current, follow_unsafe));
            }
            Facts { exact: if all_exact { run } else { None }, req }
        }
        HirKind::Alternation(subs) => {
            let mut exact: Option<Vec<String>> = Some(Vec::new());
            let mut req: Option<Vec<String>> = Some(Vec::new());
            for sub in subs {
                let f = facts(sub, follow_unsafe);
                let own = best(f.req, f.exact.as_ref().and_then(|e| pieces(e, follow_unsafe)));
                exact = match (exact, f.exact) {
                    (Some(mut all), Some(e)) => {
                        for s in e {
                            if !all.contains(&s) {
                                all.push(s);
                            }
                        }
                        (all.len() <= MAX_SET).then_some(all)
                    }
                    _ => None,
                };
                req = match (req, own) {
                    (Some(mut all), Some(p)) => {
                        all.extend(p);
                        Some(all)
                    }
                    _ => None,
                };
            }
            let req = req.and_then(|mut all| {
                all.sort();
                all.dedup();
                let copy = all.clone();
                all.retain(|p| !copy.iter().any(|q| q != p && p.contains(q.as_str())));
                (!all.is_empty()).then_some(all)
            });
            Facts { exact, req }
        }
    }
}

/// The first bytes of a regex's matches, when there are at most six of them (a regex such as
/// `[{\[<%](?:…)` that has no literal long enough for the automaton): a gate of a few byte
/// searches.
fn first_bytes(hir: &regex_syntax::hir::Hir) -> Option<Vec<u8>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let mut bytes = Vec::new();
    for lit in seq.literals()? {
        bytes.push(*lit.as_bytes().first()?);
    }
    bytes.sort_unstable();
    bytes.dedup();
    (!bytes.is_empty() && bytes.len() <= 6).then_some(bytes)
}

/// What the analysis found for one regex source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Analysis {
    /// Nothing that gates it (or it does not parse): run it on every message.
    Always,
    /// Automaton pieces: every match contains one of them (normalized).
    Pieces(Vec<String>),
    /// Every match starts with one of these bytes.
    Bytes(Vec<u8>),
}

/// The gate analysis of one regex source, from one parse: pieces where it has them, else a few
/// first bytes, else none.
pub(crate) fn analyse(source: &str) -> Analysis {
    let Ok(hir) = regex_syntax::Parser::new().parse(source) else {
        return Analysis::Always;
    };
    match pieces_of(&hir) {
        Some(pieces) => Analysis::Pieces(pieces),
        None => first_bytes(&hir).map_or(Analysis::Always, Analysis::Bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::UNSAFE;

    /// [`UNSAFE`] holds every character normalization drops or composes.
    #[test]
    fn unsafe_characters_are_listed() {
        use crate::chars::{is_apostrophe, is_invisible};
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if ('\u{300}'..='\u{36F}').contains(&c) || is_invisible(c) || is_apostrophe(c) {
                assert!(UNSAFE.iter().any(|&(a, b)| (a..=b).contains(&c)), "{c:?}");
            }
        }
    }
}
