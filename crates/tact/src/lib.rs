//! # tact: lint customer-service messages
//!
//! tact runs rule packs written in YAML over two kinds of text: **draft replies** (what an
//! agent is about to send; it flags what hurts a customer and suggests better wording) and
//! **incoming messages** (what a customer wrote; it flags signals a team routes on, such as a
//! threat to cancel or a legal threat).
//!
//! ## How data flows
//!
//! **Loading, once per rule set:** YAML → raw pack → rule model → compiled index.
//!
//! 1. [`LinterBuilder`] (`builder.rs`) collects packs: the built-in ones (embedded from the
//!    repository's `rules/` folder by `build.rs`, as JSON for cheap loading, so the default
//!    needs no files) and any YAML text you pass with a name for error messages. This crate
//!    does no I/O of its own: reading files is the caller's job.
//! 2. `pack.rs` parses the YAML with serde into raw structs that deny unknown keys; a syntax or
//!    schema error comes back with its line, column and rule code.
//! 3. `validate.rs` checks each rule, one validator per part (identity, phrases, word
//!    sequences, patterns, suggestions, examples), and reports *all* problems at once as
//!    [`Errors`]; what survives becomes a [`Rule`] (`rule.rs`, the model that listings, `explain`
//!    and selectors see) plus its compiled matchers.
//! 4. The builder keeps the rules that the kind, language and selectors select, and `index.rs`
//!    assembles their matchers into one compiled index: a byte trie over the normalized form
//!    of every phrase, exception phrase and word-sequence word, walked anchored at each word
//!    start of the text (`trie.rs`: no failure links, so it is cheap to build), an
//!    Aho-Corasick automaton over the regex gate pieces, found as substrings anywhere, the word sequences, the regexes with their
//!    gates (`gate.rs`; the gates of the built-in patterns were worked out by `build.rs` with
//!    `gate_analysis.rs`), and the measured checks (`checks.rs`). The [`Linter`] owns the rules
//!    and the index. With [`LinterBuilder::languages_on_demand`] (the CLI's choice: it often
//!    lints one draft) the built-in rules of each language are compiled into their own index
//!    only when a message of that language comes (`engines.rs`), which finds the same.
//!
//! **Linting, per message:** text → scope → normalize → one automaton pass → rule checks →
//! diagnostics → fixes.
//!
//! 1. `scope.rs` marks what the author did not write now (quoted reply lines, earlier mail below
//!    an attribution line of any language in the language table, `language.rs`, the signature,
//!    quotations).
//! 2. `normalize.rs` makes a normalized copy of the rest (case folding, apostrophes removed,
//!    white space folded) with a map back to the original bytes.
//! 3. `linter.rs` picks the index (`engines.rs`: with languages built on demand, a stopword
//!    pass tells the message's language first), runs its automaton once, checks whole-word boundaries, extends word sequences
//!    over their gaps (`words.rs`), runs the regexes whose gates fired and the measured checks,
//!    drops hits in skipped text or covered by an exception (exception regexes run only on the
//!    sentences around a hit: `spans.rs`), merges overlapping hits of one rule, keeps the hits
//!    of the message's language (told from stopwords counted in the same scan), and returns
//!    [`Diagnostic`]s in text order with byte spans (end-exclusive) into the
//!    original text plus line and column. `suppress.rs` applies inline directives.
//! 4. `fix.rs`: [`Linter::fix`] turns the safe replacements into [`Edit`]s, applies those that
//!    do not overlap, and re-lints until nothing more applies ([`fix_until_converged`], the one
//!    fix loop, which the CLI's HTML and structured inputs reuse). `examples.rs` runs every
//!    rule's inline examples.
//!
//! `config.rs` parses a project's `tact.yaml` from a string into rule settings for the builder
//! (every front-end shares it), and [`LineIndex`] turns byte offsets into lines and columns.
//!
//! ## Where things live (for contributors)
//!
//! - A new **matcher kind** (a new key next to `phrases`, `words`, `patterns`): its raw field in
//!   `pack.rs`, its validator in `validate.rs`, its compiled form in `index.rs` (an automaton
//!   entry use or its own list) and its per-message step in `linter.rs`.
//! - A new **measured check**: one variant and its parameters in `checks.rs`.
//! - A new **language**: its packs in `rules/<code>/` and one entry in the table in
//!   `language.rs`; nothing else names a language.
//! - A new **output format** lives in the CLI (`crates/tact-cli/src/render/`, one module per
//!   format); the library's part is [`Diagnostic`]'s serialized shape.
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
//!
//! ## Cargo features
//!
//! - `schemars` (off by default): derives `schemars::JsonSchema` on [`FailOn`], so a front end
//!   that publishes JSON Schemas (tact-service's MCP tools) uses the library's type itself.

#![deny(clippy::print_stdout, clippy::print_stderr)]

mod builder;
mod builtin;
mod chars;
mod checks;
mod config;
mod engines;
mod error;
mod examples;
mod fix;
mod gate;
mod gate_analysis;
mod index;
mod language;
mod line_index;
mod linter;
mod merge_fields;
mod model;
mod normalize;
mod pack;
mod rule;
mod scope;
mod spans;
mod suppress;
mod trie;
mod validate;
mod words;

pub use builder::LinterBuilder;
pub use config::{exit_code, Config, FailOn, Override, RuleOptions, RuleSettings};
pub use error::{Error, ErrorKind, Errors};
pub use examples::ExampleFailure;
pub use fix::{apply_edits, fix_until_converged, Edit, Fix, Fixed, MAX_FIX_PASSES};
pub use gate::REGEX_SIZE_LIMIT;
pub use language::{detect, Language, LanguageInfo};
pub use line_index::{LineIndex, Position};
pub use linter::Linter;
pub use merge_fields::HelpDesk;
pub use model::{
    categories, Applicability, Category, CustomCategory, Diagnostic, Kind, Severity, Suggestion, UNUSED_DIRECTIVE,
};
pub use rule::{Examples, PackInfo, Rule, RuleSuggestion, Translation};
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
