//! One JSON object per input message, streamed in input order.

use super::{categories, InputError, Origin, Renderer, Report, Summary};
use std::io::{self, Write};

pub struct Jsonl;

/// Writes `record` (a JSON object, as the input line holds it) back byte for byte, with
/// `,"tact":` and `tact` spliced in before its closing brace: nothing of the record (number
/// formats, key order, escapes, spacing) is re-encoded.
fn splice(out: &mut dyn Write, record: &str, tact: &dyn Fn(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let body = record.trim_end();
    let close = body.len() - 1;
    let trailing = &record[body.len()..];
    debug_assert!(body.ends_with('}'), "a record that parsed as an object");
    let empty = body[..close].trim_end().ends_with('{');
    out.write_all(&body.as_bytes()[..close])?;
    out.write_all(if empty { b"\"tact\":" } else { b",\"tact\":" })?;
    tact(out)?;
    out.write_all(b"}")?;
    out.write_all(trailing.as_bytes())?;
    out.write_all(b"\n")
}

/// Is `line` one JSON object (which [`splice`] can add a field to)?
fn is_object(line: &str) -> bool {
    line.trim_start().starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(line).is_ok()
}

impl Renderer for Jsonl {
    fn report(&mut self, out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
        let language = r.language.map(|l| l.as_str());
        if let (true, Origin::Record { record: Some(record), .. }) = (r.passthrough, r.origin) {
            return splice(out, record, &|out| {
                out.write_all(b"{\"language\":")?;
                serde_json::to_writer(&mut *out, &language)?;
                out.write_all(b",\"categories\":")?;
                serde_json::to_writer(&mut *out, &categories(r.diagnostics))?;
                out.write_all(b",\"diagnostics\":")?;
                serde_json::to_writer(&mut *out, r.diagnostics)?;
                out.write_all(b"}")
            });
        }
        // Written field by field: no intermediate JSON value per record.
        match r.origin {
            Origin::File(p) => {
                out.write_all(b"{\"path\":")?;
                serde_json::to_writer(&mut *out, p)?;
            }
            Origin::Item { path, label } => {
                out.write_all(b"{\"path\":")?;
                serde_json::to_writer(&mut *out, path)?;
                out.write_all(b",\"item\":")?;
                serde_json::to_writer(&mut *out, label)?;
            }
            Origin::Record { id, .. } => {
                // The id exactly as the input wrote it.
                out.write_all(b"{\"id\":")?;
                out.write_all(id.map_or("null", |id| id.get()).as_bytes())?;
            }
        }
        out.write_all(b",\"language\":")?;
        serde_json::to_writer(&mut *out, &language)?;
        if r.incoming {
            out.write_all(b",\"categories\":")?;
            serde_json::to_writer(&mut *out, &categories(r.diagnostics))?;
        }
        out.write_all(b",\"diagnostics\":")?;
        serde_json::to_writer(&mut *out, r.diagnostics)?;
        out.write_all(b"}\n")
    }

    fn input_error(&mut self, out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        let fields = |out: &mut dyn Write| -> io::Result<()> {
            if let Some(l) = e.line {
                write!(out, ",\"line\":{l}")?;
            }
            if let Some(c) = e.column {
                write!(out, ",\"column\":{c}")?;
            }
            out.write_all(b",\"error\":")?;
            serde_json::to_writer(&mut *out, e.message)?;
            Ok(())
        };
        if let Some(line) = e.record.filter(|r| !is_object(r)) {
            // --passthrough, a line that is no JSON object: it goes on down the pipeline as a
            // string, so nothing is lost.
            out.write_all(b"{\"path\":")?;
            serde_json::to_writer(&mut *out, e.path)?;
            fields(out)?;
            out.write_all(b",\"input\":")?;
            serde_json::to_writer(&mut *out, line)?;
            return out.write_all(b"}\n");
        }
        if let Some(record) = e.record {
            // --passthrough: the record goes on down the pipeline, the error in its `tact` field.
            return splice(out, record, &|out| {
                out.write_all(b"{\"path\":")?;
                serde_json::to_writer(&mut *out, e.path)?;
                fields(out)?;
                out.write_all(b"}")
            });
        }
        out.write_all(b"{\"path\":")?;
        serde_json::to_writer(&mut *out, e.path)?;
        if let Some(id) = e.id {
            out.write_all(b",\"id\":")?;
            out.write_all(id.get().as_bytes())?;
        }
        fields(out)?;
        out.write_all(b"}\n")
    }

    fn finish(&mut self, _out: &mut dyn Write, _s: &Summary) -> io::Result<()> {
        Ok(())
    }
}
