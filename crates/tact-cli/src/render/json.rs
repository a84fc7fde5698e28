//! One JSON document with every finding, every input error and a summary.

use super::{diagnostic_json, InputError, Origin, Renderer, Report, Summary};
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::io::{self, Write};

/// A record's id as a JSON value that serializes exactly as the input wrote it (a number such
/// as `1.10` or `12345678901234567890` is not re-formatted): the raw text is held as a string
/// and written back by [`finish`](Renderer::finish) through a `RawValue`.
fn raw_id(id: Option<&RawValue>) -> Value {
    match id {
        None => Value::Null,
        Some(raw) => json!({ RAW_KEY: raw.get() }),
    }
}

/// The marker key of [`raw_id`]'s placeholder object.
const RAW_KEY: &str = "$tact::raw";

/// `v` with every [`raw_id`] placeholder swapped back for its raw text, ready to serialize.
fn with_raw_ids(v: &Value) -> Raw<'_> {
    Raw(v)
}

struct Raw<'a>(&'a Value);

impl serde::Serialize for Raw<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Object(m) if m.len() == 1 && m.contains_key(RAW_KEY) => {
                let raw = m[RAW_KEY].as_str().unwrap_or("null");
                let raw: Box<RawValue> = RawValue::from_string(raw.to_string()).map_err(serde::ser::Error::custom)?;
                raw.serialize(s)
            }
            Value::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, &Raw(v))?;
                }
                map.end()
            }
            Value::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(&Raw(v))?;
                }
                seq.end()
            }
            other => other.serialize(s),
        }
    }
}

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
        let language = r.language.map(|l| l.as_str());
        self.results.push(match r.origin {
            Origin::File(p) => json!({"path": p, "language": language, "diagnostics": diags}),
            Origin::Item { path, label } => {
                json!({"path": path, "item": label, "language": language, "diagnostics": diags})
            }
            Origin::Record { path, line, id, .. } => {
                json!({"path": path, "line": line, "id": raw_id(id), "language": language, "diagnostics": diags})
            }
        });
        Ok(())
    }

    fn input_error(&mut self, _out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        let mut err = json!({"path": e.path});
        if let Some(l) = e.line {
            err["line"] = json!(l);
        }
        if let Some(c) = e.column {
            err["column"] = json!(c);
        }
        if let Some(id) = e.id {
            err["id"] = raw_id(Some(id));
        }
        err["error"] = json!(e.message);
        self.errors.push(err);
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
        serde_json::to_writer_pretty(&mut *out, &with_raw_ids(&doc))?;
        writeln!(out)
    }
}
