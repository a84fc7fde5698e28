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
use tact::{Applicability, Diagnostic, Directive, Language, LineIndex, Linter};

/// Something to render or count, in the order it happened for one input.
pub enum Event {
    /// The input could not be checked (or not all of it), with the place of the problem
    /// when there is one (a syntax error, the first invalid UTF-8 byte).
    Error(inputs::Problem),
    /// A note for stderr that is not an error.
    Note(String),
    /// A linted message. `label` is set for replies of structured files; `source` is what
    /// spans point into; `language` is the language whose rules linted it (`None`: every rule).
    Lint {
        label: Option<String>,
        source: Arc<Source>,
        language: Option<Language>,
        diagnostics: Vec<Diagnostic>,
        unused: Vec<Directive>,
    },
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
            // Sized from the metadata: `Take` hides the file's size from `read_to_end`, which
            // would otherwise grow the buffer by doubling (up to twice the file at peak).
            buf.reserve_exact(meta.len() as usize + 1);
            f.take(limit as u64 + 1).read_to_end(&mut buf).map_err(io)?;
        }
    }
    if buf.len() > limit {
        return Err(too_big(buf.len() as u64));
    }
    Ok(buf)
}

/// Does the file's name end in one of `exts` (any case)?
fn has_extension(input: &Input, exts: &[&str]) -> bool {
    matches!(input, Input::File(p, _) if p.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x))))
}

fn is_html(input: &Input) -> bool {
    matches!(input, Input::File(p, _) if p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")))
}

/// Processes a whole file (or stdin) into events.
pub fn whole(job: &Job<'_>, input: &Input, name: &str) -> Vec<Event> {
    let error = |message: String| vec![Event::Error(message.into())];
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
    if has_extension(input, &["eml"]) {
        // MIME decides the encoding of each part: the raw bytes go to the e-mail parser.
        return crate::email::process(job, input, name, bytes);
    }
    // The raw bytes are kept only where --fix writes them back (one copy less of a big message).
    let original = (job.fixes == Fixes::Apply).then(|| bytes.clone());
    let (text, offset) = match inputs::decode(bytes) {
        Ok(t) => t,
        Err(problem) => return vec![Event::Error(problem)],
    };
    if let Input::File(path, _) = input {
        if let Some(format) = structured::Format::of(path) {
            return structured_file(job, name, format, &text);
        }
    }
    let html = is_html(input);
    let markdown = has_extension(input, &["md", "markdown"]);
    let mut events = Vec::new();
    let mut text = text;
    if job.fixes.any() {
        let fixed = if html {
            fix_html(job.linter, &text)
        } else if markdown {
            fix_prose(job.linter, &text, crate::markdown::to_text)
        } else {
            job.linter.fix(&text)
        };
        if !fixed.converged {
            // Writing it would make things worse (a fix feeding itself grows the file; fixes
            // undoing each other change nothing): the file is left as it was.
            events.push(Event::Error(not_converged(&fixed).into()));
        } else if fixed.applied > 0 {
            if job.fixes == Fixes::Diff {
                // The diff, then what is left after it, linted below.
                events.push(Event::Diff {
                    diff: crate::fix::unified_diff(name, &text, &fixed.text),
                    fixes: fixed.applied,
                });
                text = fixed.text;
            } else if let Input::File(path, _) = input {
                let original = original.as_deref().unwrap_or_default();
                let mut new = original[..offset].to_vec();
                new.extend_from_slice(fixed.text.as_bytes());
                match crate::fix::write_atomic(path, original, &new) {
                    Ok(()) => {
                        events.push(Event::Fixed(fixed.applied));
                        text = fixed.text;
                    }
                    Err(message) => events.push(Event::Error(message.into())),
                }
            }
        }
    }
    let (diagnostics, unused, language, lines) = if html {
        lint_html(job.linter, &text)
    } else if markdown {
        let (prose, code) = crate::markdown::prose(&text);
        let (mut diagnostics, unused, language) = lint_prose(job.linter, &text, &prose);
        // A phrase across code is not the phrase.
        diagnostics.retain(|d| !crate::markdown::overlaps(&code, d.start..d.end));
        (diagnostics, unused, language, None)
    } else {
        let (diagnostics, unused, language) = job.linter.lint_auto_reporting_directives(&text);
        (diagnostics, unused, language, None)
    };
    let source = match lines {
        Some(lines) => Source::with_lines(text, lines),
        None => Source::new(text),
    };
    events.push(Event::Lint { label: None, source: Arc::new(source), language, diagnostics, unused });
    events
}

/// Why a fix that did not converge is not written: writing it would make things worse (a fix
/// feeding itself grows the file; fixes undoing each other change nothing).
pub(crate) fn not_converged(fixed: &tact::Fixed) -> String {
    format!(
        "the safe fixes of {} do not converge (they still apply after {} passes); nothing was fixed, the file is as it was",
        fixed.unconverged.join(", "),
        tact::MAX_FIX_PASSES
    )
}

/// Lints HTML: the visible text is linted; spans are the same in the original, and columns
/// and matched text are taken from it (with the original's line index, built when there is
/// a finding).
pub fn lint_html(
    linter: &Linter,
    html: &str,
) -> (Vec<Diagnostic>, Vec<Directive>, Option<Language>, Option<LineIndex>) {
    let visible = crate::html::to_text(html);
    let (mut diags, unused, language) = linter.lint_auto_reporting_directives(&visible);
    let lines = (!diags.is_empty()).then(|| LineIndex::new(html));
    for d in &mut diags {
        let lines = lines.as_ref().expect("built for findings");
        let (from, to) = (lines.position(html, d.start), lines.position(html, d.end));
        (d.line, d.column, d.end_line, d.end_column) = (from.line, from.column, to.line, to.column);
        d.matched = html[d.start..d.end].to_string();
        // The message quotes the visible text; drop the entity padding from it.
        d.message.retain(|c| c != '\u{AD}' && c != '\u{200B}' && c != '\u{E0020}');
        if d.matched.contains(['<', '&']) {
            // A replacement would destroy markup: offer it, never apply it.
            downgrade_safe(d);
        }
    }
    (diags, unused, language, lines)
}

/// Lints the prose of a marked-up text: `prose` is as long as `original`, with what is not
/// prose blanked (see [`crate::markdown`]), so spans, lines and columns are the original's. A
/// finding whose span takes in blanked text (a phrase around a link's URL) quotes the original
/// and is never fixed automatically.
fn lint_prose(linter: &Linter, original: &str, prose: &str) -> (Vec<Diagnostic>, Vec<Directive>, Option<Language>) {
    let (mut diags, unused, language) = linter.lint_auto_reporting_directives(prose);
    for d in &mut diags {
        if original[d.start..d.end] != prose[d.start..d.end] {
            d.matched = original[d.start..d.end].to_string();
            downgrade_safe(d);
        }
    }
    (diags, unused, language)
}

/// Safe fixes for a marked-up text: found on its prose, applied to the original only where the
/// span is prose alone, until nothing more applies.
fn fix_prose(linter: &Linter, original: &str, prose: fn(&str) -> String) -> tact::Fixed {
    tact::fix_until_converged(original, |current| {
        let prose = prose(current);
        linter.lint(&prose).into_iter().filter(|d| current[d.start..d.end] == prose[d.start..d.end]).collect()
    })
}

pub(crate) fn downgrade_safe(d: &mut Diagnostic) {
    for s in &mut d.suggestions {
        if s.applicability == Applicability::Safe {
            s.applicability = Applicability::Unsafe;
        }
    }
}

/// Safe fixes for HTML: found on the visible text, applied to the original where the span
/// holds no markup, until nothing more applies.
pub fn fix_html(linter: &Linter, html: &str) -> tact::Fixed {
    tact::fix_until_converged(html, |current| {
        let visible = crate::html::to_text(current);
        linter.lint(&visible).into_iter().filter(|d| !current[d.start..d.end].contains(['<', '&'])).collect()
    })
}

/// A YAML, JSON or CSV library: each reply linted on its own, reported at its place in the file.
pub fn structured_file(job: &Job<'_>, name: &str, format: structured::Format, raw: &str) -> Vec<Event> {
    let error = |message: String| vec![Event::Error(message.into())];
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
        Err(problem) => return vec![Event::Error(problem)],
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
        let (diags, unused, language) = job.linter.lint_auto_reporting_directives(&item.text);
        let mut mapped = Vec::with_capacity(diags.len());
        for mut d in diags {
            let (lines, places) = places.get_or_insert_with(|| {
                let lines = LineIndex::new(raw);
                let places = structured::Places::new(format, raw, &items, &lines);
                (lines, places)
            });
            let (s, e) = places.span(n, d.start, d.end);
            if places.ignored(n, &d.code, &d.name, lines.line(s)) {
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
        // A directive that suppressed nothing is reported at its place in the file too.
        let mut unused = unused;
        if !unused.is_empty() {
            let (_, places) = places.get_or_insert_with(|| {
                let lines = LineIndex::new(raw);
                let places = structured::Places::new(format, raw, &items, &lines);
                (lines, places)
            });
            for u in &mut unused {
                (u.start, u.end) = places.span(n, u.start, u.end);
            }
        }
        linted.push((item.label.clone(), language, mapped, unused));
    }
    let lines = places.map(|(lines, _)| lines);
    let source = Arc::new(match lines {
        Some(lines) => Source::with_lines(raw.to_string(), lines),
        None => Source::new(raw.to_string()),
    });
    for (label, language, diagnostics, unused) in linted {
        events.push(Event::Lint { label: Some(label), source: source.clone(), language, diagnostics, unused });
    }
    events
}

/// One JSON Lines record, processed.
#[derive(Debug)]
pub enum Record<'a> {
    /// The record could not be checked.
    Error {
        /// What is wrong, without the place.
        message: String,
        /// The 1-based column (in characters) of the line where the problem is, when there is
        /// one place to point at (a JSON syntax error).
        column: Option<usize>,
        /// The record's id, exactly as written, whenever the line is a JSON object holding one.
        id: Option<Box<RawValue>>,
    },
    Lint {
        /// The record's id exactly as written (`None` when it has none).
        id: Option<Box<RawValue>>,
        /// The message text, borrowed from the line when it holds no escapes.
        text: Cow<'a, str>,
        /// The language whose rules linted it (`--lang-field`, or told from its words); `None`:
        /// every loaded rule.
        language: Option<Language>,
        diagnostics: Vec<Diagnostic>,
        unused: Vec<Directive>,
    },
    Blank,
}

impl Record<'_> {
    /// An error with no place and no id (a line tact could not read as an object).
    pub fn error(message: impl Into<String>) -> Self {
        Record::Error { message: message.into(), column: None, id: None }
    }
}

/// Which fields to read from each record: names of top-level fields, or dotted paths
/// (`meta.body`) into nested objects; a top-level field whose name holds the dots wins.
pub struct Fields<'f> {
    pub text: &'f str,
    pub id: &'f str,
    /// `--lang-field`: the field holding the record's language code.
    pub lang: Option<&'f str>,
    /// The languages whose rules are loaded (empty: every language); a record in another is
    /// an error.
    pub languages: &'f [Language],
}

/// The raw values of the wanted keys of one JSON object, read in one pass without
/// materializing anything else.
struct Pick<'k>(&'k [&'k str]);

impl<'de> DeserializeSeed<'de> for Pick<'_> {
    type Value = Vec<Option<&'de RawValue>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Pick<'_> {
    type Value = Vec<Option<&'de RawValue>>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = vec![None; self.0.len()];
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            match key {
                Some(i) => {
                    let value = map.next_value()?;
                    // The same key may be wanted twice (`m.id` and `m.body` both want `m`).
                    for (slot, key) in found.iter_mut().zip(self.0).skip(i) {
                        if *key == self.0[i] {
                            *slot = Some(value);
                        }
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }
}

/// Which wanted key a key is (the first that equals it), decided without allocating a string
/// for it.
struct KeySeed<'k>(&'k [&'k str]);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|k| *k == key))
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

/// Reads the raw values of `paths` out of one JSON object (`json`, already known to be one).
/// One pass over the object for every top-level name; a dotted path not found whole descends
/// into the nested objects.
fn pick<'a>(json: &'a str, paths: &[&str]) -> Result<Vec<Option<&'a RawValue>>, serde_json::Error> {
    // Each path's whole name, and for a dotted one its first key.
    let mut keys: Vec<&str> = Vec::with_capacity(paths.len() * 2);
    for p in paths {
        keys.push(p);
        if let Some((first, _)) = p.split_once('.') {
            keys.push(first);
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let found = Pick(&keys).deserialize(&mut de)?;
    de.end()?;
    let mut out = Vec::with_capacity(paths.len());
    let mut k = 0;
    for p in paths {
        let whole = found[k];
        k += 1;
        let Some((_, rest)) = p.split_once('.') else {
            out.push(whole);
            continue;
        };
        let first = found[k];
        k += 1;
        out.push(match (whole, first) {
            (Some(w), _) => Some(w),
            (None, Some(obj)) if obj.get().starts_with('{') => pick(obj.get(), &[rest])?[0],
            _ => None,
        });
    }
    Ok(out)
}

/// `message` and the 1-based character column of a serde_json error on a one-line input
/// (serde counts bytes, and appends its own "at line 1 column N").
fn json_error(line: &str, e: &serde_json::Error) -> (String, Option<usize>) {
    let (message, at) = structured::json_syntax(line, e);
    (message, at.map(|(_, column)| column))
}

/// A JSON string literal's text, with every lone surrogate escape (`\ud800` with no low half
/// after it, or a low half alone) decoded as U+FFFD, the replacement character: what a
/// truncated emoji in an export leaves behind. `None` when the literal is broken otherwise.
fn decode_lossy(literal: &str) -> Option<String> {
    let b = literal.as_bytes();
    let hex = |at: usize| -> Option<u16> {
        let s = literal.get(at..at + 4)?;
        u16::from_str_radix(s, 16).ok()
    };
    let mut fixed = String::with_capacity(literal.len());
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        if b.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let unit = hex(i + 2)?;
        let next_low = || {
            (b.get(i + 6) == Some(&b'\\') && b.get(i + 7) == Some(&b'u'))
                .then(|| hex(i + 8))
                .flatten()
                .is_some_and(|u| (0xDC00..0xE000).contains(&u))
        };
        match unit {
            0xD800..0xDC00 if next_low() => i += 12,
            0xD800..0xE000 => {
                fixed.push_str(&literal[copied..i]);
                fixed.push_str("\\ufffd");
                i += 6;
                copied = i;
            }
            _ => i += 6,
        }
    }
    fixed.push_str(&literal[copied..]);
    serde_json::from_str(&fixed).ok()
}

/// Parses and lints one JSON Lines record: with the rules of the language its `--lang-field`
/// names, else of the language told from its words.
pub fn record<'a>(linter: &Linter, line: &'a [u8], fields: &Fields<'_>) -> Record<'a> {
    let first = line.iter().find(|b| !b.is_ascii_whitespace());
    let Some(&first) = first else { return Record::Blank };
    let line_str = match std::str::from_utf8(line) {
        Ok(s) => s,
        Err(e) => {
            let valid = std::str::from_utf8(&line[..e.valid_up_to()]).expect("valid up to here");
            return Record::Error {
                message: "not valid UTF-8".to_string(),
                column: Some(valid.chars().count() + 1),
                id: None,
            };
        }
    };
    if first != b'{' {
        // Valid JSON that is not an object, or not JSON at all: say which.
        return match serde_json::from_str::<IgnoredAny>(line_str) {
            Ok(_) => Record::error("not a JSON object"),
            Err(e) => {
                let (message, column) = json_error(line_str, &e);
                Record::Error { message: format!("not valid JSON: {message}"), column, id: None }
            }
        };
    }
    let wanted: Vec<&str> = [Some(fields.text), Some(fields.id), fields.lang].into_iter().flatten().collect();
    let found = match pick(line_str, &wanted) {
        Ok(f) => f,
        Err(e) => {
            let (message, column) = json_error(line_str, &e);
            return Record::Error { message: format!("not valid JSON: {message}"), column, id: None };
        }
    };
    let id = found[1].map(RawValue::to_owned);
    let error = |message: String| Record::Error { message, column: None, id: id.clone() };
    let Some(raw_text) = found[0] else {
        return error(format!("no `{}` field", fields.text));
    };
    let text = match TextSeed.deserialize(&mut serde_json::Deserializer::from_str(raw_text.get())) {
        Ok(t) => t,
        Err(_) if raw_text.get().starts_with('"') => match decode_lossy(raw_text.get()) {
            Some(t) => Cow::Owned(t),
            None => return error(format!("field `{}` is not a valid JSON string", fields.text)),
        },
        Err(_) => {
            let kind = json_kind(raw_text.get());
            return error(format!("field `{}` is {kind}, not a string", fields.text));
        }
    };
    let language = match fields.lang.and(found.get(2).copied().flatten()) {
        None => None,
        Some(raw) => match serde_json::from_str::<Option<String>>(raw.get()) {
            Ok(None) => None,
            Ok(Some(code)) => match code.parse::<Language>() {
                Ok(l) if l != Language::Any && (fields.languages.is_empty() || fields.languages.contains(&l)) => {
                    Some(l)
                }
                Ok(l) if l != Language::Any => {
                    let loaded: Vec<&str> = fields.languages.iter().map(|l| l.as_str()).collect();
                    return error(format!(
                        "the record's language `{code}` is not among those checked (--lang {})",
                        loaded.join(",")
                    ));
                }
                _ => {
                    let codes: Vec<&str> = Language::ALL.iter().map(|l| l.as_str()).collect();
                    let field = fields.lang.unwrap_or_default();
                    return error(format!(
                        "field `{field}` is `{code}`, not a language tact has rules for ({})",
                        codes.join(", ")
                    ));
                }
            },
            Err(_) => {
                let field = fields.lang.unwrap_or_default();
                return error(format!("field `{field}` is {}, not a language code", json_kind(raw.get())));
            }
        },
    };
    let (diagnostics, unused, language) = match language {
        Some(l) => {
            let (d, u) = linter.lint_in_reporting_directives(&text, Some(l));
            (d, u, Some(l))
        }
        None => linter.lint_auto_reporting_directives(&text),
    };
    Record::Lint { id, text, language, diagnostics, unused }
}

/// What kind of JSON value a raw value is, for messages.
fn json_kind(raw: &str) -> &'static str {
    match raw.as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linter() -> Linter {
        tact::LinterBuilder::new().build().expect("an empty linter builds")
    }

    fn fields() -> Fields<'static> {
        Fields { text: "text", id: "id", lang: None, languages: &[] }
    }

    #[test]
    fn error_records_keep_the_id_as_written() {
        let l = linter();
        for id in ["3", "12345678901234567890", "1.10", "1e3", "\"a\\u00e9\"", "{\"n\":1}"] {
            let line = format!("{{\"id\":{id},\"txt\":\"x\"}}");
            match record(&l, line.as_bytes(), &fields()) {
                Record::Error { id: Some(got), message, .. } => {
                    assert_eq!(got.get(), id);
                    assert_eq!(message, "no `text` field");
                }
                other => panic!("{line}: {other:?}"),
            }
            let line = format!("{{\"id\":{id},\"text\":\"x\"}}");
            match record(&l, line.as_bytes(), &fields()) {
                Record::Lint { id: Some(got), .. } => assert_eq!(got.get(), id),
                other => panic!("{line}: {other:?}"),
            }
        }
    }

    #[test]
    fn syntax_errors_name_the_column_of_the_line() {
        let l = linter();
        match record(&l, "  {\"id\": tru}".as_bytes(), &fields()) {
            Record::Error { message, column, .. } => {
                assert!(message.starts_with("not valid JSON: expected ident"), "{message}");
                assert!(!message.contains("line 1"), "{message}");
                assert_eq!(column, Some(13));
            }
            other => panic!("{other:?}"),
        }
        // Columns count characters, not bytes.
        match record(&l, "{\"text\":\"é\" x}".as_bytes(), &fields()) {
            Record::Error { column, .. } => assert_eq!(column, Some(13)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lone_surrogates_decode_as_replacement_characters() {
        assert_eq!(decode_lossy(r#""a\ud800b""#).as_deref(), Some("a\u{FFFD}b"));
        assert_eq!(decode_lossy(r#""\udc00\ud83d\ude00\ud83d""#).as_deref(), Some("\u{FFFD}😀\u{FFFD}"));
        // An escaped backslash before `u` is not an escape.
        assert_eq!(decode_lossy(r#""\\ud800""#).as_deref(), Some("\\ud800"));
        assert_eq!(decode_lossy(r#""\ud80""#), None);
        let l = linter();
        match record(&l, br#"{"id":1,"text":"no \ud800 idea"}"#, &fields()) {
            Record::Lint { text, .. } => assert_eq!(text, "no \u{FFFD} idea"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dotted_fields_and_unknown_languages() {
        let l = linter();
        let f = Fields { text: "m.body", id: "m.id", lang: Some("lang"), languages: &[] };
        match record(&l, br#"{"m":{"id":1.50,"body":"hi"},"lang":"de"}"#, &f) {
            Record::Lint { id: Some(id), text, language, .. } => {
                assert_eq!((id.get(), text.as_ref(), language), ("1.50", "hi", Some(Language::De)));
            }
            other => panic!("{other:?}"),
        }
        match record(&l, br#"{"m":{"id":1,"body":"hi"},"lang":"fr"}"#, &f) {
            Record::Error { message, id: Some(id), .. } => {
                assert!(message.contains("`fr`"), "{message}");
                assert_eq!(id.get(), "1");
            }
            other => panic!("{other:?}"),
        }
        let f = Fields { languages: &[Language::En], ..f };
        match record(&l, br#"{"m":{"id":1,"body":"hi"},"lang":"de"}"#, &f) {
            Record::Error { message, .. } => {
                assert!(message.contains("not among those checked (--lang en)"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}
