//! Built-in measured checks: what is not a phrase.
//!
//! Each check looks at the scanned lines of the original text (earlier mail, signature and `>`
//! lines excluded) and returns byte spans of its hits.

use crate::scope::Scope;
use serde::Deserialize;
use unicode_segmentation::UnicodeSegmentation;

/// A built-in measured check and its parameters, as a pack writes it (a one-key map,
/// `check: { shouting: {...} }`) and as the linter runs it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) enum Check {
    Shouting(#[serde(default)] ShoutingParams),
    PunctuationRun(#[serde(default)] PunctuationRunParams),
    UnnumberedQuestions(#[serde(default)] UnnumberedQuestionsParams),
    TooShort(#[serde(default)] TooShortParams),
}

/// Parameters of the `shouting` check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub(crate) struct ShoutingParams {
    pub min_letters: usize,
    pub min_ratio: f64,
    pub min_run_words: usize,
    pub max_acronym: usize,
}

impl Default for ShoutingParams {
    fn default() -> Self {
        ShoutingParams { min_letters: 20, min_ratio: 0.7, min_run_words: 5, max_acronym: 4 }
    }
}

/// Parameters of the `punctuation-run` check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub(crate) struct PunctuationRunParams {
    pub min_run: usize,
}

impl Default for PunctuationRunParams {
    fn default() -> Self {
        PunctuationRunParams { min_run: 3 }
    }
}

/// Parameters of the `unnumbered-questions` check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub(crate) struct UnnumberedQuestionsParams {
    pub min_questions: usize,
}

impl Default for UnnumberedQuestionsParams {
    fn default() -> Self {
        UnnumberedQuestionsParams { min_questions: 3 }
    }
}

/// Parameters of the `too-short` check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub(crate) struct TooShortParams {
    pub max_words: usize,
}

impl Default for TooShortParams {
    fn default() -> Self {
        TooShortParams { max_words: 3 }
    }
}

impl Check {
    /// The check's name as packs write it.
    pub fn name(&self) -> &'static str {
        match self {
            Check::Shouting(_) => "shouting",
            Check::PunctuationRun(_) => "punctuation-run",
            Check::UnnumberedQuestions(_) => "unnumbered-questions",
            Check::TooShort(_) => "too-short",
        }
    }

    /// Runs the check, appending hit spans to `out`.
    pub fn run(&self, text: &str, scope: &Scope, out: &mut Vec<(usize, usize)>) {
        match self {
            Check::Shouting(p) => shouting(p, text, scope, out),
            Check::PunctuationRun(p) => punctuation_run(p, text, scope, out),
            Check::UnnumberedQuestions(p) => questions(p, text, scope, out),
            Check::TooShort(p) => too_short(p, text, scope, out),
        }
    }
}

/// The scanned lines: (byte offset, line without its line break).
fn lines<'a>(text: &'a str, scope: &'a Scope) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let mut offset = 0;
    text[..scope.end].split_inclusive('\n').filter_map(move |line| {
        let at = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        (!content.trim_start().starts_with('>')).then_some((at, content))
    })
}

struct Word {
    start: usize,
    end: usize,
    letters: usize,
    upper: usize,
    all_caps: bool,
}

fn shouting(p: &ShoutingParams, text: &str, scope: &Scope, out: &mut Vec<(usize, usize)>) {
    // Cheap pre-check: a finding needs an all-caps word of more than `max_acronym` letters.
    if !may_shout(&text[..scope.end], p.max_acronym) {
        return;
    }
    let mut words: Vec<Option<Word>> = Vec::new(); // None: a break between runs
    for (at, line) in lines(text, scope) {
        for (i, w) in line.split_word_bound_indices() {
            if !w.chars().any(char::is_alphabetic) {
                if w.contains(['.', '!', '?', '\n', ',', ';', ':', '(', ')']) {
                    words.push(None);
                }
                continue;
            }
            // Redactions (XXXX) and words with digits are ignored entirely.
            if w.chars().any(|c| c.is_ascii_digit()) || (w.len() >= 2 && w.chars().all(|c| c == 'X')) {
                continue;
            }
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let upper = w.chars().filter(|c| c.is_uppercase()).count();
            words.push(Some(Word { start: at + i, end: at + i + w.len(), letters, upper, all_caps: upper == letters }));
        }
        words.push(None);
    }
    // Short all-caps words count as capitals only inside a run of all-caps words that holds a
    // longer one ("WHERE IS MY REFUND"); alone they are acronyms (ATM, IBAN) and are ignored.
    let (mut letters, mut upper) = (0usize, 0usize);
    let mut caps_spans: Vec<(usize, usize)> = Vec::new();
    // (word count, span) of the longest all-caps run.
    let mut longest_run = (0, (0, 0));
    let mut i = 0;
    while i < words.len() {
        match &words[i] {
            Some(w) if w.all_caps => {
                let mut j = i;
                while let Some(Some(w)) = words.get(j) {
                    if !w.all_caps {
                        break;
                    }
                    j += 1;
                }
                let run: Vec<&Word> = words[i..j].iter().flatten().collect();
                let real = run.iter().any(|w| w.letters > p.max_acronym);
                if real {
                    letters += run.iter().map(|w| w.letters).sum::<usize>();
                    upper += run.iter().map(|w| w.upper).sum::<usize>();
                    let span = (run[0].start, run[run.len() - 1].end);
                    caps_spans.push(span);
                    if run.len() > longest_run.0 {
                        longest_run = (run.len(), span);
                    }
                }
                i = j.max(i + 1);
            }
            Some(w) => {
                letters += w.letters;
                upper += w.upper;
                i += 1;
            }
            None => i += 1,
        }
    }
    if caps_spans.is_empty() {
        return;
    }
    let ratio_hit = letters >= p.min_letters && upper as f64 >= p.min_ratio * letters as f64;
    if ratio_hit {
        // Mostly capitals: from the first all-caps run to the last.
        out.push((caps_spans[0].0, caps_spans[caps_spans.len() - 1].1));
    } else if longest_run.0 >= p.min_run_words {
        // A shouted stretch in otherwise normal text: just that stretch.
        out.push(longest_run.1);
    }
}

/// Can `text` hold a word (as Unicode word segmentation finds them) of more than
/// `max_acronym` letters, all of them capitals, that is not all `X`? Such a word lies inside
/// one stretch of text between ASCII characters that never occur inside a word (anything but
/// letters, digits, `_`, `.`, `:`, `'`, `,` and `;`), and each of its letters is a character
/// that is not lower case. So a stretch must hold more than `max_acronym` characters that are
/// ASCII capitals or non-ASCII and not lower case, and a character other than `X`: a stretch of
/// nothing but `X` holds only all-`X` words (redactions), which the check ignores.
fn may_shout(text: &str, max_acronym: usize) -> bool {
    let b = text.as_bytes();
    let (mut caps, mut other) = (0usize, false);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c >= 0x80 {
            let ch = text[i..].chars().next().expect("i is on a char boundary");
            caps += usize::from(!ch.is_lowercase());
            other = true;
            i += ch.len_utf8();
            continue;
        }
        if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'\'' | b',' | b';') {
            caps += usize::from(c.is_ascii_uppercase());
            other |= c != b'X';
        } else {
            if caps > max_acronym && other {
                return true;
            }
            (caps, other) = (0, false);
        }
        i += 1;
    }
    caps > max_acronym && other
}

fn punctuation_run(p: &PunctuationRunParams, text: &str, scope: &Scope, out: &mut Vec<(usize, usize)>) {
    for (at, line) in lines(text, scope) {
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'!' || b[i] == b'?' {
                let s = i;
                while i < b.len() && (b[i] == b'!' || b[i] == b'?') {
                    i += 1;
                }
                if i - s >= p.min_run.max(2) {
                    out.push((at + s, at + i));
                }
            } else {
                i += 1;
            }
        }
    }
}

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with(['-', '*', '•', '–', '·']) {
        return true;
    }
    let head: String = t.chars().take_while(|c| c.is_alphanumeric()).collect();
    let rest = &t[head.len()..];
    let short = !head.is_empty() && (head.chars().all(|c| c.is_ascii_digit()) || head.chars().count() == 1);
    short && (rest.starts_with(". ") || rest.starts_with(") ") || rest.starts_with(".)") || rest.starts_with(':'))
}

fn questions(p: &UnnumberedQuestionsParams, text: &str, scope: &Scope, out: &mut Vec<(usize, usize)>) {
    if memchr::memchr_iter(b'?', &text.as_bytes()[..scope.end]).count() < p.min_questions.max(1) {
        return;
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (at, line) in lines(text, scope) {
        if is_list_item(line) {
            continue;
        }
        let mut sentence_start: Option<usize> = None;
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if sentence_start.is_none() && !c.is_ascii_whitespace() && !b".!?".contains(&c) {
                sentence_start = Some(i);
            }
            if c == b'?' {
                let mut j = i;
                while j < b.len() && (b[j] == b'?' || b[j] == b'!') {
                    j += 1;
                }
                // A '?' inside a URL or word (e.g. "page?id=1") is not the end of a question.
                if j == b.len() || b[j].is_ascii_whitespace() || b"\")'".contains(&b[j]) {
                    if let Some(s) = sentence_start.take() {
                        spans.push((at + s, at + j));
                    }
                }
                i = j;
                continue;
            }
            if c == b'.' || c == b'!' {
                sentence_start = None;
            }
            i += 1;
        }
    }
    if spans.len() >= p.min_questions.max(1) {
        out.push((spans[0].0, spans[spans.len() - 1].1));
    }
}

fn too_short(p: &TooShortParams, text: &str, scope: &Scope, out: &mut Vec<(usize, usize)>) {
    // Cheap pre-check: far more white-space separated tokens than words allowed (handles and
    // punctuation included) cannot be a short message.
    if text[..scope.end].split_ascii_whitespace().nth(p.max_words * 3 + 8).is_some() {
        return;
    }
    let mut count = 0;
    let mut span: Option<(usize, usize)> = None;
    for (at, line) in lines(text, scope) {
        for (i, w) in line.unicode_word_indices() {
            // `@user` handles are addressing, not content.
            if line[..i].ends_with('@') {
                continue;
            }
            count += 1;
            if count > p.max_words {
                return;
            }
            let (s, e) = (at + i, at + i + w.len());
            span = Some(span.map_or((s, e), |(a, _)| (a, e)));
        }
    }
    if let Some((s, e)) = span {
        // Extend to trailing punctuation on the same line so "Help!" is matched whole.
        let tail = text[e..scope.end].find(|c: char| c.is_whitespace() || c.is_alphanumeric()).unwrap_or(scope.end - e);
        out.push((s, e + tail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(check: Check, text: &str) -> Vec<&str> {
        let mut scope = Scope::default();
        scope.fill(text);
        let mut out = Vec::new();
        check.run(text, &scope, &mut out);
        out.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn shouting_ignores_redactions_and_acronyms() {
        let s = || Check::Shouting(ShoutingParams::default());
        assert_eq!(
            run(s(), "WHERE IS MY REFUND? I HAVE WAITED FOR WEEKS"),
            ["WHERE IS MY REFUND? I HAVE WAITED FOR WEEKS"]
        );
        assert!(run(s(), "On XX/XX/XXXX I called XXXX XXXX about my ATM card and IBAN.").is_empty());
        assert!(run(s(), "My IBAN is wrong and the ATM ate my card, please help me today").is_empty());
        assert_eq!(
            run(s(), "Hello, I need help. THIS IS THE THIRD TIME I AM ASKING"),
            ["THIS IS THE THIRD TIME I AM ASKING"]
        );
        assert_eq!(run(s(), "IDENTITY XXXX XXXX THEFT, then normal text follows for a long while. PLEASE FIX THIS RIGHT NOW OR ELSE."), ["PLEASE FIX THIS RIGHT NOW OR ELSE"]);
    }

    #[test]
    fn questions_and_lists() {
        let q = || Check::UnnumberedQuestions(UnnumberedQuestionsParams::default());
        assert_eq!(run(q(), "Where is it? Why so slow? Who pays? Thanks."), ["Where is it? Why so slow? Who pays?"]);
        assert!(run(q(), "1. Where is it?\n2. Why so slow?\n3. Who pays?").is_empty());
        assert!(run(q(), "See https://x.y/?a=1 and https://x.y/?b=2 or https://x.y/?c=3").is_empty());
    }

    #[test]
    fn short_and_punctuation() {
        let t = || Check::TooShort(TooShortParams::default());
        assert_eq!(run(t(), "Help!"), ["Help!"]);
        assert_eq!(run(t(), "@user I did."), ["I did."]);
        assert!(run(t(), "My order 123 never arrived, please check").is_empty());
        let p = Check::PunctuationRun(PunctuationRunParams::default());
        assert_eq!(run(p, "Why?!? Now!!"), ["?!?"]);
    }
}
