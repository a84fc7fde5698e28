//! Typed errors for loading rule packs and configurations and building a [`Linter`](crate::Linter).

use std::fmt;

/// What went wrong, in a form a program can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The pack is not well-formed YAML.
    Syntax,
    /// A key is unknown or missing, or a value has the wrong type or an unknown variant
    /// (for example an unknown category or severity).
    Schema,
    /// A regular expression in `patterns` or `exceptions.patterns` does not compile.
    Regex,
    /// A `words` entry does not follow the word-sequence syntax.
    Words,
    /// Two rules share a code, two rules of one pack share a name, or two packs share an id.
    Duplicate,
    /// A rule has no matcher, or a matcher that can never match (an empty phrase).
    EmptyMatcher,
    /// A shipped rule lacks its `flag` or `pass` examples.
    MissingExamples,
    /// Any other rule that is well-formed YAML but not a valid rule (a bad code or name, a
    /// suggestion with both `replace` and `advice`, a category of the wrong kind, ...).
    Invalid,
    /// A `select`, `ignore` or severity override names no loaded rule, rule name or category.
    UnknownSelector,
    /// A project configuration (`tact.yaml`) is not well-formed YAML, has an unknown key or a
    /// value of the wrong type.
    Config,
}

/// One problem found while loading packs or building a linter.
///
/// `Display` renders it as `origin:line:column: rule CODE: message`, leaving out the parts that
/// are unknown, so a person (or an editor) can jump straight to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    origin: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    rule: Option<String>,
    message: String,
}

/// The most characters of a message kept: a parser quoting a value (`invalid type: string
/// "…"`) would otherwise echo a whole pack written on one line.
const MAX_MESSAGE_CHARS: usize = 600;

/// `message`, cut to [`MAX_MESSAGE_CHARS`] with the number of characters left out.
fn bounded(message: String) -> String {
    match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => message,
        Some((cut, _)) => {
            let left = message[cut..].chars().count();
            format!("{}… ({left} more characters)", &message[..cut])
        }
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, origin: None, line: None, column: None, rule: None, message: bounded(message.into()) }
    }

    pub(crate) fn at(mut self, origin: &str, pos: Option<(usize, usize)>) -> Self {
        self.origin = Some(origin.to_string());
        if let Some((line, column)) = pos {
            self.line = Some(line);
            self.column = Some(column);
        }
        self
    }

    pub(crate) fn rule(mut self, code: Option<&str>) -> Self {
        self.rule = code.map(str::to_string);
        self
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// The file (or other origin name) the error is in, if any.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }
    /// 1-based line in the origin, if known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
    /// 1-based column (in characters) in the origin, if known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }
    /// The code of the rule the error is about, if any.
    pub fn rule_code(&self) -> Option<&str> {
        self.rule.as_deref()
    }
    /// The message alone, without location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(origin) = &self.origin {
            write!(f, "{origin}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, "rule {rule}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Error {}

/// All the problems found in one load or build, in the order they were found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Errors(Vec<Error>);

impl Errors {
    /// The errors, in the order they were found.
    pub fn new(errors: Vec<Error>) -> Self {
        Errors(errors)
    }
    /// The individual errors, owned.
    pub fn into_vec(self) -> Vec<Error> {
        self.0
    }
    /// The individual errors.
    pub fn iter(&self) -> std::slice::Iter<'_, Error> {
        self.0.iter()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Errors(vec![e])
    }
}

impl<'a> IntoIterator for &'a Errors {
    type Item = &'a Error;
    type IntoIter = std::slice::Iter<'a, Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_is_cut() {
        let long = format!("invalid type: string \"{}\"", "ü".repeat(100_000));
        let e = Error::new(ErrorKind::Syntax, long.clone());
        assert!(e.message().chars().count() < MAX_MESSAGE_CHARS + 40, "{}", e.message().len());
        let left = long.chars().count() - MAX_MESSAGE_CHARS;
        assert!(e.message().ends_with(&format!("… ({left} more characters)")), "{}", e.message());
        assert!(long.starts_with(e.message().split('…').next().unwrap()));
        let short = Error::new(ErrorKind::Syntax, "did not find expected ','");
        assert_eq!(short.message(), "did not find expected ','");
    }
}
