//! Canned-response libraries kept as data: YAML, JSON and CSV files holding many replies.
//!
//! `--field PATH` names the text field: `.`-separated keys, with `[]` for "each element of
//! this list" (`macros[].body`, `[].text`, `replies[].translations.de`); for CSV, a column name.
//! Each reply is linted on its own and reported with its index (and title, when the item has a
//! `title`, `name` or `id`).
//!
//! Positions come from an offset map per reply ([`OffsetMap`]): where each character of the
//! reply is written in the file, worked out from the file's structure (the string's place in
//! the JSON, the scalar's span among the YAML events, the CSV record's fields), never by
//! searching for the text, so a phrase that occurs twice is reported twice, each where it
//! stands. Indentation, line folding and quotes between characters are stepped over; an escape
//! sequence (`\n`, `\"`, `''`, `""`) stands for its character. A finding holding a character
//! written as a Unicode escape (`\u2019`) is not where its text could be underlined: it gets
//! an empty span at the start of the file (line 1, column 1), as it always has; so does every
//! finding of a reply whose place cannot be worked out. A YAML reply with an anchor or a tag
//! is placed after them; one used again through an alias (`*x`) is placed where its anchor
//! (`&x`) writes it.

mod places;

pub use places::Places;

use crate::inputs::Problem;
use std::path::Path;

/// The structured formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
    Csv,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// One reply found in a structured file.
#[derive(Debug, Clone)]
pub struct Item {
    /// `macros[3]`, with the title in parentheses when there is one.
    pub label: String,
    /// The reply, as the format decodes it.
    pub text: String,
    /// Where the reply is in the file's structure.
    at: Locator,
}

/// Where a reply is: the keys and indexes leading to it (JSON, YAML), or its CSV field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Locator {
    Path(Vec<Key>),
    Csv { record: usize, column: usize },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Name(String),
    Index(usize),
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Each,
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let mut part = part;
        let mut each = 0;
        while let Some(p) = part.strip_suffix("[]") {
            part = p;
            each += 1;
        }
        if !part.is_empty() {
            steps.push(Step::Key(part.to_string()));
        }
        steps.extend(std::iter::repeat_n(Step::Each, each));
        if part.is_empty() && each == 0 {
            return Err(format!("`{path}` has an empty key"));
        }
    }
    Ok(steps)
}

/// Walks a JSON value (YAML is converted to JSON first) along the path.
fn collect(
    v: &serde_json::Value,
    steps: &[Step],
    label: String,
    title: Option<String>,
    keys: &mut Vec<Key>,
    out: &mut Vec<Item>,
) {
    let Some((step, rest)) = steps.split_first() else {
        if let serde_json::Value::String(s) = v {
            let label = match title {
                Some(t) => format!("{label} ({t})"),
                None => label,
            };
            out.push(Item { label, text: s.clone(), at: Locator::Path(keys.clone()) });
        }
        return;
    };
    match step {
        Step::Key(k) => {
            if let Some(x) = v.get(k) {
                let label = if label.is_empty() { k.clone() } else { format!("{label}.{k}") };
                keys.push(Key::Name(k.clone()));
                collect(x, rest, label, title, keys, out);
                keys.pop();
            }
        }
        Step::Each => {
            if let serde_json::Value::Array(items) = v {
                for (i, x) in items.iter().enumerate() {
                    let t = ["title", "name", "id"].iter().find_map(|k| x.get(*k)).map(|t| match t {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    });
                    keys.push(Key::Index(i));
                    collect(x, rest, format!("{label}[{i}]"), t.or(title.clone()), keys, out);
                    keys.pop();
                }
            }
        }
    }
}

/// Reads the replies the field path selects. Errors say what is wrong, and a syntax error
/// where (line and column as data, not in the message).
pub fn items(format: Format, raw: &str, field: &str) -> Result<Vec<Item>, Problem> {
    let items: Vec<Item> = match format {
        Format::Csv => {
            let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(raw.as_bytes());
            let headers = rdr.headers().map_err(|e| csv_error(raw, &e))?.clone();
            let col = headers.iter().position(|h| h == field).ok_or_else(|| {
                format!("no column `{field}` (columns: {})", headers.iter().collect::<Vec<_>>().join(", "))
            })?;
            let title_col = ["title", "name", "id"].iter().find_map(|t| headers.iter().position(|h| h == *t));
            let mut out = Vec::new();
            for rec in rdr.records() {
                let rec = rec.map_err(|e| csv_error(raw, &e))?;
                let (line, record) = rec.position().map_or((0, 0), |p| (p.line(), p.byte() as usize));
                let title = title_col.and_then(|c| rec.get(c)).filter(|t| !t.is_empty());
                let label = match title {
                    Some(t) => format!("row {line} ({t})"),
                    None => format!("row {line}"),
                };
                if let Some(text) = rec.get(col) {
                    out.push(Item { label, text: text.to_string(), at: Locator::Csv { record, column: col } });
                }
            }
            out
        }
        Format::Json | Format::Yaml => {
            let value: serde_json::Value = if format == Format::Json {
                serde_json::from_str(raw).map_err(|e| {
                    let (message, at) = json_syntax(raw, &e);
                    placed(format!("not valid JSON: {message}"), at)
                })?
            } else {
                let v: serde_yaml::Value = serde_yaml::from_str(raw).map_err(|e| yaml_error(&e))?;
                serde_json::to_value(v).map_err(|e| format!("YAML that JSON cannot hold: {e}"))?
            };
            let steps = parse_path(field)?;
            let mut out = Vec::new();
            collect(&value, &steps, String::new(), None, &mut Vec::new(), &mut out);
            out
        }
    };
    if items.is_empty() {
        return Err(format!("the field `{field}` selects no text in this file").into());
    }
    Ok(items)
}

fn placed(message: String, at: Option<(usize, usize)>) -> Problem {
    match at {
        Some((line, column)) => Problem::at(message, line, column),
        None => Problem::new(message),
    }
}

/// A serde_json error's message without its ` at line L column C` suffix, and its place in
/// `text` as a 1-based line and a 1-based column in characters (serde_json counts the column
/// in bytes, 0 before the line's first byte). `None` when the error has no place (`line()` 0).
pub fn json_syntax(text: &str, e: &serde_json::Error) -> (String, Option<(usize, usize)>) {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).map_or_else(|| full.clone(), str::to_string);
    if e.line() == 0 {
        return (message, None);
    }
    // The start of the error's line, then the byte `column` counts to.
    let start =
        if e.line() == 1 { 0 } else { text.match_indices('\n').nth(e.line() - 2).map_or(text.len(), |(i, _)| i + 1) };
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut byte = (start + e.column()).min(end);
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    (message, Some((e.line(), text[start..byte].chars().count().max(1))))
}

/// A YAML error with its place as data: the message drops the ` at line L column C` of the
/// problem (a context's own place, `while parsing a flow sequence at line 1 column 5`, stays:
/// it is another place).
fn yaml_error(e: &serde_yaml::Error) -> Problem {
    let full = e.to_string();
    let Some(l) = e.location() else {
        return Problem::new(format!("not valid YAML: {full}"));
    };
    let at = format!(" at line {} column {}", l.line(), l.column());
    let message = match full.find(&at) {
        Some(i) => format!("{}{}", &full[..i], &full[i + at.len()..]),
        None => full,
    };
    Problem::at(format!("not valid YAML: {message}"), l.line(), l.column())
}

/// A CSV error, placed at the record it is in when the reader says which.
fn csv_error(raw: &str, e: &csv::Error) -> Problem {
    let message = format!("not valid CSV: {e}");
    match e.position() {
        Some(p) => {
            let (line, column) = crate::inputs::place(raw, p.byte() as usize);
            Problem::at(message, line, column)
        }
        None => Problem::new(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_csv() {
        let raw = r#"[{"id": 7, "text": "I don\u2019t know"}]"#;
        let items = items(Format::Json, raw, "[].text").unwrap();
        assert_eq!(items[0].label, "[0].text (7)");
        assert_eq!(items[0].text, "I don’t know");
        let raw = "name,body\nrefund,\"Hi,\nno idea\"\n";
        let items = super::items(Format::Csv, raw, "body").unwrap();
        assert_eq!(items[0].label, "row 2 (refund)");
        assert!(super::items(Format::Csv, raw, "text").unwrap_err().message.contains("no column `text`"));
    }

    #[test]
    fn syntax_errors_are_placed() {
        // JSON: serde's byte column becomes a character column, the place leaves the message.
        let raw = "[\n  {\"text\": \"caf\u{e9} \u{2019}\", }\n]";
        let e = items(Format::Json, raw, "[].text").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(22)), "{e:?}");
        assert_eq!(e.message, "not valid JSON: trailing comma");
        // YAML: the problem's place is data; a context's own place stays in the message.
        let e = items(Format::Yaml, "a: [1, 2\nb: 3\n", "a").unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
        assert!(e.column.is_some() && !e.message.contains(&format!("at line 2 column {}", e.column.unwrap())), "{e:?}");
        assert!(e.message.starts_with("not valid YAML: "), "{e:?}");
        // No place to point at: none given.
        let e = items(Format::Json, "[]", "[].text").unwrap_err();
        assert_eq!((e.line, e.column), (None, None));
    }
}
