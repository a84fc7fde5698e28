//! The request and response model of the JSON API, shared by HTTP and MCP: parsing a request
//! body into rule options (every error names the field), and checking or fixing messages.
//!
//! The work here is synchronous and does no I/O; the front ends decide where it runs.

use crate::engine::{Built, Generation};
use crate::{FailOn, Options};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use tact::{Diagnostic, Kind, Language, Severity};

/// A request that cannot be served: an HTTP status, a stable code, the field at fault (a path
/// such as `messages[2].text`, or `body`, or a header name) and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status (always 4xx, or 503 when the server is overloaded or shutting down).
    pub status: u16,
    /// A stable, machine-readable code such as `invalid_field` or `body_too_large`.
    pub code: &'static str,
    /// The field, header or part of the request at fault.
    pub field: Option<String>,
    /// What is wrong and how to put it right.
    pub message: String,
}

impl ApiError {
    /// A new error.
    pub fn new(status: u16, code: &'static str, field: Option<&str>, message: impl Into<String>) -> Self {
        ApiError { status, code, field: field.map(str::to_string), message: message.into() }
    }

    /// A 400 for a field with a bad value.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        ApiError::new(400, "invalid_field", Some(field), message)
    }

    /// The JSON body: `{"error": {"status", "code", "field", "message"}}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({"error": {
            "status": self.status,
            "code": self.code,
            "field": self.field,
            "message": self.message,
        }})
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "`{field}`: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The kind of message a request checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum KindField {
    /// A reply an agent is about to send (the default).
    Draft,
    /// A message from a customer.
    Incoming,
}

impl KindField {
    fn kind(self) -> Kind {
        match self {
            KindField::Draft => Kind::Draft,
            KindField::Incoming => Kind::Incoming,
        }
    }
}

/// One language of `lang`; `auto` is [`Language::Any`]: every language, each message linted
/// with the rules of the language told from its words (what `--lang auto` does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(pub Language);

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "auto" {
            return Ok(Lang(Language::Any));
        }
        match s.parse::<Language>() {
            Ok(l) if l != Language::Any => Ok(Lang(l)),
            _ => Err(de::Error::custom(format!(
                "unknown language `{s}`, expected `auto` or one of {}",
                language_codes()
            ))),
        }
    }
}

/// Every language of the table (`auto`): what `lang: "auto"` expands to.
fn every_language() -> Vec<Language> {
    Language::ALL.iter().copied().filter(|&l| l != Language::Any).collect()
}

/// The codes of the library's language table, `en, de, et`.
pub fn language_codes() -> String {
    Language::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ")
}

/// `lang`: one language or a list of them; `auto` (alone or in the list) stands for every
/// language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Langs(pub Vec<Language>);

impl From<Vec<Language>> for Langs {
    fn from(v: Vec<Language>) -> Self {
        if v.contains(&Language::Any) {
            Langs(every_language())
        } else {
            Langs(v)
        }
    }
}

impl<'de> Deserialize<'de> for Langs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Langs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a language code or a list of them")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Langs, E> {
                Lang::deserialize(de::value::StrDeserializer::<E>::new(s)).map(|l| Langs::from(vec![l.0]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Langs, A::Error> {
                let mut out = Vec::new();
                while let Some(Lang(l)) = seq.next_element()? {
                    out.push(l);
                }
                Ok(Langs::from(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// `severity`: an object of selector to level, applied in order (`{"over-promise": "error"}`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Severities(pub Vec<(String, Severity)>);

impl<'de> Deserialize<'de> for Severities {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Severities;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of rule (code, name or category) to error, warning or info")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Severities, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Severity>()? {
                    out.push((k, v));
                }
                Ok(Severities(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A value that must be a JSON object: serde's derived structs also accept arrays of their
/// fields in order, which would let `["hi"]` through as `{"text": "hi"}`.
struct ObjectOnly<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOnly<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData)).map(ObjectOnly)
    }
}

fn messages_field<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<MessageIn>>, D::Error> {
    let v: Vec<ObjectOnly<MessageIn>> = Vec::deserialize(d)?;
    Ok(Some(v.into_iter().map(|m| m.0).collect()))
}

/// One message of a batch.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageIn {
    /// Any JSON value, echoed back in the result (a ticket id).
    #[serde(default)]
    pub id: Value,
    /// The message text.
    pub text: String,
}

/// The body of `POST /v1/check` and `POST /v1/fix`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// One message.
    #[serde(default)]
    pub text: Option<String>,
    /// A batch of messages (instead of `text`).
    #[serde(default, deserialize_with = "messages_field")]
    pub messages: Option<Vec<MessageIn>>,
    /// `draft` or `incoming`; default: the server's (`draft` unless configured).
    #[serde(default)]
    pub kind: Option<KindField>,
    /// Only packs of these languages; default: the server's.
    #[serde(default)]
    pub lang: Option<Langs>,
    /// Only these rules (codes, names or categories), replacing the server's selection.
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Rules to skip, besides the server's.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity overrides, after the server's.
    #[serde(default)]
    pub severity: Severities,
    /// What fails a message: error, warning, info or never; default: the server's.
    #[serde(default)]
    pub fail_on: Option<FailOn>,
    /// `/v1/check` only: also return the text with the safe fixes applied.
    #[serde(default)]
    pub fix: Option<bool>,
}

/// Parses a request body, naming the field of the first problem.
pub fn parse_request(body: &[u8]) -> Result<Request, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed: Result<ObjectOnly<Request>, _> = serde_path_to_error::deserialize(&mut de);
    match parsed {
        Ok(ObjectOnly(r)) => {
            de.end().map_err(|e| ApiError::new(400, "malformed_json", Some("body"), format!("{e}")))?;
            Ok(r)
        }
        Err(e) => Err(json_error(e)),
    }
}

/// Turns a deserialization error into an `ApiError` naming the field.
pub(crate) fn json_error(e: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    if inner.is_syntax() || inner.is_eof() || inner.is_io() {
        return ApiError::new(400, "malformed_json", Some("body"), format!("the body is not valid JSON: {inner}"));
    }
    // The message without serde_json's position, which `field` makes redundant.
    let msg = inner.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let parent = if path == "." { String::new() } else { path.clone() };
    let join = |name: &str| if parent.is_empty() { name.to_string() } else { format!("{parent}.{name}") };
    let field = if let Some(name) = backticked(&msg, "unknown field `") {
        // The path already ends with the unknown key.
        if path.rsplit('.').next() == Some(name) {
            path
        } else {
            join(name)
        }
    } else if let Some(name) = backticked(&msg, "missing field `") {
        join(name)
    } else if path == "." {
        "body".to_string()
    } else {
        path
    };
    let code = if msg.starts_with("unknown field") { "unknown_field" } else { "invalid_field" };
    ApiError::new(400, code, Some(&field), msg)
}

fn backticked<'a>(msg: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = msg.strip_prefix(prefix)?;
    rest.split('`').next()
}

/// A request resolved against the rules being served.
pub struct Plan {
    /// The rule options, on top of the server's.
    pub options: Options,
    /// What fails a message.
    pub fail_on: FailOn,
    /// The kind of message checked.
    pub kind: Kind,
}

/// Checks the options of a request against the loaded rules (an unknown selector is a 400
/// naming it, as `tact check` exits 2 on one) and resolves the defaults.
pub fn plan(req: &Request, generation: &Generation) -> Result<Plan, ApiError> {
    let unknown = |field: String, sel: &str| {
        ApiError::new(
            400,
            "unknown_rule",
            Some(&field),
            format!("`{sel}` is not the code, name or category of any loaded rule (see GET /v1/rules)"),
        )
    };
    for (i, s) in req.select.iter().flatten().enumerate() {
        if !generation.knows_selector(s.trim()) {
            return Err(unknown(format!("select[{i}]"), s));
        }
    }
    for (i, s) in req.ignore.iter().enumerate() {
        if !generation.knows_selector(s.trim()) {
            return Err(unknown(format!("ignore[{i}]"), s));
        }
    }
    for (s, _) in &req.severity.0 {
        if !generation.knows_selector(s.trim()) {
            return Err(unknown(format!("severity.{s}"), s));
        }
    }
    let options = Options {
        kind: req.kind.map(KindField::kind),
        languages: req.lang.as_ref().map(|l| l.0.clone()),
        select: req.select.as_ref().map(|v| v.iter().map(|s| s.trim().to_string()).collect()),
        ignore: req.ignore.iter().map(|s| s.trim().to_string()).collect(),
        severity: req.severity.0.iter().map(|(s, l)| (s.trim().to_string(), *l)).collect(),
    };
    let kind = match options.kind {
        Some(k) => k,
        None => generation.default_linter().linter.kind().unwrap_or(Kind::Draft),
    };
    Ok(Plan { options, fail_on: req.fail_on.unwrap_or_else(|| generation.fail_on()), kind })
}

/// The messages of a request: `(id, text)` pairs, and whether it was a batch.
pub fn messages(req: Request) -> Result<(Vec<(Value, String)>, bool), ApiError> {
    match (req.text, req.messages) {
        (Some(t), None) => Ok((vec![(Value::Null, t)], false)),
        (None, Some(m)) => Ok((m.into_iter().map(|m| (m.id, m.text)).collect(), true)),
        (Some(_), Some(_)) => {
            Err(ApiError::field("messages", "give either `text` (one message) or `messages` (a batch), not both"))
        }
        (None, None) => Err(ApiError::new(
            400,
            "missing_field",
            Some("text"),
            "missing field `text` (one message) or `messages` (a batch of {\"id\", \"text\"} objects)",
        )),
    }
}

/// Whether a message passes: nothing at or above fail-on (what `tact check` exits 0 on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No finding at or above fail-on: send it (there may be findings below fail-on).
    Pass,
    /// At least one finding at or above fail-on: revise it first (or route it, for incoming).
    Fail,
}

/// The verdict on a message's findings.
pub fn verdict(diags: &[Diagnostic], fail_on: FailOn) -> Verdict {
    match fail_on.threshold() {
        Some(t) if diags.iter().any(|d| d.severity >= t) => Verdict::Fail,
        _ => Verdict::Pass,
    }
}

/// The distinct categories of a message's findings (the library's one definition).
pub use tact::categories;

/// `fixed` in a check result: the text with the safe fixes applied, and what is left.
#[derive(Debug, Clone, Serialize)]
pub struct FixedOut {
    /// The text with every safe fix applied.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// Whether the fixes converged.
    pub converged: bool,
    /// The verdict on the fixed text.
    pub verdict: Verdict,
    /// The findings left in the fixed text (spans into `text`).
    pub diagnostics: Vec<Diagnostic>,
}

/// The result for one message of `/v1/check`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckOut {
    /// The message's `id` (batches only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// Pass or fail at the request's fail-on.
    pub verdict: Verdict,
    /// The language whose rules the message was linted with, told from its words; `None`
    /// (`null`) when it could not be told and every loaded rule ran.
    pub language: Option<&'static str>,
    /// The distinct categories of the findings.
    pub categories: Vec<&'static str>,
    /// The findings, the objects `tact check --format json` prints.
    pub diagnostics: Vec<Diagnostic>,
    /// With `"fix": true`: the text with the safe fixes applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<FixedOut>,
}

/// The result for one message of `/v1/fix`: what `tact check --fix -` prints (the text) and
/// what it exits on (the findings left).
#[derive(Debug, Clone, Serialize)]
pub struct FixOut {
    /// The message's `id` (batches only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// The text with every safe fix applied.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// Whether the fixes converged.
    pub converged: bool,
    /// Pass or fail of the fixed text.
    pub verdict: Verdict,
    /// The language whose rules the message was linted with (see [`CheckOut::language`]).
    pub language: Option<&'static str>,
    /// The distinct categories of the findings left.
    pub categories: Vec<&'static str>,
    /// The findings left in the fixed text.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks one message.
pub fn check_one(built: &Built, fail_on: FailOn, id: Option<Value>, text: &str, fix: bool) -> CheckOut {
    let (diagnostics, language) = built.linter.lint_auto(text);
    let fixed = fix.then(|| {
        let f = built.linter.fix(text);
        let left = built.linter.lint(&f.text);
        FixedOut {
            verdict: verdict(&left, fail_on),
            text: f.text,
            applied: f.applied,
            converged: f.converged,
            diagnostics: left,
        }
    });
    CheckOut {
        id,
        verdict: verdict(&diagnostics, fail_on),
        language: language.map(Language::as_str),
        categories: categories(&diagnostics),
        diagnostics,
        fixed,
    }
}

/// Fixes one message.
pub fn fix_one(built: &Built, fail_on: FailOn, id: Option<Value>, text: &str) -> FixOut {
    let f = built.linter.fix(text);
    let (diagnostics, language) = built.linter.lint_auto(&f.text);
    FixOut {
        id,
        verdict: verdict(&diagnostics, fail_on),
        language: language.map(Language::as_str),
        categories: categories(&diagnostics),
        text: f.text,
        applied: f.applied,
        converged: f.converged,
        diagnostics,
    }
}

/// Totals over a batch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Messages checked.
    pub messages: usize,
    /// Messages with any finding.
    pub flagged: usize,
    /// Messages whose verdict is `fail`.
    pub failed: usize,
    /// Findings of severity error.
    pub error: usize,
    /// Findings of severity warning.
    pub warning: usize,
    /// Findings of severity info.
    pub info: usize,
}

impl Summary {
    /// Counts one message.
    pub fn add(&mut self, diags: &[Diagnostic], v: Verdict) {
        self.messages += 1;
        self.flagged += usize::from(!diags.is_empty());
        self.failed += usize::from(v == Verdict::Fail);
        for d in diags {
            match d.severity {
                Severity::Error => self.error += 1,
                Severity::Warning => self.warning += 1,
                Severity::Info => self.info += 1,
            }
        }
    }
}

/// The rules `GET /v1/rules` lists: every rule of both kinds (what `tact rules list` shows),
/// narrowed by the query's `kind` and `lang`.
pub fn list_rules(generation: &Generation, kind: Option<Kind>, langs: Option<&[Language]>) -> Value {
    let rules: Vec<Value> = generation
        .listing()
        .linter
        .rules()
        .iter()
        .filter(|r| kind.is_none_or(|k| r.kind == Kind::Any || r.kind == k))
        .filter(|r| langs.is_none_or(|ls| r.language == Language::Any || ls.contains(&r.language)))
        .map(|r| generation.rule_json(r))
        .collect();
    serde_json::json!({"count": rules.len(), "rules": rules})
}

/// The rules a code or name picks (what `tact rules explain` shows), each with where it is
/// defined; `None` when no loaded rule has that code or name.
pub fn explain(generation: &Generation, which: &str) -> Option<Vec<Value>> {
    let found: Vec<Value> = generation
        .listing()
        .linter
        .rules()
        .iter()
        .filter(|r| r.code.eq_ignore_ascii_case(which) || r.name == which)
        .map(|r| {
            let mut v = generation.rule_json(r);
            if let Value::Object(m) = &mut v {
                m.insert("origin".into(), Value::String(r.origin.clone()));
            }
            v
        })
        .collect();
    (!found.is_empty()).then_some(found)
}
