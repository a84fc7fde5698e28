//! Where each reply of a structured file is written: offset maps from the file's structure.

use super::{Format, Item, Key, Locator};
use std::collections::HashMap;
use std::rc::Rc;
use tact::{Directive, DirectiveKind, LineIndex};

/// Where each character of a reply is written in the file: runs of characters written out
/// as they are, and single characters written as an escape sequence.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    /// Where the run starts in the reply's text.
    text: usize,
    /// Where it starts and ends in the file.
    raw: usize,
    raw_end: usize,
    /// Written as it is (otherwise one character written as an escape sequence).
    verbatim: bool,
}

impl OffsetMap {
    fn push_char(&mut self, at: usize, raw: usize, len: usize) {
        if let Some(last) = self.runs.last_mut() {
            if last.verbatim && last.raw_end == raw && last.text + (last.raw_end - last.raw) == at {
                last.raw_end += len;
                return;
            }
        }
        self.runs.push(Run { text: at, raw, raw_end: raw + len, verbatim: true });
    }

    fn push_escape(&mut self, at: usize, raw: usize, raw_end: usize) {
        self.runs.push(Run { text: at, raw, raw_end, verbatim: false });
    }

    /// The run holding text offset `at`.
    fn run(&self, at: usize) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.text <= at);
        self.runs.get(i.checked_sub(1)?)
    }

    /// The file span of the reply's `start..end`, or `None` when part of it has no exact place.
    pub fn span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        // Every run has a place; an escape maps as a whole (spans hold whole characters, so a
        // `\u2019` or a surrogate pair is never split).
        let s = self.run(start)?;
        let raw_start = if s.verbatim { s.raw + (start - s.text) } else { s.raw };
        if end <= start {
            return Some((raw_start, raw_start));
        }
        let e = self.run(end - 1)?;
        let raw_end = if e.verbatim { e.raw + (end - e.text) } else { e.raw_end };
        Some((raw_start, raw_end))
    }
}

/// How a string is written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// As it is: a CSV field without quotes.
    Verbatim,
    /// YAML plain and block scalars: line breaks and indentation between characters.
    YamlPlain,
    /// `'…'`: line folding, `''` for `'`.
    YamlSingle,
    /// `"…"`: line folding and backslash escapes.
    YamlDouble,
    /// A JSON string: backslash escapes.
    Json,
    /// A quoted CSV field: `""` for `"`.
    CsvQuoted,
}

/// An escape sequence at the start of `s`: the character it stands for (`None`: nothing, an
/// escaped YAML line break), its length, and whether it is a Unicode escape.
fn escape(style: Style, s: &str) -> Option<(Option<char>, usize, bool)> {
    let hex = |digits: &str| u32::from_str_radix(digits, 16).ok();
    match style {
        Style::YamlSingle if s.starts_with("''") => Some((Some('\''), 2, false)),
        Style::CsvQuoted if s.starts_with("\"\"") => Some((Some('"'), 2, false)),
        Style::Json | Style::YamlDouble if s.starts_with('\\') => {
            let c = s[1..].chars().next()?;
            let simple = match c {
                '"' => Some('"'),
                '\\' => Some('\\'),
                '/' => Some('/'),
                'b' => Some('\u{8}'),
                'f' => Some('\u{c}'),
                'n' => Some('\n'),
                'r' => Some('\r'),
                't' => Some('\t'),
                _ => None,
            };
            if let Some(ch) = simple {
                return Some((Some(ch), 2, false));
            }
            if c == 'u' {
                let unit = hex(s.get(2..6)?)?;
                if (0xD800..0xDC00).contains(&unit) && style == Style::Json {
                    let low = s.get(6..8).filter(|p| *p == "\\u").and_then(|_| hex(s.get(8..12)?))?;
                    let code = 0x10000 + ((unit - 0xD800) << 10) + (low.checked_sub(0xDC00)?);
                    return Some((Some(char::from_u32(code)?), 12, true));
                }
                return Some((Some(char::from_u32(unit)?), 6, true));
            }
            if style == Style::Json {
                return None;
            }
            let yaml = match c {
                '0' => '\0',
                'a' => '\u{7}',
                'v' => '\u{b}',
                'e' => '\u{1b}',
                ' ' => ' ',
                '\t' => '\t',
                'N' => '\u{85}',
                '_' => '\u{a0}',
                'L' => '\u{2028}',
                'P' => '\u{2029}',
                'x' => return Some((Some(char::from_u32(hex(s.get(2..4)?)?)?), 4, true)),
                'U' => return Some((Some(char::from_u32(hex(s.get(2..10)?)?)?), 10, true)),
                '\n' => return Some((None, 2, false)),
                '\r' => return Some((None, if s[2..].starts_with('\n') { 3 } else { 2 }, false)),
                _ => return None,
            };
            Some((Some(yaml), 2, false))
        }
        _ => None,
    }
}

/// Aligns a reply's `text` with the file from byte `from`: each character is either written
/// there as it is or as an escape, with only what the style allows between characters (line
/// breaks and indentation, for YAML). `None` when the two do not line up.
fn align(text: &str, raw: &str, from: usize, style: Style) -> Option<OffsetMap> {
    let mut map = OffsetMap::default();
    let mut j = from;
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        let rest = raw.get(j..)?;
        if let Some((decoded, len, _)) = escape(style, rest) {
            match decoded {
                None => {}
                Some(d) if d == c => {
                    map.push_escape(i, j, j + len);
                    chars.next();
                }
                Some(_) => return None,
            }
            j += len;
            continue;
        }
        let r = rest.chars().next()?;
        let yaml = matches!(style, Style::YamlPlain | Style::YamlSingle | Style::YamlDouble);
        if r == c {
            map.push_char(i, j, r.len_utf8());
            chars.next();
        } else if yaml && c == ' ' && r == '\n' {
            // A line break YAML folds into a space.
            map.push_escape(i, j, j + 1);
            chars.next();
        } else if yaml && r.is_whitespace() {
            // Indentation and line breaks that YAML keeps out of the value.
        } else {
            return None;
        }
        j += r.len_utf8();
    }
    Some(map)
}

/// Where each reply of a file is, worked out once per file (when the first finding needs it).
pub struct Places {
    maps: Vec<Option<OffsetMap>>,
    /// YAML: the 1-based line of each reply's key, where a `# tact: ignore` covers the reply.
    key_lines: Vec<Option<usize>>,
    /// The file's `# tact: ignore` directives (YAML only), by their 1-based line, folded into
    /// the rules they name: a finding asks its own line and its reply's key line with two
    /// lookups each, however many directives and findings a line holds (asking each directive
    /// of the line for each finding of the line was quadratic on a long flow sequence).
    ignores: HashMap<usize, LineIgnores>,
}

/// What the `# tact: ignore` directives of one line switch off. Each covers its whole line,
/// so a finding on the line is off when any of them names its rule.
#[derive(Debug, Default)]
struct LineIgnores {
    /// A directive naming no rule: every rule is off.
    all: bool,
    /// The rules named, lowercased (a code matches in any case).
    codes: std::collections::HashSet<String>,
    /// The rules named, as written (a name matches exactly).
    names: std::collections::HashSet<String>,
}

impl LineIgnores {
    fn add(&mut self, d: &Directive) {
        self.all |= d.rules.is_empty();
        for r in &d.rules {
            self.codes.insert(r.to_ascii_lowercase());
            self.names.insert(r.clone());
        }
    }

    /// As [`Directive::names`] asked of every directive of the line.
    fn names(&self, code: &str, name: &str) -> bool {
        self.all || self.names.contains(name) || self.codes.contains(&code.to_ascii_lowercase())
    }
}

impl Places {
    pub fn new(format: Format, raw: &str, items: &[Item], lines: &LineIndex) -> Places {
        let n = items.len();
        let (maps, key_lines) = match format {
            Format::Csv => (items.iter().map(|item| csv_map(raw, item)).collect(), vec![None; n]),
            Format::Json => {
                let literals = json_literals(raw, items);
                let maps =
                    items.iter().zip(literals).map(|(item, at)| align(&item.text, raw, at? + 1, Style::Json)).collect();
                (maps, vec![None; n])
            }
            Format::Yaml => yaml_places(raw, items, lines),
        };
        let mut ignores: HashMap<usize, LineIgnores> = HashMap::new();
        if format == Format::Yaml {
            for d in Directive::find_all(raw).into_iter().filter(|d| d.kind == DirectiveKind::Ignore) {
                ignores.entry(d.line).or_default().add(&d);
            }
        }
        Places { maps, key_lines, ignores }
    }

    /// The file span of a finding `start..end` of reply `item`; an empty span at the start of
    /// the file when it has no exact place.
    pub fn span(&self, item: usize, start: usize, end: usize) -> (usize, usize) {
        self.maps[item].as_ref().and_then(|m| m.span(start, end)).unwrap_or((0, 0))
    }

    /// Is a finding of rule `code`/`name` at file byte `at` (on 1-based line `line`) of reply
    /// `item` switched off by a `# tact: ignore` on its line or on the line of the reply's key?
    pub fn ignored(&self, item: usize, code: &str, name: &str, line: usize) -> bool {
        let on = |l: usize| self.ignores.get(&l).is_some_and(|i| i.names(code, name));
        on(line) || self.key_lines[item].is_some_and(on)
    }
}

/// A CSV field's place: its record's fields walked from the record's start.
fn csv_map(raw: &str, item: &Item) -> Option<OffsetMap> {
    let Locator::Csv { record, column } = item.at else { return None };
    let b = raw.as_bytes();
    let mut i = record;
    for _ in 0..column {
        if b.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match b.get(i)? {
                    b'"' if b.get(i + 1) == Some(&b'"') => i += 2,
                    b'"' => {
                        i += 1;
                        break;
                    }
                    _ => i += 1,
                }
            }
        }
        while *b.get(i)? != b',' {
            if matches!(b[i], b'\n' | b'\r') {
                return None;
            }
            i += 1;
        }
        i += 1;
    }
    match b.get(i) {
        Some(b'"') => align(&item.text, raw, i + 1, Style::CsvQuoted),
        _ => align(&item.text, raw, i, Style::Verbatim),
    }
}

/// Byte offset of the opening quote of each reply's JSON string, from the parsed structure.
fn json_literals(raw: &str, items: &[Item]) -> Vec<Option<usize>> {
    use serde_json::value::RawValue;
    use std::collections::BTreeMap;
    /// An object or array, its members left unparsed (slices of the file).
    enum Parsed<'a> {
        Object(BTreeMap<String, &'a RawValue>),
        Array(Vec<&'a RawValue>),
    }
    let Ok(root) = serde_json::from_str::<&RawValue>(raw) else {
        return vec![None; items.len()];
    };
    // Each object and array on the way is read once, whatever number of replies it holds.
    let mut containers: HashMap<Vec<Key>, Option<Parsed>> = HashMap::new();
    items
        .iter()
        .map(|item| {
            let Locator::Path(keys) = &item.at else { return None };
            let mut v = root;
            for (depth, key) in keys.iter().enumerate() {
                let parsed = containers.entry(keys[..depth].to_vec()).or_insert_with(|| match key {
                    Key::Name(_) => serde_json::from_str(v.get()).ok().map(Parsed::Object),
                    Key::Index(_) => serde_json::from_str(v.get()).ok().map(Parsed::Array),
                });
                v = match (parsed.as_ref()?, key) {
                    (Parsed::Object(members), Key::Name(k)) => members.get(k)?,
                    (Parsed::Array(elements), Key::Index(i)) => elements.get(*i)?,
                    _ => return None,
                };
            }
            // The value is a slice of `raw`: its offset is where it stands in the file.
            v.get().starts_with('"').then(|| v.get().as_ptr() as usize - raw.as_ptr() as usize)
        })
        .collect()
}

/// A YAML node with the place of its scalars (character indices, as the parser counts).
/// Children are shared, so an alias is the node its anchor names at no cost.
enum Node {
    Scalar {
        value: String,
        style: saphyr_parser::ScalarStyle,
        at: usize,
    },
    Seq(Vec<Rc<Node>>),
    Map(Vec<(Rc<Node>, Rc<Node>)>),
    /// An alias to an anchor not seen (or anything else): no place.
    Other,
}

/// Reads one node from the events, remembering anchored nodes: an alias (`*x`) is the node
/// of its anchor (`&x`), so a reply written once and used again is placed where it is written.
fn yaml_node<'a>(
    events: &mut impl Iterator<Item = (saphyr_parser::Event<'a>, saphyr_parser::Span)>,
    first: (saphyr_parser::Event<'a>, saphyr_parser::Span),
    anchors: &mut HashMap<usize, Rc<Node>>,
) -> Option<Rc<Node>> {
    use saphyr_parser::Event;
    let (node, anchor) = match first.0 {
        Event::Scalar(value, style, anchor, _) => {
            (Node::Scalar { value: value.into_owned(), style, at: first.1.start.index() }, anchor)
        }
        Event::SequenceStart(anchor, _) => {
            let mut items = Vec::new();
            loop {
                let e = events.next()?;
                if matches!(e.0, Event::SequenceEnd) {
                    break (Node::Seq(items), anchor);
                }
                items.push(yaml_node(events, e, anchors)?);
            }
        }
        Event::MappingStart(anchor, _) => {
            let mut pairs = Vec::new();
            loop {
                let e = events.next()?;
                if matches!(e.0, Event::MappingEnd) {
                    break (Node::Map(pairs), anchor);
                }
                let key = yaml_node(events, e, anchors)?;
                let next = events.next()?;
                let value = yaml_node(events, next, anchors)?;
                pairs.push((key, value));
            }
        }
        Event::Alias(id) => return Some(anchors.get(&id).cloned().unwrap_or_else(|| Rc::new(Node::Other))),
        _ => (Node::Other, 0),
    };
    let node = Rc::new(node);
    if anchor > 0 {
        anchors.insert(anchor, node.clone());
    }
    Some(node)
}

/// Where a scalar's text begins in the file from where its node begins: after its properties,
/// an anchor (`&x`) and a tag (`!!str`, `!<…>`), and the white space after each.
fn after_properties(raw: &str, mut at: usize) -> usize {
    while raw[at..].starts_with(['&', '!']) {
        let rest = &raw[at..];
        at += rest.find(char::is_whitespace).unwrap_or(rest.len());
        let rest = &raw[at..];
        at += rest.len() - rest.trim_start().len();
    }
    at
}

/// Each YAML reply's offset map and key line, from the file's event spans.
fn yaml_places(raw: &str, items: &[Item], lines: &LineIndex) -> (Vec<Option<OffsetMap>>, Vec<Option<usize>>) {
    use saphyr_parser::{Event, Parser, ScalarStyle};
    let none = || (vec![None; items.len()], vec![None; items.len()]);
    let mut events = Parser::new_from_str(raw).map_while(Result::ok);
    let Some(first) = events.find(|(e, _)| !matches!(e, Event::StreamStart | Event::DocumentStart(_))) else {
        return none();
    };
    let Some(root) = yaml_node(&mut events, first, &mut HashMap::new()) else { return none() };
    // (value node, key scalar) of each reply.
    let found: Vec<Option<(&Rc<Node>, Option<usize>)>> = items
        .iter()
        .map(|item| {
            let Locator::Path(keys) = &item.at else { return None };
            let (mut node, mut key_at) = (&root, None);
            for key in keys {
                (node, key_at) = match (&**node, key) {
                    (Node::Map(pairs), Key::Name(k)) => {
                        let (kn, v) = pairs
                            .iter()
                            .rev()
                            .find(|(kn, _)| matches!(&**kn, Node::Scalar { value, .. } if value == k))?;
                        let Node::Scalar { at, .. } = &**kn else { return None };
                        (v, Some(*at))
                    }
                    (Node::Seq(items), Key::Index(i)) => (items.get(*i)?, None),
                    _ => return None,
                };
            }
            Some((node, key_at))
        })
        .collect();
    // Character indices to byte offsets, in one pass over the file.
    let mut wanted: Vec<usize> = found
        .iter()
        .flatten()
        .flat_map(|(node, key)| {
            let at = match &***node {
                Node::Scalar { at, .. } => Some(*at),
                _ => None,
            };
            at.into_iter().chain(*key)
        })
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut bytes = HashMap::with_capacity(wanted.len());
    let mut want = wanted.iter().peekable();
    for (n, (b, _)) in raw.char_indices().chain([(raw.len(), ' ')]).enumerate() {
        while want.next_if(|&&w| w == n).is_some() {
            bytes.insert(n, b);
        }
        if want.peek().is_none() {
            break;
        }
    }
    let mut maps = Vec::with_capacity(items.len());
    let mut key_lines = Vec::with_capacity(items.len());
    for (item, f) in items.iter().zip(found) {
        let Some((node, key)) = f else {
            maps.push(None);
            key_lines.push(None);
            continue;
        };
        let Node::Scalar { value, style, at } = &**node else {
            maps.push(None);
            key_lines.push(None);
            continue;
        };
        key_lines.push(key.and_then(|k| bytes.get(&k)).map(|&b| lines.line(b)));
        let map = bytes.get(at).filter(|_| *value == item.text).and_then(|&start| {
            let start = after_properties(raw, start);
            let (skip, style) = match style {
                ScalarStyle::SingleQuoted => (raw[start..].starts_with('\''), Style::YamlSingle),
                ScalarStyle::DoubleQuoted => (raw[start..].starts_with('"'), Style::YamlDouble),
                _ => (false, Style::YamlPlain),
            };
            align(&item.text, raw, start + usize::from(skip), style)
        });
        maps.push(map);
    }
    (maps, key_lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structured::{items, Format};

    /// The file text of each finding-sized piece of every reply, through the offset maps.
    fn placed(format: Format, raw: &str, field: &str, needle: &str) -> Vec<(usize, String)> {
        let items = items(format, raw, field).unwrap();
        let lines = LineIndex::new(raw);
        let places = Places::new(format, raw, &items, &lines);
        let mut out = Vec::new();
        let mut starts = std::collections::HashSet::new();
        for (n, item) in items.iter().enumerate() {
            for (i, _) in item.text.match_indices(needle) {
                let (s, e) = places.span(n, i, i + needle.len());
                assert!(starts.insert(s), "two findings placed at byte {s}");
                out.push((lines.line(s), raw[s..e].to_string()));
            }
        }
        out
    }

    #[test]
    fn yaml_block_scalars_map_to_their_lines() {
        let raw = "macros:\n  - title: Refund\n    body: |\n      Hi,\n      no idea where it is.\n  - title: Thanks\n    body: Thanks!\n";
        let items = items(Format::Yaml, raw, "macros[].body").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].label, "macros[0].body (Refund)");
        assert_eq!(placed(Format::Yaml, raw, "macros[].body", "no idea"), [(5, "no idea".to_string())]);
        assert_eq!(placed(Format::Yaml, raw, "macros[].body", "Thanks!"), [(7, "Thanks!".to_string())]);
    }

    #[test]
    fn a_repeated_phrase_is_placed_twice() {
        let yaml = "r:\n  - b: |\n      no idea, no idea\n      and no idea\n  - b: \"x no idea\"\n  - b: 'it''s no idea'\n  - b: plain no idea\n      folded no idea\n";
        let want = |lines: &[usize]| lines.iter().map(|&l| (l, "no idea".to_string())).collect::<Vec<_>>();
        assert_eq!(placed(Format::Yaml, yaml, "r[].b", "no idea"), want(&[3, 3, 4, 5, 6, 7, 8]));
        let json = "[\n {\"t\": \"no idea\\nno idea \\\"q\\\" no idea\"},\n {\"t\": \"no idea\"}\n]";
        assert_eq!(placed(Format::Json, json, "[].t", "no idea"), want(&[2, 2, 2, 3]));
        let csv = "id,body\n1,\"no idea, \"\"no idea\"\"\nno idea\"\n2,no idea\n";
        assert_eq!(placed(Format::Csv, csv, "body", "no idea"), want(&[2, 2, 3, 4]));
        // A second column and a quoted first field are stepped over.
        let csv = "\"a,\"\"b\",body\n\"x,\"\"y\",no idea\n";
        assert_eq!(placed(Format::Csv, csv, "body", "no idea"), want(&[2]));
    }

    #[test]
    fn anchored_tagged_and_aliased_replies_are_placed_where_they_are_written() {
        // Each used to get no place (line 1, column 1): the node's span starts at its anchor or
        // tag, and an alias had no node.
        let yaml = "a: &x \"x no idea\"\nr:\n  - b: *x\n  - b: !!str no idea\n  - b: &y no idea\n  - b: &z !!str\n      'z no idea'\n  - b: *y\n  - b: !<tag:yaml.org,2002:str> \"no idea\"\n";
        let items = items(Format::Yaml, yaml, "r[].b").unwrap();
        let lines = LineIndex::new(yaml);
        let places = Places::new(Format::Yaml, yaml, &items, &lines);
        let got: Vec<(usize, &str)> = items
            .iter()
            .enumerate()
            .map(|(n, item)| {
                let i = item.text.find("no idea").unwrap();
                let (s, e) = places.span(n, i, i + 7);
                (lines.line(s), &yaml[s..e])
            })
            .collect();
        // The aliases (lines 3 and 8) are placed at their anchors (lines 1 and 5).
        assert_eq!(got, [1, 4, 5, 7, 5, 9].map(|l| (l, "no idea")));
    }

    #[test]
    fn escapes_and_folds_map_to_where_they_are_written() {
        let json = r#"{"t": "a\tb \"no\" I don\u2019t know"}"#;
        let items = items(Format::Json, json, "t").unwrap();
        let lines = LineIndex::new(json);
        let places = Places::new(Format::Json, json, &items, &lines);
        let text = &items[0].text;
        let at = |s: &str| text.find(s).unwrap();
        let (s, e) = places.span(0, at("b \"no\""), at("b \"no\"") + "b \"no\"".len());
        assert_eq!(&json[s..e], "b \\\"no\\\"");
        // A character written as a Unicode escape maps to the whole escape.
        let (s, e) = places.span(0, at("I don"), text.len());
        assert_eq!(&json[s..e], "I don\\u2019t know");
        let (s, e) = places.span(0, at("a\tb"), at("a\tb") + 3);
        assert_eq!(&json[s..e], "a\\tb");
        let yaml = "t: >\n  I don't\n  know\n";
        let items = crate::structured::items(Format::Yaml, yaml, "t").unwrap();
        let places = Places::new(Format::Yaml, yaml, &items, &LineIndex::new(yaml));
        let (s, e) = places.span(0, 0, items[0].text.trim_end().len());
        assert_eq!(&yaml[s..e], "I don't\n  know");
    }

    #[test]
    fn yaml_ignore_comments_on_the_line_or_the_key() {
        let raw = "r:\n  - b: |  # tact: ignore X1\n      no idea\n  - b: no idea  # tact: ignore\n  - b: no idea\n";
        let items = items(Format::Yaml, raw, "r[].b").unwrap();
        let lines = LineIndex::new(raw);
        let places = Places::new(Format::Yaml, raw, &items, &lines);
        let ignored = |n: usize, code: &str| {
            let at = places.span(n, 0, 7).0;
            places.ignored(n, code, "x", lines.line(at))
        };
        assert!(ignored(0, "X1"));
        assert!(!ignored(0, "X2"));
        assert!(ignored(1, "X2"));
        assert!(!ignored(2, "X1"));
    }

    #[test]
    fn many_ignores_and_findings_on_one_line_are_linear() {
        // A flow sequence of 20,000 replies on one line, and 20,000 directives after it: each
        // finding asks its line once, not every directive of the line (4e8 comparisons).
        let n = 20_000;
        let raw = format!(
            "r: [{}]{}\n",
            vec!["no idea"; n].join(", "),
            " # tact: ignore x1 # tact: ignore name".repeat(n / 2)
        );
        let items = items(Format::Yaml, &raw, "r[]").unwrap();
        let lines = LineIndex::new(&raw);
        let places = Places::new(Format::Yaml, &raw, &items, &lines);
        let start = std::time::Instant::now();
        for i in 0..n {
            // Codes in any case, names as written.
            assert!(places.ignored(i, "X1", "other", 1));
            assert!(places.ignored(i, "X2", "name", 1));
            assert!(!places.ignored(i, "X2", "Name", 1));
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    }
}
