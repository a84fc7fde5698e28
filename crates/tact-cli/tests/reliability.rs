//! Reliability cases that need generated input (kept out of the repository): a reader that
//! goes away, and JSON lines near the message-size limit.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tact-rel-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn stdout_closed_early_is_not_an_error() {
    let dir = scratch("pipe");
    let file = dir.join("many.jsonl");
    let mut f = std::fs::File::create(&file).unwrap();
    for i in 0..50_000 {
        writeln!(f, "{{\"id\":{i},\"text\":\"I don't know, as I said before.\"}}").unwrap();
    }
    drop(f);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["check", "--jsonl", "--format", "jsonl", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take()); // the reader goes away, like `| head -c 64`
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn json_lines_near_the_size_limit() {
    let dir = scratch("bigline");
    let file = dir.join("big.jsonl");
    let ten_mb = format!("{}no idea", "lorem ipsum dolor ".repeat((10 << 20) / 18));
    let seventeen_mb = "a".repeat(17 << 20);
    let body = format!(
        "{{\"id\":1,\"text\":\"{ten_mb}\"}}\n{{\"id\":2,\"text\":\"{seventeen_mb}\"}}\n{{\"id\":3,\"text\":\"fine\"}}\n"
    );
    std::fs::write(&file, body).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["check", "--no-builtin", "--rules"])
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/packs/demo.yaml"))
        .args(["--jsonl", "--format", "jsonl", file.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "one record per line, in order");
    // The 10 MB message is linted, its one finding at the very end.
    assert!(lines[0].starts_with("{\"id\":1,") && lines[0].contains("X101"));
    // The 17 MB line is over the default 16 MiB limit: an error record, not an out-of-memory.
    assert!(lines[1].contains("\"line\":2") && lines[1].contains("--max-message-bytes"), "{}", lines[1]);
    assert!(lines[2].starts_with("{\"id\":3,"));
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
