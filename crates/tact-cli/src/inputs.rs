//! Finding and reading inputs: files, directories, stdin, JSON Lines records.

use std::io;
use std::path::{Path, PathBuf};

/// File extensions linted when walking a directory.
pub const EXTENSIONS: &[&str] = &["txt", "md", "eml"];

/// One thing named on the command line, expanded.
#[derive(Debug, Clone)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Expands paths into inputs, in a deterministic order; a path that doesn't exist is reported.
pub fn expand(paths: &[PathBuf], problems: &mut Vec<String>) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files, problems);
            files.sort();
            out.extend(files.into_iter().map(Input::File));
        } else {
            // A missing or unreadable file is reported when it is read.
            out.push(Input::File(p.clone()));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            problems.push(format!(
                "{}: cannot read directory: {}",
                dir.display(),
                io_reason(&e)
            ));
            return;
        }
    };
    for entry in rd.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, problems);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            out.push(path);
        }
    }
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
        return Err(
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); convert it to UTF-8"
                .to_string(),
        );
    }
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            s.drain(..bom);
            Ok((s, bom))
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = bytes[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&bytes[line_start..at])
                .chars()
                .count()
                + 1;
            Err(format!(
                "invalid UTF-8 at line {line}, column {col} (byte {at}); the file was not checked"
            ))
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
