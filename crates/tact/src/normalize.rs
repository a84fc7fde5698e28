//! Text normalization for phrase matching, with a map back to the original bytes.
//!
//! The normalized text is lower-cased (full Unicode lower-casing plus `ß`/`ẞ` → `ss` and final
//! sigma), has every apostrophe form removed, the hyphen after a one-letter word dropped
//! (`E-Mail` → `email`, `e-kiri` → `ekiri`) and every run of white space folded to one space
//! (or to a line break where the run holds a blank line, so that nothing matches across
//! paragraphs). A sparse segment map leads back from normalized to original offsets: most text
//! is copied byte for byte (only lower-cased), so a new segment starts only where offsets shift.

pub(crate) use crate::chars::{is_apostrophe, is_invisible};

/// Is `c` a combining mark that composes with the letter before it (`o` + U+0308 = `ö`)?
fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Reusable buffers for one normalized text.
#[derive(Debug, Default, Clone)]
pub(crate) struct Normalized {
    /// The normalized text.
    pub text: String,
    /// `(normalized start, original start, linear)`, sorted: from a segment's start to the next
    /// one, normalized byte `n` comes from original byte `orig + (n - start)` when linear, or
    /// from the character at `orig` otherwise (a folded white space run, a case change that
    /// changes length).
    segs: Vec<(u32, u32, bool)>,
}

impl Normalized {
    /// Normalizes `src[..end]` into these buffers, replacing what they held.
    pub fn fill(&mut self, src: &str, end: usize) {
        // Build bytes (reusing the allocation); they are valid UTF-8 by construction.
        let mut out = std::mem::take(&mut self.text).into_bytes();
        out.clear();
        self.segs.clear();
        let src = &src[..end];
        let bytes = src.as_bytes();
        // Normalized text is rarely longer than the original (a few case foldings grow): one
        // allocation of that size, not doubling from empty on a long message.
        out.reserve(bytes.len());
        let mut i = 0;
        // Pending white space run: (start offset, newline count, byte length).
        let mut ws: Option<(usize, usize, usize)> = None;
        while i < bytes.len() {
            let b = bytes[i];
            if CLASS[usize::from(b)] == PLAIN {
                // A run of plain ASCII, single separators included (one space, tab or line
                // break between two other characters folds to one space, byte for byte):
                // lower-cased in bulk, through tables.
                let start = i;
                while i < bytes.len() {
                    match CLASS[usize::from(bytes[i])] {
                        PLAIN => i += 1,
                        SEPARATOR if bytes.get(i + 1).is_some_and(|&n| CLASS[usize::from(n)] == PLAIN) => i += 2,
                        _ => break,
                    }
                }
                flush_ws(&mut out, &mut self.segs, &mut ws);
                linear(&mut self.segs, out.len(), start);
                out.extend(bytes[start..i].iter().map(|&c| FOLD[usize::from(c)]));
                continue;
            }
            if b == b'-' {
                // `E-Mail`, `x-mal`, `e-kiri`: the hyphen after a one-letter word, before a
                // letter, is dropped, so they read as the one word people also type (`email`).
                let n = out.len();
                let single = ws.is_none()
                    && n > 0
                    && out[n - 1].is_ascii_alphabetic()
                    && (n == 1 || !(out[n - 2].is_ascii_alphanumeric() || out[n - 2] >= 0x80));
                let letter_next = bytes.get(i + 1).is_some_and(|&c| c.is_ascii_alphabetic() || c >= 0x80);
                if !(single && letter_next) {
                    flush_ws(&mut out, &mut self.segs, &mut ws);
                    push_folded(&mut out, &mut self.segs, '-', i);
                }
                i += 1;
                continue;
            }
            if b < 0x80 {
                if b != b'\'' && b != b'`' {
                    let nl = usize::from(b == b'\n');
                    ws = Some(match ws {
                        Some((s, n, l)) => (s, n + nl, l + 1),
                        None => (i, nl, 1),
                    });
                }
                i += 1;
                continue;
            }
            let c = src[i..].chars().next().expect("i is on a char boundary");
            if is_invisible(c) {
                // dropped
            } else if is_combining(c) && ws.is_none() && compose_last(&mut out, &mut self.segs, c) {
                // composed into the letter before it (decomposed text matches as composed)
            } else if c.is_whitespace() {
                let nl = usize::from(c == '\u{2028}' || c == '\u{2029}');
                ws = Some(match ws {
                    Some((s, n, l)) => (s, n + nl, l + c.len_utf8()),
                    None => (i, nl, c.len_utf8()),
                });
            } else if !is_apostrophe(c) {
                flush_ws(&mut out, &mut self.segs, &mut ws);
                push_folded(&mut out, &mut self.segs, c, i);
            }
            i += c.len_utf8();
        }
        flush_ws(&mut out, &mut self.segs, &mut ws);
        self.text = String::from_utf8(out).expect("normalized text is built from whole chars");
    }

    /// The original byte offset behind normalized byte `n`.
    fn original(&self, n: usize) -> usize {
        let i = self.segs.partition_point(|s| s.0 as usize <= n) - 1;
        let (start, orig, lin) = self.segs[i];
        if lin {
            orig as usize + (n - start as usize)
        } else {
            orig as usize
        }
    }

    /// Maps a normalized span back to an original byte span (end-exclusive); a span ending in
    /// a composed letter takes the combining marks it was composed from.
    pub fn original_span(&self, src: &str, start: usize, end: usize) -> (usize, usize) {
        let s = self.original(start);
        let mut last = self.original(end - 1);
        while !src.is_char_boundary(last) {
            last -= 1;
        }
        let mut e = last + src[last..].chars().next().map_or(0, char::len_utf8);
        e += src[e..].chars().take_while(|&c| is_combining(c)).map(char::len_utf8).sum::<usize>();
        (s, e)
    }
}

/// Byte classes for the bulk ASCII path: copied (lower-cased) as they are; a space, tab or
/// line break, copied as one space when it stands alone between plain bytes; anything else
/// (other white space, apostrophe, backtick, non-ASCII) takes the slow path.
const PLAIN: u8 = 0;
const SEPARATOR: u8 = 1;
const SPECIAL: u8 = 2;

static CLASS: [u8; 256] = {
    let mut t = [SPECIAL; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = match b as u8 {
            b' ' | b'\t' | b'\n' => SEPARATOR,
            b'\r' | 0x0b | 0x0c | b'\'' | b'`' | b'-' => SPECIAL,
            _ => PLAIN,
        };
        b += 1;
    }
    t
};

/// What the bulk path writes for each byte: lower case, and one space for a lone separator.
static FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'\t' | b'\n' => b' ',
            x => x.to_ascii_lowercase(),
        };
        b += 1;
    }
    t
};

/// Notes that normalized byte `at` is original byte `orig` and the bytes after it follow one
/// to one (extends the current linear segment when offsets line up).
fn linear(segs: &mut Vec<(u32, u32, bool)>, at: usize, orig: usize) {
    if let Some(&(n, o, true)) = segs.last() {
        if o as usize + (at - n as usize) == orig {
            return;
        }
    }
    segs.push((at as u32, orig as u32, true));
}

/// Notes that normalized bytes from `at` all come from the original character at `orig`.
fn fixed(segs: &mut Vec<(u32, u32, bool)>, at: usize, orig: usize) {
    segs.push((at as u32, orig as u32, false));
}

fn flush_ws(out: &mut Vec<u8>, segs: &mut Vec<(u32, u32, bool)>, ws: &mut Option<(usize, usize, usize)>) {
    if let Some((start, newlines, len)) = ws.take() {
        if len == 1 {
            // One ASCII white space byte: a one-to-one copy.
            linear(segs, out.len(), start);
        } else {
            fixed(segs, out.len(), start);
        }
        out.push(if newlines >= 2 { b'\n' } else { b' ' });
    }
}

fn push_folded(out: &mut Vec<u8>, segs: &mut Vec<(u32, u32, bool)>, c: char, at: usize) {
    let mut buf = [0u8; 12];
    let mut len = 0;
    let mut chars = 0;
    let mut push = |l: char| {
        len += l.encode_utf8(&mut buf[len..]).len();
        chars += 1;
    };
    match c {
        'ß' | 'ẞ' => {
            push('s');
            push('s');
        }
        'ς' => push('σ'),
        _ => c.to_lowercase().for_each(push),
    }
    if chars == 1 && len == c.len_utf8() {
        linear(segs, out.len(), at);
    } else {
        fixed(segs, out.len(), at);
    }
    out.extend_from_slice(&buf[..len]);
}

/// Composes combining mark `mark` with the last character written to `out`, when Unicode
/// composes the pair; the composed letter then maps to the original letter's offset.
fn compose_last(out: &mut Vec<u8>, segs: &mut Vec<(u32, u32, bool)>, mark: char) -> bool {
    let Some(start) = (0..out.len()).rev().take(4).find(|&k| out[k] & 0xC0 != 0x80) else {
        return false;
    };
    let Some(prev) = std::str::from_utf8(&out[start..]).ok().and_then(|s| s.chars().next()) else {
        return false;
    };
    let Some(composed) = unicode_normalization::char::compose(prev, mark) else {
        return false;
    };
    // Where the previous letter came from in the original.
    let i = segs.partition_point(|s| s.0 as usize <= start).saturating_sub(1);
    let Some(&(seg_start, orig, lin)) = segs.get(i) else {
        return false;
    };
    let orig = if lin { orig as usize + (start - seg_start as usize) } else { orig as usize };
    out.truncate(start);
    segs.truncate(segs.partition_point(|s| (s.0 as usize) < start));
    fixed(segs, start, orig);
    let mut buf = [0u8; 4];
    out.extend_from_slice(composed.encode_utf8(&mut buf).as_bytes());
    true
}

/// Normalizes a phrase or word written in a rule, with the same folding as message text but
/// trimmed (a phrase never starts or ends with a space).
pub(crate) fn normalize_phrase(s: &str) -> String {
    let mut n = Normalized::default();
    n.fill(s, s.len());
    n.text.trim().replace('\n', " ")
}

/// Is `c` part of a word for the whole-word check?
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        let mut n = Normalized::default();
        n.fill(s, s.len());
        n.text
    }

    /// The hyphen after a one-letter word, before a letter, goes (`E-Mail` reads as `email`);
    /// every other hyphen stays, and spans map back over the dropped byte.
    #[test]
    fn drops_the_hyphen_of_one_letter_prefixes() {
        assert_eq!(norm("Per E-Mail, x-mal, e-kirjaga, T-Shirt"), "per email, xmal, ekirjaga, tshirt");
        assert_eq!(
            norm("Callcenter-Affen, E -Mail, 1-2, a-1, a-b-c, -x"),
            "callcenter-affen, e -mail, 1-2, a-1, ab-c, -x"
        );
        let text = "Ihre E-Mail kam";
        let mut n = Normalized::default();
        n.fill(text, text.len());
        let at = n.text.find("email").unwrap();
        assert_eq!(n.original_span(text, at, at + 5), (5, 11));
    }

    #[test]
    fn folds_case_apostrophes_and_space() {
        assert_eq!(norm("I DON’T\n know"), "i dont know");
        assert_eq!(norm("Weiß  WEISS"), "weiss weiss");
        assert_eq!(norm("a\u{a0}b\t\tc"), "a b c");
        assert_eq!(norm("one\n\n two"), "one\ntwo");
        assert_eq!(norm("Äpfel"), "äpfel");
        assert_eq!(norm("don\u{AD}t\u{200B} know"), "dont know");
        assert_eq!(norm("don\u{200E}t kn\u{FE0F}ow"), "dont know");
        assert_eq!(norm("don\u{2032}t don\u{FF07}t don\u{02BB}t don\u{201B}t"), "dont dont dont dont");
    }

    #[test]
    fn every_default_ignorable_code_point_is_dropped() {
        // The property as the `regex` crate's Unicode tables have it: its ranges, from the
        // parsed class.
        let hir = regex_syntax::Parser::new().parse(r"\p{Default_Ignorable_Code_Point}").unwrap();
        let regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(class)) = hir.kind() else {
            panic!("a Unicode class")
        };
        let ranges: Vec<(char, char)> = class.ranges().iter().map(|r| (r.start(), r.end())).collect();
        let ignorable = |c: char| {
            let i = ranges.partition_point(|&(_, end)| end < c);
            ranges.get(i).is_some_and(|&(start, _)| start <= c)
        };
        let mut n = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_invisible(c), ignorable(c), "U+{:04X}", c as u32);
            if ignorable(c) {
                n += 1;
                // Sampled inside a phrase (every range's ends and every 64th character).
                if ranges.iter().any(|&(a, b)| c == a || c == b) || n % 64 == 0 {
                    assert_eq!(norm(&format!("I don't kn{c}ow")), "i dont know", "U+{:04X} inside a word", c as u32);
                    assert_eq!(norm(&format!("I{c} don't know")), "i dont know", "U+{:04X} after a word", c as u32);
                }
            }
        }
        assert!(n > 4000, "{n} default ignorables");
    }

    #[test]
    fn every_apostrophe_look_alike_is_dropped() {
        let forms = [
            '\'', '`', '\u{2019}', '\u{2018}', '\u{201B}', '\u{02BC}', '\u{02BB}', '\u{02BD}', '\u{02B9}', '\u{00B4}',
            '\u{2032}', '\u{2035}', '\u{FF07}', '\u{A78C}', '\u{02C8}', '\u{02CA}', '\u{02CB}', '\u{055A}', '\u{05F3}',
            '\u{1FBD}', '\u{1FBF}', '\u{1FEF}', '\u{FF40}',
        ];
        for a in forms {
            assert!(a.is_ascii() || is_apostrophe(a), "U+{:04X}", a as u32);
            assert_eq!(norm(&format!("I DON{a}T know")), "i dont know", "U+{:04X}", a as u32);
            // With a format character beside it, as an evasion would write it.
            assert_eq!(norm(&format!("I don\u{200F}{a}\u{2060}t know")), "i dont know", "U+{:04X}", a as u32);
        }
    }

    #[test]
    fn decomposed_letters_match_as_composed() {
        let src = "Bitte STO\u{0308}REN Sie mich nicht";
        let mut n = Normalized::default();
        n.fill(src, src.len());
        assert_eq!(n.text, "bitte stören sie mich nicht");
        let at = n.text.find("stören").unwrap();
        let (s, e) = n.original_span(src, at, at + "stören".len());
        assert_eq!(&src[s..e], "STO\u{0308}REN");
        let at = n.text.find("stö").unwrap();
        let (s, e) = n.original_span(src, at, at + "stö".len());
        assert_eq!(&src[s..e], "STO\u{0308}");
        // A mark after a space composes with nothing and is kept.
        assert_eq!(norm("a \u{0308}b"), "a \u{0308}b");
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let src = "Well, I DON’T  know.";
        let mut n = Normalized::default();
        n.fill(src, src.len());
        let at = n.text.find("i dont know").unwrap();
        let (s, e) = n.original_span(src, at, at + "i dont know".len());
        assert_eq!(&src[s..e], "I DON’T  know");
    }

    #[test]
    fn multibyte_fold_maps_every_byte() {
        let src = "İx ẞ";
        let mut n = Normalized::default();
        n.fill(src, src.len());
        let at = n.text.find("ss").unwrap();
        let (s, e) = n.original_span(src, at, at + 2);
        assert_eq!(&src[s..e], "ẞ");
    }
}
