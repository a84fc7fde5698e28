//! The compiled index of a rule set: what [`assemble`] makes of the validated rules and the
//! [`Linter`](crate::Linter) owns. Every distinct normalized phrase, word-sequence word, clause
//! word and regex gate piece is one entry (which says which rule uses it, and how); the entries
//! that start with a word character are in a trie walked at each word start, the rest (gate
//! pieces, entries starting with punctuation) in an Aho-Corasick automaton searched anywhere.
//! With them: the word sequences, the clauses, the gated regexes and the measured checks, all
//! addressed by rule number.

use crate::checks::Check;
use crate::gate::{builtin_gate, gate_of, Gate, GatedRegex, LazyRegex};
use crate::normalize::is_word_char;
use crate::pack::{MatcherKind, Reach};
use crate::trie::Trie;
use crate::words::{Clause, Sequence};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// How an automaton pattern is used by a rule.
#[derive(Debug, Clone, Copy)]
pub(crate) enum UseKind {
    Phrase,
    ExceptPhrase(Reach),
    /// First word of word sequence N.
    Seq(u32),
    /// First word of exception word sequence N.
    ExceptSeq(u32, Reach),
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

/// What the matches of a matcher are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Hits of its rule.
    Hit,
    /// Exceptions that cancel the rule's hits where they reach.
    Except(Reach),
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
    /// `Some(k)` for the text of `*end` and `*part*` alternatives, the k-th such entry: found
    /// inside words too (searched as a substring), once per word, standing for the whole word.
    pub(crate) inner: Option<u32>,
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
    /// The entries that start with a word character (all their uses but regex gates), walked
    /// anchored at each word start of the text (see [`Trie`]).
    pub(crate) words: Option<Trie>,
    /// Pattern i of `words` is entry `word_entries[i]`.
    pub(crate) word_entries: Vec<u32>,
    /// The entries found as substrings anywhere: regex gate pieces (only their gate uses) and
    /// entries that start with a non-word character (all their uses).
    pub(crate) subs: Option<AhoCorasick>,
    /// Pattern i of `subs` is entry `sub_entries[i]`.
    pub(crate) sub_entries: Vec<u32>,
    /// How many entries are word parts (`AcEntry::inner`).
    pub(crate) inner_count: usize,
    /// Every distinct normalized string of the rules.
    pub(crate) entries: Vec<AcEntry>,
    pub(crate) seqs: Vec<Sequence>,
    /// Every clause entry, with its rule and what its matches are.
    pub(crate) clauses: Vec<(Clause, u32, Role)>,
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
    /// Per rule, indices into `regexes` of its exception patterns, with where each reaches.
    pub(crate) exc_patterns: Vec<Vec<(usize, Reach)>>,
    pub(crate) checks: Vec<(u32, Check)>,
    /// Per rule, the matcher kinds its exceptions do not apply to (bits of
    /// [`MatcherKind::bit`]).
    pub(crate) exempt: Vec<u8>,
    /// Per rule number, the rule it reports as: itself for a real rule, the rule a variant
    /// belongs to for the numbers after them.
    pub(crate) parent: Vec<u32>,
}

impl Index {
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
    pub(crate) exc_phrases: Vec<(String, Reach)>,
    pub(crate) exc_seqs: Vec<(Sequence, Reach)>,
    pub(crate) clauses: Vec<Clause>,
    pub(crate) exc_clauses: Vec<(Clause, Reach)>,
    /// `(normalized phrase variants, replacement)`.
    pub(crate) swaps: Vec<(Vec<String>, String)>,
    pub(crate) exc_patterns: Vec<(LazyRegex, Reach)>,
    pub(crate) check: Option<Check>,
    /// The matcher kinds (bits of [`MatcherKind::bit`]) whose hits the rule's exceptions do
    /// not cancel (`exceptions.only` leaves them out).
    pub(crate) exempt: u8,
    /// The rule's `variants`: matcher groups reported as this rule, each with its own
    /// exceptions (compiled as extra rule numbers after the real ones, see `Index::parent`).
    pub(crate) variants: Vec<CompiledRule>,
}

/// Puts the compiled rules together: one automaton for every phrase and first word.
pub(crate) fn assemble(mut compiled: Vec<CompiledRule>, languages: Vec<crate::Language>) -> Index {
    // Variants become rule numbers of their own after the real rules, each reporting as its
    // rule, so their exceptions are theirs alone.
    let real = compiled.len();
    let mut parent: Vec<u32> = (0..real as u32).collect();
    for r in 0..real {
        for v in std::mem::take(&mut compiled[r].variants) {
            parent.push(r as u32);
            compiled.push(v);
        }
    }
    let detect = languages.len() > 1;
    let mut entries: Vec<AcEntry> = Vec::new();
    let mut index: HashMap<(String, bool), usize> = HashMap::new();
    let mut seqs: Vec<Sequence> = Vec::new();
    let mut inner_count = 0u32;
    // The entry for a text (found inside words too when `inner`), made on first use.
    let mut entry = |text: &str, inner: bool, entries: &mut Vec<AcEntry>| -> usize {
        *index.entry((text.to_string(), inner)).or_insert_with(|| {
            let inner = inner.then(|| {
                inner_count += 1;
                inner_count - 1
            });
            entries.push(AcEntry {
                text: text.to_string(),
                left: text.chars().next().is_some_and(is_word_char),
                right: text.chars().next_back().is_some_and(is_word_char),
                inner,
                uses: Vec::new(),
                seq_uses: Vec::new(),
                steps: Vec::new(),
            });
            entries.len() - 1
        })
    };
    let mut regexes: Vec<GatedRegex> = Vec::new();
    let mut pattern_ids: HashMap<String, usize> = HashMap::new();
    let mut exception_ids: HashMap<String, usize> = HashMap::new();
    let mut clauses = Vec::new();
    let mut swaps = Vec::new();
    let mut patterns = Vec::new();
    let mut exc_patterns = Vec::new();
    let mut checks = Vec::new();
    let mut exempt = Vec::with_capacity(compiled.len());
    for (r, c) in compiled.into_iter().enumerate() {
        let rule = r as u32;
        exempt.push(c.exempt);
        for p in &c.phrases {
            let e = entry(p, false, &mut entries);
            entries[e].uses.push(Use { rule, kind: UseKind::Phrase });
        }
        for (p, reach) in &c.exc_phrases {
            let e = entry(p, false, &mut entries);
            entries[e].uses.push(Use { rule, kind: UseKind::ExceptPhrase(*reach) });
        }
        let own = c.seqs.into_iter().map(|s| (s, Role::Hit));
        for (s, role) in own.chain(c.exc_seqs.into_iter().map(|(s, reach)| (s, Role::Except(reach)))) {
            let id = seqs.len() as u32;
            for alt in &s.steps[0].alts {
                let kind = match role {
                    Role::Hit => UseKind::Seq(id),
                    Role::Except(reach) => UseKind::ExceptSeq(id, reach),
                };
                let e = entry(&alt.text, alt.inner, &mut entries);
                entries[e].seq_uses.push(Use { rule, kind });
            }
            // Later steps only mark that their word occurs somewhere: a sequence is tried
            // only when every step was seen. One bit mask per entry and sequence.
            for (k, step) in s.steps.iter().enumerate().skip(1) {
                for alt in &step.alts {
                    let e = entry(&alt.text, alt.inner, &mut entries);
                    let e = &mut entries[e];
                    match e.steps.iter_mut().find(|(seq, _)| *seq == id) {
                        Some((_, bits)) => *bits |= 1 << k,
                        None => e.steps.push((id, 1 << k)),
                    }
                }
            }
            seqs.push(s);
        }
        let own = c.clauses.into_iter().map(|cl| (cl, Role::Hit));
        for (cl, role) in own.chain(c.exc_clauses.into_iter().map(|(cl, reach)| (cl, Role::Except(reach)))) {
            let id = clauses.len() as u32;
            for (slot, alts) in cl.slots.iter().enumerate() {
                for alt in alts {
                    let e = entry(&alt.text, alt.inner, &mut entries);
                    let kind = UseKind::Clause { id, slot: slot as u8, prefix: alt.prefix };
                    entries[e].uses.push(Use { rule, kind });
                }
            }
            clauses.push((cl, rule, role));
        }
        for (variants, replacement) in c.swaps {
            let id = swaps.len() as u32;
            for v in &variants {
                let e = entry(v, false, &mut entries);
                entries[e].uses.push(Use { rule, kind: UseKind::Swap(id) });
            }
            swaps.push(replacement);
        }
        // Each regex joins the list with its gate; an automaton gate adds its pieces as entries.
        // A regex written in several rules (a YAML anchor reused, a shared exception) is one
        // entry, compiled and gated once, so a draft that hits several of those rules compiles
        // it once. Patterns and exceptions are shared apart: their gates are worked out apart.
        for re in c.patterns {
            let id = *pattern_ids.entry(re.source.clone()).or_insert_with(|| {
                let id = regexes.len();
                let (gate, pieces) = gate_of(&re.source);
                for piece in &pieces {
                    let e = entry(piece, false, &mut entries);
                    entries[e].uses.push(Use { rule, kind: UseKind::Gate(id as u32) });
                }
                regexes.push(GatedRegex { regex: re, gate });
                id
            });
            patterns.push((rule, id));
        }
        // Exception regexes run only for a rule with a hit, so working out a gate for a user's
        // (parsing, literal extraction) would cost about as much as compiling it: only the
        // built-in ones, whose gates `build.rs` worked out, get one. It spares compiling an
        // exception regex that cannot match (a pre-send draft with one hit compiled all of
        // its rule's exceptions).
        let mut own_exc = Vec::with_capacity(c.exc_patterns.len());
        for (regex, reach) in c.exc_patterns {
            let id = *exception_ids.entry(regex.source.clone()).or_insert_with(|| {
                let id = regexes.len();
                let (gate, pieces) = builtin_gate(&regex.source).unwrap_or((Gate::Always, Vec::new()));
                for piece in &pieces {
                    let e = entry(piece, false, &mut entries);
                    entries[e].uses.push(Use { rule, kind: UseKind::Gate(id as u32) });
                }
                regexes.push(GatedRegex { regex, gate });
                id
            });
            own_exc.push((id, reach));
        }
        exc_patterns.push(own_exc);
        if let Some(ch) = c.check {
            checks.push((rule, ch));
        }
    }
    if detect {
        for (word, lang) in crate::language::stopwords() {
            let e = entry(&word, false, &mut entries);
            entries[e].uses.push(Use { rule: u32::MAX, kind: UseKind::Lang(lang as u8) });
        }
    }
    // Entries that start with a word character can only be used where a word starts: they go
    // into the word-start automaton (one anchored walk per word instead of a match for every
    // `i` or `a` inside a word). Gate pieces are substrings, found anywhere, as are the few
    // entries that start with another character and the word parts of `*end` and `*part*`.
    let is_gate = |u: &Use| matches!(u.kind, UseKind::Gate(_));
    let word_entries: Vec<u32> = (0..entries.len() as u32)
        .filter(|&i| {
            let e = &entries[i as usize];
            e.left
                && e.inner.is_none()
                && (e.uses.iter().any(|u| !is_gate(u)) || !e.seq_uses.is_empty() || !e.steps.is_empty())
        })
        .collect();
    let sub_entries: Vec<u32> = (0..entries.len() as u32)
        .filter(|&i| {
            let e = &entries[i as usize];
            !e.left || e.inner.is_some() || e.uses.iter().any(is_gate)
        })
        .collect();
    let words =
        (!word_entries.is_empty()).then(|| Trie::new(word_entries.iter().map(|&i| entries[i as usize].text.as_str())));
    let subs = (!sub_entries.is_empty()).then(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(sub_entries.iter().map(|&i| entries[i as usize].text.as_str()))
            .expect("substring automaton within limits")
    });
    Index {
        words,
        word_entries,
        subs,
        sub_entries,
        inner_count: inner_count as usize,
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
        exempt,
        parent,
    }
}

impl Index {
    /// Whether hits of `rule` from matchers of `kind` escape the rule's exceptions.
    #[inline]
    pub(crate) fn exempt(&self, rule: u32, kind: MatcherKind) -> bool {
        self.exempt[rule as usize] & kind.bit() != 0
    }
}

#[cfg(test)]
mod tests {
    use crate::LinterBuilder;
    use aho_corasick::automaton::Automaton;
    use aho_corasick::nfa::noncontiguous;
    use aho_corasick::{Anchored, MatchKind};

    /// What an anchored Aho-Corasick walk (the word automaton before the trie) finds at `at`:
    /// the reference the trie is checked against.
    fn reference(nfa: &noncontiguous::NFA, hay: &[u8], at: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut sid = nfa.start_state(Anchored::Yes).expect("anchored start");
        for (i, &b) in hay[at..].iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_dead(sid) {
                break;
            }
            for k in 0..nfa.match_len(sid) {
                let pid = nfa.match_pattern(sid, k);
                if nfa.pattern_len(pid) == i + 1 {
                    out.push((pid.as_usize(), at + i + 1));
                }
            }
        }
        out
    }

    fn walk(trie: &super::Trie, hay: &[u8], at: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        trie.walk(hay, at, |p, e| out.push((p, e)));
        out
    }

    /// The trie of the built-in packs' word entries finds, at every byte of every example,
    /// exactly what the anchored Aho-Corasick walk found.
    #[test]
    fn trie_finds_what_an_anchored_automaton_finds() {
        let l = LinterBuilder::new().builtin().build().expect("built-in packs load");
        let ix = l.index();
        let texts: Vec<&str> = ix.word_entries.iter().map(|&i| ix.entries[i as usize].text.as_str()).collect();
        let nfa = noncontiguous::Builder::new().match_kind(MatchKind::Standard).build(&texts).expect("builds");
        let trie = super::Trie::new(texts.iter().copied());
        let mut hay = String::new();
        for r in l.rules() {
            for t in r.examples.flag.iter().chain(&r.examples.pass) {
                hay.push_str(&crate::normalize::normalize_phrase(t));
                hay.push('\n');
            }
        }
        let mut found = 0;
        for at in 0..hay.len() {
            let want = reference(&nfa, hay.as_bytes(), at);
            found += want.len();
            assert_eq!(walk(&trie, hay.as_bytes(), at), want, "at {at}: {:?}", &hay[at..(at + 40).min(hay.len())]);
        }
        assert!(found > 5_000, "the examples exercise the trie ({found} entries found)");
    }

    /// A regex written in two rules is one compiled regex, and each rule still gets its own
    /// hits and exceptions from it.
    #[test]
    fn a_regex_in_several_rules_is_compiled_once() {
        let rule = |code: &str, name: &str| {
            format!("  - code: {code}\n    name: {name}\n    category: dont-know\n    severity: warning\n    message: m\n    why: w\n    patterns: ['(?i)zq+x']\n    exceptions:\n      patterns: ['(?i)zqqx']\n")
        };
        let pack = format!("pack: p\nlanguage: en\nkind: draft\nrules:\n{}{}", rule("Z001", "a"), rule("Z002", "b"));
        let l = LinterBuilder::new().pack_source("p.yaml", &pack).build().expect("loads");
        assert_eq!(l.index().regexes.len(), 2, "one pattern and one exception regex");
        let codes = |t: &str| l.lint(t).into_iter().map(|d| d.code.to_string()).collect::<Vec<_>>();
        assert_eq!(codes("zqx"), ["Z001", "Z002"]);
        assert!(codes("zqqx").is_empty());
    }

    /// Prefixes of each other, shared prefixes, the end of the text, bytes above 0x7f, a
    /// node with more children than are scanned, repeated and empty texts.
    #[test]
    fn trie_edge_cases() {
        let many: Vec<String> = (0u8..=255).map(|b| format!("x{}", b as char)).collect();
        let mut texts: Vec<&str> = vec!["a", "ab", "abc", "abd", "b", "ab", "", "ä", "äb", "zz"];
        texts.extend(many.iter().map(String::as_str));
        let trie = super::Trie::new(texts.iter().copied());
        assert_eq!(walk(&trie, b"abcd", 0), vec![(0, 1), (1, 2), (2, 3)]);
        assert_eq!(walk(&trie, b"abd", 0), vec![(0, 1), (1, 2), (3, 3)]);
        assert_eq!(walk(&trie, b"ab", 1), vec![(4, 2)]);
        assert_eq!(walk(&trie, b"ab", 2), vec![]);
        assert_eq!(walk(&trie, "äbc".as_bytes(), 0), vec![(7, 2), (8, 3)]);
        assert_eq!(walk(&trie, b"z", 0), vec![]);
        assert_eq!(walk(&trie, b"c", 0), vec![]);
        for (i, t) in many.iter().enumerate() {
            assert_eq!(walk(&trie, t.as_bytes(), 0), vec![(10 + i, t.len())], "{t:?}");
        }
        assert_eq!(walk(&super::Trie::new([]), b"abc", 0), vec![]);
    }
}
