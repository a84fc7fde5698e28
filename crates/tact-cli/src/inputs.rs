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
pub fn expand(paths: &[PathBuf], project: &crate::config::Project, problems: &mut Vec<String>) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            let walker = ignore::WalkBuilder::new(p).require_git(false).build();
            for entry in walker {
                match entry {
                    Ok(e) => {
                        let path = e.path();
                        let wanted = e.file_type().is_some_and(|t| t.is_file())
                            && path
                                .extension()
                                .and_then(|x| x.to_str())
                                .is_some_and(|x| project.extensions.iter().any(|w| w == x));
                        if wanted && !project.excluded(path) {
                            files.push(path.to_path_buf());
                        }
                    }
                    Err(e) => problems.push(format!("{}: cannot walk: {e}", p.display())),
                }
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

/// The order of `Path`'s own comparison (component by component) without parsing components
/// on every comparison: bytes compared with the separator as the lowest byte, which for the
/// clean paths a directory walk yields is the same order, at a fraction of the cost.
fn path_order(a: &std::path::Path, b: &std::path::Path) -> std::cmp::Ordering {
    let key = |c: &u8| if std::path::is_separator(char::from(*c)) { 0 } else { *c };
    a.as_os_str().as_encoded_bytes().iter().map(key).cmp(b.as_os_str().as_encoded_bytes().iter().map(key))
}

/// An I/O error's reason without the "(os error N)" noise.
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

/// Decodes a whole input as UTF-8 text. A UTF-8 byte-order mark is dropped (the returned
/// offset says how many bytes to add to spans); UTF-16 and invalid UTF-8 are errors that say
/// where.
pub fn decode(bytes: Vec<u8>) -> Result<(String, usize), String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 (it starts with a UTF-16 byte-order mark); convert it to UTF-8".to_string());
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
            let p = tact::LineIndex::new(valid).position(valid, at);
            Err(format!("invalid UTF-8 at line {}, column {} (byte {at}); the file was not checked", p.line, p.column))
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
    use super::path_order;
    use std::path::Path;

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
