//! Command-line arguments, as clap parses them (ripgrep's "low-level" arguments). They are
//! resolved once, with the config file, into [`crate::settings`]; nothing else reads them.
//! Kinds, languages and `--fail-on` parse straight into the library's types.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use tact::{Config, FailOn, HelpDesk, Kind, Language};

/// `draft` or `incoming`, into [`Kind`] (clap lists the values in help and errors).
fn kind_parser() -> impl TypedValueParser<Value = Kind> {
    PossibleValuesParser::new(Config::KINDS.iter().map(|k| k.as_str()))
        .map(|s| s.parse::<Kind>().expect("a value clap accepted"))
}

/// The language table's codes (`en`, `de`, `et`), into [`Language`]; `auto` (every language's
/// packs, each message its own language's rules: the default) becomes [`Language::Any`].
fn language_parser() -> impl TypedValueParser<Value = Language> {
    PossibleValuesParser::new(Language::ALL.iter().map(|l| l.as_str()).chain(["auto"])).map(|s| {
        if s == "auto" {
            Language::Any
        } else {
            s.parse::<Language>().expect("a value clap accepted")
        }
    })
}

/// A help desk's name, or `none` (`None`): no help desk fills merge fields.
fn help_desk_parser() -> impl TypedValueParser<Value = Option<HelpDesk>> {
    PossibleValuesParser::new(HelpDesk::ALL.iter().map(|h| h.as_str()).chain(["none"]))
        .map(|s| (s != "none").then(|| s.parse::<HelpDesk>().expect("a value clap accepted")))
}

/// `error`, `warning`, `info`, `never`, into [`FailOn`].
pub(crate) fn fail_on_parser() -> impl TypedValueParser<Value = FailOn> {
    PossibleValuesParser::new(FailOn::ALL.iter().map(|f| f.as_str()))
        .map(|s| s.parse::<FailOn>().expect("a value clap accepted"))
}

/// Lint customer-service messages: what hurts in draft replies, what to route on in incoming ones.
#[derive(Parser, Debug)]
#[command(name = "tact", version, about, long_about = None)]
#[command(after_help = "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 error.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files, directories, stdin (`-`) or a JSON Lines stream.
    Check(CheckArgs),
    /// List, explain and test rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Evaluate the rules on a JSON Lines corpus: counts per rule with sample hits, per group
    /// and per label, for reviewing false alarms and recall (see docs/quality.md).
    Eval(EvalArgs),
    /// Serve the JSON API over HTTP (POST /v1/check, /v1/fix; GET /v1/rules, /healthz, /metrics),
    /// the rules compiled once; SIGHUP reloads them, SIGTERM stops after requests in flight.
    Serve(crate::serve::ServeArgs),
    /// Serve the Model Context Protocol over stdio: tools check_draft, fix_draft,
    /// triage_incoming and explain_rule for AI agents.
    Mcp(crate::serve::McpArgs),
    /// Write a commented starter tact.yaml in the current directory.
    Init {
        /// Overwrite an existing tact.yaml.
        #[arg(long)]
        force: bool,
    },
}

/// Which rules to load; shared by `check` and `rules`.
#[derive(Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// Kind of message: `draft` (agent replies, the default) or `incoming` (customer messages).
    #[arg(long, value_parser = kind_parser())]
    pub kind: Option<Kind>,
    /// Only packs of these languages (comma-separated codes of the language table), or `auto`:
    /// all, each message linted with its own language's rules (told from its words). Default: auto.
    #[arg(long, value_delimiter = ',', value_parser = language_parser())]
    pub lang: Vec<Language>,
    /// Extra rule pack: a YAML file, or a directory of them (repeatable).
    #[arg(long = "rules", value_name = "FILE|DIR")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in packs.
    #[arg(long)]
    pub no_builtin: bool,
    /// Honour `# tact: ignore` and `<!-- tact-disable -->` written in incoming messages too
    /// (by default only drafts' directives count: a customer must not switch checking off).
    /// Config: `inline-directives: true`.
    #[arg(long)]
    pub inline_directives: bool,
    /// Only these rules: codes, names or categories (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Skip these rules: codes, names or categories (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Change a severity: `RULE=error|warning|info`, RULE a code, name or category (repeatable).
    #[arg(long = "severity", value_name = "RULE=LEVEL")]
    pub severity: Vec<String>,
    /// Help desks that fill their own merge fields (comma-separated), so those are not
    /// unfilled placeholders; `none` flags every placeholder. Replaces the config's.
    #[arg(long, value_delimiter = ',', value_name = "DESK", value_parser = help_desk_parser())]
    pub merge_fields: Option<Vec<Option<HelpDesk>>>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, directories (searched for .txt, .md, .eml, .html) or `-` for stdin. Default: stdin
    /// when it is a pipe or a file, `.` when it is a terminal.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Exit 1 when a finding is at least this severe (default: warning).
    #[arg(long, value_parser = fail_on_parser())]
    pub fail_on: Option<FailOn>,
    /// Read settings from this file for every path, instead of the tact.yaml found from each
    /// checked path up.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any tact.yaml.
    #[arg(long)]
    pub no_config: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The input is JSON Lines: one message per line.
    #[arg(long)]
    pub jsonl: bool,
    /// With --jsonl: the field holding the message text (`a.b` for a nested field).
    #[arg(long, default_value = "text", value_name = "FIELD", requires = "jsonl")]
    pub text_field: String,
    /// For YAML, JSON and CSV files: the field holding the replies (`macros[].body`, a CSV column).
    #[arg(long, value_name = "PATH")]
    pub field: Option<String>,
    /// With --jsonl and --format jsonl: write each input record back with a `tact` field
    /// (categories and diagnostics) added, keeping everything else.
    #[arg(long, requires = "jsonl")]
    pub passthrough: bool,
    /// With --jsonl: the field holding the message id.
    #[arg(long, default_value = "id", value_name = "FIELD", requires = "jsonl")]
    pub id_field: String,
    /// With --jsonl: lint each record with the rules of the language whose code (`en`, `de`,
    /// `et`) this field holds; a record without it is told by its words.
    #[arg(long, value_name = "FIELD", requires = "jsonl")]
    pub lang_field: Option<String>,
    /// Report suppression directives that suppress nothing (a warning for --fail-on).
    #[arg(long)]
    pub report_unused_directives: bool,
    /// Print how often each rule fired instead of the findings (`--format json` for JSON).
    #[arg(long)]
    pub statistics: bool,
    /// Apply safe fixes in place (atomically); with `-`, write the fixed text to stdout.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Show the safe fixes as a unified diff instead of applying them; exit 1 if there are any.
    #[arg(long)]
    pub diff: bool,
    /// Largest message (file, stdin or JSON line) checked, in bytes; a larger one is an error
    /// for that input only. Bounds memory: measured 10.0 bytes per byte for one 10 MB text
    /// message of corpus text with 47,000 findings (the 131-rule packs of session 11).
    #[arg(long, value_name = "BYTES", default_value_t = 16 << 20)]
    pub max_message_bytes: usize,
    /// Worker threads for linting many files or records (default: all cores; 1 = none). At most
    /// 1024 accepted; tact starts no more than twice the cores, nor more than there are files.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Say on stderr which config file applies to which path.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// JSON Lines files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Lint each record with the packs of the language (code) in this field.
    #[arg(long, value_name = "FIELD")]
    pub lang_field: Option<String>,
    /// Count categories per value of this field (e.g. `source`).
    #[arg(long, value_name = "FIELD")]
    pub group_by: Option<String>,
    /// Report, per value of this field (e.g. `label`), the share of records flagged per category.
    #[arg(long, value_name = "FIELD")]
    pub label_field: Option<String>,
    /// Only records whose FIELD equals VALUE (repeatable; all must hold).
    #[arg(long = "filter", value_name = "FIELD=VALUE")]
    pub filters: Vec<String>,
    /// The files are labelled sets (`tests/devset` format: text, lang, kind, labels, type,
    /// guards): print recall and false alarms per language, kind and category instead.
    #[arg(long)]
    pub labels: bool,
    /// With `--labels`: after the table, list every missed positive and every false alarm,
    /// one line each, the text as a JSON string.
    #[arg(long, requires = "labels")]
    pub misses: bool,
    /// Sample hits shown per rule.
    #[arg(long, default_value_t = 5)]
    pub samples: usize,
    /// The field holding the message text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// The field holding the message id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// List the loaded rules.
    List {
        #[command(flatten)]
        rules: RuleArgs,
        /// `table` or `json`.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Explain a rule (or every rule of a category): why, examples, suggestions.
    Explain {
        /// A rule code, name or category.
        rule: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run every rule's inline examples; exit 1 on any failure.
    Test {
        /// Pack files or directories; default: every built-in pack.
        packs: Vec<PathBuf>,
    },
    /// Print the normalized phrases of the loaded rules, one per line (for benchmarks).
    Phrases {
        #[command(flatten)]
        rules: RuleArgs,
    },
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Jsonl,
    Sarif,
    Github,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Table,
    Json,
    /// The rule reference page, docs/rules.md.
    Markdown,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
