//! Writing a user's file so that it is either the old file or the new one,
//! never a truncated mix: the bytes go to a temporary file beside it, which is
//! fsynced and then renamed over the target (and the directory fsynced).
//! A full disk or `ulimit -f` leaves the previous file as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Replaces `path` with `bytes` atomically. On failure the temporary file is
/// removed and `path` is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomically(&[(path.to_path_buf(), bytes)])
}

/// Replaces every file of `files` as one step as far as a file system
/// allows: all the temporary files are written and fsynced first, and only
/// when every one is on disk are they renamed over their targets. A failed
/// write leaves every target as it was and removes the temporary files.
pub fn write_all_atomically(files: &[(PathBuf, &[u8])]) -> std::io::Result<()> {
    let temps: Vec<PathBuf> = files.iter().map(|(path, _)| temp_path(path)).collect();
    let remove_temps = || {
        for temp in &temps {
            let _ = std::fs::remove_file(temp);
        }
    };
    for ((_, bytes), temp) in files.iter().zip(&temps) {
        if let Err(e) = write_and_sync(temp, bytes) {
            remove_temps();
            return Err(e);
        }
    }
    for ((path, _), temp) in files.iter().zip(&temps) {
        if let Err(e) = std::fs::rename(temp, path) {
            remove_temps();
            return Err(e);
        }
    }
    let dirs: std::collections::BTreeSet<&Path> = files
        .iter()
        .filter_map(|(path, _)| path.parent().filter(|d| !d.as_os_str().is_empty()))
        .collect();
    for dir in dirs {
        // Makes the renames themselves durable; not every system allows it.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// `.NAME.tmp-PID` in the same directory, so the rename stays on one file system.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

fn write_and_sync(temp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp)
    };
    let mut file = match create() {
        Ok(file) => file,
        // A temporary file left by an earlier run of this process id.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(temp)?;
            create()?
        }
        Err(e) => return Err(in_directory(temp, e)),
    };
    file.write_all(bytes)?;
    file.sync_all()
}

/// A failure to create a file in `file`'s directory, said of the directory
/// when it is the directory that refuses (no write permission, a read-only
/// file system), so the message does not blame a file that never existed.
fn in_directory(file: &Path, e: std::io::Error) -> std::io::Error {
    use std::io::ErrorKind;
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => std::io::Error::new(
            e.kind(),
            format!("the directory {} cannot be written ({e})", dir.display()),
        ),
        ErrorKind::NotFound => std::io::Error::new(
            e.kind(),
            format!("the directory {} does not exist", dir.display()),
        ),
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.toml");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the target is left");
    }

    #[test]
    fn several_files_are_written_only_when_all_can_be() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        std::fs::write(&a, "old a").unwrap();
        write_all_atomically(&[(a.clone(), b"new a"), (b.clone(), b"new b")]).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
        // The second target's directory is missing: its temporary file cannot
        // be made, so the first target keeps its text too.
        let missing = dir.path().join("no-such-dir").join("c.toml");
        let failed = write_all_atomically(&[(a.clone(), b"newer a"), (missing, b"c")]);
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 2, "no temporary file is left");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a directory: the rename fails after the temp is written.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("inside"), "keep").unwrap();
        assert!(write_atomically(&path, b"new").is_err());
        assert_eq!(
            std::fs::read_to_string(path.join("inside")).unwrap(),
            "keep"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "the temporary file is removed");
    }
}
