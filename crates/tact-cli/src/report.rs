//! What goes to standard error, from one place: errors, warnings and notes that are not part
//! of the chosen output format (rule-pack problems, unreadable inputs in the formats that have
//! no place for them, skipped binary files, the `--fix -` summary). A closed or failing
//! standard error is never a reason to stop: what cannot be written is dropped.
//!
//! Exit codes are the library's ([`tact::exit_code`]).

use std::fmt::Display;
use std::io::{self, Write};

/// `LABEL: message` on standard error; the label may carry colour.
pub fn message(label: &str, message: impl Display) {
    let _ = writeln!(io::stderr().lock(), "{label}: {message}");
}

/// `error: message`.
pub fn error(message: impl Display) {
    self::message("error", message);
}

/// `warning: message`.
pub fn warning(message: impl Display) {
    self::message("warning", message);
}

/// `note: message`, escaped (a note names an input, whose name may hold control characters).
pub fn note(message: impl Display) {
    self::message("note", crate::render::escape(&message.to_string()));
}

/// A line of its own (the `--fix -` summary).
pub fn line(text: impl Display) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// An input that could not be checked: `LABEL: path[:line[:column]]: message`, with control
/// characters in the path and the message escaped, so neither can drive the terminal or forge
/// a line.
pub fn input_error(label: &str, e: &crate::render::InputError<'_>) {
    use crate::render::escape;
    let (path, msg) = (escape(e.path), escape(e.message));
    match (e.line, e.column) {
        (Some(line), Some(column)) => message(label, format_args!("{path}:{line}:{column}: {msg}")),
        (Some(line), None) => message(label, format_args!("{path}:{line}: {msg}")),
        _ => message(label, format_args!("{path}: {msg}")),
    }
}
