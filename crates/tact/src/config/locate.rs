//! Placing build errors about a config's own values in the file: unknown selectors and bad
//! ignore patterns are found when a linter is built, without a position; the YAML is read
//! again to find where the value stands.

use super::Config;
use crate::error::{Error, ErrorKind, Errors};
use crate::{LinterBuilder, Severity};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

impl Config {
    /// Gives a line and column in this file to the build errors about its own values: an
    /// unknown selector in `select`, `extend-select`, `ignore`, `severity` or an override,
    /// and a bad regex in `ignore-patterns`. Other errors are returned as they are.
    pub fn locate(&self, errors: Errors) -> Errors {
        match &self.source {
            Some(source) => Errors::new(errors.iter().map(|e| self.locate_one(source, e)).collect()),
            None => errors,
        }
    }

    /// The 1-based line and column where the value at `path` is written in this file: keys
    /// separated by `.`, with `[i]` for the i-th (0-based) element of a list, as in
    /// `overrides[1].paths[0]` or `exclude[2]`. `None` when the config was not parsed from a
    /// file, or the path is not in it. For callers that check values themselves (the CLI's
    /// path globs) and want to place their errors as [`locate`](Self::locate) does.
    pub fn position_of(&self, path: &str) -> Option<(usize, usize)> {
        let source = self.source.as_ref()?;
        let mut steps = Vec::new();
        for part in path.split('.') {
            let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
            if !name.is_empty() {
                steps.push(Step::Key(name.to_string()));
            }
            while let Some((i, after)) = rest.split_once(']') {
                steps.push(Step::Index(i.parse().ok()?));
                rest = after.strip_prefix('[').unwrap_or(after);
            }
        }
        seek(&source.text, &Place { path: steps, key: false })
    }

    fn locate_one(&self, source: &super::Source, e: &Error) -> Error {
        if e.line().is_some() {
            return e.clone();
        }
        let place = match e.kind() {
            ErrorKind::UnknownSelector => self.selector_place(e.message()),
            ErrorKind::Regex if e.origin() == Some(source.origin.as_str()) => self
                .ignore_patterns
                .iter()
                .position(|p| same_regex_error(&source.origin, p, e))
                .map(|i| Place { path: vec![Step::Key("ignore-patterns".into()), Step::Index(i)], key: false }),
            _ => None,
        };
        match place.and_then(|p| seek(&source.text, &p)) {
            Some(pos) => Error::new(e.kind(), e.message()).at(&source.origin, Some(pos)).rule(e.rule_code()),
            None => e.clone(),
        }
    }

    /// The first place in the file holding the selector an unknown-selector error quotes.
    fn selector_place(&self, message: &str) -> Option<Place> {
        let quoted = |s: &str| message.starts_with(&format!("`{}`", s.trim()));
        let key = |k: &str| Step::Key(k.to_string());
        let in_list = |prefix: &[Step], name: &str, list: &[String]| {
            list.iter().position(|s| quoted(s)).map(|i| {
                let mut path = prefix.to_vec();
                path.extend([key(name), Step::Index(i)]);
                Place { path, key: false }
            })
        };
        let in_map = |prefix: &[Step], map: &BTreeMap<String, Severity>| {
            map.keys().find(|s| quoted(s)).map(|s| {
                let mut path = prefix.to_vec();
                path.extend([key("severity"), key(s)]);
                Place { path, key: true }
            })
        };
        in_list(&[], "select", self.select.as_deref().unwrap_or_default())
            .or_else(|| in_list(&[], "extend-select", &self.extend_select))
            .or_else(|| in_list(&[], "ignore", &self.ignore))
            .or_else(|| in_map(&[], &self.severity))
            .or_else(|| {
                self.overrides.iter().enumerate().find_map(|(i, o)| {
                    let at = [key("overrides"), Step::Index(i)];
                    in_list(&at, "select", o.select.as_deref().unwrap_or_default())
                        .or_else(|| in_list(&at, "ignore", &o.ignore))
                        .or_else(|| in_map(&at, &o.severity))
                })
            })
    }
}

/// Does building with `regex` alone as an ignore pattern give error `e`?
fn same_regex_error(origin: &str, regex: &str, e: &Error) -> bool {
    match LinterBuilder::new().ignore_pattern(origin, regex).build() {
        Ok(_) => false,
        Err(errors) => errors.iter().any(|x| x.kind() == e.kind() && x.message() == e.message()),
    }
}

/// A place in the YAML: the value at `path`, or with `key`, the last key of it.
struct Place {
    path: Vec<Step>,
    key: bool,
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// 1-based line and column of a place: the YAML is read again up to it and a deliberate
/// error is raised there, whose location serde_yaml reports. Only done for an error.
fn seek(text: &str, place: &Place) -> Option<(usize, usize)> {
    let err = Seek { path: &place.path, key: place.key }.deserialize(serde_yaml::Deserializer::from_str(text)).err()?;
    err.location().map(|l| (l.line(), l.column()))
}

struct Seek<'p> {
    path: &'p [Step],
    key: bool,
}

/// Fails on whatever it is given: the place was reached.
struct Here;

impl<'de> Visitor<'de> for Here {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("nothing (this error marks a place)")
    }
}

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.path.is_empty() {
            d.deserialize_any(Here)
        } else {
            d.deserialize_any(self)
        }
    }
}

/// A mapping key: fails on the wanted one.
struct KeySeek<'p>(&'p str, bool);

impl<'de> DeserializeSeed<'de> for KeySeek<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeek<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, k: &str) -> Result<bool, E> {
        match (k == self.0, self.1) {
            (true, true) => Err(E::custom("here")),
            (found, _) => Ok(found),
        }
    }
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping or a sequence")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((Step::Key(want), rest)) = self.path.split_first() else {
            return Err(de::Error::custom("not a sequence"));
        };
        let last_key = self.key && rest.is_empty();
        while let Some(found) = map.next_key_seed(KeySeek(want, last_key))? {
            if found {
                return map.next_value_seed(Seek { path: rest, key: self.key });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Step::Index(want), rest)) = self.path.split_first() else {
            return Err(de::Error::custom("not a mapping"));
        };
        for _ in 0..*want {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Seek { path: rest, key: self.key }).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RuleOptions, RuleSettings};

    fn demo() -> &'static str {
        include_str!("../../../../tests/packs/demo.yaml")
    }

    fn build(config: &Config, options: &RuleOptions) -> Result<crate::Linter, Errors> {
        let mut s = config.rule_settings(&[], options);
        s.builtin = false;
        s.builder([("demo.yaml", demo())]).build().map_err(|e| config.locate(e))
    }

    #[test]
    fn unknown_selectors_from_the_file_are_located() {
        let text = "select: [X101, X102]\nignore:\n  - X103\nseverity:\n  over-promis: error\n";
        let config = Config::parse("tact.yaml", text).unwrap();
        let errors = build(&config, &RuleOptions::default()).unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["tact.yaml:5:3: `over-promis` is not the code, name or category of any loaded rule"]);
        assert_eq!(errors.iter().next().unwrap().kind(), ErrorKind::UnknownSelector);

        let text = "overrides:\n  - paths: [x]\n    ignore: [nope]\n";
        let config = Config::parse("tact.yaml", text).unwrap();
        let errors = config.rule_settings(&[0], &RuleOptions::default());
        let errors = RuleSettings { builtin: false, ..errors }
            .builder([("demo.yaml", demo())])
            .build()
            .map_err(|e| config.locate(e))
            .unwrap_err();
        assert_eq!(errors.iter().next().unwrap().to_string().split(": ").next(), Some("tact.yaml:3:14"));
    }

    #[test]
    fn values_are_found_by_path() {
        let text = "exclude: [a, \"b/[\"]\noverrides:\n  - paths: [x]\n  - paths:\n      - y\n      - \"z[\"\n";
        let config = Config::parse("tact.yaml", text).unwrap();
        assert_eq!(config.position_of("exclude[1]"), Some((1, 14)));
        assert_eq!(config.position_of("overrides[1].paths[1]"), Some((6, 9)));
        assert_eq!(config.position_of("overrides[5].paths[0]"), None);
        assert_eq!(Config::default().position_of("exclude[0]"), None);
    }

    #[test]
    fn a_selector_only_a_flag_gave_stays_unlocated() {
        let config = Config::parse("tact.yaml", "ignore: [X101]\n").unwrap();
        let options = RuleOptions { ignore: vec!["X999".into()], ..RuleOptions::default() };
        let errors = build(&config, &options).unwrap_err();
        assert_eq!(errors.to_string(), "`X999` is not the code, name or category of any loaded rule");
    }

    #[test]
    fn bad_ignore_patterns_are_located() {
        let text = "ignore-patterns:\n  - '\\bNo Idea Inc\\b'\n  - 'open('\n";
        let config = Config::parse("conf/tact.yaml", text).unwrap();
        let errors = build(&config, &RuleOptions::default()).unwrap_err();
        let e = errors.iter().next().unwrap();
        assert_eq!((e.origin(), e.line(), e.column()), (Some("conf/tact.yaml"), Some(3), Some(5)));
        assert!(e.to_string().starts_with("conf/tact.yaml:3:5: ignore pattern: invalid regex `open(`"), "{e}");
    }
}
