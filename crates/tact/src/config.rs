//! The project configuration, `tact.yaml`: its model, parsed from text, and how it becomes a
//! configured [`LinterBuilder`](crate::LinterBuilder).
//!
//! This is what every front-end needs (the command line, a service, bindings), so it does no
//! I/O: the caller reads the file and the packs its `rules` key names. The keys about files
//! (`extensions`, `exclude`, the `paths` of overrides, `field`) are parsed and kept here; walking
//! and matching paths is the front-end's business.
//!
//! Settings combine in this order, later ones winning: built-in defaults, the file, each
//! override that matches the input (`kind`, `languages` and `select` replace; `ignore` and
//! `severity` add), then the caller's [`RuleOptions`] (command-line flags, request parameters:
//! `kind`, `languages` and `select` replace; `ignore` and `severity` add).
//!
//! ```
//! use tact::{Config, FailOn};
//!
//! let config = Config::parse("tact.yaml", "kind: draft\nignore: [commanding]\nfail-on: error\n")?;
//! assert_eq!(config.fail_on(), FailOn::Error);
//! let linter = config.builder([]).build().map_err(|e| config.locate(e))?;
//! assert!(!linter.rules().iter().any(|r| r.matches_selector("commanding")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod fail_on;
mod locate;

pub use fail_on::{exit_code, FailOn};

use crate::error::{Error, ErrorKind};
use crate::{HelpDesk, Kind, Language, LinterBuilder, Severity};
use serde::de::{self, Deserializer, EnumAccess, VariantAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// A parsed `tact.yaml`. Every key is optional; see `docs/configuration.md` for each one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Config {
    /// `kind`: which packs run (`draft` or `incoming`).
    #[serde(default, deserialize_with = "message_kind")]
    pub kind: Option<Kind>,
    /// `languages`: only these languages' packs.
    #[serde(default, deserialize_with = "languages")]
    pub languages: Option<Vec<Language>>,
    /// `builtin`: whether the built-in packs load (default yes).
    pub builtin: Option<bool>,
    /// `rules`: extra packs, as written (paths relative to the file's directory).
    #[serde(default)]
    pub rules: Vec<String>,
    /// `select`: only these rules (codes, names or categories).
    pub select: Option<Vec<String>>,
    /// `extend-select`: added to `select`.
    #[serde(default)]
    pub extend_select: Vec<String>,
    /// `ignore`: rules left out.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// `severity`: rules re-levelled, by selector (applied in the selectors' sorted order).
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// `fail-on`: what makes a run fail.
    pub fail_on: Option<FailOn>,
    /// `extensions`: file types linted when walking directories (replaces the default list).
    pub extensions: Option<Vec<String>>,
    /// `extend-extensions`: added to the file types.
    #[serde(default)]
    pub extend_extensions: Vec<String>,
    /// `exclude`: globs never walked into (replaces the default list).
    pub exclude: Option<Vec<String>>,
    /// `extend-exclude`: added to the excludes.
    #[serde(default)]
    pub extend_exclude: Vec<String>,
    /// `ignore-patterns`: regexes whose matches are never flagged.
    #[serde(default)]
    pub ignore_patterns: Vec<String>,
    /// `overrides`: settings for some paths only, in order.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// `field`: the reply field of YAML, JSON and CSV files.
    pub field: Option<String>,
    /// `merge-fields`: help desks that fill their own merge fields, which are then not
    /// flagged as unfilled placeholders.
    #[serde(default)]
    pub merge_fields: Vec<HelpDesk>,
    /// `inline-directives`: whether `# tact: ignore` and `<!-- tact-disable -->` in a message
    /// are honoured (default: yes for drafts, no for incoming messages, which a customer
    /// writes and must not be able to switch checking off in).
    pub inline_directives: Option<bool>,
    /// Where the file came from and its text, to place errors found later.
    #[serde(skip)]
    source: Option<Arc<Source>>,
}

/// One entry of `overrides`: settings for the inputs its `paths` globs match.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Override {
    /// Globs, relative to the config file's directory (matching them is the front-end's job).
    pub paths: Vec<String>,
    /// Replaces `kind`.
    #[serde(default, deserialize_with = "message_kind")]
    pub kind: Option<Kind>,
    /// Replaces `languages`.
    #[serde(default, deserialize_with = "languages")]
    pub languages: Option<Vec<Language>>,
    /// Replaces `select`.
    pub select: Option<Vec<String>>,
    /// Added to `ignore`.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Added to `severity`.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Replaces `field`.
    pub field: Option<String>,
    /// Replaces `merge-fields` (an empty list: none, every placeholder is flagged).
    pub merge_fields: Option<Vec<HelpDesk>>,
}

#[derive(Debug)]
struct Source {
    origin: String,
    text: String,
}

/// What the caller asks for on top of the file (command-line flags, request parameters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleOptions {
    /// Replaces the file's (and the overrides') `kind`.
    pub kind: Option<Kind>,
    /// When not empty, replaces the file's (and the overrides') `languages`.
    pub languages: Vec<Language>,
    /// Leaves the built-in packs out, whatever the file says.
    pub no_builtin: bool,
    /// When not empty, replaces the file's (and the overrides') `select` and `extend-select`.
    pub select: Vec<String>,
    /// Added to `ignore`.
    pub ignore: Vec<String>,
    /// Added to `severity`, in order.
    pub severity: Vec<(String, Severity)>,
    /// Replaces the file's (and the overrides') `merge-fields`.
    pub merge_fields: Option<Vec<HelpDesk>>,
    /// Replaces the file's `inline-directives` (`--inline-directives`).
    pub inline_directives: Option<bool>,
}

/// Which rules to run, resolved from the file, the overrides that apply and the caller's
/// options: plain data, ready for [`RuleSettings::builder`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleSettings {
    /// The kind chosen, if any; a linter is built for drafts when none is.
    pub kind: Option<Kind>,
    /// Only these languages' packs; empty means all.
    pub languages: Vec<Language>,
    /// Whether the built-in packs load.
    pub builtin: bool,
    /// The file's `rules` entries as written: packs the caller reads and adds.
    pub packs: Vec<String>,
    /// Only rules matching one of these (none: every rule).
    pub select: Vec<String>,
    /// Rules left out.
    pub ignore: Vec<String>,
    /// Severity overrides, applied in order (a later one wins).
    pub severity: Vec<(String, Severity)>,
    /// `(origin, regex)`: matches are never flagged.
    pub ignore_patterns: Vec<(String, String)>,
    /// Help desks whose merge fields are not flagged as unfilled placeholders.
    pub merge_fields: Vec<HelpDesk>,
    /// Whether inline directives are honoured; `None`: the default of the kind (drafts yes,
    /// incoming messages no; see
    /// [`LinterBuilder::inline_directives`](crate::LinterBuilder::inline_directives)).
    pub inline_directives: Option<bool>,
}

impl Default for RuleSettings {
    /// Every built-in rule, nothing else.
    fn default() -> Self {
        RuleSettings {
            kind: None,
            languages: Vec::new(),
            builtin: true,
            packs: Vec::new(),
            select: Vec::new(),
            ignore: Vec::new(),
            severity: Vec::new(),
            ignore_patterns: Vec::new(),
            merge_fields: Vec::new(),
            inline_directives: None,
        }
    }
}

impl RuleSettings {
    /// The settings of `options` alone, as when there is no config file.
    pub fn from_options(options: &RuleOptions) -> Self {
        Config::default().rule_settings(&[], options)
    }

    /// Applies the kind, languages, selectors, severities and ignore patterns to `builder`.
    /// Packs are not added: see [`builder`](Self::builder).
    pub fn apply(&self, builder: LinterBuilder) -> LinterBuilder {
        let mut b = builder.kind(self.kind.unwrap_or(Kind::Draft));
        for (origin, regex) in &self.ignore_patterns {
            b = b.ignore_pattern(origin, regex);
        }
        b = b.languages(self.languages.iter().copied());
        b = b.merge_fields(self.merge_fields.iter().copied());
        for s in &self.select {
            b = b.select(s.trim());
        }
        for s in &self.ignore {
            b = b.ignore(s.trim());
        }
        for (s, level) in &self.severity {
            b = b.severity(s.trim(), *level);
        }
        if let Some(honour) = self.inline_directives {
            b = b.inline_directives(honour);
        }
        b
    }

    /// A builder with the built-in packs (unless `builtin` is false), then `packs` as
    /// `(origin, YAML source)`, configured by [`apply`](Self::apply).
    pub fn builder<'a>(&self, packs: impl IntoIterator<Item = (&'a str, &'a str)>) -> LinterBuilder {
        let mut b = LinterBuilder::new();
        if self.builtin {
            b = b.builtin();
        }
        for (origin, source) in packs {
            b = b.pack_source(origin, source);
        }
        self.apply(b)
    }
}

impl Config {
    /// The kinds a project (or a flag) can choose: every kind but `any`.
    pub const KINDS: &'static [Kind] = &[Kind::Draft, Kind::Incoming];

    /// Parses a `tact.yaml` text; `origin` names it in errors (usually its path). An empty
    /// text is an empty config. A YAML error, an unknown key or a value of the wrong type is an
    /// [`ErrorKind::Config`] error with the line and column.
    ///
    /// Selectors and regexes are checked when a linter is built (they depend on the packs);
    /// [`locate`](Self::locate) then places those errors in this file.
    pub fn parse(origin: &str, text: &str) -> Result<Config, Error> {
        let mut config = if text.trim().is_empty() {
            Config::default()
        } else {
            serde_yaml::from_str::<Config>(text).map_err(|e| {
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).replace("unknown field", "unknown key");
                Error::new(ErrorKind::Config, msg).at(origin, e.location().map(|l| (l.line(), l.column())))
            })?
        };
        config.source = Some(Arc::new(Source { origin: origin.to_string(), text: text.to_string() }));
        Ok(config)
    }

    /// The name the file was parsed under, if it was parsed.
    pub fn origin(&self) -> Option<&str> {
        self.source.as_ref().map(|s| s.origin.as_str())
    }

    /// `fail-on`, or the default (`warning`).
    pub fn fail_on(&self) -> FailOn {
        self.fail_on.unwrap_or_default()
    }

    /// The rule settings for an input matched by the overrides numbered `overrides` (indices
    /// into [`Config::overrides`], in order; an index out of range is skipped), with the
    /// caller's `options` on top.
    pub fn rule_settings(&self, overrides: &[usize], options: &RuleOptions) -> RuleSettings {
        let origin = self.origin().unwrap_or("tact.yaml");
        let mut s = RuleSettings {
            kind: options.kind.or(self.kind),
            languages: if options.languages.is_empty() {
                self.languages.clone().unwrap_or_default()
            } else {
                options.languages.clone()
            },
            builtin: !options.no_builtin && self.builtin != Some(false),
            packs: self.rules.clone(),
            select: if options.select.is_empty() {
                let mut select = self.select.clone().unwrap_or_default();
                select.extend(self.extend_select.iter().cloned());
                select
            } else {
                options.select.clone()
            },
            ignore: self.ignore.iter().chain(&options.ignore).cloned().collect(),
            severity: self
                .severity
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .chain(options.severity.iter().cloned())
                .collect(),
            ignore_patterns: self.ignore_patterns.iter().map(|p| (origin.to_string(), p.clone())).collect(),
            merge_fields: self.merge_fields.clone(),
            inline_directives: options.inline_directives.or(self.inline_directives),
        };
        for o in overrides.iter().filter_map(|&i| self.overrides.get(i)) {
            if options.kind.is_none() && o.kind.is_some() {
                s.kind = o.kind;
            }
            if let (true, Some(l)) = (options.languages.is_empty(), &o.languages) {
                s.languages = l.clone();
            }
            if let (true, Some(sel)) = (options.select.is_empty(), &o.select) {
                s.select = sel.clone();
            }
            if let Some(m) = &o.merge_fields {
                s.merge_fields = m.clone();
            }
            s.ignore.extend(o.ignore.iter().cloned());
            // After the caller's: an override's severity is the more specific one.
            s.severity.extend(o.severity.iter().map(|(k, v)| (k.clone(), *v)));
        }
        if let Some(m) = &options.merge_fields {
            s.merge_fields = m.clone();
        }
        s
    }

    /// A builder for an input no override matches, configured by the file alone: the
    /// built-in packs unless `builtin: false`, then `packs` as `(origin, YAML source)` (the
    /// caller reads the files `rules` names).
    pub fn builder<'a>(&self, packs: impl IntoIterator<Item = (&'a str, &'a str)>) -> LinterBuilder {
        self.rule_settings(&[], &RuleOptions::default()).builder(packs)
    }
}

/// `kind` in a config: `draft` or `incoming` (`any` is for packs only).
fn message_kind<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Kind>, D::Error> {
    #[derive(Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Name {
        Draft,
        Incoming,
    }
    Ok(Option::<Name>::deserialize(d)?.map(|n| match n {
        Name::Draft => Kind::Draft,
        Name::Incoming => Kind::Incoming,
    }))
}

/// `languages` in a config: the languages of the language table ([`Language::ALL`]), read the
/// way a derived enum is, so messages list the codes (`any` is for packs only).
fn languages<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Language>>, D::Error> {
    struct Code(Language);
    impl<'de> Deserialize<'de> for Code {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
            d.deserialize_enum("Language", codes(), CodeVisitor)
        }
    }
    struct CodeVisitor;
    impl<'de> Visitor<'de> for CodeVisitor {
        type Value = Code;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a language code")
        }
        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Code, A::Error> {
            let (code, variant): (String, _) = data.variant()?;
            variant.unit_variant()?;
            Language::ALL
                .iter()
                .find(|l| l.as_str() == code)
                .map(|&l| Code(l))
                .ok_or_else(|| de::Error::unknown_variant(&code, codes()))
        }
    }
    fn codes() -> &'static [&'static str] {
        static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
        CODES.get_or_init(|| Language::ALL.iter().map(|l| l.as_str()).collect())
    }
    Ok(Option::<Vec<Code>>::deserialize(d)?.map(|codes| codes.into_iter().map(|c| c.0).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_place() {
        let e = Config::parse("tact.yaml", "kind: email\n").unwrap_err();
        assert_eq!(e.to_string(), "tact.yaml:1:7: kind: unknown variant `email`, expected `draft` or `incoming`");
        assert_eq!(e.kind(), ErrorKind::Config);
        let e = Config::parse("tact.yaml", "kind: draft\nfail_on: error\n").unwrap_err();
        assert!(e.to_string().starts_with("tact.yaml:2:1: unknown key `fail_on`, expected one of `kind`, "), "{e}");
        let e = Config::parse("tact.yaml", "languages: [en, fr]\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "tact.yaml:1:17: languages[1]: unknown variant `fr`, expected one of `en`, `de`, `et`"
        );
        let e = Config::parse("tact.yaml", "severity:\n  x: bad\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert!(Config::parse("tact.yaml", "  \n").is_ok());
    }

    #[test]
    fn settings_combine_file_overrides_and_options() {
        let text = "kind: draft\nlanguages: [en]\nbuiltin: false\nrules: [house.yaml]\nselect: [a]\nextend-select: [b]\n\
                    ignore: [c]\nseverity: {d: info}\nignore-patterns: ['x']\n\
                    overrides:\n  - paths: ['inbox/**']\n    kind: incoming\n    select: [e]\n    ignore: [f]\n    severity: {g: error}\n";
        let config = Config::parse("tact.yaml", text).unwrap();
        let base = config.rule_settings(&[], &RuleOptions::default());
        assert_eq!(base.kind, Some(Kind::Draft));
        assert_eq!(base.languages, [Language::En]);
        assert!(!base.builtin);
        assert_eq!(base.packs, ["house.yaml"]);
        assert_eq!(base.select, ["a", "b"]);
        assert_eq!(base.ignore, ["c"]);
        assert_eq!(base.severity, [("d".to_string(), Severity::Info)]);
        assert_eq!(base.ignore_patterns, [("tact.yaml".to_string(), "x".to_string())]);
        let inbox = config.rule_settings(&[0], &RuleOptions::default());
        assert_eq!(inbox.kind, Some(Kind::Incoming));
        assert_eq!(inbox.select, ["e"]);
        assert_eq!(inbox.ignore, ["c", "f"]);
        let flags = RuleOptions {
            kind: Some(Kind::Draft),
            select: vec!["z".into()],
            ignore: vec!["y".into()],
            severity: vec![("w".into(), Severity::Warning)],
            ..RuleOptions::default()
        };
        let both = config.rule_settings(&[0], &flags);
        assert_eq!(both.kind, Some(Kind::Draft));
        assert_eq!(both.select, ["z"]);
        assert_eq!(both.ignore, ["c", "y", "f"]);
        let order: Vec<&str> = both.severity.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(order, ["d", "w", "g"]);
        let no_config = RuleSettings::from_options(&RuleOptions::default());
        assert_eq!(no_config, RuleSettings::default());
    }

    #[test]
    fn the_choices_are_what_the_config_accepts() {
        for k in Config::KINDS {
            assert_eq!(Config::parse("t", &format!("kind: {k}")).unwrap().kind, Some(*k));
        }
        let all: Vec<&str> = Language::ALL.iter().map(|l| l.as_str()).collect();
        let config = Config::parse("t", &format!("languages: [{}]", all.join(", "))).unwrap();
        assert_eq!(config.languages.as_deref(), Some(Language::ALL));
        assert!(Config::parse("t", "kind: any").is_err());
        assert!(Config::parse("t", "languages: [any]").is_err());
    }
}
