//! The CI examples are exercised: every `tact …` command in the GitHub workflow runs against
//! the repository with the shipped rules, and each pre-commit hook's entry runs on a sample file.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run_tact(args: &[String]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tact")).args(args).current_dir(root()).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).to_string())
}

#[test]
fn workflow_commands_run() {
    let text = std::fs::read_to_string(root().join("examples/ci/tact.yml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let steps = doc["jobs"]["canned-responses"]["steps"].as_sequence().expect("steps");
    let mut ran = 0;
    for step in steps {
        let Some(cmd) = step["run"].as_str() else {
            continue;
        };
        let Some(rest) = cmd.trim().strip_prefix("tact ") else {
            continue;
        };
        let rest = rest.split(" > ").next().unwrap();
        let args: Vec<String> = rest.split_whitespace().map(str::to_string).collect();
        let (code, stdout) = run_tact(&args);
        assert!(code == 0 || code == 1, "`{cmd}` exited {code}");
        if args.contains(&"sarif".to_string()) {
            let v: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
            assert_eq!(v["version"], "2.1.0");
            assert_eq!(code, 0, "--fail-on never");
        }
        if args.contains(&"github".to_string()) {
            assert!(stdout.lines().all(|l| l.starts_with("::")), "{stdout}");
        }
        ran += 1;
    }
    assert_eq!(ran, 2, "the workflow's two tact steps ran");
}

#[test]
fn pre_commit_hooks_run() {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
    assert!(!hooks.is_empty());
    let dir = std::env::temp_dir().join(format!("tact-precommit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for hook in hooks {
        let entry = hook["entry"].as_str().unwrap();
        let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
        assert!(
            files.is_match("reply.md") && files.is_match("macro.html") && !files.is_match("x.rs"),
            "hook {:?} must match .md files",
            hook["id"]
        );
        let file = dir.join("reply.md");
        std::fs::write(&file, "Thanks, I'll look into it today.\n").unwrap();
        let mut args: Vec<String> = entry.split_whitespace().skip(1).map(str::to_string).collect();
        assert_eq!(entry.split_whitespace().next(), Some("tact"));
        args.push(file.display().to_string());
        let (code, _) = run_tact(&args);
        assert_eq!(code, 0, "hook {:?} on a clean file", hook["id"]);
    }
}
