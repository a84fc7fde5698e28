//! Help-desk merge fields: template variables a help desk fills in itself when it sends a
//! reply (Zendesk's `{{ticket.requester.first_name}}`, Help Scout's `{%customer.firstName%}`).
//!
//! In a canned-response library or a macro those are not mistakes, so a project can declare
//! which help desks render its texts (`merge-fields:` in `tact.yaml`,
//! [`LinterBuilder::merge_fields`](crate::LinterBuilder::merge_fields)); findings of the
//! `placeholder` category that lie inside such a field are then dropped. Where the text goes
//! out as it is (an AI agent sending through an API), declare none: every placeholder is
//! flagged.

use regex::Regex;
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// A help desk whose merge-field syntax tact knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum HelpDesk {
    /// Zendesk placeholders (`{{ticket.requester.first_name}}`, `{{current_user.name}}`,
    /// `{{dc.greeting}}`) and Liquid tags (`{% if ticket.status == "solved" %}`).
    Zendesk,
    /// Freshdesk placeholders (`{{ticket.requester.firstname}}`, `{{ticket.id}}`,
    /// `{{helpdesk_name}}`) and Liquid tags.
    Freshdesk,
    /// Help Scout variables (`{%customer.firstName%}`, `{%customer.firstName,fallback=there%}`).
    HelpScout,
    /// Front variables (`{{recipient.first_name}}`, `{{user.name}}`, `{{conversation.id}}`).
    Front,
    /// Intercom attributes (`{{first_name}}`, `{{first_name | fallback: "there"}}`,
    /// `{{company.name}}`).
    Intercom,
}

/// Liquid control tags, which Zendesk and Freshdesk render.
const LIQUID_TAG: &str = r#"\{%-?[ \t]*(?:if|elsif|else|endif|unless|endunless|case|when|endcase|for|endfor|assign|capture|endcapture|cycle|raw|endraw|break|continue)\b[^%\n]{0,200}-?%\}"#;

impl HelpDesk {
    /// Every help desk, in documentation order.
    pub const ALL: &'static [HelpDesk] =
        &[HelpDesk::Zendesk, HelpDesk::Freshdesk, HelpDesk::HelpScout, HelpDesk::Front, HelpDesk::Intercom];

    /// The kebab-case name used in `tact.yaml` and flags.
    pub fn as_str(self) -> &'static str {
        match self {
            HelpDesk::Zendesk => "zendesk",
            HelpDesk::Freshdesk => "freshdesk",
            HelpDesk::HelpScout => "help-scout",
            HelpDesk::Front => "front",
            HelpDesk::Intercom => "intercom",
        }
    }

    /// The regexes of this help desk's merge fields (ASCII; each matches one whole field).
    fn patterns(self) -> &'static [&'static str] {
        match self {
            HelpDesk::Zendesk => &[
                r"\{\{-?[ \t]*(?:ticket|current_user|satisfaction|dc|account|organization|requester|assignee|group|brand|comment|footer|header|delimiter)(?:\.[A-Za-z0-9_]+)*[ \t]*(?:\|[^{}\n]{0,120})?-?\}\}",
                LIQUID_TAG,
            ],
            HelpDesk::Freshdesk => &[
                r"\{\{[ \t]*(?:ticket|helpdesk_name|helpdesk|contact|company|agent|requester|survey|satisfaction_survey)(?:\.[A-Za-z0-9_]+)*[ \t]*(?:\|[^{}\n]{0,120})?\}\}",
                LIQUID_TAG,
            ],
            HelpDesk::HelpScout => &[
                r"\{%[ \t]*(?:customer|mailbox|user|conversation|company)\.[A-Za-z0-9_]+(?:[ \t]*,[ \t]*fallback[ \t]*=[^%\n]{0,80})?[ \t]*%\}",
            ],
            HelpDesk::Front => &[
                r"\{\{[ \t]*(?:account|conversation|message|recipient|user|survey|contact|teammate)(?:\.[A-Za-z0-9_]+)*[ \t]*(?:\|[^{}\n]{0,120})?\}\}",
            ],
            HelpDesk::Intercom => &[
                r#"\{\{[ \t]*[A-Za-z_][A-Za-z0-9_.]{0,60}[ \t]*(?:\|[ \t]*fallback[ \t]*:[ \t]*(?:"[^"\n]{0,80}"|'[^'\n]{0,80}'|[^{}\n]{0,80}))?[ \t]*\}\}"#,
            ],
        }
    }
}

impl fmt::Display for HelpDesk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for HelpDesk {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bare = |n: &str| n.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        HelpDesk::ALL.iter().copied().find(|h| bare(h.as_str()) == bare(s)).ok_or_else(|| {
            let known: Vec<&str> = HelpDesk::ALL.iter().map(|h| h.as_str()).collect();
            format!("unknown help desk `{s}`, expected one of {}", known.join(", "))
        })
    }
}

/// One regex matching a merge field of any of `desks`; `None` when there are none.
pub(crate) fn compile(desks: &[HelpDesk]) -> Option<Regex> {
    let mut parts: Vec<&str> = Vec::new();
    for d in desks {
        for p in d.patterns() {
            if !parts.contains(p) {
                parts.push(p);
            }
        }
    }
    if parts.is_empty() {
        return None;
    }
    let alternation = parts.iter().map(|p| format!("(?:{p})")).collect::<Vec<_>>().join("|");
    Some(Regex::new(&alternation).expect("the merge-field patterns are valid regexes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(desk: HelpDesk, text: &str) -> Vec<String> {
        compile(&[desk]).unwrap().find_iter(text).map(|m| m.as_str().to_string()).collect()
    }

    #[test]
    fn each_help_desk_matches_its_own_syntax_whole() {
        let cases: &[(HelpDesk, &str)] = &[
            (HelpDesk::Zendesk, "{{ticket.requester.first_name}}"),
            (HelpDesk::Zendesk, "{{ current_user.name }}"),
            (HelpDesk::Zendesk, "{{dc.greeting}}"),
            (HelpDesk::Zendesk, "{% if ticket.status == 'solved' %}"),
            (HelpDesk::Freshdesk, "{{ticket.requester.firstname}}"),
            (HelpDesk::Freshdesk, "{{helpdesk_name}}"),
            (HelpDesk::HelpScout, "{%customer.firstName%}"),
            (HelpDesk::HelpScout, "{%customer.firstName,fallback=there%}"),
            (HelpDesk::Front, "{{recipient.first_name}}"),
            (HelpDesk::Front, "{{user.name}}"),
            (HelpDesk::Intercom, "{{first_name}}"),
            (HelpDesk::Intercom, "{{first_name | fallback: \"there\"}}"),
            (HelpDesk::Intercom, "{{company.name}}"),
        ];
        for (desk, field) in cases {
            assert_eq!(fields(*desk, &format!("Hi {field}, thanks.")), [*field], "{desk} {field}");
        }
    }

    #[test]
    fn other_syntaxes_are_not_a_help_desks_fields() {
        assert!(fields(HelpDesk::Zendesk, "Hi {{first_name}}, {name}, [NAME]").is_empty());
        assert!(fields(HelpDesk::HelpScout, "Hi {{customer.firstName}}").is_empty());
        assert!(fields(HelpDesk::Front, "Hi {{ticket.requester.name}}").is_empty());
        assert!(fields(HelpDesk::Intercom, "Hi {first_name}, {%customer.firstName%}").is_empty());
    }

    #[test]
    fn names_parse_and_display() {
        for d in HelpDesk::ALL {
            assert_eq!(d.as_str().parse::<HelpDesk>(), Ok(*d));
            assert_eq!(d.to_string(), d.as_str());
        }
        assert_eq!("HelpScout".parse::<HelpDesk>(), Ok(HelpDesk::HelpScout));
        assert!("zendsk".parse::<HelpDesk>().unwrap_err().contains("expected one of zendesk"));
    }
}
