//! Embeds every `rules/**/*.yaml` pack of the repository into the library, as YAML (what
//! users see and what errors point into) and, converted here, as JSON: parsing the JSON at run
//! time is about 20 times cheaper than parsing the YAML, which dominated building a linter.
//! It also works out the gate of every built-in pattern (`src/gate_analysis.rs`, the very code
//! the linter would run), so building a linter looks them up instead.

// The library's own modules, included as they are: `gate_analysis` refers to `crate::chars`.
#[allow(dead_code)]
#[path = "src/chars.rs"]
mod chars;
#[allow(dead_code)]
#[path = "src/gate_analysis.rs"]
mod gate_analysis;

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.join("../../rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let mut code = String::from("/// `(origin, YAML source)` of every built-in pack, sorted by path.\npub(crate) static PACKS: &[(&str, &str)] = &[\n");
    let mut json =
        String::from("/// The same packs as JSON, or `None` where the YAML does not parse (the YAML path then reports it).\npub(crate) static PACKS_JSON: &[Option<&str>] = &[\n");
    let mut patterns: Vec<String> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(root.parent().expect("rules has a parent")).expect("under rules");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let abs = f.canonicalize().expect("pack file readable");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", abs.to_string_lossy()));
        let source = std::fs::read_to_string(f).expect("pack file readable");
        match serde_yaml::from_str::<serde_json::Value>(&source) {
            Ok(value) => {
                collect_patterns(&value, &mut patterns);
                let path = out_dir.join(format!("pack{i}.json"));
                std::fs::write(&path, value.to_string()).expect("OUT_DIR writable");
                json.push_str(&format!("    Some(include_str!({:?})),\n", path.to_string_lossy()));
            }
            Err(_) => json.push_str("    None,\n"),
        }
    }
    code.push_str("];\n");
    json.push_str("];\n");
    code.push_str(&json);
    code.push_str(&gates(patterns));
    std::fs::write(out_dir.join("builtin_packs.rs"), code).expect("OUT_DIR writable");
}

/// The `patterns` and exception `patterns` (plain, `after` and `before`) of every rule of a pack.
fn collect_patterns(pack: &serde_json::Value, out: &mut Vec<String>) {
    let rules = pack.get("rules").and_then(|r| r.as_array()).map(Vec::as_slice).unwrap_or_default();
    for rule in rules {
        let exceptions = rule.get("exceptions");
        let sides =
            ["after", "before"].map(|side| exceptions.and_then(|e| e.get(side)).and_then(|e| e.get("patterns")));
        for list in [rule.get("patterns"), exceptions.and_then(|e| e.get("patterns"))].into_iter().chain(sides) {
            let list = list.and_then(|p| p.as_array()).map(Vec::as_slice).unwrap_or_default();
            out.extend(list.iter().filter_map(|p| p.as_str()).map(str::to_string));
        }
    }
}

/// The `GATES` table: `(source, kind, pieces, bytes)` sorted by source, kind 0 = no gate,
/// 1 = pieces, 2 = first bytes.
fn gates(mut patterns: Vec<String>) -> String {
    use gate_analysis::{analyse, Analysis};
    patterns.sort();
    patterns.dedup();
    let mut code = String::from(
        "/// The gate of every built-in pattern, worked out by `build.rs`: `(source, kind, pieces, bytes)`,\n/// sorted by source; kind 0 = none, 1 = automaton pieces, 2 = first bytes.\npub(crate) static GATES: &[(&str, u8, &[&str], &[u8])] = &[\n",
    );
    for p in &patterns {
        let (kind, pieces, bytes) = match analyse(p) {
            Analysis::Always => (0, Vec::new(), Vec::new()),
            Analysis::Pieces(pieces) => (1, pieces, Vec::new()),
            Analysis::Bytes(bytes) => (2, Vec::new(), bytes),
        };
        code.push_str(&format!("    ({p:?}, {kind}, &{pieces:?}, &{bytes:?}),\n"));
    }
    code.push_str("];\n");
    code
}
