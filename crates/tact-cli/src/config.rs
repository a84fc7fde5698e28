//! The project configuration file, `tact.yaml` (or `.tact.yaml`), and how it combines with flags.
//!
//! Flags win over the file; `--select` replaces the file's `select`, while `--ignore` and
//! `--severity` add to the file's. Paths in the file are relative to the file's directory.

use crate::cli::{CheckArgs, FailOn, KindArg, LangArg, RuleArgs};
use anyhow::{anyhow, Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tact::Severity;

/// File names looked for, in each directory from the current one upward.
pub const NAMES: &[&str] = &["tact.yaml", ".tact.yaml"];

/// Extensions linted when walking directories, unless the config says otherwise.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "eml", "html", "htm"];

/// Paths never walked into, unless the config's `exclude` replaces this list.
pub const DEFAULT_EXCLUDE: &[&str] = &["**/node_modules/**", "**/target/**", "**/vendor/**"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    kind: Option<KindArg>,
    languages: Option<Vec<LangArg>>,
    builtin: Option<bool>,
    #[serde(default)]
    rules: Vec<String>,
    select: Option<Vec<String>>,
    #[serde(default)]
    extend_select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    fail_on: Option<FailOn>,
    extensions: Option<Vec<String>>,
    #[serde(default)]
    extend_extensions: Vec<String>,
    exclude: Option<Vec<String>>,
    #[serde(default)]
    extend_exclude: Vec<String>,
    #[serde(default)]
    ignore_patterns: Vec<String>,
    #[serde(default)]
    overrides: Vec<Override>,
    field: Option<String>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Override {
    paths: Vec<String>,
    kind: Option<KindArg>,
    languages: Option<Vec<LangArg>>,
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    field: Option<String>,
}

/// Settings after combining defaults, the config file and flags.
pub struct Settings {
    /// The rule settings for inputs no override matches.
    pub base: RuleArgs,
    pub fail_on: FailOn,
    pub extensions: Vec<String>,
    /// The text field of structured files (flag, else config).
    pub field: Option<String>,
    /// Directory the config file is in (globs are relative to it); the current one otherwise.
    pub root: PathBuf,
    /// `root`, absolute and canonical, and the working directory: worked out once, so that
    /// matching a walked file against the globs costs no system call.
    root_abs: PathBuf,
    cwd: PathBuf,
    /// The working directory relative to the root, when it is under the root.
    cwd_in_root: Option<PathBuf>,
    exclude: GlobSet,
    overrides: Vec<(GlobSet, Override)>,
    explicit_kind: bool,
    explicit_langs: bool,
    explicit_select: bool,
}

fn find_config(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        for name in NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        dir = d.parent();
    }
    None
}

/// `p` without leading `./`, when it is relative and has no `.` or `..` component.
fn plain_relative(p: &Path) -> Option<&Path> {
    let mut bytes = p.as_os_str().as_encoded_bytes();
    while let Some(rest) = bytes.strip_prefix(b"./") {
        bytes = rest;
    }
    let sep = |b: &u8| std::path::is_separator(char::from(*b));
    let clean =
        !bytes.is_empty() && !p.is_absolute() && !sep(&bytes[0]) && bytes.split(sep).all(|c| c != b"." && c != b"..");
    if !clean {
        return None;
    }
    // What is left after ASCII `./` prefixes is a suffix of the path on a character boundary.
    let s = p.to_str()?;
    Some(Path::new(&s[s.len() - bytes.len()..]))
}

/// `p` with `.` and `..` components resolved without touching the file system.
fn lexical(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `p` as a path relative to `base` (`tact.yaml`, `../tact.yaml`), for display and joining.
fn relative_to(p: &Path, base: &Path) -> PathBuf {
    if p.is_relative() {
        return p.to_path_buf();
    }
    let mut up = PathBuf::new();
    let mut dir = Some(base);
    while let Some(d) = dir {
        if let Ok(rest) = p.strip_prefix(d) {
            return up.join(rest);
        }
        up.push("..");
        dir = d.parent();
    }
    p.to_path_buf()
}

fn globset(root_label: &Path, globs: &[String]) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g).map_err(|e| anyhow!("{}: invalid glob `{g}`: {}", root_label.display(), e.kind()))?;
        b.add(glob);
        // `dir/**` should also match `dir` itself and `dir/` should mean the whole directory.
        if let Some(stem) = g.strip_suffix('/') {
            b.add(Glob::new(&format!("{stem}/**")).map_err(|e| anyhow!("invalid glob `{g}`: {e}"))?);
        }
    }
    b.build().map_err(|e| anyhow!("{}: {e}", root_label.display()))
}

/// Reads and parses a config file; errors name the file, line and column.
fn parse(path: &Path) -> Result<File> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow!("{}: cannot read config: {}", path.display(), crate::inputs::io_reason(&e)))?;
    if text.trim().is_empty() {
        return Ok(File::default());
    }
    serde_yaml::from_str(&text).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).replace("unknown field", "unknown key");
        match e.location() {
            Some(l) => anyhow!("{}:{}:{}: {msg}", path.display(), l.line(), l.column()),
            None => anyhow!("{}: {msg}", path.display()),
        }
    })
}

/// Combines the config file (found or given) with the flags.
pub fn resolve(args: &CheckArgs) -> Result<Settings> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let path = if args.no_config {
        None
    } else if let Some(p) = &args.config {
        Some(p.clone())
    } else {
        find_config(&cwd)
    };
    let path = path.map(|p| relative_to(&p, &cwd));
    let file = match &path {
        Some(p) => parse(p)?,
        None => File::default(),
    };
    let root = path.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf).filter(|p| !p.as_os_str().is_empty());
    let root = root.unwrap_or_else(|| PathBuf::from("."));
    let label = path.clone().unwrap_or_else(|| PathBuf::from("tact.yaml"));

    let mut base = args.rules.clone();
    let explicit_kind = base.kind.is_some();
    base.kind = base.kind.or(file.kind);
    let explicit_langs = !base.lang.is_empty();
    if base.lang.is_empty() {
        base.lang = file.languages.clone().unwrap_or_default();
    }
    if file.builtin == Some(false) {
        base.no_builtin = true;
    }
    let mut rules: Vec<PathBuf> = file.rules.iter().map(|r| root.join(r)).collect();
    rules.append(&mut base.rules);
    base.rules = rules;
    let explicit_select = !base.select.is_empty();
    if !explicit_select {
        base.select = file.select.clone().unwrap_or_default();
        if !base.select.is_empty() || !file.extend_select.is_empty() {
            base.select.extend(file.extend_select.iter().cloned());
        }
    }
    base.ignore.splice(0..0, file.ignore.iter().cloned());
    let file_sev: Vec<String> = file.severity.iter().map(|(k, v)| format!("{k}={v}")).collect();
    base.severity.splice(0..0, file_sev);
    base.ignore_patterns = file.ignore_patterns.iter().map(|p| (label.display().to_string(), p.clone())).collect();

    let mut extensions: Vec<String> =
        file.extensions.clone().unwrap_or_else(|| DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect());
    extensions.extend(file.extend_extensions.iter().cloned());
    let field = args.field.clone().or(file.field.clone());
    let any_field = field.is_some() || file.overrides.iter().any(|o| o.field.is_some());
    if any_field {
        // Structured libraries are walked too once there is a field to read.
        extensions.extend(["yaml", "yml", "json", "csv"].map(String::from));
    }
    let mut exclude: Vec<String> =
        file.exclude.clone().unwrap_or_else(|| DEFAULT_EXCLUDE.iter().map(|s| s.to_string()).collect());
    exclude.extend(file.extend_exclude.iter().cloned());
    let overrides =
        file.overrides.iter().map(|o| Ok((globset(&label, &o.paths)?, o.clone()))).collect::<Result<Vec<_>>>()?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let root_abs = std::fs::canonicalize(&root).unwrap_or_else(|_| lexical(&cwd.join(&root)));
    let cwd_in_root = cwd.strip_prefix(&root_abs).ok().map(Path::to_path_buf);
    Ok(Settings {
        base,
        fail_on: args.fail_on.or(file.fail_on).unwrap_or(FailOn::Warning),
        extensions,
        field,
        root,
        root_abs,
        cwd,
        cwd_in_root,
        exclude: globset(&label, &exclude)?,
        overrides,
        explicit_kind,
        explicit_langs,
        explicit_select,
    })
}

impl Settings {
    /// The path of `p` relative to the config root, for glob matching.
    /// Lexically first (no system call); through the file system only when that does not
    /// lead under the root (a symbolic link on the way).
    fn relative(&self, p: &Path) -> PathBuf {
        // The common case, a plain relative path (what walking `.` or `docs/` yields) under a
        // working directory under the root, needs no component parsing at all.
        if let (Some(inside), Some(plain)) = (&self.cwd_in_root, plain_relative(p)) {
            return if inside.as_os_str().is_empty() { plain.to_path_buf() } else { inside.join(plain) };
        }
        let abs = lexical(&self.cwd.join(p));
        if let Ok(rel) = abs.strip_prefix(&self.root_abs) {
            return rel.to_path_buf();
        }
        let canonical = std::fs::canonicalize(p).unwrap_or(abs);
        canonical.strip_prefix(&self.root_abs).map(Path::to_path_buf).unwrap_or(canonical)
    }

    /// Is a walked path excluded by the config?
    pub fn excluded(&self, p: &Path) -> bool {
        self.exclude.is_match(self.relative(p))
    }

    /// Which overrides apply to `p` (indices, in order); empty for stdin and records.
    pub fn overrides_for(&self, p: Option<&Path>) -> Vec<usize> {
        match p {
            None => Vec::new(),
            Some(p) => {
                let rel = self.relative(p);
                (0..self.overrides.len()).filter(|&i| self.overrides[i].0.is_match(&rel)).collect()
            }
        }
    }

    /// The structured-file field for these overrides (the flag wins, then the last override
    /// that sets one, then the file's).
    pub fn field_for(&self, overrides: &[usize], flag: Option<&String>) -> Option<String> {
        if let Some(f) = flag {
            return Some(f.clone());
        }
        overrides.iter().rev().find_map(|&i| self.overrides[i].1.field.clone()).or(self.field.clone())
    }

    /// The rule settings with the given overrides applied (flags still win).
    pub fn rules_for(&self, overrides: &[usize]) -> RuleArgs {
        let mut r = self.base.clone();
        for &i in overrides {
            let o = &self.overrides[i].1;
            if !self.explicit_kind && o.kind.is_some() {
                r.kind = o.kind;
            }
            if !self.explicit_langs {
                if let Some(l) = &o.languages {
                    r.lang = l.clone();
                }
            }
            if !self.explicit_select {
                if let Some(s) = &o.select {
                    r.select = s.clone();
                }
            }
            r.ignore.extend(o.ignore.iter().cloned());
            r.severity.extend(o.severity.iter().map(|(k, v)| format!("{k}={v}")));
        }
        r
    }
}

/// The starter config `tact init` writes.
pub const STARTER: &str = r#"# tact configuration. Every key is optional; flags given on the command line win.
# Reference: docs/configuration.md

# Kind of message in this project: draft (agent replies, canned responses) or incoming.
kind: draft

# Only the packs of these languages (en, de, et). Default: all.
# languages: [en, de]

# Your own rule packs (files or directories), relative to this file.
# rules: [rules/house-style.yaml]

# Rules by code, name or category. `select` keeps only those; `ignore` drops them.
# select: [dont-know, scolding, placeholder]
# ignore: [commanding]

# Re-level rules by code, name or category.
# severity:
#   over-promise: error
#   commanding: info

# Exit 1 when a finding is at least this severe: error | warning | info | never.
fail-on: warning

# File types linted when walking directories (default: txt, md, eml, html, htm).
# extend-extensions: [text]

# Globs never walked into (default: node_modules, target, vendor; .gitignore is honoured too).
# extend-exclude: ["archive/**"]

# Regexes whose matches are never flagged, such as product names.
# ignore-patterns: ['\bNo Idea Inc\b']

# Settings for some paths only.
# overrides:
#   - paths: ["inbox/**"]
#     kind: incoming
#   - paths: ["macros/legal/**"]
#     ignore: [over-promise]
"#;
