//! Linting one message: scan, filter, merge, report; and applying safe fixes.

use crate::checks::Check;
use crate::compile::{GatedRegex, PackInfo, Rule};
use crate::model::{Applicability, Diagnostic, Kind, Suggestion};
use crate::normalize::{is_word_char, Normalized};
use crate::scope::Scope;
use crate::suppress::{self, Directive};
use crate::words::{self, Sequence};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use std::cell::RefCell;
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
    /// A piece of the gate of regex N (in `Linter::regexes`) occurs as a substring: the regex
    /// may match.
    Gate(u32),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Use {
    pub rule: u32,
    pub kind: UseKind,
}

/// One distinct normalized string in the automaton.
#[derive(Debug, Clone)]
pub(crate) struct AcEntry {
    /// The normalized text.
    pub text: String,
    /// Starts with a word character: needs a word boundary before it.
    pub left: bool,
    /// Ends with a word character: needs a word boundary after it.
    pub right: bool,
    /// Every use but word-sequence steps.
    pub uses: Vec<Use>,
    /// Word-sequence steps (K >= 1) this text is a word of: `(sequence, bit K set for each)`,
    /// one per sequence. An occurrence (as a substring) marks them seen.
    pub steps: Vec<(u32, u64)>,
}

/// A compiled set of rules, ready to lint any number of messages.
///
/// Building one (with [`LinterBuilder`](crate::LinterBuilder)) validates and compiles every
/// rule once: all phrases into one Aho-Corasick automaton (a DFA), every regex validated and
/// built.
/// A `Linter` is `Send + Sync`; share it between threads by reference or `Arc`.
#[derive(Debug)]
pub struct Linter {
    pub(crate) packs: Vec<PackInfo>,
    pub(crate) ignore_patterns: Vec<Regex>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) kind: Option<Kind>,
    /// Every phrase and word-sequence word (the `entries`), as a (noncontiguous) NFA: the quickest to build.
    pub(crate) ac: Option<AhoCorasick>,
    /// The same automaton as a DFA, built once `scanned` passes `dfa_after` bytes.
    pub(crate) dfa: OnceLock<AhoCorasick>,
    pub(crate) scanned: AtomicUsize,
    pub(crate) dfa_after: usize,
    pub(crate) entries: Vec<AcEntry>,
    pub(crate) seqs: Vec<Sequence>,
    /// Every rule regex (patterns and exception patterns), each with its gate.
    pub(crate) regexes: Vec<GatedRegex>,
    /// `(rule, index into regexes)` of the rules' patterns, in rule order.
    pub(crate) patterns: Vec<(u32, usize)>,
    /// Per rule, indices into `regexes` of its exception patterns.
    pub(crate) exc_patterns: Vec<Vec<usize>>,
    pub(crate) checks: Vec<(u32, Check)>,
}

#[derive(Default)]
struct Scratch {
    scope: Scope,
    norm: Normalized,
    /// Per rule: exception patterns already run for this message.
    done: Vec<bool>,
    /// Candidate word-sequence starts: (sequence, rule, exception?, normalized offset).
    cands: Vec<(u32, u32, bool, usize)>,
    /// Per sequence, a bit for each step whose word occurs in the text.
    seen: Vec<u64>,
    /// Per regex, whether a piece of its (automaton) gate occurs in the text.
    gates: Vec<bool>,
    hits: Vec<(u32, usize, usize)>,
    excepts: Vec<(u32, usize, usize)>,
    spans: Vec<(usize, usize)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The result of [`Linter::fix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The text with every applicable safe fix applied.
    pub text: String,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
    /// Whether a further lint finds no more safe fix to apply (the fixes converged).
    pub converged: bool,
}

/// One rule example that did not behave as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule's code.
    pub code: String,
    /// The rule's name.
    pub name: String,
    /// Where the rule was loaded from.
    pub origin: String,
    /// `flag`, `pass` or `fix`.
    pub example: &'static str,
    /// The example text.
    pub text: String,
    /// What went wrong.
    pub problem: String,
}

impl Linter {
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
    /// sequences), sorted: what a plain multi-phrase search would look for.
    pub fn phrases(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .entries
            .iter()
            .filter(|e| e.uses.iter().any(|u| matches!(u.kind, UseKind::Phrase)))
            .map(|e| e.text.clone())
            .collect();
        out.sort();
        out
    }

    /// Lints one message. Findings are in text order; overlapping hits of one rule are merged;
    /// findings covered by an inline suppression directive are left out.
    pub fn lint(&self, text: &str) -> Vec<Diagnostic> {
        self.lint_reporting_directives(text).0
    }

    /// Like [`lint`](Self::lint), and also returns the suppression directives that suppressed
    /// nothing (so a library can report stale ones).
    pub fn lint_reporting_directives(&self, text: &str) -> (Vec<Diagnostic>, Vec<Directive>) {
        let mut diags = SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut scratch) => self.lint_with(text, &mut scratch),
            Err(_) => self.lint_with(text, &mut Scratch::default()),
        });
        let directives = suppress::find(text);
        if directives.is_empty() {
            return (diags, Vec::new());
        }
        let unused = suppress::apply(&directives, &mut diags);
        (diags, unused)
    }

    fn lint_with(&self, text: &str, s: &mut Scratch) -> Vec<Diagnostic> {
        s.hits.clear();
        s.excepts.clear();
        s.scope.fill(text);
        let end = s.scope.end;
        if let Some(ac) = self.automaton(end) {
            s.norm.fill(text, end);
            s.cands.clear();
            s.seen.clear();
            s.seen.resize(self.seqs.len(), 0);
            s.gates.clear();
            s.gates.resize(self.regexes.len(), false);
            let norm = s.norm.text.as_str();
            for m in ac.find_overlapping_iter(norm) {
                let entry = &self.entries[m.pattern().as_usize()];
                let (ns, ne) = (m.start(), m.end());
                let whole = (!entry.left || !norm[..ns].chars().next_back().is_some_and(is_word_char))
                    && (!entry.right || !norm[ne..].chars().next().is_some_and(is_word_char));
                for &(i, bits) in &entry.steps {
                    s.seen[i as usize] |= bits;
                }
                for u in &entry.uses {
                    let span = match u.kind {
                        UseKind::Gate(i) => {
                            s.gates[i as usize] = true;
                            continue;
                        }
                        UseKind::Phrase | UseKind::ExceptPhrase => {
                            if !whole {
                                continue;
                            }
                            (ns, ne)
                        }
                        UseKind::Seq(i) | UseKind::ExceptSeq(i) => {
                            // Tried after the scan, once we know which steps occur.
                            s.cands.push((i, u.rule, matches!(u.kind, UseKind::ExceptSeq(_)), ns));
                            continue;
                        }
                    };
                    let (os, oe) = s.norm.original_span(text, span.0, span.1);
                    let target = match u.kind {
                        UseKind::Phrase | UseKind::Seq(_) => &mut s.hits,
                        _ => &mut s.excepts,
                    };
                    target.push((u.rule, os, oe));
                }
            }
            for &(i, rule, except, at) in &s.cands {
                let seq = &self.seqs[i as usize];
                let all_steps = ((1u64 << seq.steps.len()) - 1) & !1;
                if s.seen[i as usize] & all_steps != all_steps {
                    continue;
                }
                if let Some((a, b)) = words::match_at(seq, norm, at) {
                    let (os, oe) = s.norm.original_span(text, a, b);
                    if except { &mut s.excepts } else { &mut s.hits }.push((rule, os, oe));
                }
            }
        }
        // Each regex runs on its own: its literal prefilter skips most text. (A RegexSet over
        // all of them was measured 2x slower: Unicode `\b` drives a set to the PikeVM.)
        let hay = &text[..end];
        for &(rule, i) in &self.patterns {
            let g = &self.regexes[i];
            if !g.may_match(&s.gates, i, hay) {
                continue;
            }
            for m in g.regex.get().find_iter(hay) {
                if !m.is_empty() {
                    s.hits.push((rule, m.start(), m.end()));
                }
            }
        }
        for (rule, check) in &self.checks {
            s.spans.clear();
            check.run(text, &s.scope, &mut s.spans);
            s.hits.extend(s.spans.iter().map(|&(a, b)| (*rule, a, b)));
        }
        if s.hits.is_empty() {
            return Vec::new();
        }
        // Exception patterns run only for rules that have a hit, once per rule.
        s.done.clear();
        s.done.resize(self.rules.len(), false);
        for &(rule, _, _) in &s.hits {
            let res = &self.exc_patterns[rule as usize];
            if !res.is_empty() && !s.done[rule as usize] {
                s.done[rule as usize] = true;
                for &i in res {
                    let g = &self.regexes[i];
                    if !g.may_match(&s.gates, i, hay) {
                        continue;
                    }
                    for m in g.regex.get().find_iter(hay) {
                        s.excepts.push((rule, m.start(), m.end()));
                    }
                }
            }
        }
        // Global ignore patterns cancel any rule's hit; rule u32::MAX marks them.
        for re in &self.ignore_patterns {
            for m in re.find_iter(&text[..end]) {
                s.excepts.push((u32::MAX, m.start(), m.end()));
            }
        }
        // Exceptions become disjoint, sorted ranges per rule, so each hit is checked with a
        // binary search instead of against every exception.
        merge_ranges(&mut s.excepts);
        let (scope, excepts) = (&s.scope, &s.excepts);
        s.hits.retain(|&(rule, a, b)| {
            !scope.skips(a, b, self.rules[rule as usize].in_quotes)
                && !overlaps(excepts, rule, a, b)
                && !overlaps(excepts, u32::MAX, a, b)
        });
        s.hits.sort_unstable();
        let mut merged: Vec<(u32, usize, usize)> = Vec::with_capacity(s.hits.len());
        for &(rule, a, b) in &s.hits {
            match merged.last_mut() {
                Some(last) if last.0 == rule && a < last.2 => last.2 = last.2.max(b),
                _ => merged.push((rule, a, b)),
            }
        }
        merged.sort_unstable_by_key(|&(rule, a, b)| (a, b, rule));
        self.diagnostics(text, &merged)
    }

    /// The automaton to scan `len` more bytes with: the NFA until enough text was linted to
    /// pay for building the DFA, then the DFA.
    fn automaton(&self, len: usize) -> Option<&AhoCorasick> {
        let nfa = self.ac.as_ref()?;
        if let Some(dfa) = self.dfa.get() {
            return Some(dfa);
        }
        if self.scanned.fetch_add(len, Ordering::Relaxed) < self.dfa_after {
            return Some(nfa);
        }
        Some(self.dfa.get_or_init(|| {
            crate::compile::automaton(self.entries.iter().map(|e| e.text.as_str()), AhoCorasickKind::DFA)
        }))
    }

    fn diagnostics(&self, text: &str, hits: &[(u32, usize, usize)]) -> Vec<Diagnostic> {
        // Hits are in text order: lines and columns are carried forward, so many findings on
        // one long line cost linear time, not quadratic.
        let (mut line, mut pos, mut column) = (1, 0, 1);
        hits.iter()
            .map(|&(r, start, end)| {
                let seg = &text[pos..start];
                match memchr::memrchr(b'\n', seg.as_bytes()) {
                    Some(last_nl) => {
                        line += memchr::memchr_iter(b'\n', seg.as_bytes()).count();
                        column = seg[last_nl + 1..].chars().count() + 1;
                    }
                    None => column += seg.chars().count(),
                }
                pos = start;
                let rule = &self.rules[r as usize];
                let matched = &text[start..end];
                let capital = matched.chars().next().is_some_and(char::is_uppercase);
                let suggestions = rule
                    .suggestions
                    .iter()
                    .map(|sg| {
                        let replacement = (sg.applicability != Applicability::DisplayOnly).then(|| {
                            if capital {
                                capitalize(&sg.text)
                            } else {
                                sg.text.clone()
                            }
                        });
                        Suggestion {
                            text: replacement.clone().unwrap_or_else(|| sg.text.clone()),
                            replacement,
                            applicability: sg.applicability,
                        }
                    })
                    .collect();
                Diagnostic {
                    code: rule.code.clone(),
                    name: rule.name.clone(),
                    category: rule.category,
                    severity: rule.severity,
                    message: rule
                        .message
                        .replace("{matched}", &matched.split_whitespace().collect::<Vec<_>>().join(" ")),
                    start,
                    end,
                    line,
                    column,
                    matched: matched.to_string(),
                    suggestions,
                }
            })
            .collect()
    }

    /// Applies every safe, non-overlapping fix, re-linting until nothing more applies (at most
    /// ten passes), like `ruff --fix`.
    pub fn fix(&self, text: &str) -> Fixed {
        self.fix_where(text, |_| true)
    }

    /// Like [`fix`](Self::fix), for the findings `keep` accepts only.
    pub fn fix_where(&self, text: &str, keep: impl Fn(&Diagnostic) -> bool) -> Fixed {
        let mut current = text.to_string();
        let mut applied = 0;
        for _ in 0..10 {
            let edits: Vec<(usize, usize, String)> = self
                .lint(&current)
                .into_iter()
                .filter(|d| keep(d))
                .filter_map(|d| d.safe_fix().map(|r| (d.start, d.end, r.to_string())))
                .collect();
            let (next, n) = apply_edits(&current, edits);
            if n == 0 {
                return Fixed { text: current, applied, converged: true };
            }
            applied += n;
            current = next;
        }
        let converged = !self.lint(&current).iter().any(|d| keep(d) && d.safe_fix().is_some());
        Fixed { text: current, applied, converged }
    }

    /// Runs every rule's inline examples against this linter and returns what failed.
    pub fn test_examples(&self) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for rule in &self.rules {
            let fail = |example: &'static str, text: &str, problem: String| ExampleFailure {
                code: rule.code.clone(),
                name: rule.name.clone(),
                origin: rule.origin.clone(),
                example,
                text: text.to_string(),
                problem,
            };
            for text in &rule.examples.flag {
                if !self.lint(text).iter().any(|d| d.code == rule.code) {
                    out.push(fail("flag", text, "expected a finding, got none".into()));
                }
            }
            for text in &rule.examples.pass {
                if let Some(d) = self.lint(text).into_iter().find(|d| d.code == rule.code) {
                    out.push(fail("pass", text, format!("expected no finding, got one on `{}`", d.matched)));
                }
            }
            for (from, to) in &rule.examples.fix {
                let fixed = self.fix_where(from, |d| d.code == rule.code);
                if &fixed.text != to {
                    out.push(fail("fix", from, format!("expected `{to}`, got `{}`", fixed.text)));
                } else if !fixed.converged {
                    out.push(fail("fix", from, "fixes did not converge".into()));
                }
            }
        }
        out
    }
}

/// Sorts `(rule, start, end)` ranges and merges overlapping or touching ones of the same rule.
fn merge_ranges(ranges: &mut Vec<(u32, usize, usize)>) {
    ranges.sort_unstable();
    let mut out = 0;
    for i in 0..ranges.len() {
        let r = ranges[i];
        if out > 0 && ranges[out - 1].0 == r.0 && r.1 <= ranges[out - 1].2 {
            ranges[out - 1].2 = ranges[out - 1].2.max(r.2);
        } else {
            ranges[out] = r;
            out += 1;
        }
    }
    ranges.truncate(out);
}

/// Does a (merged, sorted) range of `rule` overlap the hit `a..b`?
fn overlaps(ranges: &[(u32, usize, usize)], rule: u32, a: usize, b: usize) -> bool {
    let lo = ranges.partition_point(|e| e.0 < rule);
    let hi = ranges.partition_point(|e| e.0 <= rule);
    let of_rule = &ranges[lo..hi];
    let i = of_rule.partition_point(|e| e.2 <= a);
    i < of_rule.len() && of_rule[i].1 < b.max(a + 1)
}

fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(cs).collect(),
        _ => s.to_string(),
    }
}

/// Applies `(start, end, replacement)` edits to `text`, skipping any that overlaps an earlier
/// one (or changes nothing); returns the new text and how many edits were applied.
pub fn apply_edits(text: &str, mut edits: Vec<(usize, usize, String)>) -> (String, usize) {
    edits.sort_by_key(|e| (e.0, e.1));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut n = 0;
    for (a, b, r) in edits {
        if a < pos || text[a..b] == r {
            continue;
        }
        out.push_str(&text[pos..a]);
        out.push_str(&r);
        pos = b;
        n += 1;
    }
    out.push_str(&text[pos..]);
    (out, n)
}
