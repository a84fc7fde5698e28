//! HTML canned responses: the visible text, with every byte offset unchanged.
//!
//! Tags (and `<script>`/`<style>` contents and comments other than tact directives) become
//! spaces, keeping line breaks, so lines and byte spans still point into the original file.
//! An entity is replaced by the character it stands for, padded to the entity's length with
//! invisible characters (soft hyphen, zero-width space) that matching ignores; `don&rsquo;t`
//! therefore still matches `don't`. An entity too short to pad (`&le;`) is left as it is.

/// The padding characters: matching drops both (see the library's normalization).
const SHY: &str = "\u{AD}"; // 2 bytes
const ZWSP: &str = "\u{200B}"; // 3 bytes

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "otilde" => 'õ',
        "Otilde" => 'Õ',
        "scaron" => 'š',
        "Scaron" => 'Š',
        "zcaron" => 'ž',
        "Zcaron" => 'Ž',
        "euro" => '€',
        "copy" => '©',
        "shy" => '\u{ad}',
        _ => return None,
    })
}

fn decode_entity(body: &str) -> Option<char> {
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)
    } else {
        named(body)
    }
}

/// Pads `n` bytes with invisible characters; `None` when `n == 1` (no 1-byte invisible char).
fn padding(n: usize) -> Option<String> {
    if n == 1 {
        return None;
    }
    let mut s = String::with_capacity(n);
    let mut left = n;
    while left > 0 {
        if left % 3 == 0 || left == 5 || left > 4 {
            s.push_str(ZWSP);
            left -= 3;
        } else {
            s.push_str(SHY);
            left -= 2;
        }
    }
    Some(s)
}

/// Blanks markup: every character becomes one invisible character of the same UTF-8 length
/// (line breaks stay), so the visible text has a character boundary exactly where the original
/// has one and any span found in it (a regex's `.{0,15}` running into a tag with `ü` in an
/// attribute) is a valid span of the original too.
fn blank(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(c),
            _ => out.push_str(filler(c.len_utf8())),
        }
    }
}

/// The invisible character of `len` UTF-8 bytes that stands for a blanked character of that
/// length (here and in [`crate::markdown`]): a space, a no-break space (U+00A0) or an en space
/// (U+2002), white space to every matcher; no white-space character takes four bytes, so
/// those become TAG SPACE (U+E0020), a default ignorable that matching drops (markup around
/// it is blanked to spaces).
pub(crate) fn filler(len: usize) -> &'static str {
    match len {
        1 => " ",
        2 => "\u{a0}",
        3 => "\u{2002}",
        _ => "\u{e0020}",
    }
}

/// The visible text of `html`, byte for byte as long as the original.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    let lower = html.to_ascii_lowercase();
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(html.len(), |e| i + e + 3);
            let comment = &html[i..end];
            // tact directives stay visible to the linter.
            if comment.contains("tact") {
                out.push_str(comment);
            } else {
                blank(&mut out, comment);
            }
            i = end;
        } else if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
        {
            let mut end = rest.find('>').map_or(html.len(), |e| i + e + 1);
            for raw in ["script", "style"] {
                if lower[i + 1..].starts_with(raw) {
                    let close = format!("</{raw}");
                    end = lower[end..].find(&close).map_or(html.len(), |e| end + e);
                    end = html[end..].find('>').map_or(html.len(), |e| end + e + 1);
                }
            }
            blank(&mut out, &html[i..end]);
            i = end;
        } else if let Some(after) = rest.strip_prefix('&') {
            // `&name;`: `semi` is the offset of `;` in `after`, the entity is `semi + 2` bytes.
            // Looked for in the next 10 bytes only, so a run of bare `&`s stays linear.
            let window = &after.as_bytes()[..after.len().min(10)];
            let semi = memchr::memchr(b';', window);
            let decoded = semi.and_then(|s| decode_entity(&after[..s]).map(|c| (c, s + 2)));
            match decoded.and_then(|(c, len)| padding(len - c.len_utf8()).map(|p| (c, len, p))) {
                Some((c, len, pad)) => {
                    out.push(c);
                    out.push_str(&pad);
                    i += len;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            }
        } else {
            let c = rest.chars().next().expect("not at end");
            out.push(c);
            i += c.len_utf8();
        }
    }
    debug_assert_eq!(out.len(), html.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_length_and_lines() {
        let html = "<p>I don&rsquo;t\n<b>know</b> &amp; &le; &#x2019;</p><script>var a='I dont know';</script>";
        let t = to_text(html);
        assert_eq!(t.len(), html.len());
        assert_eq!(t.matches('\n').count(), 1);
        assert!(t.starts_with("   I don’"));
        assert!(!t.contains("var a"));
        assert!(t.contains("&le;"));
    }

    #[test]
    fn every_character_boundary_of_the_visible_text_is_one_of_the_original() {
        let html = "<p>Your refund<span title=\"Jürgen ✓ 😀\">x</span> &amp;&#x1F600;&rsquo;</p>\r\n<!-- ä -->";
        let t = to_text(html);
        assert_eq!(t.len(), html.len());
        for i in 0..=t.len() {
            if t.is_char_boundary(i) {
                assert!(html.is_char_boundary(i), "byte {i}");
            }
        }
        assert!(t[..t.find('x').unwrap()].trim_start().starts_with("Your refund"));
    }

    #[test]
    fn bare_ampersands_are_left_as_they_are() {
        let html = "a & b &&&& c &nosuchentity; d &amp".repeat(3);
        assert_eq!(to_text(&html), html);
    }

    #[test]
    fn padding_covers_every_length_but_one() {
        assert!(padding(1).is_none());
        for n in 0..40 {
            if n != 1 {
                assert_eq!(padding(n).unwrap().len(), n);
            }
        }
    }
}
