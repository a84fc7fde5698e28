//! Output formats: one module per format, each behind the [`Renderer`] trait.

pub mod github;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod sarif;
pub mod statistics;
pub mod stream;

use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::OnceLock;
use tact::{Diagnostic, Language, LineIndex, Severity};

/// Where a message came from.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// A whole file (or `<stdin>`).
    File(&'a str),
    /// One reply of a structured file (YAML, JSON, CSV); spans and lines are the file's.
    Item { path: &'a str, label: &'a str },
    /// One record of a JSON Lines input: `id` exactly as the input wrote it (`None`: it has
    /// none); `record` is the input line itself (kept for `--passthrough` only).
    Record { path: &'a str, line: usize, id: Option<&'a RawValue>, record: Option<&'a str> },
}

/// A text that findings point into, with its line index built the first time a position is
/// needed (once for every reply of a structured file, never for a clean file).
#[derive(Debug, Default)]
pub struct Source {
    /// The whole text (for a structured file, the file).
    pub text: String,
    lines: OnceLock<LineIndex>,
}

impl Source {
    /// A text whose index is built when first needed.
    pub fn new(text: String) -> Self {
        Source { text, lines: OnceLock::new() }
    }

    /// With the index already built (it was needed to place the findings).
    pub fn with_lines(text: String, lines: LineIndex) -> Self {
        Source { text, lines: OnceLock::from(lines) }
    }

    /// The index cell, for a [`Report`] to build (or use) it.
    pub fn lines_cell(&self) -> &OnceLock<LineIndex> {
        &self.lines
    }
}

/// One linted message.
pub struct Report<'a> {
    pub origin: Origin<'a>,
    /// Whether the message was linted as an incoming message (records then list categories).
    pub incoming: bool,
    /// `--passthrough`: emit the input record with a `tact` field instead of a new record.
    pub passthrough: bool,
    pub text: &'a str,
    /// The lines of `text`, built on first use.
    pub lines: &'a OnceLock<LineIndex>,
    pub diagnostics: &'a [Diagnostic],
    /// The language whose rules linted the message; `None`: every loaded rule (the language
    /// could not be told).
    pub language: Option<Language>,
}

impl Report<'_> {
    /// The line index of `text`: every renderer takes positions from it.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }
}

/// Something that could not be checked.
pub struct InputError<'a> {
    pub path: &'a str,
    /// For JSON Lines inputs: the 1-based line of the bad record.
    pub line: Option<usize>,
    /// The 1-based column (in characters) on that line, when there is one place to point at.
    pub column: Option<usize>,
    /// The bad record's id exactly as written, when the line is a JSON object holding one.
    pub id: Option<&'a RawValue>,
    /// `--passthrough`: the bad record's line, when it is a JSON object, to write back with
    /// the error in its `tact` field.
    pub record: Option<&'a str>,
    pub message: &'a str,
}

/// A record id for people: a string's text, `-` for none or `null`, anything else as written.
pub fn id_text(id: Option<&RawValue>) -> String {
    match id.map(RawValue::get) {
        None | Some("null") => "-".to_string(),
        Some(raw) => match serde_json::from_str::<String>(raw) {
            Ok(s) => s,
            Err(_) => raw.to_string(),
        },
    }
}

/// Totals for the summary line.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub messages: usize,
    pub flagged: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub input_errors: usize,
    /// Rule packs (or rules) that could not be loaded; reported on stderr.
    pub rule_errors: usize,
    /// Safe fixes applied (`--fix`) or shown (`--diff`).
    pub fixes: usize,
    /// Whether fixes were only shown, not applied.
    pub diff_only: bool,
}

impl Summary {
    pub fn add(&mut self, diags: &[Diagnostic]) {
        self.messages += 1;
        if !diags.is_empty() {
            self.flagged += 1;
        }
        for d in diags {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// An output format.
pub trait Renderer {
    /// Called once per linted message, in input order.
    fn report(&mut self, out: &mut dyn Write, report: &Report<'_>) -> io::Result<()>;
    /// Called for each input that could not be checked, in input order.
    fn input_error(&mut self, out: &mut dyn Write, err: &InputError<'_>) -> io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// Whether `c` must not reach a terminal as it is: C0 and C1 controls (ESC starts the
/// sequences that move the cursor, set the title or write the clipboard; a newline or carriage
/// return could forge a line), DEL, the line and paragraph separators, and the bidirectional
/// overrides and isolates that reorder what is shown.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Writes the visible form of an unsafe character: `\n`, `\r`, `\t`, `\x1b` for the C0
/// controls and DEL, `\u{85}` for the others.
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `s` with every [unsafe character](is_unsafe_char) written visibly, for human-facing
/// output: text from a message, an id, a file name or a pack cannot drive the terminal or
/// forge a line. Borrowed (no copy) when there is nothing to escape.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_except(s, &[])
}

/// [`escape`], keeping the characters of `keep` as they are (a diff keeps its newlines).
pub fn escape_except<'s>(s: &'s str, keep: &[char]) -> Cow<'s, str> {
    let unsafe_here = |c: char| is_unsafe_char(c) && !keep.contains(&c);
    let Some(first) = s.find(unsafe_here) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        if unsafe_here(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer for human-facing text built from pack texts (`tact rules list`, `explain`): every
/// [unsafe character](is_unsafe_char) but newlines and tabs is written visibly, so a pack's
/// message or example cannot drive the terminal. Each write must be whole UTF-8 text, as
/// `write!` gives it.
pub struct Escaping<W: io::Write>(pub W);

impl<W: io::Write> io::Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(s) => self.0.write_all(escape_except(s, &['\n', '\t']).as_bytes())?,
            Err(_) => self.0.write_all(escape_except(&String::from_utf8_lossy(buf), &['\n', '\t']).as_bytes())?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// The distinct categories of a message's findings (the library's one definition).
pub use tact::categories;
