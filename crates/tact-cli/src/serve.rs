//! `tact serve` and `tact mcp`: flags, and the rule loader handed to `tact-service`.
//!
//! The loader resolves `tact.yaml` and the flags exactly as `tact check` does
//! ([`config::resolve`]), reads every `--rules` pack once, and builds each linter with the same
//! [`rules::builder`] `check` uses, so a request with given options gets what `tact check` with
//! those flags gives. It runs at start and again on every SIGHUP.

use crate::cli::{self, FailOn, KindArg, LangArg, RuleArgs};
use crate::{config, rules};
use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Parser};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tact::{Kind, Language, Linter, Rule};
use tact_service::{Loader, Options, RuleSource};

/// Which rules and config the service uses; shared by `serve` and `mcp`.
#[derive(Args, Debug, Clone)]
pub struct ServiceRules {
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Default for requests that give no `fail_on` (default: the config's, else warning).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Read settings from this file instead of the tact.yaml found from the current directory up.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any tact.yaml.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port; the one bound is logged).
    #[arg(long, value_name = "ADDR", default_value = tact_service::http::DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub service: ServiceRules,
    /// File holding the bearer token every request but /healthz must send
    /// (`Authorization: Bearer TOKEN`).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Largest request body, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// Longest a request may take, body included, in milliseconds (then 408).
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub timeout_ms: u64,
    /// Requests answered at once; more wait for their turn.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_concurrency: usize,
    /// Connections open at once; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,
    /// On SIGTERM, how long requests in flight get to finish, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    pub shutdown_grace_ms: u64,
    /// Linters kept for distinct per-request rule options.
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub cache_size: usize,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No access-log line per request (events such as reloads are still logged).
    #[arg(long)]
    pub no_access_log: bool,
}

#[derive(Args, Debug)]
pub struct McpArgs {
    #[command(flatten)]
    pub service: ServiceRules,
}

/// `tact serve`.
pub fn serve(args: &ServeArgs) -> Result<u8> {
    let token = match &args.token_file {
        None => None,
        Some(p) => {
            let t = std::fs::read_to_string(p)
                .with_context(|| format!("{}: cannot read the token file", p.display()))?
                .trim()
                .to_string();
            if t.is_empty() {
                bail!("{}: the token file is empty", p.display());
            }
            Some(t)
        }
    };
    if args.threads == Some(0) {
        bail!("--threads must be at least 1");
    }
    let config = tact_service::http::Config {
        listen: args.listen,
        token,
        max_body_bytes: args.max_body_bytes,
        timeout: Duration::from_millis(args.timeout_ms.max(1)),
        max_concurrency: args.max_concurrency.max(1),
        max_connections: args.max_connections.max(1),
        shutdown_grace: Duration::from_millis(args.shutdown_grace_ms),
        access_log: !args.no_access_log,
        cache_size: args.cache_size,
        threads: args.threads.unwrap_or(0),
        ..tact_service::http::Config::default()
    };
    tact_service::http::run(loader(&args.service)?, config).map_err(|e| anyhow!("{e}"))?;
    Ok(0)
}

/// `tact mcp`.
pub fn mcp(args: &McpArgs) -> Result<u8> {
    tact_service::mcp::run(loader(&args.service)?).map_err(|e| anyhow!("{e}"))?;
    Ok(0)
}

/// The loader: each call reads `tact.yaml` and the packs afresh.
fn loader(args: &ServiceRules) -> Result<Loader> {
    // `config::resolve` takes `check`'s arguments; start from `check`'s own defaults (so new
    // check flags need nothing here) and set what the service has.
    let mut check = match cli::Cli::try_parse_from(["tact", "check"])?.command {
        cli::Command::Check(c) => c,
        _ => unreachable!("parsed `tact check`"),
    };
    check.rules = args.rules.clone();
    check.fail_on = args.fail_on;
    check.config = args.config.clone();
    check.no_config = args.no_config;
    Ok(Arc::new(move || load(&check).map(|s| Arc::new(s) as Arc<dyn RuleSource>).map_err(|e| format!("{e:#}"))))
}

fn load(check: &cli::CheckArgs) -> Result<CliRules> {
    let settings = config::resolve(check)?;
    let (packs, problems) = rules::read_packs(&settings.base.rules);
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    let fail_on = match settings.fail_on {
        FailOn::Error => tact_service::FailOn::Error,
        FailOn::Warning => tact_service::FailOn::Warning,
        FailOn::Info => tact_service::FailOn::Info,
        FailOn::Never => tact_service::FailOn::Never,
    };
    let mut describe = if check.no_config {
        "no config".to_string()
    } else {
        match config::NAMES.iter().map(|n| settings.root.join(n)).find(|p| p.is_file()) {
            Some(p) => check.config.clone().unwrap_or(p).display().to_string(),
            None => check.config.as_ref().map_or("no tact.yaml".to_string(), |p| p.display().to_string()),
        }
    };
    if !packs.is_empty() {
        describe
            .push_str(&format!(", packs: {}", packs.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>().join(", ")));
    }
    if settings.base.no_builtin {
        describe.push_str(", no built-in packs");
    }
    Ok(CliRules { base: settings.base, packs, fail_on, describe })
}

/// One load's settings and pack texts.
struct CliRules {
    base: RuleArgs,
    packs: Vec<(String, String)>,
    fail_on: tact_service::FailOn,
    describe: String,
}

fn errors(e: tact::Errors) -> String {
    e.to_string()
}

impl CliRules {
    fn linter(&self, args: &RuleArgs, kind: Option<Kind>) -> Result<Linter, String> {
        let mut b = rules::builder(args, &self.packs, &HashSet::new()).map_err(|e| format!("{e:#}"))?;
        if let Some(k) = kind {
            b = b.kind(k);
        }
        b.build().map_err(errors)
    }
}

impl RuleSource for CliRules {
    fn build(&self, o: &Options) -> Result<Linter, String> {
        // As `tact check` combines flags with tact.yaml: kind, languages and select replace,
        // ignore and severity add.
        let mut args = self.base.clone();
        let mut any = false;
        match o.kind {
            Some(Kind::Draft) => args.kind = Some(KindArg::Draft),
            Some(Kind::Incoming) => args.kind = Some(KindArg::Incoming),
            Some(_) => any = true,
            None => {}
        }
        if let Some(langs) = &o.languages {
            args.lang = langs
                .iter()
                .filter_map(|l| match l {
                    Language::En => Some(LangArg::En),
                    Language::De => Some(LangArg::De),
                    Language::Et => Some(LangArg::Et),
                    _ => None,
                })
                .collect();
        }
        if let Some(select) = &o.select {
            args.select = select.clone();
        }
        args.ignore.extend(o.ignore.iter().cloned());
        args.severity.extend(o.severity.iter().map(|(s, l)| format!("{s}={l}")));
        self.linter(&args, any.then_some(Kind::Any))
    }

    fn every_rule(&self) -> Result<Linter, String> {
        let args = RuleArgs {
            no_builtin: self.base.no_builtin,
            ignore_patterns: self.base.ignore_patterns.clone(),
            ..RuleArgs::default()
        };
        self.linter(&args, Some(Kind::Any))
    }

    fn fail_on(&self) -> tact_service::FailOn {
        self.fail_on
    }

    fn rule_json(&self, rule: &Rule) -> serde_json::Value {
        rules::rule_json(rule)
    }

    fn describe(&self) -> String {
        self.describe.clone()
    }
}
