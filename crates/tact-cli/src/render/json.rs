//! One JSON document with every finding, every input error and a summary, streamed: the
//! opening is written at the first event, each message's result as it is linted (in input
//! order; field by field, each diagnostic as it is serialized), the errors (spooled, see
//! [`Spool`]) and the summary at the end. No result is held in memory, so a stream of any
//! length, or a message with any number of findings, runs in constant memory.
//!
//! A record's id is written exactly as the input wrote it (a number such as `1.10` or
//! `12345678901234567890` is not re-formatted): it is a `RawValue` throughout.

use super::stream::{write_nested, Array, Spool};
use super::{InputError, Origin, Renderer, Report, Summary};
use serde::Serialize;
use serde_json::json;
use serde_json::value::RawValue;
use std::io::{self, Write};

pub struct Json {
    /// The `results` array, once the opening is written.
    results: Option<Array>,
    errors: Spool,
}

impl Default for Json {
    fn default() -> Self {
        Json { results: None, errors: Spool::new(2) }
    }
}

impl Json {
    fn results(&mut self, out: &mut dyn Write) -> io::Result<&mut Array> {
        if self.results.is_none() {
            out.write_all(b"{\n  \"version\": 1,\n  \"results\": [")?;
        }
        Ok(self.results.get_or_insert_with(|| Array::new(2)))
    }
}

/// One entry of `errors`.
#[derive(Serialize)]
struct ErrorRecord<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a RawValue>,
    error: &'a str,
}

/// Writes `"key": value` as a field of a result (three levels deep), followed by a comma.
fn field(out: &mut dyn Write, key: &str, value: &impl Serialize) -> io::Result<()> {
    write!(out, "\n      \"{key}\": ")?;
    write_nested(out, value, 3)?;
    out.write_all(b",")
}

impl Renderer for Json {
    fn report(&mut self, out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
        let results = self.results(out)?;
        if r.diagnostics.is_empty() {
            return Ok(());
        }
        results.begin(out)?;
        out.write_all(b"{")?;
        match r.origin {
            Origin::File(p) => field(out, "path", &p)?,
            Origin::Item { path, label } => {
                field(out, "path", &path)?;
                field(out, "item", &label)?;
            }
            Origin::Record { path, line, id, .. } => {
                field(out, "path", &path)?;
                field(out, "line", &line)?;
                field(out, "id", &id)?;
            }
        }
        field(out, "language", &r.language.map(|l| l.as_str()))?;
        out.write_all(b"\n      \"diagnostics\": [")?;
        let mut diags = Array::new(4);
        for d in r.diagnostics {
            diags.push(out, d)?;
        }
        diags.close(out)?;
        out.write_all(b"\n    }")
    }

    fn input_error(&mut self, out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        self.results(out)?;
        self.errors.push(&ErrorRecord { path: e.path, line: e.line, column: e.column, id: e.id, error: e.message })
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        self.results(out)?.close(out)?;
        out.write_all(b",\n  \"errors\": [")?;
        self.errors.finish(out)?;
        out.write_all(b",\n  \"summary\": ")?;
        let summary = json!({
            "messages": s.messages,
            "flagged": s.flagged,
            "error": s.errors,
            "warning": s.warnings,
            "info": s.infos,
            "input_errors": s.input_errors,
            "rule_errors": s.rule_errors,
        });
        write_nested(out, &summary, 1)?;
        out.write_all(b"\n}\n")
    }
}
