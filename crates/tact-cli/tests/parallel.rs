//! Many inputs are linted on several threads, yet the output is the same, in the same order,
//! as with one thread.

use std::path::Path;
use std::process::Command;

fn run(args: &[&str], threads: &str) -> Vec<u8> {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/packs/demo.yaml");
    let out = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["check", "--no-builtin", "--rules", pack.to_str().unwrap(), "--threads", threads, "--format", "jsonl"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = std::env::temp_dir().join(format!("tact-parallel-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut jsonl = String::new();
    for i in 0..700 {
        let text = match i % 3 {
            0 => format!("Reply {i}: no idea, as I said before."),
            1 => format!("Reply {i}: thanks, we will check today."),
            _ => format!("Reply {i}: you have to wait, I dont know."),
        };
        std::fs::write(dir.join(format!("r{i:04}.txt")), &text).unwrap();
        jsonl.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        jsonl.push('\n');
    }
    let records = dir.join("all.jsonl");
    std::fs::write(&records, jsonl).unwrap();
    let d = dir.to_str().unwrap();
    let one = run(&[d], "1");
    assert_eq!(one, run(&[d], "4"));
    assert_eq!(String::from_utf8_lossy(&one).lines().count(), 700);
    let r = records.to_str().unwrap();
    let one = run(&["--jsonl", r], "1");
    assert_eq!(one, run(&["--jsonl", r], "4"));
    std::fs::remove_dir_all(&dir).unwrap();
}
