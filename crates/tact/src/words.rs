//! Word sequences with gaps (`words:`), for languages with free word order.
//!
//! Syntax: steps separated by spaces; a step is `word`, `a|b|c` (any one of them) or `pre*` (any
//! word starting with `pre`); `~N` between two steps lets up to N other words stand between
//! them. Gaps never cross the end of a sentence.

use crate::normalize::normalize_phrase;

/// One alternative of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alt {
    /// Normalized word (or prefix).
    pub text: String,
    /// Matches any word starting with `text`.
    pub prefix: bool,
}

/// One step of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub alts: Vec<Alt>,
    /// How many other words may stand before this step (after the previous one).
    pub gap: usize,
}

/// A parsed word sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sequence {
    pub steps: Vec<Step>,
}

/// Parses a `words` entry; the error says what is wrong.
pub(crate) fn parse(src: &str) -> Result<Sequence, String> {
    let mut steps: Vec<Step> = Vec::new();
    let mut pending_gap: Option<usize> = None;
    for tok in src.split_whitespace() {
        if let Some(n) = tok.strip_prefix('~') {
            let n: usize = n
                .parse()
                .ok()
                .filter(|n| *n <= 9)
                .ok_or_else(|| format!("`{tok}` is not a gap: write `~N` with N from 0 to 9"))?;
            if steps.is_empty() {
                return Err(format!("`{tok}` cannot start a word sequence"));
            }
            if pending_gap.replace(n).is_some() {
                return Err(format!("two gaps in a row before `{tok}`"));
            }
            continue;
        }
        let mut alts = Vec::new();
        for alt in tok.split('|') {
            let (word, prefix) = match alt.strip_suffix('*') {
                Some(w) => (w, true),
                None => (alt, false),
            };
            let text = normalize_phrase(word);
            if text.is_empty() {
                return Err(format!("empty word in step `{tok}`"));
            }
            if text.contains(' ') || text.contains('*') || text.contains('~') {
                return Err(format!("`{alt}` in step `{tok}` is not a single word"));
            }
            alts.push(Alt { text, prefix });
        }
        steps.push(Step { alts, gap: pending_gap.take().unwrap_or(0) });
    }
    if pending_gap.is_some() {
        return Err("a word sequence cannot end with a gap".to_string());
    }
    if steps.is_empty() {
        return Err("empty word sequence".to_string());
    }
    if steps.len() > 16 {
        return Err("a word sequence has at most 16 steps".to_string());
    }
    Ok(Sequence { steps })
}

/// Is `c` part of a word in a word sequence (letters, digits, combining diacritics)?
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&c)
}

/// Does `c`, between two words, end a sentence (or paragraph)?
fn is_break(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | ':' | '\n' | '…')
}

/// The word starting at byte `at` of `norm` (empty if none starts there).
fn word_at(norm: &str, at: usize) -> &str {
    let end = norm[at..].char_indices().find(|&(_, c)| !is_word(c)).map_or(norm.len(), |(i, _)| at + i);
    &norm[at..end]
}

/// From byte `at`, skips to the next word: `None` at the end of the text or when a sentence
/// break lies in between; else the start of the next word.
fn next_word(norm: &str, at: usize) -> Option<usize> {
    for (i, c) in norm[at..].char_indices() {
        if is_word(c) {
            return Some(at + i);
        }
        if is_break(c) {
            return None;
        }
    }
    None
}

fn step_matches(step: &Step, word: &str) -> bool {
    step.alts.iter().any(|a| if a.prefix { word.starts_with(&a.text) } else { word == a.text })
}

/// Tries to match `seq` with its first step at normalized offset `start`, reading words
/// forward from there only (no whole-text tokenization); returns the normalized span.
pub(crate) fn match_at(seq: &Sequence, norm: &str, start: usize) -> Option<(usize, usize)> {
    if norm[..start].chars().next_back().is_some_and(is_word) {
        return None;
    }
    let first = word_at(norm, start);
    if first.is_empty() || !step_matches(&seq.steps[0], first) {
        return None;
    }
    let mut end = start + first.len();
    // The first later word that could start the sequence again, inside a gap.
    let mut restart: Option<usize> = None;
    for step in &seq.steps[1..] {
        let mut skipped = 0;
        loop {
            let at = next_word(norm, end)?;
            let word = word_at(norm, at);
            end = at + word.len();
            if step_matches(step, word) {
                break;
            }
            if restart.is_none() && step_matches(&seq.steps[0], word) {
                restart = Some(at);
            }
            skipped += 1;
            if skipped > step.gap {
                return None;
            }
        }
    }
    // "you, you have to": when the later start matches too, it is the tighter match and is
    // reported on its own; this one steps aside.
    if restart.is_some_and(|r| match_at(seq, norm, r).is_some()) {
        return None;
    }
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalized;

    fn hits(pattern: &str, text: &str) -> Vec<String> {
        let seq = parse(pattern).unwrap();
        let mut n = Normalized::default();
        n.fill(text, text.len());
        n.text
            .char_indices()
            .filter_map(|(i, _)| match_at(&seq, &n.text, i))
            .map(|(s, e)| {
                let (s, e) = n.original_span(text, s, e);
                text[s..e].to_string()
            })
            .collect()
    }

    #[test]
    fn german_word_order() {
        let p = "weiß|wissen ~3 nicht";
        assert_eq!(hits(p, "Ich weiß es nicht."), ["weiß es nicht"]);
        assert_eq!(hits(p, "Das weiß ich leider nicht"), ["weiß ich leider nicht"]);
        assert_eq!(hits(p, "Weiß ich nicht"), ["Weiß ich nicht"]);
        assert!(hits(p, "Ich weiß. Es ist nicht schlimm.").is_empty());
        assert!(hits(p, "Ich weiß, dass es heute leider wohl nicht klappt").is_empty());
    }

    #[test]
    fn prefers_the_tightest_match() {
        assert_eq!(hits("you ~1 have ~1 to", "as I told you, you have to wait"), ["you have to"]);
        // ... but a gap word that merely looks like a start does not stop the match.
        assert_eq!(hits("aa ~1 bb ~1 cc", "aa bb aa cc"), ["aa bb aa cc"]);
        assert_eq!(
            hits("te ~1 ei ~1 tea ~2 millest ~1 räägite", "Te ei tea, millest te räägite."),
            ["Te ei tea, millest te räägite"]
        );
    }

    #[test]
    fn prefixes_and_errors() {
        assert_eq!(hits("versprech* ~2 nie", "Ich verspreche Ihnen, nie wieder"), ["verspreche Ihnen, nie"]);
        assert!(parse("~2 a").is_err());
        assert!(parse("a ~2").is_err());
        assert!(parse("a ~x b").is_err());
        assert!(parse("a ~1 ~2 b").is_err());
    }
}
