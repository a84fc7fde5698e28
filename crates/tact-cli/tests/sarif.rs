//! `--format sarif` output validates against the OASIS SARIF 2.1.0 schema (a copy is kept in
//! `tests/schemas/` so the test needs no network and no files outside the repository).

use std::path::Path;
use std::process::Command;

#[test]
fn sarif_output_validates_against_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("tests/schemas/sarif-schema-2.1.0.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
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
