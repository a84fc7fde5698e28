//! The HTTP JSON API (`tact serve`): axum routes served by hyper on tokio.
//!
//! The stack: axum 0.8 for routing and extraction, hyper 1 and hyper-util for the connections
//! (so header-read timeouts, the connection cap and graceful shutdown are ours to set), tokio
//! for I/O, timers and signals. All three are maintained by the tokio project and are what
//! most Rust HTTP services run on.
//!
//! Every request passes one middleware ([`around`]) that checks the bearer token, waits for one
//! of `max_concurrency` permits, bounds the whole request (body included) by `timeout`, counts
//! it for `/metrics` and writes one JSON access-log line on stderr. Every error is a JSON body
//! `{"error": {"status", "code", "field", "message"}}` with a 4xx status (503 when overloaded).

use crate::api::{self, ApiError};
use crate::engine::{Built, Engine, Generation};
use crate::metrics::{self, Metrics};
use crate::{FailOn, Loader, ReloadOutcome};
use axum::body::{Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::BodyExt;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The address `tact serve` listens on without `--listen`.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7411";

/// Messages (in total bytes of text) at most this large are linted on the async worker that
/// received them; larger requests go to the blocking pool so they cannot stall other requests.
const INLINE_BYTES: usize = 64 << 10;

/// The OpenAPI 3.1 description served at `/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The bearer token every request but `/healthz` must carry, if set.
    pub token: Option<String>,
    /// Largest request body accepted, in bytes (a larger one gets 413).
    pub max_body_bytes: usize,
    /// Longest a request may take, from its head to its response, body included (then 408).
    pub timeout: Duration,
    /// Requests answered at once; more wait for a permit (within `timeout`, else 503).
    pub max_concurrency: usize,
    /// Connections open at once; more wait in the listen backlog.
    pub max_connections: usize,
    /// Longest a client may take to send a request's head (then the connection is closed).
    pub header_timeout: Duration,
    /// On shutdown, how long in-flight requests get to finish.
    pub shutdown_grace: Duration,
    /// Write a JSON access-log line per request on stderr.
    pub access_log: bool,
    /// Linters kept for per-request rule options.
    pub cache_size: usize,
    /// Async worker threads (0: one per core).
    pub threads: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: DEFAULT_LISTEN.parse().expect("valid default address"),
            token: None,
            max_body_bytes: 1 << 20,
            timeout: Duration::from_secs(10),
            max_concurrency: 64,
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(30),
            access_log: true,
            cache_size: 32,
            threads: 0,
        }
    }
}

/// What every handler shares.
struct Shared {
    engine: Arc<Engine>,
    metrics: Metrics,
    config: Config,
    permits: Semaphore,
}

/// The client's address, put into each request's extensions by the connection loop.
#[derive(Debug, Clone, Copy)]
struct Remote(SocketAddr);

/// What a handler tells the access log besides the status.
#[derive(Debug, Clone, Copy, Default)]
struct Work {
    generation: u64,
    messages: usize,
    findings: usize,
}

/// A bound listener, ready to serve.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
}

impl Server {
    /// Binds the listener (`config.listen`; port 0 picks a free one).
    pub async fn bind(engine: Arc<Engine>, config: Config) -> std::io::Result<Server> {
        let listener = TcpListener::bind(config.listen).await?;
        let permits = Semaphore::new(config.max_concurrency.max(1));
        Ok(Server { listener, shared: Arc::new(Shared { engine, metrics: Metrics::default(), config, permits }) })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then stops accepting, lets the requests in flight
    /// finish (within `shutdown_grace`) and returns.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
        let Server { listener, shared } = self;
        let router = router(shared.clone());
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        let connections = Arc::new(Semaphore::new(shared.config.max_connections.max(1)));
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder.timer(TokioTimer::new()).header_read_timeout(shared.config.header_timeout).keep_alive(true);
        tokio::pin!(shutdown);
        loop {
            let permit = tokio::select! {
                p = connections.clone().acquire_owned() => p.expect("never closed"),
                () = &mut shutdown => break,
            };
            let (stream, remote) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: pause instead of spinning.
                        log_event("accept_error", &[("error", Value::String(e.to_string()))]);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            let _ = stream.set_nodelay(true);
            let router = router.clone();
            let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(Remote(remote));
                router.clone().oneshot(req.map(Body::new))
            });
            let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
            tokio::spawn(async move {
                // A client that goes away mid-request ends only its own connection.
                let _ = conn.await;
                drop(permit);
            });
        }
        drop(listener);
        let open = graceful.count();
        log_event("shutting_down", &[("connections", Value::from(open))]);
        tokio::select! {
            () = graceful.shutdown() => log_event("stopped", &[]),
            () = tokio::time::sleep(shared.config.shutdown_grace) => {
                log_event("stopped", &[("error", Value::String("requests still running after the grace period were dropped".into()))]);
            }
        }
        Ok(())
    }
}

/// Runs `tact serve`: loads the rules, listens, reloads on SIGHUP, and shuts down gracefully on
/// SIGTERM or SIGINT. Blocks until the server has stopped. An `Err` is a message for stderr
/// (bad rules at start, an address that cannot be bound).
pub fn run(loader: Loader, config: Config) -> Result<(), String> {
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if config.threads > 0 {
        rt.worker_threads(config.threads);
    }
    let rt = rt.enable_all().build().map_err(|e| format!("cannot start the runtime: {e}"))?;
    rt.block_on(async move {
        let engine = Arc::new(Engine::new(loader, config.cache_size)?);
        log_loaded(&engine.current(), "rules_loaded");
        let signals = Signals::install().map_err(|e| format!("cannot install signal handlers: {e}"))?;
        let listen = config.listen;
        let server =
            Server::bind(engine.clone(), config).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        let addr = server.local_addr().map_err(|e| e.to_string())?;
        log_event("listening", &[("addr", Value::String(addr.to_string()))]);
        let shutdown = signals.run(engine);
        server.run(shutdown).await.map_err(|e| e.to_string())
    })
}

/// SIGHUP, SIGTERM and SIGINT, installed before the server says it is listening (so a reload
/// sent right away never kills it).
pub(crate) struct Signals {
    hup: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

impl Signals {
    pub(crate) fn install() -> std::io::Result<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Signals {
            hup: signal(SignalKind::hangup())?,
            term: signal(SignalKind::terminate())?,
            int: signal(SignalKind::interrupt())?,
        })
    }

    /// Reloads on each SIGHUP; completes on the first SIGTERM or SIGINT.
    pub(crate) async fn run(mut self, engine: Arc<Engine>) {
        loop {
            tokio::select! {
                _ = self.hup.recv() => {
                    let e = engine.clone();
                    match tokio::task::spawn_blocking(move || e.reload()).await {
                        Ok(ReloadOutcome::Reloaded(_)) => log_loaded(&engine.current(), "rules_reloaded"),
                        Ok(ReloadOutcome::Failed(msg)) => log_event(
                            "reload_failed",
                            &[
                                ("error", Value::String(msg)),
                                ("serving_generation", Value::from(engine.current().id())),
                            ],
                        ),
                        Err(e) => log_event("reload_failed", &[("error", Value::String(e.to_string()))]),
                    }
                }
                _ = self.term.recv() => { log_event("signal", &[("signal", "SIGTERM".into())]); return; }
                _ = self.int.recv() => { log_event("signal", &[("signal", "SIGINT".into())]); return; }
            }
        }
    }
}

pub(crate) fn log_loaded(g: &Generation, event: &str) {
    log_event(
        event,
        &[
            ("generation", Value::from(g.id())),
            ("rules", Value::from(g.listing().linter.rules().len())),
            ("source", Value::String(g.describe())),
        ],
    );
}

/// One JSON line on stderr: `{"ts", "event", ...}`. Write errors are ignored (a closed stderr
/// must not stop the server).
pub(crate) fn log_event(event: &str, fields: &[(&str, Value)]) {
    let mut m = serde_json::Map::new();
    m.insert("ts".into(), Value::String(rfc3339(SystemTime::now())));
    m.insert("event".into(), Value::String(event.into()));
    for (k, v) in fields {
        m.insert((*k).into(), v.clone());
    }
    let mut line = serde_json::to_vec(&Value::Object(m)).unwrap_or_default();
    line.push(b'\n');
    let _ = std::io::stderr().lock().write_all(&line);
}

/// A UTC timestamp with milliseconds, `2026-12-01T21:44:55.123Z`.
fn rfc3339(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
    )
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/check", post(check))
        .route("/v1/fix", post(fix))
        .route("/v1/rules", get(list_rules))
        .route("/v1/rules/{code}", get(explain_rule))
        .route("/v1/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(shared.clone(), around))
        .with_state(shared)
}

/// Token, permit, timeout, metrics and the access log, around every request.
async fn around(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let t0 = Instant::now();
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let route_ix = metrics::route_index(route.as_deref().unwrap_or("other"));
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let remote = req.extensions().get::<Remote>().map(|r| r.0.to_string());
    let bytes_in = content_length(req.headers());
    shared.metrics.start();
    let response = async {
        if let Some(token) = &shared.config.token {
            if route.as_deref() != Some("/healthz") && !authorized(req.headers(), token) {
                let mut r = error_response(&ApiError::new(
                    401,
                    "unauthorized",
                    Some("authorization"),
                    "this server needs `Authorization: Bearer <token>` (the token of --token-file)",
                ));
                r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                return r;
            }
        }
        let limit = shared.config.timeout;
        let run = async {
            let _permit = shared.permits.acquire().await.expect("never closed");
            next.run(req).await
        };
        match tokio::time::timeout(limit, run).await {
            Ok(r) => r,
            Err(_) => error_response(&ApiError::new(
                408,
                "timeout",
                None,
                format!("the request took longer than the server's limit of {} ms", limit.as_millis()),
            )),
        }
    }
    .await;
    let took = t0.elapsed();
    let status = response.status().as_u16();
    shared.metrics.finish(route_ix, status, took);
    if shared.config.access_log {
        let work = response.extensions().get::<Work>().copied().unwrap_or_default();
        access_log(&method, &path, route.as_deref(), status, took, remote, bytes_in, &response, work);
    }
    response
}

#[allow(clippy::too_many_arguments)]
fn access_log(
    method: &axum::http::Method,
    path: &str,
    route: Option<&str>,
    status: u16,
    took: Duration,
    remote: Option<String>,
    bytes_in: Option<u64>,
    response: &Response,
    work: Work,
) {
    #[derive(Serialize)]
    struct Line<'a> {
        ts: String,
        event: &'static str,
        remote: Option<String>,
        method: &'a str,
        path: &'a str,
        route: Option<&'a str>,
        status: u16,
        ms: f64,
        bytes_in: Option<u64>,
        bytes_out: Option<u64>,
        #[serde(skip_serializing_if = "is_zero")]
        rules: u64,
        #[serde(skip_serializing_if = "is_zero_usize")]
        messages: usize,
        #[serde(skip_serializing_if = "is_zero_usize")]
        findings: usize,
    }
    let line = Line {
        ts: rfc3339(SystemTime::now()),
        event: "request",
        remote,
        method: method.as_str(),
        path,
        route,
        status,
        ms: (took.as_micros() as f64) / 1000.0,
        bytes_in,
        bytes_out: http_body::Body::size_hint(response.body()).exact(),
        rules: work.generation,
        messages: work.messages,
        findings: work.findings,
    };
    let mut out = serde_json::to_vec(&line).unwrap_or_default();
    out.push(b'\n');
    let _ = std::io::stderr().lock().write_all(&out);
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn is_zero_usize(n: &usize) -> bool {
    *n == 0
}

fn content_length(h: &HeaderMap) -> Option<u64> {
    h.get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// `Authorization: Bearer <token>`, the token compared in constant time.
fn authorized(h: &HeaderMap, token: &str) -> bool {
    use subtle::ConstantTimeEq;
    let Some(given) = h.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some((scheme, given)) = given.split_once(' ') else {
        return false;
    };
    scheme.eq_ignore_ascii_case("bearer") && bool::from(given.trim().as_bytes().ct_eq(token.as_bytes()))
}

fn json_bytes_response(status: u16, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

fn error_response(e: &ApiError) -> Response {
    json_bytes_response(e.status, serde_json::to_vec(&e.to_json()).unwrap_or_default())
}

fn ok_json<T: Serialize>(value: &T, generation: u64, work: Work) -> Response {
    let mut r = json_bytes_response(200, serde_json::to_vec(value).unwrap_or_default());
    r.headers_mut().insert("x-tact-rules", HeaderValue::from(generation));
    r.extensions_mut().insert(work);
    r
}

async fn not_found(req: Request) -> Response {
    let path = req.uri().path().to_string();
    error_response(&ApiError::new(
        404,
        "not_found",
        Some("path"),
        format!("no endpoint `{path}`; see GET /v1/openapi.json"),
    ))
}

async fn method_not_allowed(req: Request) -> Response {
    let msg = format!("`{}` is not allowed on `{}`; see GET /v1/openapi.json", req.method(), req.uri().path());
    error_response(&ApiError::new(405, "method_not_allowed", Some("method"), msg))
}

/// The body must be `application/json` (parameters such as `charset=utf-8` allowed).
fn require_json(h: &HeaderMap) -> Result<(), ApiError> {
    let ct = h.get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap_or("")).unwrap_or("");
    let essence = ct.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        let given = if ct.is_empty() { "none".to_string() } else { format!("`{ct}`") };
        Err(ApiError::new(
            415,
            "unsupported_media_type",
            Some("content-type"),
            format!("the body must be JSON with `Content-Type: application/json` (given: {given})"),
        ))
    }
}

/// Reads the body, refusing one over the limit without reading it all.
async fn read_body(h: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let too_large = |n: Option<u64>| {
        let size = n.map(|n| format!("{n} bytes")).unwrap_or_else(|| "the body".into());
        ApiError::new(
            413,
            "body_too_large",
            Some("body"),
            format!("{size} is above the server's limit of {limit} bytes"),
        )
    };
    if let Some(n) = content_length(h) {
        if n > limit as u64 {
            return Err(too_large(Some(n)));
        }
    }
    match http_body_util::Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(too_large(None)),
        Err(e) => Err(ApiError::new(400, "body_unreadable", Some("body"), format!("the body could not be read: {e}"))),
    }
}

/// The linter for a plan, built off the async workers when it is not cached.
async fn linter_for(generation: &Arc<Generation>, options: &crate::Options) -> Result<Arc<Built>, ApiError> {
    if let Some(b) = generation.cached(options) {
        return Ok(b);
    }
    let (g, o) = (generation.clone(), options.clone());
    tokio::task::spawn_blocking(move || g.linter(&o))
        .await
        .map_err(|e| ApiError::new(503, "unavailable", None, format!("building the rules failed: {e}")))?
        .map_err(|e| ApiError::new(400, "invalid_options", None, e))
}

/// Runs `work` inline when the request is small, on the blocking pool otherwise.
async fn compute<T: Send + 'static>(bytes: usize, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    if bytes <= INLINE_BYTES {
        return Ok(work());
    }
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::new(503, "unavailable", None, format!("the check did not complete: {e}")))
}

#[derive(Serialize)]
struct One<T> {
    fail_on: FailOn,
    kind: &'static str,
    #[serde(flatten)]
    result: T,
}

#[derive(Serialize)]
struct Batch<T> {
    verdict: api::Verdict,
    fail_on: FailOn,
    kind: &'static str,
    summary: api::Summary,
    results: Vec<T>,
}

async fn check(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Body) -> Response {
    checked(&shared, headers, body, false).await.unwrap_or_else(|e| error_response(&e))
}

async fn fix(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Body) -> Response {
    checked(&shared, headers, body, true).await.unwrap_or_else(|e| error_response(&e))
}

/// `/v1/check` (`fix_endpoint` false) and `/v1/fix`.
async fn checked(
    shared: &Arc<Shared>,
    headers: HeaderMap,
    body: Body,
    fix_endpoint: bool,
) -> Result<Response, ApiError> {
    require_json(&headers)?;
    let bytes = read_body(&headers, body, shared.config.max_body_bytes).await?;
    let req = api::parse_request(&bytes)?;
    if fix_endpoint && req.fix.is_some() {
        return Err(ApiError::new(
            400,
            "unknown_field",
            Some("fix"),
            "`fix` belongs to /v1/check; /v1/fix always fixes",
        ));
    }
    let generation = shared.engine.current();
    let plan = api::plan(&req, &generation)?;
    let want_fix = req.fix.unwrap_or(false);
    let (messages, batch) = api::messages(req)?;
    let built = linter_for(&generation, &plan.options).await?;
    let total: usize = messages.iter().map(|(_, t)| t.len()).sum();
    let kind = plan.kind.as_str();
    let incoming = plan.kind == tact::Kind::Incoming;
    let fail_on = plan.fail_on;
    let sh = shared.clone();
    let work = move || -> (Vec<u8>, Work) {
        let mut w = Work { generation: 0, messages: messages.len(), findings: 0 };
        let mut summary = api::Summary::default();
        let mut record = |diags: &[tact::Diagnostic], v: api::Verdict| {
            sh.metrics.message(incoming, diags);
            summary.add(diags, v);
            w.findings += diags.len();
        };
        let body = if fix_endpoint {
            let results: Vec<api::FixOut> = messages
                .into_iter()
                .map(|(id, text)| {
                    let out = api::fix_one(&built, fail_on, batch.then_some(id), &text);
                    record(&out.diagnostics, out.verdict);
                    out
                })
                .collect();
            to_body(results, batch, fail_on, kind, summary)
        } else {
            let results: Vec<api::CheckOut> = messages
                .into_iter()
                .map(|(id, text)| {
                    let out = api::check_one(&built, fail_on, batch.then_some(id), &text, want_fix);
                    record(&out.diagnostics, out.verdict);
                    out
                })
                .collect();
            to_body(results, batch, fail_on, kind, summary)
        };
        (body, w)
    };
    let (body, mut w) = compute(total, work).await?;
    w.generation = generation.id();
    let mut r = json_bytes_response(200, body);
    r.headers_mut().insert("x-tact-rules", HeaderValue::from(generation.id()));
    r.extensions_mut().insert(w);
    Ok(r)
}

fn to_body<T: Serialize>(
    mut results: Vec<T>,
    batch: bool,
    fail_on: FailOn,
    kind: &'static str,
    summary: api::Summary,
) -> Vec<u8> {
    let out = if batch {
        let verdict = if summary.failed > 0 { api::Verdict::Fail } else { api::Verdict::Pass };
        serde_json::to_vec(&Batch { verdict, fail_on, kind, summary, results })
    } else {
        serde_json::to_vec(&One { fail_on, kind, result: results.pop().expect("one message") })
    };
    out.unwrap_or_default()
}

async fn list_rules(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, Response> {
    let err = |e: ApiError| error_response(&e);
    let Query(q) = query.map_err(|e| err(ApiError::new(400, "invalid_field", Some("query"), e.body_text())))?;
    for k in q.keys() {
        if k != "kind" && k != "lang" {
            return Err(err(ApiError::new(
                400,
                "unknown_field",
                Some(k),
                format!("unknown query parameter `{k}`, expected `kind` or `lang`"),
            )));
        }
    }
    let kind = match q.get("kind").map(String::as_str) {
        None => None,
        Some("draft") => Some(tact::Kind::Draft),
        Some("incoming") => Some(tact::Kind::Incoming),
        Some(other) => {
            return Err(err(ApiError::field("kind", format!("unknown kind `{other}`, expected draft or incoming"))))
        }
    };
    let langs = match q.get("lang") {
        None => None,
        Some(s) => {
            let mut v = Vec::new();
            for (i, l) in s.split(',').enumerate() {
                let parsed: Result<api::Lang, serde_json::Error> =
                    serde_json::from_value(Value::String(l.trim().into()));
                match parsed {
                    Ok(api::Lang(l)) => v.push(l),
                    Err(e) => return Err(err(ApiError::field(&format!("lang[{i}]"), e.to_string()))),
                }
            }
            // `auto` is every language, as in `/v1/check`.
            (!v.contains(&tact::Language::Any)).then_some(v)
        }
    };
    let generation = shared.engine.current();
    let body = api::list_rules(&generation, kind, langs.as_deref());
    Ok(ok_json(&body, generation.id(), Work::default()))
}

async fn explain_rule(State(shared): State<Arc<Shared>>, code: Result<Path<String>, PathRejection>) -> Response {
    let code = match code {
        Ok(Path(c)) => c,
        Err(e) => return error_response(&ApiError::new(400, "invalid_field", Some("code"), e.body_text())),
    };
    let generation = shared.engine.current();
    match api::explain(&generation, &code) {
        Some(rules) => ok_json(&serde_json::json!({"query": code, "rules": rules}), generation.id(), Work::default()),
        None => error_response(&ApiError::new(
            404,
            "unknown_rule",
            Some("code"),
            format!("no loaded rule has the code or name `{code}` (see GET /v1/rules)"),
        )),
    }
}

async fn openapi() -> Response {
    let mut r = Response::new(Body::from(OPENAPI));
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

async fn healthz(State(shared): State<Arc<Shared>>) -> Response {
    let g = shared.engine.current();
    let loaded = g.loaded_at().duration_since(UNIX_EPOCH).unwrap_or_default();
    let body = serde_json::json!({
        "status": "ok",
        "rules": {"generation": g.id(), "count": g.listing().linter.rules().len(), "loaded_at": rfc3339(UNIX_EPOCH + loaded)},
        "version": env!("CARGO_PKG_VERSION"),
    });
    ok_json(&body, g.id(), Work::default())
}

async fn metrics_text(State(shared): State<Arc<Shared>>) -> Response {
    let mut r = shared.metrics.render(&shared.engine).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_rfc3339() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_millis(1_764_625_495_123)), "2025-12-01T21:44:55.123Z");
        assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_secs(951_782_400)), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn bearer_tokens_are_compared_whole() {
        let mut h = HeaderMap::new();
        assert!(!authorized(&h, "s3cret"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer s3cret"));
        assert!(authorized(&h, "s3cret"));
        assert!(!authorized(&h, "s3cret2"));
        assert!(!authorized(&h, "s3cre"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic s3cret"));
        assert!(!authorized(&h, "s3cret"));
    }

    #[test]
    fn content_types() {
        let mut h = HeaderMap::new();
        assert_eq!(require_json(&h).unwrap_err().status, 415);
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
        assert!(require_json(&h).is_ok());
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert_eq!(require_json(&h).unwrap_err().field.as_deref(), Some("content-type"));
    }
}
