//! The compiled index of a rule set: what [`assemble`] makes of the validated rules and the
//! [`Linter`](crate::Linter) owns. One Aho-Corasick automaton over every phrase, word-sequence
//! word and regex gate piece (its entries say which rule uses each, and how), the word
//! sequences, the gated regexes and the measured checks, all addressed by rule number.

use crate::checks::Check;
use crate::gate::{builtin_gate, gate_of, Gate, GatedRegex, LazyRegex};
use crate::normalize::is_word_char;
use crate::words::{Clause, Sequence};
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{AhoCorasick, Anchored, MatchKind};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// How an automaton pattern is used by a rule.
#[derive(Debug, Clone, Copy)]
pub(crate) enum UseKind {
    Phrase,
    ExceptPhrase,
    /// First word of word sequence N.
    Seq(u32),
    /// First word of exception word sequence N.
    ExceptSeq(u32),
    /// A word of slot `slot` of clause `id` (in `Index::clauses`); `prefix`: any word
    /// starting with the entry's text.
    Clause {
        id: u32,
        slot: u8,
        prefix: bool,
    },
    /// Swap phrase N (in `Index::swaps`): a phrase hit that carries its own replacement.
    Swap(u32),
    /// A stopword of language N of [`Language::ALL`](crate::Language::ALL): counted to tell a
    /// message's language during the same scan.
    Lang(u8),
    /// A piece of the gate of regex N (in `Linter::regexes`) occurs as a substring: the regex
    /// may match.
    Gate(u32),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Use {
    pub(crate) rule: u32,
    pub(crate) kind: UseKind,
}

/// One distinct normalized string in the automaton.
#[derive(Debug, Clone)]
pub(crate) struct AcEntry {
    /// The normalized text.
    pub(crate) text: String,
    /// Starts with a word character: needs a word boundary before it.
    pub(crate) left: bool,
    /// Ends with a word character: needs a word boundary after it.
    pub(crate) right: bool,
    /// Every use but word sequences (first words and later steps).
    pub(crate) uses: Vec<Use>,
    /// The word sequences this text is the first word of (`Seq` and `ExceptSeq` uses): an
    /// occurrence is one candidate for all of them, tried after the scan.
    pub(crate) seq_uses: Vec<Use>,
    /// Word-sequence steps (K >= 1) this text is a word of: `(sequence, bit K set for each)`,
    /// one per sequence. An occurrence (as a substring) marks them seen.
    pub(crate) steps: Vec<(u32, u64)>,
}

/// Everything the per-message scan needs, addressed by rule number (the rule's position in
/// [`Linter::rules`](crate::Linter::rules)).
#[derive(Debug)]
pub(crate) struct Index {
    /// The entries that start with a word character (all their uses but regex gates), searched
    /// for anchored at each word start of the text: as a noncontiguous NFA (the quickest to
    /// build), or a contiguous one above [`CONTIGUOUS_ABOVE`] entries.
    pub(crate) words: Option<Words>,
    /// The same automaton as a contiguous NFA (faster to walk: compact, so it stays in the
    /// cache; the word walks measured faster with it than with a DFA), built once `scanned`
    /// passes `dfa_after` bytes (`usize::MAX` when `words` is contiguous already).
    pub(crate) dfa: OnceLock<contiguous::NFA>,
    pub(crate) scanned: AtomicUsize,
    pub(crate) dfa_after: usize,
    /// Pattern i of `words` is entry `word_entries[i]`.
    pub(crate) word_entries: Vec<u32>,
    /// The entries found as substrings anywhere: regex gate pieces (only their gate uses) and
    /// entries that start with a non-word character (all their uses).
    pub(crate) subs: Option<AhoCorasick>,
    /// Pattern i of `subs` is entry `sub_entries[i]`.
    pub(crate) sub_entries: Vec<u32>,
    /// Every distinct normalized string of the rules.
    pub(crate) entries: Vec<AcEntry>,
    pub(crate) seqs: Vec<Sequence>,
    /// Every clause entry, with its rule and whether it is an exception.
    pub(crate) clauses: Vec<(Clause, u32, bool)>,
    /// The replacement of each swap phrase.
    pub(crate) swaps: Vec<String>,
    /// Whether the automaton counts stopwords (the rules span several languages).
    pub(crate) detects: bool,
    /// The languages that have rules.
    pub(crate) languages: Vec<crate::Language>,
    /// Every rule regex (patterns and exception patterns), each with its gate.
    pub(crate) regexes: Vec<GatedRegex>,
    /// `(rule, index into regexes)` of the rules' patterns, in rule order.
    pub(crate) patterns: Vec<(u32, usize)>,
    /// Per rule, indices into `regexes` of its exception patterns.
    pub(crate) exc_patterns: Vec<Vec<usize>>,
    pub(crate) checks: Vec<(u32, Check)>,
}

/// The word-start automaton as built (see [`Index::automaton`]).
#[derive(Debug)]
pub(crate) enum Words {
    Nfa(noncontiguous::NFA),
    Contiguous(contiguous::NFA),
}

/// The word-start automaton to scan one message with.
pub(crate) enum WordsRef<'a> {
    Nfa(&'a noncontiguous::NFA),
    Contiguous(&'a contiguous::NFA),
}

impl WordsRef<'_> {
    /// Calls `found(pattern, end)` for every pattern that occurs at `at` of `hay`.
    #[inline]
    pub(crate) fn at(&self, hay: &[u8], at: usize, found: impl FnMut(usize, usize)) {
        match self {
            WordsRef::Nfa(a) => walk(*a, hay, at, found),
            WordsRef::Contiguous(a) => walk(*a, hay, at, found),
        }
    }
}

/// An anchored walk from `at`: every pattern that is exactly the bytes walked. (Match states
/// also list the patterns that end there but start later, reached through failure links in an
/// unanchored search: their lengths tell them apart.)
#[inline]
fn walk<A: Automaton>(a: &A, hay: &[u8], at: usize, mut found: impl FnMut(usize, usize)) {
    let Ok(mut sid) = a.start_state(Anchored::Yes) else {
        return;
    };
    for (i, &b) in hay[at..].iter().enumerate() {
        sid = a.next_state(Anchored::Yes, sid, b);
        if a.is_special(sid) {
            if a.is_dead(sid) {
                return;
            }
            if a.is_match(sid) {
                for k in 0..a.match_len(sid) {
                    let pid = a.match_pattern(sid, k);
                    if a.pattern_len(pid) == i + 1 {
                        found(pid.as_usize(), at + i + 1);
                    }
                }
            }
        }
    }
}

impl Index {
    /// The word-start automaton to scan `len` more bytes with: the noncontiguous NFA (quickest
    /// to build) until enough text was linted to pay for the contiguous one, then that. The
    /// message that crosses the threshold is scanned with the contiguous NFA already.
    pub(crate) fn automaton(&self, len: usize) -> Option<WordsRef<'_>> {
        let nfa = match self.words.as_ref()? {
            Words::Contiguous(c) => return Some(WordsRef::Contiguous(c)),
            Words::Nfa(n) => n,
        };
        if let Some(fast) = self.dfa.get() {
            return Some(WordsRef::Contiguous(fast));
        }
        if self.dfa_after == usize::MAX
            || self.scanned.fetch_add(len, Ordering::Relaxed).saturating_add(len) <= self.dfa_after
        {
            return Some(WordsRef::Nfa(nfa));
        }
        Some(WordsRef::Contiguous(self.dfa.get_or_init(|| {
            contiguous::Builder::new().build_from_noncontiguous(nfa).expect("word automaton within limits")
        })))
    }

    /// Every distinct normalized phrase (not exceptions, not word sequences), sorted.
    pub(crate) fn phrases(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .entries
            .iter()
            .filter(|e| e.uses.iter().any(|u| matches!(u.kind, UseKind::Phrase | UseKind::Swap(_))))
            .map(|e| e.text.clone())
            .collect();
        out.sort();
        out
    }
}

/// What one rule compiles to, before the automaton is assembled.
#[derive(Default, Clone)]
pub(crate) struct CompiledRule {
    pub(crate) phrases: Vec<String>,
    pub(crate) seqs: Vec<Sequence>,
    pub(crate) patterns: Vec<LazyRegex>,
    pub(crate) exc_phrases: Vec<String>,
    pub(crate) exc_seqs: Vec<Sequence>,
    pub(crate) clauses: Vec<Clause>,
    pub(crate) exc_clauses: Vec<Clause>,
    /// `(normalized phrase variants, replacement)`.
    pub(crate) swaps: Vec<(Vec<String>, String)>,
    pub(crate) exc_patterns: Vec<LazyRegex>,
    pub(crate) check: Option<Check>,
}

/// How many bytes of text a linter walks with its (quick to build) noncontiguous NFA before it
/// builds the contiguous one from it (a few ms for the built-in packs; faster to walk). One
/// draft at a pre-send hook never pays for it, a corpus pays once. (The name is historical:
/// it once became a DFA, whose tables, walked at every word start, missed the cache.)
pub(crate) const DFA_AFTER: usize = 256 * 1024;

/// Above this many word entries the automaton is a contiguous NFA from the start: a large
/// user pack then keeps one automaton, not the noncontiguous one as well.
pub(crate) const CONTIGUOUS_ABOVE: usize = 40_000;

/// The word-start automaton over `texts`: a noncontiguous NFA, or a contiguous one when
/// `large`. Both (and the contiguous one made later from the former) find exactly the same
/// matches.
pub(crate) fn words_automaton<'a>(texts: impl IntoIterator<Item = &'a str>, large: bool) -> Words {
    let nfa = noncontiguous::Builder::new()
        .match_kind(MatchKind::Standard)
        .build(texts)
        .expect("word automaton within limits");
    if large {
        Words::Contiguous(
            contiguous::Builder::new().build_from_noncontiguous(&nfa).expect("word automaton within limits"),
        )
    } else {
        Words::Nfa(nfa)
    }
}

/// Puts the compiled rules together: one automaton for every phrase and first word.
pub(crate) fn assemble(compiled: Vec<CompiledRule>, languages: Vec<crate::Language>) -> Index {
    let detect = languages.len() > 1;
    let mut entries: Vec<AcEntry> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut seqs: Vec<Sequence> = Vec::new();
    // The entry for a text, made on first use.
    let mut entry = |text: &str, entries: &mut Vec<AcEntry>| -> usize {
        *index.entry(text.to_string()).or_insert_with(|| {
            entries.push(AcEntry {
                text: text.to_string(),
                left: text.chars().next().is_some_and(is_word_char),
                right: text.chars().next_back().is_some_and(is_word_char),
                uses: Vec::new(),
                seq_uses: Vec::new(),
                steps: Vec::new(),
            });
            entries.len() - 1
        })
    };
    let mut regexes: Vec<GatedRegex> = Vec::new();
    let mut clauses = Vec::new();
    let mut swaps = Vec::new();
    let mut patterns = Vec::new();
    let mut exc_patterns = Vec::new();
    let mut checks = Vec::new();
    for (r, c) in compiled.into_iter().enumerate() {
        let rule = r as u32;
        for p in &c.phrases {
            let e = entry(p, &mut entries);
            entries[e].uses.push(Use { rule, kind: UseKind::Phrase });
        }
        for p in &c.exc_phrases {
            let e = entry(p, &mut entries);
            entries[e].uses.push(Use { rule, kind: UseKind::ExceptPhrase });
        }
        for (seq_list, except) in [(c.seqs, false), (c.exc_seqs, true)] {
            for s in seq_list {
                let id = seqs.len() as u32;
                for alt in &s.steps[0].alts {
                    let kind = if except { UseKind::ExceptSeq(id) } else { UseKind::Seq(id) };
                    let e = entry(&alt.text, &mut entries);
                    entries[e].seq_uses.push(Use { rule, kind });
                }
                // Later steps only mark that their word occurs somewhere: a sequence is tried
                // only when every step was seen. One bit mask per entry and sequence.
                for (k, step) in s.steps.iter().enumerate().skip(1) {
                    for alt in &step.alts {
                        let e = entry(&alt.text, &mut entries);
                        let e = &mut entries[e];
                        match e.steps.iter_mut().find(|(seq, _)| *seq == id) {
                            Some((_, bits)) => *bits |= 1 << k,
                            None => e.steps.push((id, 1 << k)),
                        }
                    }
                }
                seqs.push(s);
            }
        }
        for (list, except) in [(c.clauses, false), (c.exc_clauses, true)] {
            for cl in list {
                let id = clauses.len() as u32;
                for (slot, alts) in cl.slots.iter().enumerate() {
                    for alt in alts {
                        let e = entry(&alt.text, &mut entries);
                        let kind = UseKind::Clause { id, slot: slot as u8, prefix: alt.prefix };
                        entries[e].uses.push(Use { rule, kind });
                    }
                }
                clauses.push((cl, rule, except));
            }
        }
        for (variants, replacement) in c.swaps {
            let id = swaps.len() as u32;
            for v in &variants {
                let e = entry(v, &mut entries);
                entries[e].uses.push(Use { rule, kind: UseKind::Swap(id) });
            }
            swaps.push(replacement);
        }
        // Each regex joins the list with its gate; an automaton gate adds its pieces as entries.
        for re in c.patterns {
            let id = regexes.len();
            let (gate, pieces) = gate_of(&re.source);
            for piece in &pieces {
                let e = entry(piece, &mut entries);
                entries[e].uses.push(Use { rule, kind: UseKind::Gate(id as u32) });
            }
            regexes.push(GatedRegex { regex: re, gate });
            patterns.push((rule, id));
        }
        // Exception regexes run only for a rule with a hit, so working out a gate for a user's
        // (parsing, literal extraction) would cost about as much as compiling it: only the
        // built-in ones, whose gates `build.rs` worked out, get one. It spares compiling an
        // exception regex that cannot match (a pre-send draft with one hit compiled all of
        // its rule's exceptions).
        let first = regexes.len();
        for regex in c.exc_patterns {
            let id = regexes.len();
            let (gate, pieces) = builtin_gate(&regex.source).unwrap_or((Gate::Always, Vec::new()));
            for piece in &pieces {
                let e = entry(piece, &mut entries);
                entries[e].uses.push(Use { rule, kind: UseKind::Gate(id as u32) });
            }
            regexes.push(GatedRegex { regex, gate });
        }
        exc_patterns.push((first..regexes.len()).collect());
        if let Some(ch) = c.check {
            checks.push((rule, ch));
        }
    }
    if detect {
        for (word, lang) in crate::language::stopwords() {
            let e = entry(&word, &mut entries);
            entries[e].uses.push(Use { rule: u32::MAX, kind: UseKind::Lang(lang as u8) });
        }
    }
    // Entries that start with a word character can only be used where a word starts: they go
    // into the word-start automaton (one anchored walk per word instead of a match for every
    // `i` or `a` inside a word). Gate pieces are substrings, found anywhere, as are the few
    // entries that start with another character.
    let is_gate = |u: &Use| matches!(u.kind, UseKind::Gate(_));
    let word_entries: Vec<u32> = (0..entries.len() as u32)
        .filter(|&i| {
            let e = &entries[i as usize];
            e.left && (e.uses.iter().any(|u| !is_gate(u)) || !e.seq_uses.is_empty() || !e.steps.is_empty())
        })
        .collect();
    let sub_entries: Vec<u32> = (0..entries.len() as u32)
        .filter(|&i| {
            let e = &entries[i as usize];
            !e.left || e.uses.iter().any(is_gate)
        })
        .collect();
    // A large set is a contiguous NFA from the start (see CONTIGUOUS_ABOVE).
    let large = word_entries.len() > CONTIGUOUS_ABOVE;
    let words = (!word_entries.is_empty())
        .then(|| words_automaton(word_entries.iter().map(|&i| entries[i as usize].text.as_str()), large));
    let subs = (!sub_entries.is_empty()).then(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(sub_entries.iter().map(|&i| entries[i as usize].text.as_str()))
            .expect("substring automaton within limits")
    });
    Index {
        words,
        dfa: OnceLock::new(),
        scanned: AtomicUsize::new(0),
        dfa_after: if large { usize::MAX } else { DFA_AFTER },
        word_entries,
        subs,
        sub_entries,
        entries,
        seqs,
        clauses,
        swaps,
        detects: detect,
        languages,
        regexes,
        patterns,
        exc_patterns,
        checks,
    }
}

#[cfg(test)]
mod tests {
    use crate::LinterBuilder;

    /// The noncontiguous NFA (first) and the contiguous one (after `DFA_AFTER` bytes) give
    /// identical results.
    #[test]
    fn nfa_and_dfa_agree() {
        let build = |after: usize| {
            let mut l = LinterBuilder::new().builtin().build().expect("built-in packs load");
            l.index_mut().dfa_after = after;
            l
        };
        let (nfa, dfa) = (build(usize::MAX), build(0));
        let mut texts: Vec<String> = Vec::new();
        for r in nfa.rules() {
            texts.extend(r.examples.flag.iter().chain(&r.examples.pass).cloned());
            texts.extend(r.examples.fix.iter().map(|(from, _)| from.clone()));
        }
        let all = texts.join("\n");
        texts.push(all);
        let mut findings = 0;
        for t in &texts {
            let (a, b) = (nfa.lint(t), dfa.lint(t));
            findings += a.len();
            assert_eq!(a, b, "{t:?}");
        }
        assert!(findings > 500, "the examples exercise the automaton ({findings} findings)");
        assert!(nfa.index().dfa.get().is_none() && dfa.index().dfa.get().is_some());
        // The contiguous NFA of a large pack finds the same as well.
        let mut contiguous = build(usize::MAX);
        let ix = contiguous.index();
        let texts_of: Vec<String> = ix.word_entries.iter().map(|&i| ix.entries[i as usize].text.clone()).collect();
        contiguous.index_mut().words = Some(super::words_automaton(texts_of.iter().map(String::as_str), true));
        for t in &texts {
            assert_eq!(nfa.lint(t), contiguous.lint(t), "{t:?}");
        }
    }

    /// A pack above `CONTIGUOUS_ABOVE` entries gets a contiguous NFA at once, built once.
    #[test]
    fn large_packs_get_a_contiguous_nfa() {
        let mut pack = String::from("pack: big\nlanguage: any\nkind: any\nrules:\n  - code: Z901\n    name: big\n    category: vague\n    severity: info\n    message: m\n    why: w\n    phrases:\n");
        for i in 0..=super::CONTIGUOUS_ABOVE {
            pack.push_str(&format!("      - \"zq{i} x\"\n"));
        }
        let l = LinterBuilder::new().builtin().pack_source("big.yaml", &pack).build().expect("loads");
        assert!(matches!(l.index().words, Some(super::Words::Contiguous(_))));
        let text = "zq17 x. I don't know. ".repeat(12_000);
        let found = l.lint(&text);
        assert!(found.iter().any(|d| d.code == "Z901") && found.iter().any(|d| d.code != "Z901"));
        assert!(l.index().dfa.get().is_none(), "a large pack never builds a second automaton");
    }
}
