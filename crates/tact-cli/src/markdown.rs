//! Markdown messages and docs: the prose, with every byte offset unchanged.
//!
//! The file is parsed with `pulldown-cmark` (with source offsets), and what is not prose is
//! blanked: fenced and indented code blocks, inline code, link and image destinations and
//! titles (`](url "title")`, reference definitions `[id]: url`, autolinks `<https://…>`),
//! front matter (`---` YAML or `+++` TOML at the top), and HTML (through [`crate::html`], so
//! an HTML comment is blanked unless it is a tact directive, and an entity stands for its
//! character). Blanked bytes become spaces, line breaks stay, so lines, columns and byte spans
//! found in the result point into the original file. Link text, image alt text, headings,
//! lists, tables and emphasis stay as they are written.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Replaces every character of `range` but line breaks with an invisible character of the
/// same UTF-8 length ([`crate::html`]'s fillers: a space for ASCII). Ranges from the parser are
/// on character boundaries, so the text stays UTF-8 and has a character boundary exactly where
/// the original has one: a span found in the prose (a regex running on into blanked code that
/// holds `ü`) is a span of the original too.
fn blank(out: &mut [u8], range: Range<usize>) {
    let mut i = range.start;
    while i < range.end {
        let b = out[i];
        // The length of the character starting here (the bytes are the original's or a
        // filler of the same length, both UTF-8).
        let n = match b {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        if b != b'\n' && b != b'\r' {
            out[i..i + n].copy_from_slice(crate::html::filler(n).as_bytes());
        }
        i += n;
    }
}

/// The prose of a Markdown text, as long as the text (see the module documentation).
pub fn to_text(md: &str) -> String {
    prose(md).0
}

/// The prose of a Markdown text (see [`to_text`]), and the ranges of its code (spans and
/// blocks, in order): a phrase found across code (`no `x` idea`) is not the phrase, while one
/// across a link's markup (`[no](u) idea`) is.
pub fn prose(md: &str) -> (String, Vec<Range<usize>>) {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let parser = Parser::new_ext(md, options);
    let mut out = md.as_bytes().to_vec();
    let mut code = Vec::new();
    for (_, def) in parser.reference_definitions().iter() {
        blank(&mut out, def.span.clone());
    }
    // Open links and images: their range and the extent of what they hold (the link text).
    let mut links: Vec<(Range<usize>, Option<Range<usize>>)> = Vec::new();
    // Inside a block that is blanked whole (code, front matter, HTML): skip its events.
    let mut skip_until: Option<usize> = None;
    for (event, range) in parser.into_offset_iter() {
        if let Some(end) = skip_until {
            if range.start < end {
                continue;
            }
            skip_until = None;
        }
        // What a link holds grows with every event inside it.
        if !matches!(event, Event::End(TagEnd::Link | TagEnd::Image)) {
            if let Some((_, inner)) = links.last_mut() {
                let r = inner.get_or_insert(range.clone());
                r.start = r.start.min(range.start);
                r.end = r.end.max(range.end);
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                blank(&mut out, range.clone());
                code.push(range.clone());
                skip_until = Some(range.end);
            }
            Event::Start(Tag::MetadataBlock(_)) => {
                blank(&mut out, range.clone());
                skip_until = Some(range.end);
            }
            Event::Start(Tag::HtmlBlock) => {
                let visible = crate::html::to_text(&md[range.clone()]);
                out[range.clone()].copy_from_slice(visible.as_bytes());
                skip_until = Some(range.end);
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                let visible = crate::html::to_text(&md[range.clone()]);
                out[range].copy_from_slice(visible.as_bytes());
            }
            Event::Code(_) => {
                blank(&mut out, range.clone());
                code.push(range);
            }
            Event::Start(Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. }) => {
                blank(&mut out, range.clone());
                skip_until = Some(range.end);
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => links.push((range, None)),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((whole, inner)) = links.pop() {
                    match inner {
                        // `[` (or `![`) before the text, `](url "title")` or `][id]` after it.
                        Some(inner) => {
                            blank(&mut out, whole.start..inner.start.max(whole.start));
                            blank(&mut out, inner.end.min(whole.end)..whole.end);
                        }
                        None => blank(&mut out, whole),
                    }
                    // The enclosing link (a link inside an image's alt text) holds all of it.
                    if let Some((_, outer)) = links.last_mut() {
                        let r = outer.get_or_insert(range.clone());
                        r.start = r.start.min(range.start);
                        r.end = r.end.max(range.end);
                    }
                }
            }
            _ => {}
        }
    }
    (String::from_utf8(out).expect("whole characters blanked"), code)
}

/// Does `span` take in any of the (ordered, disjoint) `ranges`?
pub fn overlaps(ranges: &[Range<usize>], span: Range<usize>) -> bool {
    let i = ranges.partition_point(|r| r.end <= span.start);
    ranges.get(i).is_some_and(|r| r.start < span.end)
}

#[cfg(test)]
mod tests {
    use super::to_text;

    fn check(md: &str, want: &str) {
        let got = to_text(md);
        assert_eq!(got.len(), md.len(), "same length");
        assert_eq!(got, want, "{md:?}");
    }

    #[test]
    fn every_character_boundary_of_the_prose_is_one_of_the_original() {
        let md =
            "Your refund `Jürgen ✓ 😀` [link](https://ä.example/ü \"tïtle\") <b title=\"é\">x</b>\n```\nGrüße\n```\n";
        let t = to_text(md);
        assert_eq!(t.len(), md.len());
        for i in 0..=t.len() {
            if t.is_char_boundary(i) {
                assert!(md.is_char_boundary(i), "byte {i}");
            }
        }
        assert!(!t.contains('ü') && !t.contains('😀'));
    }

    #[test]
    fn code_urls_and_front_matter_are_blanked() {
        check("Say `no idea` here.", "Say           here.");
        check("```\ncalm down\n```\nok", "   \n         \n   \nok");
        check("    no idea\n\ntext", "           \n\ntext");
        check("[the docs](https://x.test/no-idea \"no idea\") ok", " the docs                                    ok");
        check("![a cat](cat.png) yes", "  a cat           yes");
        check("<https://no.idea> hi", "                  hi");
        check("---\ntitle: no idea\n---\nHello", "   \n              \n   \nHello");
        check("see [x][r]\n\n[r]: https://no.idea \"No idea\"\n", "see  x    \n\n                              \n");
    }

    #[test]
    fn code_ranges_are_known() {
        let (_, code) = super::prose("a `b` c\n\n```\nd\n```\n");
        assert_eq!(code, vec![2..5, 9..18]);
        assert!(super::overlaps(&code, 0..3) && super::overlaps(&code, 8..10) && !super::overlaps(&code, 5..9));
    }

    #[test]
    fn prose_markup_and_directives_stay() {
        check("# No idea\n\n- **no idea** _at all_\n", "# No idea\n\n- **no idea** _at all_\n");
        check("a <!-- hidden --> b", "a                 b");
        check("<!-- tact: ignore --> no idea", "<!-- tact: ignore --> no idea");
        check("<!--\nno idea\n-->\n\ntext", "    \n       \n   \n\ntext");
        check("café `ü` é", "café  \u{a0}  é");
    }
}
