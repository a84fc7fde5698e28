//! `--statistics`: how often each rule fired, most frequent first.

use super::{InputError, Renderer, Report, Summary};
use std::collections::HashMap;
use std::io::{self, Write};

#[derive(Default)]
pub struct Statistics {
    json: bool,
    counts: HashMap<String, (usize, String, &'static str, &'static str)>,
}

impl Statistics {
    pub fn new(json: bool) -> Self {
        Statistics { json, ..Default::default() }
    }
}

impl Renderer for Statistics {
    fn report(&mut self, _out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
        for d in r.diagnostics {
            let e = self.counts.entry(d.code.clone()).or_insert((
                0,
                d.name.clone(),
                d.category.as_str(),
                d.severity.as_str(),
            ));
            e.0 += 1;
        }
        Ok(())
    }

    fn input_error(&mut self, _out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        crate::report::input_error("error", e);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        if self.json {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|(code, (n, name, cat, sev))| serde_json::json!({"code": code, "name": name, "category": cat, "severity": sev, "count": n}))
                .collect();
            serde_json::to_writer_pretty(&mut *out, &v)?;
            return writeln!(out);
        }
        for (code, (n, name, cat, sev)) in &rows {
            writeln!(out, "{n:>6}  {code:<6} {name:<28} {cat:<24} {sev}")?;
        }
        writeln!(out, "{} finding(s) in {} of {} message(s).", s.errors + s.warnings + s.infos, s.flagged, s.messages)
    }
}
