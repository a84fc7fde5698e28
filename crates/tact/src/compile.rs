//! Validating parsed packs and compiling them into a [`Linter`].

use crate::checks::Check;
use crate::error::{Error, ErrorKind, Errors};
use crate::linter::{AcEntry, Linter, Use, UseKind};
use crate::model::{Applicability, Category, Kind, Language, Severity};
use crate::normalize::{is_word_char, normalize_phrase};
use crate::pack::{self, Locator, RawCheck, RawPack, RawRule};
use crate::words::{self, Sequence};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicUsize;
use std::sync::OnceLock;

/// Size limit for one compiled regex from a pack: larger ones are load errors, not OOMs.
pub const REGEX_SIZE_LIMIT: usize = 4 << 20;

/// A suggestion as written in a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSuggestion {
    /// The replacement or the advice.
    pub text: String,
    /// `Safe`/`Unsafe` for replacements, `DisplayOnly` for advice.
    pub applicability: Applicability,
}

/// A rule's inline examples.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    /// Texts that must produce the rule.
    pub flag: Vec<String>,
    /// Texts that must not produce the rule.
    pub pass: Vec<String>,
    /// `(from, to)`: applying the rule's safe fixes to `from` must give `to`.
    pub fix: Vec<(String, String)>,
}

/// A loaded rule, as `tact rules list` and `explain` show it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Rule {
    /// Stable code, e.g. `D101`.
    pub code: String,
    /// Kebab-case name.
    pub name: String,
    /// Category.
    pub category: Category,
    /// Severity, after any override.
    pub severity: Severity,
    /// Message template (`{matched}` is filled in per finding).
    pub message: String,
    /// The reasoning.
    pub why: String,
    /// Better wordings.
    pub suggestions: Vec<RuleSuggestion>,
    /// Free tags.
    pub tags: Vec<String>,
    /// The phrases as written.
    pub phrases: Vec<String>,
    /// The word sequences as written.
    pub words: Vec<String>,
    /// The regexes as written.
    pub patterns: Vec<String>,
    /// The name of the measured check, if any.
    pub check: Option<&'static str>,
    /// Whether the rule also flags text inside quotation marks.
    pub in_quotes: bool,
    /// Inline examples.
    pub examples: Examples,
    /// Id of the pack the rule comes from.
    pub pack: String,
    /// Where the pack was loaded from (a path, or `rules/...` for built-in packs).
    pub origin: String,
    /// The pack's language.
    pub language: Language,
    /// The pack's kind.
    pub kind: Kind,
}

/// A loaded pack's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PackInfo {
    /// The pack id.
    pub id: String,
    /// Where it was loaded from.
    pub origin: String,
    /// Its language.
    pub language: Language,
    /// Its kind.
    pub kind: Kind,
    /// Its one-line description.
    pub description: String,
}

struct LoadedPack {
    origin: String,
    raw: RawPack,
    /// The YAML source, for locating errors.
    source: Cow<'static, str>,
    /// Where each rule and key is in `source`; worked out only when an error needs it.
    locator: OnceLock<Locator>,
    builtin: bool,
}

impl LoadedPack {
    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(&self.source))
    }
}

/// Builds a [`Linter`]: collects packs and options, then validates and compiles them once.
///
/// ```
/// use tact::{Kind, LinterBuilder};
/// let linter = LinterBuilder::new().builtin().kind(Kind::Draft).build().unwrap();
/// assert!(!linter.lint("I don't know.").is_empty());
/// ```
#[derive(Default)]
pub struct LinterBuilder {
    packs: Vec<LoadedPack>,
    errors: Vec<Error>,
    kind: Option<Kind>,
    languages: Vec<Language>,
    select: Vec<String>,
    ignore: Vec<String>,
    severities: Vec<(String, Severity)>,
    ignore_patterns: Vec<(String, String)>,
}

impl LinterBuilder {
    /// An empty builder: no packs, every kind and language.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds every built-in pack (embedded from `rules/`). Built-in rules must carry examples.
    pub fn builtin(mut self) -> Self {
        for (&(origin, source), json) in crate::builtin::PACKS.iter().zip(crate::builtin::PACKS_JSON) {
            self.add_builtin(origin, source, *json);
        }
        self
    }

    /// Adds the one built-in pack whose origin is `origin` (e.g. `rules/en/drafts.yaml`), with
    /// the built-in strictness; an origin that names no built-in pack adds nothing.
    pub fn builtin_pack(mut self, origin: &str) -> Self {
        for (&(o, source), json) in crate::builtin::PACKS.iter().zip(crate::builtin::PACKS_JSON) {
            if o == origin {
                self.add_builtin(o, source, *json);
            }
        }
        self
    }

    /// Adds a pack from YAML text; `origin` names it in errors (usually its path).
    pub fn pack_source(mut self, origin: &str, source: &str) -> Self {
        self.add(origin, Cow::Owned(source.to_string()), false);
        self
    }

    /// A built-in pack: from its JSON form when there is one (cheap), else from its YAML.
    fn add_builtin(&mut self, origin: &str, source: &'static str, json: Option<&str>) {
        match json.and_then(pack::parse_json) {
            Some(raw) => self.packs.push(LoadedPack {
                origin: origin.to_string(),
                raw,
                source: Cow::Borrowed(source),
                locator: OnceLock::new(),
                builtin: true,
            }),
            None => self.add(origin, Cow::Borrowed(source), true),
        }
    }

    fn add(&mut self, origin: &str, source: Cow<'static, str>, builtin: bool) {
        match pack::parse(origin, &source) {
            Ok(raw) => self.packs.push(LoadedPack {
                origin: origin.to_string(),
                raw,
                source,
                locator: OnceLock::new(),
                builtin,
            }),
            Err(errs) => self.errors.extend(errs.0),
        }
    }

    /// Keeps only packs of this kind (and packs of kind `any`).
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = (kind != Kind::Any).then_some(kind);
        self
    }

    /// Keeps only packs of these languages (and packs of language `any`); none given keeps all.
    pub fn languages(mut self, languages: impl IntoIterator<Item = Language>) -> Self {
        self.languages = languages.into_iter().collect();
        self
    }

    /// Keeps only rules matching one of the selectors given this way (a code, name or category).
    pub fn select(mut self, selector: impl Into<String>) -> Self {
        self.select.push(selector.into());
        self
    }

    /// Drops rules matching the selector (a code, name or category).
    pub fn ignore(mut self, selector: impl Into<String>) -> Self {
        self.ignore.push(selector.into());
        self
    }

    /// Sets the severity of rules matching the selector (a code, name or category).
    pub fn severity(mut self, selector: impl Into<String>, severity: Severity) -> Self {
        self.severities.push((selector.into(), severity));
        self
    }

    /// Never flags text that `regex` matches (product names, say): a hit overlapping a match
    /// is dropped, whatever the rule. `origin` names where the pattern came from in errors.
    pub fn ignore_pattern(mut self, origin: &str, regex: &str) -> Self {
        self.ignore_patterns.push((origin.to_string(), regex.to_string()));
        self
    }

    /// Validates every pack and compiles the selected rules. Returns every problem found.
    pub fn build(self) -> Result<Linter, Errors> {
        let mut errors = self.errors;
        let mut rules = Vec::new();
        let mut compiled = Vec::new();
        // First each pack on its own; a pack with errors of its own is left out of the
        // duplicate checks, so one broken pack doesn't make good ones look broken.
        let mut per_pack = Vec::new();
        for p in &self.packs {
            let before = errors.len();
            if p.raw.rules.is_empty() {
                errors.push(
                    Error::new(ErrorKind::EmptyMatcher, "the pack has no rules")
                        .at(&p.origin, p.locator().top_key_pos("rules")),
                );
            }
            let runs = self.kind.is_none_or(|k| p.raw.kind == Kind::Any || p.raw.kind == k)
                && (self.languages.is_empty()
                    || p.raw.language == Language::Any
                    || self.languages.contains(&p.raw.language));
            let matchers = !p.builtin || runs;
            let mut names = HashSet::new();
            let mut out = Vec::new();
            for (i, raw) in p.raw.rules.iter().enumerate() {
                let loc = RuleLoc { origin: &p.origin, pack: p, index: i, code: &raw.code };
                if !names.insert(raw.name.clone()) {
                    errors.push(loc.err(
                        ErrorKind::Duplicate,
                        "name",
                        format!("name `{}` is already used in this pack", raw.name),
                    ));
                }
                out.extend(compile_rule(raw, &p.raw, &loc, p.builtin, matchers, &mut errors).map(|rc| (i, rc)));
            }
            per_pack.push((p, errors.len() == before, out));
        }
        let mut codes: HashMap<String, String> = HashMap::new();
        let mut pack_ids: HashSet<String> = HashSet::new();
        for (p, ok, out) in per_pack {
            if !ok {
                continue;
            }
            if !pack_ids.insert(p.raw.pack.clone()) {
                errors.push(
                    Error::new(ErrorKind::Duplicate, format!("pack id `{}` is already loaded", p.raw.pack))
                        .at(&p.origin, p.locator().top_key_pos("pack")),
                );
            }
            for (i, (rule, c)) in out {
                let loc = RuleLoc { origin: &p.origin, pack: p, index: i, code: &rule.code };
                if let Some(prev) = codes.insert(rule.code.clone(), p.origin.clone()) {
                    errors.push(loc.err(
                        ErrorKind::Duplicate,
                        "code",
                        format!("code `{}` is already used in {prev}", rule.code),
                    ));
                }
                rules.push((rule, p.origin.clone()));
                compiled.push(c);
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        // Select by kind and language, then by selectors.
        let keep_pack = |r: &Rule| {
            self.kind.is_none_or(|k| r.kind == Kind::Any || r.kind == k)
                && (self.languages.is_empty() || r.language == Language::Any || self.languages.contains(&r.language))
        };
        let all: Vec<&Rule> = rules.iter().map(|(r, _)| r).collect();
        for sel in self.select.iter().chain(&self.ignore).chain(self.severities.iter().map(|(s, _)| s)) {
            if !all.iter().any(|r| selector_matches(sel, r)) {
                errors.push(Error::new(
                    ErrorKind::UnknownSelector,
                    format!("`{sel}` is not the code, name or category of any loaded rule"),
                ));
            }
        }
        let mut ignore_res = Vec::new();
        for (origin, src) in &self.ignore_patterns {
            match compile_regex(src) {
                Ok(r) => ignore_res.push(r),
                Err(msg) => {
                    errors.push(Error::new(ErrorKind::Regex, format!("ignore pattern: {msg}")).at(origin, None))
                }
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let mut out_rules = Vec::new();
        let mut out_compiled = Vec::new();
        for ((mut rule, _), c) in rules.into_iter().zip(compiled) {
            let selected = self.select.is_empty() || self.select.iter().any(|s| selector_matches(s, &rule));
            let ignored = self.ignore.iter().any(|s| selector_matches(s, &rule));
            if !keep_pack(&rule) || !selected || ignored {
                continue;
            }
            for (sel, sev) in &self.severities {
                if selector_matches(sel, &rule) {
                    rule.severity = *sev;
                }
            }
            out_rules.push(rule);
            out_compiled.push(c);
        }
        let packs = self
            .packs
            .iter()
            .map(|p| PackInfo {
                id: p.raw.pack.clone(),
                origin: p.origin.clone(),
                language: p.raw.language,
                kind: p.raw.kind,
                description: p.raw.description.clone().unwrap_or_default(),
            })
            .collect();
        let mut linter = assemble(out_rules, out_compiled, self.kind);
        linter.packs = packs;
        linter.ignore_patterns = ignore_res;
        Ok(linter)
    }
}

/// Does a selector (code, name or category, case-insensitive for codes) pick this rule?
pub(crate) fn selector_matches(sel: &str, rule: &Rule) -> bool {
    rule.matches_selector(sel)
}

impl Rule {
    /// Does `selector` name this rule: its code (any case), its name or its category?
    /// The one definition of a selector, used by `--select`, `--ignore`, `--severity`,
    /// `rules explain` and suppression directives.
    pub fn matches_selector(&self, selector: &str) -> bool {
        selector.eq_ignore_ascii_case(&self.code) || selector == self.name || selector == self.category.as_str()
    }
}

struct RuleLoc<'a> {
    origin: &'a str,
    pack: &'a LoadedPack,
    index: usize,
    code: &'a str,
}

impl RuleLoc<'_> {
    fn err(&self, kind: ErrorKind, key: &str, msg: String) -> Error {
        Error::new(kind, msg).at(self.origin, self.pack.locator().key_pos(self.index, key)).rule(Some(self.code))
    }
    fn err_at(&self, kind: ErrorKind, key: &str, needle: &str, msg: String) -> Error {
        Error::new(kind, msg)
            .at(self.origin, self.pack.locator().value_pos(self.index, key, needle))
            .rule(Some(self.code))
    }
}

/// What one rule compiles to, before the automaton is assembled.
pub(crate) struct CompiledRule {
    phrases: Vec<String>,
    seqs: Vec<Sequence>,
    patterns: Vec<LazyRegex>,
    exc_phrases: Vec<String>,
    exc_seqs: Vec<Sequence>,
    pub exc_patterns: Vec<LazyRegex>,
    pub check: Option<Check>,
}

fn valid_code(code: &str) -> bool {
    let mut cs = code.chars();
    cs.next().is_some_and(|c| c.is_ascii_uppercase())
        && (3..=4).contains(&cs.clone().count())
        && cs.all(|c| c.is_ascii_digit())
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn compile_regex(src: &str) -> Result<Regex, String> {
    RegexBuilder::new(src).size_limit(REGEX_SIZE_LIMIT).build().map_err(|e| match e {
        regex::Error::CompiledTooBig(limit) => {
            format!("regex is too large once compiled (limit {} KiB); simplify it or split it", limit / 1024)
        }
        other => {
            // The regex crate's message spans lines (pattern, caret, "error: ..."); keep the reason.
            let text = other.to_string();
            let reason = text.lines().rev().find_map(|l| l.trim().strip_prefix("error: ")).unwrap_or(text.trim());
            format!("invalid regex `{src}`: {reason}")
        }
    })
}

/// One regex for all patterns of a rule: a single scan with one combined literal prefilter
/// instead of one per pattern. Each pattern is wrapped in a group, so its inline flags (`(?i)`,
/// `(?m)`) stay its own.
fn union_source(list: &[String]) -> String {
    if list.len() == 1 {
        return list[0].clone();
    }
    list.iter().map(|p| format!("(?:{p})")).collect::<Vec<_>>().join("|")
}

/// A rule's regex, compiled when the linter is built (user packs: that is where a bad or huge
/// regex must be reported, with its location) or on first use (built-in packs, whose regexes
/// a test compiles eagerly on every CI run). Deferring the built-in ones keeps building a
/// linter cheap: most of them are exceptions, which run only for a rule that has a hit.
#[derive(Debug)]
pub(crate) struct LazyRegex {
    source: String,
    regex: OnceLock<Regex>,
}

impl LazyRegex {
    fn ready(regex: Regex) -> Self {
        Self { source: regex.as_str().to_string(), regex: OnceLock::from(regex) }
    }

    fn deferred(source: String) -> Self {
        Self { source, regex: OnceLock::new() }
    }

    /// The compiled regex, compiling it now if it was deferred.
    pub(crate) fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            compile_regex(&self.source).expect("built-in regexes compile (checked by the builtin_regexes_compile test)")
        })
    }
}

fn compile_rule(
    raw: &RawRule,
    pack: &RawPack,
    loc: &RuleLoc<'_>,
    builtin: bool,
    matchers: bool,
    errors: &mut Vec<Error>,
) -> Option<(Rule, CompiledRule)> {
    use ErrorKind::*;
    if !valid_code(&raw.code) {
        errors.push(loc.err(
            Invalid,
            "code",
            format!("code `{}` must be a capital letter and 3 or 4 digits, like D101", raw.code),
        ));
    }
    if !valid_name(&raw.name) {
        errors.push(loc.err(Invalid, "name", format!("name `{}` must be kebab-case, like dont-know", raw.name)));
    }
    if pack.kind != Kind::Any && raw.category.kind() != pack.kind {
        errors.push(loc.err(
            Invalid,
            "category",
            format!(
                "category `{}` is for {} messages, but this pack is for {} messages",
                raw.category,
                raw.category.kind(),
                pack.kind
            ),
        ));
    }
    if raw.message.trim().is_empty() {
        errors.push(loc.err(Invalid, "message", "message is empty".into()));
    }
    let has_matcher =
        !raw.phrases.is_empty() || !raw.words.is_empty() || !raw.patterns.is_empty() || raw.check.is_some();
    if !has_matcher {
        errors.push(loc.err(
            EmptyMatcher,
            "code",
            "rule has no matcher: give `phrases`, `words`, `patterns` or `check`".into(),
        ));
    }
    // A built-in pack the linter will not run (another kind or language) needs its rules for
    // listing and selectors only: its matchers are left uncompiled (CI compiles them all).
    fn pick(list: &[String], on: bool) -> &[String] {
        if on {
            list
        } else {
            &[]
        }
    }
    let mut phrases = Vec::new();
    let mut exc_phrases = Vec::new();
    for (key, list, out) in [
        ("phrases", pick(&raw.phrases, matchers), &mut phrases),
        ("exceptions", pick(&raw.exceptions.phrases, matchers), &mut exc_phrases),
    ] {
        for p in list {
            let n = normalize_phrase(p);
            if n.is_empty() {
                errors.push(loc.err_at(
                    EmptyMatcher,
                    key,
                    p,
                    format!("phrase `{p}` is empty once normalized and can never match"),
                ));
            } else {
                out.push(n);
            }
        }
    }
    let mut seqs = Vec::new();
    let mut exc_seqs = Vec::new();
    for (key, list, out) in [
        ("words", pick(&raw.words, matchers), &mut seqs),
        ("exceptions", pick(&raw.exceptions.words, matchers), &mut exc_seqs),
    ] {
        for w in list {
            match words::parse(w) {
                Ok(s) => out.push(s),
                Err(msg) => errors.push(loc.err_at(Words, key, w, format!("bad word sequence `{w}`: {msg}"))),
            }
        }
    }
    let mut patterns = Vec::new();
    let mut exc_patterns = Vec::new();
    for (key, list, out) in [
        ("patterns", pick(&raw.patterns, matchers), &mut patterns),
        ("exceptions", pick(&raw.exceptions.patterns, matchers), &mut exc_patterns),
    ] {
        if builtin {
            if !list.is_empty() {
                out.push(LazyRegex::deferred(union_source(list)));
            }
            continue;
        }
        // Each pattern's syntax is checked on its own (cheap, and the error points at it);
        // the rule's patterns are then compiled once, as one alternation.
        let mut ok = true;
        for p in list {
            if let Err(e) = regex_syntax::Parser::new().parse(p) {
                let text = e.to_string();
                let reason = text.lines().rev().find_map(|l| l.trim().strip_prefix("error: ")).unwrap_or(text.trim());
                errors.push(loc.err_at(Regex, key, p, format!("invalid regex `{p}`: {reason}")));
                ok = false;
            }
        }
        if ok && !list.is_empty() {
            match compile_regex(&union_source(list)) {
                Ok(r) => out.push(LazyRegex::ready(r)),
                // Too large together (or, rarely, only together): compile one by one so the
                // error names the pattern.
                Err(_) => {
                    for p in list {
                        match compile_regex(p) {
                            Ok(r) => out.push(LazyRegex::ready(r)),
                            Err(msg) => errors.push(loc.err_at(Regex, key, p, msg)),
                        }
                    }
                }
            }
        }
    }
    let mut suggestions = Vec::new();
    for s in &raw.suggestions {
        match (&s.replace, &s.advice, s.applicability) {
            (Some(r), None, app) => {
                let applicability = match app {
                    None | Some(Applicability::Unsafe) => Applicability::Unsafe,
                    Some(Applicability::Safe) => Applicability::Safe,
                    Some(Applicability::DisplayOnly) => {
                        errors.push(loc.err(
                            Invalid,
                            "suggestions",
                            "a replacement is `safe` or `unsafe`; use `advice` for display-only text".into(),
                        ));
                        Applicability::DisplayOnly
                    }
                };
                suggestions.push(RuleSuggestion { text: r.clone(), applicability });
            }
            (None, Some(a), None) => {
                suggestions.push(RuleSuggestion { text: a.clone(), applicability: Applicability::DisplayOnly })
            }
            (None, Some(_), Some(_)) => errors.push(loc.err(
                Invalid,
                "suggestions",
                "`applicability` goes with `replace`, not with `advice`".into(),
            )),
            _ => errors.push(loc.err(
                Invalid,
                "suggestions",
                "each suggestion needs exactly one of `replace` or `advice`".into(),
            )),
        }
    }
    let has_safe = suggestions.iter().any(|s| s.applicability == Applicability::Safe);
    if builtin {
        if raw.examples.flag.is_empty() || raw.examples.pass.is_empty() {
            errors.push(loc.err(MissingExamples, "examples", "a shipped rule needs `flag` and `pass` examples".into()));
        }
        if has_safe && raw.examples.fix.is_empty() {
            errors.push(loc.err(
                MissingExamples,
                "examples",
                "a shipped rule with a safe fix needs `fix` examples".into(),
            ));
        }
    }
    if !has_safe && !raw.examples.fix.is_empty() {
        errors.push(loc.err(Invalid, "examples", "`fix` examples need a suggestion with `applicability: safe`".into()));
    }
    let check = raw.check.clone().map(|c| match c {
        RawCheck::Shouting(p) => Check::Shouting(p),
        RawCheck::PunctuationRun(p) => Check::PunctuationRun(p),
        RawCheck::UnnumberedQuestions(p) => Check::UnnumberedQuestions(p),
        RawCheck::TooShort(p) => Check::TooShort(p),
    });
    let check_name = check.as_ref().map(|c| match c {
        Check::Shouting(_) => "shouting",
        Check::PunctuationRun(_) => "punctuation-run",
        Check::UnnumberedQuestions(_) => "unnumbered-questions",
        Check::TooShort(_) => "too-short",
    });
    let rule = Rule {
        code: raw.code.clone(),
        name: raw.name.clone(),
        category: raw.category,
        severity: raw.severity,
        message: raw.message.trim().to_string(),
        why: raw.why.trim().to_string(),
        suggestions,
        tags: raw.tags.clone(),
        phrases: raw.phrases.clone(),
        words: raw.words.clone(),
        patterns: raw.patterns.clone(),
        check: check_name,
        in_quotes: raw.in_quotes,
        examples: Examples {
            flag: raw.examples.flag.clone(),
            pass: raw.examples.pass.clone(),
            fix: raw.examples.fix.iter().map(|f| (f.from.clone(), f.to.clone())).collect(),
        },
        pack: pack.pack.clone(),
        origin: loc.origin.to_string(),
        language: pack.language,
        kind: pack.kind,
    };
    Some((rule, CompiledRule { phrases, seqs, patterns, exc_phrases, exc_seqs, exc_patterns, check }))
}

/// The gate of a regex: literal pieces, normalized as message text is, at least one of which
/// the normalized text must contain for the regex to have any chance of matching. The regex
/// then runs only on messages where the phrase automaton (which runs anyway) found a piece,
/// instead of on every message. `None` when there is no such set of pieces of 3 bytes or more;
/// the regex then runs on every message.
///
/// Why this is sound: every match starts with one of the regex's prefix literals and ends
/// with one of its suffix literals (the contract of literal extraction, which the regex
/// crate's own prefilters rely on), so the original text contains one; normalization works
/// character by character (lower-casing, dropping apostrophes and invisible characters,
/// folding white space runs), so the normalized text contains the normalized literal's pieces
/// between white space.
fn pieces_of(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::ExtractKind;
    // Prefix or suffix literals, whichever give the longer shortest piece.
    [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .filter_map(|kind| gate_pieces(hir, kind))
        .max_by_key(|pieces| pieces.iter().map(String::len).min().unwrap_or(0))
}

/// The gate of a rule regex, from one parse: automaton pieces (returned, to become automaton
/// entries) where it has them, else a few first bytes, else none.
fn gate_of(source: &str) -> (Gate, Vec<String>) {
    let Ok(hir) = regex_syntax::Parser::new().parse(source) else {
        return (Gate::Always, Vec::new());
    };
    match pieces_of(&hir) {
        Some(pieces) => (Gate::Pieces, pieces),
        None => (first_bytes(&hir).map_or(Gate::Always, Gate::Bytes), Vec::new()),
    }
}

/// The automaton pieces of a regex's gate (see [`pieces_of`]).
#[cfg(test)]
fn regex_gate(source: &str) -> Option<Vec<String>> {
    pieces_of(&regex_syntax::Parser::new().parse(source).ok()?)
}

fn gate_pieces(hir: &regex_syntax::hir::Hir, kind: regex_syntax::hir::literal::ExtractKind) -> Option<Vec<String>> {
    let seq = regex_syntax::hir::literal::Extractor::new().kind(kind).extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty() {
        return None;
    }
    let mut pieces = Vec::new();
    for lit in literals {
        let bytes = lit.as_bytes();
        // A literal may start or stop inside a character; keep its whole characters.
        let text = String::from_utf8_lossy(bytes);
        let whole = text.trim_matches('\u{FFFD}');
        if whole.contains('\u{FFFD}') {
            return None;
        }
        let normalized = normalize_phrase(whole);
        let piece = normalized.split([' ', '\n']).max_by_key(|p| p.len())?;
        if piece.len() < 3 {
            return None;
        }
        pieces.push(piece.to_string());
    }
    pieces.sort();
    pieces.dedup();
    // A piece that contains another piece adds nothing: finding the shorter one suffices.
    let all = pieces.clone();
    pieces.retain(|p| !all.iter().any(|q| q != p && p.contains(q.as_str())));
    Some(pieces)
}

/// When a regex can have a match in a message, as far as can be told without running it.
#[derive(Debug, Clone)]
pub(crate) enum Gate {
    /// Always run it.
    Always,
    /// Run it when the phrase automaton found one of its pieces (see [`pieces_of`]).
    Pieces,
    /// Run it when the text holds one of these bytes: every match starts with one of them.
    Bytes(Vec<u8>),
}

/// A rule regex with its gate.
#[derive(Debug)]
pub(crate) struct GatedRegex {
    pub regex: LazyRegex,
    pub gate: Gate,
}

impl GatedRegex {
    /// Can the regex (number `i`) match in `hay`, given which automaton gates fired?
    pub(crate) fn may_match(&self, fired: &[bool], i: usize, hay: &str) -> bool {
        match &self.gate {
            Gate::Always => true,
            Gate::Pieces => fired.get(i).copied().unwrap_or(false),
            Gate::Bytes(bytes) => bytes.chunks(3).any(|c| match *c {
                [a] => memchr::memchr(a, hay.as_bytes()).is_some(),
                [a, b] => memchr::memchr2(a, b, hay.as_bytes()).is_some(),
                [a, b, c] => memchr::memchr3(a, b, c, hay.as_bytes()).is_some(),
                _ => true,
            }),
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

/// How many bytes of text a linter scans with its (quick to build) NFA before it builds the DFA.
/// The DFA takes about 3 ms to build for the built-in packs and scans faster whatever the
/// number of phrases (with 10x the phrases the built-in packs scan at 1.02x the time; the NFA
/// takes about 2x); one draft at a pre-send hook never pays for it, a corpus pays once.
pub(crate) const DFA_AFTER: usize = 256 * 1024;

/// The phrase automaton. Both kinds find exactly the same (overlapping) matches in the same
/// order; no prefilter, since common letters defeat it.
pub(crate) fn automaton<'a>(texts: impl IntoIterator<Item = &'a str>, kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .prefilter(false)
        .build(texts)
        .expect("phrase automaton within limits")
}

/// Puts the compiled rules together: one automaton for every phrase and first word.
fn assemble(rules: Vec<Rule>, compiled: Vec<CompiledRule>, kind: Option<Kind>) -> Linter {
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
                steps: Vec::new(),
            });
            entries.len() - 1
        })
    };
    let mut regexes: Vec<GatedRegex> = Vec::new();
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
                    entries[e].uses.push(Use { rule, kind });
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
        // Exception regexes run only for a rule with a hit, so they get no gate: working one
        // out (parsing, literal extraction) costs about as much as compiling the regex.
        let first = regexes.len();
        regexes.extend(c.exc_patterns.into_iter().map(|regex| GatedRegex { regex, gate: Gate::Always }));
        exc_patterns.push((first..regexes.len()).collect());
        if let Some(ch) = c.check {
            checks.push((rule, ch));
        }
    }
    // Pattern i of the automaton is entry i.
    let ac = (!entries.is_empty())
        .then(|| automaton(entries.iter().map(|e| e.text.as_str()), AhoCorasickKind::NoncontiguousNFA));
    Linter {
        packs: Vec::new(),
        ignore_patterns: Vec::new(),
        rules,
        kind,
        ac,
        dfa: OnceLock::new(),
        scanned: AtomicUsize::new(0),
        dfa_after: DFA_AFTER,
        entries,
        seqs,
        regexes,
        patterns,
        exc_patterns,
        checks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Built-in regexes are compiled on first use, where a failure could only panic; this
    /// compiles every one of them eagerly, as a user pack's would be, so CI proves they all
    /// compile within the size limit.
    #[test]
    fn builtin_regexes_compile() {
        let mut b = LinterBuilder::new();
        for (origin, source) in crate::builtin::PACKS {
            b = b.pack_source(origin, source);
        }
        let linter = b.build().expect("every built-in pack compiles eagerly");
        let deferred = LinterBuilder::new().builtin().build().expect("built-in packs load");
        assert_eq!(linter.regexes.len(), deferred.regexes.len());
        for (eager, lazy) in linter.regexes.iter().zip(&deferred.regexes) {
            assert_eq!(eager.regex.get().as_str(), lazy.regex.get().as_str());
        }
    }

    /// Built-in packs are read from the JSON that `build.rs` converts their YAML to; that must
    /// be exactly what reading the YAML gives.
    #[test]
    fn builtin_json_matches_yaml() {
        assert_eq!(crate::builtin::PACKS.len(), crate::builtin::PACKS_JSON.len());
        for (&(origin, yaml), json) in crate::builtin::PACKS.iter().zip(crate::builtin::PACKS_JSON) {
            let from_yaml = pack::parse(origin, yaml).expect("built-in YAML parses");
            let from_json = pack::parse_json(json.expect("built-in YAML converts")).expect("JSON parses");
            assert_eq!(format!("{from_yaml:?}"), format!("{from_json:?}"), "{origin}");
        }
    }

    #[test]
    fn regex_gates() {
        let gate = |s: &str| regex_gate(s).map(|v| v.join(","));
        assert_eq!(gate(r"(?i)\bwho cares\s*[?!]").as_deref(), Some("care"));
        assert_eq!(gate(r"\b(?:Warten Sie|Warte)[ \t]*[.!]").as_deref(), Some("warte"));
        assert_eq!(gate(r"(?i)\bWEIß es"), Some("weiss".to_string()));
        assert_eq!(gate(r"don't know"), Some("know".to_string()));
        // No literal prefix of 3 bytes or more: no gate, the regex runs on every message.
        assert_eq!(gate(r"(?m)^[ \t]*Peate\b").as_deref(), Some("peate"));
        assert_eq!(gate(r"(?i)^\W*(?:persse|loll)\W*$"), None);
        assert_eq!(gate(r"[{\[<%]x"), None);
        assert_eq!(gate(r"\d{3,}"), None);
        assert_eq!(gate(r"(?:who cares)|\w+"), None);
    }

    /// Running a regex only where its gate fired finds exactly what running it everywhere
    /// finds, on texts built to straddle the gates (case, white space, apostrophes, ß,
    /// invisible characters, line breaks and blank lines inside and around the literals).
    #[test]
    fn gated_regexes_find_the_same() {
        use proptest::prelude::*;
        let gated = LinterBuilder::new().builtin().pack_source("gate.yaml", GATE_PACK).build().expect("loads");
        let count = |g: &Linter, f: fn(&Gate) -> bool| g.regexes.iter().filter(|r| f(&r.gate)).count();
        assert!(count(&gated, |g| matches!(g, Gate::Pieces)) >= 7, "the built-in regexes have gates");
        assert!(count(&gated, |g| matches!(g, Gate::Bytes(_))) >= 1, "D001's bracket regex has a byte gate");
        let mut ungated = LinterBuilder::new().builtin().pack_source("gate.yaml", GATE_PACK).build().expect("loads");
        for r in &mut ungated.regexes {
            r.gate = Gate::Always;
        }
        let fragments = prop::sample::select(vec![
            "who cares",
            "WHO  CARES",
            "Who\ncares",
            "who\n\ncares",
            "who c\u{AD}ares",
            "who ca’res",
            "?",
            "!",
            "hurry up",
            "HURRY\tUP",
            "Wait",
            "WAIT",
            "Hold on",
            "hang on",
            "Be patient",
            ".",
            " ",
            "\n",
            "Warte",
            "Warten Sie",
            "WARTEN SIE",
            "mul on",
            "MUL ON õigus",
            "õigus",
            "oota",
            "OODAKE",
            "nüüd",
            "weiß",
            "WEISS",
            "weiss",
            "es",
            "ẞ",
            "ei tea",
            "Ei\ntea",
            "EI TEA",
            "Peate",
            "\n  Peate",
            "Ei huvita",
            "{{name}}",
            "[Name]",
            "<customer>",
            "%ORDER_ID%",
            "{first_name}",
            "[x]",
            "](",
            "TODO list",
            "don't know if you",
            "no idea is too",
            "not my job",
            "but I",
            "we will",
            "hurry up the",
            "XX days",
            "don't",
            "don’t",
            "know",
            "KNOW",
            "ſ",
            "K",
            "İ",
            "x",
            "\u{200B}",
        ]);
        let texts = prop::collection::vec(fragments, 0..12).prop_map(|v| v.concat());
        proptest!(ProptestConfig::with_cases(2000), |(text in texts)| {
            prop_assert_eq!(gated.lint(&text), ungated.lint(&text));
        });
    }

    /// A user pack whose regexes have gates with ß, apostrophes and inner white space.
    const GATE_PACK: &str = r#"
pack: gate
language: any
kind: any
rules:
  - code: Z801
    name: gate-test
    category: dont-know
    severity: warning
    message: "{matched}"
    why: gates
    patterns: ['(?i)weiß es', "don't know", '(?i)who\s+cares', 'ſ']
"#;

    /// The NFA (first) and the DFA (after `DFA_AFTER` bytes) give identical results.
    #[test]
    fn nfa_and_dfa_agree() {
        let build = |after: usize| {
            let mut l = LinterBuilder::new().builtin().build().expect("built-in packs load");
            l.dfa_after = after;
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
        assert!(nfa.dfa.get().is_none() && dfa.dfa.get().is_some());
    }
}
