//! # tact: lint customer-service messages
//!
//! tact runs rule packs written in YAML over two kinds of text: **draft replies** (what an
//! agent is about to send; it flags what hurts a customer and suggests better wording) and
//! **incoming messages** (what a customer wrote; it flags signals a team routes on, such as a
//! threat to cancel or a legal threat).
//!
//! ## How data flows
//!
//! A [`LinterBuilder`] collects packs: the built-in ones (embedded from the repository's
//! `rules/` folder, so the default needs no files) and any YAML text you pass with a name for
//! error messages. This crate does no I/O of its own: reading files is the caller's job.
//! [`LinterBuilder::build`] parses every pack (unknown keys, wrong types and unknown
//! categories are errors with line and column), validates every rule (codes, names, regexes,
//! word sequences, suggestions, examples) and reports *all* problems at once as [`Errors`].
//! It then keeps the rules selected by kind, language and selectors, and compiles them once:
//! every phrase, exception phrase and first word of every word sequence goes into a single
//! Aho-Corasick automaton (a DFA) over normalized text; every regex is built once.
//!
//! [`Linter::lint`] then works per message: it marks what the author did not write now
//! (quoted reply lines, earlier mail, the signature, quotations), normalizes the rest
//! (case folding, apostrophes removed, white space folded) while keeping a map back to the
//! original bytes, runs the automaton once, checks whole-word boundaries, extends word
//! sequences over their gaps, runs the regexes that can match and the measured checks, drops
//! hits in skipped text or covered by an exception, merges overlapping hits of one rule, and
//! returns [`Diagnostic`]s in text order with byte spans (end-exclusive) into the original
//! text plus line and column. [`Linter::fix`] applies the safe replacements and re-lints until
//! nothing more applies.
//!
//! ```
//! use tact::{Kind, LinterBuilder};
//!
//! let pack = r#"
//! pack: demo
//! language: en
//! kind: draft
//! rules:
//!   - code: D900
//!     name: dont-know
//!     category: dont-know
//!     severity: warning
//!     message: "“{matched}” leaves the customer with nothing"
//!     why: Saying you don't know closes the door on the customer.
//!     phrases: ["I don't know"]
//!     suggestions:
//!       - replace: "let me find out"
//!         applicability: safe
//! "#;
//! let linter = LinterBuilder::new().pack_source("demo.yaml", pack).kind(Kind::Draft).build()?;
//! let found = linter.lint("Sorry, I DON’T\nknow.");
//! assert_eq!(found[0].code, "D900");
//! assert_eq!(found[0].matched, "I DON’T\nknow");
//! assert_eq!(linter.fix("I dont know.").text, "Let me find out.");
//! # Ok::<(), tact::Errors>(())
//! ```
//!
//! The rule format is documented in `docs/rule-format.md` of the repository.

mod builtin;
mod checks;
mod compile;
mod config;
mod error;
mod line_index;
mod linter;
mod model;
mod normalize;
mod pack;
mod scope;
mod suppress;
mod words;

pub use compile::{Examples, LinterBuilder, PackInfo, Rule, RuleSuggestion, REGEX_SIZE_LIMIT};
pub use config::{exit_code, Config, FailOn, Override, RuleOptions, RuleSettings};
pub use error::{Error, ErrorKind, Errors};
pub use line_index::{LineIndex, Position};
pub use linter::{apply_edits, ExampleFailure, Fixed, Linter};
pub use model::{Applicability, Category, Diagnostic, Kind, Language, Severity, Suggestion};
pub use suppress::{Directive, DirectiveKind};

/// The built-in packs as `(origin, YAML source)`, origin being the path under the repository
/// (`rules/en/drafts.yaml`).
pub fn builtin_packs() -> &'static [(&'static str, &'static str)] {
    builtin::PACKS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn linter_is_send_and_sync() {
        assert_send_sync::<Linter>();
    }
}
