//! Finding and reading inputs: files, directories, stdin, JSON Lines records.

use std::io;
use std::path::PathBuf;

/// One thing named on the command line, expanded.
#[derive(Debug, Clone)]
pub enum Input {
    Stdin,
    /// A file, and whether it was found by walking a directory (rather than named).
    File(PathBuf, bool),
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p, _) => p.display().to_string(),
        }
    }
}

/// Expands paths into inputs, in a deterministic order. Directories are walked honouring
/// `.gitignore`, `.ignore` and hidden files, and the config's excludes and extensions.
///
/// With `nested_configs`, a directory below a walked one that holds a config file of its own
/// is left out: it is checked in its config's group (see `Check::resolve_all`).
pub fn expand(settings: &crate::settings::Check, problems: &mut Vec<String>) -> Vec<Input> {
    let project = &settings.project;
    let mut out = Vec::new();
    for p in &settings.paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            let (mut other_type, mut excluded) = (0usize, 0usize);
            let mut builder = ignore::WalkBuilder::new(p);
            builder.require_git(false);
            let nested_skipped = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            if settings.nested_configs {
                let skipped = nested_skipped.clone();
                builder.filter_entry(move |e| {
                    let own = e.depth() > 0
                        && e.file_type().is_some_and(|t| t.is_dir())
                        && crate::config::has_config(e.path());
                    if own {
                        skipped.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    !own
                });
            }
            let walker = builder.build();
            for entry in walker {
                match entry {
                    Ok(e) => {
                        let path = e.path();
                        if !e.file_type().is_some_and(|t| t.is_file()) {
                            continue;
                        }
                        let wanted = path
                            .extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| project.extensions.iter().any(|w| w == x));
                        if !wanted {
                            other_type += 1;
                        } else if project.excluded(path) {
                            excluded += 1;
                        } else {
                            files.push(path.to_path_buf());
                        }
                    }
                    Err(e) => problems.push(format!("{}: cannot walk: {e}", p.display())),
                }
            }
            let nested = nested_skipped.load(std::sync::atomic::Ordering::Relaxed);
            if files.is_empty() && !nested && !settings.discovered.contains(p) {
                // Checking nothing is never a success: say why nothing was found.
                problems.push(format!("{}: {}", p.display(), nothing_to_check(project, other_type, excluded)));
            }
            files.sort_by(|a, b| path_order(a, b));
            // Show `./a/b.txt` (from walking `.`) as `a/b.txt`.
            out.extend(
                files.into_iter().map(|f| Input::File(f.strip_prefix("./").map(PathBuf::from).unwrap_or(f), true)),
            );
        } else {
            // A missing or unreadable file is reported when it is read.
            out.push(Input::File(p.clone(), false));
        }
    }
    out
}

/// Why a directory gave no file to check.
fn nothing_to_check(project: &crate::config::Project, other_type: usize, excluded: usize) -> String {
    let files = |n: usize| if n == 1 { "1 file".to_string() } else { format!("{n} files") };
    let mut why = Vec::new();
    if other_type > 0 {
        why.push(format!(
            "{} of other types (checked: {}; see `extensions` in docs/configuration.md)",
            files(other_type),
            project.extensions.join(", ")
        ));
    }
    if excluded > 0 {
        why.push(format!("{} excluded by `exclude` globs", files(excluded)));
    }
    let why = if why.is_empty() { "no files were found".to_string() } else { why.join(", ") };
    format!(
        "no file to check in this directory: {why}; files ignored by .gitignore or .ignore and \
         hidden files are not walked (name a file to check it anyway)"
    )
}

/// The order of `Path`'s own comparison (component by component) without parsing components
/// on every comparison: bytes compared with the separator as the lowest byte, which for the
/// clean paths a directory walk yields is the same order, at a fraction of the cost.
fn path_order(a: &std::path::Path, b: &std::path::Path) -> std::cmp::Ordering {
    let key = |c: &u8| if std::path::is_separator(char::from(*c)) { 0 } else { *c };
    a.as_os_str().as_encoded_bytes().iter().map(key).cmp(b.as_os_str().as_encoded_bytes().iter().map(key))
}

/// An I/O error's reason without the "(os error N)" noise.
/// The largest rule pack, config file, labelled `tact eval` file or token file tact reads:
/// 16 MiB, far above any real one (the shipped packs are under 100 KB each). A file over it
/// (or a device such as `/dev/zero`) is refused without being read past the limit.
pub const FILE_LIMIT: u64 = 16 << 20;

/// Reads the whole of `path`, at most `limit` bytes: a larger file is refused from its size
/// when it has one, and otherwise (a pipe, a device) as soon as the limit is passed. The error
/// is the reason only (`no such file or directory`, `it is larger than the 16 MiB limit`), for
/// the caller to put after the file's name.
pub fn read_bounded(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let too_big = || format!("it is larger than the {} limit; not read", human_size(limit));
    let f = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let meta = f.metadata().map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if meta.len() > limit {
        return Err(too_big());
    }
    let mut buf = Vec::new();
    f.take(limit + 1).read_to_end(&mut buf).map_err(|e| io_reason(&e))?;
    if buf.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(buf)
}

/// `16 MiB`, `64 KiB`, `100 bytes`.
pub fn human_size(n: u64) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n % (1 << 10) == 0 {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

pub fn io_reason(e: &io::Error) -> String {
    let s = match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => e.to_string(),
    };
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Why an input could not be checked, and where, when there is one place to point at (a
/// syntax error, the first invalid UTF-8 byte). The message never repeats the place: the
/// renderers put it where each format keeps places (`file:line:column: …`, `line`/`column`
/// fields, a SARIF region, a GitHub annotation's `line`/`col`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// The 1-based line of the problem.
    pub line: Option<usize>,
    /// The 1-based column (in characters) on that line.
    pub column: Option<usize>,
}

impl Problem {
    /// A problem with no place (the whole input).
    pub fn new(message: impl Into<String>) -> Self {
        Problem { message: message.into(), line: None, column: None }
    }

    /// A problem at a line and column (both 1-based; the column in characters).
    pub fn at(message: impl Into<String>, line: usize, column: usize) -> Self {
        Problem { message: message.into(), line: Some(line), column: Some(column) }
    }
}

impl From<String> for Problem {
    fn from(message: String) -> Self {
        Problem::new(message)
    }
}

/// The 1-based line and column (in characters) of byte `at` of `text`; an offset inside a
/// character counts as that character.
pub fn place(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = 1 + text.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count();
    (line, text[start..at].chars().count() + 1)
}

/// Decodes a whole input as UTF-8 text. A UTF-8 byte-order mark is dropped (the returned
/// offset says how many bytes to add to spans); UTF-16 is an error, and so is invalid UTF-8,
/// placed at the line and column of the first bad byte (the message gives its byte offset in
/// the file too).
pub fn decode(bytes: Vec<u8>) -> Result<(String, usize), Problem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::new("the file is UTF-16 (it starts with a UTF-16 byte-order mark); convert it to UTF-8"));
    }
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            s.drain(..bom);
            Ok((s, bom))
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&e.as_bytes()[..at]).expect("valid up to here");
            // Lines and columns count from after a byte-order mark, as for findings.
            let valid = &valid[bom..];
            let (line, column) = place(valid, valid.len());
            Err(Problem::at(format!("invalid UTF-8 at byte offset {at}; the file was not checked"), line, column))
        }
    }
}

/// Looks up a (possibly dotted) field in a JSON object.
pub fn field<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    if let Some(x) = v.get(path) {
        return Some(x);
    }
    path.split('.').try_fold(v, |v, k| v.get(k))
}

#[cfg(test)]
mod tests {
    use super::{decode, path_order};
    use std::path::Path;

    #[test]
    fn invalid_utf8_is_placed_at_the_first_bad_byte() {
        let e = decode(b"ok\ncaf\xc3\xa9 \xe9t\xe9".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(6)));
        assert_eq!(e.message, "invalid UTF-8 at byte offset 9; the file was not checked");
        // A byte-order mark is no column.
        let e = decode(b"\xef\xbb\xbfab\xff".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(3)));
        assert!(decode(b"\xff\xfea\x00".to_vec()).unwrap_err().line.is_none());
    }

    #[test]
    fn path_order_is_path_order() {
        let paths = [
            "a",
            "a/b",
            "a-b",
            "a.b",
            "a/b/c",
            "a/bc",
            "a/b.c",
            "ab",
            "a b/c",
            "A/b",
            "a/B",
            "é/x",
            "a/é",
            "b",
            "a0/1",
            "a/0",
            "files/00/00001.txt",
            "files/00a/1.txt",
            "files/00/00002.txt",
            "files/0/9.txt",
        ];
        for x in paths {
            for y in paths {
                assert_eq!(path_order(Path::new(x), Path::new(y)), Path::new(x).cmp(Path::new(y)), "{x} vs {y}");
            }
        }
    }
}
