//! Counters for `GET /metrics`, in the Prometheus text exposition format (version 0.0.4).
//!
//! Kept by hand with atomics (and one mutex for the per-status counts): a handful of series,
//! no dependency, nothing allocated per request on the hot path.

use crate::engine::Engine;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tact::{Category, Diagnostic};

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// The routes counted apart; anything else is `other`.
pub const ROUTES: [&str; 9] = [
    "/v1/check",
    "/v1/fix",
    "/v1/rules",
    "/v1/rules/{code}",
    "/v1/openapi.json",
    "/healthz",
    "/metrics",
    "mcp",
    "other",
];

struct Histogram {
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    /// Sum in microseconds.
    sum_us: AtomicU64,
}

impl Histogram {
    fn new() -> Self {
        Histogram { buckets: Default::default(), count: AtomicU64::new(0), sum_us: AtomicU64::new(0) }
    }

    fn observe(&self, d: Duration) {
        let s = d.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if s <= *b {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_us.fetch_add(d.as_micros() as u64, Ordering::Relaxed);
    }
}

/// Everything `/metrics` reports.
pub struct Metrics {
    requests: Mutex<BTreeMap<(usize, u16), u64>>,
    latency: Vec<Histogram>,
    in_flight: AtomicI64,
    messages: [AtomicU64; 2],
    findings: Vec<AtomicU64>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: Mutex::new(BTreeMap::new()),
            latency: ROUTES.iter().map(|_| Histogram::new()).collect(),
            in_flight: AtomicI64::new(0),
            messages: Default::default(),
            findings: Category::ALL.iter().map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

/// The index of a route in [`ROUTES`].
pub fn route_index(route: &str) -> usize {
    ROUTES.iter().position(|r| *r == route).unwrap_or(ROUTES.len() - 1)
}

impl Metrics {
    /// A request began.
    pub fn start(&self) {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
    }

    /// A request ended with this status after this long.
    pub fn finish(&self, route: usize, status: u16, took: Duration) {
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        *self.requests.lock().unwrap_or_else(|e| e.into_inner()).entry((route, status)).or_insert(0) += 1;
        self.latency[route].observe(took);
    }

    /// One message was checked; counts its findings per category.
    pub fn message(&self, incoming: bool, diags: &[Diagnostic]) {
        self.messages[usize::from(incoming)].fetch_add(1, Ordering::Relaxed);
        for d in diags {
            if let Some(i) = Category::ALL.iter().position(|c| *c == d.category) {
                self.findings[i].fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The exposition text.
    pub fn render(&self, engine: &Engine) -> String {
        let mut s = String::with_capacity(8192);
        s.push_str("# HELP tact_http_requests_total HTTP requests answered, by route and status.\n");
        s.push_str("# TYPE tact_http_requests_total counter\n");
        for (&(route, status), n) in self.requests.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let _ = writeln!(s, "tact_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}", ROUTES[route]);
        }
        s.push_str("# HELP tact_http_request_duration_seconds Time from the request's head to its response.\n");
        s.push_str("# TYPE tact_http_request_duration_seconds histogram\n");
        for (route, h) in ROUTES.iter().zip(&self.latency) {
            let count = h.count.load(Ordering::Relaxed);
            if count == 0 {
                continue;
            }
            for (b, n) in BUCKETS.iter().zip(&h.buckets) {
                let _ = writeln!(
                    s,
                    "tact_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {}",
                    n.load(Ordering::Relaxed)
                );
            }
            let _ = writeln!(s, "tact_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}");
            let sum = h.sum_us.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(s, "tact_http_request_duration_seconds_sum{{route=\"{route}\"}} {sum}");
            let _ = writeln!(s, "tact_http_request_duration_seconds_count{{route=\"{route}\"}} {count}");
        }
        s.push_str("# HELP tact_http_requests_in_flight Requests being answered now.\n");
        s.push_str("# TYPE tact_http_requests_in_flight gauge\n");
        let _ = writeln!(s, "tact_http_requests_in_flight {}", self.in_flight.load(Ordering::Relaxed));
        s.push_str("# HELP tact_messages_checked_total Messages checked or fixed, by kind.\n");
        s.push_str("# TYPE tact_messages_checked_total counter\n");
        for (kind, n) in ["draft", "incoming"].iter().zip(&self.messages) {
            let _ = writeln!(s, "tact_messages_checked_total{{kind=\"{kind}\"}} {}", n.load(Ordering::Relaxed));
        }
        s.push_str("# HELP tact_findings_total Findings reported, by category.\n");
        s.push_str("# TYPE tact_findings_total counter\n");
        for (c, n) in Category::ALL.iter().zip(&self.findings) {
            let _ = writeln!(s, "tact_findings_total{{category=\"{}\"}} {}", c.as_str(), n.load(Ordering::Relaxed));
        }
        let generation = engine.current();
        let (ok, failed) = engine.reload_counts();
        s.push_str("# HELP tact_rules_reloads_total Rule reloads (SIGHUP), by result.\n");
        s.push_str("# TYPE tact_rules_reloads_total counter\n");
        let _ = writeln!(s, "tact_rules_reloads_total{{result=\"ok\"}} {ok}");
        let _ = writeln!(s, "tact_rules_reloads_total{{result=\"error\"}} {failed}");
        s.push_str("# HELP tact_rules_generation Which load of the rules is serving (1 = the first).\n");
        s.push_str("# TYPE tact_rules_generation gauge\n");
        let _ = writeln!(s, "tact_rules_generation {}", generation.id());
        s.push_str("# HELP tact_rules_loaded Rules loaded, of both kinds.\n");
        s.push_str("# TYPE tact_rules_loaded gauge\n");
        let _ = writeln!(s, "tact_rules_loaded {}", generation.listing().linter.rules().len());
        s.push_str("# HELP tact_linters_cached Linters kept for per-request rule options.\n");
        s.push_str("# TYPE tact_linters_cached gauge\n");
        let _ = writeln!(s, "tact_linters_cached {}", generation.cached_count());
        s.push_str("# HELP tact_linter_builds_total Linters built for per-request rule options.\n");
        s.push_str("# TYPE tact_linter_builds_total counter\n");
        let _ = writeln!(s, "tact_linter_builds_total {}", generation.builds());
        s
    }
}
