//! End-to-end cases kept as data under the repository's `tests/cases/`.
//!
//! Each case is a directory holding:
//! - `args`: the arguments to `tact`, one per line (blank lines and `#` lines ignored);
//! - `stdin` (optional): fed to standard input;
//! - any input files the arguments name (the case directory is the working directory).
//!
//! The exit code, stdout and stderr are compared with the insta snapshot
//! `tests/snapshots/e2e__<case>.snap`. Review changes with `cargo insta review`.
//!
//! The cases are found with `insta::glob!`, so one case (or a few) can be run by name:
//! `INSTA_GLOB_FILTER=structured-yaml cargo test -p tact-cli --test e2e` (`;` separates
//! several names, `*` is a wildcard).

use std::path::Path;
use std::process::{Command, Stdio};

fn run_case(dir: &Path) -> String {
    let args: Vec<String> = std::fs::read_to_string(dir.join("args"))
        .unwrap_or_else(|e| panic!("{}: cannot read args: {e}", dir.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let stdin = std::fs::read(dir.join("stdin")).ok();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tact runs");
    if let Some(input) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("piped stdin");
        // The child may exit before reading everything; that is its business.
        let _ = pipe.write_all(&input);
    }
    let out = child.wait_with_output().expect("tact finishes");
    format!(
        "args: {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.status.code().map_or("signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn e2e_cases() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        // Every directory of tests/cases holding `args` is a case.
        insta::glob!("../../../tests/cases", "*", |dir| {
            if !dir.join("args").is_file() {
                return;
            }
            let name = dir.file_name().unwrap().to_string_lossy().to_string();
            let output = run_case(dir);
            // Snapshots keep their `e2e__<case>` names and headers: glob!'s own suffix
            // (`e2e_cases@<case>`) and input-file line would rename every file.
            let mut named = insta::Settings::clone_current();
            named.remove_snapshot_suffix();
            named.remove_input_file();
            named.bind(|| insta::assert_snapshot!(format!("e2e__{name}"), output));
        });
    });
}
