//! SARIF 2.1.0, as GitHub code scanning accepts it: every loaded rule with its help text, and
//! results with physical locations and, for safe fixes, `fixes`.
//!
//! The document is streamed like the json format's: the tool and its rules first, each result
//! as it comes, then the invocation (whether it succeeded is known only at the end) with its
//! notifications, spooled meanwhile. Memory does not grow with the number of results.

use super::stream::{write_nested, Array, Spool};
use super::{InputError, Origin, Renderer, Report, Summary};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{self, Write};
use tact::{Applicability, Rule, Severity};

pub struct Sarif {
    /// The rules, until the opening is written.
    rules: Vec<Value>,
    index: HashMap<String, usize>,
    /// The `results` array, once the opening is written.
    results: Option<Array>,
    notifications: Spool,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference (forward slashes, spaces and `%` escaped).
fn uri(path: &str) -> String {
    let path = if path == "<stdin>" { "stdin" } else { path };
    let path = path.strip_prefix("./").unwrap_or(path).replace('\\', "/");
    path.replace('%', "%25").replace(' ', "%20")
}

impl Sarif {
    /// `unused_directives`: `--report-unused-directives`, whose findings get a rule of their own.
    pub fn new(rules: &[Rule], unused_directives: bool) -> Self {
        let mut index = HashMap::new();
        let rules = rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                index.insert(r.code.clone(), i);
                let instead: Vec<String> = r.suggestions.iter().map(|s| format!("- {}", s.text)).collect();
                let example = r.examples.flag.first().map(|e| format!("\n\nExample: “{e}”")).unwrap_or_default();
                let mut markdown = format!("**{}** ({})\n\n{}{example}", r.name, r.category, r.why);
                if !instead.is_empty() {
                    markdown.push_str(&format!("\n\nUse instead:\n{}", instead.join("\n")));
                }
                if !r.sources.is_empty() {
                    let sources: Vec<String> = r.sources.iter().map(|s| format!("- {s}")).collect();
                    markdown.push_str(&format!("\n\nSources:\n{}", sources.join("\n")));
                }
                let mut rule = json!({
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": {"text": r.message.replace("{matched}", "…")},
                    "fullDescription": {"text": r.why},
                    "help": {"text": r.why, "markdown": markdown},
                    "defaultConfiguration": {"level": level(r.severity)},
                    "properties": {"category": r.category.as_str(), "tags": r.tags, "language": r.language.as_str(), "sources": r.sources},
                });
                // The first published source is the rule's help page; seed files are not URIs.
                if let Some(url) = r.sources.iter().find(|s| s.starts_with("https://") || s.starts_with("http://")) {
                    rule["helpUri"] = json!(url);
                }
                rule
            })
            .collect::<Vec<_>>();
        let mut rules = rules;
        if unused_directives {
            index.insert(tact::UNUSED_DIRECTIVE.to_string(), rules.len());
            let why = "A `tact-disable`, `tact-disable-next-line` or `# tact: ignore` directive that suppresses nothing: it no longer does anything, or names the wrong rule.";
            rules.push(json!({
                "id": tact::UNUSED_DIRECTIVE,
                "name": tact::UNUSED_DIRECTIVE,
                "shortDescription": {"text": "suppression directive suppresses nothing"},
                "fullDescription": {"text": why},
                "help": {"text": why, "markdown": format!("**{}** (suppression)\n\n{why}", tact::UNUSED_DIRECTIVE)},
                "defaultConfiguration": {"level": "warning"},
                "properties": {"category": "suppression", "tags": [], "language": "any"},
            }));
        }
        Sarif { rules, index, results: None, notifications: Spool::new(6) }
    }

    /// The results array, after writing everything before it the first time.
    fn results(&mut self, out: &mut dyn Write) -> io::Result<&mut Array> {
        if self.results.is_none() {
            out.write_all(b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n")?;
            out.write_all(b"  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ")?;
            let tool = json!({"driver": {
                "name": "tact",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/tact-lint/tact",
                "rules": std::mem::take(&mut self.rules),
            }});
            write_nested(out, &tool, 3)?;
            out.write_all(b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [")?;
        }
        Ok(self.results.get_or_insert_with(|| Array::new(4)))
    }
}

impl Renderer for Sarif {
    fn report(&mut self, out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
        self.results(out)?;
        for d in r.diagnostics {
            let (path, region) = match r.origin {
                Origin::File(p) | Origin::Item { path: p, .. } => (
                    p,
                    json!({
                        "startLine": d.line, "startColumn": d.column,
                        "endLine": d.end_line, "endColumn": d.end_column,
                        "snippet": {"text": d.matched},
                    }),
                ),
                // A record's text is not the file's text: point at the record's line.
                Origin::Record { path, line, .. } => (path, json!({"startLine": line, "snippet": {"text": d.matched}})),
            };
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(path)}, "region": region.clone()}}],
                "properties": {"category": d.category.as_str(), "name": d.name},
            });
            if let Some(i) = self.index.get(&d.code) {
                result["ruleIndex"] = json!(i);
            }
            match r.origin {
                Origin::Record { id, .. } => {
                    result["locations"][0]["logicalLocations"] =
                        json!([{"name": super::id_text(id), "kind": "message"}]);
                }
                Origin::Item { label, .. } => {
                    result["locations"][0]["logicalLocations"] = json!([{"name": label, "kind": "message"}]);
                }
                Origin::File(_) => {}
            }
            let fixes: Vec<Value> = d
                .suggestions
                .iter()
                .filter(|s| s.applicability == Applicability::Safe && matches!(r.origin, Origin::File(_)))
                .filter_map(|s| s.replacement_text())
                .map(|rep| {
                    json!({
                        "description": {"text": format!("Replace with “{rep}”")},
                        "artifactChanges": [{
                            "artifactLocation": {"uri": uri(path)},
                            "replacements": [{"deletedRegion": region, "insertedContent": {"text": rep}}],
                        }],
                    })
                })
                .collect();
            if !fixes.is_empty() {
                result["fixes"] = Value::Array(fixes);
            }
            self.results(out)?.push(out, &result)?;
        }
        Ok(())
    }

    fn input_error(&mut self, out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        self.results(out)?;
        let mut n = json!({"level": "error", "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(e.path)}}}]});
        if let Some(l) = e.line {
            let mut region = json!({"startLine": l});
            if let Some(c) = e.column {
                region["startColumn"] = json!(c);
            }
            n["locations"][0]["physicalLocation"]["region"] = region;
        }
        self.notifications.push(&n)
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        self.results(out)?.close(out)?;
        let ok = s.input_errors + s.rule_errors == 0;
        write!(
            out,
            ",\n      \"invocations\": [\n        {{\n          \"executionSuccessful\": {ok},\n          \"toolExecutionNotifications\": ["
        )?;
        self.notifications.finish(out)?;
        out.write_all(b"\n        }\n      ]\n    }\n  ]\n}\n")
    }
}
