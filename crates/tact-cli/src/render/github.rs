//! GitHub Actions workflow commands: one annotation per finding.

use super::{InputError, Origin, Renderer, Report, Summary};
use std::io::{self, Write};
use tact::Severity;

pub struct Github;

/// Escapes a workflow-command message: the runner decodes `%25`, `%0D` and `%0A`; every other
/// control character (ESC above all, which the log viewer would interpret) is written
/// visibly, as in the human format. One pass, linear in the text.
fn data(s: &str) -> String {
    encode(s, false)
}

/// Escapes a workflow-command property value (`:` and `,` too).
fn prop(s: &str) -> String {
    encode(s, true)
}

fn encode(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if super::is_unsafe_char(c) => super::push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

impl Renderer for Github {
    fn report(&mut self, out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
        for d in r.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let place = match r.origin {
                Origin::File(p) | Origin::Item { path: p, .. } => {
                    format!(
                        "file={},line={},col={},endLine={},endColumn={}",
                        prop(p),
                        d.line,
                        d.column,
                        d.end_line,
                        d.end_column
                    )
                }
                Origin::Record { path, line, .. } => format!("file={},line={line}", prop(path)),
            };
            let help = d.suggestions.first().map(|s| format!("\nInstead: {}", s.text)).unwrap_or_default();
            writeln!(
                out,
                "::{level} {place},title={}::{}",
                prop(&format!("{} {}", d.code, d.name)),
                data(&format!("{}{help}", d.message))
            )?;
        }
        Ok(())
    }

    fn input_error(&mut self, out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        let line = e.line.map(|l| format!(",line={l}")).unwrap_or_default();
        let col = e.line.and(e.column).map(|c| format!(",col={c}")).unwrap_or_default();
        writeln!(out, "::error file={}{line}{col},title=tact::{}", prop(e.path), data(e.message))
    }

    fn finish(&mut self, _out: &mut dyn Write, _s: &Summary) -> io::Result<()> {
        Ok(())
    }
}
