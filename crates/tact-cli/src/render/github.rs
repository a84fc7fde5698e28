//! GitHub Actions workflow commands: one annotation per finding.

use super::{InputError, Origin, Renderer, Report, Summary};
use std::io::{self, Write};
use tact::Severity;

pub struct Github;

/// Escapes a workflow-command message.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
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
        writeln!(out, "::error file={}{line},title=tact::{}", prop(e.path), data(e.message))
    }

    fn finish(&mut self, _out: &mut dyn Write, _s: &Summary) -> io::Result<()> {
        Ok(())
    }
}
