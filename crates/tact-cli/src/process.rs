//! The work done for one input, without rendering: read, decode, lint, fix. Pure apart from
//! `--fix` writes, so inputs can be processed on many threads and rendered in order afterwards.

use crate::inputs::{self, Input};
use crate::render::Source;
use crate::settings::Fixes;
use crate::structured;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::sync::Arc;
use tact::{Applicability, Diagnostic, Directive, LineIndex, Linter};

/// Something to render or count, in the order it happened for one input.
pub enum Event {
    /// The input (or one of its JSON Lines records) could not be checked.
    Error { line: Option<usize>, message: String },
    /// A note for stderr that is not an error.
    Note(String),
    /// A linted message. `label` is set for replies of structured files; `source` is what
    /// spans point into.
    Lint { label: Option<String>, source: Arc<Source>, diagnostics: Vec<Diagnostic>, unused: Vec<Directive> },
    /// `--diff`: a unified diff of the fixes.
    Diff { diff: String, fixes: usize },
    /// `--fix`: this many fixes were written.
    Fixed(usize),
}

/// What the input needs besides the linter.
pub struct Job<'a> {
    pub linter: &'a Linter,
    /// The reply field of structured files.
    pub field: Option<String>,
    /// `--max-message-bytes`.
    pub max_bytes: usize,
    pub fixes: Fixes,
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
    let bytes = match read_all(input, job.max_bytes) {
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
    // The raw bytes are kept only where --fix writes them back (one copy less of a big message).
    let original = (job.fixes == Fixes::Apply).then(|| bytes.clone());
    let (text, offset) = match inputs::decode(bytes) {
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
    if job.fixes.any() {
        let fixed = if html { fix_html(job.linter, &text) } else { job.linter.fix(&text) };
        if fixed.applied > 0 {
            if job.fixes == Fixes::Diff {
                return vec![Event::Diff {
                    diff: crate::fix::unified_diff(name, &text, &fixed.text),
                    fixes: fixed.applied,
                }];
            }
            if let Input::File(path, _) = input {
                let original = original.as_deref().unwrap_or_default();
                let mut new = original[..offset].to_vec();
                new.extend_from_slice(fixed.text.as_bytes());
                match crate::fix::write_atomic(path, original, &new) {
                    Ok(()) => {
                        events.push(Event::Fixed(fixed.applied));
                        text = fixed.text;
                    }
                    Err(message) => events.push(Event::Error { line: None, message }),
                }
            }
        }
    }
    let (diagnostics, unused, lines) = if html {
        lint_html(job.linter, &text)
    } else {
        let (diagnostics, unused) = job.linter.lint_reporting_directives(&text);
        (diagnostics, unused, None)
    };
    let source = match lines {
        Some(lines) => Source::with_lines(text, lines),
        None => Source::new(text),
    };
    events.push(Event::Lint { label: None, source: Arc::new(source), diagnostics, unused });
    events
}

/// Lints HTML: the visible text is linted; spans are the same in the original, and columns
/// and matched text are taken from it (with the original's line index, built when there is
/// a finding).
fn lint_html(linter: &Linter, html: &str) -> (Vec<Diagnostic>, Vec<Directive>, Option<LineIndex>) {
    let visible = crate::html::to_text(html);
    let (mut diags, unused) = linter.lint_reporting_directives(&visible);
    let lines = (!diags.is_empty()).then(|| LineIndex::new(html));
    for d in &mut diags {
        let lines = lines.as_ref().expect("built for findings");
        let (from, to) = (lines.position(html, d.start), lines.position(html, d.end));
        (d.line, d.column, d.end_line, d.end_column) = (from.line, from.column, to.line, to.column);
        d.matched = html[d.start..d.end].to_string();
        // The message quotes the visible text; drop the entity padding from it.
        d.message.retain(|c| c != '\u{AD}' && c != '\u{200B}');
        if d.matched.contains(['<', '&']) {
            // A replacement would destroy markup: offer it, never apply it.
            downgrade_safe(d);
        }
    }
    (diags, unused, lines)
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
    tact::fix_until_converged(html, |current| {
        let visible = crate::html::to_text(current);
        linter
            .lint(&visible)
            .into_iter()
            .filter(|d| !current[d.start..d.end].contains(['<', '&']))
            .filter_map(|d| d.fix())
            .flat_map(|f| f.edits)
            .collect()
    })
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
    if job.fixes.any() {
        events
            .push(Event::Note(format!("{name}: YAML, JSON and CSV files are not rewritten; fix the replies by hand")));
    }
    // Worked out on the first finding, for the whole file: every reply's findings are placed
    // with the same line index and offset maps.
    let mut places: Option<(LineIndex, structured::Places)> = None;
    let mut linted = Vec::with_capacity(items.len());
    for (n, item) in items.iter().enumerate() {
        let (diags, unused) = job.linter.lint_reporting_directives(&item.text);
        let mut mapped = Vec::with_capacity(diags.len());
        for mut d in diags {
            let (lines, places) = places.get_or_insert_with(|| {
                let lines = LineIndex::new(raw);
                let places = structured::Places::new(format, raw, &items, &lines);
                (lines, places)
            });
            let (s, e) = places.span(n, d.start, d.end);
            if places.ignored(n, &d.code, &d.name, s) {
                continue;
            }
            d.start = s;
            d.end = e;
            let (at, to) = (lines.position(raw, s), lines.position(raw, e));
            (d.line, d.column, d.end_line, d.end_column) = (at.line, at.column, to.line, to.column);
            // Fixes are never applied to structured files.
            downgrade_safe(&mut d);
            mapped.push(d);
        }
        linted.push((item.label.clone(), mapped, unused));
    }
    let lines = places.map(|(lines, _)| lines);
    let source = Arc::new(match lines {
        Some(lines) => Source::with_lines(raw.to_string(), lines),
        None => Source::new(raw.to_string()),
    });
    for (label, diagnostics, unused) in linted {
        events.push(Event::Lint { label: Some(label), source: source.clone(), diagnostics, unused });
    }
    events
}

/// One JSON Lines record, processed.
pub enum Record<'a> {
    Error(String),
    Lint {
        /// The record's id (`null` when it has none).
        id: serde_json::Value,
        /// The message text, borrowed from the line when it holds no escapes.
        text: Cow<'a, str>,
        /// The whole record, kept only when `--passthrough` needs it.
        record: Option<serde_json::Value>,
        diagnostics: Vec<Diagnostic>,
        unused: Vec<Directive>,
    },
    Blank,
}

/// Which fields to read from each record.
pub struct Fields<'f> {
    pub text: &'f str,
    pub id: &'f str,
    /// Keep the whole record (for `--passthrough`).
    pub keep_record: bool,
}

/// The fast path: a top-level object read key by key, materializing only the text and the id.
struct Picked<'a> {
    text: Option<Cow<'a, str>>,
    id: Option<&'a RawValue>,
}

struct Pick<'f>(&'f str, &'f str);

impl<'de> DeserializeSeed<'de> for Pick<'_> {
    type Value = Picked<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Picked<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Pick<'_> {
    type Value = Picked<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Picked<'de>, A::Error> {
        let mut p = Picked { text: None, id: None };
        while let Some(key) = map.next_key_seed(KeySeed(self.0, self.1))? {
            match key {
                Key::Text => p.text = Some(map.next_value_seed(TextSeed)?),
                Key::Id => p.id = Some(map.next_value()?),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(p)
    }
}

/// Which field a key names, decided without allocating a string for it.
enum Key {
    Text,
    Id,
    Other,
}

struct KeySeed<'f>(&'f str, &'f str);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == self.0 {
            Key::Text
        } else if key == self.1 {
            Key::Id
        } else {
            Key::Other
        })
    }
}

/// A JSON string, borrowed from the line when it holds no escapes (serde's own `Cow<str>`
/// always allocates).
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(s))
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s.to_string()))
    }
    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s))
    }
}

/// Parses and lints one JSON Lines record.
pub fn record<'a>(linter: &Linter, line: &'a [u8], fields: &Fields<'_>) -> Record<'a> {
    let first = line.iter().find(|b| !b.is_ascii_whitespace());
    let Some(&first) = first else { return Record::Blank };
    let Ok(line_str) = std::str::from_utf8(line) else {
        return Record::Error("not valid UTF-8".to_string());
    };
    let nested = fields.text.contains('.') || fields.id.contains('.');
    if fields.keep_record || nested || first != b'{' {
        return general(linter, line_str, fields);
    }
    // The fast path: the text read straight out of the line (borrowed when it has no
    // escapes), other fields skipped. Anything it cannot read (not JSON, a text that is not a
    // string) goes the general way, which says exactly what is wrong.
    let mut de = serde_json::Deserializer::from_str(line_str);
    let Ok(picked) = Pick(fields.text, fields.id).deserialize(&mut de).and_then(|p| de.end().map(|()| p)) else {
        return general(linter, line_str, fields);
    };
    let Some(text) = picked.text else {
        return Record::Error(format!("no `{}` field", fields.text));
    };
    let id = picked.id.and_then(|r| serde_json::from_str(r.get()).ok()).unwrap_or(serde_json::Value::Null);
    let (diagnostics, unused) = linter.lint_reporting_directives(&text);
    Record::Lint { id, text, record: None, diagnostics, unused }
}

/// The general path: the whole record as a value (dotted fields, passthrough, and every
/// record the fast path could not read, for a precise error).
fn general<'a>(linter: &Linter, line_str: &str, fields: &Fields<'_>) -> Record<'a> {
    let json_err = |e: serde_json::Error| Record::Error(format!("not valid JSON: {e}"));
    let value: serde_json::Value = match serde_json::from_str(line_str) {
        Ok(v) => v,
        Err(e) => return json_err(e),
    };
    if !value.is_object() {
        return Record::Error("not a JSON object".to_string());
    }
    let text = match inputs::field(&value, fields.text) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => return Record::Error(format!("field `{}` is {}, not a string", fields.text, json_kind(other))),
        None => return Record::Error(format!("no `{}` field", fields.text)),
    };
    let id = inputs::field(&value, fields.id).cloned().unwrap_or(serde_json::Value::Null);
    let (diagnostics, unused) = linter.lint_reporting_directives(&text);
    let record = fields.keep_record.then_some(value);
    Record::Lint { id, text: Cow::Owned(text), record, diagnostics, unused }
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
