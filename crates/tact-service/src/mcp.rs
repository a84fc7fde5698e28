//! The MCP server (`tact mcp`): the Model Context Protocol over stdio, newline-delimited
//! JSON-RPC, with the official Rust SDK `rmcp`.
//!
//! Four tools, each with a JSON Schema for its input and its output:
//!
//! - `check_draft`: checks a reply before it is sent; each finding says what is wrong, why it
//!   hurts, and what to say instead, and `fixed_text` has the safe fixes applied.
//! - `fix_draft`: applies the safe fixes and lists what is left to reword by hand.
//! - `triage_incoming`: flags what a team routes a customer message on (churn, legal and
//!   review threats, abuse, urgency, ...), with the categories to route by.
//! - `explain_rule`: what a rule flags, why, examples, and what to use instead.
//!
//! The tools take the same rule options as `POST /v1/check` (`lang`, `select`, `ignore`,
//! `severity`, `fail_on`) and run on the same [`Engine`]. Arguments that do not fit the input
//! schema, an unknown rule or an unknown option value give a tool error (`isError: true`) whose
//! text names the argument; the server keeps running.

use crate::api::{self, ApiError, Langs, Severities};
use crate::engine::{Built, Engine, Generation};
use crate::{FailOn, Loader};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, ServiceExt};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::sync::Arc;
use tact::{Diagnostic, Kind};

impl JsonSchema for Langs {
    fn schema_name() -> Cow<'static, str> {
        "Languages".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = tact::Language::ALL
            .iter()
            .filter(|&&l| l != tact::Language::Any)
            .map(|l| l.as_str())
            .chain(["auto"])
            .collect();
        schemars::json_schema!({
            "description": "Only the packs of these languages (default: every language's packs; `auto` \
                            is every language too). Each message is linted with the rules of the \
                            language told from its words, or every rule when that cannot be told.",
            "anyOf": [
                {"type": "string", "enum": codes},
                {"type": "array", "items": {"type": "string", "enum": codes}}
            ]
        })
    }
}

impl JsonSchema for Severities {
    fn schema_name() -> Cow<'static, str> {
        "SeverityOverrides".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Re-level rules: a rule code, name or category to error, warning or info.",
            "type": "object",
            "additionalProperties": {"type": "string", "enum": ["error", "warning", "info"]}
        })
    }
}

/// The arguments of `check_draft`, `fix_draft` and `triage_incoming`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageArgs {
    /// The whole message, exactly as it would be sent or as it was received.
    pub text: String,
    /// Only the packs of these languages: `en`, `de`, `et` (default: all).
    #[serde(default)]
    pub lang: Option<Langs>,
    /// Only these rules: codes (`D101`), names (`dont-know`) or categories (`scolding`).
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Skip these rules: codes, names or categories.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Re-level rules, e.g. `{"over-promise": "error"}`.
    #[serde(default)]
    pub severity: Severities,
    /// What makes the verdict `fail`: a finding at least this severe (default: the server's,
    /// normally `warning`).
    #[serde(default)]
    pub fail_on: Option<FailOn>,
}

/// The arguments of `explain_rule`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainArgs {
    /// A rule code (`D101`) or name (`dont-know`), as found in a finding.
    pub rule: String,
}

/// One finding, in the form an agent can act on.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Finding {
    /// The rule's stable code, e.g. `D101`.
    pub code: String,
    /// The rule's name, e.g. `dont-know`.
    pub name: String,
    /// What kind of problem (or, for incoming messages, what to route on), e.g. `scolding`.
    pub category: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// What is wrong, with the flagged words quoted.
    pub what: String,
    /// Why it matters to the customer.
    pub why: String,
    /// The exact text flagged (the `start`..`end` bytes of the message).
    pub matched: String,
    /// 1-based line of the flagged text.
    pub line: usize,
    /// 1-based column (in characters) of the flagged text.
    pub column: usize,
    /// Byte offset where the flagged text starts.
    pub start: usize,
    /// Byte offset just past the flagged text.
    pub end: usize,
    /// Wordings to use instead of the flagged text, best first.
    pub say_instead: Vec<String>,
    /// Advice on what to write instead, where no drop-in wording fits.
    pub advice: Vec<String>,
    /// The replacement `fix_draft` applies automatically, when one is safe.
    pub safe_fix: Option<String>,
}

/// The result of `check_draft`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckDraftResult {
    /// `pass`: nothing at or above `fail_on`, the draft can be sent; `fail`: revise it first.
    pub verdict: api::Verdict,
    /// The level the verdict was taken at.
    pub fail_on: FailOn,
    /// The language whose rules ran (`en`, `de`, `et`), told from the message's words;
    /// `null` when it could not be told and every loaded rule ran.
    pub language: Option<&'static str>,
    /// One paragraph saying what to do.
    pub summary: String,
    /// Every finding, in text order.
    pub findings: Vec<Finding>,
    /// The draft with every safe fix applied, when there is any to apply.
    pub fixed_text: Option<String>,
}

/// The result of `fix_draft`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FixDraftResult {
    /// The draft with every safe fix applied.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// The verdict on the fixed draft.
    pub verdict: api::Verdict,
    /// The level the verdict was taken at.
    pub fail_on: FailOn,
    /// The language whose rules ran (`en`, `de`, `et`), told from the message's words;
    /// `null` when it could not be told and every loaded rule ran.
    pub language: Option<&'static str>,
    /// One paragraph saying what to do.
    pub summary: String,
    /// What is left to reword by hand (positions are in `text`).
    pub findings: Vec<Finding>,
}

/// The result of `triage_incoming`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TriageResult {
    /// `fail`: at least one finding at or above `fail_on`, the message needs attention.
    pub verdict: api::Verdict,
    /// The level the verdict was taken at.
    pub fail_on: FailOn,
    /// The language whose rules ran (`en`, `de`, `et`), told from the message's words;
    /// `null` when it could not be told and every loaded rule ran.
    pub language: Option<&'static str>,
    /// The distinct categories found, first seen first (route or tag on these).
    pub categories: Vec<String>,
    /// One paragraph saying what the message contains.
    pub summary: String,
    /// Every finding, in text order.
    pub findings: Vec<Finding>,
}

/// One suggestion of a rule.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleSuggestionOut {
    /// The wording or advice.
    pub text: String,
    /// `safe` (applied by fix_draft), `unsafe` (a wording needing judgement) or `display-only`
    /// (advice).
    pub applicability: String,
}

/// One rule as `explain_rule` describes it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleExplained {
    /// The rule's code.
    pub code: String,
    /// The rule's name.
    pub name: String,
    /// The rule's category.
    pub category: String,
    /// The rule's severity (after the server's overrides).
    pub severity: String,
    /// The pack's language (`en`, `de`, `et` or `any`).
    pub language: String,
    /// `draft`, `incoming` or `any`.
    pub kind: String,
    /// What it flags (`…` stands for the flagged words).
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// What to use instead.
    pub use_instead: Vec<RuleSuggestionOut>,
    /// Messages it flags.
    pub flagged_examples: Vec<String>,
    /// Messages it does not flag.
    pub passing_examples: Vec<String>,
    /// The pack and file it is defined in.
    pub defined_in: String,
}

/// The result of `explain_rule`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExplainResult {
    /// The rules with that code or name (a name can be used by packs of several languages).
    pub rules: Vec<RuleExplained>,
}

fn schema_object<T: JsonSchema>() -> Arc<serde_json::Map<String, Value>> {
    let schema = schemars::schema_for!(T);
    match serde_json::to_value(schema) {
        Ok(Value::Object(m)) => Arc::new(m),
        _ => Arc::new(serde_json::Map::new()),
    }
}

fn tool<I: JsonSchema, O: JsonSchema>(name: &'static str, title: &str, description: &'static str) -> Tool {
    let mut t = Tool::new(name, description, schema_object::<I>());
    t.title = Some(title.to_string());
    t.output_schema = Some(schema_object::<O>());
    t.annotations =
        Some(ToolAnnotations::with_title(title).read_only(true).destructive(false).idempotent(true).open_world(false));
    t
}

/// The tools, with their schemas.
pub fn tools() -> Vec<Tool> {
    vec![
        tool::<MessageArgs, CheckDraftResult>(
            "check_draft",
            "Check a draft reply",
            "Check a customer-service reply BEFORE sending it. Flags what hurts a customer (\"I don't know\", \
             scolding, blaming, over-promising, hiding behind policy, unfilled {{placeholders}}, ...). Each \
             finding says what is wrong, why, and what to say instead. If `verdict` is `fail`, revise the \
             draft (or send `fixed_text` if it passes) and check again.",
        ),
        tool::<MessageArgs, FixDraftResult>(
            "fix_draft",
            "Apply safe fixes to a draft",
            "Apply every safe automatic fix to a draft reply and return the new text, plus the findings that \
             are left to reword by hand.",
        ),
        tool::<MessageArgs, TriageResult>(
            "triage_incoming",
            "Triage a customer message",
            "Flag what a support team routes an INCOMING customer message on: threats to cancel or switch, \
             legal and public-review threats, abuse, shouting, repeat contact, urgency, vague requests and \
             piles of unnumbered questions. Returns the categories to tag or route by.",
        ),
        tool::<ExplainArgs, ExplainResult>(
            "explain_rule",
            "Explain a rule",
            "Explain a tact rule by code or name: what it flags, why it matters, examples, and what to use \
             instead.",
        ),
    ]
}

/// The MCP server: the tools over one [`Engine`].
#[derive(Clone)]
pub struct TactMcp {
    engine: Arc<Engine>,
    tools: Arc<Vec<Tool>>,
}

impl TactMcp {
    /// A server over these rules.
    pub fn new(engine: Arc<Engine>) -> Self {
        TactMcp { engine, tools: Arc::new(tools()) }
    }

    /// Runs one tool call; `Err` is the text of a tool error.
    pub async fn call(&self, name: &str, args: Value) -> Result<Value, String> {
        let out = match name {
            "check_draft" | "fix_draft" | "triage_incoming" => {
                let a: MessageArgs = parse(args)?;
                let kind = if name == "triage_incoming" { Kind::Incoming } else { Kind::Draft };
                let (generation, built, fail_on) = self.prepare(&a, kind).await?;
                let text = a.text;
                let tool = name.to_string();
                let work = move || match tool.as_str() {
                    "check_draft" => serde_json::to_value(check_draft(&generation, &built, fail_on, &text)),
                    "fix_draft" => serde_json::to_value(fix_draft(&generation, &built, fail_on, &text)),
                    _ => serde_json::to_value(triage(&generation, &built, fail_on, &text)),
                };
                tokio::task::spawn_blocking(work).await.map_err(|e| format!("the check did not complete: {e}"))?
            }
            "explain_rule" => {
                let a: ExplainArgs = parse(args)?;
                serde_json::to_value(explain(&self.engine.current(), &a.rule)?)
            }
            other => return Err(format!("unknown tool `{other}`")),
        };
        out.map_err(|e| format!("the result could not be encoded: {e}"))
    }

    async fn prepare(&self, a: &MessageArgs, kind: Kind) -> Result<(Arc<Generation>, Arc<Built>, FailOn), String> {
        let req = api::Request {
            kind: Some(if kind == Kind::Incoming { api::KindField::Incoming } else { api::KindField::Draft }),
            lang: a.lang.clone(),
            select: a.select.clone(),
            ignore: a.ignore.clone(),
            severity: a.severity.clone(),
            fail_on: a.fail_on,
            ..api::Request::default()
        };
        let generation = self.engine.current();
        let plan = api::plan(&req, &generation).map_err(|e| argument_error(&e))?;
        let g = generation.clone();
        let built = tokio::task::spawn_blocking(move || g.linter(&plan.options))
            .await
            .map_err(|e| format!("building the rules failed: {e}"))??;
        Ok((generation, built, plan.fail_on))
    }
}

fn argument_error(e: &ApiError) -> String {
    match &e.field {
        Some(f) => format!("invalid argument `{f}`: {}", e.message),
        None => format!("invalid arguments: {}", e.message),
    }
}

fn parse<T: for<'de> Deserialize<'de>>(args: Value) -> Result<T, String> {
    serde_path_to_error::deserialize(args).map_err(|e| argument_error(&api::json_error(e)))
}

fn finding(generation: &Generation, built: &Built, d: &Diagnostic) -> Finding {
    let rule = built.rule(&d.code).or_else(|| generation.listing().rule(&d.code));
    let mut say_instead = Vec::new();
    let mut advice = Vec::new();
    for s in &d.suggestions {
        match s.replacement_text() {
            Some(r) => say_instead.push(r.to_string()),
            None => advice.push(s.text.clone()),
        }
    }
    Finding {
        code: d.code.clone(),
        name: d.name.clone(),
        category: d.category.as_str().to_string(),
        severity: d.severity.as_str().to_string(),
        what: d.message.clone(),
        why: rule.map(|r| r.why.clone()).unwrap_or_default(),
        matched: d.matched.clone(),
        line: d.line,
        column: d.column,
        start: d.start,
        end: d.end,
        say_instead,
        advice,
        safe_fix: d.safe_fix().map(str::to_string),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn list_findings(findings: &[Finding]) -> String {
    findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let instead = match (f.say_instead.first(), f.advice.first()) {
                (Some(s), _) => format!(" Say instead: “{s}”."),
                (None, Some(a)) => format!(" {a}"),
                (None, None) => String::new(),
            };
            format!("{}) {} [{} {}, {}]{instead}", i + 1, f.what, f.severity, f.code, f.name)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_draft(generation: &Generation, built: &Built, fail_on: FailOn, text: &str) -> CheckDraftResult {
    let out = api::check_one(built, fail_on, None, text, true);
    let findings: Vec<Finding> = out.diagnostics.iter().map(|d| finding(generation, built, d)).collect();
    let fixed = out.fixed.filter(|f| f.applied > 0);
    let summary = match (out.verdict, findings.len()) {
        (api::Verdict::Pass, 0) => "No problems found: the draft can be sent as it is.".to_string(),
        (api::Verdict::Pass, n) => format!(
            "The draft can be sent: {} below the `{}` level, worth a look: {}",
            count(n, "finding is", "findings are"),
            fail_on.as_str(),
            list_findings(&findings)
        ),
        (api::Verdict::Fail, n) => {
            let mut s = format!(
                "Revise the draft before sending it. {}: {}",
                count(n, "finding", "findings"),
                list_findings(&findings)
            );
            if let Some(f) = &fixed {
                let left = if f.verdict == api::Verdict::Pass {
                    "it passes".to_string()
                } else {
                    format!("{} still to reword by hand", count(f.diagnostics.len(), "finding is", "findings are"))
                };
                s.push_str(&format!(
                    " `fixed_text` has {} applied; {left}.",
                    count(f.applied, "safe fix", "safe fixes")
                ));
            }
            s
        }
    };
    CheckDraftResult {
        verdict: out.verdict,
        fail_on,
        language: out.language,
        summary,
        findings,
        fixed_text: fixed.map(|f| f.text),
    }
}

fn fix_draft(generation: &Generation, built: &Built, fail_on: FailOn, text: &str) -> FixDraftResult {
    let out = api::fix_one(built, fail_on, None, text);
    let findings: Vec<Finding> = out.diagnostics.iter().map(|d| finding(generation, built, d)).collect();
    let applied = count(out.applied, "safe fix", "safe fixes");
    let summary = if findings.is_empty() {
        format!("{applied} applied; nothing is left to fix.")
    } else {
        let verdict = match out.verdict {
            api::Verdict::Pass => "the draft can be sent",
            api::Verdict::Fail => "reword these by hand before sending",
        };
        format!(
            "{applied} applied; {} left, {verdict}: {}",
            count(findings.len(), "finding", "findings"),
            list_findings(&findings)
        )
    };
    FixDraftResult {
        text: out.text,
        applied: out.applied,
        verdict: out.verdict,
        fail_on,
        language: out.language,
        summary,
        findings,
    }
}

fn triage(generation: &Generation, built: &Built, fail_on: FailOn, text: &str) -> TriageResult {
    let out = api::check_one(built, fail_on, None, text, false);
    let findings: Vec<Finding> = out.diagnostics.iter().map(|d| finding(generation, built, d)).collect();
    let categories: Vec<String> = out.categories.iter().map(|c| c.to_string()).collect();
    let summary = if findings.is_empty() {
        "Nothing to route on was found in this message.".to_string()
    } else {
        format!(
            "{} this message: {}. {}",
            if out.verdict == api::Verdict::Fail { "Needs attention; route or tag" } else { "Tag" },
            categories.join(", "),
            list_findings(&findings)
        )
    };
    TriageResult { verdict: out.verdict, fail_on, language: out.language, categories, summary, findings }
}

fn explain(generation: &Generation, which: &str) -> Result<ExplainResult, String> {
    let rules: Vec<RuleExplained> = generation
        .listing()
        .linter
        .rules()
        .iter()
        .filter(|r| r.code.eq_ignore_ascii_case(which) || r.name == which)
        .map(|r| RuleExplained {
            code: r.code.clone(),
            name: r.name.clone(),
            category: r.category.as_str().to_string(),
            severity: r.severity.as_str().to_string(),
            language: r.language.as_str().to_string(),
            kind: r.kind.as_str().to_string(),
            what: r.message.replace("{matched}", "…"),
            why: r.why.clone(),
            use_instead: r
                .suggestions
                .iter()
                .map(|s| RuleSuggestionOut {
                    text: s.text.clone(),
                    applicability: s.applicability.as_str().to_string(),
                })
                .collect(),
            flagged_examples: r.examples.flag.clone(),
            passing_examples: r.examples.pass.clone(),
            defined_in: format!("{} (pack {})", r.origin, r.pack),
        })
        .collect();
    if rules.is_empty() {
        return Err(format!("invalid argument `rule`: no loaded rule has the code or name `{which}`"));
    }
    Ok(ExplainResult { rules })
}

impl ServerHandler for TactMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("tact", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "tact lints customer-service messages. Call check_draft on every reply before sending it and \
                 act on the verdict; call triage_incoming on customer messages to tag and route them; \
                 explain_rule tells more about a finding's rule.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(self.tools.to_vec()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        if !self.tools.iter().any(|t| t.name == request.name) {
            return Err(McpError::invalid_params(
                format!(
                    "unknown tool `{}`; the tools are check_draft, fix_draft, triage_incoming, explain_rule",
                    request.name
                ),
                None,
            ));
        }
        let args = Value::Object(request.arguments.unwrap_or_default());
        Ok(match self.call(&request.name, args).await {
            Ok(v) => CallToolResult::structured(v),
            Err(msg) => CallToolResult::error(vec![ContentBlock::text(msg)]),
        }
        .into())
    }
}

/// Runs `tact mcp`: loads the rules and serves MCP on stdin and stdout until stdin closes,
/// reloading on SIGHUP. Logs go to stderr; stdout carries only protocol messages.
pub fn run(loader: Loader) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    rt.block_on(async move {
        let engine = Arc::new(Engine::new(loader, 32)?);
        crate::http::log_loaded(&engine.current(), "rules_loaded");
        let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
            .map_err(|e| format!("cannot install the SIGHUP handler: {e}"))?;
        let e = engine.clone();
        tokio::spawn(async move {
            while hup.recv().await.is_some() {
                let e2 = e.clone();
                match tokio::task::spawn_blocking(move || e2.reload()).await {
                    Ok(crate::ReloadOutcome::Reloaded(_)) => crate::http::log_loaded(&e.current(), "rules_reloaded"),
                    Ok(crate::ReloadOutcome::Failed(msg)) => {
                        crate::http::log_event("reload_failed", &[("error", Value::String(msg))])
                    }
                    Err(err) => crate::http::log_event("reload_failed", &[("error", Value::String(err.to_string()))]),
                }
            }
        });
        let running = TactMcp::new(engine)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| format!("MCP initialization failed: {e}"))?;
        running.waiting().await.map_err(|e| format!("the MCP server stopped: {e}"))?;
        Ok(())
    })
}
