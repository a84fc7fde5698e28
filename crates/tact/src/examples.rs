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
    /// Runs every rule's inline examples against this linter and returns what failed:
    ///
    /// - each `flag` example must produce the rule (at the marked span, where one is marked);
    /// - no `pass` example may produce it;
    /// - every replacement the rule offers on a `flag` example, applied alone, must give a
    ///   result the pack states as a `fix` example of that text (so no replacement breaks the
    ///   sentence unnoticed); and each `fix` example must come out of the rule's safe fixes
    ///   or, for a rule without one, of an offered replacement.
    pub fn test_examples(&self) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for rule in self.rules() {
            // Each example is linted with its own language's rules (and the language-free ones).
            let lang = (rule.language != crate::Language::Any).then_some(rule.language);
            let lint = |t: &str| self.lint_in(t, lang);
            let fail = |example: &'static str, text: &str, problem: String| ExampleFailure {
                code: rule.code.clone(),
                name: rule.name.clone(),
                origin: rule.origin.clone(),
                example,
                text: text.to_string(),
                problem,
            };
            let stated = |from: &str| -> Vec<&str> {
                rule.examples.fix.iter().filter(|(f, _)| f == from).map(|(_, t)| t.as_str()).collect()
            };
            for (i, text) in rule.examples.flag.iter().enumerate() {
                let found: Vec<_> = lint(text).into_iter().filter(|d| d.code == rule.code).collect();
                if found.is_empty() {
                    out.push(fail("flag", text, "expected a finding, got none".into()));
                    continue;
                }
                if let Some(Some((a, b))) = rule.examples.spans.get(i) {
                    if !found.iter().any(|d| (d.start, d.end) == (*a, *b)) {
                        let got: Vec<&str> = found.iter().map(|d| d.matched.as_str()).collect();
                        out.push(fail(
                            "flag",
                            text,
                            format!("expected `{}` marked, got `{}`", &text[*a..*b], got.join("`, `")),
                        ));
                    }
                }
                let expected = stated(text);
                for (result, offered) in offered_results(text, &found) {
                    if !expected.contains(&result.as_str()) {
                        out.push(fail(
                            "fix",
                            text,
                            format!(
                                "the replacement `{offered}` gives `{result}`: state it as a `fix` example \
                                 (from/to) if it reads right, else fit the replacement or make it advice"
                            ),
                        ));
                    }
                }
            }
            for text in &rule.examples.pass {
                if let Some(d) = lint(text).into_iter().find(|d| d.code == rule.code) {
                    out.push(fail("pass", text, format!("expected no finding, got one on `{}`", d.matched)));
                }
            }
            let mut froms: Vec<&str> = rule.examples.fix.iter().map(|(f, _)| f.as_str()).collect();
            froms.dedup();
            for from in froms {
                let expected = stated(from);
                let found: Vec<_> = lint(from).into_iter().filter(|d| d.code == rule.code).collect();
                let fixed = self.fix_in(from, lang, |d| d.code == rule.code);
                let results: Vec<String> = if fixed.applied > 0 {
                    if !fixed.converged {
                        out.push(fail("fix", from, "fixes did not converge".into()));
                    }
                    vec![fixed.text]
                } else {
                    offered_results(from, &found).into_iter().map(|(r, _)| r).collect()
                };
                for to in expected {
                    if !results.iter().any(|r| r == to) {
                        let got = if results.is_empty() {
                            "no replacement".to_string()
                        } else {
                            format!("`{}`", results.join("`, `"))
                        };
                        out.push(fail("fix", from, format!("expected `{to}`, got {got}")));
                    }
                }
            }
        }
        out
    }
}

/// Each replacement offered on `found`, applied alone to `text`: `(result, replacement)`.
fn offered_results(text: &str, found: &[crate::Diagnostic]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for d in found {
        for s in &d.suggestions {
            if let Some(r) = s.replacement_text() {
                let result = format!("{}{}{}", &text[..d.start], r, &text[d.end..]);
                if !out.iter().any(|(x, _): &(String, String)| *x == result) {
                    out.push((result, r.to_string()));
                }
            }
        }
    }
    out
}
