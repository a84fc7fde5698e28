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

/// `note: message`.
pub fn note(message: impl Display) {
    self::message("note", message);
}

/// A line of its own (the `--fix -` summary).
pub fn line(text: impl Display) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// An input that could not be checked: `LABEL: path[:line[:column]]: message`.
pub fn input_error(label: &str, e: &crate::render::InputError<'_>) {
    match (e.line, e.column) {
        (Some(line), Some(column)) => message(label, format_args!("{}:{line}:{column}: {}", e.path, e.message)),
        (Some(line), None) => message(label, format_args!("{}:{line}: {}", e.path, e.message)),
        _ => message(label, format_args!("{}: {}", e.path, e.message)),
    }
}
