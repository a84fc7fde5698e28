//! `--format sarif` output validates against the OASIS SARIF 2.1.0 schema (a copy is kept in
//! `tests/schemas/` so the test needs no network and no files outside the repository).

use std::path::Path;
use std::process::Command;

/// The repository root and a validator for the SARIF 2.1.0 schema kept in it.
fn schema() -> (std::path::PathBuf, jsonschema::Validator) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("tests/schemas/sarif-schema-2.1.0.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    (root, validator)
}

#[test]
fn sarif_output_validates_against_the_schema() {
    let (root, validator) = schema();
    let case = root.join("tests/cases/format-sarif");
    // Input errors with a place (bad JSON Lines records, structured-file syntax errors,
    // invalid UTF-8) carry a region with a start column on their notification.
    let placed = [
        "--field",
        "[].text",
        "../structured-syntax-errors/deep.json",
        "../structured-syntax-errors/broken.yaml",
        "../structured-syntax-errors/latin1-line.txt",
        "../structured-syntax-errors/good.json",
    ];
    for extra in [&["drafts", "missing.txt"][..], &["--jsonl", "../jsonl-input/msgs.jsonl"][..], &placed[..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_tact"))
            .args(["check", "--no-builtin", "--rules", "../../packs/demo.yaml", "--format", "sarif"])
            .args(extra)
            .current_dir(&case)
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF output is JSON");
        let errors: Vec<String> =
            validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "SARIF output does not validate:\n{}", errors.join("\n"));
        assert!(!doc["runs"][0]["results"].as_array().unwrap().is_empty());
        if extra[0] != "drafts" {
            let notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
            assert!(notes.iter().any(|n| n["locations"][0]["physicalLocation"]["region"]["startColumn"].is_u64()));
        }
    }
}

/// With the built-in packs, each rule descriptor carries the rule's sources, and the first
/// published one as its `helpUri`; the document still validates.
#[test]
fn builtin_rules_carry_their_sources() {
    use std::io::Write;
    let (_, validator) = schema();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["check", "--format", "sarif", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"I don't know.").unwrap();
    let out = child.wait_with_output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF output is JSON");
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF output does not validate:\n{}", errors.join("\n"));
    let rules = doc["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let d101 = rules.iter().find(|r| r["id"] == "D101").expect("D101 is described");
    assert!(d101["helpUri"].as_str().is_some_and(|u| u.starts_with("http")), "{d101}");
    assert!(!d101["properties"]["sources"].as_array().unwrap().is_empty());
    assert!(d101["help"]["markdown"].as_str().unwrap().contains("Sources:"));
}
