//! E-mail messages (`.eml`): the subject and the text of the body, decoded.
//!
//! The message is parsed as MIME with `mail-parser`: header fields are never linted; the
//! `Subject` (RFC 2047 words decoded) is linted as an item of its own, `subject`; each body
//! part a mail client would show as the message text (the `text/plain` alternative of a
//! `multipart/alternative`, every inline text part of a `multipart/mixed`, an HTML part when
//! there is no plain one) is linted decoded (quoted-printable, base64, the declared charset) as
//! an item named `body` (`body 2`, `body 3`, … when there are several), an HTML part through
//! [`crate::html`]. Positions are in the decoded text of the item.
//!
//! `--fix` rewrites only a message whose one body is a plain `text/plain` part written as is
//! (7bit or 8bit, UTF-8 or ASCII): its body is fixed in place, headers untouched. Any other
//! message (encoded, another charset, several parts) is refused for that file.

use crate::process::Event;
use crate::render::Source;
use mail_parser::{Encoding, MessageParser, MimeHeaders, PartType};
use std::sync::Arc;

/// A body part of the message, decoded.
struct Body<'m> {
    text: &'m str,
    html: bool,
}

/// Why `--fix` cannot rewrite a message in place, if it cannot.
fn unfixable(message: &mail_parser::Message<'_>) -> Option<String> {
    if message.parts.len() != 1 {
        return Some("a multipart e-mail".to_string());
    }
    let part = &message.parts[0];
    if matches!(part.body, PartType::Html(_)) {
        return Some("an HTML e-mail".to_string());
    }
    match part.encoding {
        Encoding::QuotedPrintable => return Some("a quoted-printable e-mail".to_string()),
        Encoding::Base64 => return Some("a base64-encoded e-mail".to_string()),
        Encoding::None => {}
    }
    let charset = part.content_type().and_then(|c| c.attribute("charset")).unwrap_or("us-ascii");
    let utf8 = ["utf-8", "utf8", "us-ascii", "ascii"].iter().any(|c| charset.eq_ignore_ascii_case(c));
    (!utf8).then(|| format!("an e-mail in {charset}"))
}

/// Lints (and with `--fix`, fixes) one e-mail file.
pub fn process(job: &crate::process::Job<'_>, input: &crate::inputs::Input, name: &str, raw: Vec<u8>) -> Vec<Event> {
    let Some(message) = MessageParser::default().parse(&raw) else {
        return vec![Event::Error("not an e-mail message (no header found)".to_string().into())];
    };
    let mut events = Vec::new();
    let cannot_fix = unfixable(&message);
    if job.fixes.any() {
        match &cannot_fix {
            Some(what) => events.push(Event::Error(
                format!(
                    "{what} is not rewritten by --fix (its body is encoded, or in parts); fix it in your mail program; not fixed"
                )
                .into(),
            )),
            None => {
                // The one body is the file's bytes as written: fix them in place.
                let part = &message.parts[0];
                let (from, to) = (part.offset_body as usize, (part.offset_end as usize).min(raw.len()));
                if let Ok(body) = std::str::from_utf8(&raw[from..to]) {
                    let fixed = job.linter.fix(body);
                    if !fixed.converged {
                        // As for every file: a fix that does not converge is not written.
                        events.push(Event::Error(crate::process::not_converged(&fixed).into()));
                    } else if fixed.applied > 0 {
                        let whole = String::from_utf8_lossy(&raw).into_owned();
                        let mut new = raw[..from].to_vec();
                        new.extend_from_slice(fixed.text.as_bytes());
                        new.extend_from_slice(&raw[to..]);
                        match (job.fixes, input) {
                            (crate::settings::Fixes::Diff, _) => {
                                let after = String::from_utf8_lossy(&new).into_owned();
                                events.push(Event::Diff {
                                    diff: crate::fix::unified_diff(name, &whole, &after),
                                    fixes: fixed.applied,
                                });
                                // Then what is left after the fixes.
                                let off =
                                    crate::process::Job { fixes: crate::settings::Fixes::Off, field: None, ..*job };
                                events.extend(process(&off, input, name, new));
                                return events;
                            }
                            (_, crate::inputs::Input::File(path, _)) => {
                                match crate::fix::write_atomic(path, &raw, &new) {
                                    Ok(()) => {
                                        events.push(Event::Fixed(fixed.applied));
                                        // Lint what is now on disk.
                                        let off = crate::process::Job {
                                            fixes: crate::settings::Fixes::Off,
                                            field: None,
                                            ..*job
                                        };
                                        events.extend(process(&off, input, name, new));
                                        return events;
                                    }
                                    Err(message) => events.push(Event::Error(message.into())),
                                }
                            }
                            _ => {}
                        }
                    }
                } else {
                    events.push(Event::Error("the body is not valid UTF-8; not fixed".to_string().into()));
                }
            }
        }
    }
    if let Some(subject) = message.subject() {
        let (mut diagnostics, unused, language) = job.linter.lint_auto_reporting_directives(subject);
        // A header is never rewritten.
        diagnostics.iter_mut().for_each(crate::process::downgrade_safe);
        events.push(Event::Lint {
            label: Some("subject".to_string()),
            source: Arc::new(Source::new(subject.to_string())),
            language,
            diagnostics,
            unused,
        });
    }
    let mut bodies: Vec<Body<'_>> = Vec::new();
    for part in message.text_bodies() {
        match &part.body {
            PartType::Text(t) => bodies.push(Body { text: t, html: false }),
            PartType::Html(h) => bodies.push(Body { text: h, html: true }),
            _ => {}
        }
    }
    let several = bodies.len() > 1;
    for (n, body) in bodies.iter().enumerate() {
        let label = if several { format!("body {}", n + 1) } else { "body".to_string() };
        let (mut diagnostics, unused, language, lines) = if body.html {
            crate::process::lint_html(job.linter, body.text)
        } else {
            let (d, u, l) = job.linter.lint_auto_reporting_directives(body.text);
            (d, u, l, None)
        };
        if cannot_fix.is_some() {
            // --fix would refuse it: no fix is offered as safe.
            diagnostics.iter_mut().for_each(crate::process::downgrade_safe);
        }
        let source = match lines {
            Some(lines) => Source::with_lines(body.text.to_string(), lines),
            None => Source::new(body.text.to_string()),
        };
        events.push(Event::Lint { label: Some(label), source: Arc::new(source), language, diagnostics, unused });
    }
    if bodies.is_empty() && message.subject().is_none() {
        events.push(Event::Note(format!("{name}: the e-mail has no subject and no text part; nothing checked")));
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_utf8_single_part_messages_are_fixable() {
        let parse = |raw: &'static str| MessageParser::default().parse(raw.as_bytes()).unwrap();
        assert_eq!(unfixable(&parse("Subject: x\r\n\r\nno idea\r\n")), None);
        let qp = "Subject: x\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ndon=E2=80=99t\r\n";
        assert_eq!(unfixable(&parse(qp)).as_deref(), Some("a quoted-printable e-mail"));
        let latin = "Subject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nno idea\r\n";
        assert_eq!(unfixable(&parse(latin)).as_deref(), Some("an e-mail in iso-8859-1"));
    }
}
