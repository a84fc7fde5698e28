//! docs/rules.md is generated from the shipped packs; this test keeps it current.
//! Regenerate with `cargo run -p tact-cli -- rules list --format markdown > docs/rules.md`
//! (or run this test with TACT_UPDATE_DOCS=1).

use std::path::Path;
use std::process::Command;

#[test]
fn rules_reference_is_current() {
    let out =
        Command::new(env!("CARGO_BIN_EXE_tact")).args(["rules", "list", "--format", "markdown"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let generated = String::from_utf8(out.stdout).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    if std::env::var_os("TACT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is out of date: run `cargo run -p tact-cli -- rules list --format markdown > docs/rules.md`"
    );
}
