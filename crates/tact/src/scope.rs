//! What part of a message its author wrote now, and so what is scanned.
//!
//! Skipped: lines quoted with `>`, earlier mail below an attribution line (`On … wrote:`) or an
//! `-----Original Message-----` separator, the signature after a `-- ` line, and text inside
//! quotation marks (which rules may opt into with `in-quotes: true`).

use crate::language::Language;

/// A skipped byte range of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Skipped {
    pub start: usize,
    pub end: usize,
    /// A quotation inside the author's own text (rules with `in-quotes` still see it).
    pub quotation: bool,
}

/// The result of scoping one message.
#[derive(Debug, Default, Clone)]
pub(crate) struct Scope {
    /// Everything at or after this byte offset is earlier mail or signature.
    pub end: usize,
    /// Skipped ranges before `end`, sorted by start (they may overlap).
    pub skipped: Vec<Skipped>,
    /// For each skipped range, the largest end among it and those before it ...
    max_end: Vec<usize>,
    /// ... and the same counting only ranges that are not quotations.
    max_end_hard: Vec<usize>,
}

impl Scope {
    /// Computes the scope of `text` into `self`, reusing its buffer.
    pub fn fill(&mut self, text: &str) {
        self.skipped.clear();
        self.end = text.len();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            // Only lines starting with `>`, `-`, `O`, `A` or ending with `:` can matter.
            let first = content.bytes().find(|b| *b != b' ' && *b != b'\t');
            let last = content.bytes().rev().find(|b| *b != b' ' && *b != b'\t');
            if !matches!(first, Some(b'>' | b'-' | b'O' | b'A')) && last != Some(b':') {
                offset += line.len();
                continue;
            }
            let trimmed = content.trim_start();
            if is_tail_start(content, trimmed) {
                self.end = offset;
                break;
            }
            if trimmed.starts_with('>') {
                self.skipped.push(Skipped { start: offset, end: offset + line.len(), quotation: false });
            }
            offset += line.len();
        }
        self.find_quotations(text);
        self.max_end.clear();
        self.max_end_hard.clear();
        let (mut all, mut hard) = (0, 0);
        for s in &self.skipped {
            all = all.max(s.end);
            if !s.quotation {
                hard = hard.max(s.end);
            }
            self.max_end.push(all);
            self.max_end_hard.push(hard);
        }
    }

    /// Does a hit on `start..end` touch skipped text?
    pub fn skips(&self, start: usize, end: usize, in_quotes: bool) -> bool {
        if end > self.end {
            return true;
        }
        // A binary search over the sorted ranges and their running maximum end: linear overall.
        let k = self.skipped.partition_point(|s| s.start < end);
        let ends = if in_quotes { &self.max_end_hard } else { &self.max_end };
        k > 0 && ends[k - 1] > start
    }

    fn find_quotations(&mut self, text: &str) {
        let text = &text[..self.end];
        // Fast path: most messages hold no opening quotation mark at all (`’`, the common
        // apostrophe, is not one).
        let b = text.as_bytes();
        let opener = |i: usize| match b[i] {
            b'"' => true,
            0xC2 => matches!(b.get(i + 1), Some(0xAB | 0xBB)),
            0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x98 | 0x9A | 0x9C | 0x9E)),
            _ => false,
        };
        // Only opening quotation marks can start a quotation: jump from one to the next
        // (a byte search) instead of walking every character.
        let mut found = Vec::new();
        let mut pos = 0;
        while let Some(rel) = memchr::memchr3(b'"', 0xC2, 0xE2, &b[pos..]) {
            let start = pos + rel;
            if !opener(start) {
                pos = start + 1;
                continue;
            }
            let c = text[start..].chars().next().expect("an opener is a whole character");
            let after = start + c.len_utf8();
            let closers = closers_for(c);
            let opens = text[..start].chars().next_back().is_none_or(|p| !p.is_alphanumeric())
                && text[after..].chars().next().is_some_and(|n| !n.is_whitespace());
            if !opens {
                pos = after;
                continue;
            }
            let mut close = None;
            let mut prev = c;
            let mut rest = text[after..].char_indices().peekable();
            while let Some((k, d)) = rest.next() {
                let at = after + k;
                let next = rest.peek().map(|&(_, n)| n);
                if at - start > 400 || (d == '\n' && next.is_some_and(|n| n == '\n' || n == '\r')) {
                    break;
                }
                if closers.contains(&d) && !prev.is_whitespace() && next.is_none_or(|n| !n.is_alphanumeric()) {
                    close = Some(at + d.len_utf8());
                    break;
                }
                prev = d;
            }
            match close {
                Some(end) => {
                    found.push(Skipped { start, end, quotation: true });
                    pos = end;
                }
                None => pos = after,
            }
        }
        if !found.is_empty() {
            self.skipped.extend(found);
            self.skipped.sort_by_key(|s| s.start);
        }
    }
}

fn closers_for(c: char) -> &'static [char] {
    match c {
        '"' => &['"'],
        '\u{201C}' => &['\u{201D}', '\u{201C}'],
        '\u{201E}' => &['\u{201C}', '\u{201D}'],
        '\u{00AB}' => &['\u{00BB}'],
        '\u{00BB}' => &['\u{00AB}'],
        '\u{201A}' => &['\u{2018}', '\u{2019}'],
        '\u{2018}' => &['\u{2019}'],
        _ => &[],
    }
}

/// Does this line start earlier mail or the signature?
fn is_tail_start(content: &str, trimmed: &str) -> bool {
    if content == "-- " || content == "--" {
        return true;
    }
    let t = trimmed.trim_end();
    let languages = || Language::ALL.iter().filter_map(|l| l.info());
    if t.starts_with("-----") && t.ends_with("-----") && t.len() > 10 {
        let inner = t.trim_matches('-').trim().to_lowercase();
        return languages().any(|l| l.separator_words.iter().any(|w| inner.contains(w)));
    }
    t.len() < 300 && languages().any(|l| l.is_attribution(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(t: &str) -> Scope {
        let mut s = Scope::default();
        s.fill(t);
        s
    }

    #[test]
    fn cuts_earlier_mail_and_signature() {
        let t = "Hi,\nthanks.\n-- \nAnna\nI don't know";
        assert_eq!(scope(t).end, t.find("-- ").unwrap());
        let t = "Sure.\nOn Mon, 1 Jan 2024, Bob <b@x.y> wrote:\n> I don't know";
        assert_eq!(scope(t).end, t.find("On Mon").unwrap());
        let t = "Ok\n-----Original Message-----\nFrom: x";
        assert_eq!(scope(t).end, 3);
    }

    #[test]
    fn skips_quote_lines_and_quotations() {
        let t = "> I don't know\nYou wrote “I don’t know” and don’t know.";
        let s = scope(t);
        assert!(s.skips(2, 5, false));
        let q = t.find('“').unwrap();
        assert!(s.skips(q + 3, q + 6, false));
        assert!(!s.skips(q + 3, q + 6, true));
        let tail = t.rfind("don’t").unwrap();
        assert!(!s.skips(tail, tail + 3, false));
    }

    #[test]
    fn apostrophes_do_not_open_quotations() {
        let s = scope("I don’t know and we’ll see, it’s fine.");
        assert!(s.skipped.is_empty());
    }
}
