//! Running a rule set's inline examples: every `flag` example must produce its rule, no `pass`
//! example may, and every `fix` example must fix to what it states.

use crate::linter::Linter;

/// One rule example that did not behave as written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExampleFailure {
    /// The rule's code.
    pub code: String,
    /// The rule's name.
    pub name: String,
    /// Where the rule was loaded from.
    pub origin: String,
    /// `flag`, `pass` or `fix`.
    pub example: &'static str,
    /// The example text.
    pub text: String,
    /// What went wrong.
    pub problem: String,
}

impl Linter {
    /// Runs every rule's inline examples against this linter and returns what failed.
    pub fn test_examples(&self) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for rule in self.rules() {
            let fail = |example: &'static str, text: &str, problem: String| ExampleFailure {
                code: rule.code.clone(),
                name: rule.name.clone(),
                origin: rule.origin.clone(),
                example,
                text: text.to_string(),
                problem,
            };
            for text in &rule.examples.flag {
                if !self.lint(text).iter().any(|d| d.code == rule.code) {
                    out.push(fail("flag", text, "expected a finding, got none".into()));
                }
            }
            for text in &rule.examples.pass {
                if let Some(d) = self.lint(text).into_iter().find(|d| d.code == rule.code) {
                    out.push(fail("pass", text, format!("expected no finding, got one on `{}`", d.matched)));
                }
            }
            for (from, to) in &rule.examples.fix {
                let fixed = self.fix_where(from, |d| d.code == rule.code);
                if &fixed.text != to {
                    out.push(fail("fix", from, format!("expected `{to}`, got `{}`", fixed.text)));
                } else if !fixed.converged {
                    out.push(fail("fix", from, "fixes did not converge".into()));
                }
            }
        }
        out
    }
}
