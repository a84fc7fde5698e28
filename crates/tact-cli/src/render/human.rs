//! The default format for a person at a terminal: location, message, an excerpt of the source
//! line with a caret underline, suggestions, and a summary line.
//!
//! The cost is linear in the input and the findings: each finding shows a bounded excerpt of
//! its line (never the whole line), and one message shows at most [`SHOWN_PER_MESSAGE`]
//! findings. Everything that comes from the input or a pack is escaped (see
//! [`super::escape`]), so it cannot drive the terminal.

use super::{escape, InputError, Origin, Renderer, Report, Summary};
use std::io::{self, Write};
use tact::{Applicability, Severity};
use unicode_width::UnicodeWidthChar;

pub struct Human {
    color: bool,
}

impl Human {
    pub fn new(color: bool) -> Self {
        Human { color }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

/// Findings shown in full for one message; the rest are counted in one line (and in the
/// summary), so a message with a hundred thousand hits prints a bounded page.
pub const SHOWN_PER_MESSAGE: usize = 50;
/// A line of at most this many bytes is shown whole.
const WHOLE_LINE: usize = 160;
/// On a longer line, characters of context shown before the span, and after it.
const CONTEXT: usize = 60;
/// Characters of the span itself shown at most; a longer span is cut with `…`.
const SPAN: usize = 80;
/// What a tab is shown as: a tab stop is meaningless in an excerpt that may start mid-line.
const TAB: &str = "    ";

/// One excerpt of a source line: the text shown and, in display columns, where the
/// underline starts and how long it is.
#[derive(Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The excerpt, control characters escaped and tabs expanded, with `…` where the line
    /// goes on beyond it.
    pub text: String,
    /// Display columns before the underline.
    pub pad: usize,
    /// Display columns of the underline (at least 1).
    pub width: usize,
    /// Whether the span goes on past what is shown.
    pub cut: bool,
}

/// Appends `part` to `out` as it is shown and returns its display width: tabs as four
/// spaces, unsafe characters escaped, every other character by its Unicode display width
/// (two for most emoji and East Asian wide characters, none for combining marks).
fn show(out: &mut String, part: &str) -> usize {
    let mut width = 0;
    for c in part.chars() {
        if c == '\t' {
            out.push_str(TAB);
            width += TAB.len();
        } else if super::is_unsafe_char(c) {
            let before = out.len();
            super::push_escaped(out, c);
            width += out.len() - before;
        } else {
            out.push(c);
            width += c.width().unwrap_or(0);
        }
    }
    width
}

/// The excerpt of `line` (the text of one line, without its line break) around the span
/// `start..end` (offsets into `line`; `end` may lie past it when the span goes on to the next
/// line). A line of up to [`WHOLE_LINE`] bytes is shown whole; on a longer one at most
/// [`CONTEXT`] characters either side and [`SPAN`] of the span are looked at, so the cost does
/// not depend on the line's length.
pub fn excerpt(line: &str, start: usize, end: usize) -> Excerpt {
    let start = floor_char(line, start.min(line.len()));
    let end = end.max(start);
    let span_end = floor_char(line, end.min(line.len()));
    let whole = line.len() <= WHOLE_LINE;
    let from =
        if whole { 0 } else { line[..start].char_indices().rev().take(CONTEXT).last().map_or(start, |(i, _)| i) };
    let (shown_end, span_cut) = match line[start..span_end].char_indices().nth(SPAN) {
        Some((i, _)) if !whole => (start + i, true),
        _ => (span_end, false),
    };
    let to = if whole {
        line.len()
    } else {
        line[shown_end..].char_indices().nth(CONTEXT).map_or(line.len(), |(i, _)| shown_end + i)
    };
    let mut text = String::new();
    let mut pad = 0;
    if from > 0 {
        text.push('…');
        pad += 1;
    }
    pad += show(&mut text, &line[from..start]);
    let width = show(&mut text, &line[start..shown_end]);
    show(&mut text, &line[shown_end..to]);
    if to < line.len() {
        text.push('…');
    }
    Excerpt { text, pad, width: width.max(1), cut: span_cut || end > line.len() }
}

/// The greatest char boundary at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Renderer for Human {
    fn report(&mut self, out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
        if r.diagnostics.is_empty() {
            return Ok(());
        }
        // Where the message is, worked out (and escaped) once for all its findings.
        let (prefix, suffix) = match r.origin {
            Origin::File(p) => (format!("{}:", escape(p)), String::new()),
            Origin::Item { path, label } => (format!("{}:", escape(path)), format!(" [{}]", escape(label))),
            Origin::Record { path, line, id, .. } => {
                let id = super::id_text(id);
                (format!("{}:{line} [id {}] ", escape(path), escape(&id)), String::new())
            }
        };
        for d in r.diagnostics.iter().take(SHOWN_PER_MESSAGE) {
            let place = format!("{prefix}{}:{}{suffix}", d.line, d.column);
            writeln!(
                out,
                "{}: {} {} {}",
                self.paint("1", &place),
                self.paint(severity_color(d.severity), &format!("{}[{}]", d.severity, escape(&d.code))),
                self.paint("2", &format!("{}:", escape(&d.name))),
                escape(&d.message)
            )?;
            // An excerpt of the source line, with the span underlined.
            let lines = r.lines();
            let range = lines.line_range(lines.line(d.start));
            let line_start = range.start;
            // Only the `\r` of a CRLF line end is dropped (one strip, whatever the line holds).
            let full = &r.text[range];
            let line = full.strip_suffix('\r').unwrap_or(full);
            let ex = excerpt(line, d.start.saturating_sub(line_start), d.end.saturating_sub(line_start));
            let gutter = d.line.to_string();
            let pad = " ".repeat(gutter.len());
            let more = if ex.cut { "…" } else { "" };
            writeln!(out, "{pad} {}", self.paint("34", "|"))?;
            writeln!(out, "{} {} {}", self.paint("34", &gutter), self.paint("34", "|"), ex.text)?;
            writeln!(
                out,
                "{pad} {} {}{}",
                self.paint("34", "|"),
                " ".repeat(ex.pad),
                self.paint(severity_color(d.severity), &format!("{}{more}", "^".repeat(ex.width)))
            )?;
            for s in &d.suggestions {
                let label = match s.applicability {
                    Applicability::Safe => self.paint("32", "fix"),
                    Applicability::Unsafe => self.paint("32", "suggestion"),
                    _ => self.paint("36", "help"),
                };
                writeln!(out, "{pad} = {label}: {}", escape(&s.text))?;
            }
            writeln!(out)?;
        }
        if let Some(hidden) = r.diagnostics.len().checked_sub(SHOWN_PER_MESSAGE).filter(|n| *n > 0) {
            let findings = if hidden == 1 { "finding" } else { "findings" };
            let at = match r.origin {
                Origin::Record { .. } => prefix.trim_end().to_string(),
                _ => format!("{}{suffix}", prefix.trim_end_matches(':')),
            };
            writeln!(
                out,
                "{at}: … and {hidden} more {findings} in this message, not shown (counted below; --format jsonl lists every finding)\n"
            )?;
        }
        Ok(())
    }

    fn input_error(&mut self, _out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        crate::report::input_error(&self.paint("1;31", "error"), e);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let found = s.errors + s.warnings + s.infos;
        let messages = if s.messages == 1 { "message" } else { "messages" };
        if s.diff_only && s.fixes > 0 && found == 0 {
            // The findings shown with --diff are those left after the fixes.
            write!(out, "{} {messages} checked, no problems left after the fixes", s.messages)?;
        } else if found == 0 && s.input_errors + s.rule_errors == 0 {
            write!(out, "{} {} {messages} checked, no problems found", self.paint("1;32", "✓"), s.messages)?;
        } else if found == 0 {
            write!(out, "{} {messages} checked, no problems found", s.messages)?;
        } else {
            let problems = match (found, s.diff_only && s.fixes > 0) {
                (1, false) => "problem",
                (_, false) => "problems",
                (1, true) => "problem left after the fixes",
                (_, true) => "problems left after the fixes",
            };
            write!(
                out,
                "Found {found} {problems} ({} error{}, {} warning{}, {} info) in {} of {} {messages}",
                s.errors,
                if s.errors == 1 { "" } else { "s" },
                s.warnings,
                if s.warnings == 1 { "" } else { "s" },
                s.infos,
                s.flagged,
                s.messages
            )?;
        }
        if s.input_errors > 0 {
            write!(
                out,
                "; {} input{} could not be checked",
                s.input_errors,
                if s.input_errors == 1 { "" } else { "s" }
            )?;
        }
        if s.fixes > 0 {
            let verb = if s.diff_only { "would be applied by --fix" } else { "applied" };
            write!(out, "; {} fix{} {verb}", s.fixes, if s.fixes == 1 { "" } else { "es" })?;
        }
        if s.rule_errors > 0 {
            write!(out, "; {} rule error{} (see above)", s.rule_errors, if s.rule_errors == 1 { "" } else { "s" })?;
        }
        writeln!(out, ".")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn carets_are_aligned_by_display_width() {
        // Two emoji are four columns, a tab four, a combining accent none.
        let ex = excerpt("😀😀 I don't know", 9, 21);
        assert_eq!((ex.pad, ex.width), (5, 12));
        let ex = excerpt("\tno idea", 1, 8);
        assert_eq!((ex.text.as_str(), ex.pad, ex.width), ("    no idea", 4, 7));
        let ex = excerpt("e\u{301} x", 4, 5);
        assert_eq!((ex.pad, ex.width), (2, 1));
        // An escaped control character takes the columns of its escape.
        let ex = excerpt("\u{1b}[31mno", 5, 7);
        assert_eq!((ex.text.as_str(), ex.pad, ex.width), ("\\x1b[31mno", 8, 2));
    }

    #[test]
    fn a_long_line_is_windowed_with_marks() {
        let line = format!("{}no idea{}", "a".repeat(1000), "b".repeat(1000));
        let ex = excerpt(&line, 1000, 1007);
        assert_eq!(ex.text, format!("…{}no idea{}…", "a".repeat(CONTEXT), "b".repeat(CONTEXT)));
        assert_eq!((ex.pad, ex.width, ex.cut), (CONTEXT + 1, 7, false));
        // A span longer than SPAN is cut, and says so.
        let ex = excerpt(&line, 0, 2007);
        assert_eq!((ex.pad, ex.width, ex.cut), (0, SPAN, true));
        // A span that goes on to the next line is marked as going on.
        assert!(excerpt("I DON'T", 2, 20).cut);
    }

    proptest! {
        /// Whatever the line and span: the excerpt is bounded, holds no character that could
        /// drive a terminal, and the underline lies within it.
        #[test]
        fn excerpts_are_bounded_safe_and_aligned(
            line in "(\\PC|[\\t\\x1b\\x07\\r\u{202e}😀漢])*",
            a in 0usize..400,
            b in 0usize..400,
        ) {
            let (start, end) = (a.min(b), a.max(b));
            let ex = excerpt(&line, start, end);
            prop_assert!(!ex.text.chars().any(crate::render::is_unsafe_char));
            // Context either side, the span, two marks; an escape is at most 8 columns wide.
            prop_assert!(ex.text.chars().count() <= (2 * CONTEXT + SPAN + 2).max(WHOLE_LINE) * 8);
            prop_assert!(ex.pad + ex.width <= ex.text.width().max(ex.pad + 1));
        }
    }
}
