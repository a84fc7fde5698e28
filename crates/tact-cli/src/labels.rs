//! `tact eval --labels FILE`: recall and false alarms of the loaded rules on a labelled set
//! (see `tests/devset/README.md` for the format), per language, kind and category.

use anyhow::{anyhow, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use tact::{Diagnostic, Kind, Language, Linter, Severity};

/// One labelled message.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    /// The message.
    pub text: String,
    /// Its language.
    pub lang: String,
    /// `draft` or `incoming`.
    pub kind: String,
    /// The categories it must be flagged with; empty for near-misses and alternatives.
    #[serde(default)]
    pub labels: Vec<String>,
    /// `positive`, `near-miss` or `alternative`.
    #[serde(rename = "type")]
    pub case_type: String,
    /// The category a near-miss or alternative tests.
    #[serde(default)]
    pub guards: Option<String>,
}

/// Counts for one (language, kind, category).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Positives labelled with the category.
    pub positives: usize,
    /// Of those, flagged with it.
    pub caught: usize,
    /// Of those not caught, flagged under another category: a label convention differs, or
    /// the packs file the phrase elsewhere (a user sees a finding all the same).
    pub elsewhere: usize,
    /// Near-misses and alternatives guarding the category.
    pub negatives: usize,
    /// Of those, flagged at warning or above (any category).
    pub false_alarms: usize,
}

impl Counts {
    /// Adds `other`'s counts to these.
    fn add(&mut self, other: &Counts) {
        self.positives += other.positives;
        self.caught += other.caught;
        self.elsewhere += other.elsewhere;
        self.negatives += other.negatives;
        self.false_alarms += other.false_alarms;
    }

    /// Caught positives as a share (1.0 with no positives).
    pub fn recall(&self) -> f64 {
        if self.positives == 0 {
            1.0
        } else {
            self.caught as f64 / self.positives as f64
        }
    }
}

/// Reads a labelled set; a bad line is an error naming the file and line.
pub fn read(path: &std::path::Path, text: &str) -> Result<Vec<Case>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Case =
            serde_json::from_str(line).map_err(|e| anyhow!("{}:{}:{}: {}", path.display(), i + 1, e.column(), e))?;
        out.push(case);
    }
    Ok(out)
}

/// Lints every case with the linter of its kind, restricted to its language, and hands each
/// case and its findings to `each` (cases whose kind has no linter are skipped).
fn lint_cases(
    cases: &[Case],
    linter_for: impl Fn(Kind) -> Option<std::sync::Arc<Linter>>,
    mut each: impl FnMut(&Case, &[Diagnostic]),
) -> Result<()> {
    for c in cases {
        let kind: Kind = c.kind.parse().map_err(|e: String| anyhow!("case `{}`: {e}", c.text))?;
        let lang: Language = c.lang.parse().map_err(|e: String| anyhow!("case `{}`: {e}", c.text))?;
        let Some(linter) = linter_for(kind) else { continue };
        each(c, &linter.lint_in(&c.text, Some(lang)));
    }
    Ok(())
}

/// Lints every case with the linter of its kind, restricted to its language, and counts.
pub fn evaluate(
    cases: &[Case],
    linter_for: impl Fn(Kind) -> Option<std::sync::Arc<Linter>>,
) -> Result<BTreeMap<(String, String, String), Counts>> {
    let mut out: BTreeMap<(String, String, String), Counts> = BTreeMap::new();
    lint_cases(cases, linter_for, |c, diags| {
        let key = |cat: &str| (c.lang.clone(), c.kind.clone(), cat.to_string());
        if c.case_type == "positive" {
            for label in &c.labels {
                let e = out.entry(key(label)).or_default();
                e.positives += 1;
                if diags.iter().any(|d| d.category.as_str() == label) {
                    e.caught += 1;
                } else if !diags.is_empty() {
                    e.elsewhere += 1;
                }
            }
        } else {
            let guard = c.guards.clone().unwrap_or_else(|| "-".to_string());
            let e = out.entry(key(&guard)).or_default();
            e.negatives += 1;
            if diags.iter().any(|d| d.severity >= Severity::Warning) {
                e.false_alarms += 1;
            }
        }
    })?;
    Ok(out)
}

/// The table `tact eval --labels` prints: a row per language, kind and category, an `(all)`
/// row after each language and kind, and the total.
pub fn table(counts: &BTreeMap<(String, String, String), Counts>) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<4} {:<8} {:<24} {:>9} {:>6} {:>7} {:>9} {:>9} {:>6}",
        "lang", "kind", "category", "positives", "caught", "recall", "elsewhere", "negatives", "alarms"
    );
    let mut total = Counts::default();
    let mut group = Counts::default();
    let mut keys = counts.keys().peekable();
    for ((lang, kind, cat), c) in counts {
        keys.next();
        row(&mut s, &format!("{lang:<4} {kind:<8} {cat:<24}"), c);
        total.add(c);
        group.add(c);
        // After the last category of a language and kind, its subtotal.
        if keys.peek().is_none_or(|(l, k, _)| l != lang || k != kind) {
            row(&mut s, &format!("{lang:<4} {kind:<8} {:<24}", "(all)"), &group);
            group = Counts::default();
        }
    }
    row(&mut s, &format!("{:<38}", "total"), &total);
    s
}

/// One row of the table: its label (language, kind, category), then the counts.
fn row(s: &mut String, label: &str, c: &Counts) {
    let _ = writeln!(
        s,
        "{label} {:>9} {:>6} {:>6.1}% {:>9} {:>9} {:>6}",
        c.positives,
        c.caught,
        100.0 * c.recall(),
        c.elsewhere,
        c.negatives,
        c.false_alarms
    );
}

/// Reads the labelled files and returns the counts, with the linters built by `linter_for`.
pub fn run_files(
    paths: &[std::path::PathBuf],
    linter_for: impl Fn(Kind) -> Option<std::sync::Arc<Linter>>,
) -> Result<BTreeMap<(String, String, String), Counts>> {
    evaluate(&read_files(paths)?, linter_for)
}

/// What `tact eval --labels --misses` lists after the table: each positive not flagged with a
/// category it is labelled with, and each near-miss or alternative flagged at warning or
/// above, one line each (`miss` or `alarm`, language, kind, the category, for an alarm the
/// rule codes, then the text as JSON; a miss that other categories flagged ends with
/// `(flagged: CODE category, …)`).
pub fn misses(cases: &[Case], linter_for: impl Fn(Kind) -> Option<std::sync::Arc<Linter>>) -> Result<String> {
    let mut s = String::new();
    lint_cases(cases, linter_for, |c, diags| {
        let text = serde_json::Value::from(c.text.as_str());
        if c.case_type == "positive" {
            let found: Vec<String> = diags.iter().map(|d| format!("{} {}", d.code, d.category.as_str())).collect();
            let found = if found.is_empty() { String::new() } else { format!(" (flagged: {})", found.join(", ")) };
            for label in c.labels.iter().filter(|l| !diags.iter().any(|d| d.category.as_str() == l.as_str())) {
                let _ = writeln!(s, "miss  {} {} {label} {text}{found}", c.lang, c.kind);
            }
        } else {
            let codes: Vec<&str> =
                diags.iter().filter(|d| d.severity >= Severity::Warning).map(|d| d.code.as_str()).collect();
            if !codes.is_empty() {
                let guard = c.guards.as_deref().unwrap_or("-");
                let _ = writeln!(s, "alarm {} {} {guard} {} {text}", c.lang, c.kind, codes.join(","));
            }
        }
    })?;
    Ok(s)
}

/// Reads labelled files (bounded, UTF-8, one case per line).
pub fn read_files(paths: &[std::path::PathBuf]) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    for p in paths {
        let bytes = crate::inputs::read_bounded(p, crate::inputs::FILE_LIMIT)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", p.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| anyhow::anyhow!("{}: not valid UTF-8 (byte {})", p.display(), e.utf8_error().valid_up_to()))?;
        cases.extend(read(p, &text)?);
    }
    Ok(cases)
}
