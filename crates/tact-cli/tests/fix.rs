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

#[test]
fn a_file_named_twice_is_fixed_once() {
    let dir = scratch("twice");
    let file = dir.join("reply.txt");
    std::fs::write(&file, "Sorry, no idea.\n").unwrap();
    std::os::unix::fs::symlink("reply.txt", dir.join("link.txt")).unwrap();
    std::fs::hard_link(&file, dir.join("hard.txt")).unwrap();
    let pack = demo_pack();
    let f = file.to_str().unwrap();
    let link = dir.join("link.txt");
    let hard = dir.join("hard.txt");
    let same_dir = format!("{}/./reply.txt", dir.display());
    let (code, stdout, stderr) = tact(&[
        "check",
        "--no-builtin",
        "--rules",
        pack.to_str().unwrap(),
        "--fix",
        f,
        f,
        &same_dir,
        link.to_str().unwrap(),
        hard.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("1 fix applied"), "{stdout}");
    assert_eq!(stderr.matches("fixed once").count(), 4, "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "Sorry, let me find out.\n");
    // The hard link is still one: both names see the fix.
    assert_eq!(std::fs::read_to_string(&hard).unwrap(), "Sorry, let me find out.\n");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

#[test]
fn a_fix_that_does_not_converge_is_not_written() {
    let dir = scratch("grow");
    let pack = dir.join("grow.yaml");
    std::fs::write(
        &pack,
        "pack: grow\nlanguage: en\nkind: draft\nrules:\n  - code: X911\n    name: ok-grows\n    category: placeholder\n    \
         severity: warning\n    message: \"{matched}\"\n    why: grows\n    phrases: [\"ok\"]\n    suggestions:\n      \
         - replace: \"ok ok\"\n        applicability: safe\n",
    )
    .unwrap();
    let file = dir.join("big.txt");
    let text = "It is ok. ".repeat(2_000);
    std::fs::write(&file, &text).unwrap();
    let other = dir.join("other.txt");
    std::fs::write(&other, "fine\n").unwrap();
    let (code, stdout, stderr) = tact(&[
        "check",
        "--no-builtin",
        "--rules",
        pack.to_str().unwrap(),
        "--fix",
        file.to_str().unwrap(),
        other.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(all.contains("X911 do not converge"), "{all}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text, "the file is as it was");
    // Fixing stdin refuses the same way and passes the input through.
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["check", "--no-builtin", "--rules", pack.to_str().unwrap(), "--fix", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"ok then\n").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(out.stdout, b"ok then\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("X911 do not converge"));
}
