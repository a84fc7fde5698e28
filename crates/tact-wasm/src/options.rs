//! The options object JS passes to `lint` and `fix`, and the linter configuration it stands
//! for.

use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use tact::{Kind, Language, Linter, LinterBuilder, Severity};

/// The keys of the options object.
pub const KEYS: &[&str] = &["kind", "lang", "select", "ignore", "severity", "builtin", "packs"];

/// The options object as JS writes it (after `JSON.stringify`). Unknown keys are an error, so
/// a typo such as `langs` is reported instead of silently ignored; `null` means absent.
#[derive(Debug, Default)]
pub struct Options {
    /// `"draft"` (the default), `"incoming"` or `"any"`.
    pub kind: Option<String>,
    /// Languages whose packs run: `"en"`, `"en,de"` or `["en", "de"]`; absent or empty runs
    /// every language's packs.
    pub lang: Option<StrList>,
    /// Keep only rules matching one of these codes, names or categories.
    pub select: Option<StrList>,
    /// Drop rules matching one of these codes, names or categories.
    pub ignore: Option<StrList>,
    /// Re-level rules: `{ "dont-know": "error", "D105": "info" }`.
    pub severity: Option<BTreeMap<String, String>>,
    /// Whether the built-in packs run (default `true`).
    pub builtin: Option<bool>,
    /// The team's own packs, as YAML text.
    pub packs: Option<Vec<PackSource>>,
}

/// One pack given as text: `{ name: "house.yaml", source: "pack: house\n..." }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSource {
    /// Names the pack in error messages (usually its file name).
    pub name: String,
    /// The pack's YAML text.
    pub source: String,
}

/// A list of strings written either as an array or as one comma-separated string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StrList(pub Vec<String>);

impl<'de> Deserialize<'de> for StrList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StrList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StrList, E> {
                Ok(StrList(v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StrList, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    let s = s.trim();
                    if !s.is_empty() {
                        out.push(s.to_string());
                    }
                }
                Ok(StrList(out))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A validated, normalized option set: what a linter is built from, and the key it is cached
/// under. Two option objects that mean the same (`"en,de"` and `["de", "en"]`) give equal
/// configs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Config {
    /// The kind of message.
    pub kind: Kind,
    /// Languages, sorted and without duplicates; empty means all.
    pub languages: Vec<Language>,
    /// Selectors to keep, sorted.
    pub select: Vec<String>,
    /// Selectors to drop, sorted.
    pub ignore: Vec<String>,
    /// Severity overrides in selector order.
    pub severity: Vec<(String, Severity)>,
    /// Whether the built-in packs are loaded.
    pub builtin: bool,
    /// The caller's own packs, in the order given.
    pub packs: Vec<PackSource>,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_options(Options::default()).expect("the default options are valid")
    }
}

impl Config {
    /// Parses an options object serialized as JSON (`"null"` or an empty string: defaults).
    /// Each key is read on its own, so a message names the key that is wrong.
    pub fn from_json(json: &str) -> Result<Config, String> {
        let json = json.trim();
        if json.is_empty() || json == "null" {
            return Ok(Config::default());
        }
        let bad = |m: String| format!("tact: invalid options: {m}");
        let map = match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(bad("expected an object such as { kind: \"draft\" }".into())),
            Err(e) => return Err(bad(e.to_string())),
        };
        let mut o = Options::default();
        for (key, value) in map {
            fn get<T: DeserializeOwned>(key: &str, value: Value) -> Result<Option<T>, String> {
                serde_json::from_value(value).map_err(|e| format!("tact: invalid options: {key}: {e}"))
            }
            match key.as_str() {
                "kind" => o.kind = get(&key, value)?,
                "lang" => o.lang = get(&key, value)?,
                "select" => o.select = get(&key, value)?,
                "ignore" => o.ignore = get(&key, value)?,
                "severity" => o.severity = get(&key, value)?,
                "builtin" => o.builtin = get(&key, value)?,
                "packs" => o.packs = get(&key, value)?,
                _ => return Err(bad(format!("unknown key `{key}`, expected one of: {}", KEYS.join(", ")))),
            }
        }
        Config::from_options(o)
    }

    /// Validates the option values (kind, languages, severities) and normalizes them.
    pub fn from_options(options: Options) -> Result<Config, String> {
        let kind = match options.kind.as_deref() {
            None => Kind::Draft,
            Some(k) => k.parse::<Kind>().map_err(|e| format!("tact: invalid options: kind: {e}"))?,
        };
        let mut languages = Vec::new();
        for l in options.lang.unwrap_or_default().0 {
            // `auto` (detect per message) is not in the library yet: it fails here with the
            // list of languages that are, and works once `Language` parses it.
            languages.push(l.parse::<Language>().map_err(|e| format!("tact: invalid options: lang: {e}"))?);
        }
        languages.sort_by_key(|l| l.as_str());
        languages.dedup();
        let sorted = |list: Option<StrList>| {
            let mut v = list.unwrap_or_default().0;
            v.sort();
            v.dedup();
            v
        };
        let mut severity = Vec::new();
        for (selector, level) in options.severity.unwrap_or_default() {
            let level = level
                .parse::<Severity>()
                .map_err(|e| format!("tact: invalid options: severity of `{selector}`: {e}"))?;
            severity.push((selector, level));
        }
        Ok(Config {
            kind,
            languages,
            select: sorted(options.select),
            ignore: sorted(options.ignore),
            severity,
            builtin: options.builtin.unwrap_or(true),
            packs: options.packs.unwrap_or_default(),
        })
    }

    /// Builds the linter this configuration describes (milliseconds: cache it).
    pub fn build(&self) -> Result<Linter, tact::Errors> {
        let mut b = LinterBuilder::new();
        if self.builtin {
            b = b.builtin();
        }
        for p in &self.packs {
            b = b.pack_source(&p.name, &p.source);
        }
        b = b.kind(self.kind);
        if !self.languages.is_empty() {
            b = b.languages(self.languages.iter().copied());
        }
        for s in &self.select {
            b = b.select(s.as_str());
        }
        for s in &self.ignore {
            b = b.ignore(s.as_str());
        }
        for (s, level) in &self.severity {
            b = b.severity(s.as_str(), *level);
        }
        b.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_draft_all_languages_builtin() {
        for json in ["", "null", "{}"] {
            let c = Config::from_json(json).unwrap();
            assert_eq!(c.kind, Kind::Draft);
            assert!(c.languages.is_empty());
            assert!(c.builtin);
            assert!(c.packs.is_empty());
        }
    }

    #[test]
    fn equivalent_option_objects_give_equal_configs() {
        let a = Config::from_json(r#"{"lang": "en, de", "select": "dont-know,D105"}"#).unwrap();
        let b = Config::from_json(r#"{"lang": ["de", "en", "de"], "select": ["D105", "dont-know"]}"#).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.languages, vec![Language::De, Language::En]);
    }

    #[test]
    fn bad_values_are_named_in_the_message() {
        let e = Config::from_json(r#"{"langs": "en"}"#).unwrap_err();
        assert_eq!(
            e,
            "tact: invalid options: unknown key `langs`, expected one of: kind, lang, select, ignore, severity, builtin, packs"
        );
        let e = Config::from_json(r#"{"packs": [{"name": "x.yaml"}]}"#).unwrap_err();
        assert_eq!(e, "tact: invalid options: packs: missing field `source`");
        assert!(Config::from_json("[1]").unwrap_err().contains("expected an object"));
        assert_eq!(Config::from_json(r#"{"kind": null, "lang": null}"#).unwrap(), Config::default());
        let e = Config::from_json(r#"{"kind": "reply"}"#).unwrap_err();
        assert_eq!(e, "tact: invalid options: kind: unknown value `reply`, expected one of: draft, incoming, any");
        let e = Config::from_json(r#"{"lang": "fr"}"#).unwrap_err();
        assert!(e.contains("lang: unknown value `fr`"), "{e}");
        let e = Config::from_json(r#"{"severity": {"dont-know": "fatal"}}"#).unwrap_err();
        assert!(e.contains("severity of `dont-know`: unknown value `fatal`"), "{e}");
        let e = Config::from_json(r#"{"lang": 3}"#).unwrap_err();
        assert_eq!(
            e,
            "tact: invalid options: lang: invalid type: integer `3`, expected a string or an array of strings"
        );
    }

    #[test]
    fn builds_what_it_describes() {
        let c = Config::from_json(r#"{"kind": "incoming", "lang": "de"}"#).unwrap();
        let linter = c.build().unwrap();
        assert_eq!(linter.kind(), Some(Kind::Incoming));
        assert!(linter.rules().iter().all(|r| r.language == Language::De || r.language == Language::Any));
        assert!(linter.rules().iter().any(|r| r.language == Language::De));
    }
}
