//! Linting one message: scan, filter, merge, report; and applying safe fixes.

use crate::engines::Engines;
use crate::index::{Index, Role, UseKind};
use crate::language::Language;
use crate::line_index::LineIndex;
use crate::model::{Applicability, Category, Diagnostic, Kind, Suggestion};
use crate::normalize::{is_word_char, Normalized};
use crate::pack::{MatcherKind, Reach};
use crate::rule::{PackInfo, Rule};
use crate::scope::Scope;
use crate::spans::{
    capitalize, exception_window, merge_ranges, overlaps, sentence_start, sentences_back, sentences_forward,
};
use crate::suppress::{self, Directive};
use crate::words;
use regex::Regex;
use std::cell::RefCell;

/// A compiled set of rules, ready to lint any number of messages.
///
/// Building one (with [`LinterBuilder`](crate::LinterBuilder)) validates every rule and
/// compiles it once (at build time, or for a language's built-in rules on that language's first
/// message, with [`LinterBuilder::languages_on_demand`](crate::LinterBuilder::languages_on_demand)): all phrases and words into a trie walked at each word start,
/// regex gate pieces into an Aho-Corasick automaton, every regex validated and built.
/// A `Linter` is `Send + Sync`; share it between threads by reference or `Arc`.
#[derive(Debug)]
pub struct Linter {
    packs: Vec<PackInfo>,
    ignore_patterns: Vec<Regex>,
    rules: Vec<Rule>,
    kind: Option<Kind>,
    pub(crate) engines: Engines,
    /// Which findings inline suppression directives can switch off.
    directives: suppress::Honour,
    /// The declared help desks' merge fields ([`crate::HelpDesk`]): placeholder findings
    /// inside one are dropped.
    merge_fields: Option<Regex>,
    /// What the builder noticed that is not an error but leaves less checked than asked.
    warnings: Vec<String>,
    /// Per rule, the rules whose overlapping findings drop its own (`yield-to`); empty when no
    /// rule yields.
    yields: Vec<Vec<u32>>,
    /// Whether packs of two or more concrete languages are loaded (findings of a message whose
    /// language is not known may then repeat across languages).
    multilingual: bool,
}

/// Which language's rules a lint keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// Every loaded rule.
    All,
    /// One language's rules and the language-independent ones.
    Only(Language),
    /// The rules of the language told from the message, or every rule when it cannot be told.
    Detect,
}

#[derive(Default)]
struct Scratch {
    scope: Scope,
    norm: Normalized,
    /// Candidate word-sequence starts: (automaton entry, normalized offset), one per
    /// occurrence of a first word, however many sequences start with it (a first word such as
    /// `i` or `you` starts dozens: one candidate each made the list of a 10 MB message
    /// about 12 bytes per byte of text). At most [`CANDS_MAX`]: a full list is tried at once.
    cands: Vec<(u32, u32)>,
    /// Clause slot hits: (clause, slot, normalized start, end).
    clause_hits: Vec<(u32, u8, usize, usize)>,
    /// Per clause, a bit for each slot that some word filled.
    clause_seen: Vec<u16>,
    /// One clause's slot hits, for the window search.
    slot_hits: Vec<(u8, usize, usize)>,
    /// One clause's windows; one rule's exception windows.
    windows: Vec<(usize, usize)>,
    /// Stopword counts per language of the table, for detection.
    lang_counts: Vec<u32>,
    /// Swap hits: (rule, original start, end, swap).
    swaps: Vec<(u32, usize, usize, u32)>,
    /// Per sequence, a bit for each step whose word occurs in the text.
    seen: Vec<u64>,
    /// Per regex, whether a piece of its (automaton) gate occurs in the text.
    gates: Vec<bool>,
    /// Per word part (`*end`, `*part*` entry), the start of the last word it was recorded for.
    inner_word: Vec<usize>,
    /// Matches, sorted by where they go.
    found: Found,
    spans: Vec<(usize, usize)>,
}

/// A message's matches: (rule, original start, end) in three lists.
#[derive(Default)]
struct Found {
    /// Hits that the rule's exceptions may cancel.
    hits: Vec<(u32, usize, usize)>,
    /// Hits that the rule's exceptions do not apply to (`exceptions.only` leaves their matcher
    /// kind out); ignore patterns and scope still do.
    immune: Vec<(u32, usize, usize)>,
    /// Exception matches (`exceptions`); after the scan, also the stretches that those of
    /// `follows` and `precedes` reach.
    excepts: Vec<(u32, usize, usize)>,
    /// Matches of `exceptions.after`: they cancel hits they follow.
    follows: Vec<(u32, usize, usize)>,
    /// Matches of `exceptions.before`: they cancel hits they precede.
    precedes: Vec<(u32, usize, usize)>,
}

impl Found {
    /// The list a match of `rule`'s matcher `kind` goes to: the exceptions of its reach when
    /// the matcher is an exception, else immune or plain hits as the rule's `exceptions.only`
    /// says.
    fn bin(&mut self, ix: &Index, rule: u32, kind: MatcherKind, role: Role) -> &mut Vec<(u32, usize, usize)> {
        match role {
            Role::Except(Reach::Overlap) => &mut self.excepts,
            Role::Except(Reach::Follows) => &mut self.follows,
            Role::Except(Reach::Precedes) => &mut self.precedes,
            Role::Hit if ix.exempt(rule, kind) => &mut self.immune,
            Role::Hit => &mut self.hits,
        }
    }

    /// Turns the `follows` and `precedes` matches into the stretches they cancel hits in: a
    /// match after a hit reaches back from its start to the start of the sentence before its
    /// own, one before a hit reaches on from its end to the end of its sentence. A stretch
    /// leaves its match out: a hit that starts inside an `after` match (or ends inside a
    /// `before` one) is not followed (or preceded) by it, and stays.
    fn reach(&mut self, text: &str) {
        for &(rule, a, _) in &self.follows {
            self.excepts.push((rule, sentences_back(text, a, 2), a));
        }
        for &(rule, _, b) in &self.precedes {
            self.excepts.push((rule, b, sentences_forward(text, b, 1)));
        }
    }

    /// Empties every list.
    fn clear(&mut self) {
        for list in [&mut self.hits, &mut self.immune, &mut self.excepts, &mut self.follows, &mut self.precedes] {
            list.clear();
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Linter {
    /// A linter over `rules` (in rule-number order) and their compiled `index`.
    pub(crate) fn new(
        packs: Vec<PackInfo>,
        rules: Vec<Rule>,
        kind: Option<Kind>,
        engines: Engines,
        ignore_patterns: Vec<Regex>,
        directives: suppress::Honour,
    ) -> Self {
        let yields = if rules.iter().all(|r| r.yield_to.is_empty()) {
            Vec::new()
        } else {
            rules
                .iter()
                .map(|r| {
                    let over = |o: &Rule| r.yield_to.contains(&o.category);
                    (0..rules.len() as u32).filter(|&o| over(&rules[o as usize])).collect()
                })
                .collect()
        };
        let mut langs = packs.iter().map(|p| p.language).filter(|&l| l != Language::Any);
        let multilingual = langs.next().is_some_and(|first| langs.any(|l| l != first));
        Linter {
            multilingual,
            packs,
            ignore_patterns,
            rules,
            kind,
            engines,
            directives,
            merge_fields: None,
            warnings: Vec::new(),
            yields,
        }
    }

    /// The index over every rule (built now, where languages are built on demand).
    pub(crate) fn index(&self) -> &Index {
        self.engines.full()
    }

    /// The same, to change (tests).
    #[cfg(test)]
    pub(crate) fn index_mut(&mut self) -> &mut Index {
        self.engines.full();
        self.engines.full_mut()
    }

    /// The same linter, dropping placeholder findings inside matches of `merge_fields`.
    pub(crate) fn with_merge_fields(mut self, merge_fields: Option<Regex>) -> Self {
        self.merge_fields = merge_fields;
        self
    }

    pub(crate) fn with_warnings(mut self, warnings: Vec<String>) -> Self {
        self.warnings = warnings;
        self
    }

    /// What building noticed that is not an error but checks less than was asked: a
    /// `select` that names only rules the kind or languages leave out. A front-end shows
    /// these to the user (the library never prints).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Every pack that was loaded (including those whose rules the kind, language or
    /// selectors left out).
    pub fn packs(&self) -> &[PackInfo] {
        &self.packs
    }

    /// The rules this linter runs, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The kind of message this linter was built for, if it was restricted to one.
    pub fn kind(&self) -> Option<Kind> {
        self.kind
    }

    /// Every distinct normalized phrase of the loaded rules (not exceptions, not word
    /// sequences), sorted: what a plain multi-phrase search would look for. For the
    /// benchmarks' `tact rules phrases`; not a stable API.
    #[doc(hidden)]
    pub fn phrases(&self) -> Vec<String> {
        self.index().phrases()
    }

    /// Lints one message with the rules of its language: when the loaded rules span several
    /// languages, the message's language is told from its words during the scan (see
    /// [`lint_auto`](Self::lint_auto)) and only that language's rules and the
    /// language-independent ones report; when it cannot be told, every rule does. Findings are
    /// in text order; overlapping hits of one rule are merged; findings covered by an inline
    /// suppression directive are left out (where the linter honours them: see
    /// [`LinterBuilder::inline_directives`](crate::LinterBuilder::inline_directives)).
    pub fn lint(&self, text: &str) -> Vec<Diagnostic> {
        self.lint_reporting_directives(text).0
    }

    /// Like [`lint`](Self::lint), and also returns the suppression directives that suppressed
    /// nothing (so a library can report stale ones).
    pub fn lint_reporting_directives(&self, text: &str) -> (Vec<Diagnostic>, Vec<Directive>) {
        let (diags, unused, _) = self.lint_choosing(text, Choice::Detect);
        (diags, unused)
    }

    /// Lints one message with the rules of `language` and the language-independent ones only
    /// (`None`: every loaded rule, whatever the message's language).
    pub fn lint_in(&self, text: &str, language: Option<Language>) -> Vec<Diagnostic> {
        self.lint_in_reporting_directives(text, language).0
    }

    /// Detects the message's language ([`detect`](crate::detect)) and lints it with that
    /// language's rules, or with every rule when the language cannot be told; returns the
    /// language used.
    pub fn lint_auto(&self, text: &str) -> (Vec<Diagnostic>, Option<Language>) {
        let (diags, _, language) = self.lint_choosing(text, Choice::Detect);
        (diags, language)
    }

    /// [`lint_in`](Self::lint_in) that also returns the directives that suppressed nothing.
    pub fn lint_in_reporting_directives(
        &self,
        text: &str,
        language: Option<Language>,
    ) -> (Vec<Diagnostic>, Vec<Directive>) {
        let (diags, unused, _) = self.lint_choosing(text, language.map_or(Choice::All, Choice::Only));
        (diags, unused)
    }

    /// [`lint_auto`](Self::lint_auto) that also returns the directives that suppressed nothing.
    pub fn lint_auto_reporting_directives(&self, text: &str) -> (Vec<Diagnostic>, Vec<Directive>, Option<Language>) {
        self.lint_choosing(text, Choice::Detect)
    }

    fn lint_choosing(&self, text: &str, choice: Choice) -> (Vec<Diagnostic>, Vec<Directive>, Option<Language>) {
        let (mut diags, language) = SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut scratch) => self.lint_picking(text, choice, &mut scratch),
            Err(_) => self.lint_picking(text, choice, &mut Scratch::default()),
        });
        self.drop_merge_fields(text, &mut diags);
        if self.directives == suppress::Honour::None {
            return (diags, Vec::new(), language);
        }
        let directives = suppress::find(text);
        if directives.is_empty() {
            return (diags, Vec::new(), language);
        }
        let unused = suppress::apply(&directives, &mut diags, self.directives);
        (diags, unused, language)
    }

    /// Drops placeholder findings that lie inside a declared help desk's merge field. The
    /// fields are searched only when there is such a finding, and only once per message.
    fn drop_merge_fields(&self, text: &str, diags: &mut Vec<Diagnostic>) {
        let Some(re) = &self.merge_fields else { return };
        if !diags.iter().any(|d| d.category == Category::Placeholder) {
            return;
        }
        let fields: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
        diags.retain(|d| {
            d.category != Category::Placeholder || {
                // Fields are sorted and disjoint: the last one starting at or before the
                // finding is the only one that can contain it.
                let i = fields.partition_point(|&(a, _)| a <= d.start);
                !(i > 0 && fields[i - 1].1 >= d.end)
            }
        });
    }

    /// Picks the index to lint with (see [`crate::engines`]): where languages are built on
    /// demand, a message's language is told first and that language's index lints it.
    fn lint_picking(&self, text: &str, choice: Choice, s: &mut Scratch) -> (Vec<Diagnostic>, Option<Language>) {
        match choice {
            Choice::All => self.lint_with(self.engines.full(), text, choice, s),
            Choice::Only(l) => self.lint_with(self.engines.language(l), text, choice, s),
            Choice::Detect => match self.engines.detector() {
                Some(detector) => match self.lint_with(detector, text, Choice::Detect, s).1 {
                    Some(l) => self.lint_with(self.engines.language(l), text, Choice::Only(l), s),
                    None => self.lint_with(self.engines.full(), text, Choice::Detect, s),
                },
                None => self.lint_with(self.engines.full(), text, choice, s),
            },
        }
    }

    fn lint_with(
        &self,
        ix: &Index,
        text: &str,
        choice: Choice,
        s: &mut Scratch,
    ) -> (Vec<Diagnostic>, Option<Language>) {
        s.found.clear();
        s.swaps.clear();
        s.lang_counts.clear();
        s.scope.fill(text);
        let end = s.scope.end;
        if ix.words.is_some() || ix.subs.is_some() {
            s.norm.fill(text, end);
            s.cands.clear();
            s.clause_hits.clear();
            s.clause_seen.clear();
            s.clause_seen.resize(ix.clauses.len(), 0);
            s.lang_counts.clear();
            s.lang_counts.resize(Language::ALL.len(), 0);
            s.seen.clear();
            s.seen.resize(ix.seqs.len(), 0);
            s.gates.clear();
            s.gates.resize(ix.regexes.len(), false);
            let norm = s.norm.text.as_str();
            // One occurrence of entry `e` at `ns..ne` where a word starts (or, for an entry
            // that starts with a non-word character, anywhere): every use but regex gates.
            let mut record = |e: usize, ns: usize, ne: usize| {
                let entry = &ix.entries[e];
                let whole = !entry.right || !norm[ne..].chars().next().is_some_and(is_word_char);
                for &(i, bits) in &entry.steps {
                    s.seen[i as usize] |= bits;
                }
                if !entry.seq_uses.is_empty() {
                    // Tried after the scan, once we know which steps occur; on a long message
                    // a full list is tried at once without that test (it only skips sequences
                    // that cannot match), so the list stays small.
                    if s.cands.len() == CANDS_MAX {
                        try_candidates(ix, text, &s.norm, &s.cands, None, &mut s.found);
                        s.cands.clear();
                    }
                    s.cands.push((e as u32, ns as u32));
                }
                for u in &entry.uses {
                    let span = match u.kind {
                        UseKind::Gate(_) => continue,
                        UseKind::Lang(i) => {
                            if whole {
                                s.lang_counts[i as usize] += 1;
                            }
                            continue;
                        }
                        UseKind::Phrase | UseKind::ExceptPhrase(_) | UseKind::Swap(_) => {
                            if !whole {
                                continue;
                            }
                            (ns, ne)
                        }
                        UseKind::Clause { id, slot, prefix } => {
                            if entry.inner.is_some() {
                                // `ns..ne` is the whole word (see the substring scan).
                                if !prefix && !norm[ns..ne].ends_with(entry.text.as_str()) {
                                    continue;
                                }
                            } else if entry.left && norm[..ns].chars().next_back().is_some_and(words::is_word) {
                                continue;
                            }
                            let we = ns + words::word_at(norm, ns).len();
                            if !prefix && we != ne {
                                continue;
                            }
                            s.clause_hits.push((id, slot, ns, we.max(ne)));
                            s.clause_seen[id as usize] |= 1 << slot;
                            continue;
                        }
                        UseKind::Seq(_) | UseKind::ExceptSeq(..) => continue,
                    };
                    let (os, oe) = s.norm.original_span(text, span.0, span.1);
                    if let UseKind::Swap(i) = u.kind {
                        s.swaps.push((u.rule, os, oe, i));
                    }
                    let (kind, role) = match u.kind {
                        UseKind::Swap(_) => (MatcherKind::Swap, Role::Hit),
                        UseKind::ExceptPhrase(reach) => (MatcherKind::Phrases, Role::Except(reach)),
                        _ => (MatcherKind::Phrases, Role::Hit),
                    };
                    s.found.bin(ix, u.rule, kind, role).push((u.rule, os, oe));
                }
            };
            if let Some(w) = &ix.words {
                // Every word start: a word character after a non-word one (or the start).
                let bytes = norm.as_bytes();
                let mut prev_word = false;
                let mut i = 0;
                while i < bytes.len() {
                    let b = bytes[i];
                    let (word, len) = if b < 0x80 {
                        (b.is_ascii_alphanumeric(), 1)
                    } else {
                        let c = norm[i..].chars().next().expect("i is on a char boundary");
                        (is_word_char(c), c.len_utf8())
                    };
                    if word && !prev_word {
                        w.walk(bytes, i, |p, ne| record(ix.word_entries[p] as usize, i, ne));
                    }
                    prev_word = word;
                    i += len;
                }
            }
            if let Some(subs) = &ix.subs {
                s.inner_word.clear();
                s.inner_word.resize(ix.inner_count, usize::MAX);
                // The word around the latest word-part match. Matches come in the order of
                // their ends, so each word is measured once, and each word part is recorded
                // once per word however often it occurs in it: linear in the text.
                let mut word = (0, 0);
                for m in subs.find_overlapping_iter(norm) {
                    let e = ix.sub_entries[m.pattern().as_usize()] as usize;
                    let entry = &ix.entries[e];
                    for u in &entry.uses {
                        if let UseKind::Gate(i) = u.kind {
                            s.gates[i as usize] = true;
                        }
                    }
                    if let Some(k) = entry.inner {
                        if !(word.0 <= m.start() && m.end() <= word.1) {
                            let ws = words::word_start(norm, m.start());
                            word = (ws, ws + words::word_at(norm, ws).len());
                        }
                        if s.inner_word[k as usize] != word.0 {
                            s.inner_word[k as usize] = word.0;
                            record(e, word.0, word.1);
                        }
                    } else if !entry.left {
                        record(e, m.start(), m.end());
                    }
                }
            }
            try_candidates(ix, text, &s.norm, &s.cands, Some(&s.seen), &mut s.found);
            // Clauses: per clause, the shortest windows inside one clause with every slot. A
            // clause with a slot that no word filled has none: its hits go first.
            let seen = &s.clause_seen;
            s.clause_hits.retain(|h| seen[h.0 as usize] == (1u16 << ix.clauses[h.0 as usize].0.slots.len()) - 1);
            s.clause_hits.sort_unstable();
            let mut i = 0;
            while i < s.clause_hits.len() {
                let id = s.clause_hits[i].0;
                let j = i + s.clause_hits[i..].partition_point(|h| h.0 == id);
                let (clause, rule, role) = &ix.clauses[id as usize];
                s.slot_hits.clear();
                s.slot_hits.extend(s.clause_hits[i..j].iter().map(|&(_, slot, a, b)| (slot, a, b)));
                s.slot_hits.sort_unstable_by_key(|&(slot, a, _)| (a, slot));
                s.windows.clear();
                words::clause_windows(&s.slot_hits, clause, norm, &mut s.windows);
                let kind = if clause.commas { MatcherKind::Clause } else { MatcherKind::Sentence };
                let target = s.found.bin(ix, *rule, kind, *role);
                for &(a, b) in &s.windows {
                    let (os, oe) = s.norm.original_span(text, a, b);
                    target.push((*rule, os, oe));
                }
                i = j;
            }
        }
        // Each regex runs on its own: its literal prefilter skips most text. (A RegexSet over
        // all of them was measured 2x slower: Unicode `\b` drives a set to the PikeVM.)
        let hay = &text[..end];
        for &(rule, i) in &ix.patterns {
            let g = &ix.regexes[i];
            if !g.may_match(&s.gates, i, hay) {
                continue;
            }
            let target = s.found.bin(ix, rule, MatcherKind::Patterns, Role::Hit);
            g.regex.each_match(hay, |a, b| target.push((rule, a, b)));
        }
        for (rule, check) in &ix.checks {
            s.spans.clear();
            check.run(text, &s.scope, &mut s.spans);
            let target = s.found.bin(ix, *rule, MatcherKind::Check, Role::Hit);
            target.extend(s.spans.iter().map(|&(a, b)| (*rule, a, b)));
        }
        // The language the hits are kept for: given, or told from the stopwords counted during
        // the scan (a linter of one language needs no telling).
        let language = match choice {
            Choice::All => None,
            Choice::Only(l) => Some(l),
            Choice::Detect if ix.detects => {
                // Only the languages that have rules here can win.
                for (count, lang) in s.lang_counts.iter_mut().zip(Language::ALL) {
                    if !ix.languages.contains(lang) {
                        *count = 0;
                    }
                }
                crate::language::pick(&s.lang_counts)
            }
            Choice::Detect => None,
        };
        if s.found.hits.is_empty() && s.found.immune.is_empty() {
            return (Vec::new(), language);
        }
        // Exception patterns run only for rules that have a hit, and only around the hits: on
        // the hit's sentence and the sentences next to it (see `exception_window`), each
        // stretch of text once per rule, so a long message with a few hits costs little.
        s.found.hits.sort_unstable();
        let mut h = 0;
        while h < s.found.hits.len() {
            let rule = s.found.hits[h].0;
            let group_end = h + s.found.hits[h..].partition_point(|x| x.0 == rule);
            let res = &ix.exc_patterns[rule as usize];
            if !res.is_empty() {
                s.windows.clear();
                s.windows.extend(s.found.hits[h..group_end].iter().map(|x| exception_window(hay, x.1, x.2)));
                let mut k = 0;
                while k < s.windows.len() {
                    let (ws, mut we) = s.windows[k];
                    k += 1;
                    while k < s.windows.len() && s.windows[k].0 <= we {
                        we = we.max(s.windows[k].1);
                        k += 1;
                    }
                    let window = &hay[ws..we];
                    for &(i, reach) in res {
                        let g = &ix.regexes[i];
                        if !g.may_match(&s.gates, i, window) {
                            continue;
                        }
                        let excepts = s.found.bin(ix, rule, MatcherKind::Patterns, Role::Except(reach));
                        g.regex.each_match(window, |a, b| excepts.push((rule, ws + a, ws + b)));
                    }
                }
            }
            h = group_end;
        }
        // Global ignore patterns cancel any rule's hit; rule u32::MAX marks them.
        for re in &self.ignore_patterns {
            for m in re.find_iter(&text[..end]) {
                s.found.excepts.push((u32::MAX, m.start(), m.end()));
            }
        }
        s.found.reach(hay);
        // Exceptions become disjoint, sorted ranges per rule, so each hit is checked with a
        // binary search instead of against every exception.
        merge_ranges(&mut s.found.excepts);
        let (scope, excepts) = (&s.scope, &s.found.excepts);
        // A variant's rule number reports as its rule's from here on.
        let rule_of = |r: u32| &self.rules[ix.parent[r as usize] as usize];
        s.found.hits.retain(|&(rule, a, b)| {
            !scope.skips(a, b, rule_of(rule).in_quotes)
                && !overlaps(excepts, rule, a, b)
                && !overlaps(excepts, u32::MAX, a, b)
        });
        s.found.hits.extend(
            s.found.immune.iter().copied().filter(|&(rule, a, b)| {
                !scope.skips(a, b, rule_of(rule).in_quotes) && !overlaps(excepts, u32::MAX, a, b)
            }),
        );
        for h in &mut s.found.hits {
            h.0 = ix.parent[h.0 as usize];
        }
        s.found.hits.sort_unstable();
        let mut merged: Vec<(u32, usize, usize)> = Vec::with_capacity(s.found.hits.len());
        for &(rule, a, b) in &s.found.hits {
            match merged.last_mut() {
                Some(last) if last.0 == rule && a < last.2 => last.2 = last.2.max(b),
                _ => merged.push((rule, a, b)),
            }
        }
        if let Some(lang) = language {
            merged.retain(|&(r, _, _)| {
                matches!(self.rules[r as usize].language, Language::Any) || self.rules[r as usize].language == lang
            });
        }
        merged.sort_unstable_by_key(|&(rule, a, b)| (a, b, rule));
        self.settle(&mut merged, language.is_none());
        s.swaps.sort_unstable();
        (self.diagnostics(ix, text, &merged, &s.swaps, language), language)
    }

    /// Drops the findings that others make redundant (`hits` sorted by start, end, rule). With
    /// `mixed` (the message's language is not known, so every language's packs ran), a finding
    /// that overlaps an earlier one of the same category from a pack of another language
    /// ("Idiots." is an English and a German insult; of two starting together, the one of the
    /// language first in the table is kept); then a rule's finding that a finding of a
    /// category it yields to overlaps.
    fn settle(&self, hits: &mut Vec<(u32, usize, usize)>, mixed: bool) {
        if mixed && self.multilingual {
            // Of findings starting together, the language first in the table wins the tie.
            hits.sort_unstable_by_key(|&(r, a, b)| (a, self.rules[r as usize].language as u8, b, r));
            // Per category, the furthest-reaching finding kept so far and its language.
            let mut reach: Vec<(Category, usize, Language)> = Vec::new();
            hits.retain(|&(r, a, b)| {
                let rule = &self.rules[r as usize];
                match reach.iter_mut().find(|c| c.0 == rule.category) {
                    Some(c)
                        if a < c.1
                            && c.2 != rule.language
                            && c.2 != Language::Any
                            && rule.language != Language::Any =>
                    {
                        false
                    }
                    Some(c) => {
                        if b > c.1 {
                            (c.1, c.2) = (b, rule.language);
                        }
                        true
                    }
                    None => {
                        reach.push((rule.category, b, rule.language));
                        true
                    }
                }
            });
            hits.sort_unstable_by_key(|&(r, a, b)| (a, b, r));
        }
        if self.yields.is_empty() || hits.iter().all(|&(r, _, _)| self.yields[r as usize].is_empty()) {
            return;
        }
        let mut by_rule = hits.clone();
        merge_ranges(&mut by_rule);
        hits.retain(|&(r, a, b)| !self.yields[r as usize].iter().any(|&o| overlaps(&by_rule, o, a, b)));
    }

    /// The replacement a swap phrase carries, when the (merged) hit is exactly that phrase.
    fn swap_for<'i>(
        &self,
        ix: &'i Index,
        swaps: &[(u32, usize, usize, u32)],
        rule: u32,
        start: usize,
        end: usize,
    ) -> Option<&'i str> {
        let i = swaps.partition_point(|s| (s.0, s.1, s.2) < (rule, start, end));
        swaps.get(i).filter(|s| (s.0, s.1, s.2) == (rule, start, end)).map(|s| ix.swaps[s.3 as usize].as_str())
    }

    fn diagnostics(
        &self,
        ix: &Index,
        text: &str,
        hits: &[(u32, usize, usize)],
        swaps: &[(u32, usize, usize, u32)],
        language: Option<Language>,
    ) -> Vec<Diagnostic> {
        // One line index per message with findings: each position costs O(1) after it, so many
        // findings on one long line stay linear.
        let index = LineIndex::new(text);
        hits.iter()
            .map(|&(r, start, end)| {
                let from = index.position(text, start);
                let to = index.position(text, end);
                let rule = &self.rules[r as usize];
                // A language-independent rule speaks the message's language where it can.
                let local = language.and_then(|l| rule.translation(l));
                let message = local.map_or(rule.message.as_str(), |t| t.message.as_str());
                let text_of = |k: usize, sg: &'_ crate::rule::RuleSuggestion| {
                    local.and_then(|t| t.suggestions.get(k)).cloned().unwrap_or_else(|| sg.text.clone())
                };
                let matched = &text[start..end];
                // A replacement starts with a capital only where a sentence starts.
                let capital = matched.chars().next().is_some_and(char::is_uppercase) && sentence_start(text, start);
                let fit = |t: &str| if capital { capitalize(t) } else { t.to_string() };
                let swap = self.swap_for(ix, swaps, r, start, end);
                let suggestions = swap
                    .map(|t| Suggestion::replacement(fit(t), rule.swap_applicability))
                    .into_iter()
                    .chain(
                        rule.suggestions
                            .iter()
                            .enumerate()
                            .filter(|(_, sg)| swap.is_none() || sg.applicability == Applicability::DisplayOnly)
                            .map(|(k, sg)| match sg.applicability {
                                Applicability::DisplayOnly => Suggestion::advice(text_of(k, sg)),
                                app => Suggestion::replacement(fit(&text_of(k, sg)), app),
                            }),
                    )
                    .collect();
                Diagnostic {
                    code: rule.code.clone(),
                    name: rule.name.clone(),
                    category: rule.category,
                    severity: rule.severity,
                    message: message.replace("{matched}", &matched.split_whitespace().collect::<Vec<_>>().join(" ")),
                    start,
                    end,
                    line: from.line,
                    column: from.column,
                    end_line: to.line,
                    end_column: to.column,
                    matched: matched.to_string(),
                    suggestions,
                }
            })
            .collect()
    }
}

/// How many word-sequence candidates a message collects before they are tried (see
/// [`try_candidates`]): 512 KiB of list, whatever the message's length.
const CANDS_MAX: usize = 1 << 16;

/// Tries the word sequences that start at each candidate `(entry, normalized offset)`,
/// pushing hits, hits exempt from the rule's exceptions and exception hits (original offsets). With `seen` (per sequence, the steps
/// whose words occur in the text), a sequence with a step whose word does not occur is not
/// tried: it could not match.
fn try_candidates(
    ix: &Index,
    text: &str,
    norm: &Normalized,
    cands: &[(u32, u32)],
    seen: Option<&[u64]>,
    found: &mut Found,
) {
    for &(e, at) in cands {
        for u in &ix.entries[e as usize].seq_uses {
            let (i, role) = match u.kind {
                UseKind::Seq(i) => (i, Role::Hit),
                UseKind::ExceptSeq(i, reach) => (i, Role::Except(reach)),
                _ => continue,
            };
            let seq = &ix.seqs[i as usize];
            let all_steps = ((1u64 << seq.steps.len()) - 1) & !1;
            if seen.is_some_and(|seen| seen[i as usize] & all_steps != all_steps) {
                continue;
            }
            if let Some((a, b)) = words::match_at(seq, &norm.text, at as usize) {
                let (os, oe) = norm.original_span(text, a, b);
                found.bin(ix, u.rule, MatcherKind::Words, role).push((u.rule, os, oe));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::LinterBuilder;

    /// A message with more word-sequence candidates than one list holds finds every hit and
    /// every exception, before and after the list is tried early.
    #[test]
    fn long_messages_try_candidates_in_batches() {
        let pack = "pack: p\nlanguage: en\nkind: draft\nrules:\n  - code: Z001\n    name: z\n    category: dont-know\n    severity: warning\n    message: m\n    why: w\n    words: [\"zq ~1 qz\"]\n    exceptions:\n      words: [\"zq ~0 no\"]\n";
        let l = LinterBuilder::new().pack_source("p.yaml", pack).build().expect("loads");
        let n = super::CANDS_MAX + 1_000;
        let mut text = String::new();
        for i in 0..n {
            text.push_str(if i % 2 == 0 { "zq x qz. " } else { "zq no qz. " });
        }
        let found = l.lint(&text);
        assert_eq!(found.len(), n.div_ceil(2));
        assert!(found.iter().all(|d| &text[d.start..d.end] == "zq x qz"));
        assert_eq!(found.last().map(|d| d.start), Some(text.len() - if n % 2 == 0 { 19 } else { 9 }));
    }

    /// Word parts (`*end`, `*part*`) are found inside words as a first step, a later step and a
    /// clause word, and mark the whole word; an exception with one spares what it covers.
    #[test]
    fn word_parts_match_inside_words() {
        let pack = "pack: p\nlanguage: de\nkind: incoming\nrules:\n  - code: Z001\n    name: z\n    category: abuse\n    severity: warning\n    message: m\n    why: w\n    words: [\"*versager ~2 ihr\", \"ihr ~2 *laden\"]\n    clause: [\"*betrug* firma\"]\n    exceptions:\n      words: [\"*spielladen\"]\n";
        let l = LinterBuilder::new().pack_source("p.yaml", pack).build().expect("loads");
        let spans = |t: &str| l.lint(t).into_iter().map(|d| t[d.start..d.end].to_string()).collect::<Vec<_>>();
        assert_eq!(spans("Totalversager seid ihr."), ["Totalversager seid ihr"]);
        assert_eq!(spans("Was seid ihr für ein Saftladen"), ["ihr für ein Saftladen"]);
        assert_eq!(spans("Die Firma ist eine Betrugsmasche!"), ["Firma ist eine Betrugsmasche"]);
        assert_eq!(spans("ihr Spielladen"), Vec::<String>::new());
        assert_eq!(spans("Versagerangst? Ihr? Ladentisch"), Vec::<String>::new());
        // A word holding a part thousands of times is one hit, recorded once (linear work).
        let long = format!("Die Firma ist eine {}masche", "betrug".repeat(5_000));
        assert_eq!(spans(&long), [long["Die ".len()..].to_string()]);
        assert_eq!(spans(&format!("{} seid ihr", "versager".repeat(5_000))).len(), 1);
    }

    /// A pattern's group named `hit` is the span it reports (the rest is context that the
    /// `regex` crate's missing look-behind would have held); an exception's `hit` group is
    /// what it covers.
    #[test]
    fn a_hit_group_is_the_reported_span() {
        let pack = "pack: p\nlanguage: en\nkind: draft\nrules:\n  - code: Z001\n    name: z\n    category: arguing\n    severity: warning\n    message: m\n    why: w\n    patterns: ['(?:^|[.!?]\\s+)(?P<hit>Absurd|Nonsense)\\b', 'wrong(?:ly)?']\n    exceptions:\n      patterns: ['not (?<hit>wrong)', '(?<hit>never) wrong']\n";
        let l = LinterBuilder::new().pack_source("p.yaml", pack).build().expect("loads");
        let spans = |t: &str| l.lint(t).into_iter().map(|d| t[d.start..d.end].to_string()).collect::<Vec<_>>();
        assert_eq!(spans("Really? Absurd. Nonsense!"), ["Absurd", "Nonsense"]);
        assert_eq!(spans("Absurd"), ["Absurd"]);
        assert_eq!(spans("an Absurd idea"), Vec::<String>::new());
        assert_eq!(spans("You are wrong, not wrong."), ["wrong"]);
        assert_eq!(spans("never wrong"), ["wrong"]);
    }

    /// `exceptions.after` cancels a hit it follows, in the hit's sentence or the next one, and
    /// `exceptions.before` one it precedes in its sentence; neither reaches the other way.
    #[test]
    fn context_exceptions_reach_one_way() {
        let pack = "pack: p\nlanguage: en\nkind: draft\nrules:\n  - code: Z001\n    name: z\n    category: flat-refusal\n    severity: warning\n    message: m\n    why: w\n    words: [\"cant ~1 do ~1 that\"]\n    exceptions:\n      after:\n        words: [\"but|so ~1 i|we ~1 can|will\"]\n        patterns: ['(?i)here.s what', '(?i)i can.t do that today']\n      before:\n        phrases: [\"if you ask me\"]\n";
        let l = LinterBuilder::new().pack_source("p.yaml", pack).build().expect("loads");
        let hits = |t: &str| l.lint(t).into_iter().map(|d| t[d.start..d.end].to_string()).collect::<Vec<_>>();
        let refusal = ["can't do that"];
        assert_eq!(hits("I can't do that, but I can send a new one."), Vec::<String>::new());
        assert_eq!(hits("I can't do that. So we will refund you."), Vec::<String>::new());
        assert_eq!(hits("I can't do that. Here's what I can do: a voucher."), Vec::<String>::new());
        assert_eq!(hits("I can't do that. Sorry. But I can send one."), refusal, "two sentences on");
        assert_eq!(hits("But I can send one. I can't do that."), refusal, "an offer before");
        assert_eq!(hits("If you ask me, I can't do that."), Vec::<String>::new());
        assert_eq!(hits("I can't do that, if you ask me."), refusal, "`before` after the hit");
        assert_eq!(hits("If you ask me. I can't do that."), refusal, "`before` in another sentence");
        // A hit that starts inside the `after` match is not followed by it.
        assert_eq!(hits("I can't do that today."), refusal, "inside the `after` match");
    }

    /// A rule of a language-independent pack speaks the message's language where it has a
    /// translation for it, and its own words otherwise; a translation must fit the rule.
    #[test]
    fn language_independent_rules_speak_the_message_language() {
        let pack = |language: &str, texts: &str| {
            format!("pack: p\nlanguage: {language}\nkind: draft\nrules:\n  - code: Z001\n    name: z\n    category: placeholder\n    severity: error\n    message: \"{{matched}} is unfilled\"\n    why: w\n    phrases: [\"TODO\"]\n    suggestions:\n      - advice: fill it in\n    translations:\n      de:\n        message: \"{{matched}} ist leer\"\n        why: weil\n        suggestions: [{texts}]\n")
        };
        let l = LinterBuilder::new().pack_source("p.yaml", &pack("any", "\"füllen\"")).build().expect("loads");
        let said = |lang: Option<crate::Language>| {
            let d = l.lint_in("TODO", lang).remove(0);
            (d.message, d.suggestions[0].text.clone())
        };
        assert_eq!(said(Some(crate::Language::De)), ("TODO ist leer".to_string(), "füllen".to_string()));
        assert_eq!(said(Some(crate::Language::Et)), ("TODO is unfilled".to_string(), "fill it in".to_string()));
        assert_eq!(said(None), ("TODO is unfilled".to_string(), "fill it in".to_string()));
        let err =
            |p: &str| LinterBuilder::new().pack_source("p.yaml", p).build().expect_err("bad translation").to_string();
        assert!(err(&pack("en", "\"füllen\"")).contains("`translations` are for packs of language `any`"));
        assert!(err(&pack("any", "")).contains("has 0 suggestion texts; the rule has 1"));
        let unknown = pack("any", "\"füllen\"").replace("      de:", "      fr:");
        assert!(err(&unknown).contains("`fr` is not a language of the table"));
    }

    /// A finding yields to an overlapping one of a category it names in `yield-to`, and not
    /// to one elsewhere in the message.
    #[test]
    fn a_rule_yields_to_an_overlapping_category() {
        let pack = "pack: p\nlanguage: en\nkind: incoming\nrules:\n  - code: Z001\n    name: leaving\n    category: cancel-intent\n    yield-to: [churn-threat]\n    severity: info\n    message: m\n    why: w\n    words: [\"cancel\"]\n  - code: Z002\n    name: threat\n    category: churn-threat\n    severity: warning\n    message: m\n    why: w\n    words: [\"i ~1 will ~1 cancel ~1 if\"]\n";
        let l = LinterBuilder::new().pack_source("p.yaml", pack).build().expect("loads");
        let codes = |t: &str| l.lint(t).into_iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(codes("How do I cancel?"), ["Z001"]);
        assert_eq!(codes("I will cancel if this goes on."), ["Z002"]);
        assert_eq!(codes("I will cancel if this goes on. How do I cancel?"), ["Z002", "Z001"]);
        let own = pack.replace("yield-to: [churn-threat]", "yield-to: [cancel-intent]");
        let err = LinterBuilder::new().pack_source("p.yaml", &own).build().expect_err("own category");
        assert!(err.to_string().contains("p.yaml:8:16: rule Z001: a rule cannot yield to its own category"), "{err}");
    }

    /// Where a message's language is not known, every language's packs run; a finding that one
    /// of the same category from another language's pack already covers is not reported twice.
    #[test]
    fn undetected_language_reports_a_span_once_per_category() {
        let rule = |lang: &str, code: &str| {
            format!("pack: {lang}\nlanguage: {lang}\nkind: incoming\nrules:\n  - code: {code}\n    name: insult\n    category: abuse\n    severity: warning\n    message: m\n    why: w\n    words: [\"*idiot*\"]\n")
        };
        let l = LinterBuilder::new()
            .pack_source("en.yaml", &rule("en", "Z001"))
            .pack_source("de.yaml", &rule("de", "Z002"))
            .build()
            .expect("loads");
        let codes = |t: &str| l.lint(t).into_iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(codes("Idiots."), ["Z001"], "English comes first in the table");
        assert_eq!(codes("Idiots. Idioten!"), ["Z001", "Z001"], "each span once");
        let de = LinterBuilder::new().pack_source("de.yaml", &rule("de", "Z002")).build().expect("loads");
        assert_eq!(de.lint("Idiots.").len(), 1);
    }

    /// A variant's hits are the rule's, cancelled by the variant's own exceptions only; the
    /// rule's exceptions leave them alone and theirs leave the rule's other hits alone.
    #[test]
    fn variants_have_exceptions_of_their_own() {
        let pack = "pack: p\nlanguage: en\nkind: draft\nrules:\n  - code: Z001\n    name: z\n    category: flat-refusal\n    severity: warning\n    message: m\n    why: w\n    words: [\"cant ~1 do ~1 that\"]\n    exceptions:\n      phrases: [\"that here\"]\n    variants:\n      - words: [\"wont ~1 do ~1 that\"]\n        exceptions:\n          phrases: [\"that for you\"]\n";
        let l = LinterBuilder::new().pack_source("p.yaml", pack).build().expect("loads");
        let hits =
            |t: &str| l.lint(t).into_iter().map(|d| format!("{} {}", d.code, &t[d.start..d.end])).collect::<Vec<_>>();
        assert!(hits("I can't do that here.").is_empty());
        assert_eq!(hits("I won't do that here."), ["Z001 won't do that"]);
        assert!(hits("I won't do that for you.").is_empty());
        assert_eq!(hits("I can't do that for you."), ["Z001 can't do that"]);
        assert_eq!(l.rules()[0].words, ["cant ~1 do ~1 that", "wont ~1 do ~1 that"]);
        let empty = pack
            .replace("      - words: [\"wont ~1 do ~1 that\"]\n", "      - exceptions: {}\n")
            .replace("        exceptions:\n          phrases: [\"that for you\"]\n", "");
        let err = LinterBuilder::new().pack_source("p.yaml", &empty).build().expect_err("empty variant");
        assert!(err.to_string().contains("a variant has no matcher"), "{err}");
    }
}
