//! Word sequences with gaps (`words:`), for languages with free word order.
//!
//! Syntax: steps separated by spaces; a step is `word`, `a|b|c` (any one of them), `pre*` (any
//! word starting with `pre`), `*end` (any word ending in `end`: the last part of a compound) or
//! `*part*` (any word containing `part`), optional when written with a trailing `?`; `~N`
//! between two steps lets up to N other words stand between them. Gaps never cross the end of
//! a sentence.

use crate::normalize::normalize_phrase;
use std::collections::HashMap;

/// One alternative of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alt {
    /// Normalized word (or prefix).
    pub text: String,
    /// Matches any word starting with `text` (`pre*`).
    pub prefix: bool,
    /// Matches `text` inside a word, not only at its start (`*end`, `*part*`): found anywhere
    /// in the text, not only where a word starts.
    pub inner: bool,
}

impl Alt {
    /// Does the whole word `word` fit this alternative?
    pub(crate) fn matches(&self, word: &str) -> bool {
        match (self.inner, self.prefix) {
            (false, false) => word == self.text,
            (false, true) => word.starts_with(&self.text),
            (true, false) => word.ends_with(&self.text),
            (true, true) => word.contains(&self.text),
        }
    }
}

/// The fewest characters the text of an inner alternative (`*end`, `*part*`) may have: it is
/// searched inside every word, so a short one would match almost anywhere.
const MIN_INNER: usize = 3;

/// One step of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub alts: Vec<Alt>,
    /// How many other words may stand before this step (after the previous one).
    pub gap: usize,
}

/// Where the first word of a sequence must stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// Anywhere.
    None,
    /// At a sentence start (`^`).
    Sentence,
    /// At a clause start (`^,`): a sentence start or after `,`, `;`, `:` or a dash.
    Clause,
}

/// A parsed word sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sequence {
    pub steps: Vec<Step>,
    /// Written with a leading `^` (or `^,`): where the first word must stand.
    pub anchored: Anchor,
    /// Written with a trailing `$`: the last word must end a sentence.
    pub ends: bool,
}

/// A class member of several words: per word, its alternatives.
pub(crate) type Run = Vec<Vec<Alt>>;

/// The runs of several words a step's classes bring.
type Runs = Vec<Run>;

/// A written step of a `words` entry: the step of its one-word alternatives, the runs its
/// classes bring, and whether it is optional (`word?`).
struct Written {
    step: Step,
    runs: Runs,
    optional: bool,
}

/// A word class: its one-word members as alternatives, and its members of several words
/// (`our team`), each a run of steps with no gap between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Class {
    pub words: Vec<Alt>,
    pub runs: Vec<Run>,
}

/// What step parsing needs besides the step itself: the word classes in scope (`@name`) and
/// the language's other spellings of its letters (`ä` typed as `ae` or `a`), whose variants are
/// added to every word.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Vocab<'a> {
    /// Word classes by name, each a list of alternatives.
    pub classes: Option<&'a HashMap<String, Class>>,
    /// Spelling schemes: each maps some letters to what people type instead.
    pub spellings: &'a [&'a [(char, &'a str)]],
}

impl Vocab<'_> {
    /// `text` and its spelling variants (each scheme applied to every letter it maps).
    pub(crate) fn variants(&self, text: &str) -> Vec<String> {
        let mut out = vec![text.to_string()];
        for scheme in self.spellings {
            if !text.chars().any(|c| scheme.iter().any(|(from, _)| *from == c)) {
                continue;
            }
            let mut v = String::with_capacity(text.len() + 4);
            for c in text.chars() {
                match scheme.iter().find(|(from, _)| *from == c) {
                    Some((_, to)) => v.push_str(to),
                    None => v.push(c),
                }
            }
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }
}

/// The most alternatives one step may expand to (suffix groups, classes and spellings).
const MAX_ALTS: usize = 512;

/// Splits `s` at `sep` outside parentheses.
fn split_top(s: &str, sep: char) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0usize, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c == sep && depth == 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// Expands endings groups: `kirjuta(n|te|)` is `kirjutan`, `kirjutate`, `kirjuta`; groups may
/// repeat (`(ge|ke)(gi|)`), not nest.
fn expand_endings(word: &str) -> Result<Vec<String>, String> {
    let mut out = vec![String::new()];
    let mut rest = word;
    while let Some(open) = rest.find('(') {
        let close = rest[open..].find(')').map(|i| open + i).ok_or_else(|| format!("`{word}` has an unclosed `(`"))?;
        let group = &rest[open + 1..close];
        if group.contains('(') {
            return Err(format!("`{word}`: endings groups do not nest"));
        }
        let head = &rest[..open];
        let mut next = Vec::new();
        for o in &out {
            for ending in group.split('|') {
                next.push(format!("{o}{head}{ending}"));
            }
        }
        if next.len() > MAX_ALTS {
            return Err(format!("`{word}` expands to more than {MAX_ALTS} words"));
        }
        out = next;
        rest = &rest[close + 1..];
    }
    if rest.contains(')') {
        return Err(format!("`{word}` has a `)` without `(`"));
    }
    for o in &mut out {
        o.push_str(rest);
    }
    Ok(out)
}

/// Parses one clause slot (or one word of a class member): alternatives separated by `|`,
/// each `word`, `stem(a|b|)`, `pre*`, `*end`, `*part*` or `@class`, one word each.
pub(crate) fn parse_alts(tok: &str, vocab: &Vocab<'_>) -> Result<Vec<Alt>, String> {
    let (alts, runs) = parse_step(tok, vocab)?;
    if let Some(run) = runs.first() {
        let words: Vec<&str> = run.iter().filter_map(|w| w.first()).map(|a| a.text.as_str()).collect();
        return Err(format!(
            "`{tok}` has a class member of several words (`{}`): such a class can be a step of a `words` entry, not a clause slot",
            words.join(" ")
        ));
    }
    Ok(alts)
}

/// A class member: one word (its alternatives) or several (`our team`: a run of steps).
pub(crate) fn parse_member(member: &str, vocab: &Vocab<'_>) -> Result<Class, String> {
    let parts: Vec<&str> = member.split_whitespace().collect();
    if parts.len() <= 1 {
        return Ok(Class { words: parse_alts(member, vocab)?, runs: Vec::new() });
    }
    if parts.len() > MAX_RUN {
        return Err(format!("member `{member}` has more than {MAX_RUN} words"));
    }
    let run = parts.iter().map(|w| parse_alts(w, vocab)).collect::<Result<Vec<_>, _>>()?;
    Ok(Class { words: Vec::new(), runs: vec![run] })
}

/// The most words a class member may have.
const MAX_RUN: usize = 4;

/// Parses one step of a `words` entry: its one-word alternatives and the runs of several
/// words that its classes bring (`@subject` with the member `our team`).
fn parse_step(tok: &str, vocab: &Vocab<'_>) -> Result<(Vec<Alt>, Runs), String> {
    let mut runs: Runs = Vec::new();
    let mut alts: Vec<Alt> = Vec::new();
    let push = |alt: Alt, alts: &mut Vec<Alt>| {
        if !alts.contains(&alt) {
            alts.push(alt);
        }
    };
    for alt in split_top(tok, '|') {
        if let Some(name) = alt.strip_prefix('@') {
            let class = vocab
                .classes
                .and_then(|c| c.get(name))
                .ok_or_else(|| format!("unknown word class `@{name}` (declare it under `classes:`)"))?;
            for a in &class.words {
                push(a.clone(), &mut alts);
            }
            for r in &class.runs {
                if !runs.contains(r) {
                    runs.push(r.clone());
                }
            }
            continue;
        }
        let (word, inner) = match alt.strip_prefix('*') {
            Some(w) => (w, true),
            None => (alt, false),
        };
        let (word, prefix) = match word.strip_suffix('*') {
            Some(w) => (w, true),
            None => (word, false),
        };
        for form in expand_endings(word)? {
            let text = normalize_phrase(&form);
            if text.is_empty() {
                if form.is_empty() && word.contains('(') {
                    return Err(format!("`{alt}` in step `{tok}` can expand to an empty word"));
                }
                return Err(format!("empty word in step `{tok}`"));
            }
            if text.contains(' ') || text.contains('*') || text.contains('~') || text.contains('@') {
                return Err(format!("`{alt}` in step `{tok}` is not a single word"));
            }
            // Words are letters and digits: a step with `&`, `-` or `.` could never match one.
            if let Some(c) = text.chars().find(|&c| !is_word(c)) {
                return Err(format!(
                    "`{alt}` in step `{tok}` can never match: `{c}` is not part of a word (words are letters and digits); in a `words` entry write the parts as steps (`t ~0 cs` for `t&cs`)"
                ));
            }
            if inner && text.chars().count() < MIN_INNER {
                return Err(format!(
                    "`{alt}` in step `{tok}`: a word part searched inside words needs at least {MIN_INNER} letters"
                ));
            }
            for v in vocab.variants(&text) {
                push(Alt { text: v, prefix, inner }, &mut alts);
            }
        }
    }
    if alts.len() > MAX_ALTS {
        return Err(format!("step `{tok}` expands to more than {MAX_ALTS} words"));
    }
    Ok((alts, runs))
}

/// The most optional steps (`word?`) one `words` entry may have: it expands to a sequence for
/// each way of leaving them out.
const MAX_OPTIONAL: usize = 3;

/// Parses a `words` entry into its sequences: one, or with optional steps (`word?`) one for
/// each way of leaving some of them out (the gaps around a left-out step add up, to at most
/// 9). The error says what is wrong.
pub(crate) fn parse(src: &str, vocab: &Vocab<'_>) -> Result<Vec<Sequence>, String> {
    let (anchored, src) = match src.trim_start().strip_prefix('^') {
        Some(rest) if rest.starts_with(char::is_whitespace) => (Anchor::Sentence, rest),
        Some(rest) if rest.strip_prefix(',').is_some_and(|r| r.starts_with(char::is_whitespace)) => {
            (Anchor::Clause, &rest[1..])
        }
        Some(_) => {
            return Err(
                "`^` (at a sentence start) and `^,` (at a clause start) are steps of their own: write `^ word …`"
                    .to_string(),
            )
        }
        None => (Anchor::None, src),
    };
    if src.split_whitespace().any(|t| t == "^" || t == "^,") {
        return Err("`^` and `^,` can only begin a word sequence".to_string());
    }
    let (ends, src) = match src.trim_end().strip_suffix('$') {
        Some(rest) if rest.ends_with(char::is_whitespace) => (true, rest),
        Some(_) => return Err("`$` (at a sentence end) is a step of its own: write `… word $`".to_string()),
        None => (false, src),
    };
    if src.split_whitespace().any(|t| t == "$") {
        return Err("`$` (at a sentence end) can only end a word sequence".to_string());
    }
    let parsed = parse_steps(src, vocab)?;
    let mut out = Vec::new();
    // A step whose class has members of several words stands for one step of its one-word
    // members or for the run of one such member: a sequence for each choice.
    let mut choices: Vec<usize> = vec![0; parsed.len()];
    loop {
        let mut steps: Vec<Step> = Vec::with_capacity(parsed.len());
        let mut opt_flags = Vec::with_capacity(parsed.len());
        let mut usable = true;
        for (i, Written { step, runs, optional }) in parsed.iter().enumerate() {
            let c = choices[i];
            if c == 0 {
                usable &= !step.alts.is_empty();
                steps.push(step.clone());
                opt_flags.push(*optional);
            } else {
                let run = &runs[c - 1];
                for (k, word) in run.iter().enumerate() {
                    steps.push(Step { alts: word.clone(), gap: if k == 0 { step.gap } else { 0 } });
                    // An optional run is left out whole: its first word carries the flag, the
                    // rest go with it (see `expand`).
                    opt_flags.push(*optional && k == 0);
                }
            }
        }
        if usable {
            let runs_of: Vec<usize> = parsed
                .iter()
                .enumerate()
                .flat_map(|(i, Written { runs: r, .. })| {
                    std::iter::repeat_n(i, if choices[i] == 0 { 1 } else { r[choices[i] - 1].len() })
                })
                .collect();
            out.extend(expand(&steps, &opt_flags, &runs_of, anchored, ends)?);
            if out.len() > MAX_SEQUENCES {
                return Err(format!("the entry expands to more than {MAX_SEQUENCES} word sequences (optional steps and class members of several words multiply)"));
            }
        }
        // Next choice, like counting in mixed bases.
        let mut i = 0;
        loop {
            if i == parsed.len() {
                return finish(out);
            }
            choices[i] += 1;
            if choices[i] <= parsed[i].runs.len() {
                break;
            }
            choices[i] = 0;
            i += 1;
        }
    }
}

/// The most sequences one `words` entry may stand for.
const MAX_SEQUENCES: usize = 64;

/// Checks the expanded sequences of an entry.
fn finish(out: Vec<Sequence>) -> Result<Vec<Sequence>, String> {
    if out.is_empty() {
        return Err("the entry can match nothing (a word class in it has no members)".to_string());
    }
    if out.iter().any(|s| s.steps.len() > 16) {
        return Err("a word sequence has at most 16 steps (counting each word of a class member)".to_string());
    }
    Ok(out)
}

/// The sequences of one choice of runs: one, or with optional steps one for each way of
/// leaving some of them out. `group[i]` is the written step that step `i` came from: the words
/// of an optional run are left out together.
fn expand(
    steps: &[Step],
    optional: &[bool],
    group: &[usize],
    anchored: Anchor,
    ends: bool,
) -> Result<Vec<Sequence>, String> {
    let opt: Vec<usize> = (0..steps.len()).filter(|&i| optional[i]).collect();
    if opt.len() > MAX_OPTIONAL {
        return Err(format!("a word sequence has at most {MAX_OPTIONAL} optional steps (`word?`)"));
    }
    let opt_groups: Vec<usize> = opt.iter().map(|&i| group[i]).collect();
    if (0..steps.len()).all(|i| opt_groups.contains(&group[i])) {
        return Err("a word sequence needs a step that is not optional".to_string());
    }
    let mut out = Vec::with_capacity(1 << opt.len());
    for keep in 0..1u32 << opt.len() {
        let mut seq: Vec<Step> = Vec::with_capacity(steps.len());
        // Gap of left-out steps, carried to the next step kept.
        let mut carry = 0;
        for (i, step) in steps.iter().enumerate() {
            let left_out = opt_groups.iter().position(|&g| g == group[i]).is_some_and(|k| keep & (1 << k) == 0);
            if left_out {
                carry += step.gap;
                continue;
            }
            let gap = if seq.is_empty() { 0 } else { (step.gap + carry).min(9) };
            carry = 0;
            seq.push(Step { alts: step.alts.clone(), gap });
        }
        out.push(Sequence { steps: seq, anchored, ends });
    }
    // All steps kept first: the full form is tried before the shorter ones.
    out.reverse();
    Ok(out)
}

/// The written steps of a `words` entry.
fn parse_steps(src: &str, vocab: &Vocab<'_>) -> Result<Vec<Written>, String> {
    let mut steps: Vec<Written> = Vec::new();
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
        let (tok, opt) = match tok.strip_suffix('?') {
            Some(t) if !t.is_empty() => (t, true),
            _ => (tok, false),
        };
        let (alts, runs) = parse_step(tok, vocab)?;
        steps.push(Written { step: Step { alts, gap: pending_gap.take().unwrap_or(0) }, runs, optional: opt });
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
    Ok(steps)
}

/// A `clause` entry: every slot must match a word of one clause, in any order (a `sentence`
/// entry: of one sentence, where commas end nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    pub slots: Vec<Vec<Alt>>,
    /// Whether a comma ends the clause (`clause`: yes, `sentence`: no).
    pub commas: bool,
}

/// The most slots a clause entry may have.
pub(crate) const MAX_SLOTS: usize = 8;

/// How far apart (in normalized bytes) the first and last word of a clause match may be.
pub(crate) const MAX_CLAUSE_BYTES: usize = 120;

/// Parses a `clause` entry (`commas`: a comma ends it) or a `sentence` entry: slots separated
/// by spaces, each a step without gaps.
pub(crate) fn parse_clause(src: &str, commas: bool, vocab: &Vocab<'_>) -> Result<Clause, String> {
    let mut slots = Vec::new();
    for tok in src.split_whitespace() {
        if tok.starts_with('~') {
            return Err(format!("`{tok}`: a clause has no gaps, its words may stand anywhere in the clause"));
        }
        slots.push(parse_alts(tok, vocab)?);
    }
    if slots.len() < 2 {
        return Err("a clause needs at least two words (use `phrases` for one)".to_string());
    }
    if slots.len() > MAX_SLOTS {
        return Err(format!("a clause has at most {MAX_SLOTS} words"));
    }
    Ok(Clause { slots, commas })
}

/// Does the normalized text `norm[from..to]`, between two words, end a clause (a sentence
/// break, or with `commas` a comma)? A `.` or `,` inside a number (`20.000`, `1,5`) or
/// closing a date (`15.05.`) does not.
pub(crate) fn ends_clause(norm: &str, from: usize, to: usize, commas: bool) -> bool {
    let bytes = norm.as_bytes();
    norm[from..to]
        .char_indices()
        .any(|(i, c)| (is_break(c) || (commas && c == ',')) && !is_number_mark(bytes, from + i))
}

/// The matches of `clause` among `hits` (its slot hits, `(slot, start, end)` sorted by
/// start, then slot): each shortest window of consecutive hits inside one clause (or
/// sentence), at most [`MAX_CLAUSE_BYTES`] long, in which every slot is filled by a word of its
/// own (one word that fits two slots fills only one). Linear in the hits; a window where one
/// word fits several slots is also checked for a fill with distinct words.
pub(crate) fn clause_windows(hits: &[(u8, usize, usize)], clause: &Clause, norm: &str, out: &mut Vec<(usize, usize)>) {
    let slots = clause.slots.len();
    let full: u32 = (1u32 << slots) - 1;
    let mut counts = [0u16; MAX_SLOTS];
    let mut covered = 0u32;
    // Pairs of neighbouring hits in the window on the same word.
    let mut shared = 0usize;
    let mut l = 0;
    for r in 0..hits.len() {
        let (slot, start, _) = hits[r];
        if r > 0 && hits[r - 1].2 <= start && ends_clause(norm, hits[r - 1].2, start, clause.commas) {
            counts = [0; MAX_SLOTS];
            covered = 0;
            shared = 0;
            l = r;
        }
        counts[slot as usize] += 1;
        covered |= 1 << slot;
        if r > l && hits[r - 1].1 == start {
            shared += 1;
        }
        // Drops the window's first hit.
        let pop = |l: &mut usize, counts: &mut [u16; MAX_SLOTS], covered: &mut u32, shared: &mut usize| {
            let s = hits[*l].0 as usize;
            counts[s] -= 1;
            if counts[s] == 0 {
                *covered &= !(1 << s);
            }
            if *l < r && hits[*l + 1].1 == hits[*l].1 {
                *shared -= 1;
            }
            *l += 1;
        };
        while l < r && start - hits[l].1 > MAX_CLAUSE_BYTES {
            pop(&mut l, &mut counts, &mut covered, &mut shared);
        }
        if covered != full {
            continue;
        }
        // Shrink from the left while the window stays full (with distinct words).
        while counts[hits[l].0 as usize] > 1 && (shared == 0 || distinct_fill(&hits[l + 1..=r], slots)) {
            pop(&mut l, &mut counts, &mut covered, &mut shared);
        }
        if shared > 0 && !distinct_fill(&hits[l..=r], slots) {
            continue;
        }
        let end = hits[l..=r].iter().map(|h| h.2).max().unwrap_or(hits[r].2);
        out.push((hits[l].1, end));
        pop(&mut l, &mut counts, &mut covered, &mut shared);
    }
}

/// Can each of the `slots` slots be given a different word among `hits` (sorted by start; hits
/// with the same start are one word)? A matching of slots to words (augmenting paths; at most
/// [`MAX_SLOTS`] slots, so the search is short).
fn distinct_fill(hits: &[(u8, usize, usize)], slots: usize) -> bool {
    let mut word = Vec::with_capacity(hits.len());
    let mut words = 0usize;
    for (i, h) in hits.iter().enumerate() {
        if i == 0 || hits[i - 1].1 != h.1 {
            words += 1;
        }
        word.push(words - 1);
    }
    if words < slots {
        return false;
    }
    fn augment(slot: u8, hits: &[(u8, usize, usize)], word: &[usize], owner: &mut [u8], seen: &mut [bool]) -> bool {
        for (i, h) in hits.iter().enumerate() {
            let w = word[i];
            if h.0 != slot || seen[w] {
                continue;
            }
            seen[w] = true;
            if owner[w] == u8::MAX || augment(owner[w], hits, word, owner, seen) {
                owner[w] = slot;
                return true;
            }
        }
        false
    }
    let mut owner = vec![u8::MAX; words];
    let mut seen = vec![false; words];
    (0..slots as u8).all(|slot| {
        seen.iter_mut().for_each(|s| *s = false);
        augment(slot, hits, &word, &mut owner, &mut seen)
    })
}

/// Does a sentence end at byte `at` of `norm`: nothing but spaces, quotes and closing brackets
/// before the end of the text, a line break, or a `.`, `!`, `?` or `…` (not a number's dot)?
fn ends_sentence(norm: &str, at: usize) -> bool {
    for (i, c) in norm[at..].char_indices() {
        match c {
            '.' if is_number_mark(norm.as_bytes(), at + i) => return false,
            '.' | '!' | '?' | '…' | '\n' => return true,
            c if c == ' ' || matches!(c, '"' | '“' | '”' | '»' | '«' | ')' | '\'' | '’') => {}
            _ => return false,
        }
    }
    true
}

/// Is `c` part of a word in a word sequence (letters, digits, combining diacritics)?
pub(crate) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&c)
}

/// Does `c`, between two words, end a sentence (or paragraph)?
pub(crate) fn is_break(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | ':' | '\n' | '…')
}

/// Is the byte at `i` of `text` a `.` or `,` that belongs to a number rather than ending a
/// sentence or clause: one with an ASCII digit on both sides (`20.000`, `1.5`, `1,5`,
/// `15.05.2024`), the last dot of a date `D.M.` / `DD.MM.` (`am 15.05. bestellt`; day 1 to
/// 31, month 1 to 12, not preceded by a letter, digit or dot), or the dot of an ordinal (a
/// word of 1-2 digits, then one space and a letter: `zum 3. Mal`)? Works on the original text
/// and on its normalized copy alike (normalization keeps digits and punctuation).
pub(crate) fn is_number_mark(text: &[u8], i: usize) -> bool {
    let digit = |k: usize| text.get(k).is_some_and(u8::is_ascii_digit);
    if !matches!(text.get(i), Some(b'.' | b',')) || i == 0 || !digit(i - 1) {
        return false;
    }
    if digit(i + 1) {
        return true;
    }
    if text[i] != b'.' {
        return false;
    }
    // A date's closing dot: (1-2 digits) `.` (1-2 digits) `.`, read backwards from `i`.
    let group = |end: usize| -> Option<(usize, u32)> {
        let mut k = end;
        while k > 0 && digit(k - 1) {
            k -= 1;
        }
        if !(1..=2).contains(&(end - k)) {
            return None;
        }
        Some((k, text[k..end].iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'))))
    };
    let Some((m_start, month)) = group(i) else { return false };
    // An ordinal: a word of 1-2 digits, its dot followed by one space and a letter (`zum 3.
    // Mal`, `juba 3. korda`, `am 15. Mai`).
    let letter = text.get(i + 2).is_some_and(|&b| b.is_ascii_alphabetic() || b >= 0x80);
    if m_start > 0 && text[m_start - 1] == b' ' && text.get(i + 1) == Some(&b' ') && letter {
        return true;
    }
    if m_start == 0 || text[m_start - 1] != b'.' {
        return false;
    }
    let Some((d_start, day)) = group(m_start - 1) else { return false };
    let before_ok = d_start == 0 || !(text[d_start - 1].is_ascii_alphanumeric() || text[d_start - 1] == b'.');
    before_ok && (1..=31).contains(&day) && (1..=12).contains(&month)
}

/// The word starting at byte `at` of `norm` (empty if none starts there).
pub(crate) fn word_at(norm: &str, at: usize) -> &str {
    let end = norm[at..].char_indices().find(|&(_, c)| !is_word(c)).map_or(norm.len(), |(i, _)| at + i);
    &norm[at..end]
}

/// Where the word around byte `at` of `norm` starts (`at` itself if no word character is
/// before it).
pub(crate) fn word_start(norm: &str, at: usize) -> usize {
    norm[..at].char_indices().rev().take_while(|&(_, c)| is_word(c)).last().map_or(at, |(i, _)| i)
}

/// From byte `at`, skips to the next word: `None` at the end of the text or when a sentence
/// break lies in between (a dot inside a number or closing a date is none, see
/// [`is_number_mark`]); else the start of the next word.
fn next_word(norm: &str, at: usize) -> Option<usize> {
    for (i, c) in norm[at..].char_indices() {
        if is_word(c) {
            return Some(at + i);
        }
        if is_break(c) && !is_number_mark(norm.as_bytes(), at + i) {
            return None;
        }
    }
    None
}

fn step_matches(step: &Step, word: &str) -> bool {
    step.alts.iter().any(|a| a.matches(word))
}

/// The most words after the first that a match can reach: 15 later steps, each after a gap
/// of at most 9 words.
const MAX_REACH: usize = 15 * 10;

/// The words of a match attempt, read forward from its first word on demand and never past
/// the end of the sentence.
struct Reader<'a> {
    norm: &'a str,
    /// `(start, end)` of word 0 (the first step's), 1, 2, …
    words: [(usize, usize); MAX_REACH + 1],
    len: usize,
    done: bool,
}

impl Reader<'_> {
    fn get(&mut self, k: usize) -> Option<&str> {
        while self.len <= k && !self.done {
            match next_word(self.norm, self.words[self.len - 1].1) {
                Some(at) if self.len <= MAX_REACH => {
                    self.words[self.len] = (at, at + word_at(self.norm, at).len());
                    self.len += 1;
                }
                _ => self.done = true,
            }
        }
        (k < self.len).then(|| &self.norm[self.words[k].0..self.words[k].1])
    }
}

/// Depth-first search for steps `step..` of `seq`, step `step - 1` matched at word `prev`:
/// each step tries the fitting words within its gap, nearest first, so the first match found
/// is the one that takes the nearest fitting word at every step whenever that one succeeds.
/// `failed[s]` marks the words at which step `s` matched but the rest did not (tried once
/// each: at most steps × words × gap tries, however the words repeat). On success, `path[s]`
/// is the word step `s` matched.
fn search(
    seq: &Sequence,
    r: &mut Reader<'_>,
    step: usize,
    prev: usize,
    failed: &mut [[u64; 3]; 16],
    path: &mut [usize; 16],
) -> bool {
    let st = &seq.steps[step];
    for j in prev + 1..=prev + 1 + st.gap {
        let Some(word) = r.get(j) else { return false };
        if !step_matches(st, word) || failed[step][j / 64] & (1 << (j % 64)) != 0 {
            continue;
        }
        if step + 1 == seq.steps.len() || search(seq, r, step + 1, j, failed, path) {
            path[step] = j;
            return true;
        }
        failed[step][j / 64] |= 1 << (j % 64);
    }
    false
}

/// Tries to match `seq` with its first step at normalized offset `start`, reading words
/// forward from there only (no whole-text tokenization); returns the normalized span, from
/// the first to the last matched word. Within each gap every fitting word is tried (nearest
/// first, see [`search`]), so `davor ~2 zu ~0 wechseln` matches `davor, zu O2 zu wechseln`.
pub(crate) fn match_at(seq: &Sequence, norm: &str, start: usize) -> Option<(usize, usize)> {
    if norm[..start].chars().next_back().is_some_and(is_word) {
        return None;
    }
    let first = word_at(norm, start);
    if first.is_empty() || !step_matches(&seq.steps[0], first) {
        return None;
    }
    let placed = match seq.anchored {
        Anchor::None => true,
        Anchor::Sentence => crate::spans::sentence_start(norm, start),
        Anchor::Clause => crate::spans::clause_start(norm, start),
    };
    if !placed {
        return None;
    }
    let mut r = Reader { norm, words: [(0, 0); MAX_REACH + 1], len: 1, done: false };
    r.words[0] = (start, start + first.len());
    let mut path = [0usize; 16];
    if seq.steps.len() > 1 && !search(seq, &mut r, 1, 0, &mut [[0; 3]; 16], &mut path) {
        return None;
    }
    let last = path[seq.steps.len() - 1];
    if seq.ends && !ends_sentence(norm, r.words[last].1) {
        return None;
    }
    // "you, you have to": when a skipped word inside a gap could start the sequence and the
    // match from there succeeds too, that is the tighter match and is reported on its own;
    // this one steps aside.
    let on_path = |k: usize| path[1..seq.steps.len()].contains(&k);
    let restart = (1..last).find(|&k| !on_path(k) && r.get(k).is_some_and(|w| step_matches(&seq.steps[0], w)));
    if restart.is_some_and(|k| match_at(seq, norm, r.words[k].0).is_some()) {
        return None;
    }
    Some((start, r.words[last].1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalized;

    /// The spans matched by any of the entry's sequences, in text order, overlapping ones merged.
    fn hits(pattern: &str, text: &str) -> Vec<String> {
        hits_in(pattern, text, &Vocab::default())
    }

    /// [`hits`] with word classes (and spellings) in scope.
    fn hits_in(pattern: &str, text: &str, vocab: &Vocab<'_>) -> Vec<String> {
        let seqs = parse(pattern, vocab).unwrap();
        let mut n = Normalized::default();
        n.fill(text, text.len());
        let norm = n.text.as_str();
        let mut spans: Vec<(usize, usize)> =
            norm.char_indices().flat_map(|(i, _)| seqs.iter().filter_map(move |seq| match_at(seq, norm, i))).collect();
        spans.sort_unstable();
        // Overlapping matches merge, as the linter merges one rule's hits.
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (a, b) in spans {
            match merged.last_mut() {
                Some(last) if a < last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        merged
            .into_iter()
            .map(|(s, e)| {
                let (s, e) = n.original_span(text, s, e);
                text[s..e].to_string()
            })
            .collect()
    }

    /// `word?` is an optional step: the entry matches with it and without it, the gaps around
    /// a left-out step adding up.
    #[test]
    fn optional_steps() {
        let p = "that ~0 is ~0 simply? ~0 incorrect";
        assert_eq!(hits(p, "That is simply incorrect."), ["That is simply incorrect"]);
        assert_eq!(hits(p, "That is incorrect."), ["That is incorrect"]);
        assert!(hits(p, "That is quite incorrect.").is_empty());
        let p = "i ~1 can't? ~1 help";
        assert_eq!(hits(p, "I really can't help"), ["I really can't help"]);
        assert_eq!(hits(p, "I x y help"), ["I x y help"], "the gaps around a left-out step add up");
        assert!(hits(p, "I x y z help").is_empty());
        assert_eq!(hits("honestly? i ~0 dont ~0 know", "Honestly I dont know"), ["Honestly I dont know"]);
        assert_eq!(hits("honestly? i ~0 dont ~0 know", "So I dont know"), ["I dont know"]);
        assert_eq!(parse("a? b? c? d", &Vocab::default()).unwrap().len(), 8);
        assert!(parse("a? b? c? d? e", &Vocab::default()).is_err());
        assert!(parse("a? b?", &Vocab::default()).is_err());
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
    fn gaps_try_every_fitting_word() {
        // The nearest `zu` is followed by `O2`, not `wechseln`: the later `zu` fits.
        let text = "Ich bin kurz davor, zu O2 zu wechseln.";
        assert_eq!(hits("kurz ~0 davor ~2 zu ~0 wechseln", text), ["kurz davor, zu O2 zu wechseln"]);
        assert_eq!(
            hits("überlege ~6 zu ~0 wechseln", "Ich überlege, zu O2 zu wechseln"),
            ["überlege, zu O2 zu wechseln"]
        );
        assert_eq!(hits("aa ~1 bb ~0 cc ~0 dd", "aa bb bb cc dd"), ["aa bb bb cc dd"]);
        // Where the nearest words match, that match is kept (the span ends at the nearest).
        assert_eq!(hits("aa ~3 bb", "aa bb bb"), ["aa bb"]);
        assert_eq!(hits("aa ~2 bb ~2 cc", "aa bb bb cc cc"), ["aa bb bb cc"]);
        // Gaps still bound the search and still stop at a sentence end.
        assert!(hits("kurz ~0 davor ~1 zu ~0 wechseln", text).is_empty());
        assert!(hits("davor ~4 zu ~0 wechseln", "kurz davor, zu O2. Zu wechseln").is_empty());
    }

    #[test]
    fn backtracking_stays_linear() {
        // 16 steps of `a` with the widest gaps and a last step that never fits: every start
        // explores each (step, word) pair once, not every combination.
        let pattern = format!("{} b", vec!["a"; 15].join(" ~9 "));
        let text = "a ".repeat(600);
        let started = std::time::Instant::now();
        assert!(hits(&pattern, &text).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "took {:?}", started.elapsed());
    }

    #[test]
    fn dots_in_numbers_and_dates_end_no_sentence() {
        assert_eq!(hits("habe ~4 bestellt", "Ich habe am 15.05. bestellt"), ["habe am 15.05. bestellt"]);
        assert_eq!(hits("habe ~4 bestellt", "Ich habe am 1.5. bestellt"), ["habe am 1.5. bestellt"]);
        assert_eq!(hits("habe ~4 bestellt", "Ich habe am 15.05.2024 bestellt"), ["habe am 15.05.2024 bestellt"]);
        assert_eq!(hits("über ~2 follower", "über 20.000 Follower"), ["über 20.000 Follower"]);
        assert_eq!(hits("nur ~3 gb ~1 übrig", "nur noch 1.5 GB übrig"), ["nur noch 1.5 GB übrig"]);
        // An ordinal's dot: a 1-2 digit number after a space, then one space and a letter.
        assert_eq!(hits("zum ~2 mal ~3 geschrieben", "zum 3. Mal geschrieben"), ["zum 3. Mal geschrieben"]);
        assert_eq!(hits("juba ~2 korda", "kirjutan juba 3. korda"), ["juba 3. korda"]);
        assert_eq!(hits("meine ~2 anfrage", "Das ist meine 12. Anfrage"), ["meine 12. Anfrage"]);
        // Real sentence ends next to numbers still end the sentence.
        assert!(hits("habe ~4 bestellt", "Ich habe 15.\n\nDann bestellt").is_empty());
        assert!(hits("habe ~4 bestellt", "Ich habe 150. Dann bestellt").is_empty());
        assert!(hits("habe ~4 bestellt", "Ich habe bis 2024. Dann bestellt").is_empty());
        assert!(hits("habe ~4 bestellt", "Ich habe 45.05. Dann bestellt").is_empty());
        assert!(hits("habe ~4 bestellt", "Ich habe v1.15.05. Dann bestellt").is_empty());
        let mark = |t: &str| (0..t.len()).filter(|&i| is_number_mark(t.as_bytes(), i)).collect::<Vec<_>>();
        assert_eq!(mark("am 15.05. und 1,5 und 20.000."), [5, 8, 15, 24]);
        assert_eq!(mark("Ende 2024. Ab 13.13. Version 1.2.3."), [16, 30, 32]);
    }

    fn clause_hits(pattern: &str, text: &str) -> Vec<String> {
        clause_or_sentence_hits(pattern, true, text)
    }

    fn clause_or_sentence_hits(pattern: &str, commas: bool, text: &str) -> Vec<String> {
        let c = parse_clause(pattern, commas, &Vocab::default()).unwrap();
        let mut n = Normalized::default();
        n.fill(text, text.len());
        let mut hits = Vec::new();
        let mut at = 0;
        while let Some(start) = next_word(&n.text, at).or_else(|| {
            // Past a break: find the next word anyway.
            n.text[at..].char_indices().find(|&(_, ch)| is_word(ch)).map(|(i, _)| at + i)
        }) {
            let word = word_at(&n.text, start);
            for (i, slot) in c.slots.iter().enumerate() {
                if slot.iter().any(|a| a.matches(word)) {
                    hits.push((i as u8, start, start + word.len()));
                }
            }
            at = start + word.len();
        }
        let mut out = Vec::new();
        clause_windows(&hits, &c, &n.text, &mut out);
        out.into_iter()
            .map(|(s, e)| {
                let (s, e) = n.original_span(text, s, e);
                text[s..e].to_string()
            })
            .collect()
    }

    #[test]
    fn clauses_in_any_order() {
        let p = "kann|können helfen nicht";
        assert_eq!(clause_hits(p, "Da kann ich Ihnen leider nicht helfen."), ["kann ich Ihnen leider nicht helfen"]);
        assert_eq!(clause_hits(p, "Helfen kann ich Ihnen da nicht."), ["Helfen kann ich Ihnen da nicht"]);
        assert_eq!(clause_hits(p, "…, dass wir Ihnen nicht helfen können"), ["nicht helfen können"]);
        assert!(clause_hits(p, "Ich kann Ihnen helfen, nicht wahr?").is_empty());
        assert!(clause_hits(p, "Ich kann. Helfen ist nicht leicht").is_empty());
        assert_eq!(
            clause_hits(p, "Ich kann ab dem 15.05. nicht mehr helfen."),
            ["kann ab dem 15.05. nicht mehr helfen"]
        );
        assert_eq!(clause_hits(p, "Ich kann bei 1,5 GB nicht helfen"), ["kann bei 1,5 GB nicht helfen"]);
        assert_eq!(
            clause_hits(p, "Ich kann bei 20.000 Followern nicht helfen"),
            ["kann bei 20.000 Followern nicht helfen"]
        );
        assert!(clause_hits(p, "Ich kann bis 2024. Dann ist nicht mit helfen").is_empty());
        assert!(parse_clause("a ~1 b", true, &Vocab::default()).is_err());
        assert!(parse_clause("a", true, &Vocab::default()).is_err());
    }

    /// `^` anchors a sequence at a sentence start (after quotes, brackets or a dash too).
    #[test]
    fn a_caret_anchors_at_a_sentence_start() {
        let p = "^ bitte? schicken ~2 sie ~3 endlich";
        assert_eq!(hits(p, "Schicken Sie das endlich!"), ["Schicken Sie das endlich"]);
        assert_eq!(hits(p, "Danke. Bitte schicken Sie es endlich."), ["Bitte schicken Sie es endlich"]);
        assert_eq!(hits(p, "„Schicken Sie es endlich“"), ["Schicken Sie es endlich"]);
        assert!(hits(p, "Wenn Sie es schicken, sind Sie endlich fertig").is_empty());
        assert!(hits(p, "Können Sie bitte schicken, sie sagen endlich").is_empty());
        for bad in ["schicken ^ sie", "^schicken sie", "^"] {
            assert!(parse(bad, &Vocab::default()).is_err(), "{bad}");
        }
    }

    /// `^,` makes the first word start a clause: a sentence, or after a comma, semicolon,
    /// colon or dash; not after a hyphen or inside a number.
    #[test]
    fn a_caret_comma_anchors_at_a_clause_start() {
        let p = "^, calm ~0 down";
        assert_eq!(hits(p, "Calm down."), ["Calm down"]);
        assert_eq!(hits(p, "Sir, calm down."), ["calm down"]);
        assert_eq!(hits(p, "Look; calm down"), ["calm down"]);
        assert_eq!(hits(p, "Please — calm down"), ["calm down"]);
        assert_eq!(hits(p, "Hey - calm down"), ["calm down"]);
        assert_eq!(hits(p, "Hey, „calm down“"), ["calm down"]);
        assert!(hits(p, "It helps to stay calm down there").is_empty());
        assert!(hits(p, "self-calm down").is_empty(), "a hyphen starts no clause");
        for bad in ["^,calm down", "calm ^, down", "^, "] {
            assert!(parse(bad, &Vocab::default()).is_err(), "{bad}");
        }
    }

    /// `$` makes the last word end a sentence (before quotes or brackets, too).
    #[test]
    fn a_dollar_ends_at_a_sentence_end() {
        let p = "muss ~2 wohl? ~0 entschuldigen $";
        assert_eq!(hits(p, "Dann muss ich mich wohl entschuldigen."), ["muss ich mich wohl entschuldigen"]);
        assert_eq!(hits(p, "Ich muss mich entschuldigen“"), ["muss mich entschuldigen"]);
        assert!(hits(p, "Ich muss mich entschuldigen für den Fehler.").is_empty());
        assert_eq!(hits("^ ok $", "Ok."), ["Ok"]);
        assert!(hits("^ ok $", "Ok, danke.").is_empty());
        for bad in ["muss $ sie", "muss sie$", "$"] {
            assert!(parse(bad, &Vocab::default()).is_err(), "{bad}");
        }
    }

    /// A step that holds a character words never contain (`-`, `&`, `%`) could never match:
    /// a load error that says how to write it, not an entry that silently never fires.
    #[test]
    fn a_step_that_cannot_match_a_word_is_an_error() {
        for bad in ["is ~1 non-negotiable", "t&cs ~1 apply", "100%ig ~0 sicher"] {
            let err = parse(bad, &Vocab::default()).expect_err(bad);
            assert!(err.contains("can never match"), "{err}");
        }
        // `e-mail` reads as `email` (a one-letter word's hyphen is dropped), in rules as in text.
        assert!(parse("per ~1 e-mail", &Vocab::default()).is_ok());
        assert!(parse("is ~1 non ~0 negotiable", &Vocab::default()).is_ok());
    }

    /// Each slot needs a word of its own: one word that fits two slots fills one, also where a
    /// greedy reading would give it both.
    #[test]
    fn one_word_fills_one_slot() {
        let p = "anwalt|*kanzlei* kanzlei";
        assert!(clause_hits(p, "Ich schalte die Kanzlei ein").is_empty());
        assert_eq!(clause_hits(p, "Die Kanzlei meines Anwalts"), Vec::<String>::new());
        assert_eq!(clause_hits(p, "Mein Anwalt und seine Kanzlei"), ["Anwalt und seine Kanzlei"]);
        assert_eq!(clause_hits(p, "Kanzlei, nein: Anwaltskanzlei Kanzlei"), ["Anwaltskanzlei Kanzlei"]);
        // `a` fits slot 0 only, `b` both: the fill is a = 0, b = 1.
        assert_eq!(clause_hits("a|b b", "a b"), ["a b"]);
        assert!(clause_hits("a|b b", "x b").is_empty());
        assert_eq!(clause_hits("a|b b c", "b a c"), ["b a c"]);
    }

    /// A `sentence` entry reaches across commas, not across sentence ends or 120 bytes.
    #[test]
    fn sentences_reach_across_commas() {
        let p = "kann|können helfen nicht";
        let sentence = |t: &str| clause_or_sentence_hits(p, false, t);
        let t = "Da kann ich, wie gesagt, leider nicht helfen.";
        assert!(clause_hits(p, t).is_empty());
        assert_eq!(sentence(t), ["kann ich, wie gesagt, leider nicht helfen"]);
        assert_eq!(sentence("Helfen, nein, das kann ich nicht."), ["Helfen, nein, das kann ich nicht"]);
        assert!(sentence("Ich kann. Helfen ist nicht leicht").is_empty());
        assert!(sentence("Ich kann; helfen ist nicht leicht").is_empty());
        let far = format!("Ich kann, {}, nicht helfen", "und so weiter ".repeat(10));
        assert!(sentence(&far).is_empty());
    }

    #[test]
    fn endings_classes_and_spellings() {
        let mut classes = HashMap::new();
        classes
            .insert("we".to_string(), Class { words: parse_alts("ich|wir", &Vocab::default()).unwrap(), runs: vec![] });
        let spellings: &[&[(char, &str)]] = &[&[('ü', "ue")]];
        let vocab = Vocab { classes: Some(&classes), spellings };
        let texts = |tok: &str| parse_alts(tok, &vocab).unwrap().into_iter().map(|a| a.text).collect::<Vec<_>>();
        assert_eq!(texts("kündig(e|en|)"), ["kündige", "kuendige", "kündigen", "kuendigen", "kündig", "kuendig"]);
        assert_eq!(texts("@we|uns"), ["ich", "wir", "uns"]);
        assert!(parse_alts("@nope", &vocab).unwrap_err().contains("unknown word class"));
        assert!(parse_alts("a(b", &vocab).is_err());
        assert!(parse_alts("(a|)", &vocab).is_err());
    }

    /// A class member of several words is a run of steps in a `words` entry, with the
    /// entry's gap before it; an optional one is left out whole; a clause slot refuses it.
    #[test]
    fn class_members_of_several_words() {
        let mut subject = Class::default();
        for m in ["I", "we", "our team", "the support team", "the compan(y|ies)"] {
            let c = parse_member(m, &Vocab::default()).unwrap();
            subject.words.extend(c.words);
            subject.runs.extend(c.runs);
        }
        let classes = HashMap::from([("subject".to_string(), subject)]);
        let vocab = Vocab { classes: Some(&classes), spellings: &[] };
        let hits_with = |pattern: &str, text: &str| hits_in(pattern, text, &vocab);
        let entry = "@subject ~1 cannot ~0 help";
        assert_eq!(hits_with(entry, "We really cannot help."), ["We really cannot help"]);
        assert_eq!(hits_with(entry, "Our team cannot help."), ["Our team cannot help"]);
        assert_eq!(hits_with(entry, "The support team sadly cannot help."), ["The support team sadly cannot help"]);
        assert_eq!(hits_with(entry, "The companies cannot help."), ["The companies cannot help"]);
        assert!(hits_with(entry, "Our manager cannot help.").is_empty());
        assert!(hits_with(entry, "Our big team cannot help.").is_empty(), "no gap inside a member");
        let optional = "sorry ~1 @subject? ~1 cannot";
        assert_eq!(hits_with(optional, "Sorry, our team cannot."), ["Sorry, our team cannot"]);
        assert_eq!(hits_with(optional, "Sorry, cannot."), ["Sorry, cannot"]);
        assert!(parse_clause("@subject cannot", true, &vocab).unwrap_err().contains("several words (`our team`)"));
        assert!(parse_member("a b c d e", &Vocab::default()).is_err());
        let many = "@subject ~1 @subject ~1 @subject ~1 @subject";
        assert!(parse(many, &vocab).unwrap_err().contains("more than 64"));
    }

    #[test]
    fn prefixes_and_errors() {
        assert_eq!(hits("versprech* ~2 nie", "Ich verspreche Ihnen, nie wieder"), ["verspreche Ihnen, nie"]);
        assert!(parse("~2 a", &Vocab::default()).is_err());
        assert!(parse("a ~2", &Vocab::default()).is_err());
        assert!(parse("a ~x b", &Vocab::default()).is_err());
        assert!(parse("a ~1 ~2 b", &Vocab::default()).is_err());
    }

    /// `*end` fits words ending in `end` (the last part of a compound, or the word itself),
    /// `*part*` words containing it; a part under three letters is an error.
    #[test]
    fn word_endings_and_parts() {
        assert_eq!(hits("ihr ~1 *versager", "Ihr Totalversager!"), ["Ihr Totalversager"]);
        assert_eq!(hits("ihr ~1 *versager", "Ihr Versager"), ["Ihr Versager"]);
        assert!(hits("ihr ~1 *versager", "Ihr Versagerteam").is_empty());
        assert_eq!(
            hits("*bewert* ~2 schreib*", "eine Einsternbewertungen schreiben"),
            ["Einsternbewertungen schreiben"]
        );
        assert!(hits("*laden", "laden wir").iter().all(|h| h == "laden"));
        assert_eq!(clause_hits("*laden mies", "mies ist dieser Saftladen"), ["mies ist dieser Saftladen"]);
        assert!(parse("*er ~1 b", &Vocab::default()).unwrap_err().contains("at least 3 letters"));
        let alt = |t: &str| parse_alts(t, &Vocab::default()).unwrap().remove(0);
        assert!(alt("*los").matches("hilflos") && !alt("*los").matches("lose"));
        assert!(alt("*wert*").matches("bewertung") && alt("*wert*").matches("wert"));
    }
}
