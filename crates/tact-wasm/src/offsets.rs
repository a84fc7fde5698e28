//! From the library's UTF-8 byte offsets to the UTF-16 code units JS strings are made of.
//!
//! `text.slice(start, end)`, `textarea.setSelectionRange(start, end)` and DOM ranges all count
//! UTF-16 code units: an umlaut is one unit (two bytes in UTF-8), an emoji two (four bytes).

/// Converts byte offsets of one text into UTF-16 offsets, walking forward from the last
/// offset asked for: a message's findings come in text order, so converting all of them
/// reads the text once.
#[derive(Debug)]
pub struct Utf16Cursor<'a> {
    text: &'a str,
    /// Byte offset reached.
    byte: usize,
    /// UTF-16 offset of `byte`.
    unit: usize,
    /// UTF-16 offset of the start of the line `byte` is on.
    line_start: usize,
    /// The text is ASCII: every offset is the same in both encodings.
    ascii: bool,
}

impl<'a> Utf16Cursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Utf16Cursor { text, byte: 0, unit: 0, line_start: 0, ascii: text.is_ascii() }
    }

    /// The UTF-16 offset of byte offset `byte` (which must be on a `char` boundary), and the
    /// 1-based column of that offset on its line, in UTF-16 code units.
    pub fn at(&mut self, byte: usize) -> (usize, usize) {
        if byte < self.byte {
            // Out of order: start again from the beginning (still correct, only slower).
            self.byte = 0;
            self.unit = 0;
            self.line_start = 0;
        }
        let seg = &self.text[self.byte..byte];
        if self.ascii {
            if let Some(nl) = memrchr_newline(seg.as_bytes()) {
                self.line_start = self.byte + nl + 1;
            }
            self.unit = byte;
        } else {
            for c in seg.chars() {
                self.unit += c.len_utf16();
                if c == '\n' {
                    self.line_start = self.unit;
                }
            }
        }
        self.byte = byte;
        (self.unit, self.unit - self.line_start + 1)
    }

    /// The UTF-16 length of `text[from..to]`, byte offsets on `char` boundaries.
    pub fn len_between(&self, from: usize, to: usize) -> usize {
        if self.ascii {
            to - from
        } else {
            self.text[from..to].chars().map(char::len_utf16).sum()
        }
    }
}

fn memrchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().rposition(|&b| b == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: count UTF-16 units of the prefix, and of the line's part of it.
    fn slow(text: &str, byte: usize) -> (usize, usize) {
        let prefix = &text[..byte];
        let line = prefix.rfind('\n').map_or(prefix, |i| &prefix[i + 1..]);
        (prefix.encode_utf16().count(), line.encode_utf16().count() + 1)
    }

    #[test]
    fn agrees_with_encode_utf16_everywhere() {
        for text in ["plain ascii\nsecond line", "Grüße, Jürgen 👋🏽\nda😀 weiß\r\nich 𝄞 nicht", "", "\n\n😀"]
        {
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut cursor = Utf16Cursor::new(text);
            for &b in &bounds {
                assert_eq!(cursor.at(b), slow(text, b), "{text:?} at {b}");
            }
            // Backwards too: the cursor restarts.
            for &b in bounds.iter().rev() {
                assert_eq!(cursor.at(b), slow(text, b), "{text:?} at {b}, backwards");
            }
            for w in bounds.windows(2) {
                assert_eq!(cursor.len_between(w[0], w[1]), text[w[0]..w[1]].encode_utf16().count());
            }
        }
    }

    #[test]
    fn emoji_count_two_units_umlauts_one() {
        let text = "😀 ä x";
        let mut c = Utf16Cursor::new(text);
        assert_eq!(c.at(text.find('ä').unwrap()), (3, 4));
        assert_eq!(c.at(text.find('x').unwrap()), (5, 6));
    }
}
