//! Character classes that normalization folds away (apostrophes and their look-alikes,
//! invisible characters). Free of other crate modules, so `build.rs` can include it for the
//! gate analysis it precomputes (see `gate_analysis.rs`).

/// Is `c` one of the apostrophe forms (or a look-alike typed or pasted for one: primes, the
/// fullwidth apostrophe, modifier letters) that normalization removes?
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}'
            | '\u{2018}'
            | '\u{201B}'
            | '\u{02BC}'
            | '\u{02BB}'
            | '\u{02BD}'
            | '\u{02B9}'
            | '\u{00B4}'
            | '`'
            | '\u{2032}'
            | '\u{2035}'
            | '\u{FF07}'
            | '\u{A78C}'
            | '\u{02C8}'
            | '\u{02CA}'
            | '\u{02CB}'
            | '\u{055A}'
            | '\u{05F3}'
            | '\u{1FBD}'
            | '\u{1FBF}'
            | '\u{1FEF}'
            | '\u{FF40}'
    )
}

/// Is `c` invisible in running text: Unicode's `Default_Ignorable_Code_Point` set (zero-width
/// spaces and joiners, soft hyphen, BOM, direction marks and embeddings, the combining
/// grapheme joiner, variation selectors, Mongolian free variation selectors and vowel
/// separator, invisible operators, Hangul fillers, tag characters, …; DerivedCoreProperties.txt,
/// checked against the `regex` crate's table of the property in the tests)? Normalization drops
/// these so `don\u{AD}t know` (pasted from a word processor) or a phrase salted with U+200E
/// still matches.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}
