//! # tact-wasm: tact in browsers and Node.js
//!
//! The `tact` library compiled to `wasm32-unknown-unknown` and exported with wasm-bindgen.
//! `scripts/build-wasm.sh OUT_DIR` turns it into an npm package; from JS:
//!
//! ```js
//! import { lint, fix } from "tact-wasm";
//! const findings = lint("Sorry, I don't know.", { kind: "draft", lang: ["en"] });
//! // [{ code: "D101", name: "dont-know", severity: "warning", start: 7, end: 19, ... }]
//! const { text } = fix("As I already told you, it ships today.");
//! ```
//!
//! * **Offsets** `start`/`end` (end-exclusive) and `column` count **UTF-16 code units**, as
//!   JS strings do: `text.slice(f.start, f.end) === f.matched`, and they can go straight into
//!   `textarea.setSelectionRange`. (The Rust library and the CLI count bytes; an emoji is four
//!   bytes there and two units here, an umlaut two bytes and one unit.) `line` is 1-based.
//! * **Linters are cached.** Building one from the built-in packs takes milliseconds; the
//!   linter for an option set is built on first use and kept (the last [`CACHE_SIZE`] option
//!   sets), so linting on every keystroke with the same options never rebuilds.
//! * **Errors** (bad options, a pack that does not load, a selector naming no rule) are
//!   thrown as JS `Error`s named `TactError`; pack errors also carry an `errors` array with
//!   `origin`, `line`, `column`, `rule` and `message` of each problem.
//!
//! The work is done by plain Rust functions ([`lint_json`], [`fix_json`], [`rules_json`]) that
//! take and return JSON text, so native unit tests cover everything but the thin wasm-bindgen
//! layer; JS gets plain objects (the JSON is parsed by the engine's `JSON.parse`, one call).

pub mod offsets;
pub mod options;

use offsets::Utf16Cursor;
use options::Config;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use tact::{Applicability, Category, Diagnostic, Kind, Language, Linter, Severity, Suggestion};
use wasm_bindgen::prelude::*;

/// How many option sets keep their linter; the least recently used one is dropped past that.
pub const CACHE_SIZE: usize = 8;

/// One finding as JS receives it: the library's [`Diagnostic`] with UTF-16 offsets.
#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    /// The rule's stable code, e.g. `D101`.
    pub code: &'a str,
    /// The rule's kebab-case name, e.g. `dont-know`.
    pub name: &'a str,
    /// The rule's category.
    pub category: Category,
    /// `info`, `warning` or `error`, after any override.
    pub severity: Severity,
    /// The message with the matched text filled in.
    pub message: &'a str,
    /// UTF-16 offset where the match starts.
    pub start: usize,
    /// UTF-16 offset just past the match.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in UTF-16 code units.
    pub column: usize,
    /// The original text of the span.
    pub matched: &'a str,
    /// Better wordings, replacements first (`replacement` is absent for advice).
    pub suggestions: &'a [Suggestion],
}

/// Converts the library's findings on `text` (byte offsets) into [`Finding`]s (UTF-16).
pub fn findings<'a>(text: &str, diagnostics: &'a [Diagnostic]) -> Vec<Finding<'a>> {
    let mut cursor = Utf16Cursor::new(text);
    diagnostics
        .iter()
        .map(|d| {
            let (start, column) = cursor.at(d.start);
            Finding {
                code: &d.code,
                name: &d.name,
                category: d.category,
                severity: d.severity,
                message: &d.message,
                start,
                end: start + cursor.len_between(d.start, d.end),
                line: d.line,
                column,
                matched: &d.matched,
                suggestions: &d.suggestions,
            }
        })
        .collect()
}

/// What `fix` returns to JS.
#[derive(Debug, Serialize)]
pub struct FixResult {
    /// The text with every applicable safe fix applied.
    pub text: String,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
    /// Whether no further safe fix applies.
    pub converged: bool,
}

/// A rule as `rules()` lists it.
#[derive(Debug, Serialize)]
pub struct RuleInfo<'a> {
    /// Stable code.
    pub code: &'a str,
    /// Kebab-case name.
    pub name: &'a str,
    /// Category.
    pub category: Category,
    /// Severity, after any override.
    pub severity: Severity,
    /// The pack's language.
    pub language: Language,
    /// The pack's kind.
    pub kind: Kind,
    /// The message template (`{matched}` is filled in per finding).
    pub message: &'a str,
    /// Why the rule exists.
    pub why: &'a str,
    /// Better wordings as written in the rule.
    pub suggestions: Vec<RuleSuggestionInfo<'a>>,
}

/// A suggestion as written in a rule.
#[derive(Debug, Serialize)]
pub struct RuleSuggestionInfo<'a> {
    /// The replacement or the advice.
    pub text: &'a str,
    /// `safe`, `unsafe` or `display-only`.
    pub applicability: Applicability,
}

/// One problem of a failed build, as the thrown error's `errors` array holds it.
#[derive(Debug, Serialize)]
pub struct ErrorInfo {
    /// The pack's name (a built-in pack's path, or the `name` given with a pack), if any.
    pub origin: Option<String>,
    /// 1-based line in the pack, if known.
    pub line: Option<usize>,
    /// 1-based column in the pack, if known.
    pub column: Option<usize>,
    /// The code of the rule concerned, if any.
    pub rule: Option<String>,
    /// The problem, without location.
    pub message: String,
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The options object is not valid; the message names the key and the value.
    Options(String),
    /// The linter could not be built (a pack does not load, a selector names no rule).
    Build(tact::Errors),
}

impl Failure {
    /// The message the thrown JS `Error` carries.
    pub fn message(&self) -> String {
        match self {
            Failure::Options(m) => m.clone(),
            Failure::Build(errors) => format!("tact: could not build the linter:\n{errors}"),
        }
    }

    /// Each problem of a failed build (empty for option errors).
    pub fn details(&self) -> Vec<ErrorInfo> {
        match self {
            Failure::Options(_) => Vec::new(),
            Failure::Build(errors) => errors
                .iter()
                .map(|e| ErrorInfo {
                    origin: e.origin().map(str::to_string),
                    line: e.line(),
                    column: e.column(),
                    rule: e.rule_code().map(str::to_string),
                    message: e.message().to_string(),
                })
                .collect(),
        }
    }
}

/// Linters by configuration, most recently used first. A failed build is kept too, so a bad
/// option set fails fast on every keystroke instead of rebuilding.
#[derive(Debug, Default)]
pub struct Linters {
    entries: Vec<(Config, Result<Rc<Linter>, tact::Errors>)>,
    builds: usize,
}

impl Linters {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The linter for `config`, built now if it is not cached.
    pub fn get(&mut self, config: Config) -> Result<Rc<Linter>, tact::Errors> {
        let entry = match self.entries.iter().position(|(c, _)| *c == config) {
            Some(i) => self.entries.remove(i),
            None => {
                self.builds += 1;
                let built = config.build().map(Rc::new);
                self.entries.truncate(CACHE_SIZE - 1);
                (config, built)
            }
        };
        let linter = entry.1.clone();
        self.entries.insert(0, entry);
        linter
    }

    /// How many linters were built (cache misses) so far.
    pub fn builds(&self) -> usize {
        self.builds
    }

    /// How many option sets are cached.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

thread_local! {
    static LINTERS: RefCell<Linters> = RefCell::new(Linters::new());
}

fn linter_for(options_json: &str) -> Result<Rc<Linter>, Failure> {
    let config = Config::from_json(options_json).map_err(Failure::Options)?;
    LINTERS.with(|l| l.borrow_mut().get(config)).map_err(Failure::Build)
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serializes")
}

/// Lints `text` with the linter for `options_json` (the options object as JSON; empty or
/// `null` for the defaults) and returns the findings as a JSON array of [`Finding`]s.
pub fn lint_json(text: &str, options_json: &str) -> Result<String, Failure> {
    let linter = linter_for(options_json)?;
    Ok(to_json(&findings(text, &linter.lint(text))))
}

/// Applies every safe fix to `text` and returns a [`FixResult`] as JSON.
pub fn fix_json(text: &str, options_json: &str) -> Result<String, Failure> {
    let linter = linter_for(options_json)?;
    let fixed = linter.fix(text);
    Ok(to_json(&FixResult { text: fixed.text, applied: fixed.applied, converged: fixed.converged }))
}

/// The rules the linter for `options_json` runs, as a JSON array of [`RuleInfo`]s.
pub fn rules_json(options_json: &str) -> Result<String, Failure> {
    let linter = linter_for(options_json)?;
    let rules: Vec<RuleInfo> = linter
        .rules()
        .iter()
        .map(|r| RuleInfo {
            code: &r.code,
            name: &r.name,
            category: r.category,
            severity: r.severity,
            language: r.language,
            kind: r.kind,
            message: &r.message,
            why: &r.why,
            suggestions: r
                .suggestions
                .iter()
                .map(|s| RuleSuggestionInfo { text: &s.text, applicability: s.applicability })
                .collect(),
        })
        .collect();
    Ok(to_json(&rules))
}

// ---- The wasm-bindgen layer: JS values in, plain objects or a thrown `TactError` out. ----

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of `lint`, `fix` and `rules`; every key is optional. */
export interface LintOptions {
  /** Which packs run: "draft" (the default, replies about to be sent), "incoming" or "any". */
  kind?: "draft" | "incoming" | "any";
  /** Languages whose packs run: "en", "en,de" or ["en", "de"]; absent or empty: all. */
  lang?: string | string[];
  /** Keep only rules matching these codes, names or categories. */
  select?: string | string[];
  /** Drop rules matching these codes, names or categories. */
  ignore?: string | string[];
  /** Re-level rules: { "dont-know": "error" }. */
  severity?: Record<string, "info" | "warning" | "error">;
  /** Whether the built-in packs run (default true). */
  builtin?: boolean;
  /** Your own packs as YAML text; `name` is used in error messages. */
  packs?: { name: string; source: string }[];
}

export interface Suggestion {
  /** What to show: the replacement, or the advice. */
  text: string;
  /** The replacement for the matched span, when the suggestion is one. */
  replacement?: string;
  /** "safe" suggestions are applied by `fix`. */
  applicability: "safe" | "unsafe" | "display-only";
}

/** One finding. `start`/`end`/`column` count UTF-16 code units, like JS strings. */
export interface Finding {
  code: string;
  name: string;
  category: string;
  severity: "info" | "warning" | "error";
  message: string;
  /** UTF-16 offset of the first unit: `text.slice(start, end) === matched`. */
  start: number;
  /** UTF-16 offset just past the match. */
  end: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
  matched: string;
  suggestions: Suggestion[];
}

export interface FixResult {
  text: string;
  applied: number;
  converged: boolean;
}

export interface RuleInfo {
  code: string;
  name: string;
  category: string;
  severity: "info" | "warning" | "error";
  language: "en" | "de" | "et" | "any";
  kind: "draft" | "incoming" | "any";
  message: string;
  why: string;
  suggestions: { text: string; applicability: "safe" | "unsafe" | "display-only" }[];
}
"#;

fn options_to_json(options: &JsValue) -> Result<String, Failure> {
    if options.is_undefined() || options.is_null() {
        return Ok(String::new());
    }
    if !options.is_object() || js_sys::Array::is_array(options) {
        return Err(Failure::Options("tact: invalid options: expected an object such as { kind: \"draft\" }".into()));
    }
    let json = js_sys::JSON::stringify(options)
        .map_err(|_| Failure::Options("tact: invalid options: the object cannot be serialized as JSON".into()))?;
    Ok(json.into())
}

fn to_js_error(failure: Failure) -> JsValue {
    let error = js_sys::Error::new(&failure.message());
    error.set_name("TactError");
    let details = js_sys::JSON::parse(&to_json(&failure.details())).expect("serde_json writes valid JSON");
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("errors"), &details);
    error.into()
}

fn to_js(result: Result<String, Failure>) -> Result<JsValue, JsValue> {
    match result {
        Ok(json) => Ok(js_sys::JSON::parse(&json).expect("serde_json writes valid JSON")),
        Err(failure) => Err(to_js_error(failure)),
    }
}

/// Lints `text`; returns an array of findings in text order. Throws a `TactError` for bad
/// options or packs.
#[wasm_bindgen(js_name = lint, unchecked_return_type = "Finding[]")]
pub fn js_lint(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "LintOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(options_to_json(&options).and_then(|o| lint_json(text, &o)))
}

/// Applies every safe fix to `text` (re-linting until nothing more applies); returns
/// `{ text, applied, converged }`.
#[wasm_bindgen(js_name = fix, unchecked_return_type = "FixResult")]
pub fn js_fix(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "LintOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(options_to_json(&options).and_then(|o| fix_json(text, &o)))
}

/// The rules that `lint` with these options runs, with their reasoning (`why`).
#[wasm_bindgen(js_name = rules, unchecked_return_type = "RuleInfo[]")]
pub fn js_rules(#[wasm_bindgen(unchecked_param_type = "LintOptions")] options: JsValue) -> Result<JsValue, JsValue> {
    to_js(options_to_json(&options).and_then(|o| rules_json(&o)))
}

/// The version of tact this module was built from.
#[wasm_bindgen(js_name = version)]
pub fn js_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn lint(text: &str, options: &str) -> Vec<Value> {
        serde_json::from_str::<Value>(&lint_json(text, options).unwrap()).unwrap().as_array().unwrap().clone()
    }

    /// `text.slice(start, end)` in JS: by UTF-16 units.
    fn js_slice(text: &str, start: usize, end: usize) -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[start..end]).unwrap()
    }

    #[test]
    fn offsets_are_utf16_and_slice_to_matched() {
        let text = "Grüße 👋🏽😀!\nÄh, I don't know where it is. 😀 As I already told you, wait.";
        let found = lint(text, r#"{"lang": "en"}"#);
        assert!(found.len() >= 2, "{found:?}");
        for f in &found {
            let (s, e) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
            assert_eq!(js_slice(text, s, e), f["matched"].as_str().unwrap(), "{f}");
        }
        let dk = found.iter().find(|f| f["name"] == "dont-know").expect("dont-know flagged");
        // "Äh, " is 4 units; line 2 starts after "Grüße 👋🏽😀!\n" = 5 + 1 + 2 + 2 + 2 + 1 + 1 = 14 units.
        assert_eq!(dk["start"], 18);
        assert_eq!(dk["line"], 2);
        assert_eq!(dk["column"], 5);
    }

    #[test]
    fn fix_and_rules_answer_json() {
        let fixed: Value =
            serde_json::from_str(&fix_json("As I already told you, it ships today.", "").unwrap()).unwrap();
        assert_eq!(fixed["converged"], true);
        assert!(fixed["applied"].as_u64().unwrap() >= 1);
        assert!(!fixed["text"].as_str().unwrap().contains("already told you"), "{fixed}");
        let rules: Value = serde_json::from_str(&rules_json(r#"{"select": "dont-know"}"#).unwrap()).unwrap();
        let rules = rules.as_array().unwrap();
        assert!(!rules.is_empty());
        // `dont-know` is a rule name and a category: the selector keeps the rules of either.
        assert!(rules.iter().any(|r| r["name"] == "dont-know"));
        assert!(rules
            .iter()
            .all(|r| (r["name"] == "dont-know" || r["category"] == "dont-know")
                && !r["why"].as_str().unwrap().is_empty()));
    }

    #[test]
    fn a_keystroke_does_not_rebuild() {
        let mut cache = Linters::new();
        let cfg = || Config::from_json(r#"{"lang": ["en"]}"#).unwrap();
        let first = cache.get(cfg()).unwrap();
        let again = cache.get(Config::from_json(r#"{"lang": "en"}"#).unwrap()).unwrap();
        assert!(Rc::ptr_eq(&first, &again));
        assert_eq!(cache.builds(), 1);
        // Past CACHE_SIZE other option sets the first one is dropped, and built again.
        for i in 0..CACHE_SIZE {
            let c = Config::from_json(&format!(r#"{{"lang": "en", "ignore": "D{}"}}"#, 900 + i)).unwrap();
            assert!(cache.get(c).is_err(), "an unknown selector fails the build");
        }
        assert_eq!(cache.len(), CACHE_SIZE);
        assert_eq!(cache.builds(), 1 + CACHE_SIZE);
        cache.get(cfg()).unwrap();
        assert_eq!(cache.builds(), 2 + CACHE_SIZE);
        // A failed build is cached as well.
        let bad = || Config::from_json(r#"{"select": "no-such-rule"}"#).unwrap();
        assert!(cache.get(bad()).is_err());
        let builds = cache.builds();
        assert!(cache.get(bad()).is_err());
        assert_eq!(cache.builds(), builds);
    }

    #[test]
    fn build_failures_carry_each_problem() {
        let pack = r#"{"builtin": false, "packs": [{"name": "house.yaml", "source": "pack: house\nlanguage: en\nkind: draft\nrules:\n  - code: H1\n    nmae: x\n"}]}"#;
        let failure = lint_json("text", pack).unwrap_err();
        let message = failure.message();
        assert!(message.starts_with("tact: could not build the linter:\nhouse.yaml:"), "{message}");
        let details = failure.details();
        assert!(!details.is_empty());
        assert_eq!(details[0].origin.as_deref(), Some("house.yaml"));
        assert!(details[0].line.is_some(), "{details:?}");
        let failure = lint_json("text", r#"{"select": "no-such-rule"}"#).unwrap_err();
        assert!(failure.message().contains("no-such-rule"), "{}", failure.message());
        assert!(matches!(lint_json("x", r#"{"kind": 1}"#), Err(Failure::Options(_))));
    }
}
