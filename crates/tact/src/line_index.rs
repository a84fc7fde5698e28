//! Byte offsets to lines and columns, worked out once per text (after ruff's `LineIndex`).
//!
//! Every place that reports a position (diagnostics, directives, the CLI's output formats,
//! structured files, decoding errors) builds one [`LineIndex`] for the text and asks it, so
//! positions agree everywhere and many lookups stay cheap: a line is found by binary search
//! over the line starts, and a column by counting characters from the nearest checkpoint at
//! most 63 bytes back, never from the start of the line. 65,536 findings on one 1 MB line
//! therefore cost about as much as 65,536 findings on short lines.

use std::ops::Range;

/// Bytes between two checkpoints of the character count.
const CHUNK: usize = 64;

/// A 1-based line and column; the column counts characters (Unicode scalar values), not
/// bytes, as every output format of tact does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Where each line of a text starts, plus character-count checkpoints for columns.
///
/// Built with [`LineIndex::new`] from a text; every lookup that needs the text takes it again
/// (it must be the same text), so an index can be kept beside the text it describes.
/// Lines end at `\n`; a `\r` before it belongs to the line (it is counted in columns, as the
/// text holds it). Offsets past the end of the text are treated as the end; offsets are
/// expected on character boundaries (one inside a character counts that character as begun).
///
/// ```
/// use tact::LineIndex;
/// let text = "Hi,\nsorry, I don’t know.";
/// let index = LineIndex::new(text);
/// let p = index.position(text, text.find("know").unwrap());
/// assert_eq!((p.line, p.column), (2, 16));
/// assert_eq!(&text[index.line_range(2)], "sorry, I don’t know.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; the first is 0.
    line_starts: Vec<usize>,
    /// For text that is not all ASCII: entry `k` is the number of characters in
    /// `text[..k * CHUNK]`. Empty for ASCII text, where a column is a difference of offsets.
    checkpoints: Vec<usize>,
    /// Length of the text in bytes.
    len: usize,
}

impl Default for LineIndex {
    /// The index of the empty text: one empty line.
    fn default() -> Self {
        LineIndex::new("")
    }
}

impl LineIndex {
    /// Indexes `text`: one pass for the line breaks and, unless the text is ASCII, one for the
    /// character-count checkpoints.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(1 + bytes.len() / 64);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        let checkpoints = if text.is_ascii() {
            Vec::new()
        } else {
            let mut out = Vec::with_capacity(bytes.len() / CHUNK + 2);
            let mut count = 0;
            out.push(0);
            for chunk in bytes.chunks(CHUNK) {
                count += char_starts(chunk);
                out.push(count);
            }
            out
        };
        LineIndex { line_starts, checkpoints, len: bytes.len() }
    }

    /// How many lines the text has: one more than it has `\n`s.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset.min(self.len))
    }

    /// The 1-based line and column of byte `offset` of `text` (the text this index was built
    /// from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        debug_assert_eq!(text.len(), self.len, "a LineIndex is asked about the text it was built from");
        let offset = offset.min(self.len);
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        Position { line, column: self.chars_before(text, offset) - self.chars_before(text, start) + 1 }
    }

    /// How many characters `text[range]` holds, counted from checkpoints (at most about 128
    /// bytes are looked at, however long the range).
    pub fn char_count(&self, text: &str, range: Range<usize>) -> usize {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        self.chars_before(text, end) - self.chars_before(text, start)
    }

    /// Byte offset where 1-based `line` starts (line 0 is taken as 1; past the last line, the
    /// end of the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line.max(1) - 1).copied().unwrap_or(self.len)
    }

    /// The bytes of 1-based `line` without its `\n` (a `\r` before it is kept).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let line = line.max(1);
        let full = self.full_line_range(line);
        let has_newline = line < self.line_starts.len();
        full.start..if has_newline { full.end - 1 } else { full.end }
    }

    /// The bytes of 1-based `line` including its `\n`, when it has one.
    pub fn full_line_range(&self, line: usize) -> Range<usize> {
        let line = line.max(1);
        self.line_start(line)..self.line_start(line + 1)
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        if self.checkpoints.is_empty() {
            return offset;
        }
        let k = offset / CHUNK;
        self.checkpoints[k] + char_starts(&text.as_bytes()[k * CHUNK..offset])
    }
}

/// Characters that start in `bytes`: every byte that is not a UTF-8 continuation byte.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition: count from the start of the text.
    fn naive(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, text[line_start..offset].chars().count() + 1)
    }

    fn pos(index: &LineIndex, text: &str, offset: usize) -> (usize, usize) {
        let p = index.position(text, offset);
        (p.line, p.column)
    }

    #[test]
    fn positions_of_every_offset() {
        for text in ["", "a", "\n", "ab\ncd\n", "\n\nx", "I don’t\r\nknow 😀 ß\n\nweiß", "äöü\näöü"] {
            let index = LineIndex::new(text);
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                assert_eq!(pos(&index, text, offset), naive(text, offset), "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn lines_and_ranges() {
        let text = "one\r\ntwo\n\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(&text[index.line_range(1)], "one\r");
        assert_eq!(&text[index.full_line_range(1)], "one\r\n");
        assert_eq!(&text[index.line_range(2)], "two");
        assert_eq!(&text[index.line_range(3)], "");
        assert_eq!(&text[index.full_line_range(3)], "\n");
        assert_eq!(&text[index.line_range(4)], "last");
        assert_eq!(&text[index.full_line_range(4)], "last");
        assert_eq!(index.line_range(5), text.len()..text.len());
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(5), 2);
        assert_eq!(index.line(text.len() + 10), 4);
        let trailing = "a\n";
        let index = LineIndex::new(trailing);
        assert_eq!(index.line_count(), 2);
        assert_eq!(&trailing[index.line_range(1)], "a");
        assert_eq!(index.line_range(2), 2..2);
        assert_eq!(LineIndex::default(), LineIndex::new(""));
    }

    #[test]
    fn offsets_past_the_end_are_the_end() {
        let text = "ab\nc";
        let index = LineIndex::new(text);
        assert_eq!(pos(&index, text, 99), (2, 2));
        assert_eq!(index.char_count(text, 1..99), 3);
    }

    #[test]
    fn char_counts_cross_checkpoints() {
        let text = "é".repeat(100) + "x" + &"😀".repeat(50);
        let index = LineIndex::new(&text);
        for (a, _) in text.char_indices() {
            for (b, _) in text.char_indices().step_by(7).filter(|&(b, _)| b >= a) {
                assert_eq!(index.char_count(&text, a..b), text[a..b].chars().count());
            }
        }
    }

    /// 65,536 lookups on one 1 MB line: each costs a checkpoint and at most 63 bytes, so this
    /// takes milliseconds; counting from the line start each time would take minutes.
    #[test]
    fn many_lookups_on_one_long_line_stay_linear() {
        let text = "déjà vu ".repeat((1 << 20) / 10);
        let index = LineIndex::new(&text);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(12).take(65_536).collect();
        assert_eq!(offsets.len(), 65_536);
        let started = std::time::Instant::now();
        let mut column = 0;
        for &o in &offsets {
            let p = index.position(&text, o);
            assert_eq!(p.line, 1);
            assert!(p.column > column);
            column = p.column;
        }
        assert_eq!(column, text[..*offsets.last().unwrap()].chars().count() + 1);
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "took {:?}", started.elapsed());
    }

    fn fragments() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec!["a", " ", "\n", "\r\n", "é", "’", "😀", "ß", "\t", "xyz", "\u{301}"]);
        prop::collection::vec(pieces, 0..200).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn agrees_with_counting_from_the_start(text in fragments()) {
            let index = LineIndex::new(&text);
            prop_assert_eq!(index.line_count(), text.matches('\n').count() + 1);
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                prop_assert_eq!(pos(&index, &text, offset), naive(&text, offset));
                let line = index.line(offset);
                let range = index.full_line_range(line);
                prop_assert!(range.start <= offset && (offset < range.end || range.end == text.len()));
                let bare = index.line_range(line);
                prop_assert!(!text[bare].contains('\n'));
            }
        }

        #[test]
        fn char_count_is_chars(text in fragments(), a in 0usize..400, b in 0usize..400) {
            let index = LineIndex::new(&text);
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let (a, b) = (a.min(b), a.max(b));
            prop_assert_eq!(index.char_count(&text, a..b), text[a..b].chars().count());
        }
    }
}
