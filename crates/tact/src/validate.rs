//! Validating one parsed rule and compiling its matchers: one validator per part of a rule
//! (identity, phrases, word sequences, patterns, suggestions, examples, check). Each pushes
//! every problem it finds, located in the pack's source, so a broken pack reports all of them
//! at once.

use crate::checks::Check;
use crate::error::{Error, ErrorKind};
use crate::gate::{compile_regex, LazyRegex};
use crate::index::CompiledRule;
use crate::language::Language;
use crate::model::{Applicability, Category, CustomCategory, Kind};
use crate::normalize::normalize_phrase;
use crate::pack::{MatcherKind, RawPack, RawRule, RawVariant, Reach, Source};
use crate::rule::{Examples, Rule, RuleSuggestion, Translation};
use crate::words::{self, Clause, Sequence, Vocab};

/// Where a rule is, for locating its errors.
pub(crate) struct RuleLoc<'a> {
    pub(crate) origin: &'a str,
    pub(crate) source: &'a Source,
    pub(crate) index: usize,
    pub(crate) code: &'a str,
}

impl RuleLoc<'_> {
    /// An error at `key` of the rule.
    pub(crate) fn err(&self, kind: ErrorKind, key: &str, msg: String) -> Error {
        Error::new(kind, msg).at(self.origin, self.source.locator().key_pos(self.index, key)).rule(Some(self.code))
    }

    /// An error at the value `needle` under `key` of the rule.
    fn err_at(&self, kind: ErrorKind, key: &str, needle: &str, msg: String) -> Error {
        Error::new(kind, msg)
            .at(self.origin, self.source.locator().value_pos(self.index, key, needle))
            .rule(Some(self.code))
    }
}

/// Validates one rule and compiles its matchers. With `matchers` false (a built-in pack the
/// linter will not run: another kind or language) the rule is kept for listings and selectors
/// only and its matchers are left uncompiled (CI compiles them all). Built-in regexes are
/// compiled on first use; a user's are compiled now, so a bad one is reported here.
pub(crate) fn rule(
    raw: &RawRule,
    pack: &RawPack,
    loc: &RuleLoc<'_>,
    vocab: &Vocab<'_>,
    builtin: bool,
    matchers: bool,
    errors: &mut Vec<Error>,
) -> (Rule, CompiledRule) {
    let category = identity(raw, pack, loc, errors);
    let compiled = if matchers {
        self::matchers(raw, loc, vocab, builtin, errors)
    } else {
        CompiledRule { check: raw.check.clone(), ..CompiledRule::default() }
    };
    let suggestions = suggestions(raw, loc, errors);
    let swap_applicability = match raw.swap_applicability {
        None | Some(Applicability::Unsafe) => Applicability::Unsafe,
        Some(Applicability::Safe) => Applicability::Safe,
        Some(Applicability::DisplayOnly) => {
            errors.push(loc.err(
                ErrorKind::Invalid,
                "swap-applicability",
                "a swap is a replacement: `safe` or `unsafe`".into(),
            ));
            Applicability::Unsafe
        }
    };
    if raw.swap_applicability.is_some() && raw.swap.is_empty() {
        errors.push(loc.err(ErrorKind::Invalid, "swap-applicability", "`swap-applicability` needs a `swap`".into()));
    }
    let has_safe = suggestions.iter().any(|s| s.applicability == Applicability::Safe)
        || (!raw.swap.is_empty() && swap_applicability == Applicability::Safe);
    let examples = examples(raw, loc, builtin, has_safe, errors);
    let rule = Rule {
        code: raw.code.clone(),
        name: raw.name.clone(),
        category,
        yield_to: yield_to(raw, pack, loc, errors),
        severity: raw.severity,
        message: raw.message.trim().to_string(),
        why: raw.why.trim().to_string(),
        suggestions,
        tags: raw.tags.clone(),
        phrases: with_variants(&raw.phrases, raw, |v| &v.phrases),
        words: with_variants(&raw.words, raw, |v| &v.words),
        patterns: with_variants(&raw.patterns, raw, |v| &v.patterns),
        clause: with_variants(&raw.clause, raw, |v| &v.clause),
        sentence: with_variants(&raw.sentence, raw, |v| &v.sentence),
        swap: raw.swap.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        swap_applicability,
        sources: raw.sources.clone(),
        check: raw.check.as_ref().map(Check::name),
        in_quotes: raw.in_quotes,
        examples,
        pack: pack.pack.clone(),
        origin: loc.origin.to_string(),
        language: pack.language,
        kind: pack.kind,
        translations: translations(raw, pack, loc, errors),
    };
    (rule, compiled)
}

/// The rule's `translations`: only in a pack of language `any` (a rule of one language is
/// written in it), one per language of the table, each with a text for every suggestion.
fn translations(
    raw: &RawRule,
    pack: &RawPack,
    loc: &RuleLoc<'_>,
    errors: &mut Vec<Error>,
) -> Vec<(Language, Translation)> {
    if raw.translations.is_empty() {
        return Vec::new();
    }
    if pack.language != Language::Any {
        errors.push(loc.err(
            ErrorKind::Invalid,
            "translations",
            format!(
                "`translations` are for packs of language `any`; this pack's rules are written in `{}`",
                pack.language
            ),
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for (code, t) in &raw.translations {
        let language = match code.parse::<Language>() {
            Ok(l) if l != Language::Any => l,
            _ => {
                let known: Vec<&str> = Language::ALL.iter().map(|l| l.as_str()).collect();
                errors.push(loc.err(
                    ErrorKind::Invalid,
                    "translations",
                    format!("`{code}` is not a language of the table ({})", known.join(", ")),
                ));
                continue;
            }
        };
        if t.suggestions.len() != raw.suggestions.len() {
            errors.push(loc.err(
                ErrorKind::Invalid,
                "translations",
                format!(
                    "the `{code}` translation has {} suggestion texts; the rule has {} suggestions (one text each, in order)",
                    t.suggestions.len(),
                    raw.suggestions.len()
                ),
            ));
            continue;
        }
        out.push((
            language,
            Translation {
                message: t.message.trim().to_string(),
                why: t.why.trim().to_string(),
                suggestions: t.suggestions.iter().map(|s| s.trim().to_string()).collect(),
            },
        ));
    }
    out
}

/// A matcher list as written, followed by the same list of each variant.
fn with_variants(own: &[String], raw: &RawRule, list: impl Fn(&RawVariant) -> &Vec<String>) -> Vec<String> {
    own.iter().chain(raw.variants.iter().flat_map(|v| list(v).iter())).cloned().collect()
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

/// The rule's category: a built-in one, or one its pack declares.
fn category(raw: &RawRule, pack: &RawPack, loc: &RuleLoc<'_>, errors: &mut Vec<Error>) -> Category {
    named_category(&raw.category, "category", pack, loc, errors)
}

/// The category called `name` (under `key`): a built-in one, or one the pack declares.
fn named_category(name: &str, key: &str, pack: &RawPack, loc: &RuleLoc<'_>, errors: &mut Vec<Error>) -> Category {
    if let Some(c) = Category::from_name(name) {
        return c;
    }
    if let Some(description) = pack.categories.get(name) {
        return Category::Custom(CustomCategory::new(name, pack.kind, description));
    }
    let builtin: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    errors.push(loc.err_at(
        ErrorKind::Schema,
        key,
        name,
        format!(
            "unknown category `{name}`: declare it under the pack's `categories:` or use one of `{}`",
            builtin.join("`, `")
        ),
    ));
    Category::Placeholder
}

/// The categories the rule yields to; its own category among them is an error (it would drop
/// every finding of its own that overlaps another).
fn yield_to(raw: &RawRule, pack: &RawPack, loc: &RuleLoc<'_>, errors: &mut Vec<Error>) -> Vec<Category> {
    let mut out = Vec::with_capacity(raw.yield_to.len());
    for name in &raw.yield_to {
        if *name == raw.category {
            errors.push(loc.err_at(
                ErrorKind::Invalid,
                "yield-to",
                name,
                format!("a rule cannot yield to its own category `{name}`"),
            ));
            continue;
        }
        out.push(named_category(name, "yield-to", pack, loc, errors));
    }
    out
}

/// Code, name, category (of the pack's kind), message, and at least one matcher.
fn identity(raw: &RawRule, pack: &RawPack, loc: &RuleLoc<'_>, errors: &mut Vec<Error>) -> Category {
    let category = category(raw, pack, loc, errors);
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
    if pack.kind != Kind::Any && category.kind() != pack.kind && category.kind() != Kind::Any {
        errors.push(loc.err(
            Invalid,
            "category",
            format!(
                "category `{}` is for {} messages, but this pack is for {} messages",
                category,
                category.kind(),
                pack.kind
            ),
        ));
    }
    if raw.message.trim().is_empty() {
        errors.push(loc.err(Invalid, "message", "message is empty".into()));
    }
    let has_matcher = !raw.phrases.is_empty()
        || !raw.words.is_empty()
        || !raw.patterns.is_empty()
        || !raw.clause.is_empty()
        || !raw.sentence.is_empty()
        || !raw.swap.is_empty()
        || raw.check.is_some()
        || !raw.variants.is_empty();
    if !has_matcher {
        errors.push(loc.err(
            EmptyMatcher,
            "code",
            "rule has no matcher: give `phrases`, `words`, `clause`, `sentence`, `swap`, `patterns` or `check`".into(),
        ));
    }
    category
}

/// One phrase, normalized, with the language's other spellings of it; an error when it
/// normalizes to nothing (it could never match).
fn phrase(loc: &RuleLoc<'_>, key: &str, p: &str, vocab: &Vocab<'_>, errors: &mut Vec<Error>) -> Vec<String> {
    let n = normalize_phrase(p);
    if n.is_empty() {
        errors.push(loc.err_at(
            ErrorKind::EmptyMatcher,
            key,
            p,
            format!("phrase `{p}` is empty once normalized and can never match"),
        ));
        return Vec::new();
    }
    vocab.variants(&n)
}

/// Phrases, normalized, with their spelling variants.
fn phrases(loc: &RuleLoc<'_>, key: &str, list: &[String], vocab: &Vocab<'_>, errors: &mut Vec<Error>) -> Vec<String> {
    list.iter().flat_map(|p| phrase(loc, key, p, vocab, errors)).collect()
}

/// Swap phrases with their replacements: `(normalized variants, replacement)`.
fn swaps(raw: &RawRule, loc: &RuleLoc<'_>, vocab: &Vocab<'_>, errors: &mut Vec<Error>) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::with_capacity(raw.swap.len());
    for (from, to) in &raw.swap {
        if to.trim().is_empty() {
            errors.push(loc.err_at(
                ErrorKind::Invalid,
                "swap",
                from,
                format!("swap `{from}` has an empty replacement"),
            ));
        }
        out.push((phrase(loc, "swap", from, vocab, errors), to.clone()));
    }
    out
}

/// Word sequences, parsed.
fn sequences(
    loc: &RuleLoc<'_>,
    key: &str,
    list: &[String],
    vocab: &Vocab<'_>,
    errors: &mut Vec<Error>,
) -> Vec<Sequence> {
    let mut out = Vec::with_capacity(list.len());
    for w in list {
        match words::parse(w, vocab) {
            Ok(s) => out.extend(s),
            Err(msg) => errors.push(loc.err_at(ErrorKind::Words, key, w, format!("bad word sequence `{w}`: {msg}"))),
        }
    }
    out
}

/// Clause entries (`commas`: a comma ends the clause) and then sentence entries, parsed.
fn clauses(
    loc: &RuleLoc<'_>,
    key: &str,
    [clauses, sentences]: [&[String]; 2],
    vocab: &Vocab<'_>,
    errors: &mut Vec<Error>,
) -> Vec<Clause> {
    let mut out = Vec::with_capacity(clauses.len() + sentences.len());
    for (list, commas, what) in [(clauses, true, "clause"), (sentences, false, "sentence")] {
        let key = if key == "exceptions" { key } else { what };
        for c in list {
            match words::parse_clause(c, commas, vocab) {
                Ok(s) => out.push(s),
                Err(msg) => errors.push(loc.err_at(ErrorKind::Words, key, c, format!("bad {what} `{c}`: {msg}"))),
            }
        }
    }
    out
}

/// Compiles one rule's matchers (phrases, word sequences, clauses, swaps, patterns, and their
/// exceptions), pushing every problem found. A linter that builds a language's rules on
/// demand (see [`crate::LinterBuilder::languages_on_demand`]) calls this when it first needs
/// them.
pub(crate) fn matchers(
    raw: &RawRule,
    loc: &RuleLoc<'_>,
    vocab: &Vocab<'_>,
    builtin: bool,
    errors: &mut Vec<Error>,
) -> CompiledRule {
    let mut c = CompiledRule {
        phrases: phrases(loc, "phrases", &raw.phrases, vocab, errors),
        seqs: sequences(loc, "words", &raw.words, vocab, errors),
        clauses: clauses(loc, "clause", [&raw.clause, &raw.sentence], vocab, errors),
        swaps: swaps(raw, loc, vocab, errors),
        patterns: patterns(loc, "patterns", &raw.patterns, builtin, errors),
        check: raw.check.clone(),
        exempt: exempt(raw, loc, errors),
        ..CompiledRule::default()
    };
    for v in &raw.variants {
        let own = RawRule {
            phrases: v.phrases.clone(),
            words: v.words.clone(),
            clause: v.clause.clone(),
            sentence: v.sentence.clone(),
            patterns: v.patterns.clone(),
            exceptions: v.exceptions.clone(),
            swap: Default::default(),
            check: None,
            variants: Vec::new(),
            ..raw.clone()
        };
        if own.phrases.is_empty()
            && own.words.is_empty()
            && own.clause.is_empty()
            && own.sentence.is_empty()
            && own.patterns.is_empty()
        {
            errors.push(loc.err(
                ErrorKind::EmptyMatcher,
                "variants",
                "a variant has no matcher: give `phrases`, `words`, `clause`, `sentence` or `patterns`".into(),
            ));
        }
        c.variants.push(matchers(&own, loc, vocab, builtin, errors));
    }
    for (reach, [ph, wo, cl, se, pa]) in raw.exceptions.groups() {
        fn tag<T>(list: Vec<T>, reach: Reach) -> impl Iterator<Item = (T, Reach)> {
            list.into_iter().map(move |x| (x, reach))
        }
        c.exc_phrases.extend(tag(phrases(loc, "exceptions", ph, vocab, errors), reach));
        c.exc_seqs.extend(tag(sequences(loc, "exceptions", wo, vocab, errors), reach));
        c.exc_clauses.extend(tag(clauses(loc, "exceptions", [cl, se], vocab, errors), reach));
        c.exc_patterns.extend(tag(patterns(loc, "exceptions", pa, builtin, errors), reach));
    }
    c
}

/// The matcher kinds that `exceptions.only` leaves out, as bits; an error for a kind the rule
/// does not use (a typo would silently exempt the matcher that was meant).
fn exempt(raw: &RawRule, loc: &RuleLoc<'_>, errors: &mut Vec<Error>) -> u8 {
    use MatcherKind::*;
    let only = &raw.exceptions.only;
    if only.is_empty() {
        return 0;
    }
    let used = |k: MatcherKind| match k {
        Phrases => !raw.phrases.is_empty(),
        Words => !raw.words.is_empty(),
        Clause => !raw.clause.is_empty(),
        Sentence => !raw.sentence.is_empty(),
        Swap => !raw.swap.is_empty(),
        Patterns => !raw.patterns.is_empty(),
        Check => raw.check.is_some(),
    };
    let mut mask = 0;
    for &k in only {
        if !used(k) {
            let name = format!("{k:?}").to_lowercase();
            errors.push(loc.err(
                ErrorKind::Invalid,
                "exceptions",
                format!("`exceptions.only` names `{name}`, but the rule has no `{name}` matcher"),
            ));
        }
        mask |= k.bit();
    }
    !mask
}

/// A rule's regexes, each on its own so each gets its own gate (a union of patterns is gated
/// only when every one of them is): deferred for built-in packs, compiled now for a user's.
fn patterns(loc: &RuleLoc<'_>, key: &str, list: &[String], builtin: bool, errors: &mut Vec<Error>) -> Vec<LazyRegex> {
    let mut out = Vec::with_capacity(list.len());
    for p in list {
        if builtin {
            out.push(LazyRegex::deferred(p.clone()));
            continue;
        }
        // The syntax first (cheap, and the error points at the pattern), then the size.
        if let Err(e) = regex_syntax::Parser::new().parse(p) {
            let text = e.to_string();
            let reason = text.lines().rev().find_map(|l| l.trim().strip_prefix("error: ")).unwrap_or(text.trim());
            errors.push(loc.err_at(ErrorKind::Regex, key, p, format!("invalid regex `{p}`: {reason}")));
            continue;
        }
        match compile_regex(p) {
            Ok(r) => out.push(LazyRegex::ready(r)),
            Err(msg) => errors.push(loc.err_at(ErrorKind::Regex, key, p, msg)),
        }
    }
    out
}

/// Each suggestion is a replacement (`safe` or `unsafe`) or advice (display-only).
fn suggestions(raw: &RawRule, loc: &RuleLoc<'_>, errors: &mut Vec<Error>) -> Vec<RuleSuggestion> {
    let mut out = Vec::new();
    for s in &raw.suggestions {
        match (&s.replace, &s.advice, s.applicability) {
            (Some(r), None, app) => {
                let applicability = match app {
                    None | Some(Applicability::Unsafe) => Applicability::Unsafe,
                    Some(Applicability::Safe) => Applicability::Safe,
                    Some(Applicability::DisplayOnly) => {
                        errors.push(loc.err(
                            ErrorKind::Invalid,
                            "suggestions",
                            "a replacement is `safe` or `unsafe`; use `advice` for display-only text".into(),
                        ));
                        Applicability::DisplayOnly
                    }
                };
                out.push(RuleSuggestion { text: r.clone(), applicability });
            }
            (None, Some(a), None) => {
                out.push(RuleSuggestion { text: a.clone(), applicability: Applicability::DisplayOnly })
            }
            (None, Some(_), Some(_)) => errors.push(loc.err(
                ErrorKind::Invalid,
                "suggestions",
                "`applicability` goes with `replace`, not with `advice`".into(),
            )),
            _ => errors.push(loc.err(
                ErrorKind::Invalid,
                "suggestions",
                "each suggestion needs exactly one of `replace` or `advice`".into(),
            )),
        }
    }
    out
}

/// The span marks of a flag example: `⟦` and `⟧` around the text the rule must mark.
const MARK_OPEN: char = '⟦';
const MARK_CLOSE: char = '⟧';

/// A flag example without its marks, and the marked byte span of the unmarked text.
pub(crate) fn unmark(example: &str) -> Result<(String, Option<(usize, usize)>), String> {
    let (Some(a), Some(b)) = (example.find(MARK_OPEN), example.find(MARK_CLOSE)) else {
        if example.contains([MARK_OPEN, MARK_CLOSE]) {
            return Err(format!("example `{example}` has only one of `{MARK_OPEN}` and `{MARK_CLOSE}`"));
        }
        return Ok((example.to_string(), None));
    };
    let text: String = example.chars().filter(|&c| c != MARK_OPEN && c != MARK_CLOSE).collect();
    if b < a || example.matches(MARK_OPEN).count() > 1 || example.matches(MARK_CLOSE).count() > 1 {
        return Err(format!("example `{example}` must mark one span as `{MARK_OPEN}…{MARK_CLOSE}`"));
    }
    let end = b - MARK_OPEN.len_utf8();
    if end == a {
        return Err(format!("example `{example}` marks an empty span"));
    }
    Ok((text, Some((a, end))))
}

/// Shipped rules carry examples; flag examples may mark the span they must produce.
fn examples(raw: &RawRule, loc: &RuleLoc<'_>, builtin: bool, has_safe: bool, errors: &mut Vec<Error>) -> Examples {
    use ErrorKind::*;
    let mut flag = Vec::with_capacity(raw.examples.flag.len());
    let mut spans = Vec::with_capacity(raw.examples.flag.len());
    for e in &raw.examples.flag {
        match unmark(e) {
            Ok((text, span)) => {
                flag.push(text);
                spans.push(span);
            }
            Err(msg) => errors.push(loc.err_at(Invalid, "examples", e, msg)),
        }
    }
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
    let has_replacement = has_safe || !raw.swap.is_empty() || raw.suggestions.iter().any(|s| s.replace.is_some());
    if !has_replacement && !raw.examples.fix.is_empty() {
        errors.push(loc.err(Invalid, "examples", "`fix` examples need a replacement (`replace` or `swap`)".into()));
    }
    Examples {
        flag,
        spans,
        pass: raw.examples.pass.clone(),
        fix: raw.examples.fix.iter().flat_map(|f| f.to.to_vec().into_iter().map(|to| (f.from.clone(), to))).collect(),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Category, Kind, LinterBuilder};

    const PACK: &str = r#"
pack: house
language: de
kind: draft
categories:
  brand-terms: Our product names, spelled as marketing wants them.
classes:
  wir: ["ich", "wir"]
  koennen: ["kann", "können"]
rules:
  - code: X901
    name: cant-help
    category: flat-refusal
    severity: warning
    message: "{matched}"
    why: w
    clause: ["@wir @koennen helfen nicht"]
    sentence: ["@wir @koennen tun nichts"]
    exceptions:
      sentence: ["wenn nichts"]
    examples:
      flag: ["Da ⟦kann ich Ihnen leider nicht helfen⟧.", "Da ⟦kann ich, wie gesagt, nichts tun⟧."]
      pass: ["Ich kann Ihnen helfen, nicht wahr?", "Wenn ich nichts höre, kann ich es tun.", "Ich kann. Nichts tun ist schwer."]
  - code: X902
    name: brand
    category: brand-terms
    severity: info
    message: "{matched}"
    why: w
    swap:
      "Acme-Box": "ACME Box"
    swap-applicability: safe
    examples:
      flag: ["Ihre ⟦Acme-Box⟧ kommt."]
      pass: ["Ihre ACME Box kommt."]
      fix:
        - from: "Ihre Acme-Box kommt."
          to: "Ihre ACME Box kommt."
"#;

    #[test]
    fn classes_clauses_swaps_and_own_categories() {
        let l = LinterBuilder::new().pack_source("house.yaml", PACK).kind(Kind::Draft).build().expect("loads");
        assert_eq!(l.test_examples(), Vec::new());
        let d = l.lint("Helfen koennen wir Ihnen da nicht.");
        assert_eq!(d[0].matched, "Helfen koennen wir Ihnen da nicht");
        assert!(l.lint("Ich kann, nun ja, nicht helfen.").is_empty(), "a clause ends at a comma");
        assert_eq!(l.lint("Tun, nun ja, kann ich da nichts.")[0].matched, "Tun, nun ja, kann ich da nichts");
        let brand = &l.lint("Die Acme-Box.")[0];
        assert_eq!(brand.category.as_str(), "brand-terms");
        assert!(matches!(brand.category, Category::Custom(c) if c.description().starts_with("Our product")));
        assert_eq!(l.fix("Die Acme-Box.").text, "Die ACME Box.");
    }

    /// `exceptions.only` limits the exceptions to the named matchers; naming a matcher the
    /// rule lacks is an error.
    #[test]
    fn exceptions_can_spare_some_matchers() {
        let pack = |only: &str| {
            format!(
                "pack: p\nlanguage: en\nkind: draft\nrules:\n  - code: X911\n    name: policy\n    category: policy-shield\n    severity: warning\n    message: m\n    why: w\n    phrases: [\"who do you think you are\"]\n    words: [\"those ~1 are ~1 the ~0 rules\"]\n    exceptions:\n      patterns: ['[^.!?]*\\?']\n{only}"
            )
        };
        let all = LinterBuilder::new().pack_source("p.yaml", &pack("")).build().expect("loads");
        let some = LinterBuilder::new().pack_source("p.yaml", &pack("      only: [words]\n")).build().expect("loads");
        let rhetorical = "Who do you think you are?";
        let question = "So you say those are the rules?";
        let no_exceptions = pack("").replace("    exceptions:\n      patterns: ['[^.!?]*\\?']\n", "");
        let bare = LinterBuilder::new().pack_source("p.yaml", &no_exceptions).build().expect("loads");
        assert_eq!(bare.lint(question)[0].matched, "those are the rules", "without exceptions it fires");
        assert!(all.lint(rhetorical).is_empty() && all.lint(question).is_empty());
        assert_eq!(some.lint(rhetorical)[0].matched, "Who do you think you are");
        assert!(some.lint(question).is_empty());
        assert_eq!(some.lint("Those are the rules.")[0].matched, "Those are the rules");
        let errs = LinterBuilder::new().pack_source("p.yaml", &pack("      only: [clause]\n")).build().unwrap_err();
        assert!(
            errs.to_string()
                .contains("rule X911: `exceptions.only` names `clause`, but the rule has no `clause` matcher"),
            "{errs}"
        );
        let errs = LinterBuilder::new().pack_source("p.yaml", &pack("      only: [phrase]\n")).build().unwrap_err();
        assert!(errs.to_string().contains("unknown variant `phrase`"), "{errs}");
    }

    #[test]
    fn undeclared_classes_and_categories_are_located_errors() {
        let bad = PACK.replace("@koennen", "@modal").replace("category: brand-terms", "category: brand");
        let errs = LinterBuilder::new().pack_source("house.yaml", &bad).build().unwrap_err();
        let text = errs.to_string();
        assert!(text.contains("unknown word class `@modal`"), "{text}");
        assert!(text.contains("house.yaml:26:15: rule X902: unknown category `brand`"), "{text}");
    }

    #[test]
    fn a_replacement_that_breaks_its_sentence_fails_the_examples() {
        let bad = PACK.replace("\"ACME Box\"", "\"die ACME Box\"");
        let l = LinterBuilder::new().pack_source("house.yaml", &bad).build().expect("loads");
        let failures = l.test_examples();
        assert!(failures.iter().any(|f| f.problem.contains("gives `Ihre die ACME Box kommt.`")), "{failures:?}");
    }
}
