//! Finding the project configuration file, `tact.yaml` (or `.tact.yaml`), and matching paths
//! against its globs. Parsing it and combining it with flags is the library's
//! ([`tact::Config`]); paths in the file are relative to the file's directory.

use anyhow::{anyhow, bail, Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use tact::Config;

/// File names looked for, in each directory from a checked path's upward.
pub const NAMES: &[&str] = &["tact.yaml", ".tact.yaml"];

/// Extensions linted when walking directories, unless the config says otherwise.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "eml", "html", "htm"];

/// Paths never walked into, unless the config's `exclude` replaces this list.
pub const DEFAULT_EXCLUDE: &[&str] = &["**/node_modules/**", "**/target/**", "**/vendor/**"];

/// The config file (found, named or none) and what the CLI does with its path-related keys:
/// which files a walk picks, which overrides apply to a file. The rule settings themselves
/// are the library's ([`tact::Config::rule_settings`]).
pub struct Project {
    /// The config file, as found or named (relative to the working directory when it is
    /// under it); `None` when there is none.
    pub file: Option<PathBuf>,
    /// The parsed file; empty when there is none.
    pub config: Config,
    /// Extensions linted when walking directories.
    pub extensions: Vec<String>,
    /// Directory the config file is in (globs and `rules` are relative to it); the current one
    /// otherwise.
    pub root: PathBuf,
    /// `root`, absolute and canonical, and the working directory: worked out once, so that
    /// matching a walked file against the globs costs no system call.
    root_abs: PathBuf,
    cwd: PathBuf,
    /// The working directory relative to the root, when it is under the root.
    cwd_in_root: Option<PathBuf>,
    exclude: GlobSet,
    /// One glob set per entry of the config's `overrides`.
    overrides: Vec<GlobSet>,
}

/// The config file that applies to a checked path: the nearest `tact.yaml` (or
/// `.tact.yaml`) in the path's directory (the path itself, for a directory) or above it, as
/// ruff finds its settings. Relative paths start from the working directory. `seen` caches
/// the answer per directory, so naming many files of one directory costs one search.
pub fn find_for(path: &Path, seen: &mut std::collections::HashMap<PathBuf, Option<PathBuf>>) -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let abs = lexical(&cwd.join(path));
    let start = if abs.is_dir() { abs } else { abs.parent()?.to_path_buf() };
    if let Some(found) = seen.get(&start) {
        return found.clone();
    }
    let found = find_config(&start).map(|p| relative_to(&p, &cwd));
    seen.insert(start, found.clone());
    found
}

/// Whether `dir` holds a config file of its own (anything by that name but a directory: a
/// `tact.yaml` that cannot be read is an error, not a config silently left out).
pub fn has_config(dir: &Path) -> bool {
    NAMES.iter().any(|n| is_config_entry(&dir.join(n)))
}

/// Whether `p` is an entry a config is looked for in: it exists (as a file, a link, even a
/// broken one, a pipe or a device), and is not a directory.
fn is_config_entry(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok() && !p.is_dir()
}

/// The directories below `dir` (not `dir` itself) that hold a config file of their own,
/// walked as `tact check` walks (ignore files and hidden entries honoured), in walk order.
/// Their files are checked with their own config, as ruff does for nested settings.
pub fn nested_config_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in ignore::WalkBuilder::new(dir).require_git(false).build().flatten() {
        if e.depth() > 0 && e.file_type().is_some_and(|t| t.is_dir()) && has_config(e.path()) {
            // Shown as `inbox`, not `./inbox`, when walking `.`.
            out.push(e.path().strip_prefix("./").unwrap_or(e.path()).to_path_buf());
        }
    }
    out
}

fn find_config(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        for name in NAMES {
            let p = d.join(name);
            if is_config_entry(&p) {
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
    // Paths that share only the root with `base` stay absolute (`/dev/zero`, not
    // `../../../../dev/zero`).
    let mut dir = Some(base).filter(|d| d.parent().is_some());
    while let Some(d) = dir {
        if let Ok(rest) = p.strip_prefix(d) {
            return up.join(rest);
        }
        up.push("..");
        dir = d.parent().filter(|d| d.parent().is_some());
    }
    p.to_path_buf()
}

/// Builds the glob set of a config list; `key` is the list's place in the config
/// (`exclude`, `overrides[0].paths`), to name the line and column of a bad glob.
fn globset(root_label: &Path, config: &Config, key: &str, globs: &[String]) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for (i, g) in globs.iter().enumerate() {
        let glob = Glob::new(g).map_err(|e| {
            let at = config.position_of(&format!("{key}[{i}]")).map_or(String::new(), |(l, c)| format!(":{l}:{c}"));
            anyhow!("{}{at}: invalid glob `{g}`: {}", root_label.display(), e.kind())
        })?;
        b.add(glob);
        // `dir/**` should also match `dir` itself and `dir/` should mean the whole directory.
        if let Some(stem) = g.strip_suffix('/') {
            b.add(Glob::new(&format!("{stem}/**")).map_err(|e| anyhow!("invalid glob `{g}`: {e}"))?);
        }
    }
    b.build().map_err(|e| anyhow!("{}: {e}", root_label.display()))
}

/// Reads and parses a config file; errors name the file, line and column.
fn parse(path: &Path) -> Result<Config> {
    let bytes = crate::inputs::read_bounded(path, crate::inputs::FILE_LIMIT)
        .map_err(|e| anyhow!("{}: cannot read config: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow!("{}: cannot read config: not valid UTF-8 (byte {})", path.display(), e.utf8_error().valid_up_to())
    })?;
    Ok(Config::parse(&path.display().to_string(), &text)?)
}

/// A config file found by searching (not named by `--config`) must be a regular file, or a
/// link to one: a pipe would block the run until someone writes to it, a device (`/dev/zero`)
/// is no config, a broken link none either. Each is an error naming the file, never a config
/// silently skipped.
fn check_found(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(_) => {
            bail!("{}: cannot read config: not a regular file (a pipe, a device or a socket); not read", path.display())
        }
        Err(e) => bail!("{}: cannot read config: {}", path.display(), crate::inputs::io_reason(&e)),
    }
}

/// [`load`] for a config file found by searching from a checked path ([`find_for`]).
pub fn load_found(path: &Path, field_flag: bool) -> Result<Project> {
    check_found(path)?;
    load(Some(path), false, field_flag)
}

/// Finds (or takes the named) config file and prepares its globs. `field_flag`: whether
/// `--field` was given (structured files are then walked too).
pub fn load(explicit: Option<&Path>, no_config: bool, field_flag: bool) -> Result<Project> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let path = if no_config {
        None
    } else if let Some(p) = explicit {
        Some(p.to_path_buf())
    } else {
        let found = find_config(&cwd);
        if let Some(p) = &found {
            check_found(p)?;
        }
        found
    };
    let path = path.map(|p| relative_to(&p, &cwd));
    let config = match &path {
        Some(p) => parse(p)?,
        None => Config::default(),
    };
    let root = path.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf).filter(|p| !p.as_os_str().is_empty());
    let root = root.unwrap_or_else(|| PathBuf::from("."));
    let label = path.clone().unwrap_or_else(|| PathBuf::from("tact.yaml"));

    let mut extensions: Vec<String> =
        config.extensions.clone().unwrap_or_else(|| DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect());
    extensions.extend(config.extend_extensions.iter().cloned());
    let any_field = field_flag || config.field.is_some() || config.overrides.iter().any(|o| o.field.is_some());
    if any_field {
        // Structured libraries are walked too once there is a field to read.
        extensions.extend(["yaml", "yml", "json", "csv"].map(String::from));
    }
    let mut exclude: Vec<String> =
        config.exclude.clone().unwrap_or_else(|| DEFAULT_EXCLUDE.iter().map(|s| s.to_string()).collect());
    // Each of the file's own lists is checked on its own first, so a bad glob is named where it
    // is written.
    if let Some(own) = &config.exclude {
        globset(&label, &config, "exclude", own)?;
    }
    globset(&label, &config, "extend-exclude", &config.extend_exclude)?;
    exclude.extend(config.extend_exclude.iter().cloned());
    let overrides = config
        .overrides
        .iter()
        .enumerate()
        .map(|(i, o)| globset(&label, &config, &format!("overrides[{i}].paths"), &o.paths))
        .collect::<Result<Vec<_>>>()?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let root_abs = std::fs::canonicalize(&root).unwrap_or_else(|_| lexical(&cwd.join(&root)));
    let cwd_in_root = cwd.strip_prefix(&root_abs).ok().map(Path::to_path_buf);
    Ok(Project {
        exclude: globset(&label, &config, "exclude", &exclude)?,
        file: path,
        config,
        extensions,
        root,
        root_abs,
        cwd,
        cwd_in_root,
        overrides,
    })
}

impl Project {
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
                (0..self.overrides.len()).filter(|&i| self.overrides[i].is_match(&rel)).collect()
            }
        }
    }

    /// The structured-file field for these overrides (the flag wins, then the last override
    /// that sets one, then the file's).
    pub fn field_for(&self, overrides: &[usize], flag: Option<&String>) -> Option<String> {
        if let Some(f) = flag {
            return Some(f.clone());
        }
        let o = &self.config.overrides;
        overrides.iter().rev().find_map(|&i| o[i].field.clone()).or(self.config.field.clone())
    }

    /// The config's `rules` entries, relative to the working directory.
    pub fn packs(&self, settings: &tact::RuleSettings) -> Vec<PathBuf> {
        settings.packs.iter().map(|r| self.root.join(r)).collect()
    }
}

/// The starter config `tact init` writes.
pub const STARTER: &str = r#"# tact configuration. Every key is optional; flags given on the command line win.
# Reference: docs/configuration.md

# Kind of message in this project: draft (agent replies, canned responses) or incoming.
kind: draft

# Only the packs of these languages (codes: see `tact check --help`). Default: all.
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

# Help desks that fill their own merge fields ({{ticket.requester.first_name}}) when they send
# a macro: zendesk, freshdesk, help-scout, front, intercom. Those are then not unfilled
# placeholders. Leave it out where texts are sent as they are.
# merge-fields: [zendesk]

# Where YAML, JSON and CSV files hold their replies (as --field): `.`-separated keys, `[]` for
# each element of a list (`macros[].body`, `[].text`), or a CSV column name. With it set,
# .yaml/.yml/.json/.csv files are walked too.
# field: "macros[].body"

# Settings for some paths only.
# overrides:
#   - paths: ["inbox/**"]
#     kind: incoming
#   - paths: ["macros/legal/**"]
#     ignore: [over-promise]
"#;

#[cfg(test)]
mod tests {
    use super::relative_to;
    use std::path::{Path, PathBuf};

    #[test]
    fn paths_are_shown_relative_unless_they_share_only_the_root() {
        let base = Path::new("/work/proj/inbox");
        assert_eq!(relative_to(Path::new("/work/proj/tact.yaml"), base), PathBuf::from("../tact.yaml"));
        assert_eq!(relative_to(Path::new("/work/proj/inbox/tact.yaml"), base), PathBuf::from("tact.yaml"));
        assert_eq!(relative_to(Path::new("/dev/zero"), base), PathBuf::from("/dev/zero"));
        assert_eq!(relative_to(Path::new("rel/tact.yaml"), base), PathBuf::from("rel/tact.yaml"));
    }
}
