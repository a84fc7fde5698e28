//! `--fix` and `--diff`: applying safe fixes to files without ever losing what a user wrote.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `contents` to `path` atomically: a temporary file beside it, synced, given the
/// original's permissions, then renamed over it. The file is first re-read: if it changed since
/// `original` was read, nothing is written and an error says so.
pub fn write_atomic(path: &Path, original: &[u8], contents: &[u8]) -> Result<(), String> {
    // Through a symbolic link, the file to replace is the link's target: renaming over the link
    // itself would turn it into a regular file.
    let resolved =
        fs::canonicalize(path).map_err(|e| format!("cannot resolve the path: {}", crate::inputs::io_reason(&e)))?;
    let path = resolved.as_path();
    let now = fs::read(path).map_err(|e| format!("cannot re-read before writing: {}", crate::inputs::io_reason(&e)))?;
    if now != original {
        return Err("the file changed on disk since it was read; not fixed (run tact again)".to_string());
    }
    let meta = fs::metadata(path).map_err(|e| format!("cannot read metadata: {}", crate::inputs::io_reason(&e)))?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tact-{}.tmp", std::process::id()));
    let result = (|| -> io::Result<()> {
        let mut f = fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        fs::set_permissions(&tmp, meta.permissions())?;
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("cannot write the fixed file: {}; the original is unchanged", crate::inputs::io_reason(&e))
    })
}

/// A unified diff of `old` to `new` for `name`.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_file_that_changed_since_it_was_read() {
        let dir = std::env::temp_dir().join(format!("tact-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.txt");
        fs::write(&file, "edited meanwhile").unwrap();
        let err = write_atomic(&file, b"what we read", b"fixed").unwrap_err();
        assert!(err.contains("changed on disk"), "{err}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "edited meanwhile");
        write_atomic(&file, b"edited meanwhile", b"fixed").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "fixed");
        fs::remove_dir_all(&dir).unwrap();
    }
}
