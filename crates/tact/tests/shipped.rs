//! The shipped packs are data verified by tests: they load with no error, every rule passes its
//! own examples, and the embedding example runs.

use tact::{Kind, LinterBuilder};

#[test]
fn builtin_packs_load_and_pass_their_examples() {
    assert!(!tact::builtin_packs().is_empty(), "no built-in packs embedded");
    for (origin, _) in tact::builtin_packs() {
        let linter = LinterBuilder::new()
            .builtin_pack(origin)
            .kind(Kind::Any)
            .build()
            .unwrap_or_else(|e| panic!("{origin} does not load:\n{e}"));
        let failures = linter.test_examples();
        assert!(
            failures.is_empty(),
            "{origin}: {} example(s) fail:\n{}",
            failures.len(),
            failures
                .iter()
                .map(|f| format!("{} {} ({}): {:?}: {}", f.code, f.name, f.example, f.text, f.problem))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn all_builtin_packs_load_together() {
    let linter = LinterBuilder::new().builtin().kind(Kind::Any).build().expect("built-in packs load together");
    assert!(linter.rules().len() > 20);
}

#[test]
fn shipped_rules_have_three_flag_and_three_pass_examples() {
    let linter = LinterBuilder::new().builtin().kind(Kind::Any).build().expect("built-in packs load");
    let thin: Vec<String> = linter
        .rules()
        .iter()
        .filter(|r| r.examples.flag.len() < 3 || r.examples.pass.len() < 3)
        .map(|r| format!("{} {} ({} flag, {} pass)", r.code, r.name, r.examples.flag.len(), r.examples.pass.len()))
        .collect();
    assert!(thin.is_empty(), "rules with fewer than 3 flag or pass examples:\n{}", thin.join("\n"));
}

#[path = "../../../examples/embed/main.rs"]
mod embed;

#[test]
fn embedding_example_runs() {
    embed::main().expect("the embedding example succeeds");
}
