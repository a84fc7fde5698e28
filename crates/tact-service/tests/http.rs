//! The HTTP API against a real listening server on 127.0.0.1, with a real HTTP client
//! (reqwest) and, for what a client library will not send, raw TCP.

mod common;

use common::*;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use tact::{Kind, LinterBuilder};
use tact_service::http::Config;

const DRAFT: &str = "Sorry, I don't know. As I already told you, the parcel ships today.";

fn builtin_server() -> TestServer {
    let dir = scratch("builtin");
    TestServer::start(dir_loader(&dir), Config::default())
}

fn error_field(v: &Value) -> &str {
    v["error"]["field"].as_str().unwrap_or_else(|| panic!("no error.field in {v}"))
}

#[test]
fn check_returns_the_libraries_diagnostics_and_a_verdict() {
    let s = builtin_server();
    let (status, v) = post(&s, "/v1/check", &json!({"text": DRAFT}).to_string());
    assert_eq!(status, 200, "{v}");
    let linter = LinterBuilder::new().builtin().kind(Kind::Draft).build().unwrap();
    let expected = serde_json::to_value(linter.lint(DRAFT)).unwrap();
    assert_eq!(v["diagnostics"], expected);
    assert_eq!(v["verdict"], "fail");
    assert_eq!(v["fail_on"], "warning");
    assert_eq!(v["kind"], "draft");
    assert_eq!(v["categories"], json!(["dont-know", "condescension"]));
    assert!(v.get("fixed").is_none());

    let (_, clean) = post(&s, "/v1/check", r#"{"text": "Thanks for your patience, the parcel ships today."}"#);
    assert_eq!(clean["verdict"], "pass");
    assert_eq!(clean["diagnostics"], json!([]));
}

#[test]
fn check_with_fix_returns_the_fixed_text_and_its_verdict() {
    let s = builtin_server();
    let (status, v) =
        post(&s, "/v1/check", &json!({"text": "As I already told you, it ships today.", "fix": true}).to_string());
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["verdict"], "fail");
    assert_eq!(v["fixed"]["text"], "As mentioned, it ships today.");
    assert_eq!(v["fixed"]["applied"], 1);
    assert_eq!(v["fixed"]["verdict"], "pass");
    assert_eq!(v["fixed"]["diagnostics"], json!([]));
}

#[test]
fn batches_keep_ids_order_and_sum_up() {
    let s = builtin_server();
    let body = json!({"messages": [
        {"id": "t-1", "text": "Thanks, the parcel ships today."},
        {"id": 2, "text": DRAFT},
        {"text": "I don't care."}
    ]});
    let (status, v) = post(&s, "/v1/check", &body.to_string());
    assert_eq!(status, 200, "{v}");
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["id"], "t-1");
    assert_eq!(results[0]["verdict"], "pass");
    assert_eq!(results[1]["id"], 2);
    assert_eq!(results[1]["verdict"], "fail");
    assert_eq!(results[2]["id"], Value::Null);
    assert_eq!(v["verdict"], "fail");
    assert_eq!(v["summary"]["messages"], 3);
    assert_eq!(v["summary"]["flagged"], 2);
    assert_eq!(v["summary"]["failed"], 2);
    let (_, empty) = post(&s, "/v1/check", r#"{"messages": []}"#);
    assert_eq!(empty["verdict"], "pass");
    assert_eq!(empty["results"], json!([]));
}

#[test]
fn request_options_match_a_linter_built_with_them() {
    let s = builtin_server();
    let incoming = "This is the third time I write. If this is not fixed today I will call my lawyer!!!";
    let body = json!({"text": incoming, "kind": "incoming", "lang": ["en"], "ignore": ["shouting"],
                      "severity": {"legal-threat": "info"}, "fail_on": "warning"});
    let (status, v) = post(&s, "/v1/check", &body.to_string());
    assert_eq!(status, 200, "{v}");
    let linter = LinterBuilder::new()
        .builtin()
        .kind(Kind::Incoming)
        .languages([tact::Language::En])
        .ignore("shouting")
        .severity("legal-threat", tact::Severity::Info)
        .build()
        .unwrap();
    let expected = linter.lint(incoming);
    assert!(!expected.is_empty());
    assert_eq!(v["diagnostics"], serde_json::to_value(&expected).unwrap());
    assert_eq!(v["kind"], "incoming");
    assert!(v["categories"].as_array().unwrap().contains(&json!("legal-threat")));

    // select narrows; fail_on never always passes.
    let (_, only) = post(&s, "/v1/check", &json!({"text": DRAFT, "select": ["D115"], "fail_on": "never"}).to_string());
    let codes: Vec<&str> =
        only["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["D115"]);
    assert_eq!(only["verdict"], "pass");
    // A single language as a string.
    let (status, _) = post(&s, "/v1/check", &json!({"text": DRAFT, "lang": "de"}).to_string());
    assert_eq!(status, 200);
}

#[test]
fn linters_for_options_are_built_once_and_cached() {
    let s = builtin_server();
    for _ in 0..3 {
        let (status, _) = post(&s, "/v1/check", &json!({"text": DRAFT, "select": ["dont-know"]}).to_string());
        assert_eq!(status, 200);
    }
    let (_, metrics) = get(&s, "/metrics");
    assert!(metrics.contains("tact_linter_builds_total 1\n"), "{metrics}");
    assert!(metrics.contains("tact_linters_cached 1\n"), "{metrics}");
}

#[test]
fn the_option_cache_is_bounded() {
    let dir = scratch("bounded");
    let s = TestServer::start(dir_loader(&dir), Config { cache_size: 2, ..Config::default() });
    for sel in ["D101", "D102", "D103", "D101"] {
        let (status, v) = post(&s, "/v1/check", &json!({"text": DRAFT, "select": [sel]}).to_string());
        assert_eq!(status, 200, "{v}");
    }
    let g = s.engine.current();
    assert_eq!(g.cached_count(), 2);
    // D101 was evicted by D103 (least recently used) and built again.
    assert_eq!(g.builds(), 4);
}

#[test]
fn fix_returns_the_text_and_what_is_left() {
    let s = builtin_server();
    let (status, v) = post(&s, "/v1/fix", &json!({"text": DRAFT}).to_string());
    assert_eq!(status, 200, "{v}");
    let linter = LinterBuilder::new().builtin().kind(Kind::Draft).build().unwrap();
    let fixed = linter.fix(DRAFT);
    assert_eq!(v["text"], fixed.text);
    assert_eq!(v["applied"], fixed.applied);
    assert_eq!(v["diagnostics"], serde_json::to_value(linter.lint(&fixed.text)).unwrap());
    assert_eq!(v["verdict"], "fail", "“I don't know” has no safe fix");
    let (status, batch) = post(&s, "/v1/fix", r#"{"messages": [{"id": 7, "text": "As I already told you, yes."}]}"#);
    assert_eq!(status, 200);
    assert_eq!(batch["results"][0]["id"], 7);
    assert_eq!(batch["results"][0]["text"], "As mentioned, yes.");
    let (status, bad) = post(&s, "/v1/fix", r#"{"text": "x", "fix": true}"#);
    assert_eq!(status, 400);
    assert_eq!(error_field(&bad), "fix");
}

#[test]
fn rules_are_listed_and_explained() {
    let s = builtin_server();
    let (status, text) = get(&s, "/v1/rules");
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&text).unwrap();
    let all = LinterBuilder::new().builtin().kind(Kind::Any).build().unwrap();
    assert_eq!(v["count"], all.rules().len());
    let (_, drafts) = get(&s, "/v1/rules?kind=draft&lang=en");
    let drafts: Value = serde_json::from_str(&drafts).unwrap();
    let n = drafts["count"].as_u64().unwrap() as usize;
    let expected = LinterBuilder::new().builtin().kind(Kind::Draft).languages([tact::Language::En]).build().unwrap();
    assert_eq!(n, expected.rules().len());

    let (status, one) = get(&s, "/v1/rules/d101");
    assert_eq!(status, 200);
    let one: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(one["rules"][0]["code"], "D101");
    assert!(one["rules"][0]["why"].as_str().unwrap().contains("closes the door"));
    assert!(one["rules"][0]["origin"].as_str().unwrap().ends_with("drafts.yaml"));
    let (_, by_name) = get(&s, "/v1/rules/dont-know");
    let by_name: Value = serde_json::from_str(&by_name).unwrap();
    assert!(by_name["rules"].as_array().unwrap().len() >= 2, "one per language");

    let (status, missing) = get(&s, "/v1/rules/Z999");
    assert_eq!(status, 404);
    assert_eq!(error_field(&serde_json::from_str(&missing).unwrap()), "code");
    let (status, bad) = get(&s, "/v1/rules?kind=spam");
    assert_eq!(status, 400);
    assert_eq!(error_field(&serde_json::from_str(&bad).unwrap()), "kind");
    for (path, field) in [("/v1/rules/%FF", "code"), ("/v1/rules?kind=%FF", "kind")] {
        let (status, bad) = get(&s, path);
        assert_eq!(status, 400, "{path}: {bad}");
        assert_eq!(error_field(&serde_json::from_str(&bad).unwrap()), field, "{path}");
    }
    let (status, bad) = get(&s, "/v1/rules?lang=en,xx");
    assert_eq!(status, 400);
    assert_eq!(error_field(&serde_json::from_str(&bad).unwrap()), "lang[1]");
}

#[test]
fn healthz_metrics_and_openapi() {
    let s = builtin_server();
    let (status, h) = get(&s, "/healthz");
    assert_eq!(status, 200);
    let h: Value = serde_json::from_str(&h).unwrap();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["rules"]["generation"], 1);

    post(&s, "/v1/check", &json!({"text": DRAFT}).to_string());
    post(&s, "/v1/check", r#"{"text": 1}"#);
    let (status, m) = get(&s, "/metrics");
    assert_eq!(status, 200);
    for needle in [
        "# TYPE tact_http_requests_total counter",
        "tact_http_requests_total{route=\"/v1/check\",status=\"200\"} 1",
        "tact_http_requests_total{route=\"/v1/check\",status=\"400\"} 1",
        "tact_http_request_duration_seconds_bucket{route=\"/v1/check\",le=\"+Inf\"} 2",
        "tact_http_request_duration_seconds_count{route=\"/v1/check\"} 2",
        "tact_findings_total{category=\"dont-know\"} 1",
        "tact_findings_total{category=\"condescension\"} 1",
        "tact_messages_checked_total{kind=\"draft\"} 1",
        "tact_rules_generation 1",
    ] {
        assert!(m.contains(needle), "missing `{needle}` in\n{m}");
    }
    // Every sample line is `name{labels} value` with a numeric value.
    for line in m.lines().filter(|l| !l.starts_with('#')) {
        let value = line.rsplit(' ').next().unwrap();
        assert!(value.parse::<f64>().is_ok(), "{line}");
    }

    let (status, spec) = get(&s, "/v1/openapi.json");
    assert_eq!(status, 200);
    let spec: Value = serde_json::from_str(&spec).unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/v1/check", "/v1/fix", "/v1/rules", "/v1/rules/{code}", "/healthz", "/metrics", "/v1/openapi.json"] {
        assert!(spec["paths"].get(path).is_some(), "{path} is not in openapi.json");
    }
}

#[test]
fn bad_requests_get_a_4xx_json_error_naming_the_field() {
    let s = builtin_server();
    let cases: &[(&str, u16, &str, &str)] = &[
        ("malformed JSON", 400, r#"{"text": "hi""#, "body"),
        ("not an object", 400, r#"["hi"]"#, "body"),
        ("trailing garbage", 400, r#"{"text": "hi"} x"#, "body"),
        ("wrong type", 400, r#"{"text": 42}"#, "text"),
        ("wrong type in a batch", 400, r#"{"messages": [{"text": "a"}, {"text": false}]}"#, "messages[1].text"),
        ("missing text in a batch", 400, r#"{"messages": [{"id": 1}]}"#, "messages[0].text"),
        ("no message", 400, r#"{"kind": "draft"}"#, "text"),
        ("text and messages", 400, r#"{"text": "a", "messages": []}"#, "messages"),
        ("unknown field", 400, r#"{"text": "a", "fial_on": "error"}"#, "fial_on"),
        ("unknown field in a message", 400, r#"{"messages": [{"text": "a", "body": "b"}]}"#, "messages[0].body"),
        ("unknown kind", 400, r#"{"text": "a", "kind": "email"}"#, "kind"),
        ("unknown language", 400, r#"{"text": "a", "lang": ["en", "fr"]}"#, "lang[1]"),
        ("unknown language alone", 400, r#"{"text": "a", "lang": "english"}"#, "lang"),
        ("unknown rule in select", 400, r#"{"text": "a", "select": ["dont-know", "nope"]}"#, "select[1]"),
        ("unknown rule in ignore", 400, r#"{"text": "a", "ignore": ["Z999"]}"#, "ignore[0]"),
        ("unknown rule in severity", 400, r#"{"text": "a", "severity": {"nope": "error"}}"#, "severity.nope"),
        ("bad severity level", 400, r#"{"text": "a", "severity": {"D101": "fatal"}}"#, "severity.D101"),
        ("bad fail_on", 400, r#"{"text": "a", "fail_on": "sometimes"}"#, "fail_on"),
        ("select not a list", 400, r#"{"text": "a", "select": "D101"}"#, "select"),
        ("fix not a bool", 400, r#"{"text": "a", "fix": "yes"}"#, "fix"),
    ];
    for (what, status, body, field) in cases {
        let (got, v) = post(&s, "/v1/check", body);
        assert_eq!(got, *status, "{what}: {v}");
        assert_eq!(error_field(&v), *field, "{what}: {v}");
        assert_eq!(v["error"]["status"], *status, "{what}");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty(), "{what}");
    }
    let (_, v) = post(&s, "/v1/check", r#"{"text": "a", "lang": "english"}"#);
    assert!(v["error"]["message"].as_str().unwrap().contains("expected `auto` or one of en, de, et"), "{v}");
}

#[test]
fn lang_auto_lints_each_message_with_its_own_languages_rules_and_says_which() {
    let s = builtin_server();
    let messages = [
        (1, "Das weiß ich leider nicht, da müssen Sie woanders fragen."),
        (2, "Sorry, I don't know. As I already told you, the parcel ships today."),
        (3, "Ma ei tea, kirjutage kellelegi teisele."),
        (4, "ok"),
    ];
    let batch: Vec<Value> = messages.iter().map(|(id, t)| json!({"id": id, "text": t})).collect();
    let linter = LinterBuilder::new().builtin().kind(Kind::Draft).build().unwrap();
    for lang in [json!("auto"), json!(["auto"]), Value::Null] {
        let mut body = json!({"messages": batch});
        if !lang.is_null() {
            body["lang"] = lang.clone();
        }
        let (status, v) = post(&s, "/v1/check", &body.to_string());
        assert_eq!(status, 200, "{lang}: {v}");
        for (i, (_, text)) in messages.iter().enumerate() {
            let got = &v["results"][i];
            let (diags, language) = linter.lint_auto(text);
            assert_eq!(got["diagnostics"], serde_json::to_value(&diags).unwrap(), "{lang} {text}");
            assert_eq!(got["language"], json!(language.map(|l| l.as_str())), "{lang} {text}");
        }
        let langs: Vec<&Value> = v["results"].as_array().unwrap().iter().map(|r| &r["language"]).collect();
        assert_eq!(langs[..3], [&json!("de"), &json!("en"), &json!("et")], "{lang}: {v}");
        assert!(!v["results"][0]["diagnostics"].as_array().unwrap().is_empty(), "{v}");
    }
    // /v1/fix says the language too; /v1/rules takes `auto` as every language.
    let (status, v) = post(&s, "/v1/fix", &json!({"text": messages[0].1, "lang": "auto"}).to_string());
    assert_eq!((status, &v["language"]), (200, &json!("de")), "{v}");
    let (status, all) = get(&s, "/v1/rules");
    let (status2, auto) = get(&s, "/v1/rules?lang=auto");
    assert_eq!((status, status2), (200, 200));
    let count = |t: &str| serde_json::from_str::<Value>(t).unwrap()["count"].clone();
    assert_eq!(count(&all), count(&auto));
}

#[test]
fn wrong_content_type_method_and_path_are_json_errors() {
    let s = builtin_server();
    let c = client();
    let r = c.post(s.url("/v1/check")).header("content-type", "text/plain").body(r#"{"text":"a"}"#).send().unwrap();
    assert_eq!(r.status().as_u16(), 415);
    let v: Value = r.json_value();
    assert_eq!(error_field(&v), "content-type");
    let r = c.post(s.url("/v1/check")).body(r#"{"text":"a"}"#).send().unwrap();
    assert_eq!(r.status().as_u16(), 415, "no content type");
    let r = c.get(s.url("/v1/check")).send().unwrap();
    assert_eq!(r.status().as_u16(), 405);
    assert_eq!(error_field(&r.json_value()), "method");
    let r = c.get(s.url("/v2/check")).send().unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert_eq!(error_field(&r.json_value()), "path");
    let r = c
        .post(s.url("/v1/check"))
        .header("content-type", "application/json; charset=utf-8")
        .body(r#"{"text":"a"}"#)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

trait JsonValue {
    fn json_value(self) -> Value;
}

impl JsonValue for reqwest::blocking::Response {
    fn json_value(self) -> Value {
        let t = self.text().unwrap();
        serde_json::from_str(&t).unwrap_or_else(|e| panic!("not JSON ({e}): {t}"))
    }
}

#[test]
fn bodies_over_the_limit_get_413() {
    let dir = scratch("limit");
    let s = TestServer::start(dir_loader(&dir), Config { max_body_bytes: 4096, ..Config::default() });
    let big = json!({"text": "a".repeat(5000)}).to_string();
    let (status, v) = post(&s, "/v1/check", &big);
    assert_eq!(status, 413, "{v}");
    assert_eq!(error_field(&v), "body");
    // Without a Content-Length (chunked), the limit holds while reading.
    let chunk = format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len());
    let req = format!(
        "POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunk}"
    );
    let (status, v) = parse_raw(&raw(s.addr, req.as_bytes()));
    assert_eq!(status, 413, "{v}");
    assert_eq!(error_field(&v), "body");
    // Just under the limit is fine.
    let ok = json!({"text": "a".repeat(4000)}).to_string();
    assert_eq!(post(&s, "/v1/check", &ok).0, 200);
}

#[test]
fn bearer_token_is_required_except_for_healthz() {
    let dir = scratch("token");
    let s = TestServer::start(dir_loader(&dir), Config { token: Some("s3cret-token".into()), ..Config::default() });
    let c = client();
    let send = |auth: Option<&str>| {
        let mut rb = c.post(s.url("/v1/check")).header("content-type", "application/json").body(r#"{"text":"hi"}"#);
        if let Some(a) = auth {
            rb = rb.header("authorization", a);
        }
        rb.send().unwrap()
    };
    let r = send(None);
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    assert_eq!(error_field(&r.json_value()), "authorization");
    assert_eq!(send(Some("Bearer wrong")).status().as_u16(), 401);
    assert_eq!(send(Some("Bearer s3cret-token-and-more")).status().as_u16(), 401);
    assert_eq!(send(Some("Basic s3cret-token")).status().as_u16(), 401);
    assert_eq!(send(Some("Bearer s3cret-token")).status().as_u16(), 200);
    assert_eq!(c.get(s.url("/healthz")).send().unwrap().status().as_u16(), 200);
    assert_eq!(c.get(s.url("/metrics")).send().unwrap().status().as_u16(), 401);
}

#[test]
fn a_reload_with_a_bad_pack_keeps_the_old_rules() {
    let dir = scratch("reload");
    std::fs::write(dir.join("house.yaml"), house_pack("H001", "kindly revert")).unwrap();
    let s = TestServer::start(dir_loader(&dir), Config::default());
    let body = json!({"text": "Kindly revert by Friday. Please synergize."}).to_string();
    let codes = |v: &Value| -> Vec<String> {
        v["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
    };
    let (_, v) = post(&s, "/v1/check", &body);
    assert!(codes(&v).contains(&"H001".to_string()), "{v}");

    std::fs::write(
        dir.join("house.yaml"),
        "pack: house\nlanguage: en\nkind: draft\nrules:\n  - code: H001\n    nme: x\n",
    )
    .unwrap();
    match s.engine.reload() {
        tact_service::ReloadOutcome::Failed(msg) => assert!(msg.contains("house.yaml"), "{msg}"),
        other => panic!("a bad pack reloaded: {other:?}"),
    }
    let (status, v) = post(&s, "/v1/check", &body);
    assert_eq!(status, 200);
    assert!(codes(&v).contains(&"H001".to_string()), "old rules still serve: {v}");
    assert_eq!(s.engine.current().id(), 1);

    std::fs::write(dir.join("house.yaml"), house_pack("H002", "synergize")).unwrap();
    assert_eq!(s.engine.reload(), tact_service::ReloadOutcome::Reloaded(2));
    let r =
        client().post(s.url("/v1/check")).header("content-type", "application/json").body(body.clone()).send().unwrap();
    assert_eq!(r.headers()["x-tact-rules"], "2");
    let v = r.json_value();
    let c = codes(&v);
    assert!(c.contains(&"H002".to_string()) && !c.contains(&"H001".to_string()), "{v}");
    let (_, m) = get(&s, "/metrics");
    assert!(m.contains("tact_rules_reloads_total{result=\"ok\"} 1"), "{m}");
    assert!(m.contains("tact_rules_reloads_total{result=\"error\"} 1"), "{m}");
}

#[test]
fn reloads_under_load_lose_no_request() {
    let dir = scratch("reload-load");
    std::fs::write(dir.join("house.yaml"), house_pack("H001", "kindly revert")).unwrap();
    let s = TestServer::start(dir_loader(&dir), Config::default());
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (ok, failed) = std::thread::scope(|sc| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                sc.spawn(|| {
                    let c = client();
                    let (mut ok, mut failed) = (0, 0);
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let r = c
                            .post(s.url("/v1/check"))
                            .header("content-type", "application/json")
                            .body(r#"{"text": "Kindly revert, I don't know."}"#)
                            .send();
                        match r {
                            Ok(r) if r.status().as_u16() == 200 => ok += 1,
                            _ => failed += 1,
                        }
                    }
                    (ok, failed)
                })
            })
            .collect();
        for _ in 0..20 {
            assert!(matches!(s.engine.reload(), tact_service::ReloadOutcome::Reloaded(_)));
            std::thread::sleep(Duration::from_millis(10));
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        workers.into_iter().map(|w| w.join().unwrap()).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    assert!(ok > 20, "{ok} requests");
    assert_eq!(failed, 0);
    assert_eq!(s.engine.current().id(), 21);
}

#[test]
fn slow_senders_time_out_with_408_and_the_server_keeps_serving() {
    let dir = scratch("slow");
    let s = TestServer::start(dir_loader(&dir), Config { timeout: Duration::from_millis(300), ..Config::default() });
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let t0 = Instant::now();
    c.write_all(
        b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"text\":",
    )
    .unwrap();
    let mut out = Vec::new();
    let _ = c.read_to_end(&mut out);
    let (status, v) = parse_raw(&String::from_utf8_lossy(&out));
    assert_eq!(status, 408, "{}", String::from_utf8_lossy(&out));
    assert_eq!(v["error"]["code"], "timeout");
    assert!(t0.elapsed() < Duration::from_secs(3));
    assert_eq!(post(&s, "/v1/check", r#"{"text": "hi"}"#).0, 200);
}

#[test]
fn clients_that_disconnect_mid_request_do_not_hurt_others() {
    let s = builtin_server();
    for i in 0..20 {
        let mut c = TcpStream::connect(s.addr).unwrap();
        let partial: &[u8] = if i % 2 == 0 {
            b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"te"
        } else {
            b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Ty"
        };
        c.write_all(partial).unwrap();
        drop(c);
    }
    let (status, v) = post(&s, "/v1/check", &json!({"text": DRAFT}).to_string());
    assert_eq!(status, 200, "{v}");
    // Malformed HTTP is answered by hyper, without bringing anything down.
    let resp = raw(s.addr, b"BLAH\r\n\r\n");
    assert!(resp.starts_with("HTTP/1.1 4"), "{resp}");
    assert_eq!(get(&s, "/healthz").0, 200);
}

#[test]
fn many_concurrent_requests_are_all_answered() {
    let dir = scratch("concurrent");
    let s = TestServer::start(dir_loader(&dir), Config { max_concurrency: 2, ..Config::default() });
    let body = json!({"text": DRAFT}).to_string();
    let statuses: Vec<u16> = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..16)
            .map(|_| {
                sc.spawn(|| {
                    let c = client();
                    (0..10)
                        .map(|_| {
                            let r = c
                                .post(s.url("/v1/check"))
                                .header("content-type", "application/json")
                                .body(body.clone())
                                .send()
                                .unwrap();
                            r.status().as_u16()
                        })
                        .collect::<Vec<u16>>()
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(statuses.len(), 160);
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
}

#[test]
fn shutdown_finishes_the_request_in_flight() {
    let dir = scratch("shutdown");
    let mut s = TestServer::start(dir_loader(&dir), Config::default());
    let body = json!({"text": DRAFT}).to_string();
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let head = format!(
        "POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    c.write_all(head.as_bytes()).unwrap();
    c.write_all(&body.as_bytes()[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    s.begin_shutdown();
    // No new connections once shutting down (the listener closes within moments)...
    let t0 = Instant::now();
    while TcpStream::connect(s.addr).is_ok() {
        assert!(t0.elapsed() < Duration::from_secs(10), "the listener is still open");
        std::thread::sleep(Duration::from_millis(20));
    }
    // ...but the request in flight completes.
    c.write_all(&body.as_bytes()[10..]).unwrap();
    let mut out = Vec::new();
    let _ = c.read_to_end(&mut out);
    let (status, v) = parse_raw(&String::from_utf8_lossy(&out));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&out));
    assert_eq!(v["verdict"], "fail");
    s.stop().unwrap();
}
