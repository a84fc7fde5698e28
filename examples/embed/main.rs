//! Embedding tact in a Rust program: build a linter once, lint drafts, apply safe fixes.
//!
//! Run it with `cargo run -p tact --example embed`; the test suite runs it too.

use tact::{Kind, LinterBuilder, Severity};

/// Builds linters, lints a draft, applies fixes; fails if tact does not behave as shown.
pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Compile the built-in draft rules once; the linter is Send + Sync and reusable.
    let linter = LinterBuilder::new().builtin().kind(Kind::Draft).build()?;

    // A team's own rules are plain YAML, loaded next to (or instead of) the built-in ones.
    let house_rules = r#"
pack: house
language: en
kind: draft
rules:
  - code: H101
    name: competitor-name
    category: policy-shield
    severity: info
    message: "Avoid naming competitors (“{matched}”)"
    why: "House style: we talk about what we can do, not about others."
    phrases: ["ShipFast"]
"#;
    let with_house = LinterBuilder::new().builtin().pack_source("house.yaml", house_rules).kind(Kind::Draft).build()?;

    let draft = "Sorry, I don't know. ShipFast is faster anyway.";
    let findings = with_house.lint(draft);
    for d in &findings {
        println!("{}:{} {} {} {}", d.line, d.column, d.severity, d.code, d.message);
    }
    assert!(findings.iter().any(|d| d.code == "H101"));
    assert!(findings.iter().any(|d| d.category.as_str() == "dont-know"));

    // Gate a send button on severity.
    let blocking = linter.lint(draft).iter().filter(|d| d.severity >= Severity::Warning).count();
    println!("{blocking} finding(s) at warning or above");

    // Safe fixes are applied until nothing more changes.
    let fixed = linter.fix("As I already told you, the parcel ships today.");
    println!("fixed: {} ({} fix(es))", fixed.text, fixed.applied);
    assert!(fixed.converged);

    // A good reply stays clean.
    assert!(linter.lint("Thanks, I'll look into it today.").is_empty());
    Ok(())
}
