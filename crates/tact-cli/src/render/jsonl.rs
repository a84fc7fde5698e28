//! One JSON object per input message, streamed in input order.

use super::{categories, diagnostic_json, InputError, Origin, Renderer, Report, Summary};
use serde_json::{json, Value};
use std::io::{self, Write};

pub struct Jsonl;

impl Renderer for Jsonl {
    fn report(&mut self, out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
        let diags: Vec<Value> = r.diagnostics.iter().map(diagnostic_json).collect();
        if let (true, Origin::Record { record, .. }) = (r.passthrough, r.origin) {
            let mut rec = record.clone();
            let mut tact = json!({"categories": categories(r.diagnostics)});
            tact["diagnostics"] = Value::Array(diags);
            rec["tact"] = tact;
            serde_json::to_writer(&mut *out, &rec)?;
            return writeln!(out);
        }
        let mut rec = match r.origin {
            Origin::File(p) => json!({"path": p}),
            Origin::Item { path, label } => json!({"path": path, "item": label}),
            Origin::Record { id, .. } => json!({"id": id}),
        };
        if r.incoming {
            rec["categories"] = json!(categories(r.diagnostics));
        }
        rec["diagnostics"] = Value::Array(diags);
        serde_json::to_writer(&mut *out, &rec)?;
        writeln!(out)
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
