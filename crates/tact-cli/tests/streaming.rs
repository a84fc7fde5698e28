//! The json and sarif documents are streamed: results are written while the input is still
//! being read, so memory does not grow with a JSON Lines stream (issue: `--format json` on a
//! 40 MB stream peaked near 2 GB because every result was held until the end).
//!
//! Each test feeds records on standard input and, with standard input still open, waits for
//! the first results on standard output. A renderer that holds results until the end writes
//! nothing before standard input closes, and the test fails (after a generous timeout that
//! only a failure ever waits for).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn first_output_before_input_ends(format: &str, marker: &str) {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/packs/demo.yaml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["check", "--no-builtin", "--rules", pack.to_str().unwrap(), "--jsonl", "--format", format, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Read while writing: tact's output must never wait on this test's input.
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut sent = false;
        let mut buf = [0u8; 1 << 16];
        // Everything is read (so tact never blocks on its output); the first 64 KiB are sent.
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if !sent && seen.len() > 1 << 16 {
                let _ = tx.send(seen.clone());
                sent = true;
            }
        }
    });
    let mut stdin = child.stdin.take().unwrap();
    // More than one batch of records (2048), and more than the 64 KiB output buffer of results.
    for i in 0..5000 {
        writeln!(stdin, "{}", serde_json::json!({"id": i, "text": format!("Reply {i}: I don't know.")})).unwrap();
    }
    stdin.flush().unwrap();
    let got = rx.recv_timeout(Duration::from_secs(300));
    // Standard input closes only now, so whatever came was written while it was open.
    drop(stdin);
    reader.join().unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(1));
    let got = String::from_utf8(got.expect("results were written before the input ended")).unwrap();
    assert!(got.contains(marker), "{}", &got[..got.len().min(2000)]);
}

#[test]
fn json_results_are_written_as_they_come() {
    first_output_before_input_ends("json", "\"id\": 7,");
}

#[test]
fn sarif_results_are_written_as_they_come() {
    first_output_before_input_ends("sarif", "\"ruleId\": \"X101\"");
}
