//! The default format for a person at a terminal: location, message, the source line with
//! a caret underline, suggestions, and a summary line.

use super::{InputError, Origin, Renderer, Report, Summary};
use std::io::{self, Write};
use tact::{Applicability, Severity};

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

impl Renderer for Human {
    fn report(&mut self, out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
        for d in r.diagnostics {
            let place = match r.origin {
                Origin::File(p) => format!("{p}:{}:{}", d.line, d.column),
                Origin::Item { path, label } => format!("{path}:{}:{} [{label}]", d.line, d.column),
                Origin::Record { path, line, id, .. } => {
                    format!("{path}:{line} [id {}] {}:{}", super::id_text(id), d.line, d.column)
                }
            };
            writeln!(
                out,
                "{}: {} {} {}",
                self.paint("1", &place),
                self.paint(severity_color(d.severity), &format!("{}[{}]", d.severity, d.code)),
                self.paint("2", &format!("{}:", d.name)),
                d.message
            )?;
            // The source line, with the span underlined (to the end of the line if it goes on).
            let lines = r.lines();
            let range = lines.line_range(lines.line(d.start));
            let line_start = range.start;
            let line = r.text[range].trim_end_matches('\r');
            let gutter = d.line.to_string();
            let pad = " ".repeat(gutter.len());
            let under_start = lines.char_count(r.text, line_start..d.start);
            let under_len = lines.char_count(r.text, d.start..d.end.min(line_start + line.len()).max(d.start)).max(1);
            writeln!(out, "{pad} {}", self.paint("34", "|"))?;
            writeln!(out, "{} {} {}", self.paint("34", &gutter), self.paint("34", "|"), line.replace('\t', " "))?;
            writeln!(
                out,
                "{pad} {} {}{}",
                self.paint("34", "|"),
                " ".repeat(under_start),
                self.paint(severity_color(d.severity), &"^".repeat(under_len))
            )?;
            for s in &d.suggestions {
                let label = match s.applicability {
                    Applicability::Safe => self.paint("32", "fix"),
                    Applicability::Unsafe => self.paint("32", "suggestion"),
                    _ => self.paint("36", "help"),
                };
                writeln!(out, "{pad} = {label}: {}", s.text)?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    fn input_error(&mut self, _out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        crate::report::input_error(&self.paint("1;31", "error"), e);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        if s.diff_only {
            let fixes = if s.fixes == 1 { "fix" } else { "fixes" };
            return writeln!(out, "{} {fixes} would be applied by --fix; {} message(s) checked.", s.fixes, s.messages);
        }
        let found = s.errors + s.warnings + s.infos;
        let messages = if s.messages == 1 { "message" } else { "messages" };
        if found == 0 && s.input_errors + s.rule_errors == 0 {
            write!(out, "{} {} {messages} checked, no problems found", self.paint("1;32", "✓"), s.messages)?;
        } else if found == 0 {
            write!(out, "{} {messages} checked, no problems found", s.messages)?;
        } else {
            let problems = if found == 1 { "problem" } else { "problems" };
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
