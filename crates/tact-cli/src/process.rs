//! The work done for one input, without rendering: read, decode, lint, fix. Pure apart from
//! `--fix` writes, so inputs can be processed on many threads and rendered in order afterwards.

use crate::cli::CheckArgs;
use crate::inputs::{self, Input};
use crate::structured;
use std::sync::Arc;
use tact::{Applicability, Diagnostic, Directive, Linter};

/// Something to render or count, in the order it happened for one input.
pub enum Event {
    /// The input (or one of its JSON Lines records) could not be checked.
    Error { line: Option<usize>, message: String },
    /// A note for stderr that is not an error.
    Note(String),
    /// A linted message. `label` is set for replies of structured files; `text` is what
    /// spans point into.
    Lint { label: Option<String>, text: Arc<str>, diagnostics: Vec<Diagnostic>, unused: Vec<Directive> },
    /// `--diff`: a unified diff of the fixes.
    Diff { diff: String, fixes: usize },
    /// `--fix`: this many fixes were written.
    Fixed(usize),
}

/// What the input needs besides the linter.
pub struct Job<'a> {
    pub linter: &'a Linter,
    pub field: Option<String>,
    pub args: &'a CheckArgs,
}

/// Reads a whole input, refusing (without reading it all) one larger than `limit` bytes.
pub fn read_all(input: &Input, limit: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let too_big = |n: u64| {
        let size = if n >= 1_000_000 { format!("{:.1} MB", n as f64 / 1e6) } else { format!("{n} bytes") };
        format!("{size} is above the --max-message-bytes limit of {limit} bytes; not checked")
    };
    let mut buf = Vec::new();
    let io = |e: std::io::Error| format!("cannot read: {}", inputs::io_reason(&e));
    match input {
        Input::Stdin => {
            std::io::stdin().lock().take(limit as u64 + 1).read_to_end(&mut buf).map_err(io)?;
        }
        Input::File(p, _) => {
            let f = std::fs::File::open(p).map_err(io)?;
            let meta = f.metadata().map_err(io)?;
            if meta.is_dir() {
                return Err("is a directory".to_string());
            }
            if meta.len() > limit as u64 {
                return Err(too_big(meta.len()));
            }
            f.take(limit as u64 + 1).read_to_end(&mut buf).map_err(io)?;
        }
    }
    if buf.len() > limit {
        return Err(too_big(buf.len() as u64));
    }
    Ok(buf)
}

fn is_html(input: &Input) -> bool {
    matches!(input, Input::File(p, _) if p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")))
}

/// Processes a whole file (or stdin) into events.
pub fn whole(job: &Job<'_>, input: &Input, name: &str) -> Vec<Event> {
    let error = |message: String| vec![Event::Error { line: None, message }];
    let bytes = match read_all(input, job.args.max_message_bytes) {
        Ok(b) => b,
        Err(msg) => return error(msg),
    };
    if bytes.contains(&0) && !bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF]) {
        if let Input::File(_, true) = input {
            // Found by walking a directory: skip with a note, as ripgrep does.
            return vec![Event::Note(format!("{name}: binary file skipped"))];
        }
        return error("binary file (it contains NUL bytes); not checked".to_string());
    }
    let (text, offset) = match inputs::decode(bytes.clone()) {
        Ok(t) => t,
        Err(msg) => return error(msg),
    };
    if let Input::File(path, _) = input {
        if let Some(format) = structured::Format::of(path) {
            return structured_file(job, name, format, &text);
        }
    }
    let html = is_html(input);
    let mut events = Vec::new();
    let mut text = text;
    if job.args.fix || job.args.diff {
        let fixed = if html { fix_html(job.linter, &text) } else { job.linter.fix(&text) };
        if fixed.applied > 0 {
            if job.args.diff {
                return vec![Event::Diff {
                    diff: crate::fix::unified_diff(name, &text, &fixed.text),
                    fixes: fixed.applied,
                }];
            }
            if let Input::File(path, _) = input {
                let mut new = bytes[..offset].to_vec();
                new.extend_from_slice(fixed.text.as_bytes());
                match crate::fix::write_atomic(path, &bytes, &new) {
                    Ok(()) => {
                        events.push(Event::Fixed(fixed.applied));
                        text = fixed.text;
                    }
                    Err(message) => events.push(Event::Error { line: None, message }),
                }
            }
        }
    }
    let (diagnostics, unused) =
        if html { lint_html(job.linter, &text) } else { job.linter.lint_reporting_directives(&text) };
    events.push(Event::Lint { label: None, text: text.into(), diagnostics, unused });
    events
}

/// Lints HTML: the visible text is linted; spans are the same in the original, and columns
/// and matched text are taken from it.
fn lint_html(linter: &Linter, html: &str) -> (Vec<Diagnostic>, Vec<Directive>) {
    let visible = crate::html::to_text(html);
    let (mut diags, unused) = linter.lint_reporting_directives(&visible);
    for d in &mut diags {
        let line_start = html[..d.start].rfind('\n').map_or(0, |i| i + 1);
        d.column = html[line_start..d.start].chars().count() + 1;
        d.matched = html[d.start..d.end].to_string();
        // The message quotes the visible text; drop the entity padding from it.
        d.message.retain(|c| c != '\u{AD}' && c != '\u{200B}');
        if d.matched.contains(['<', '&']) {
            // A replacement would destroy markup: offer it, never apply it.
            downgrade_safe(d);
        }
    }
    (diags, unused)
}

fn downgrade_safe(d: &mut Diagnostic) {
    for s in &mut d.suggestions {
        if s.applicability == Applicability::Safe {
            s.applicability = Applicability::Unsafe;
        }
    }
}

/// Safe fixes for HTML: found on the visible text, applied to the original where the span
/// holds no markup, until nothing more applies.
fn fix_html(linter: &Linter, html: &str) -> tact::Fixed {
    let mut current = html.to_string();
    let mut applied = 0;
    for _ in 0..10 {
        let visible = crate::html::to_text(&current);
        let edits: Vec<(usize, usize, String)> = linter
            .lint(&visible)
            .into_iter()
            .filter(|d| !current[d.start..d.end].contains(['<', '&']))
            .filter_map(|d| d.safe_fix().map(|r| (d.start, d.end, r.to_string())))
            .collect();
        let (next, n) = tact::apply_edits(&current, edits);
        if n == 0 {
            return tact::Fixed { text: current, applied, converged: true };
        }
        applied += n;
        current = next;
    }
    tact::Fixed { text: current, applied, converged: false }
}

/// A YAML, JSON or CSV library: each reply linted on its own, reported at its place in the file.
fn structured_file(job: &Job<'_>, name: &str, format: structured::Format, raw: &str) -> Vec<Event> {
    let error = |message: String| vec![Event::Error { line: None, message }];
    let Some(field) = job.field.as_deref() else {
        let what = match format {
            structured::Format::Yaml => "a YAML file: give --field (e.g. `macros[].body`)",
            structured::Format::Json => "a JSON file: give --field (e.g. `[].text`)",
            structured::Format::Csv => "a CSV file: give --field with the column name",
        };
        return error(format!("{what} to say which field holds the replies; not checked"));
    };
    let items = match structured::items(format, raw, field) {
        Ok(items) => items,
        Err(msg) => return error(msg),
    };
    let mut events = Vec::new();
    if job.args.fix || job.args.diff {
        events
            .push(Event::Note(format!("{name}: YAML, JSON and CSV files are not rewritten; fix the replies by hand")));
    }
    let raw_arc: Arc<str> = raw.into();
    let line_start = |at: usize| raw[..at].rfind('\n').map_or(0, |i| i + 1);
    for item in &items {
        let (diags, unused) = job.linter.lint_reporting_directives(&item.text);
        let mut mapped = Vec::with_capacity(diags.len());
        for mut d in diags {
            let (s, e) = structured::map_span(raw, item, &d.matched);
            if format == structured::Format::Yaml && structured::yaml_ignored(raw, item, s, &d.code, &d.name) {
                continue;
            }
            d.start = s;
            d.end = e;
            d.line = raw[..s].matches('\n').count() + 1;
            d.column = raw[line_start(s)..s].chars().count() + 1;
            // Fixes are never applied to structured files.
            downgrade_safe(&mut d);
            mapped.push(d);
        }
        events.push(Event::Lint {
            label: Some(item.label.clone()),
            text: raw_arc.clone(),
            diagnostics: mapped,
            unused,
        });
    }
    events
}

/// One JSON Lines record, processed.
pub enum Record {
    Error(String),
    Lint { value: serde_json::Value, diagnostics: Vec<Diagnostic>, unused: Vec<Directive> },
    Blank,
}

/// Parses and lints one JSON Lines record.
pub fn record(linter: &Linter, line: &[u8], text_field: &str) -> Record {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Record::Blank;
    }
    let value: serde_json::Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => {
            return Record::Error(if std::str::from_utf8(line).is_err() {
                "not valid UTF-8".to_string()
            } else {
                format!("not valid JSON: {e}")
            })
        }
    };
    if !value.is_object() {
        return Record::Error("not a JSON object".to_string());
    }
    let (diagnostics, unused) = match inputs::field(&value, text_field) {
        Some(serde_json::Value::String(s)) => linter.lint_reporting_directives(s),
        Some(other) => return Record::Error(format!("field `{text_field}` is {}, not a string", json_kind(other))),
        None => return Record::Error(format!("no `{text_field}` field")),
    };
    Record::Lint { value, diagnostics, unused }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
