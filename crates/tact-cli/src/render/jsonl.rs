//! One JSON object per input message, streamed in input order.

use super::{categories, diagnostic_json, InputError, Origin, Renderer, Report, Summary};
use serde_json::{json, Value};
use std::io::{self, Write};

pub struct Jsonl;

impl Renderer for Jsonl {
    fn report(&mut self, out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
        if let (true, Origin::Record { record: Some(record), .. }) = (r.passthrough, r.origin) {
            let mut rec = record.clone();
            let mut tact = json!({"categories": categories(r.diagnostics)});
            tact["diagnostics"] = Value::Array(r.diagnostics.iter().map(diagnostic_json).collect());
            rec["tact"] = tact;
            serde_json::to_writer(&mut *out, &rec)?;
            return writeln!(out);
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
                out.write_all(b"{\"id\":")?;
                serde_json::to_writer(&mut *out, id)?;
            }
        }
        if r.incoming {
            out.write_all(b",\"categories\":")?;
            serde_json::to_writer(&mut *out, &categories(r.diagnostics))?;
        }
        out.write_all(b",\"diagnostics\":")?;
        serde_json::to_writer(&mut *out, r.diagnostics)?;
        out.write_all(b"}\n")
    }

    fn input_error(&mut self, out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        let rec = match e.line {
            Some(l) => json!({"path": e.path, "line": l, "error": e.message}),
            None => json!({"path": e.path, "error": e.message}),
        };
        serde_json::to_writer(&mut *out, &rec)?;
        writeln!(out)
    }

    fn finish(&mut self, _out: &mut dyn Write, _s: &Summary) -> io::Result<()> {
        Ok(())
    }
}
