//! Text normalization for phrase matching, with a map back to the original bytes.
//!
//! The normalized text is lower-cased (full Unicode lower-casing plus `ß`/`ẞ` → `ss` and final
//! sigma), has every apostrophe form removed and every run of white space folded to one space
//! (or to a line break where the run holds a blank line, so that nothing matches across
//! paragraphs). `map[i]` is the original byte offset of the character that produced normalized
//! byte `i`.

/// Is `c` one of the apostrophe forms that normalization removes?
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`')
}

/// Is `c` invisible in running text (zero-width spaces and joiners, soft hyphen, BOM)?
/// Normalization drops these so `don\u{AD}t know` (pasted from a word processor) still matches.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Reusable buffers for one normalized text.
#[derive(Debug, Default, Clone)]
pub(crate) struct Normalized {
    /// The normalized text.
    pub text: String,
    /// For each byte of `text`, the original byte offset of the character that produced it.
    pub map: Vec<u32>,
}

impl Normalized {
    /// Normalizes `src[..end]` into these buffers, replacing what they held.
    pub fn fill(&mut self, src: &str, end: usize) {
        self.text.clear();
        self.map.clear();
        let src = &src[..end];
        let bytes = src.as_bytes();
        let mut i = 0;
        // Pending white space run: (start offset, newline count).
        let mut ws: Option<(usize, usize)> = None;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                match b {
                    b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                        let nl = usize::from(b == b'\n');
                        ws = Some(match ws {
                            Some((s, n)) => (s, n + nl),
                            None => (i, nl),
                        });
                    }
                    b'\'' | b'`' => {}
                    _ => {
                        self.flush_ws(&mut ws);
                        self.text.push(b.to_ascii_lowercase() as char);
                        self.map.push(i as u32);
                    }
                }
                i += 1;
                continue;
            }
            let c = src[i..].chars().next().expect("i is on a char boundary");
            let len = c.len_utf8();
            if is_invisible(c) {
                // dropped
            } else if c.is_whitespace() {
                ws = Some(match ws {
                    Some((s, n)) => (s, n + usize::from(c == '\u{2028}' || c == '\u{2029}')),
                    None => (i, 0),
                });
            } else if !is_apostrophe(c) {
                self.flush_ws(&mut ws);
                self.push_folded(c, i);
            }
            i += len;
        }
        self.flush_ws(&mut ws);
    }

    fn flush_ws(&mut self, ws: &mut Option<(usize, usize)>) {
        if let Some((start, newlines)) = ws.take() {
            self.text.push(if newlines >= 2 { '\n' } else { ' ' });
            self.map.push(start as u32);
        }
    }

    fn push_folded(&mut self, c: char, at: usize) {
        match c {
            'ß' | 'ẞ' => {
                self.text.push_str("ss");
                self.map.extend([at as u32, at as u32]);
            }
            'ς' => self.push_one('σ', at),
            _ => {
                for l in c.to_lowercase() {
                    self.push_one(l, at);
                }
            }
        }
    }

    fn push_one(&mut self, c: char, at: usize) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.map.push(at as u32);
        }
    }

    /// Maps a normalized span back to an original byte span (end-exclusive).
    pub fn original_span(&self, src: &str, start: usize, end: usize) -> (usize, usize) {
        let s = self.map[start] as usize;
        let last = self.map[end - 1] as usize;
        let e = last + src[last..].chars().next().map_or(0, char::len_utf8);
        (s, e)
    }
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
        assert_eq!(n.text.len(), n.map.len());
        n.text
    }

    #[test]
    fn folds_case_apostrophes_and_space() {
        assert_eq!(norm("I DON’T\n know"), "i dont know");
        assert_eq!(norm("Weiß  WEISS"), "weiss weiss");
        assert_eq!(norm("a\u{a0}b\t\tc"), "a b c");
        assert_eq!(norm("one\n\n two"), "one\ntwo");
        assert_eq!(norm("Äpfel"), "äpfel");
        assert_eq!(norm("don\u{AD}t\u{200B} know"), "dont know");
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
