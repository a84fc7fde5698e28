//! Collecting packs and options, then validating and compiling them once into a [`Linter`].
//!
//! [`LinterBuilder::build`] runs in three steps: each pack's rules are validated on their own
//! ([`crate::validate`]), then duplicates across packs are checked, then the rules the kind,
//! language and selectors keep are assembled into the compiled index ([`crate::index`]).

use crate::engines::{Deferred, Engines, Slot};
use crate::error::{Error, ErrorKind, Errors};
use crate::gate::compile_regex;
use crate::index::assemble;
use crate::language::Language;
use crate::linter::Linter;
use crate::merge_fields::{self, HelpDesk};
use crate::model::{Kind, Severity};
use crate::pack::{self, Locator, RawPack, Source};
use crate::rule::{PackInfo, Rule};
use crate::validate::{self, RuleLoc};
use crate::words::{self, Class, Vocab};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// A parsed pack waiting to be validated.
pub(crate) struct LoadedPack {
    pub(crate) origin: String,
    pub(crate) raw: RawPack,
    /// The YAML source, for locating errors.
    pub(crate) source: Source,
    pub(crate) builtin: bool,
    /// Only lends its word classes (`class_source`): its rules were dropped.
    classes_only: bool,
}

impl LoadedPack {
    fn new(origin: &str, mut raw: RawPack, source: Source, builtin: bool, classes_only: bool) -> Self {
        if classes_only {
            raw.rules.clear();
        }
        LoadedPack { origin: origin.to_string(), raw, source, builtin, classes_only }
    }
}

impl LoadedPack {
    fn locator(&self) -> &Locator {
        self.source.locator()
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
    directives: Option<bool>,
    merge_fields: Vec<HelpDesk>,
    on_demand: bool,
}

impl LinterBuilder {
    /// An empty builder: no packs, every kind and language.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds every built-in pack (embedded from `rules/`). Built-in rules must carry examples.
    pub fn builtin(mut self) -> Self {
        for (&(origin, source), json) in crate::builtin::PACKS.iter().zip(crate::builtin::PACKS_JSON) {
            self.add_builtin(origin, source, *json, false);
        }
        self
    }

    /// Adds the one built-in pack whose origin is `origin` (e.g. `rules/en/drafts.yaml`), with
    /// the built-in strictness; an origin that names no built-in pack is an error of `build`.
    /// The word classes of the other built-in packs come with it (the built-in packs of a
    /// language share theirs: the incoming pack may use a class the drafts pack declares).
    pub fn builtin_pack(mut self, origin: &str) -> Self {
        let found = crate::builtin::PACKS.iter().zip(crate::builtin::PACKS_JSON).find(|((o, _), _)| *o == origin);
        match found {
            Some((&(o, source), json)) => {
                self.add_builtin(o, source, *json, false);
                for (&(other, source), json) in crate::builtin::PACKS.iter().zip(crate::builtin::PACKS_JSON) {
                    if other != o {
                        self.add_builtin(other, source, *json, true);
                    }
                }
            }
            None => {
                let known: Vec<&str> = crate::builtin::PACKS.iter().map(|(o, _)| *o).collect();
                self.errors.push(Error::new(
                    ErrorKind::Invalid,
                    format!("there is no built-in pack `{origin}`; the built-in packs are `{}`", known.join("`, `")),
                ));
            }
        }
        self
    }

    /// Adds a pack from YAML text; `origin` names it in errors (usually its path).
    pub fn pack_source(mut self, origin: &str, source: &str) -> Self {
        self.add(origin, Cow::Owned(source.to_string()), false, false);
        self
    }

    /// Adds only the word classes of a pack (its rules are left out): to test one pack of a
    /// language whose classes live in another file, as `tact rules test` does.
    pub fn class_source(mut self, origin: &str, source: &str) -> Self {
        self.add(origin, Cow::Owned(source.to_string()), false, true);
        self
    }

    /// A built-in pack: from its JSON form when there is one (cheap), else from its YAML.
    fn add_builtin(&mut self, origin: &str, source: &'static str, json: Option<&str>, classes_only: bool) {
        match json.and_then(pack::parse_json) {
            Some(raw) => {
                self.packs.push(LoadedPack::new(origin, raw, Source::new(Cow::Borrowed(source)), true, classes_only))
            }
            None => self.add(origin, Cow::Borrowed(source), true, classes_only),
        }
    }

    fn add(&mut self, origin: &str, source: Cow<'static, str>, builtin: bool, classes_only: bool) {
        match pack::parse(origin, &source) {
            Ok(raw) => self.packs.push(LoadedPack::new(origin, raw, Source::new(source), builtin, classes_only)),
            Err(errs) => self.errors.extend(errs.into_vec()),
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

    /// Declares help desks that fill their own merge fields when they send a text
    /// (`{{ticket.requester.first_name}}` for Zendesk): findings of the `placeholder`
    /// category inside one of their fields are dropped. Adds to earlier calls.
    ///
    /// ```
    /// use tact::{HelpDesk, Kind, LinterBuilder};
    /// let text = "Hi {{ticket.requester.first_name}}, and [AGENT NAME].";
    /// let plain = LinterBuilder::new().builtin().kind(Kind::Draft).build().unwrap();
    /// assert_eq!(plain.lint(text).len(), 2);
    /// let zendesk = LinterBuilder::new().builtin().kind(Kind::Draft).merge_fields([HelpDesk::Zendesk]).build().unwrap();
    /// let left = zendesk.lint(text);
    /// assert_eq!((left.len(), left[0].matched.as_str()), (1, "[AGENT NAME]"));
    /// ```
    pub fn merge_fields(mut self, desks: impl IntoIterator<Item = HelpDesk>) -> Self {
        for d in desks {
            if !self.merge_fields.contains(&d) {
                self.merge_fields.push(d);
            }
        }
        self
    }

    /// The word classes in scope for each language: those of the language's packs plus those of
    /// `any` packs. A class name declared twice for one language is an error.
    fn classes(&self, errors: &mut Vec<Error>) -> HashMap<Language, HashMap<String, Class>> {
        let mut out: HashMap<Language, HashMap<String, Class>> = HashMap::new();
        let mut seen: HashMap<(Language, &str), &str> = HashMap::new();
        for p in &self.packs {
            let lang = p.raw.language;
            let vocab = Vocab { classes: None, spellings: lang.info().map_or(&[], |i| i.spellings) };
            for (name, members) in &p.raw.classes {
                if let Some(prev) = seen.insert((lang, name), &p.origin) {
                    errors.push(
                        Error::new(ErrorKind::Duplicate, format!("word class `{name}` is already declared in {prev}"))
                            .at(&p.origin, p.locator().top_key_pos("classes")),
                    );
                    continue;
                }
                let mut class = Class::default();
                for m in members {
                    match words::parse_member(m, &vocab) {
                        Ok(found) => {
                            for a in found.words {
                                if !class.words.contains(&a) {
                                    class.words.push(a);
                                }
                            }
                            for r in found.runs {
                                if !class.runs.contains(&r) {
                                    class.runs.push(r);
                                }
                            }
                        }
                        Err(msg) => errors.push(
                            Error::new(ErrorKind::Words, format!("word class `{name}`: {msg}"))
                                .at(&p.origin, p.locator().top_key_pos("classes")),
                        ),
                    }
                }
                let targets: Vec<Language> = if lang == Language::Any {
                    Language::ALL.iter().copied().chain([Language::Any]).collect()
                } else {
                    vec![lang]
                };
                for t in targets {
                    out.entry(t).or_default().insert(name.clone(), class.clone());
                }
            }
        }
        out
    }

    /// Whether inline suppression directives (`# tact: ignore`, `<!-- tact-disable -->`) in a
    /// message are honoured. Default: yes for drafts (an agent's or a canned library's own
    /// text), no for incoming messages, where the author is the customer: a customer who writes
    /// `# tact: ignore` after a legal threat must not switch triage off.
    pub fn inline_directives(mut self, honour: bool) -> Self {
        self.directives = Some(honour);
        self
    }

    /// Compile the built-in rules of each language only when a message needs them (default:
    /// all at build time). Every pack is still validated and every user pack compiled at
    /// build time, so errors are reported by [`build`](Self::build) either way, and the
    /// findings are the same; what changes is when the work is done. A message linted with
    /// [`Linter::lint`] (language told from its words) first has its language told by a
    /// stopword pass, then is linted with that language's rules, compiled on first use; one
    /// whose language cannot be told (or [`Linter::lint_in`] with `None`) makes the linter
    /// compile every language's rules, which it then uses for every later message. For a
    /// process that lints one draft (a pre-send hook), this skips compiling the other
    /// languages' rules; a long-running service or a corpus run gains nothing from it.
    pub fn languages_on_demand(mut self, on_demand: bool) -> Self {
        self.on_demand = on_demand;
        self
    }

    /// Validates every pack and compiles the selected rules. Returns every problem found.
    pub fn build(mut self) -> Result<Linter, Errors> {
        let mut errors = std::mem::take(&mut self.errors);
        // A pack lent for its classes (`builtin_pack`, `class_source`) that is also loaded in
        // full, or lent twice, counts once: its classes are declared once.
        let full: HashSet<String> = self.packs.iter().filter(|p| !p.classes_only).map(|p| p.origin.clone()).collect();
        let mut lent = HashSet::new();
        self.packs.retain(|p| !p.classes_only || (!full.contains(&p.origin) && lent.insert(p.origin.clone())));
        let mut rules = Vec::new();
        let mut compiled = Vec::new();
        // First each pack on its own; a pack with errors of its own is left out of the
        // duplicate checks, so one broken pack doesn't make good ones look broken.
        let classes = self.classes(&mut errors);
        let no_classes = HashMap::new();
        let mut per_pack = Vec::new();
        for (pack_no, p) in self.packs.iter().enumerate() {
            let before = errors.len();
            let vocab = Vocab {
                classes: Some(classes.get(&p.raw.language).unwrap_or(&no_classes)),
                spellings: p.raw.language.info().map_or(&[], |i| i.spellings),
            };
            if p.classes_only {
                continue;
            }
            if p.raw.rules.is_empty() && p.raw.classes.is_empty() {
                errors.push(
                    Error::new(ErrorKind::EmptyMatcher, "the pack has no rules")
                        .at(&p.origin, p.locator().top_key_pos("rules")),
                );
            }
            let runs = self.kind.is_none_or(|k| p.raw.kind == Kind::Any || p.raw.kind == k)
                && (self.languages.is_empty()
                    || p.raw.language == Language::Any
                    || self.languages.contains(&p.raw.language));
            // A built-in pack of one language can wait until a message of that language comes
            // (`languages_on_demand`); it was validated when the crate was tested.
            let defer = self.on_demand && p.builtin && runs && p.raw.language != Language::Any;
            let matchers = (!p.builtin || runs) && !defer;
            let mut names = HashSet::new();
            let mut out = Vec::new();
            for (i, raw) in p.raw.rules.iter().enumerate() {
                let loc = RuleLoc { origin: &p.origin, source: &p.source, index: i, code: &raw.code };
                if !names.insert(raw.name.clone()) {
                    errors.push(loc.err(
                        ErrorKind::Duplicate,
                        "name",
                        format!("name `{}` is already used in this pack", raw.name),
                    ));
                }
                out.push((i, validate::rule(raw, &p.raw, &loc, &vocab, p.builtin, matchers, &mut errors)));
            }
            per_pack.push((pack_no, p, defer, errors.len() == before, out));
        }
        let mut codes: HashMap<String, String> = HashMap::new();
        let mut pack_ids: HashSet<String> = HashSet::new();
        let mut slots = Vec::new();
        for (pack_no, p, defer, ok, out) in per_pack {
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
                let loc = RuleLoc { origin: &p.origin, source: &p.source, index: i, code: &rule.code };
                if let Some(prev) = codes.insert(rule.code.clone(), p.origin.clone()) {
                    errors.push(loc.err(
                        ErrorKind::Duplicate,
                        "code",
                        format!("code `{}` is already used in {prev}", rule.code),
                    ));
                }
                rules.push((rule, p.origin.clone()));
                compiled.push(c);
                slots.push(defer.then_some(Slot { pack: pack_no, rule: i }));
            }
        }
        if !errors.is_empty() {
            return Err(Errors::new(errors));
        }
        // Select by kind and language, then by selectors.
        let keep_pack = |r: &Rule| {
            self.kind.is_none_or(|k| r.kind == Kind::Any || r.kind == k)
                && (self.languages.is_empty() || r.language == Language::Any || self.languages.contains(&r.language))
        };
        let all: Vec<&Rule> = rules.iter().map(|(r, _)| r).collect();
        for sel in self.select.iter().chain(&self.ignore).chain(self.severities.iter().map(|(s, _)| s)) {
            if !all.iter().any(|r| r.matches_selector(sel)) {
                errors.push(Error::new(
                    ErrorKind::UnknownSelector,
                    format!("`{sel}` is not the code, name or category of any loaded rule"),
                ));
            }
        }
        // A selector that names real rules, all of which the kind or languages leave out,
        // checks nothing: said, not silently accepted.
        let mut warnings = Vec::new();
        for sel in &self.select {
            let mut matching = all.iter().filter(|r| r.matches_selector(sel)).peekable();
            if let Some(first) = matching.peek().copied() {
                if !matching.any(|r| keep_pack(r)) {
                    let lang = match first.language {
                        Language::Any => String::new(),
                        l => format!("{} ", l.as_str()),
                    };
                    warnings.push(format!(
                        "`{sel}` selects no rule that is loaded: {} is a rule for {lang}{} messages, which the chosen kind or language leaves out",
                        first.code, first.kind
                    ));
                }
            }
        }
        let mut ignore_res = Vec::new();
        for (origin, src) in &self.ignore_patterns {
            if matches_empty(src) {
                errors.push(
                    Error::new(
                        ErrorKind::Regex,
                        format!("ignore pattern `{src}` can match the empty string, so it would hide every finding; remove the empty alternative"),
                    )
                    .at(origin, None),
                );
                continue;
            }
            match compile_regex(src) {
                Ok(r) if matches_anything(&r).is_some() => errors.push(
                    Error::new(
                        ErrorKind::Regex,
                        format!(
                            "ignore pattern `{src}` matches {}, so it would hide nearly every finding; name the text to leave alone",
                            matches_anything(&r).unwrap_or_default()
                        ),
                    )
                    .at(origin, None),
                ),
                Ok(r) => ignore_res.push(r),
                Err(msg) => {
                    errors.push(Error::new(ErrorKind::Regex, format!("ignore pattern: {msg}")).at(origin, None))
                }
            }
        }
        if !errors.is_empty() {
            return Err(Errors::new(errors));
        }
        let mut out_rules = Vec::new();
        let mut out_compiled = Vec::new();
        let mut out_slots = Vec::new();
        for (((mut rule, _), c), slot) in rules.into_iter().zip(compiled).zip(slots) {
            let selected = self.select.is_empty() || self.select.iter().any(|s| rule.matches_selector(s));
            let ignored = self.ignore.iter().any(|s| rule.matches_selector(s));
            if !keep_pack(&rule) || !selected || ignored {
                continue;
            }
            for (sel, sev) in &self.severities {
                if rule.matches_selector(sel) {
                    rule.severity = *sev;
                }
            }
            out_rules.push(rule);
            out_compiled.push(c);
            out_slots.push(slot);
        }
        let packs = self
            .packs
            .iter()
            .filter(|p| !p.classes_only)
            .map(|p| PackInfo {
                id: p.raw.pack.clone(),
                origin: p.origin.clone(),
                language: p.raw.language,
                kind: p.raw.kind,
                description: p.raw.description.clone().unwrap_or_default(),
            })
            .collect();
        // By default, directives are the author's: a draft's. A linter of incoming messages
        // ignores them, and one of every kind lets them switch off draft rules only.
        let directives = match (self.directives, self.kind) {
            (Some(true), _) => crate::suppress::Honour::All,
            (Some(false), _) | (None, Some(Kind::Incoming)) => crate::suppress::Honour::None,
            (None, _) => crate::suppress::Honour::Drafts,
        };
        let mut langs: Vec<Language> = out_rules.iter().map(|r| r.language).filter(|l| *l != Language::Any).collect();
        langs.sort_by_key(|l| l.as_str());
        langs.dedup();
        let deferred =
            Deferred { packs: std::mem::take(&mut self.packs), classes, slots: out_slots, compiled: out_compiled };
        let engines = if langs.len() > 1 && deferred.slots.iter().any(Option::is_some) {
            Engines::on_demand(deferred, out_rules.iter().map(|r| r.language).collect(), langs)
        } else {
            // One language (nothing to tell apart) or nothing deferred: compile it all now.
            Engines::ready(assemble(deferred.into_all(), langs))
        };
        Ok(Linter::new(packs, out_rules, self.kind, engines, ignore_res, directives)
            .with_merge_fields(merge_fields::compile(&self.merge_fields))
            .with_warnings(warnings))
    }
}

/// Whether the regex `src` can match the empty string (its shortest match is empty). An
/// invalid one is left to the compiler's error.
fn matches_empty(src: &str) -> bool {
    regex_syntax::parse(src).is_ok_and(|hir| hir.properties().minimum_len() == Some(0))
}

/// What an ignore pattern matches that is inside nearly every finding, if it does: a lone
/// letter of any script (`\w`, `.`, `(?s).+`, `[^x]`), or a lone space (`\s`, every finding
/// of more than one word). An ignore pattern cancels every finding its matches overlap, so
/// such a pattern switches checking off as surely as one that matches the empty string.
fn matches_anything(re: &regex::Regex) -> Option<&'static str> {
    if ["q", "X", "ж", "ö"].iter().all(|s| re.is_match(s)) {
        Some("any single letter")
    } else if re.is_match(" ") {
        Some("a lone space")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::{Kind, LinterBuilder};

    #[test]
    fn ignore_patterns_that_match_inside_any_finding_are_refused() {
        for bad in [r"\w", ".", r"(?s).+", r"[^x]", r"\s", " ", r"(?i)[a-zа-яö]", r"\S+"] {
            let err = LinterBuilder::new().builtin().ignore_pattern("tact.yaml", bad).build().err();
            let msg = err.map(|e| e.to_string()).unwrap_or_default();
            assert!(msg.contains("would hide nearly every finding"), "{bad}: {msg}");
        }
        for good in [r"\bAcme\b", r"(?i)no idea inc", r"[A-Z]{2,}", r"\s{2,}", r"x"] {
            assert!(LinterBuilder::new().builtin().ignore_pattern("tact.yaml", good).build().is_ok(), "{good}");
        }
    }

    #[test]
    fn each_message_gets_its_own_languages_rules() {
        let l = LinterBuilder::new().builtin().kind(Kind::Incoming).build().expect("loads");
        let (diags, lang) = l.lint_auto("You idiots, I want my money back and I will sue you");
        assert_eq!(lang, Some(crate::Language::En));
        assert!(diags.iter().all(|d| d.code.starts_with("I1") || d.code.starts_with("I0")), "{diags:?}");
        let (_, lang) = l.lint_auto("Ich habe das schon dreimal geschrieben und bekomme keine Antwort");
        assert_eq!(lang, Some(crate::Language::De));
        assert_eq!(l.lint_auto("ok").1, None);
    }

    #[test]
    fn a_selection_that_the_kind_leaves_out_is_warned_about() {
        let l =
            LinterBuilder::new().builtin().kind(Kind::Incoming).select("D101").select("I101").build().expect("loads");
        assert_eq!(l.warnings().len(), 1, "{:?}", l.warnings());
        assert!(l.warnings()[0].starts_with("`D101` selects no rule that is loaded"), "{:?}", l.warnings());
        let l = LinterBuilder::new().builtin().kind(Kind::Draft).select("D101").build().expect("loads");
        assert!(l.warnings().is_empty());
    }

    #[test]
    fn an_ignore_pattern_that_can_match_the_empty_string_is_an_error() {
        for bad in ["Acme|", "(Acme)?", "x*", r"\b"] {
            let errors = LinterBuilder::new().builtin().ignore_pattern("c.yaml", bad).build().expect_err(bad);
            assert!(errors.iter().any(|e| e.message().contains("can match the empty string")), "{bad}");
        }
        LinterBuilder::new().builtin().ignore_pattern("c.yaml", r"\bAcme\b").build().expect("a real pattern");
    }

    #[test]
    fn a_classes_only_source_lends_classes_not_rules() {
        let classes = "pack: c\nlanguage: en\nkind: any\nclasses:\n  we: [\"I\", \"we\"]\n";
        let rules = "pack: r\nlanguage: en\nkind: draft\nrules:\n  - {code: X101, name: a, category: dont-know, severity: info, message: m, why: w, words: [\"@we ~1 dunno\"]}\n";
        let l =
            LinterBuilder::new().pack_source("r.yaml", rules).class_source("c.yaml", classes).build().expect("loads");
        assert_eq!(l.rules().len(), 1);
        assert_eq!(l.packs().len(), 1);
        assert_eq!(l.lint("we just dunno").len(), 1);
        assert!(
            LinterBuilder::new().pack_source("r.yaml", rules).build().is_err(),
            "@we is unknown without the classes"
        );
    }

    #[test]
    fn customers_cannot_switch_triage_off() {
        let text = "I will sue you. # tact: ignore";
        let incoming = LinterBuilder::new().builtin().kind(Kind::Incoming).build().expect("loads");
        assert!(incoming.lint(text).iter().any(|d| d.category.as_str() == "legal-threat"));
        let honouring = LinterBuilder::new().builtin().kind(Kind::Incoming).inline_directives(true).build().unwrap();
        assert!(honouring.lint(text).is_empty());
        let drafts = LinterBuilder::new().builtin().kind(Kind::Draft).build().expect("loads");
        let typo = LinterBuilder::new().builtin_pack("rules/en/draft.yaml").build().unwrap_err().to_string();
        assert!(typo.contains("no built-in pack `rules/en/draft.yaml`"), "{typo}");
        assert!(drafts.lint("I don't know. # tact: ignore").is_empty());
        assert!(!drafts.lint("I don't know.").is_empty());
        // A linter of every kind lets a directive switch draft rules off, never incoming ones.
        let any = LinterBuilder::new().builtin().kind(Kind::Any).build().expect("loads");
        let left = any.lint("I don't know. I will sue you. # tact: ignore");
        assert!(left.iter().any(|d| d.category.as_str() == "legal-threat"), "{left:?}");
        assert!(!left.iter().any(|d| d.category.as_str() == "dont-know"), "{left:?}");
        let all = LinterBuilder::new().builtin().kind(Kind::Any).inline_directives(true).build().unwrap();
        assert!(all.lint("I don't know. I will sue you. # tact: ignore").is_empty());
    }
}
