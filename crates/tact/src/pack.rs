//! Rule packs as written in YAML. This is the only module that uses `serde_yaml`.
//!
//! Parsing happens in two steps: serde turns the text into the raw structs below (every struct
//! denies unknown fields, so a typo fails loudly with its line and column), then
//! [`crate::validate`] validates what serde cannot (regexes, codes, word syntax) and uses the
//! [`Locator`] to point its errors at the right line of the source.

use crate::checks::Check;
use crate::error::{Error, ErrorKind, Errors};
use crate::language::Language;
use crate::model::{Applicability, Kind, Severity};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A pack file, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawPack {
    pub pack: String,
    pub language: Language,
    pub kind: Kind,
    #[serde(default)]
    pub description: Option<String>,
    /// Named word classes (`@name` in `words` and `clause` steps), shared by every pack of the
    /// same language loaded together.
    #[serde(default)]
    pub classes: BTreeMap<String, Vec<String>>,
    /// The pack's own categories: name -> what it means.
    #[serde(default)]
    pub categories: BTreeMap<String, String>,
    /// A pack of only `classes` may leave `rules` out.
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

/// One rule, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawRule {
    pub code: String,
    pub name: String,
    /// A built-in category or one the pack declares; resolved by the validator.
    pub category: String,
    /// Categories whose findings make this rule's overlapping finding redundant.
    #[serde(default)]
    pub yield_to: Vec<String>,
    pub severity: Severity,
    pub message: String,
    pub why: String,
    #[serde(default)]
    pub suggestions: Vec<RawSuggestion>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub clause: Vec<String>,
    /// Like `clause`, but within one sentence: commas do not end it.
    #[serde(default)]
    pub sentence: Vec<String>,
    /// Phrase -> its own replacement (Vale's `swap`).
    #[serde(default)]
    pub swap: BTreeMap<String, String>,
    #[serde(default)]
    pub swap_applicability: Option<Applicability>,
    #[serde(default)]
    pub sources: Vec<String>,
    /// Written as a one-key map (`check: { shouting: {...} }`), not as a YAML tag.
    #[serde(default, with = "serde_yaml::with::singleton_map")]
    pub check: Option<Check>,
    #[serde(default)]
    pub exceptions: RawExceptions,
    /// Matcher groups reported as this rule, each cancelled by its own exceptions only.
    #[serde(default)]
    pub variants: Vec<RawVariant>,
    #[serde(default)]
    pub in_quotes: bool,
    #[serde(default)]
    pub examples: RawExamples,
    /// Per language code, the rule's texts in that language (packs of language `any` only).
    #[serde(default)]
    pub translations: BTreeMap<String, RawTranslation>,
}

/// A rule's texts in another language: what a finding says to a reader of a message in it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawTranslation {
    pub message: String,
    pub why: String,
    /// One text per suggestion of the rule, in the same order.
    #[serde(default)]
    pub suggestions: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawSuggestion {
    #[serde(default)]
    pub replace: Option<String>,
    #[serde(default)]
    pub advice: Option<String>,
    #[serde(default)]
    pub applicability: Option<Applicability>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawExceptions {
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub clause: Vec<String>,
    #[serde(default)]
    pub sentence: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    /// The matchers the exceptions cancel hits of (all when empty).
    #[serde(default)]
    pub only: Vec<MatcherKind>,
    /// Exceptions that cancel a hit they follow: later in its sentence or in the next one.
    #[serde(default)]
    pub after: RawContext,
    /// Exceptions that cancel a hit they precede in its sentence.
    #[serde(default)]
    pub before: RawContext,
}

/// One of a rule's `variants`: matchers with exceptions of their own.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawVariant {
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub clause: Vec<String>,
    #[serde(default)]
    pub sentence: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub exceptions: RawExceptions,
}

/// The matchers of `exceptions.after` and `exceptions.before`: context on one side of a hit.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawContext {
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub clause: Vec<String>,
    #[serde(default)]
    pub sentence: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
}

impl RawExceptions {
    /// Each group of exception matchers with where it reaches: the plain ones (overlapping
    /// the hit), `after` and `before`; each as `[phrases, words, clause, sentence, patterns]`.
    pub(crate) fn groups(&self) -> [(Reach, [&[String]; 5]); 3] {
        let own = [&self.phrases[..], &self.words, &self.clause, &self.sentence, &self.patterns];
        [(Reach::Overlap, own), (Reach::Follows, self.after.lists()), (Reach::Precedes, self.before.lists())]
    }
}

impl RawContext {
    /// `[phrases, words, clause, sentence, patterns]`.
    fn lists(&self) -> [&[String]; 5] {
        [&self.phrases, &self.words, &self.clause, &self.sentence, &self.patterns]
    }
}

/// Which hits of its rule an exception match cancels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// The hits it overlaps (`exceptions`).
    Overlap,
    /// The hits it overlaps or follows in their sentence or the next (`exceptions.after`).
    Follows,
    /// The hits it overlaps or precedes in its sentence (`exceptions.before`).
    Precedes,
}

/// A kind of matcher, as `exceptions.only` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum MatcherKind {
    Phrases,
    Words,
    Clause,
    Sentence,
    Swap,
    Patterns,
    Check,
}

impl MatcherKind {
    /// This kind's bit in a rule's exempt mask (see `Index::exempt`).
    pub(crate) fn bit(self) -> u8 {
        1 << self as u8
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawExamples {
    #[serde(default)]
    pub flag: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
    #[serde(default)]
    pub fix: Vec<RawFixExample>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawFixExample {
    pub from: String,
    pub to: OneOrMany,
}

/// A string or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// The strings.
    pub(crate) fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// Parses a pack. A YAML or schema error is returned with its line and column and, where the
/// error lies inside a rule, that rule's code.
pub(crate) fn parse(origin: &str, source: &str) -> Result<RawPack, Errors> {
    if source.trim().is_empty() {
        return Err(Error::new(
            ErrorKind::Schema,
            "the pack is empty: expected `pack`, `language`, `kind` and `rules`",
        )
        .at(origin, Some((1, 1)))
        .into());
    }
    match serde_yaml::from_str::<RawPack>(source) {
        Ok(pack) => Ok(pack),
        Err(e) => {
            let locator = Locator::new(source);
            let pos = e.location().map(|l| (l.line(), l.column()));
            let syntax = is_syntax_error(&e);
            let kind = if syntax { ErrorKind::Syntax } else { ErrorKind::Schema };
            let code = pos.and_then(|(line, _)| locator.rule_at_line(line)).and_then(|i| locator.code(i));
            let first = Error::new(kind, clean_message(&e)).at(origin, pos).rule(code);
            let mut errors = vec![first];
            if !syntax {
                more_schema_errors(origin, source, &locator, &mut errors);
            }
            Err(Errors::new(errors))
        }
    }
}

/// The keys every pack and every rule must have.
const PACK_KEYS: &[&str] = &["pack", "language", "kind"];
const RULE_KEYS: &[&str] = &["code", "name", "category", "severity", "message", "why"];

/// After serde's first schema error, the others: every missing key of the pack and of each
/// rule, and the first problem of each other rule, so one load reports them all.
fn more_schema_errors(origin: &str, source: &str, locator: &Locator, errors: &mut Vec<Error>) {
    let Ok(serde_yaml::Value::Mapping(top)) = serde_yaml::from_str::<serde_yaml::Value>(source) else {
        return;
    };
    let push = |e: Error, errors: &mut Vec<Error>| {
        if !errors.iter().any(|x| x.message() == e.message() && x.rule_code() == e.rule_code()) {
            errors.push(e);
        }
    };
    for key in PACK_KEYS {
        if !top.contains_key(*key) {
            push(Error::new(ErrorKind::Schema, format!("missing key `{key}`")).at(origin, Some((1, 1))), errors);
        }
    }
    let Some(serde_yaml::Value::Sequence(rules)) = top.get("rules") else {
        return;
    };
    let first_rule = errors[0].line().and_then(|l| locator.rule_at_line(l));
    for (i, rule) in rules.iter().enumerate() {
        let code = locator.code(i);
        let at = |msg: String| Error::new(ErrorKind::Schema, msg).at(origin, locator.rule_pos(i)).rule(code);
        let serde_yaml::Value::Mapping(map) = rule else {
            continue;
        };
        let missing: Vec<&str> = RULE_KEYS.iter().copied().filter(|k| !map.contains_key(*k)).collect();
        for key in &missing {
            let e = at(format!("rules[{i}]: missing key `{key}`"));
            // serde words the same problem without the index when it is the first one.
            if !errors.iter().any(|x| x.rule_code() == code && x.message().ends_with(&format!("missing key `{key}`"))) {
                push(e, errors);
            }
        }
        if missing.is_empty() && first_rule != Some(i) {
            if let Err(e) = serde_yaml::from_value::<RawRule>(rule.clone()) {
                push(at(format!("rules[{i}]: {}", clean_message(&e))), errors);
            }
        }
    }
}

/// Parses a built-in pack from the JSON form `build.rs` made of its YAML; `None` when that
/// fails (then the YAML is parsed, for an error with a location).
pub(crate) fn parse_json(json: &str) -> Option<RawPack> {
    serde_json::from_str(json).ok()
}

fn is_syntax_error(e: &serde_yaml::Error) -> bool {
    let msg = e.to_string();
    [
        "did not find expected",
        "found character that cannot start",
        "mapping values are not allowed",
        "could not find expected",
        "found unexpected end of stream",
        "found undefined",
        "found a tab",
        "while scanning",
        "while parsing",
        "invalid indentation",
        "control characters are not allowed",
        "recursion limit exceeded",
        "duplicate entry",
    ]
    .iter()
    .any(|needle| msg.contains(needle))
}

/// serde_yaml appends " at line L column C" to its messages; the location is reported separately.
fn clean_message(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    let msg = match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    // "rules[3].phrases: invalid type" reads better without serde's path prefix for the top level.
    msg.replace("unknown field", "unknown key").replace("missing field", "missing key")
}

/// A pack's YAML text and its [`Locator`], worked out only when an error needs it.
pub(crate) struct Source {
    text: Cow<'static, str>,
    locator: OnceLock<Locator>,
}

impl Source {
    pub(crate) fn new(text: Cow<'static, str>) -> Self {
        Source { text, locator: OnceLock::new() }
    }

    /// Where each rule and key is in the text.
    pub(crate) fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(&self.text))
    }
}

/// Finds where rules and their keys stand in a pack's source, for error locations.
///
/// The YAML has already been parsed by serde when semantic errors are found, so a light
/// line-based scan is enough: rule items are the `- ` entries under the top-level `rules:` key.
#[derive(Debug, Clone)]
pub(crate) struct Locator {
    lines: Vec<String>,
    /// (first line index, one past last line index, code) per rule item, in order.
    rules: Vec<(usize, usize, Option<String>)>,
}

impl Locator {
    pub(crate) fn new(source: &str) -> Self {
        let lines: Vec<String> = source.lines().map(str::to_string).collect();
        let mut rules = Vec::new();
        let mut in_rules = false;
        let mut item_indent: Option<usize> = None;
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if indent == 0 && !trimmed.starts_with('-') {
                in_rules = trimmed.starts_with("rules:");
                item_indent = None;
                if let Some(last) = rules.last_mut() {
                    close(last, i);
                }
                continue;
            }
            if !in_rules {
                continue;
            }
            if trimmed.starts_with("- ") || trimmed == "-" {
                let is_item = match item_indent {
                    None => {
                        item_indent = Some(indent);
                        true
                    }
                    Some(ind) => ind == indent,
                };
                if is_item {
                    if let Some(last) = rules.last_mut() {
                        close(last, i);
                    }
                    rules.push((i, usize::MAX, None));
                }
            }
        }
        let n = lines.len();
        if let Some(last) = rules.last_mut() {
            close(last, n);
        }
        for rule in &mut rules {
            rule.2 = find_code(&lines[rule.0..rule.1.min(n)]);
        }
        Locator { lines, rules }
    }

    /// Index of the rule whose item contains 1-based `line`.
    pub fn rule_at_line(&self, line: usize) -> Option<usize> {
        let idx = line.checked_sub(1)?;
        self.rules.iter().position(|(a, b, _)| idx >= *a && idx < *b)
    }

    /// The code written in rule item `i`, if it could be read.
    pub fn code(&self, i: usize) -> Option<&str> {
        self.rules.get(i).and_then(|r| r.2.as_deref())
    }

    /// 1-based (line, column) of the start of rule item `i`.
    pub fn rule_pos(&self, i: usize) -> Option<(usize, usize)> {
        let (a, _, _) = self.rules.get(i)?;
        let line = &self.lines[*a];
        let col = line.len() - line.trim_start().len() + 1;
        Some((a + 1, col))
    }

    /// 1-based (line, column) of `key:` inside rule item `i`, or of the rule itself.
    pub fn key_pos(&self, i: usize, key: &str) -> Option<(usize, usize)> {
        let (a, b, _) = self.rules.get(i)?;
        for idx in *a..(*b).min(self.lines.len()) {
            let line = &self.lines[idx];
            let t = line.trim_start().trim_start_matches("- ");
            if t.starts_with(key) && t[key.len()..].starts_with(':') {
                return Some((idx + 1, char_col(line, line.len() - t.len())));
            }
        }
        self.rule_pos(i)
    }

    /// 1-based (line, column) of the first occurrence of `needle` after `key:` in rule item `i`;
    /// falls back to the key, then the rule.
    pub fn value_pos(&self, i: usize, key: &str, needle: &str) -> Option<(usize, usize)> {
        let (a, b, _) = self.rules.get(i)?;
        let start = self.key_pos(i, key).map(|(l, _)| l - 1).unwrap_or(*a);
        let probe = needle.lines().next().unwrap_or(needle);
        let probe: String = probe.chars().take(30).collect();
        if !probe.is_empty() {
            for idx in start..(*b).min(self.lines.len()) {
                if let Some(off) = self.lines[idx].find(&probe) {
                    return Some((idx + 1, char_col(&self.lines[idx], off)));
                }
            }
        }
        self.key_pos(i, key)
    }

    /// 1-based (line, column) of a top-level key.
    pub fn top_key_pos(&self, key: &str) -> Option<(usize, usize)> {
        self.lines.iter().position(|l| l.starts_with(key) && l[key.len()..].starts_with(':')).map(|i| (i + 1, 1))
    }
}

fn close(rule: &mut (usize, usize, Option<String>), end: usize) {
    if rule.1 == usize::MAX {
        rule.1 = end;
    }
}

fn char_col(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count() + 1
}

fn find_code(lines: &[String]) -> Option<String> {
    for line in lines {
        let t = line.trim_start().trim_start_matches("- ");
        if let Some(rest) = t.strip_prefix("code:") {
            let v = rest.trim().trim_matches(|c| c == '"' || c == '\'');
            let v = v.split_whitespace().next().unwrap_or("");
            if !v.is_empty() && v.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
                return Some(v.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str =
        "pack: p\nlanguage: en\nkind: draft\nrules:\n  - code: D1\n    name: a\n  - name: b\n    code: 'D2'\n";

    #[test]
    fn every_missing_key_is_reported() {
        let src = "pack: p\nlanguage: en\nkind: draft\nrules:\n  - code: X1\n    name: a\n    category: dont-know\n    severity: info\n  - code: X2\n    name: b\n    category: dont-know\n    severity: info\n    message: m\n";
        let errs = parse("p.yaml", src).unwrap_err().to_string();
        assert!(errs.contains("X1") && errs.contains("message") && errs.contains("why"), "{errs}");
        assert!(errs.contains("rule X2: rules[1]: missing key `why`"), "{errs}");
        assert_eq!(errs.lines().count(), 3, "{errs}");
    }

    #[test]
    fn locator_finds_rules_and_codes() {
        let loc = Locator::new(PACK);
        assert_eq!(loc.rules.len(), 2);
        assert_eq!(loc.code(0), Some("D1"));
        assert_eq!(loc.code(1), Some("D2"));
        assert_eq!(loc.rule_at_line(6), Some(0));
        assert_eq!(loc.rule_at_line(8), Some(1));
        assert_eq!(loc.key_pos(1, "code"), Some((8, 5)));
        assert_eq!(loc.rule_at_line(2), None);
    }

    /// Built-in packs are read from the JSON that `build.rs` converts their YAML to; that must
    /// be exactly what reading the YAML gives.
    #[test]
    fn builtin_json_matches_yaml() {
        assert_eq!(crate::builtin::PACKS.len(), crate::builtin::PACKS_JSON.len());
        for (&(origin, yaml), json) in crate::builtin::PACKS.iter().zip(crate::builtin::PACKS_JSON) {
            let from_yaml = parse(origin, yaml).expect("built-in YAML parses");
            let json = json.expect("built-in YAML converts");
            let from_json = parse_json(json)
                .unwrap_or_else(|| panic!("{origin}: {:?}", serde_json::from_str::<RawPack>(json).err()));
            assert_eq!(format!("{from_yaml:?}"), format!("{from_json:?}"), "{origin}");
        }
    }
}
