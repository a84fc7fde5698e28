//! Span helpers of the per-message scan: merging and searching hit ranges, the stretch of text
//! an exception regex is tried on, and where a sentence starts (for capitalizing replacements).

/// Sorts `(rule, start, end)` ranges and merges overlapping or touching ones of the same rule.
pub(crate) fn merge_ranges(ranges: &mut Vec<(u32, usize, usize)>) {
    ranges.sort_unstable();
    let mut out = 0;
    for i in 0..ranges.len() {
        let r = ranges[i];
        if out > 0 && ranges[out - 1].0 == r.0 && r.1 <= ranges[out - 1].2 {
            ranges[out - 1].2 = ranges[out - 1].2.max(r.2);
        } else {
            ranges[out] = r;
            out += 1;
        }
    }
    ranges.truncate(out);
}

/// Does a (merged, sorted) range of `rule` overlap the hit `a..b`?
pub(crate) fn overlaps(ranges: &[(u32, usize, usize)], rule: u32, a: usize, b: usize) -> bool {
    let lo = ranges.partition_point(|e| e.0 < rule);
    let hi = ranges.partition_point(|e| e.0 <= rule);
    let of_rule = &ranges[lo..hi];
    let i = of_rule.partition_point(|e| e.2 <= a);
    i < of_rule.len() && of_rule[i].1 < b.max(a + 1)
}

/// How many sentence ends an exception window reaches past on either side of a hit.
const WINDOW_SENTENCES: usize = 3;
/// The most bytes an exception window reaches on either side of a hit.
const WINDOW_BYTES: usize = 4096;

/// The stretch of `text` an exception regex is tried on for the hit `a..b`: from just after
/// the [`WINDOW_SENTENCES`]th sentence end (`.`, `!`, `?` or a line break; not a dot inside a
/// number or closing a date, see [`crate::words::is_number_mark`]) before the hit to
/// just after the [`WINDOW_SENTENCES`]th after it, at most [`WINDOW_BYTES`] either side, on
/// character boundaries.
pub(crate) fn exception_window(text: &str, a: usize, b: usize) -> (usize, usize) {
    (sentences_back(text, a, WINDOW_SENTENCES), sentences_forward(text, b, WINDOW_SENTENCES))
}

/// Is byte `i` a sentence end: `.`, `!`, `?` or a line break, but not a dot inside a number
/// (`20.000`) or closing a date (`15.05.`)?
fn is_sentence_end(bytes: &[u8], i: usize) -> bool {
    matches!(bytes[i], b'.' | b'!' | b'?' | b'\n') && !crate::words::is_number_mark(bytes, i)
}

/// Where the `n`th sentence back from byte `a` starts: just after the `n`th sentence end
/// before `a` (`n` = 1: the start of `a`'s own sentence), at most [`WINDOW_BYTES`] back, on a
/// character boundary, never after `a`.
pub(crate) fn sentences_back(text: &str, a: usize, n: usize) -> usize {
    let bytes = text.as_bytes();
    let lo = a.saturating_sub(WINDOW_BYTES);
    let mut start = lo;
    let mut seen = 0;
    for i in (lo..a).rev() {
        if is_sentence_end(bytes, i) {
            seen += 1;
            if seen == n {
                start = i + 1;
                break;
            }
        }
    }
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start.min(a)
}

/// Where the `n`th sentence end at or after byte `b` is (just after it; `n` = 1: the end of
/// `b`'s own sentence), at most [`WINDOW_BYTES`] on, on a character boundary, never before `b`.
pub(crate) fn sentences_forward(text: &str, b: usize, n: usize) -> usize {
    let bytes = text.as_bytes();
    let hi = (b + WINDOW_BYTES).min(bytes.len());
    let mut end = hi;
    let mut seen = 0;
    for i in b..hi {
        if is_sentence_end(bytes, i) {
            seen += 1;
            if seen == n {
                end = i + 1;
                break;
            }
        }
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end.max(b)
}

/// Does a sentence start at byte `at`: nothing but white space, quotes or brackets since the
/// start of the text, a line break, or a `.`, `!`, `?` or `…` (not the dot closing a date:
/// `am 15.05. bestellt`)?
pub(crate) fn sentence_start(text: &str, at: usize) -> bool {
    for (i, c) in text[..at].char_indices().rev() {
        match c {
            '.' if crate::words::is_number_mark(text.as_bytes(), i) => return false,
            '.' | '!' | '?' | '…' | '\n' => return true,
            c if c.is_whitespace() || matches!(c, '"' | '“' | '„' | '«' | '»' | '(' | '\'' | '‘' | '‚' | '-' | '–') =>
                {}
            _ => return false,
        }
    }
    true
}

/// Does a clause start at byte `at`: a sentence start (see [`sentence_start`]), or after a
/// `,`, `;`, `:` or a dash (`–`, `—`, or `-` with a space before it), with white space, quotes
/// or brackets between? A comma inside a number (`1,5`) starts nothing.
pub(crate) fn clause_start(text: &str, at: usize) -> bool {
    let mut spaced = false;
    for (i, c) in text[..at].char_indices().rev() {
        match c {
            ',' if crate::words::is_number_mark(text.as_bytes(), i) => return false,
            ',' | ';' | ':' | '–' | '—' => return true,
            '-' => return spaced,
            c if c.is_whitespace() => spaced = true,
            '"' | '“' | '„' | '«' | '»' | '(' | '\'' | '‘' | '‚' => {}
            _ => break,
        }
    }
    sentence_start(text, at)
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(cs).collect(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_in_numbers_and_dates_end_no_sentence() {
        let text = "Eins. Zwei. Drei. Am 15.05. kamen 20.000 Stück, wir haben es 1.5 Mal geprüft. Vier. Fünf.";
        let hit = text.find("geprüft").unwrap();
        let (start, end) = exception_window(text, hit, hit + "geprüft".len());
        assert_eq!(
            &text[start..end],
            " Zwei. Drei. Am 15.05. kamen 20.000 Stück, wir haben es 1.5 Mal geprüft. Vier. Fünf."
        );
        assert!(!sentence_start(text, text.find("kamen").unwrap()));
        assert!(sentence_start(text, text.find("Zwei").unwrap()));
    }
}
