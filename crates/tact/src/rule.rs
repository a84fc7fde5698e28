//! The rule model: what a loaded rule and pack are, as listings, `explain` and selectors see
//! them. Built by the [`LinterBuilder`](crate::LinterBuilder); owned by the [`Linter`](crate::Linter).

use crate::language::Language;
use crate::model::{Applicability, Category, Kind, Severity};

/// A suggestion as written in a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleSuggestion {
    /// The replacement or the advice.
    pub text: String,
    /// `Safe`/`Unsafe` for replacements, `DisplayOnly` for advice.
    pub applicability: Applicability,
}

/// A rule's inline examples.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Examples {
    /// Texts that must produce the rule (without their `⟦…⟧` marks).
    pub flag: Vec<String>,
    /// For each `flag` text, the byte span its marks say the rule must report.
    pub spans: Vec<Option<(usize, usize)>>,
    /// Texts that must not produce the rule.
    pub pass: Vec<String>,
    /// `(from, to)`: applying the rule's safe fixes (or, without one, an offered replacement) to
    /// `from` must give `to`; a `from` may have several `to`s, one per offered replacement.
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
    /// Categories that take precedence (`yield-to`): a finding of one of them that overlaps a
    /// finding of this rule makes it redundant, and it is dropped.
    pub yield_to: Vec<Category>,
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
    /// The clause entries (words in any order within one clause) as written.
    pub clause: Vec<String>,
    /// The sentence entries (words in any order within one sentence, commas included) as
    /// written.
    pub sentence: Vec<String>,
    /// `(phrase, replacement)`: phrases that carry their own replacement.
    pub swap: Vec<(String, String)>,
    /// Whether the swap replacements may be applied by `--fix`.
    pub swap_applicability: Applicability,
    /// Where the rule's phrasings come from (URLs, seed files).
    pub sources: Vec<String>,
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
    /// The rule's texts in other languages (rules of language-independent packs): a finding
    /// in a message of one of them is worded in it.
    pub translations: Vec<(Language, Translation)>,
}

/// A rule's message, reasoning and suggestion texts in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Translation {
    /// Message template (`{matched}` is filled in per finding).
    pub message: String,
    /// The reasoning.
    pub why: String,
    /// One text per suggestion of the rule, in its order.
    pub suggestions: Vec<String>,
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

impl Rule {
    /// The rule's texts in `language`, where it has them.
    pub fn translation(&self, language: Language) -> Option<&Translation> {
        self.translations.iter().find(|(l, _)| *l == language).map(|(_, t)| t)
    }

    /// Does `selector` name this rule: its code (any case), its name or its category?
    /// The one definition of a selector, used by `--select`, `--ignore`, `--severity`,
    /// `rules explain` and suppression directives.
    pub fn matches_selector(&self, selector: &str) -> bool {
        selector.eq_ignore_ascii_case(&self.code) || selector == self.name || selector == self.category.as_str()
    }
}
