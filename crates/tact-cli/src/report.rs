//! What goes to standard error, from one place: errors, warnings and notes that are not part
//! of the chosen output format (rule-pack problems, unreadable inputs in the formats that have
//! no place for them, skipped binary files, the `--fix -` summary). A closed or failing
//! standard error is never a reason to stop: what cannot be written is dropped.
//!
//! Exit codes are the library's ([`tact::exit_code`]).

use std::fmt::Display;
use std::io::{self, Write};

/// `LABEL: message` on standard error; the label may carry colour. Control characters in
/// the message (from a pack's codes and categories, a config's values, a selector, a file
/// name) are written visibly: nothing on stderr can drive the terminal or forge a line.
pub fn message(label: &str, message: impl Display) {
    let text = message.to_string();
    let _ = writeln!(io::stderr().lock(), "{label}: {}", crate::render::escape(&text));
}

/// `error: message`.
pub fn error(message: impl Display) {
    self::message("error", message);
}

/// `warning: message`.
pub fn warning(message: impl Display) {
    self::message("warning", message);
}

/// `note: message`, escaped as every message is (a note names an input, whose name may hold
/// control characters).
pub fn note(message: impl Display) {
    self::message("note", message);
}

/// A line of its own (the `--fix -` summary, `--verbose`), escaped as messages are.
pub fn line(text: impl Display) {
    let text = text.to_string();
    let _ = writeln!(io::stderr().lock(), "{}", crate::render::escape(&text));
}

/// An input that could not be checked: `LABEL: path[:line[:column]]: message`, with control
/// characters in the path and the message escaped, so neither can drive the terminal or forge
/// a line.
pub fn input_error(label: &str, e: &crate::render::InputError<'_>) {
    let (path, msg) = (e.path, e.message);
    match (e.line, e.column) {
        (Some(line), Some(column)) => message(label, format_args!("{path}:{line}:{column}: {msg}")),
        (Some(line), None) => message(label, format_args!("{path}:{line}: {msg}")),
        _ => message(label, format_args!("{path}: {msg}")),
    }
}

/// Several problems that end a command, each reported as an `error:` line of its own (and
/// escaped as every message is: a problem quoting a pack's code that holds a newline cannot
/// forge a line). As a plain error it reads as the problems joined by `\nerror: `.
#[derive(Debug)]
pub struct Problems(pub Vec<String>);

impl Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("\nerror: "))
    }
}

impl std::error::Error for Problems {}

/// `Problems` as an error, from anything displayable.
pub fn problems<T: ToString>(list: impl IntoIterator<Item = T>) -> anyhow::Error {
    anyhow::Error::new(Problems(list.into_iter().map(|p| p.to_string()).collect()))
}

/// An error that ends a command: each of [`Problems`] on its own line, anything else with its
/// chain of causes.
pub fn failure(e: &anyhow::Error) {
    match e.downcast_ref::<Problems>() {
        Some(p) => p.0.iter().for_each(error),
        None => error(format_args!("{e:#}")),
    }
}
