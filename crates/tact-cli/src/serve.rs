//! `tact serve` and `tact mcp`: flags, and the rule loader handed to `tact-service`.
//!
//! The loader reads `tact.yaml` and the packs as `tact check` does ([`config::load`],
//! [`settings::options`], [`tact::Config::rule_settings`]), reading every pack once, so a
//! request with given options gets what `tact check` with those flags gives. It runs at start
//! and again on every SIGHUP.

use crate::cli::RuleArgs;
use crate::{config, rules, settings};
use anyhow::{anyhow, bail, Result};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tact::{Config, FailOn, Kind, Linter, Rule, RuleOptions};
use tact_service::{Loader, Options, RuleSource};

/// Which rules and config the service uses; shared by `serve` and `mcp`.
#[derive(Args, Debug, Clone)]
pub struct ServiceRules {
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Default for requests that give no `fail_on` (default: the config's, else warning).
    #[arg(long, value_parser = crate::cli::fail_on_parser())]
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
            let bytes = crate::inputs::read_bounded(p, 64 << 10)
                .map_err(|e| anyhow!("{}: cannot read the token file: {e}", p.display()))?;
            let t = String::from_utf8(bytes)
                .map_err(|_| anyhow!("{}: the token file is not valid UTF-8", p.display()))?
                .trim()
                .to_string();
            if t.is_empty() {
                bail!("{}: the token file is empty", p.display());
            }
            Some(t)
        }
    };
    crate::settings::check_threads(args.threads)?;
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
    let args = args.clone();
    // Flag errors (a malformed --severity) are found now, not at the first reload.
    settings::options(&args.rules)?;
    Ok(Arc::new(move || load(&args).map(|s| Arc::new(s) as Arc<dyn RuleSource>).map_err(|e| format!("{e:#}"))))
}

fn load(args: &ServiceRules) -> Result<CliRules> {
    let project = config::load(args.config.as_deref(), args.no_config, false)?;
    let options = settings::options(&args.rules)?;
    let fail_on = args.fail_on.or(project.config.fail_on).unwrap_or_default();
    let mut paths = project.packs(&project.config.rule_settings(&[], &options));
    paths.extend(args.rules.rules.iter().cloned());
    let (packs, problems) = rules::read_packs(&paths);
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    let mut describe = match project.config.origin() {
        Some(origin) => origin.to_string(),
        None if args.no_config => "no config".to_string(),
        None => "no tact.yaml".to_string(),
    };
    if !packs.is_empty() {
        describe
            .push_str(&format!(", packs: {}", packs.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>().join(", ")));
    }
    Ok(CliRules { config: project.config, options, packs, fail_on, describe })
}

/// One load's config, flags and pack texts.
struct CliRules {
    config: Config,
    options: RuleOptions,
    packs: Vec<(String, String)>,
    fail_on: FailOn,
    describe: String,
}

impl CliRules {
    fn linter(&self, settings: &tact::RuleSettings, kind: Option<Kind>) -> Result<Linter, String> {
        let mut b = settings.builder(self.packs.iter().map(|(o, s)| (o.as_str(), s.as_str())));
        if let Some(k) = kind {
            b = b.kind(k);
        }
        b.build().map_err(|e| self.config.locate(e).to_string())
    }
}

impl RuleSource for CliRules {
    fn build(&self, o: &Options) -> Result<Linter, String> {
        // A request's options go on top of the flags as further flags would: kind, languages
        // and select replace, ignore and severity add; the config then combines with them as
        // in `tact check`.
        let mut options = self.options.clone();
        let mut any = false;
        match o.kind {
            Some(Kind::Any) => any = true,
            Some(k) => options.kind = Some(k),
            None => {}
        }
        if let Some(langs) = &o.languages {
            options.languages = langs.clone();
        }
        if let Some(select) = &o.select {
            options.select = select.clone();
        }
        options.ignore.extend(o.ignore.iter().cloned());
        options.severity.extend(o.severity.iter().cloned());
        self.linter(&self.config.rule_settings(&[], &options), any.then_some(Kind::Any))
    }

    fn every_rule(&self) -> Result<Linter, String> {
        let mut settings = self.config.rule_settings(&[], &self.options);
        settings.kind = None;
        settings.languages.clear();
        settings.select.clear();
        settings.ignore.clear();
        settings.severity.clear();
        self.linter(&settings, Some(Kind::Any))
    }

    fn fail_on(&self) -> FailOn {
        self.fail_on
    }

    fn rule_json(&self, rule: &Rule) -> serde_json::Value {
        rules::rule_json(rule)
    }

    fn describe(&self) -> String {
        self.describe.clone()
    }
}
