//! Embeds every `rules/**/*.yaml` pack of the repository into the library, as YAML (what
//! users see and what errors point into) and, converted here, as JSON: parsing the JSON at run
//! time is about 20 times cheaper than parsing the YAML, which dominated building a linter.

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
    for (i, f) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(root.parent().expect("rules has a parent")).expect("under rules");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let abs = f.canonicalize().expect("pack file readable");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", abs.to_string_lossy()));
        let source = std::fs::read_to_string(f).expect("pack file readable");
        match serde_yaml::from_str::<serde_json::Value>(&source) {
            Ok(value) => {
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
    std::fs::write(out_dir.join("builtin_packs.rs"), code).expect("OUT_DIR writable");
}
