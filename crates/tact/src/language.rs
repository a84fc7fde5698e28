//! The language table: everything tact knows about a language outside its rule packs, in one
//! entry per language. Adding a language is a folder `rules/<code>/` with its packs plus one
//! entry in the [`languages!`] list below; nothing else in the library or the CLI names a
//! language.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What the scanner needs to know about a language's mail conventions.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct LanguageInfo {
    /// The language's name in English.
    pub name: &'static str,
    /// Reply attribution lines that start earlier mail, as `(starts with, ends with, contains)`
    /// (empty strings match anything): English `On … wrote:`, German `Am … schrieb …:`.
    pub attributions: &'static [(&'static str, &'static str, &'static str)],
    /// Words inside a `-----… -----` separator line that start earlier mail (lower case):
    /// `original`, `ursprüngliche`.
    pub separator_words: &'static [&'static str],
    /// How people type the language's letters without them: each scheme maps letters to a
    /// stand-in (`ä` → `ae`). Every word of a pack of the language also matches each scheme's
    /// spelling (`kündigen` matches `kuendigen` and `kundigen`).
    pub spellings: &'static [&'static [(char, &'static str)]],
    /// The language in `whatlang`, which [`detect`] asks.
    pub(crate) whatlang: whatlang::Lang,
}

impl LanguageInfo {
    /// Is `line` (trimmed) a reply attribution of this language?
    pub(crate) fn is_attribution(&self, line: &str) -> bool {
        self.attributions
            .iter()
            .any(|(start, end, contains)| line.starts_with(start) && line.ends_with(end) && line.contains(contains))
    }
}

macro_rules! languages {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal { $($field:ident: $value:expr,)* })*) => {
        /// The language a pack is written for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum Language {
            $($(#[doc = $doc])* $variant,)*
            /// Packs only: applies to every language.
            Any,
        }

        impl Language {
            /// Every concrete language (not [`Language::Any`]), in table order.
            pub const ALL: &'static [Language] = &[$(Language::$variant,)*];

            /// The lower-case code used in YAML, flags and output (`en`, `any`).
            pub fn as_str(self) -> &'static str {
                match self { $(Language::$variant => $code,)* Language::Any => "any" }
            }

            /// What tact knows about the language; `None` for [`Language::Any`].
            pub fn info(self) -> Option<&'static LanguageInfo> {
                match self {
                    $(Language::$variant => Some(&LanguageInfo { $($field: $value,)* }),)*
                    Language::Any => None,
                }
            }
        }

        impl std::str::FromStr for Language {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($code => Ok(Language::$variant),)*
                    "any" => Ok(Language::Any),
                    _ => Err(format!("unknown value `{s}`, expected one of: {}", [$($code,)* "any"].join(", "))),
                }
            }
        }
    };
}

languages! {
    /// English.
    En = "en" {
        name: "English",
        attributions: &[("On ", "wrote:", "")],
        separator_words: &["original", "forwarded"],
        spellings: &[],
        whatlang: whatlang::Lang::Eng,
    }
    /// German.
    De = "de" {
        name: "German",
        attributions: &[("Am ", ":", "schrieb")],
        separator_words: &["ursprüngliche"],
        spellings: &[&[('ä', "ae"), ('ö', "oe"), ('ü', "ue")], &[('ä', "a"), ('ö', "o"), ('ü', "u")]],
        whatlang: whatlang::Lang::Deu,
    }
    /// Estonian.
    Et = "et" {
        name: "Estonian",
        attributions: &[("", "kirjutas:", "")],
        separator_words: &[],
        spellings: &[&[('õ', "o"), ('ä', "a"), ('ö', "o"), ('ü', "u"), ('š', "s"), ('ž', "z")]],
        whatlang: whatlang::Lang::Est,
    }
}

/// The smallest confidence (0 to 1) at which [`detect`] trusts `whatlang`'s answer.
pub const DETECT_MIN_CONFIDENCE: f64 = 0.5;

/// Detects the language of a message among the languages of the table, with `whatlang`
/// (trigram statistics, no model files). `None` when the text is too short or too mixed to
/// tell with at least [`DETECT_MIN_CONFIDENCE`]: lint it then with every language's packs.
pub fn detect(text: &str) -> Option<Language> {
    static DETECTOR: std::sync::OnceLock<whatlang::Detector> = std::sync::OnceLock::new();
    let detector = DETECTOR.get_or_init(|| {
        whatlang::Detector::with_allowlist(Language::ALL.iter().filter_map(|l| l.info()).map(|i| i.whatlang).collect())
    });
    // A long message says which language it is in its first few thousand bytes.
    let mut cut = text.len().min(4096);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let info = detector.detect(&text[..cut])?;
    if info.confidence() < DETECT_MIN_CONFIDENCE {
        return None;
    }
    Language::ALL.iter().copied().find(|l| l.info().is_some_and(|i| i.whatlang == info.lang()))
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_table_languages() {
        assert_eq!(detect("Thank you for your patience, we will ship your order tomorrow."), Some(Language::En));
        assert_eq!(detect("Vielen Dank für Ihre Geduld, wir versenden Ihre Bestellung morgen."), Some(Language::De));
        assert_eq!(detect("Täname kannatlikkuse eest, saadame teie tellimuse homme teele."), Some(Language::Et));
        assert_eq!(detect("ok"), None);
    }

    #[test]
    fn codes_round_trip() {
        for &l in Language::ALL.iter().chain([&Language::Any]) {
            assert_eq!(l.as_str().parse::<Language>(), Ok(l));
            assert_eq!(l.info().is_some(), l != Language::Any);
        }
        assert!("xx".parse::<Language>().unwrap_err().contains("en, de, et, any"));
    }
}
