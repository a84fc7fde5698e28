//! # tact-service: tact as a long-running service
//!
//! Two front ends over one rule engine, so AI agents and help-desk automations can check a
//! draft before it is sent without starting a process (and rebuilding the linter) per draft:
//!
//! - [`http`]: a versioned JSON API (`POST /v1/check`, `POST /v1/fix`, `GET /v1/rules`, ...)
//!   on axum and hyper over tokio, with a bearer token, body limit, per-request timeout,
//!   bounded concurrency, graceful shutdown, Prometheus metrics and a JSON access log line per
//!   request. `tact serve` runs it.
//! - [`mcp`]: the Model Context Protocol over stdio (newline-delimited JSON-RPC, with the
//!   official Rust SDK `rmcp`) with the tools `check_draft`, `fix_draft`, `triage_incoming`
//!   and `explain_rule`. `tact mcp` runs it.
//!
//! This crate reads no configuration itself: the caller (the `tact` CLI) hands it a
//! [`Loader`] that reads `tact.yaml` and the rule packs the way `tact check` does and returns
//! a [`RuleSource`]. The [`Engine`] calls the loader at start and on every reload (SIGHUP),
//! checks that the new rules build, and swaps them in atomically; a reload that fails is
//! reported and the old rules keep serving. Per-request options (kind, languages, select,
//! ignore, severity) get their own linter, built once and kept in a bounded cache.

pub mod api;
mod engine;
pub mod http;
pub mod mcp;
mod metrics;

pub use engine::{Built, Engine, Generation, ReloadOutcome};

use std::sync::Arc;
use tact::{Kind, Language, Linter, Rule, Severity};

/// Rule settings one request asks for, applied on top of the server's own settings the way
/// `tact check` applies flags on top of `tact.yaml`: `kind`, `languages` and `select` replace
/// the server's, `ignore` and `severity` add to them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// Which packs run; `None` keeps the server's (default `draft`). [`Kind::Any`] asks for
    /// the rules of both kinds, as `tact rules list` shows them.
    pub kind: Option<Kind>,
    /// Only packs of these languages; `None` keeps the server's (default: all).
    pub languages: Option<Vec<Language>>,
    /// Only these rules (codes, names or categories); `None` keeps the server's.
    pub select: Option<Vec<String>>,
    /// Rules to skip, besides the server's.
    pub ignore: Vec<String>,
    /// Severity overrides (selector, level), after the server's, in order.
    pub severity: Vec<(String, Severity)>,
}

/// What makes a message fail (`--fail-on`): the library's own type, so the CLI, the config
/// file and the service share one definition.
pub use tact::FailOn;

/// The project's rules as read by one call of the [`Loader`]: the configuration and the pack
/// texts are already in memory, so building a linter does no I/O and every linter of one
/// generation sees the same files.
pub trait RuleSource: Send + Sync {
    /// The linter `tact check` would build with the server's settings plus `options`.
    fn build(&self, options: &Options) -> Result<Linter, String>;
    /// Every loaded rule, whatever its kind or language and whatever is selected: what a
    /// selector is checked against (an unknown one is an error, as in `tact check`).
    fn every_rule(&self) -> Result<Linter, String>;
    /// The fail-on level when a request gives none (the flag, else the config, else warning).
    fn fail_on(&self) -> FailOn;
    /// A rule as JSON, the object `tact rules list --format json` prints.
    fn rule_json(&self, rule: &Rule) -> serde_json::Value;
    /// Where the rules came from (config file, packs), for the log line of a (re)load.
    fn describe(&self) -> String;
}

/// Reads the configuration and rule packs from disk: called at start and on every reload.
/// An `Err` is a message for the operator (it is printed, and the old rules stay).
pub type Loader = Arc<dyn Fn() -> Result<Arc<dyn RuleSource>, String> + Send + Sync>;
