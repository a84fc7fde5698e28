//! Canned-response libraries kept as data: YAML, JSON and CSV files holding many replies.
//!
//! `--field PATH` names the text field: `.`-separated keys, with `[]` for "each element of
//! this list" (`macros[].body`, `[].text`, `replies[].translations.de`); for CSV, a column name.
//! Each reply is linted on its own and reported with its index (and title, when the item has a
//! `title`, `name` or `id`). Positions are mapped back into the file by finding the reply's
//! text there: exactly where the text stands verbatim (YAML block scalars, plain CSV fields),
//! at the start of the reply otherwise (escaped JSON strings).

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
    pub text: String,
    /// Byte offset in the file where the text (or its item) starts: the anchor for mapping.
    pub anchor: usize,
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
    out: &mut Vec<(String, String)>,
) {
    let Some((step, rest)) = steps.split_first() else {
        if let serde_json::Value::String(s) = v {
            let label = match title {
                Some(t) => format!("{label} ({t})"),
                None => label,
            };
            out.push((label, s.clone()));
        }
        return;
    };
    match step {
        Step::Key(k) => {
            if let Some(x) = v.get(k) {
                let label = if label.is_empty() { k.clone() } else { format!("{label}.{k}") };
                collect(x, rest, label, title, out);
            }
        }
        Step::Each => {
            if let serde_json::Value::Array(items) = v {
                for (i, x) in items.iter().enumerate() {
                    let t = ["title", "name", "id"].iter().find_map(|k| x.get(*k)).map(|t| match t {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    });
                    collect(x, rest, format!("{label}[{i}]"), t.or(title.clone()), out);
                }
            }
        }
    }
}

/// Finds where `text` starts in `raw` at or after `from`: by its first non-blank line, verbatim.
fn locate(raw: &str, from: usize, text: &str) -> Option<usize> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let probe: String = first.chars().take(40).collect();
    raw[from..].find(&probe).map(|i| from + i)
}

/// Reads the replies the field path selects. Errors say what is wrong and where.
pub fn items(format: Format, raw: &str, field: &str) -> Result<Vec<Item>, String> {
    let pairs: Vec<(String, String)> = match format {
        Format::Csv => {
            let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(raw.as_bytes());
            let headers = rdr.headers().map_err(|e| format!("not valid CSV: {e}"))?.clone();
            let col = headers.iter().position(|h| h == field).ok_or_else(|| {
                format!("no column `{field}` (columns: {})", headers.iter().collect::<Vec<_>>().join(", "))
            })?;
            let title_col = ["title", "name", "id"].iter().find_map(|t| headers.iter().position(|h| h == *t));
            let mut out = Vec::new();
            for rec in rdr.records() {
                let rec = rec.map_err(|e| format!("not valid CSV: {e}"))?;
                let line = rec.position().map_or(0, |p| p.line());
                let title = title_col.and_then(|c| rec.get(c)).filter(|t| !t.is_empty());
                let label = match title {
                    Some(t) => format!("row {line} ({t})"),
                    None => format!("row {line}"),
                };
                if let Some(text) = rec.get(col) {
                    out.push((label, text.to_string()));
                }
            }
            out
        }
        Format::Json | Format::Yaml => {
            let value: serde_json::Value = if format == Format::Json {
                serde_json::from_str(raw).map_err(|e| format!("not valid JSON: {e}"))?
            } else {
                let v: serde_yaml::Value = serde_yaml::from_str(raw).map_err(|e| {
                    let msg = e.to_string();
                    match e.location() {
                        Some(l) => format!(
                            "not valid YAML at line {}, column {}: {}",
                            l.line(),
                            l.column(),
                            msg.split(" at line ").next().unwrap_or(&msg)
                        ),
                        None => format!("not valid YAML: {msg}"),
                    }
                })?;
                serde_json::to_value(v).map_err(|e| format!("YAML that JSON cannot hold: {e}"))?
            };
            let steps = parse_path(field)?;
            let mut out = Vec::new();
            collect(&value, &steps, String::new(), None, &mut out);
            out
        }
    };
    if pairs.is_empty() {
        return Err(format!("the field `{field}` selects no text in this file"));
    }
    let mut cursor = 0;
    let mut items = Vec::with_capacity(pairs.len());
    for (label, text) in pairs {
        let anchor = locate(raw, cursor, &text).unwrap_or(cursor);
        cursor = anchor;
        items.push(Item { label, text, anchor });
    }
    Ok(items)
}

/// Maps a diagnostic of an item's text into the file: `(start, end)` of the matched text where
/// it stands verbatim after the anchor, else an empty span at the anchor.
pub fn map_span(raw: &str, item: &Item, matched: &str) -> (usize, usize) {
    let probe = matched.lines().next().unwrap_or(matched);
    match raw[item.anchor..].find(probe) {
        Some(i) if !probe.is_empty() => (item.anchor + i, item.anchor + i + probe.len()),
        _ => (item.anchor, item.anchor),
    }
}

/// Does the file line holding `at` (or the line before the item) carry `# tact: ignore` for
/// this rule?
pub fn yaml_ignored(raw: &str, item: &Item, at: usize, code: &str, name: &str) -> bool {
    let line_of = |pos: usize| {
        let s = raw[..pos].rfind('\n').map_or(0, |i| i + 1);
        let e = raw[pos..].find('\n').map_or(raw.len(), |i| pos + i);
        &raw[s..e]
    };
    let key_line = raw[..item.anchor].trim_end_matches(|c: char| c != '\n').trim_end_matches('\n');
    let key_line = key_line.rsplit('\n').next().unwrap_or("");
    [line_of(at), key_line].iter().any(|l| {
        l.find("# tact: ignore").is_some_and(|i| {
            let rules: Vec<&str> =
                l[i + "# tact: ignore".len()..].split([' ', ',']).filter(|x| !x.is_empty()).collect();
            rules.is_empty() || rules.iter().any(|r| r.eq_ignore_ascii_case(code) || *r == name)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_block_scalars_map_to_their_lines() {
        let raw = "macros:\n  - title: Refund\n    body: |\n      Hi,\n      no idea where it is.\n  - title: Thanks\n    body: Thanks!\n";
        let items = items(Format::Yaml, raw, "macros[].body").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].label, "macros[0].body (Refund)");
        let (s, e) = map_span(raw, &items[0], "no idea");
        assert_eq!(&raw[s..e], "no idea");
        assert_eq!(&raw[items[1].anchor..items[1].anchor + 7], "Thanks!");
    }

    #[test]
    fn json_and_csv() {
        let raw = r#"[{"id": 7, "text": "I don\u2019t know"}]"#;
        let items = items(Format::Json, raw, "[].text").unwrap();
        assert_eq!(items[0].label, "[0].text (7)");
        assert_eq!(items[0].text, "I don’t know");
        let raw = "name,body\nrefund,\"Hi,\nno idea\"\n";
        let items = super::items(Format::Csv, raw, "body").unwrap();
        assert_eq!(items[0].label, "row 2 (refund)");
        assert!(super::items(Format::Csv, raw, "text").unwrap_err().contains("no column `text`"));
    }
}
