//! The public vocabulary: severities, kinds, languages, categories, diagnostics.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never a problem on its own.
    Info,
    /// Should be reworded before sending (or looked at soon, for incoming messages).
    Warning,
    /// Must not be sent as is (or needs a person now).
    Error,
}

/// Which kind of message a pack is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A reply an agent (human or AI) is about to send, or a canned response.
    Draft,
    /// A message from a customer.
    Incoming,
    /// Packs only: applies to both kinds.
    Any,
}

/// Where a suggestion may be applied automatically, after ruff's `Applicability`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Replacing the matched span is right wherever the rule fires: `--fix` applies it.
    Safe,
    /// A replacement that needs a person's judgement: shown, never applied automatically.
    Unsafe,
    /// Advice only: there is no replacement text.
    DisplayOnly,
}

macro_rules! categories {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $kind:ident;)*) => {
        /// What a rule flags; pipelines route on it, across languages. The built-in vocabulary
        /// is stable; a pack may declare categories of its own ([`Category::Custom`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Category {
            $($(#[doc = $doc])* $variant,)*
            /// A category a pack declared under `categories:`.
            Custom(CustomCategory),
        }

        impl Category {
            /// Every built-in category, in documentation order.
            pub const ALL: &'static [Category] = &[$(Category::$variant,)*];

            /// The kebab-case name used in YAML and output.
            pub fn as_str(self) -> &'static str {
                match self { $(Category::$variant => $name,)* Category::Custom(c) => c.0.name }
            }

            /// The kind of message the category belongs to (`Any` for a custom category of a
            /// pack of kind `any`).
            pub fn kind(self) -> Kind {
                match self { $(Category::$variant => Kind::$kind,)* Category::Custom(c) => c.0.kind }
            }

            /// Looks a built-in category up by its kebab-case name.
            pub fn from_name(name: &str) -> Option<Category> {
                match name { $($name => Some(Category::$variant),)* _ => None }
            }
        }
    };
}

/// A category declared by a pack: its name, kind and description, interned for the life of
/// the process (so a [`Category`] stays `Copy`; each distinct declaration is kept once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CustomCategory(&'static CustomInfo);

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct CustomInfo {
    name: &'static str,
    kind: Kind,
    description: &'static str,
}

impl CustomCategory {
    /// The category `name` of `kind`, described by `description`.
    pub fn new(name: &str, kind: Kind, description: &str) -> Self {
        static INTERNED: std::sync::Mutex<Vec<&'static CustomInfo>> = std::sync::Mutex::new(Vec::new());
        let mut all = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = all.iter().find(|c| c.name == name && c.kind == kind && c.description == description) {
            return CustomCategory(found);
        }
        let info: &'static CustomInfo = Box::leak(Box::new(CustomInfo {
            name: Box::leak(name.to_string().into_boxed_str()),
            kind,
            description: Box::leak(description.to_string().into_boxed_str()),
        }));
        all.push(info);
        CustomCategory(info)
    }

    /// The description the pack gave.
    pub fn description(self) -> &'static str {
        self.0.description
    }
}

impl Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

categories! {
    /// The agent says they don't know, and stops there.
    DontKnow = "dont-know", Draft;
    /// "I don't care", "not my problem".
    Indifference = "indifference", Draft;
    /// "I can't be bothered": the customer is made to feel they interrupt.
    BrushOff = "brush-off", Draft;
    /// Dislike of the customer.
    Hostility = "hostility", Draft;
    /// "I know everything", "as I already told you".
    Condescension = "condescension", Draft;
    /// "Don't come back".
    DoorClosing = "door-closing", Draft;
    /// "I'm right and you're wrong", defensiveness.
    Arguing = "arguing", Draft;
    /// "Hurry up", "wait" as a bare command.
    Rushing = "rushing", Draft;
    /// "You should have", "your fault".
    Blaming = "blaming", Draft;
    /// Hiding behind policy.
    PolicyShield = "policy-shield", Draft;
    /// Scolding for duplicate tickets or repeated requests.
    Scolding = "scolding", Draft;
    /// Promising more than can be delivered.
    OverPromise = "over-promise", Draft;
    /// "Calm down".
    EmotionPolicing = "emotion-policing", Draft;
    /// "You have to", "you must".
    Commanding = "commanding", Draft;
    /// Unfilled template placeholders.
    Placeholder = "placeholder", Draft;
    /// "I can't do that" with no alternative offered.
    FlatRefusal = "flat-refusal", Draft;
    /// "I'm sorry you feel that way": regret for the customer's feelings, not for what happened.
    NonApology = "non-apology", Draft;
    /// "You'll have to call …", "that's not our department".
    PassingTheBuck = "passing-the-buck", Draft;
    /// Threat to cancel or switch provider.
    ChurnThreat = "churn-threat", Incoming;
    /// Threat of a public review or social-media post.
    ReviewThreat = "review-threat", Incoming;
    /// Lawyer, lawsuit, regulator.
    LegalThreat = "legal-threat", Incoming;
    /// Insults or abuse aimed at staff.
    Abuse = "abuse", Incoming;
    /// Capitals, runs of `!`.
    Shouting = "shouting", Incoming;
    /// "Third time I'm writing".
    RepeatContact = "repeat-contact", Incoming;
    /// Nothing to act on.
    Vague = "vague", Incoming;
    /// Several questions not in a numbered list.
    UnstructuredQuestions = "unstructured-questions", Incoming;
    /// "Urgent", deadlines.
    Urgency = "urgency", Incoming;
    /// "Let me speak to your manager".
    EscalationDemand = "escalation-demand", Incoming;
    /// Chargeback, bank dispute, card reversal.
    ChargebackThreat = "chargeback-threat", Incoming;
    /// Complaint to a regulator, consumer agency or ombudsman.
    RegulatorComplaint = "regulator-complaint", Incoming;
    /// Threat to get staff fired or reported to their boss.
    StaffThreat = "staff-threat", Incoming;
    /// A request to cancel ("How do I cancel my subscription?"): to route, not a threat.
    CancelIntent = "cancel-intent", Incoming;
}

macro_rules! display_via_serde_names {
    ($($ty:ty => { $($variant:ident = $name:literal),* }),*) => {$(
        impl $ty {
            /// The lower-case name used in YAML, flags and output.
            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $name,)* }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($name => Ok(<$ty>::$variant),)*
                    _ => Err(format!("unknown value `{s}`, expected one of: {}", [$($name),*].join(", "))),
                }
            }
        }
    )*};
}

display_via_serde_names! {
    Severity => { Info = "info", Warning = "warning", Error = "error" },
    Kind => { Draft = "draft", Incoming = "incoming", Any = "any" },
    Applicability => { Safe = "safe", Unsafe = "unsafe", DisplayOnly = "display-only" }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A better wording offered with a finding: a replacement of the matched span (`Safe` or
/// `Unsafe`) or advice (`DisplayOnly`).
///
/// Serialized as `{"text", "replacement", "applicability"}`, `replacement` present (and equal
/// to `text`) only for replacements.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Suggestion {
    /// The replacement (already capitalized to fit the matched text), or the advice.
    pub text: String,
    /// Whether `--fix` may apply it; `DisplayOnly` for advice.
    pub applicability: Applicability,
}

impl Suggestion {
    /// A replacement of the matched span.
    pub fn replacement(text: impl Into<String>, applicability: Applicability) -> Self {
        Suggestion { text: text.into(), applicability }
    }

    /// Advice only.
    pub fn advice(text: impl Into<String>) -> Self {
        Suggestion { text: text.into(), applicability: Applicability::DisplayOnly }
    }

    /// The replacement text, when the suggestion is one.
    pub fn replacement_text(&self) -> Option<&str> {
        (self.applicability != Applicability::DisplayOnly).then_some(self.text.as_str())
    }
}

impl Serialize for Suggestion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let replacement = self.replacement_text();
        let mut st = s.serialize_struct("Suggestion", 2 + usize::from(replacement.is_some()))?;
        st.serialize_field("text", &self.text)?;
        if let Some(r) = replacement {
            st.serialize_field("replacement", r)?;
        }
        st.serialize_field("applicability", &self.applicability)?;
        st.end()
    }
}

/// One finding in one message.
///
/// `start..end` is a byte span of the original text (end-exclusive, always on `char`
/// boundaries) and `matched == text[start..end]`. `line` and `column` are 1-based, the column
/// counted in characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The rule's stable code, e.g. `D101`.
    pub code: String,
    /// The rule's kebab-case name, e.g. `dont-know`.
    pub name: String,
    /// The rule's category.
    pub category: Category,
    /// The severity, after any override.
    pub severity: Severity,
    /// The rule's message with `{matched}` filled in.
    pub message: String,
    /// Byte offset where the match starts.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// 1-based line of `end`.
    pub end_line: usize,
    /// 1-based column of `end` (just past the match), in characters.
    pub end_column: usize,
    /// The original text of the span.
    pub matched: String,
    /// Better wordings, replacements first.
    pub suggestions: Vec<Suggestion>,
}

/// The code and name of the finding for a suppression directive that suppresses nothing
/// ([`Diagnostic::unused_directive`]). No pack rule can have it as its code (codes are a
/// capital letter and digits); it is reserved as a name.
pub const UNUSED_DIRECTIVE: &str = "unused-directive";

impl Diagnostic {
    /// The finding for a suppression directive of `text` that suppressed nothing (what
    /// `tact check --report-unused-directives` reports): a warning at the directive, code and
    /// name [`UNUSED_DIRECTIVE`], in the custom category `suppression`. `lines` is the index
    /// of `text`; the directive's span is `text`'s.
    pub fn unused_directive(d: &crate::Directive, text: &str, lines: &crate::LineIndex) -> Diagnostic {
        let rules = if d.rules.is_empty() { "every rule".to_string() } else { d.rules.join(", ") };
        let end = d.end.min(text.len());
        let start = d.start.min(end);
        let (at, to) = (lines.position(text, start), lines.position(text, end));
        Diagnostic {
            code: UNUSED_DIRECTIVE.to_string(),
            name: UNUSED_DIRECTIVE.to_string(),
            category: Category::Custom(CustomCategory::new(
                "suppression",
                Kind::Any,
                "A suppression directive that suppresses nothing.",
            )),
            severity: Severity::Warning,
            message: format!("suppression directive for {rules} suppresses nothing"),
            start,
            end,
            line: at.line,
            column: at.column,
            end_line: to.line,
            end_column: to.column,
            matched: text.get(start..end).unwrap_or_default().to_string(),
            suggestions: vec![Suggestion::advice("Remove the directive, or name the rule it is meant for.")],
        }
    }
}

/// The distinct categories of a message's findings, in first-seen order: what a pipeline routes
/// an incoming message on (the `categories` of `--format jsonl` and of the service's answers).
pub fn categories(diags: &[Diagnostic]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for d in diags {
        let c = d.category.as_str();
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}
