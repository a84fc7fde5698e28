//! `--fix` on real files: applied atomically, permissions kept, converges, and a file that
//! changed since it was read is left alone.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn demo_pack() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/packs/demo.yaml")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tact-fix-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tact(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tact")).args(args).env("NO_COLOR", "1").output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn fix_rewrites_in_place_keeps_permissions_and_converges() {
    let dir = scratch("inplace");
    let file = dir.join("reply.txt");
    std::fs::write(&file, "\u{feff}Hi,\nAs I already told you, no idea.\nYou have to restart it.\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let pack = demo_pack();
    let (code, stdout, _) =
        tact(&["check", "--no-builtin", "--rules", pack.to_str().unwrap(), "--fix", file.to_str().unwrap()]);
    // Only the info-level commanding finding is left, below --fail-on warning.
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("2 fixes applied"), "{stdout}");
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_eq!(fixed, "\u{feff}Hi,\nAs mentioned, let me find out.\nYou have to restart it.\n");
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
    // A second run has nothing left to fix.
    let (_, stdout, _) =
        tact(&["check", "--no-builtin", "--rules", pack.to_str().unwrap(), "--fix", file.to_str().unwrap()]);
    assert!(!stdout.contains("applied"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);
    // No temporary file is left behind.
    let leftovers: Vec<_> =
        std::fs::read_dir(&dir).unwrap().flatten().filter(|e| e.file_name() != "reply.txt").collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn fix_leaves_unfixable_and_invalid_files_untouched() {
    let dir = scratch("untouched");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"no idea \xff\n").unwrap();
    let good = dir.join("good.txt");
    std::fs::write(&good, "no idea\n").unwrap();
    let pack = demo_pack();
    let (code, _, stderr) = tact(&[
        "check",
        "--no-builtin",
        "--rules",
        pack.to_str().unwrap(),
        "--fix",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid UTF-8"), "{stderr}");
    assert_eq!(std::fs::read(&bad).unwrap(), b"no idea \xff\n");
    assert_eq!(std::fs::read_to_string(&good).unwrap(), "let me find out\n");
}

#[test]
fn init_writes_a_starter_config_that_loads_and_never_overwrites() {
    let dir = scratch("init");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_tact")).args(args).current_dir(&dir).output().unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).to_string())
    };
    assert_eq!(run(&["init"]).0, 0);
    let written = std::fs::read_to_string(dir.join("tact.yaml")).unwrap();
    assert!(written.contains("fail-on: warning"));
    // The starter config is valid: a check that uses it runs cleanly.
    std::fs::write(dir.join("ok.txt"), "Thanks, I'll look into it today.\n").unwrap();
    let (code, stderr) = run(&["check", "ok.txt"]);
    assert_eq!(code, 0, "{stderr}");
    // Its commented `field` example is a valid key too.
    assert!(written.contains("# field: \"macros[].body\""), "{written}");
    std::fs::write(dir.join("tact.yaml"), written.replace("# field: ", "field: ")).unwrap();
    let (code, stderr) = run(&["check", "ok.txt"]);
    assert_eq!(code, 0, "{stderr}");
    // A second init refuses and leaves the file as it was.
    std::fs::write(dir.join("tact.yaml"), "kind: incoming\n").unwrap();
    let (code, stderr) = run(&["init"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("tact.yaml")).unwrap(), "kind: incoming\n");
}
