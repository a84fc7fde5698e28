//! `tact serve` and `tact mcp` as a user runs them: the real binary, tact.yaml and packs in a
//! scratch directory, HTTP on 127.0.0.1, signals with kill(1). The results must equal what
//! `tact check` prints for the same text and flags.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tact-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    dir
}

const HOUSE: &str = r#"pack: house
language: en
kind: draft
rules:
  - code: H001
    name: kindly-revert
    category: commanding
    severity: error
    message: "“{matched}” is not how we talk"
    why: House style.
    phrases: ["kindly revert"]
    suggestions:
      - replace: "please reply"
        applicability: safe
"#;

const CONFIG: &str = "kind: draft\nrules: [rules]\nseverity:\n  over-promise: error\nignore: [emotion-policing]\n";

const TEXT: &str = "Sorry, I don't know. As I already told you, kindly revert. Calm down, we guarantee it ships today!";

struct Served {
    child: Child,
    addr: SocketAddr,
    log: mpsc::Receiver<String>,
}

impl Served {
    fn start(dir: &Path, extra: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut s = Served { child, addr: "127.0.0.1:1".parse().unwrap(), log: rx };
        let listening = s.wait_for("listening");
        s.addr = listening["addr"].as_str().unwrap().parse().unwrap();
        s
    }

    /// The next stderr event of this name (other lines are skipped).
    fn wait_for(&mut self, event: &str) -> Value {
        loop {
            let line = self.log.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| panic!("no `{event}` event"));
            let v: Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("stderr line is not JSON ({e}): {line}"));
            if v["event"] == event {
                return v;
            }
        }
    }

    fn signal(&self, sig: &str) {
        let ok = Command::new("kill").args([sig, &self.child.id().to_string()]).status().unwrap().success();
        assert!(ok, "kill {sig}");
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, Value) {
        let mut c = TcpStream::connect(self.addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        c.write_all(req.as_bytes()).unwrap();
        let mut out = String::new();
        c.read_to_string(&mut out).unwrap();
        let status = out.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = out.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
        (status, serde_json::from_str(body).unwrap_or(Value::Null))
    }

    fn check(&self, body: &Value) -> (u16, Value) {
        self.request("POST", "/v1/check", &[("Content-Type", "application/json")], &body.to_string())
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `tact check --format json -` on `text` with `flags`, in `dir`: (exit code, diagnostics).
fn check_cli(dir: &Path, flags: &[&str], text: &str) -> (i32, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["check", "--format", "json"])
        .args(flags)
        .arg("-")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["results"].get(0).map(|r| r["diagnostics"].clone()).unwrap_or(json!([]));
    (out.status.code().unwrap(), diags)
}

#[test]
fn results_equal_tact_check_with_the_same_config_and_flags() {
    let dir = scratch("equal");
    std::fs::write(dir.join("tact.yaml"), CONFIG).unwrap();
    std::fs::write(dir.join("rules/house.yaml"), HOUSE).unwrap();
    let s = Served::start(&dir, &[]);
    let incoming = "Third time I'm writing!!! I WILL CANCEL and call my lawyer.";
    let cases: Vec<(Value, Vec<&str>, &str)> = vec![
        (json!({}), vec![], TEXT),
        (json!({"select": ["dont-know", "H001"]}), vec!["--select", "dont-know,H001"], TEXT),
        (
            json!({"ignore": ["condescension"], "severity": {"D101": "info"}}),
            vec!["--ignore", "condescension", "--severity", "D101=info"],
            TEXT,
        ),
        (json!({"lang": ["de"]}), vec!["--lang", "de"], TEXT),
        (json!({"kind": "incoming"}), vec!["--kind", "incoming"], incoming),
        (json!({"fail_on": "error", "select": ["D101"]}), vec!["--fail-on", "error", "--select", "D101"], TEXT),
        (json!({"fail_on": "never"}), vec!["--fail-on", "never"], TEXT),
    ];
    for (opts, flags, text) in cases {
        let mut body = opts.clone();
        body["text"] = json!(text);
        let (status, v) = s.check(&body);
        assert_eq!(status, 200, "{opts}: {v}");
        let (code, diags) = check_cli(&dir, &flags, text);
        assert_eq!(v["diagnostics"], diags, "{opts} vs tact check {flags:?}");
        let verdict = if code == 1 { "fail" } else { "pass" };
        assert_eq!(v["verdict"], verdict, "{opts}: exit code {code}");
    }
    // The config's own settings apply: emotion-policing is ignored, over-promise is an error.
    let (_, v) = s.check(&json!({"text": TEXT}));
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(diags.iter().any(|d| d["code"] == "H001"), "{v}");
    assert!(!diags.iter().any(|d| d["category"] == "emotion-policing"), "{v}");
    assert!(diags.iter().filter(|d| d["category"] == "over-promise").all(|d| d["severity"] == "error"), "{v}");

    // /v1/fix is `tact check --fix -`.
    let (status, fixed) =
        s.request("POST", "/v1/fix", &[("Content-Type", "application/json")], &json!({"text": TEXT}).to_string());
    assert_eq!(status, 200);
    let out = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["check", "--fix", "-"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(TEXT.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(fixed["text"], String::from_utf8(out.stdout).unwrap());
    assert_eq!(fixed["verdict"], if out.status.code() == Some(1) { "fail" } else { "pass" });

    // /v1/rules is `tact rules list --format json`.
    let (_, listed) = s.request("GET", "/v1/rules", &[], "");
    // `rules list` reads no tact.yaml: the config's settings are given as flags.
    let out = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args([
            "rules",
            "list",
            "--format",
            "json",
            "--rules",
            "rules",
            "--severity",
            "over-promise=error",
            "--ignore",
            "emotion-policing",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    let expected: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed["rules"], expected);
}

#[test]
fn every_request_gets_one_json_access_log_line() {
    let dir = scratch("log");
    let mut s = Served::start(&dir, &["--no-config"]);
    s.check(&json!({"text": "I don't know."}));
    let line = s.wait_for("request");
    assert_eq!(line["method"], "POST");
    assert_eq!(line["path"], "/v1/check");
    assert_eq!(line["status"], 200);
    assert_eq!(line["messages"], 1);
    assert_eq!(line["findings"], 1);
    assert!(line["ms"].as_f64().unwrap() >= 0.0);
    assert!(line["ts"].as_str().unwrap().ends_with('Z'));
    s.request("POST", "/v1/check", &[("Content-Type", "text/plain")], "hi");
    assert_eq!(s.wait_for("request")["status"], 415);
}

#[test]
fn sighup_reloads_and_a_bad_pack_keeps_the_old_rules() {
    let dir = scratch("hup");
    std::fs::write(dir.join("tact.yaml"), "rules: [rules]\n").unwrap();
    std::fs::write(dir.join("rules/house.yaml"), HOUSE).unwrap();
    let mut s = Served::start(&dir, &[]);
    let has = |v: &Value, code: &str| v["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == code);
    let body = json!({"text": "Kindly revert. Per our policy, no."});
    assert!(has(&s.check(&body).1, "H001"));

    std::fs::write(
        dir.join("rules/house.yaml"),
        "pack: house\nlanguage: en\nkind: draft\nrules:\n  - code: H001\n    bogus: 1\n",
    )
    .unwrap();
    s.signal("-HUP");
    let failed = s.wait_for("reload_failed");
    assert!(failed["error"].as_str().unwrap().contains("house.yaml"), "{failed}");
    assert_eq!(failed["serving_generation"], 1);
    let (status, v) = s.check(&body);
    assert_eq!(status, 200);
    assert!(has(&v, "H001"), "the old rules keep serving: {v}");

    std::fs::write(dir.join("rules/house.yaml"), HOUSE.replace("kindly revert", "per our policy")).unwrap();
    s.signal("-HUP");
    assert_eq!(s.wait_for("rules_reloaded")["generation"], 2);
    let (_, v) = s.check(&body);
    let house: Vec<&Value> = v["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "H001").collect();
    assert_eq!(house.len(), 1, "{v}");
    assert_eq!(house[0]["matched"], "Per our policy", "the new pack serves");

    // A broken tact.yaml is reported the same way.
    std::fs::write(dir.join("tact.yaml"), "rules: [rules]\nbogus-key: 1\n").unwrap();
    s.signal("-HUP");
    assert!(s.wait_for("reload_failed")["error"].as_str().unwrap().contains("bogus-key"));
    assert_eq!(s.check(&body).0, 200);
}

#[test]
fn sigterm_finishes_the_request_in_flight_and_exits_0() {
    let dir = scratch("term");
    let mut s = Served::start(&dir, &["--no-config"]);
    let body = json!({"text": TEXT}).to_string();
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let head = format!(
        "POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    c.write_all(head.as_bytes()).unwrap();
    c.write_all(&body.as_bytes()[..5]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    s.signal("-TERM");
    s.wait_for("shutting_down");
    c.write_all(&body.as_bytes()[5..]).unwrap();
    let mut out = String::new();
    c.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    s.wait_for("stopped");
    let status = s.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn token_file_guards_everything_but_healthz() {
    let dir = scratch("token");
    std::fs::write(dir.join("token"), "tok-123\n").unwrap();
    let s = Served::start(&dir, &["--no-config", "--token-file", "token"]);
    let ct = ("Content-Type", "application/json");
    let body = r#"{"text": "hi"}"#;
    let (status, v) = s.request("POST", "/v1/check", &[ct], body);
    assert_eq!(status, 401);
    assert_eq!(v["error"]["field"], "authorization");
    assert_eq!(s.request("POST", "/v1/check", &[ct, ("Authorization", "Bearer tok-12")], body).0, 401);
    assert_eq!(s.request("POST", "/v1/check", &[ct, ("Authorization", "Bearer tok-123")], body).0, 200);
    assert_eq!(s.request("GET", "/healthz", &[], "").0, 200);
}

#[test]
fn bad_rules_or_flags_at_start_exit_2() {
    let dir = scratch("bad");
    std::fs::write(dir.join("rules/house.yaml"), "pack: [").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["serve", "--no-config", "--rules", "rules", "--listen", "127.0.0.1:0"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("house.yaml"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["serve", "--no-config", "--select", "nope", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
    let out = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["serve", "--no-config", "--token-file", "/nonexistent/t"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn mcp_speaks_json_rpc_on_stdio() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["mcp", "--no-config"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut send = |v: Value| {
        stdin.write_all(format!("{v}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
    };
    let mut recv = || {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        serde_json::from_str::<Value>(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
    };
    send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}}}));
    let init = recv();
    assert_eq!(init["result"]["serverInfo"]["name"], "tact", "{init}");
    send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}));
    let tools = recv();
    let names: Vec<&str> =
        tools["result"]["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["check_draft", "fix_draft", "triage_incoming", "explain_rule"]);
    send(
        json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "check_draft", "arguments": {"text": "I don't know."}}}),
    );
    let r = recv();
    assert_eq!(r["result"]["structuredContent"]["verdict"], "fail", "{r}");
    assert_eq!(r["result"]["structuredContent"]["findings"][0]["code"], "D101");
    send(
        json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "check_draft", "arguments": {"text": 3}}}),
    );
    let r = recv();
    assert_eq!(r["result"]["isError"], true, "{r}");
    assert!(r["result"]["content"][0]["text"].as_str().unwrap().contains("`text`"));
    drop(stdin);
    assert!(child.wait().unwrap().success(), "exits when stdin closes");
}

#[test]
fn a_customer_cannot_switch_incoming_checks_off_with_a_directive() {
    let dir = scratch("incoming-directive");
    std::fs::write(dir.join("tact.yaml"), "").unwrap();
    let text = "I will sue you and talk to my lawyer. # tact: ignore\n<!-- tact-disable -->\nI will sue you.";
    let s = Served::start(&dir, &[]);
    let (status, v) = s.check(&json!({"text": text, "kind": "incoming"}));
    assert_eq!(status, 200, "{v}");
    let codes: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.len() >= 2, "the directives are not honoured for incoming messages: {v}");
    assert!(v["categories"].as_array().unwrap().iter().any(|c| c == "legal-threat"), "{v}");
    // The same as `tact check --kind incoming`.
    let (_, cli) = check_cli(&dir, &["--kind", "incoming"], text);
    assert_eq!(cli.as_array().unwrap().len(), codes.len());
    // `--inline-directives` honours them.
    drop(s);
    let s = Served::start(&dir, &["--inline-directives"]);
    let (_, v) = s.check(&json!({"text": text, "kind": "incoming"}));
    assert_eq!(v["diagnostics"], json!([]), "{v}");
}
