//! Fixes: [`Edit`]s of byte ranges, grouped into a [`Fix`] with its [`Applicability`] (after
//! ruff's `ruff_diagnostics`), applied without overlap by [`apply_edits`], and the one fix loop,
//! [`fix_until_converged`], that re-lints until nothing more applies. The CLI's HTML and
//! structured inputs run the same loop with their own lint step.

use crate::language::Language;
use crate::linter::Linter;
use crate::model::{Applicability, Diagnostic};
use std::ops::Range;

/// How many lint-and-apply passes a fix may take before it counts as not converging.
pub const MAX_FIX_PASSES: usize = 10;

/// One replacement of a byte range of a text (end-exclusive, on `char` boundaries).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Edit {
    /// The bytes replaced.
    pub range: Range<usize>,
    /// What they are replaced with.
    pub content: String,
}

impl Edit {
    /// Replaces `range` with `content`.
    pub fn replacement(range: Range<usize>, content: impl Into<String>) -> Self {
        Edit { range, content: content.into() }
    }
}

/// The edits of one finding's fix, applied together, and whether they may be applied unattended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fix {
    /// The edits, in text order.
    pub edits: Vec<Edit>,
    /// `Safe`: `--fix` applies it; `Unsafe`: offered only.
    pub applicability: Applicability,
}

impl Fix {
    /// A fix of one edit that is right wherever its rule fires.
    pub fn safe(edit: Edit) -> Self {
        Fix { edits: vec![edit], applicability: Applicability::Safe }
    }
}

impl Diagnostic {
    /// The first safe replacement, if the finding has one.
    pub fn safe_fix(&self) -> Option<&str> {
        self.suggestions.iter().find(|s| s.applicability == Applicability::Safe).map(|s| s.text.as_str())
    }

    /// The finding's safe fix as a [`Fix`]: its first safe replacement of the matched span.
    pub fn fix(&self) -> Option<Fix> {
        self.safe_fix().map(|r| Fix::safe(Edit::replacement(self.start..self.end, r)))
    }
}

/// The result of [`Linter::fix`] and [`fix_until_converged`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fixed {
    /// The text with every applicable safe fix applied.
    pub text: String,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
    /// Whether a further lint finds no more safe fix to apply (the fixes converged).
    pub converged: bool,
    /// When the fixes did not converge: the codes of the rules whose safe fixes were still
    /// applying when the loop gave up (sorted, each once); empty when they converged.
    pub unconverged: Vec<String>,
}

/// Applies `edits` to `text`, skipping any that overlaps an earlier one (or changes nothing);
/// returns the new text and how many edits were applied.
pub fn apply_edits(text: &str, mut edits: Vec<Edit>) -> (String, usize) {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut n = 0;
    for Edit { range, content } in edits {
        if range.start < pos || text[range.clone()] == content {
            continue;
        }
        out.push_str(&text[pos..range.start]);
        out.push_str(&content);
        pos = range.end;
        n += 1;
    }
    out.push_str(&text[pos..]);
    (out, n)
}

/// The fix loop: asks `findings_for` for the findings of the current text, applies the safe
/// fixes of those that do not overlap, and repeats until a pass applies nothing (converged) or
/// [`MAX_FIX_PASSES`] passes are done (then `converged` says whether a further pass would
/// still find fixes).
///
/// A fix that keeps matching its own output (`ok` -> `ok ok`) would grow the text with every
/// pass: the loop stops as soon as the text is more than twice its size plus 4 KiB, with
/// `converged` false. A pair of fixes that undo each other (A -> B -> A) never settles and
/// ends the same way. Either way [`Fixed::unconverged`] names the rules whose fixes were still
/// applying, and a caller must not write the result: it is no fix.
pub fn fix_until_converged(text: &str, mut findings_for: impl FnMut(&str) -> Vec<Diagnostic>) -> Fixed {
    let limit = text.len().saturating_mul(2).saturating_add(4096);
    let mut current = text.to_string();
    let mut applied = 0;
    let with_fixes = |diags: Vec<Diagnostic>| -> (Vec<Edit>, Vec<String>) {
        let mut codes = Vec::new();
        let mut edits = Vec::new();
        for d in diags {
            if let Some(f) = d.fix() {
                edits.extend(f.edits);
                codes.push(d.code);
            }
        }
        codes.sort_unstable();
        codes.dedup();
        (edits, codes)
    };
    let mut last_codes = Vec::new();
    for _ in 0..MAX_FIX_PASSES {
        let (edits, codes) = with_fixes(findings_for(&current));
        let (next, n) = apply_edits(&current, edits);
        if n == 0 {
            return Fixed { text: current, applied, converged: true, unconverged: Vec::new() };
        }
        applied += n;
        current = next;
        last_codes = codes;
        if current.len() > limit {
            return Fixed { text: current, applied, converged: false, unconverged: last_codes };
        }
    }
    let (edits, codes) = with_fixes(findings_for(&current));
    // Only edits that would change something count (an edit replacing a text by itself is
    // skipped by `apply_edits`).
    let converged = apply_edits(&current, edits).1 == 0;
    let unconverged = if converged {
        Vec::new()
    } else {
        let mut all = last_codes;
        all.extend(codes);
        all.sort_unstable();
        all.dedup();
        all
    };
    Fixed { text: current, applied, converged, unconverged }
}

impl Linter {
    /// Applies every safe, non-overlapping fix, re-linting until nothing more applies (at most
    /// [`MAX_FIX_PASSES`] passes), like `ruff --fix`.
    pub fn fix(&self, text: &str) -> Fixed {
        self.fix_where(text, |_| true)
    }

    /// Like [`fix`](Self::fix), for the findings `keep` accepts only.
    pub fn fix_where(&self, text: &str, keep: impl Fn(&Diagnostic) -> bool) -> Fixed {
        fix_until_converged(text, |t| self.lint(t).into_iter().filter(|d| keep(d)).collect())
    }

    /// Like [`fix_where`](Self::fix_where), with the rules of `language` (see
    /// [`lint_in`](Self::lint_in)) instead of those of the language told from the text.
    pub fn fix_in(&self, text: &str, language: Option<Language>, keep: impl Fn(&Diagnostic) -> bool) -> Fixed {
        fix_until_converged(text, |t| self.lint_in(t, language).into_iter().filter(|d| keep(d)).collect())
    }

    /// The safe edits of the findings in `text` that `keep` accepts.
    pub fn safe_edits(&self, text: &str, keep: impl Fn(&Diagnostic) -> bool) -> Vec<Edit> {
        edits_of(self.lint(text), &keep)
    }
}

/// The safe edits of the findings `keep` accepts.
fn edits_of(diags: Vec<Diagnostic>, keep: &impl Fn(&Diagnostic) -> bool) -> Vec<Edit> {
    diags.into_iter().filter(|d| keep(d)).filter_map(|d| d.fix()).flat_map(|f| f.edits).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_and_no_op_edits_are_skipped() {
        let edits = vec![
            Edit::replacement(4..9, "X"),
            Edit::replacement(0..3, "abc"),
            Edit::replacement(6..8, "Y"),
            Edit::replacement(10..11, "Z"),
        ];
        assert_eq!(apply_edits("abc defgh ij", edits), ("abc X Zj".to_string(), 2));
    }

    /// A finding of rule `code` at `range`, fixed by `content`.
    fn finding(code: &str, range: Range<usize>, text: &str, content: &str) -> Diagnostic {
        Diagnostic {
            code: code.to_string(),
            name: code.to_lowercase(),
            category: crate::model::Category::DontKnow,
            severity: crate::model::Severity::Warning,
            message: String::new(),
            start: range.start,
            end: range.end,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            matched: text[range].to_string(),
            suggestions: vec![crate::model::Suggestion::replacement(content, Applicability::Safe)],
        }
    }

    #[test]
    fn a_fix_that_feeds_itself_stops_early_and_is_named() {
        let text = "ok ".repeat(10_000);
        let mut passes = 0;
        let fixed = fix_until_converged(&text, |t| {
            passes += 1;
            t.match_indices("ok").map(|(i, _)| finding("X1", i..i + 2, t, "ok ok")).collect()
        });
        assert!(!fixed.converged);
        assert!(passes < MAX_FIX_PASSES);
        assert_eq!(fixed.unconverged, ["X1"]);
    }

    #[test]
    fn a_loop_that_never_settles_is_reported_with_its_rules() {
        // A -> B (rule X1), B -> A (rule X2), ...
        let fixed = fix_until_converged("A", |t| {
            vec![if t == "A" { finding("X1", 0..1, t, "B") } else { finding("X2", 0..1, t, "A") }]
        });
        assert!(!fixed.converged);
        assert_eq!(fixed.applied, MAX_FIX_PASSES);
        assert_eq!(fixed.unconverged, ["X1", "X2"]);
    }

    #[test]
    fn a_fix_that_settles_converges() {
        let fixed = fix_until_converged("A A", |t| {
            t.match_indices('A').map(|(i, _)| finding("X1", i..i + 1, t, "B")).collect()
        });
        assert!(fixed.converged && fixed.unconverged.is_empty());
        assert_eq!((fixed.text.as_str(), fixed.applied), ("B B", 2));
    }
}
