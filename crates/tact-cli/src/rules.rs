//! Loading rules from flags, and the `tact rules` subcommands.

use crate::cli::{ListFormat, RulesCommand};
use crate::settings::Rules;
use anyhow::{bail, Result};
use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tact::{Config, Kind, Linter, LinterBuilder, Rule};

/// A linter plus the problems met while loading it (each already a full, located message).
pub struct Loaded {
    pub linter: Linter,
    pub problems: Vec<String>,
}

/// Reads the `--rules` packs: `(origin, source)` pairs, and a message for each that can't be read.
pub(crate) fn read_packs(paths: &[PathBuf]) -> (Vec<(String, String)>, Vec<String>) {
    let mut packs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let mut files = Vec::new();
        if path.is_dir() {
            collect_yaml(path, &mut files);
            if files.is_empty() {
                problems.push(format!("{}: directory holds no .yaml rule pack", path.display()));
            }
        } else {
            files.push(path.clone());
        }
        for f in files {
            match crate::inputs::read_bounded(&f, crate::inputs::FILE_LIMIT) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(s) => packs.push((f.display().to_string(), s)),
                    Err(e) => problems.push(format!(
                        "{}: rule pack is not valid UTF-8 (byte {})",
                        f.display(),
                        e.utf8_error().valid_up_to()
                    )),
                },
                Err(e) => problems.push(format!("{}: cannot read rule pack: {e}", f.display())),
            }
        }
    }
    (packs, problems)
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) {
    collect_yaml_once(dir, out, &mut HashSet::new());
}

/// [`collect_yaml`], entering each directory once however links lead to it (a link to `..`
/// would otherwise read the same packs again at every level, down to the longest path).
fn collect_yaml_once(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>) {
    if !std::fs::canonicalize(dir).is_ok_and(|d| seen.insert(d)) {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_yaml_once(&p, out, seen);
        } else if p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            // Regular files (or links to them) only: a pipe in a pack directory would block the
            // run until someone writes to it, a device is no pack.
            out.push(p);
        }
    }
}

/// Builds the linter the settings ask for. Packs that fail to load are reported and left
/// out, so whatever else can be checked still is; a bad selector is fatal. Errors about the
/// config's own values are placed in it.
pub fn load(rules: &Rules, config: &Config) -> Result<Loaded> {
    let (packs, mut problems) = read_packs(&rules.packs);
    let mut skip = HashSet::new();
    loop {
        let sources = packs.iter().filter(|(o, _)| !skip.contains(o)).map(|(o, s)| (o.as_str(), s.as_str()));
        // A CLI run often lints one draft: compile only the languages its messages need.
        match rules.settings.builder(sources).languages_on_demand(true).build().map_err(|e| config.locate(e)) {
            Ok(linter) => return Ok(Loaded { linter, problems }),
            Err(errors) => {
                let selector_errors: Vec<String> = errors
                    .iter()
                    .filter(|e| e.kind() == tact::ErrorKind::UnknownSelector)
                    .map(ToString::to_string)
                    .collect();
                if !selector_errors.is_empty() {
                    return Err(crate::report::problems(selector_errors));
                }
                let bad: HashSet<String> = errors.iter().filter_map(|e| e.origin().map(str::to_string)).collect();
                problems.extend(errors.iter().map(ToString::to_string));
                let new: Vec<String> = bad.into_iter().filter(|o| !skip.contains(o)).collect();
                if new.is_empty() || new.iter().any(|o| !packs.iter().any(|(p, _)| p == o)) {
                    // A built-in pack failed (a bug in this build) or nothing can be left out.
                    return Err(crate::report::problems(problems));
                }
                skip.extend(new);
            }
        }
    }
}

pub fn run(cmd: &RulesCommand) -> Result<u8> {
    match cmd {
        RulesCommand::List { rules, format } => list(&Rules::from_args(rules)?, *format),
        RulesCommand::Explain { rule, rules } => explain(rule, &Rules::from_args(rules)?),
        RulesCommand::Test { packs } => test(packs),
        RulesCommand::Phrases { rules } => {
            let loaded = load_strict(&Rules::from_args(rules)?)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            for p in loaded.phrases() {
                writeln!(out, "{p}")?;
            }
            out.flush()?;
            Ok(0)
        }
    }
}

/// For subcommands that only describe rules, any load problem is fatal.
pub fn load_strict(rules: &Rules) -> Result<Linter> {
    let loaded = load(rules, &Config::default())?;
    if !loaded.problems.is_empty() {
        return Err(crate::report::problems(loaded.problems));
    }
    Ok(loaded.linter)
}

fn list(rules: &Rules, format: ListFormat) -> Result<u8> {
    // `rules list` shows both kinds unless the user restricted it explicitly.
    let linter = load_all_kinds(rules)?;
    // JSON escapes what it must itself; the text formats are escaped on the way out.
    let mut raw = io::BufWriter::new(io::stdout().lock());
    let mut out = crate::render::Escaping(&mut raw);
    match format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = linter.rules().iter().map(rule_json).collect();
            serde_json::to_writer_pretty(&mut out.0, &v)?;
            writeln!(out.0)?;
        }
        ListFormat::Markdown => write!(out, "{}", markdown(&linter))?,
        ListFormat::Table => {
            writeln!(
                out,
                "{:<6} {:<28} {:<24} {:<8} {:<5} {:<9} message",
                "code", "name", "category", "severity", "lang", "kind"
            )?;
            for r in linter.rules() {
                writeln!(
                    out,
                    "{:<6} {:<28} {:<24} {:<8} {:<5} {:<9} {}",
                    r.code,
                    r.name,
                    r.category.as_str(),
                    r.severity.as_str(),
                    r.language.as_str(),
                    r.kind.as_str(),
                    r.message
                )?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

fn load_all_kinds(rules: &Rules) -> Result<Linter> {
    if rules.settings.kind.is_some() {
        return load_strict(rules);
    }
    let (packs, problems) = read_packs(&rules.packs);
    if !problems.is_empty() {
        return Err(crate::report::problems(problems));
    }
    let b = rules.settings.builder(packs.iter().map(|(o, s)| (o.as_str(), s.as_str()))).kind(Kind::Any);
    b.build().map_err(|e| crate::report::problems(&e))
}

pub fn rule_json(r: &Rule) -> serde_json::Value {
    serde_json::json!({
        "code": r.code,
        "name": r.name,
        "category": r.category.as_str(),
        "severity": r.severity.as_str(),
        "language": r.language.as_str(),
        "kind": r.kind.as_str(),
        "pack": r.pack,
        "message": r.message,
        "why": r.why,
        "suggestions": r.suggestions.iter().map(|s| serde_json::json!({"text": s.text, "applicability": s.applicability.as_str()})).collect::<Vec<_>>(),
        "tags": r.tags,
        "yield_to": r.yield_to.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "sources": r.sources,
        "examples": {"flag": r.examples.flag, "pass": r.examples.pass},
        "translations": r.translations.iter().map(|(l, t)| (l.as_str().to_string(), serde_json::json!({"message": t.message, "why": t.why, "suggestions": t.suggestions}))).collect::<serde_json::Map<_, _>>(),
    })
}

fn explain(which: &str, rules: &Rules) -> Result<u8> {
    let linter = load_all_kinds(rules)?;
    let found: Vec<&Rule> = linter.rules().iter().filter(|r| r.matches_selector(which)).collect();
    if found.is_empty() {
        bail!("no loaded rule has the code, name or category `{which}` (see `tact rules list`)");
    }
    let mut out = crate::render::Escaping(io::BufWriter::new(io::stdout().lock()));
    for (i, r) in found.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{} {} ({}, {}, {} {})", r.code, r.name, r.category, r.severity, r.language, r.kind)?;
        writeln!(out, "\nWhat it flags\n  {}", r.message.replace("{matched}", "…"))?;
        writeln!(out, "\nWhy\n  {}", r.why)?;
        if !r.examples.flag.is_empty() {
            writeln!(out, "\nExample")?;
            for e in &r.examples.flag {
                writeln!(out, "  ✗ {}", e.replace('\n', "⏎"))?;
            }
        }
        if !r.suggestions.is_empty() {
            writeln!(out, "\nUse instead")?;
            for s in &r.suggestions {
                let tag = match s.applicability {
                    tact::Applicability::Safe => " (safe fix)",
                    tact::Applicability::Unsafe => " (replacement)",
                    _ => "",
                };
                writeln!(out, "  → {}{tag}", s.text)?;
            }
        }
        if !r.examples.pass.is_empty() {
            writeln!(out, "\nNot flagged")?;
            for e in &r.examples.pass {
                writeln!(out, "  ✓ {}", e.replace('\n', "⏎"))?;
            }
        }
        if !r.yield_to.is_empty() {
            let names: Vec<&str> = r.yield_to.iter().map(|c| c.as_str()).collect();
            writeln!(out, "\nYields to (an overlapping finding of these drops this one)\n  {}", names.join(", "))?;
        }
        if !r.sources.is_empty() {
            writeln!(out, "\nSources")?;
            for s in &r.sources {
                writeln!(out, "  {s}")?;
            }
        }
        for (l, t) in &r.translations {
            writeln!(
                out,
                "\nIn {} messages
  {}\n  {}",
                l.info().map_or(l.as_str(), |i| i.name),
                t.message.replace("{matched}", "…"),
                t.why
            )?;
            for sg in &t.suggestions {
                writeln!(out, "  → {sg}")?;
            }
        }
        writeln!(out, "\nDefined in {} (pack {})", r.origin, r.pack)?;
    }
    out.flush()?;
    Ok(0)
}

fn test(paths: &[PathBuf]) -> Result<u8> {
    let mut sources: Vec<(String, String, bool)> = Vec::new();
    let mut load_problems = Vec::new();
    if paths.is_empty() {
        sources.extend(tact::builtin_packs().iter().map(|(o, s)| (o.to_string(), s.to_string(), true)));
    } else {
        let (packs, problems) = read_packs(paths);
        load_problems = problems;
        // A path that names a built-in pack is tested with the built-in strictness.
        for (o, s) in packs {
            let builtin = tact::builtin_packs().iter().any(|(bo, bs)| *bs == s && o.ends_with(bo));
            sources.push((o, s, builtin));
        }
    }
    // Problems quote the packs' values: each is one line, its control characters visible.
    let esc = |s: &dyn std::fmt::Display| crate::render::escape(&s.to_string()).into_owned();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let (mut rules, mut examples, mut failures) = (0, 0, 0);
    for p in &load_problems {
        writeln!(out, "error: {}", esc(p))?;
    }
    for (i, (origin, src, builtin)) in sources.iter().enumerate() {
        let mut b = if *builtin {
            LinterBuilder::new().builtin_pack(origin)
        } else {
            LinterBuilder::new().pack_source(origin, src)
        };
        // Word classes may live in another file of the pack's language (a classes-only pack):
        // every other pack given lends its classes, not its rules.
        for (j, (o, s, _)) in sources.iter().enumerate() {
            if j != i {
                b = b.class_source(o, s);
            }
        }
        let linter = match b.kind(Kind::Any).build() {
            Ok(l) => l,
            Err(errs) => {
                for e in &errs {
                    writeln!(out, "error: {}", esc(e))?;
                }
                load_problems.push(origin.clone());
                continue;
            }
        };
        rules += linter.rules().len();
        examples += linter
            .rules()
            .iter()
            .map(|r| r.examples.flag.len() + r.examples.pass.len() + r.examples.fix.len())
            .sum::<usize>();
        for f in linter.test_examples() {
            failures += 1;
            writeln!(
                out,
                "FAIL {} {} {} ({}): {:?}: {}",
                esc(&f.origin),
                esc(&f.code),
                esc(&f.name),
                f.example,
                f.text,
                esc(&f.problem)
            )?;
        }
    }
    write!(
        out,
        "{} packs, {rules} rules, {examples} examples: {} passed, {failures} failed",
        sources.len(),
        examples - failures,
    )?;
    // A pack that did not load has none of its rules or examples counted above: say so, or
    // "0 failed" reads as a pass.
    match load_problems.len() {
        0 => writeln!(out)?,
        1 => writeln!(out, "; 1 pack or file not loaded (error above): its examples were not tested")?,
        n => writeln!(out, "; {n} packs or files not loaded (errors above): their examples were not tested")?,
    }
    out.flush()?;
    Ok(tact::exit_code(!load_problems.is_empty(), failures > 0))
}

/// The rule reference page (docs/rules.md): every rule with its code, name, category, severity,
/// language, why, example and suggestion, grouped by pack.
pub fn markdown(linter: &Linter) -> String {
    use std::fmt::Write as _;
    let mut s = String::from(
        "# Rules\n\n<!-- Generated by `tact rules list --format markdown > docs/rules.md`; a test keeps it current. -->\n\n",
    );
    let _ = writeln!(
        s,
        "{} rules in {} packs. Categories are explained in [rule-format.md](rule-format.md#categories).\n",
        linter.rules().len(),
        linter.packs().len()
    );
    let _ = writeln!(s, "| code | name | category | severity | language | kind |\n|---|---|---|---|---|---|");
    for r in linter.rules() {
        let _ = writeln!(
            s,
            "| [{}](#{}) | {} | {} | {} | {} | {} |",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.category,
            r.severity,
            r.language,
            r.kind
        );
    }
    let cell = |t: &str| t.replace('\n', " ").replace('|', "\\|");
    for p in linter.packs() {
        let _ = writeln!(s, "\n## Pack `{}` ({} {}, `{}`)\n", p.id, p.language, p.kind, p.origin);
        if !p.description.is_empty() {
            let _ = writeln!(s, "{}\n", p.description.trim());
        }
        for r in linter.rules().iter().filter(|r| r.pack == p.id) {
            let _ = writeln!(
                s,
                "### {}\n\n**{}** · {} · {} · {} {}\n",
                r.code, r.name, r.category, r.severity, r.language, r.kind
            );
            let _ = writeln!(s, "**What it flags:** {}\n", cell(&r.message.replace("{matched}", "…")));
            let _ = writeln!(s, "**Why:** {}\n", cell(&r.why));
            if let Some(e) = r.examples.flag.first() {
                let _ = writeln!(s, "**Example:** “{}”\n", cell(e));
            }
            for sg in &r.suggestions {
                let kind = match sg.applicability {
                    tact::Applicability::Safe => "Use instead (safe fix)",
                    tact::Applicability::Unsafe => "Use instead",
                    _ => "Advice",
                };
                let _ = writeln!(s, "**{kind}:** {}\n", cell(&sg.text));
            }
            if !r.sources.is_empty() {
                let _ = writeln!(s, "**Sources:** {}\n", cell(&r.sources.join(", ")));
            }
            for (l, t) in &r.translations {
                let _ = writeln!(
                    s,
                    "**In {}:** {}\n",
                    l.info().map_or(l.as_str(), |i| i.name),
                    cell(&t.message.replace("{matched}", "…"))
                );
            }
        }
    }
    s
}
