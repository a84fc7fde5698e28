//! Flags and the config file resolved once into plain settings, after ripgrep's split of
//! "low-level" arguments (what clap parsed, [`crate::cli`]) from "high-level" ones (what the
//! program runs on). Nothing after this module sees a clap struct.

use crate::cli::{CheckArgs, ColorChoice, Format, RuleArgs};
use crate::config::{self, Project};
use anyhow::{anyhow, bail, Result};
use std::io::IsTerminal;
use std::path::PathBuf;
use tact::{Config, FailOn, Language, RuleOptions, RuleSettings, Severity};

/// Which rules to load: the library's resolved settings plus the pack files to read.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Kind, languages, selectors, severities, ignore patterns, built-in packs or not.
    pub settings: RuleSettings,
    /// Pack files or directories: the config's `rules` (relative to its directory), then
    /// `--rules`.
    pub packs: Vec<PathBuf>,
}

impl Rules {
    /// For the subcommands that read no config file (`rules`, `eval`).
    pub fn from_args(args: &RuleArgs) -> Result<Rules> {
        Ok(Rules { settings: RuleSettings::from_options(&options(args)?), packs: args.rules.clone() })
    }
}

/// The flags' part of the rule settings. `--severity RULE=LEVEL` is checked here.
pub fn options(args: &RuleArgs) -> Result<RuleOptions> {
    let mut severity = Vec::with_capacity(args.severity.len());
    for s in &args.severity {
        let Some((sel, level)) = s.split_once('=') else {
            bail!("invalid value `{s}` for --severity: expected RULE=LEVEL, e.g. D101=info");
        };
        let level: Severity = level.trim().parse().map_err(|e| anyhow!("invalid value `{s}` for --severity: {e}"))?;
        severity.push((sel.trim().to_string(), level));
    }
    let mut o = RuleOptions::default();
    o.kind = args.kind;
    // `auto` (Language::Any) is every language: the linter tells each message's language.
    o.languages = args.lang.iter().copied().filter(|l| *l != Language::Any).collect();
    o.no_builtin = args.no_builtin;
    o.select = args.select.clone();
    o.ignore = args.ignore.clone();
    o.severity = severity;
    o.merge_fields = args.merge_fields.as_ref().map(|m| m.iter().flatten().copied().collect());
    o.inline_directives = args.inline_directives.then_some(true);
    Ok(o)
}

/// The paths given, or with none, `.` when stdin is a terminal (ruff and typos do the same)
/// and `-` (stdin) otherwise.
fn default_paths(given: &[PathBuf], stdin_is_terminal: bool) -> Vec<PathBuf> {
    if !given.is_empty() {
        return given.to_vec();
    }
    vec![PathBuf::from(if stdin_is_terminal { "." } else { "-" })]
}

/// What `--fix` and `--diff` ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixes {
    /// Report only.
    Off,
    /// `--fix`: apply safe fixes.
    Apply,
    /// `--diff`: show them.
    Diff,
}

impl Fixes {
    /// Are fixes worked out at all?
    pub fn any(self) -> bool {
        self != Fixes::Off
    }
}

/// `--jsonl`: the fields of each record.
#[derive(Debug, Clone)]
pub struct Jsonl {
    /// `--text-field`.
    pub text_field: String,
    /// `--id-field`.
    pub id_field: String,
    /// `--lang-field`.
    pub lang_field: Option<String>,
}

/// `tact check`, resolved.
pub struct Check {
    /// Files, directories or `-`.
    pub paths: Vec<PathBuf>,
    /// The config file and its path matching.
    pub project: Project,
    /// The flags' part of the rule settings.
    options: RuleOptions,
    /// `--rules`.
    flag_packs: Vec<PathBuf>,
    /// `--field`.
    field_flag: Option<String>,
    /// `--fail-on`, else the config's, else `warning`.
    pub fail_on: FailOn,
    /// `--format`.
    pub format: Format,
    /// `--statistics`.
    pub statistics: bool,
    /// Whether human output is coloured (`--color`, the terminal and `NO_COLOR` decided).
    pub color: bool,
    /// `--passthrough`.
    pub passthrough: bool,
    /// `--report-unused-directives`.
    pub report_unused_directives: bool,
    /// `--fix` / `--diff`.
    pub fixes: Fixes,
    /// `--jsonl`, with its fields.
    pub jsonl: Option<Jsonl>,
    /// `--max-message-bytes`.
    pub max_message_bytes: usize,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// `--verbose`: say on stderr which config file applies to which path.
    pub verbose: bool,
    /// Whether each directory with a config file of its own is checked with that config
    /// (so walks leave such directories to their own group); not with `--config` or
    /// `--no-config`, which choose one config for everything.
    pub nested_configs: bool,
    /// Directories added because they hold a config of their own (not named by the user).
    pub discovered: Vec<PathBuf>,
}

/// The most `--threads` accepted: more is a mistake, not a wish (tact never uses more threads
/// than twice the cores, see [`Check::worker_threads`]).
pub const MAX_THREADS: usize = 1024;

/// Refuses `--threads 0` and values above [`MAX_THREADS`] with a clear error.
pub fn check_threads(threads: Option<usize>) -> Result<()> {
    match threads {
        Some(0) => bail!("--threads must be at least 1"),
        Some(n) if n > MAX_THREADS => {
            bail!("--threads {n} is more than the {MAX_THREADS} tact accepts (it uses at most twice the cores anyway)")
        }
        _ => Ok(()),
    }
}

impl Check {
    /// The threads worth starting for `work` independent pieces of work: the threads asked
    /// for (default: one per core), but never more than twice the cores (linting is CPU-bound;
    /// more threads only cost start-up time and memory) nor more than there is work.
    pub fn worker_threads(&self, work: usize) -> usize {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let asked = if self.threads == 0 { cores } else { self.threads };
        asked.min(cores * 2).min(work).max(1)
    }

    /// Resolves the flags and groups the paths by the config file that applies to each: the
    /// one `--config` names (or none, with `--no-config`) for all; otherwise the nearest
    /// `tact.yaml` from each path upwards (stdin: from the working directory). Groups are in
    /// the order of their first path; each is a [`Check`] of its own.
    pub fn resolve_all(args: &CheckArgs) -> Result<Vec<Check>> {
        let paths = Self::paths(args);
        if args.config.is_some() || args.no_config {
            let mut one = Check::resolve(args)?;
            one.paths = paths;
            return Ok(vec![one]);
        }
        let mut groups: Vec<(Option<PathBuf>, Vec<PathBuf>)> = Vec::new();
        let mut seen = std::collections::HashMap::new();
        let here = config::find_for(std::path::Path::new("."), &mut seen);
        // A directory below a named one that has a config of its own is checked with it:
        // walks skip it, and it joins its config's group as if it had been named.
        let mut discovered = Vec::new();
        let mut all = Vec::with_capacity(paths.len());
        for p in paths {
            let nested = if p.as_os_str() != "-" && p.is_dir() { config::nested_config_dirs(&p) } else { Vec::new() };
            all.push(p);
            for d in nested {
                if !all.contains(&d) {
                    discovered.push(d.clone());
                    all.push(d);
                }
            }
        }
        for p in all {
            let file = if p.as_os_str() == "-" { here.clone() } else { config::find_for(&p, &mut seen) };
            match groups.iter_mut().find(|(f, _)| *f == file) {
                Some((_, ps)) => ps.push(p),
                None => groups.push((file, vec![p])),
            }
        }
        groups
            .into_iter()
            .map(|(file, paths)| {
                let project = match &file {
                    Some(f) => config::load_found(f, args.field.is_some())?,
                    None => config::load(None, true, args.field.is_some())?,
                };
                let mut check = Check::build(args, project, paths)?;
                check.nested_configs = true;
                check.discovered = discovered.clone();
                Ok(check)
            })
            .collect()
    }

    /// The paths to check: as given; with none, `-` when stdin is a pipe or a file and `.` when
    /// it is a terminal (waiting for typed input would look like a hang).
    fn paths(args: &CheckArgs) -> Vec<PathBuf> {
        default_paths(&args.paths, std::io::stdin().is_terminal())
    }

    /// Checks the flags that exclude each other, finds and reads the config file (from the
    /// working directory up, or as named), and combines the two.
    pub fn resolve(args: &CheckArgs) -> Result<Check> {
        Self::validate(args)?;
        let project = config::load(args.config.as_deref(), args.no_config, args.field.is_some())?;
        Check::build(args, project, Self::paths(args))
    }

    /// The flags that exclude each other.
    fn validate(args: &CheckArgs) -> Result<()> {
        let stdin_named = args.paths.iter().any(|p| p.as_os_str() == "-");
        if (args.fix || args.diff) && args.jsonl {
            bail!("--fix and --diff work on files and stdin, not on --jsonl records");
        }
        if args.fix && stdin_named && args.paths.len() > 1 {
            bail!("with --fix, `-` must be the only input: the fixed text goes to stdout");
        }
        if args.statistics && !matches!(args.format, Format::Human | Format::Json) {
            // The counts have a text form and a JSON form; any other format asked for would be
            // silently replaced by the text table.
            bail!(
                "--statistics prints the counts as text or, with --format json, as JSON; it cannot be combined with --format {}",
                clap::ValueEnum::to_possible_value(&args.format).map(|v| v.get_name().to_string()).unwrap_or_default()
            );
        }
        if args.diff && (args.format != Format::Human || args.statistics) {
            // The diff is text for people; mixed into a JSON or SARIF document it would make
            // that document unreadable by the machine it is for.
            bail!(
                "--diff writes a unified diff for people and cannot be combined with {}; \
                 use --format human, or --fix for the fixes and a machine format for the findings",
                if args.statistics {
                    "--statistics".to_string()
                } else {
                    let name = clap::ValueEnum::to_possible_value(&args.format).map(|v| v.get_name().to_string());
                    format!("--format {}", name.unwrap_or_default())
                }
            );
        }
        if args.passthrough && args.format != Format::Jsonl {
            bail!("--passthrough needs --format jsonl");
        }
        check_threads(args.threads)?;
        Ok(())
    }

    /// The settings for some paths with their config file.
    fn build(args: &CheckArgs, project: Project, paths: Vec<PathBuf>) -> Result<Check> {
        Self::validate(args)?;
        let options = options(&args.rules)?;
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Ok(Check {
            paths,
            fail_on: args.fail_on.or(project.config.fail_on).unwrap_or_default(),
            project,
            options,
            flag_packs: args.rules.rules.clone(),
            field_flag: args.field.clone(),
            format: args.format,
            statistics: args.statistics,
            color,
            passthrough: args.passthrough,
            report_unused_directives: args.report_unused_directives,
            fixes: if args.fix {
                Fixes::Apply
            } else if args.diff {
                Fixes::Diff
            } else {
                Fixes::Off
            },
            nested_configs: false,
            discovered: Vec::new(),
            jsonl: args.jsonl.then(|| Jsonl {
                text_field: args.text_field.clone(),
                id_field: args.id_field.clone(),
                lang_field: args.lang_field.clone(),
            }),
            max_message_bytes: args.max_message_bytes,
            threads: args.threads.unwrap_or(0),
            verbose: args.verbose,
        })
    }

    /// The config file (empty when there is none).
    pub fn config(&self) -> &Config {
        &self.project.config
    }

    /// The rules for an input the given overrides apply to (flags still win).
    pub fn rules_for(&self, overrides: &[usize]) -> Rules {
        let settings = self.config().rule_settings(overrides, &self.options);
        let mut packs = self.project.packs(&settings);
        packs.extend(self.flag_packs.iter().cloned());
        Rules { settings, packs }
    }

    /// The structured-file field for an input the given overrides apply to.
    pub fn field_for(&self, overrides: &[usize]) -> Option<String> {
        self.project.field_for(overrides, self.field_flag.as_ref())
    }

    /// The languages `--lang` chose (empty: every language).
    pub fn languages(&self) -> &[Language] {
        &self.options.languages
    }

    /// Is stdin (`-`) one of the inputs?
    pub fn stdin_named(&self) -> bool {
        self.paths.iter().any(|p| p.as_os_str() == "-")
    }
}

#[cfg(test)]
mod tests {
    use super::default_paths;
    use std::path::PathBuf;

    #[test]
    fn no_path_is_the_current_directory_on_a_terminal_and_stdin_otherwise() {
        assert_eq!(default_paths(&[], true), [PathBuf::from(".")]);
        assert_eq!(default_paths(&[], false), [PathBuf::from("-")]);
        let given = [PathBuf::from("-"), PathBuf::from("a.txt")];
        assert_eq!(default_paths(&given, true), given);
    }
}
