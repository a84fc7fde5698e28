//! One JSON document with every finding, every input error and a summary.

use super::{diagnostic_json, InputError, Origin, Renderer, Report, Summary};
use serde_json::{json, Value};
use std::io::{self, Write};

#[derive(Default)]
pub struct Json {
    results: Vec<Value>,
    errors: Vec<Value>,
}

impl Renderer for Json {
    fn report(&mut self, _out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
        if r.diagnostics.is_empty() {
            return Ok(());
        }
        let diags: Vec<Value> = r.diagnostics.iter().map(diagnostic_json).collect();
        self.results.push(match r.origin {
            Origin::File(p) => json!({"path": p, "diagnostics": diags}),
            Origin::Item { path, label } => json!({"path": path, "item": label, "diagnostics": diags}),
            Origin::Record { path, line, id, .. } => {
                json!({"path": path, "line": line, "id": id, "diagnostics": diags})
            }
        });
        Ok(())
    }

    fn input_error(&mut self, _out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        self.errors.push(match e.line {
            Some(l) => json!({"path": e.path, "line": l, "error": e.message}),
            None => json!({"path": e.path, "error": e.message}),
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let doc = json!({
            "version": 1,
            "results": std::mem::take(&mut self.results),
            "errors": std::mem::take(&mut self.errors),
            "summary": {
                "messages": s.messages,
                "flagged": s.flagged,
                "error": s.errors,
                "warning": s.warnings,
                "info": s.infos,
                "input_errors": s.input_errors,
                "rule_errors": s.rule_errors,
            },
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
