//! Word sequences with gaps (`words:`), for languages with free word order.
//!
//! Syntax: steps separated by spaces; a step is `word`, `a|b|c` (any one of them) or `pre*` (any
//! word starting with `pre`); `~N` between two steps lets up to N other words stand between
//! them. Gaps never cross the end of a sentence.

use crate::normalize::normalize_phrase;
use unicode_segmentation::UnicodeSegmentation;

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
    Ok(Sequence { steps })
}

/// A word or sentence break of the normalized text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub start: u32,
    pub end: u32,
    pub brk: bool,
}

/// Splits normalized text into words and sentence breaks (UAX #29 word boundaries).
pub(crate) fn tokenize(norm: &str, out: &mut Vec<Token>) {
    out.clear();
    for (at, seg) in norm.split_word_bound_indices() {
        let brk = seg.contains(['.', '!', '?', ';', ':', '\n']);
        let word = seg.chars().any(char::is_alphanumeric);
        if word || brk {
            out.push(Token { start: at as u32, end: (at + seg.len()) as u32, brk: brk && !word });
        }
    }
}

fn step_matches(step: &Step, word: &str) -> bool {
    step.alts.iter().any(|a| if a.prefix { word.starts_with(&a.text) } else { word == a.text })
}

/// Tries to match `seq` with its first step at the token starting at normalized offset
/// `start`; returns the normalized span of the whole match.
pub(crate) fn match_at(seq: &Sequence, norm: &str, tokens: &[Token], start: usize) -> Option<(usize, usize)> {
    let first = tokens.binary_search_by_key(&(start as u32), |t| t.start).ok()?;
    let tok = tokens[first];
    if tok.brk || !step_matches(&seq.steps[0], &norm[tok.start as usize..tok.end as usize]) {
        return None;
    }
    let mut last = first;
    for step in &seq.steps[1..] {
        let mut skipped = 0;
        let mut j = last + 1;
        let found = loop {
            let t = tokens.get(j)?;
            if t.brk {
                return None;
            }
            let word = &norm[t.start as usize..t.end as usize];
            if step_matches(step, word) {
                break j;
            }
            // A later start of the sequence inside the gap gives a tighter match of its own.
            if step_matches(&seq.steps[0], word) {
                return None;
            }
            skipped += 1;
            if skipped > step.gap {
                return None;
            }
            j += 1;
        };
        last = found;
    }
    Some((tok.start as usize, tokens[last].end as usize))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalized;

    fn hits(pattern: &str, text: &str) -> Vec<String> {
        let seq = parse(pattern).unwrap();
        let mut n = Normalized::default();
        n.fill(text, text.len());
        let mut toks = Vec::new();
        tokenize(&n.text, &mut toks);
        toks.iter()
            .filter_map(|t| match_at(&seq, &n.text, &toks, t.start as usize))
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
