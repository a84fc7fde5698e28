//! A real server on 127.0.0.1 (an ephemeral port) in a background thread, with rules read from
//! a scratch directory the test can rewrite before a reload.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tact::{Kind, Linter, LinterBuilder, Rule};
use tact_service::http::{Config, Server};
use tact_service::{Engine, FailOn, Loader, Options, RuleSource};

/// Builtin packs plus every `*.yaml` of a directory, read at load.
pub struct DirRules {
    packs: Vec<(String, String)>,
}

impl DirRules {
    fn builder(&self) -> LinterBuilder {
        let mut b = LinterBuilder::new().builtin();
        for (o, s) in &self.packs {
            b = b.pack_source(o, s);
        }
        b
    }
}

impl RuleSource for DirRules {
    fn build(&self, o: &Options) -> Result<Linter, String> {
        let mut b = self.builder().kind(o.kind.unwrap_or(Kind::Draft));
        if let Some(l) = &o.languages {
            b = b.languages(l.iter().copied());
        }
        for s in o.select.iter().flatten() {
            b = b.select(s.clone());
        }
        for s in &o.ignore {
            b = b.ignore(s.clone());
        }
        for (s, l) in &o.severity {
            b = b.severity(s.clone(), *l);
        }
        b.build().map_err(|e| e.to_string())
    }

    fn every_rule(&self) -> Result<Linter, String> {
        self.builder().kind(Kind::Any).build().map_err(|e| e.to_string())
    }

    fn fail_on(&self) -> FailOn {
        FailOn::Warning
    }

    fn rule_json(&self, r: &Rule) -> serde_json::Value {
        serde_json::json!({"code": r.code, "name": r.name, "category": r.category.as_str(), "why": r.why})
    }

    fn describe(&self) -> String {
        format!("{} packs", self.packs.len())
    }
}

pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tact-service-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn dir_loader(dir: &Path) -> Loader {
    let dir = dir.to_path_buf();
    Arc::new(move || {
        let mut packs = Vec::new();
        let mut entries: Vec<_> = std::fs::read_dir(&dir).map_err(|e| e.to_string())?.flatten().collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "yaml") {
                let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                packs.push((p.display().to_string(), text));
            }
        }
        Ok(Arc::new(DirRules { packs }) as Arc<dyn RuleSource>)
    })
}

/// A pack with one rule flagging `phrase`.
pub fn house_pack(code: &str, phrase: &str) -> String {
    format!(
        r#"pack: house
language: en
kind: draft
rules:
  - code: {code}
    name: house-phrase
    category: commanding
    severity: error
    message: "“{{matched}}” is not how we talk"
    why: House style.
    phrases: ["{phrase}"]
    suggestions:
      - replace: "please"
        applicability: safe
"#
    )
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub engine: Arc<Engine>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    pub fn start(loader: Loader, mut config: Config) -> TestServer {
        config.listen = "127.0.0.1:0".parse().unwrap();
        config.access_log = false;
        let engine = Arc::new(Engine::new(loader, config.cache_size).expect("rules load"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let e = engine.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
            rt.block_on(async move {
                let server = Server::bind(e, config).await?;
                addr_tx.send(server.local_addr()?).unwrap();
                server
                    .run(async {
                        let _ = rx.await;
                    })
                    .await
            })
        });
        let addr = addr_rx.recv_timeout(Duration::from_secs(10)).expect("server bound");
        TestServer { addr, engine, shutdown: Some(tx), thread: Some(thread) }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Starts a graceful shutdown without waiting for it.
    pub fn begin_shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    /// Shuts down and waits until the server has stopped.
    pub fn stop(mut self) -> std::io::Result<()> {
        self.begin_shutdown();
        self.thread.take().unwrap().join().expect("server thread")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.begin_shutdown();
    }
}

pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().timeout(Duration::from_secs(20)).build().unwrap()
}

/// POSTs JSON text; returns the status and the parsed body.
pub fn post(s: &TestServer, path: &str, body: &str) -> (u16, serde_json::Value) {
    let r =
        client().post(s.url(path)).header("content-type", "application/json").body(body.to_string()).send().unwrap();
    let status = r.status().as_u16();
    let text = r.text().unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")))
}

pub fn get(s: &TestServer, path: &str) -> (u16, String) {
    let r = client().get(s.url(path)).send().unwrap();
    (r.status().as_u16(), r.text().unwrap())
}

/// Writes raw bytes on a new connection and reads until the server closes it (or 10 s).
pub fn raw(addr: SocketAddr, request: &[u8]) -> String {
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    c.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = c.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The status code and JSON body of a raw HTTP/1.1 response.
pub fn parse_raw(response: &str) -> (u16, serde_json::Value) {
    let status: u16 = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(serde_json::Value::Null))
}
