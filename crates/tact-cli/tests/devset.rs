//! The development set's recall and false alarms never fall below what `tests/devset/floor.tsv`
//! records (and docs/quality.md reports). After improving the packs, regenerate the floor with
//! `TACT_WRITE_FLOOR=1 cargo test -p tact-cli --test devset` and commit it with the packs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tact::{Kind, LinterBuilder};
use tact_cli::labels;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn recall_and_false_alarms_hold_the_floor() {
    let files: Vec<PathBuf> =
        ["en", "de", "et"].iter().map(|l| root().join(format!("tests/devset/{l}.jsonl"))).collect();
    let drafts = Arc::new(LinterBuilder::new().builtin().kind(Kind::Draft).build().expect("built-in packs load"));
    let incoming = Arc::new(LinterBuilder::new().builtin().kind(Kind::Incoming).build().expect("built-in packs load"));
    let counts =
        labels::run_files(&files, |k| Some(if k == Kind::Incoming { incoming.clone() } else { drafts.clone() }))
            .expect("the development set reads");
    let floor_path = root().join("tests/devset/floor.tsv");
    if std::env::var_os("TACT_WRITE_FLOOR").is_some() {
        let mut out =
            String::from("# lang\tkind\tcategory\tmin recall (caught/positives)\tmax false alarms (of negatives)\n");
        for ((lang, kind, cat), c) in &counts {
            out.push_str(&format!(
                "{lang}\t{kind}\t{cat}\t{}/{}\t{}/{}\n",
                c.caught, c.positives, c.false_alarms, c.negatives
            ));
        }
        std::fs::write(&floor_path, out).expect("floor written");
        return;
    }
    let floor = std::fs::read_to_string(&floor_path).expect("tests/devset/floor.tsv exists");
    let mut expected: BTreeMap<(String, String, String), (usize, usize)> = BTreeMap::new();
    for line in floor.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let caught = f[3].split('/').next().and_then(|n| n.parse().ok()).expect("caught/positives");
        let alarms = f[4].split('/').next().and_then(|n| n.parse().ok()).expect("alarms/negatives");
        expected.insert((f[0].into(), f[1].into(), f[2].into()), (caught, alarms));
    }
    let mut worse = Vec::new();
    for (key, (caught, alarms)) in &expected {
        let c = counts.get(key).copied().unwrap_or_default();
        if c.caught < *caught {
            worse.push(format!("{key:?}: caught {} < {caught}", c.caught));
        }
        if c.false_alarms > *alarms {
            worse.push(format!("{key:?}: false alarms {} > {alarms}", c.false_alarms));
        }
    }
    assert!(worse.is_empty(), "the development set got worse:\n{}\n\n{}", worse.join("\n"), labels::table(&counts));
}
