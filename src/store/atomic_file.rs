//! Writing a user's file so that it is either the old file or the new one,
//! never a truncated mix: the bytes go to a temporary file beside it, which is
//! fsynced and then renamed over the target (and the directory fsynced).
//! A full disk or `ulimit -f` leaves the previous file as it was.
//!
//! Only a regular file (or a name not yet taken) is ever renamed over:
//! - a symbolic link is followed: the file it points to is replaced (beside
//!   it), and the link stays a link;
//! - a character device or a FIFO (`-o /dev/stdout`, `-o >(gzip)`) is
//!   written through, as a shell's `>` would, and never replaced by a file;
//! - a directory, a block device or a socket is refused before anything is
//!   written.
//!
//! Several files ([`write_all_atomically`], an import in parts) are all or
//! nothing: every temporary file is written first; then each existing
//! target is kept under a second name (a hard link) while the temporary
//! files are renamed over them, and a rename that fails puts every target
//! already replaced back as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Replaces `path` with `bytes` atomically. On failure the temporary file is
/// removed and `path` is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomically(&[(path.to_path_buf(), bytes)])
}

/// Replaces every file of `files` as one step as far as a file system
/// allows (see the module doc). A failed write leaves every target as it
/// was and removes the temporary files.
pub fn write_all_atomically(files: &[(PathBuf, &[u8])]) -> std::io::Result<()> {
    write_all_with(files, &mut |from, to| std::fs::rename(from, to))
}

/// Where the bytes for a target go.
#[derive(Debug, PartialEq)]
enum Target {
    /// A regular file or a free name (a symbolic link already followed):
    /// replaced through a temporary file beside it.
    Replace(PathBuf),
    /// A character device or a FIFO: written through.
    WriteThrough(PathBuf),
}

/// How many symbolic links are followed before giving up (as the kernel).
const MAX_LINKS: usize = 40;

/// What writing to `path` means (see [`Target`]); a directory, a block
/// device, a socket or a loop of links is an error naming the path. The
/// kind is the one at the end of any links (the kernel follows them, also
/// `/dev/stdout`'s through `/proc`); a regular file behind a link is
/// replaced at its real path.
fn target_of(path: &Path) -> std::io::Result<Target> {
    use std::io::{Error, ErrorKind};
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Target::Replace(free_name(path)?)),
        Err(e) => return Err(e),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        return Ok(Target::Replace(if is_link {
            std::fs::canonicalize(path)?
        } else {
            path.to_path_buf()
        }));
    }
    if kind.is_dir() {
        return Err(Error::new(
            ErrorKind::IsADirectory,
            format!("{} is a directory; name a file", path.display()),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_fifo() {
            return Ok(Target::WriteThrough(path.to_path_buf()));
        }
    }
    Err(Error::new(
        ErrorKind::InvalidInput,
        format!(
            "{} is not a regular file (a block device or a socket); name a file",
            path.display()
        ),
    ))
}

/// The name a new file at `path` gets: `path` itself, or where the
/// symbolic link(s) at `path` point when they point at nothing yet.
fn free_name(path: &Path) -> std::io::Result<PathBuf> {
    let mut real = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let is_link = std::fs::symlink_metadata(&real).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(real);
        }
        let link = std::fs::read_link(&real)?;
        real = match real.parent() {
            Some(dir) if link.is_relative() => dir.join(link),
            _ => link,
        };
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{}: too many levels of symbolic links", path.display()),
    ))
}

/// [`write_all_atomically`] with the rename of each temporary file over its
/// target done by `rename` (tests make it fail part way).
fn write_all_with(
    files: &[(PathBuf, &[u8])],
    rename: &mut dyn FnMut(&Path, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let targets = files
        .iter()
        .map(|(path, _)| target_of(path))
        .collect::<std::io::Result<Vec<Target>>>()?;
    let mut replaced: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut through: Vec<(&Path, &[u8])> = Vec::new();
    let remove = |temps: &[(PathBuf, PathBuf)]| {
        for (temp, _) in temps {
            let _ = std::fs::remove_file(temp);
        }
    };
    for (target, (_, bytes)) in targets.iter().zip(files) {
        match target {
            Target::Replace(path) => {
                let temp = temp_path(path);
                if let Err(e) = write_and_sync(&temp, bytes) {
                    let _ = std::fs::remove_file(&temp);
                    remove(&replaced);
                    return Err(e);
                }
                replaced.push((temp, path.clone()));
            }
            Target::WriteThrough(path) => through.push((path, bytes)),
        }
    }
    replace_all(&replaced, rename)?;
    let dirs: std::collections::BTreeSet<&Path> = replaced
        .iter()
        .filter_map(|(_, path)| path.parent().filter(|d| !d.as_os_str().is_empty()))
        .collect();
    for dir in dirs {
        // Makes the renames themselves durable; not every system allows it.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    // A device or a pipe cannot be put back: written once the files are in place.
    for (path, bytes) in through {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)?;
        out.write_all(bytes)?;
        out.flush()?;
    }
    Ok(())
}

/// Renames each `(temporary, target)` over its target, all or none: each
/// existing target is first kept under a second name (a hard link, or a
/// copy where links are not allowed); when a rename fails, the targets
/// already replaced get their old file back (or are removed, when there was
/// none), and every temporary and kept file is removed.
fn replace_all(
    pairs: &[(PathBuf, PathBuf)],
    rename: &mut dyn FnMut(&Path, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut kept: Vec<Option<PathBuf>> = Vec::with_capacity(pairs.len());
    let forget = |kept: &[Option<PathBuf>]| {
        for old in kept.iter().flatten() {
            let _ = std::fs::remove_file(old);
        }
    };
    for (_, target) in pairs {
        match keep_old(target) {
            Ok(old) => kept.push(old),
            Err(e) => {
                forget(&kept);
                for (temp, _) in pairs {
                    let _ = std::fs::remove_file(temp);
                }
                return Err(e);
            }
        }
    }
    for (done, (temp, target)) in pairs.iter().enumerate() {
        if let Err(e) = rename(temp, target) {
            for ((_, target), old) in pairs.iter().zip(&kept).take(done).rev() {
                let _ = match old {
                    Some(old) => std::fs::rename(old, target),
                    None => std::fs::remove_file(target),
                };
            }
            for (temp, _) in pairs.iter().skip(done) {
                let _ = std::fs::remove_file(temp);
            }
            forget(&kept);
            return Err(e);
        }
    }
    forget(&kept);
    Ok(())
}

/// Keeps an existing `target` under `.NAME.old-PID` beside it (a hard link,
/// or a copy), so it can be put back; `None` when there is no file yet.
fn keep_old(target: &Path) -> std::io::Result<Option<PathBuf>> {
    if !target.is_file() {
        return Ok(None);
    }
    let old = side_path(target, "old");
    let _ = std::fs::remove_file(&old);
    if std::fs::hard_link(target, &old).is_err() {
        std::fs::copy(target, &old)?;
    }
    Ok(Some(old))
}

/// `.NAME.tmp-PID` in the same directory, so the rename stays on one file system.
pub fn temp_path(path: &Path) -> PathBuf {
    side_path(path, "tmp")
}

/// `.NAME.WHAT-PID` beside `path`.
fn side_path(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
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

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_rename_part_way_puts_every_part_back() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (1..=5).map(|k| dir.path().join(format!("p{k}"))).collect();
        // parts 1, 2 and 4 are there from before; 3 and 5 are new
        for k in [0, 1, 3] {
            std::fs::write(&paths[k], format!("old {k}")).unwrap();
        }
        let files: Vec<(PathBuf, &[u8])> = paths.iter().map(|p| (p.clone(), &b"new"[..])).collect();
        let mut calls = 0;
        let failed = write_all_with(&files, &mut |from, to| {
            calls += 1;
            if calls == 3 {
                return Err(std::io::Error::other("the third rename fails"));
            }
            std::fs::rename(from, to)
        });
        assert!(failed.is_err());
        for k in [0, 1, 3] {
            assert_eq!(
                std::fs::read_to_string(&paths[k]).unwrap(),
                format!("old {k}")
            );
        }
        assert_eq!(
            names(dir.path()),
            ["p1", "p2", "p4"],
            "no new, temporary or kept file"
        );
        // and without the failure, all five are new
        write_all_atomically(&files).unwrap();
        for path in &paths {
            assert_eq!(std::fs::read_to_string(path).unwrap(), "new");
        }
        assert_eq!(names(dir.path()), ["p1", "p2", "p3", "p4", "p5"]);
    }

    #[test]
    fn a_symbolic_link_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        // a link to a file not there yet makes the file
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink("made.txt", &dangling).unwrap();
        write_atomically(&dangling, b"made").unwrap();
        assert!(
            std::fs::symlink_metadata(&dangling)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("made.txt")).unwrap(),
            "made"
        );
        assert_eq!(
            names(dir.path()),
            ["dangling", "link.txt", "made.txt", "real.txt"]
        );
    }

    #[test]
    fn a_device_or_a_fifo_is_written_through_and_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        write_atomically(Path::new("/dev/null"), b"gone").unwrap();
        let null = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(null.is_char_device(), "/dev/null is still the device");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        write_atomically(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe");
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        assert_eq!(names(dir.path()), ["fifo"]);
    }

    #[test]
    fn a_directory_or_a_socket_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("first");
        std::fs::write(&first, "old").unwrap();
        let socket = dir.path().join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        for (taken, says) in [(&socket, "not a regular file"), (&sub, "is a directory")] {
            let err = write_all_atomically(&[(first.clone(), b"new"), (taken.clone(), b"x")])
                .unwrap_err();
            assert!(err.to_string().contains(says), "{err}");
            assert_eq!(std::fs::read_to_string(&first).unwrap(), "old");
        }
        assert_eq!(names(dir.path()), ["first", "socket", "sub"]);
    }
}
