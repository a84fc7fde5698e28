//! `--fix` and `--diff`: applying safe fixes to files without ever losing what a user wrote.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes the fixed `contents` of the file at `path`, which held `original` when it was read,
/// so that nothing the user wrote can be lost or harmed:
///
/// - a read-only file is refused, not rewritten;
/// - through a symbolic link, the link's target is written and the link stays a link;
/// - the fixed text goes to a temporary file beside the original, created with mode 0600 (so
///   it is never readable by more people than the original, from its first byte), written and
///   synced, then given the original's permissions and (where permitted) owner and group, and
///   renamed over the original in one step: the file is either the original or the fixed one;
/// - a file with other hard links (or whose owner cannot be kept) is written in place instead,
///   so every link sees the fix and the owner stays: the original is first copied to a 0600
///   backup beside it (kept, and named in the error, if writing in place fails);
/// - right before the replace, the file is read again and its size and modification time
///   compared with what they were: an edit made meanwhile is kept and the fix is not written.
pub fn write_atomic(path: &Path, original: &[u8], contents: &[u8]) -> Result<(), String> {
    let reason = crate::inputs::io_reason;
    // Through a symbolic link, the file to replace is the link's target: renaming over the link
    // itself would turn it into a regular file.
    let resolved = fs::canonicalize(path).map_err(|e| format!("cannot resolve the path: {}", reason(&e)))?;
    let path = resolved.as_path();
    let meta = fs::metadata(path).map_err(|e| format!("cannot read metadata: {}", reason(&e)))?;
    if meta.permissions().readonly() {
        return Err("the file is read-only; not fixed".to_string());
    }
    let unchanged = |when: &str| -> Result<(), String> {
        let now = fs::read(path).map_err(|e| format!("cannot re-read {when}: {}", reason(&e)))?;
        let again = fs::metadata(path).map_err(|e| format!("cannot read metadata: {}", reason(&e)))?;
        if now != original || again.len() != meta.len() || again.modified().ok() != meta.modified().ok() {
            return Err("the file changed on disk since it was read; not fixed (run tact again)".to_string());
        }
        Ok(())
    };
    unchanged("before writing")?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temp = |what: &str| dir.join(format!(".{name}.tact-{}.{what}", std::process::id()));
    if !in_place(&meta) {
        let tmp = temp("tmp");
        let result = (|| -> io::Result<bool> {
            let mut f = create_private(&tmp)?;
            f.write_all(contents)?;
            f.sync_all()?;
            f.set_permissions(meta.permissions())?;
            if !keep_owner(&f, &meta) {
                return Ok(false);
            }
            drop(f);
            unchanged("before replacing it").map_err(io::Error::other)?;
            fs::rename(&tmp, path)?;
            Ok(true)
        })();
        match result {
            Ok(true) => return Ok(()),
            // The owner cannot be kept by a new file: write in place below.
            Ok(false) => {
                let _ = fs::remove_file(&tmp);
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                let msg = e.to_string();
                if msg.contains("changed on disk") {
                    return Err(msg);
                }
                return Err(format!("cannot write the fixed file: {}; the original is unchanged", reason(&e)));
            }
        }
    }
    // In place: the original saved first, so an interruption cannot lose it.
    let backup = temp("orig");
    let saved = (|| -> io::Result<()> {
        let mut b = create_private(&backup)?;
        b.write_all(original)?;
        b.sync_all()
    })();
    if let Err(e) = saved {
        let _ = fs::remove_file(&backup);
        return Err(format!("cannot save a copy before fixing in place: {}; the original is unchanged", reason(&e)));
    }
    if let Err(e) = unchanged("before writing in place") {
        let _ = fs::remove_file(&backup);
        return Err(e);
    }
    let written = (|| -> io::Result<()> {
        let mut f = fs::OpenOptions::new().write(true).open(path)?;
        f.write_all(contents)?;
        f.set_len(contents.len() as u64)?;
        f.sync_all()
    })();
    match written {
        Ok(()) => {
            let _ = fs::remove_file(&backup);
            Ok(())
        }
        Err(e) => Err(format!(
            "cannot write the fixed file in place: {}; the original is saved as {}",
            reason(&e),
            backup.display()
        )),
    }
}

/// Creates `path` new, readable and writable by its owner only (on Unix) from the start.
fn create_private(path: &Path) -> io::Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Must the file be written in place: it has other hard links, which a rename would cut off?
fn in_place(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() > 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Gives `f` the owner and group of the original; false when that is not permitted and the
/// new file would belong to someone else than the original.
fn keep_owner(f: &fs::File, meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mine = f.metadata().map(|m| (m.uid(), m.gid())).ok();
        if mine == Some((meta.uid(), meta.gid())) {
            return true;
        }
        std::os::unix::fs::fchown(f, Some(meta.uid()), Some(meta.gid())).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = (f, meta);
        true
    }
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

    #[cfg(unix)]
    #[test]
    fn keeps_mode_and_hard_links_and_refuses_read_only_files() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = std::env::temp_dir().join(format!("tact-atomic-links-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.txt");
        fs::write(&file, "old").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
        // A hard link: both names see the fix, the inode stays.
        let link = dir.join("b.txt");
        fs::hard_link(&file, &link).unwrap();
        let ino = fs::metadata(&file).unwrap().ino();
        write_atomic(&file, b"old", b"new text").unwrap();
        assert_eq!(fs::read_to_string(&link).unwrap(), "new text");
        assert_eq!(fs::metadata(&file).unwrap().ino(), ino);
        assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
        // Without other links: replaced, mode kept.
        fs::remove_file(&link).unwrap();
        write_atomic(&file, b"new text", b"newer").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "newer");
        assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
        // Read-only: refused, untouched.
        fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
        let err = write_atomic(&file, b"newer", b"x").unwrap_err();
        assert!(err.contains("read-only"), "{err}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "newer");
        // Nothing left beside it.
        let names: Vec<_> = fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["a.txt"]);
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_temporary_file_is_private_from_its_first_byte() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("tact-atomic-private-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let tmp = dir.join("t");
        let f = create_private(&tmp).unwrap();
        assert_eq!(f.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        fs::remove_dir_all(&dir).unwrap();
    }
}
