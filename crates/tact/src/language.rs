//! The language table: everything tact knows about a language outside its rule packs, in one
//! entry per language. Adding a language is a folder `rules/<code>/` with its packs plus one
//! entry in the [`languages!`] list below; nothing else in the library or the CLI names a
//! language.

use crate::normalize::normalize_phrase;
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
    /// Frequent short words of the language that other languages of the table rarely use
    /// (normalized: lower case, no apostrophes); [`detect`] counts them.
    pub stopwords: &'static [&'static str],
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
        stopwords: &[
            "the", "and", "you", "your", "youre", "to", "is", "are", "was", "for", "with", "this", "that", "have",
            "has", "not", "my", "we", "our", "please", "can", "cant", "will", "would", "it", "its", "of",
            "be", "do", "dont", "im", "ive", "thanks", "thank", "what", "when", "why", "how", "just", "been",
            "get", "any", "there", "they", "from", "if", "or", "at", "all", "about", "know", "hi", "hello",
        ],
    }
    /// German.
    De = "de" {
        name: "German",
        attributions: &[("Am ", ":", "schrieb")],
        separator_words: &["ursprüngliche"],
        spellings: &[&[('ä', "ae"), ('ö', "oe"), ('ü', "ue")], &[('ä', "a"), ('ö', "o"), ('ü', "u")]],
        stopwords: &[
            "und", "ich", "nicht", "sie", "der", "die", "das", "ist", "zu", "mit", "ein", "eine", "einen", "es",
            "auf", "für", "den", "dem", "des", "wir", "ihr", "ihnen", "ihre", "mein", "meine", "bitte", "danke",
            "haben", "habe", "hat", "sind", "war", "wurde", "kann", "können", "keine", "kein", "noch", "auch",
            "schon", "aber", "oder", "wie", "was", "warum", "wann", "bei", "nach", "von", "vom", "zum", "zur",
            "mir", "mich", "uns", "leider", "dass", "hallo", "sehr", "geehrte", "geehrter", "grüße",
        ],
    }
    /// Estonian.
    Et = "et" {
        name: "Estonian",
        attributions: &[("", "kirjutas:", "")],
        separator_words: &[],
        // Typed without diacritics; in chat `ü` also as `y` ("yldse", "ylemus").
        spellings: &[
            &[('õ', "o"), ('ä', "a"), ('ö', "o"), ('ü', "u"), ('š', "s"), ('ž', "z")],
            &[('õ', "o"), ('ä', "a"), ('ö', "o"), ('ü', "y"), ('š', "s"), ('ž', "z")],
        ],
        stopwords: &[
            "ei", "ma", "mina", "te", "teie", "teil", "teile", "teid", "seda", "et", "kas", "mis", "palun",
            "oma", "mul", "minu", "meie", "meil", "pole", "oli", "olen", "oleks", "kui", "aga", "siis", "nii",
            "veel", "juba", "kuidas", "miks", "millal", "tere", "aitäh", "tänan", "kahjuks", "saan", "saate",
            "võib", "ning", "või", "ka", "kõik", "mida", "selle", "sest", "kuid", "ole", "saab", "mind", "sind",
        ],
    }
}

/// Picks a language from stopword counts (indexed like [`Language::ALL`]): the language with
/// the most, when it has at least twice as many as any other; `None` when nothing counts or it
/// is too close to tell.
pub(crate) fn pick(counts: &[u32]) -> Option<Language> {
    let (best, &top) = counts.iter().enumerate().max_by_key(|&(_, c)| *c)?;
    let second = counts.iter().enumerate().filter(|&(i, _)| i != best).map(|(_, c)| *c).max().unwrap_or(0);
    (top > 0 && (second == 0 || top >= 2 * second)).then(|| Language::ALL[best])
}

/// The normalized stopwords of every language: `(word, language index)`.
pub(crate) fn stopwords() -> impl Iterator<Item = (String, usize)> {
    Language::ALL.iter().enumerate().flat_map(|(i, l)| {
        l.info().into_iter().flat_map(move |info| info.stopwords.iter().map(move |w| (normalize_phrase(w), i)))
    })
}

/// Detects the language of a message among the languages of the table by counting their
/// stopwords (whole words of the normalized text): `None` when the text has none or is too
/// mixed to tell; lint it then with every language's packs. A [`Linter`](crate::Linter) does
/// the same count during its one automaton pass ([`Linter::lint_auto`](crate::Linter::lint_auto)).
pub fn detect(text: &str) -> Option<Language> {
    use aho_corasick::AhoCorasick;
    static AUTOMATON: std::sync::OnceLock<(AhoCorasick, Vec<usize>)> = std::sync::OnceLock::new();
    let (ac, langs) = AUTOMATON.get_or_init(|| {
        let (words, langs): (Vec<String>, Vec<usize>) = stopwords().unzip();
        (AhoCorasick::new(&words).expect("stopwords build"), langs)
    });
    let mut n = crate::normalize::Normalized::default();
    n.fill(text, text.len());
    let norm = n.text.as_str();
    let mut counts = vec![0u32; Language::ALL.len()];
    for m in ac.find_overlapping_iter(norm) {
        let before = norm[..m.start()].chars().next_back().is_some_and(crate::normalize::is_word_char);
        let after = norm[m.end()..].chars().next().is_some_and(crate::normalize::is_word_char);
        if !before && !after {
            counts[langs[m.pattern().as_usize()]] += 1;
        }
    }
    pick(&counts)
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
        assert_eq!(detect("Danke, I will check the order"), Some(Language::En));
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
