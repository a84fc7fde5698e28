//! `tact eval`: how the rules behave on a real corpus, for people to review.
//!
//! Prints a Markdown report: how many records get a warning or error, each rule's count with
//! sample hits in context, category counts per group (e.g. per source) and, per label value,
//! the share of records flagged per category (recall on labelled rows, false alarms on the
//! others). The same command and corpus always give the same report.

use crate::cli::EvalArgs;
use crate::inputs;
use crate::settings::Rules;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use tact::{Diagnostic, Language, Linter, Severity};

struct Hit {
    id: String,
    context: String,
}

struct RuleStat {
    name: String,
    category: &'static str,
    severity: Severity,
    messages: usize,
    samples: Vec<Hit>,
}

fn context(text: &str, d: &Diagnostic) -> String {
    let mut a = d.start.saturating_sub(60);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (d.end + 60).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    // Folds white space runs to one space, keeping a space at either edge.
    let squash = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if c.is_whitespace() {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    format!(
        "{}{}**{}**{}{}",
        if a > 0 { "…" } else { "" },
        squash(&text[a..d.start]),
        squash(&text[d.start..d.end]),
        squash(&text[d.end..b]),
        if b < text.len() { "…" } else { "" }
    )
    .replace('|', "\\|")
}

pub fn run(args: &EvalArgs) -> Result<u8> {
    if args.labels {
        return labelled(args);
    }
    // One linter for all records, or one per language with --lang-field.
    let mut linters: BTreeMap<String, Linter> = BTreeMap::new();
    let selection = Rules::from_args(&args.rules)?;
    let load = |languages: Vec<Language>| -> Result<Linter> {
        let mut r = selection.clone();
        r.settings.languages = languages;
        crate::rules::load_strict(&r)
    };
    linters.insert(String::new(), load(selection.settings.languages.clone())?);
    if args.lang_field.is_some() {
        for &l in Language::ALL {
            linters.insert(l.as_str().to_string(), load(vec![l])?);
        }
    }
    let mut filters: Vec<(&str, &str)> = Vec::new();
    for f in &args.filters {
        let Some(kv) = f.split_once('=') else {
            anyhow::bail!("invalid value `{f}` for --filter: expected FIELD=VALUE");
        };
        filters.push(kv);
    }
    let keep = |v: &serde_json::Value| {
        filters.iter().all(|(k, want)| match inputs::field(v, k) {
            Some(serde_json::Value::String(s)) => s == want,
            Some(other) => serde_json::from_str::<serde_json::Value>(want).is_ok_and(|w| &w == other),
            None => false,
        })
    };
    let mut records: Vec<serde_json::Value> = Vec::new();
    let mut bad = 0;
    for f in &args.files {
        let file = std::fs::File::open(f).with_context(|| format!("{}: cannot read", f.display()))?;
        let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
        let mut buf = Vec::new();
        for n in 1.. {
            // Line by line, each at most 16 MiB (the default --max-message-bytes of `check`):
            // a longer line is skipped to its end without being held, and counted as bad.
            buf.clear();
            let line = match crate::check::read_line_bounded(&mut reader, crate::inputs::FILE_LIMIT as usize, &mut buf)
                .with_context(|| format!("{}: cannot read", f.display()))?
            {
                crate::check::LineRead::Eof => break,
                crate::check::LineRead::TooLong => {
                    bad += 1;
                    crate::report::warning(format_args!(
                        "{}:{n}: line longer than {}; skipped",
                        f.display(),
                        crate::inputs::human_size(crate::inputs::FILE_LIMIT)
                    ));
                    continue;
                }
                crate::check::LineRead::Line(a, b) => {
                    std::str::from_utf8(&buf[a..b]).with_context(|| format!("{}:{n}: not UTF-8", f.display()))?
                }
            };
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(v) if inputs::field(&v, &args.text_field).is_some_and(|t| t.is_string()) => {
                    if keep(&v) {
                        records.push(v);
                    }
                }
                _ if line.trim().is_empty() => {}
                _ => bad += 1,
            }
        }
    }
    let results: Vec<Vec<Diagnostic>> = records
        .par_iter()
        .map(|r| {
            let text = inputs::field(r, &args.text_field).and_then(|t| t.as_str()).unwrap_or_default();
            let lang =
                args.lang_field.as_ref().and_then(|f| inputs::field(r, f)).and_then(|l| l.as_str()).unwrap_or("");
            let linter = linters.get(lang).unwrap_or(&linters[""]);
            linter.lint(text)
        })
        .collect();

    let field_str = |r: &serde_json::Value, f: &str| match inputs::field(r, f) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => "-".to_string(),
        Some(v) => v.to_string(),
    };
    let mut rules: BTreeMap<String, RuleStat> = BTreeMap::new();
    let mut warned = 0;
    let mut any = 0;
    let mut groups: BTreeMap<String, (usize, BTreeMap<&'static str, usize>)> = BTreeMap::new();
    let mut labels: BTreeMap<String, (usize, BTreeMap<&'static str, usize>)> = BTreeMap::new();
    let mut all_categories: BTreeSet<&'static str> = BTreeSet::new();
    for (r, diags) in records.iter().zip(&results) {
        let text = inputs::field(r, &args.text_field).and_then(|t| t.as_str()).unwrap_or_default();
        if !diags.is_empty() {
            any += 1;
        }
        if diags.iter().any(|d| d.severity >= Severity::Warning) {
            warned += 1;
        }
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut cats: BTreeSet<&'static str> = BTreeSet::new();
        for d in diags {
            cats.insert(d.category.as_str());
            all_categories.insert(d.category.as_str());
            if !seen.insert(d.code.as_str()) {
                continue;
            }
            let st = rules.entry(d.code.clone()).or_insert_with(|| RuleStat {
                name: d.name.clone(),
                category: d.category.as_str(),
                severity: d.severity,
                messages: 0,
                samples: Vec::new(),
            });
            st.messages += 1;
            if st.samples.len() < args.samples {
                st.samples.push(Hit { id: field_str(r, &args.id_field), context: context(text, d) });
            }
        }
        for (field, map) in [(&args.group_by, &mut groups), (&args.label_field, &mut labels)] {
            if let Some(f) = field {
                let e = map.entry(field_str(r, f)).or_default();
                e.0 += 1;
                for c in &cats {
                    *e.1.entry(c).or_default() += 1;
                }
            }
        }
    }

    // Ids, field values and the text around hits come from the corpus, and rule names from
    // packs: their control characters are written visibly (lines end where tact ends them).
    let mut out = crate::render::Escaping(std::io::BufWriter::new(std::io::stdout().lock()));
    let esc = |s: &str| crate::render::escape(s).into_owned();
    let n = records.len().max(1);
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let files: Vec<String> = args
        .files
        .iter()
        .map(|f| f.file_name().map_or(f.display().to_string(), |n| n.to_string_lossy().to_string()))
        .collect();
    let filter_note =
        if args.filters.is_empty() { String::new() } else { format!(" where {}", args.filters.join(", ")) };
    writeln!(out, "## tact eval: {}{filter_note}\n", files.join(", "))?;
    writeln!(
        out,
        "- kind: {}, records: {}{}",
        selection.settings.kind.map_or("draft", |k| k.as_str()),
        records.len(),
        if bad > 0 { format!(" ({bad} unreadable lines skipped)") } else { String::new() }
    )?;
    writeln!(out, "- with a warning or error: {warned} ({:.2}%)", pct(warned, n))?;
    writeln!(out, "- with any finding (info included): {any} ({:.2}%)\n", pct(any, n))?;
    writeln!(out, "| code | name | category | severity | records | % |\n|---|---|---|---|---:|---:|")?;
    let mut order: Vec<(&String, &RuleStat)> = rules.iter().collect();
    order.sort_by(|a, b| b.1.messages.cmp(&a.1.messages).then(a.0.cmp(b.0)));
    for (code, st) in &order {
        writeln!(
            out,
            "| {code} | {} | {} | {} | {} | {:.2} |",
            st.name,
            st.category,
            st.severity,
            st.messages,
            pct(st.messages, n)
        )?;
    }
    for (field, map) in [(&args.group_by, &groups), (&args.label_field, &labels)] {
        let Some(f) = field else { continue };
        let cats: Vec<&&str> = all_categories.iter().collect();
        writeln!(out, "\n### Records flagged per category, by `{f}`\n")?;
        write!(out, "| {f} | records |")?;
        for c in &cats {
            write!(out, " {c} |")?;
        }
        write!(out, "\n|---|---:|")?;
        for _ in &cats {
            write!(out, "---:|")?;
        }
        writeln!(out)?;
        for (value, (count, per)) in map {
            write!(out, "| {} | {count} |", esc(value))?;
            for c in &cats {
                let k = per.get(**c).copied().unwrap_or(0);
                if field == &args.label_field {
                    write!(out, " {k} ({:.1}%) |", pct(k, *count))?;
                } else {
                    write!(out, " {k} |")?;
                }
            }
            writeln!(out)?;
        }
    }
    if args.samples > 0 && !order.is_empty() {
        writeln!(out, "\n### Sample hits\n")?;
        for (code, st) in &order {
            writeln!(out, "**{code} {}** ({} records)\n", st.name, st.messages)?;
            for h in &st.samples {
                writeln!(out, "- `{}`: {}", esc(&h.id), esc(&h.context))?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(0)
}

/// `tact eval --labels`: recall and false alarms on labelled sets, one linter per kind.
fn labelled(args: &EvalArgs) -> Result<u8> {
    let selection = Rules::from_args(&args.rules)?;
    let mut linters = Vec::new();
    for kind in [tact::Kind::Draft, tact::Kind::Incoming] {
        let mut r = selection.clone();
        r.settings.kind = Some(kind);
        linters.push((kind, std::sync::Arc::new(crate::rules::load_strict(&r)?)));
    }
    let linter_for = |k| linters.iter().find(|(kind, _)| *kind == k).map(|(_, l)| l.clone());
    let cases = crate::labels::read_files(&args.files)?;
    let counts = crate::labels::evaluate(&cases, linter_for)?;
    let mut out = std::io::stdout().lock();
    out.write_all(crate::labels::table(&counts).as_bytes())?;
    if args.misses {
        // The texts are JSON strings: no control character reaches the terminal.
        out.write_all(crate::labels::misses(&cases, linter_for)?.as_bytes())?;
    }
    Ok(0)
}
