//! Making a new progress store so that no other instance ever sees it half
//! made. Two instances started at the same moment on a fresh data
//! directory once raced: SQLite makes the file empty and writes its header
//! a moment later, and the second instance, finding a 0-byte file, refused
//! it as truncated ("Progress is not saved").
//!
//! Now the store is made whole (header, WAL mode, every table, the current
//! schema version) in a temporary file beside it, closed, fsynced, and then
//! hard-linked to its name, which never replaces a file already there: the
//! first instance's store wins, and the others remove theirs and open it.
//! A file system without hard links falls back to making the store in place
//! (the old way: an instance starting at that moment may be told the file is
//! empty, but nothing is lost).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{Connection, OpenFlags};

use super::schema;
use crate::domain::schedule::day::DayBoundary;

/// Whether [`make_if_missing`] made the store or found one there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Made {
    /// This call made the store now.
    Now,
    /// A store was there first (another instance's, made meanwhile).
    AlreadyThere,
    /// It could not be made beside (no hard links here, or the temporary
    /// file failed): the caller makes it in place.
    InPlace,
}

/// Makes a new, complete store at `path` unless a file is there by the time
/// it is ready (see the module doc). When the temporary file cannot be made
/// (a directory that cannot be written, a full disk), the caller makes the
/// store in place, whose failure names the store's file.
pub(crate) fn make_if_missing(path: &Path, days: &DayBoundary) -> Made {
    let temp = temp_name(path, "new");
    let made = make_whole(&temp, days).is_ok()
        && std::fs::File::open(&temp)
            .and_then(|f| f.sync_all())
            .is_ok();
    let outcome = match made.then(|| std::fs::hard_link(&temp, path)) {
        Some(Ok(())) => {
            sync_dir(path);
            Made::Now
        }
        Some(Err(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => Made::AlreadyThere,
        _ => Made::InPlace,
    };
    remove_with_sidecars(&temp);
    outcome
}

/// Creates the store's tables in a new file at `temp` and closes it: the
/// close writes the log into the file, so the file alone is the store.
fn make_whole(temp: &Path, days: &DayBoundary) -> rusqlite::Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(temp, flags)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    schema::migrate(&mut conn, 0, days)?;
    conn.close().map_err(|(_, e)| e)
}

/// `.NAME.WHAT-PID-N` beside `path`, a name no other instance or thread
/// uses (N counts this process's names).
pub(crate) fn temp_name(path: &Path, what: &str) -> PathBuf {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map_or_else(|| "progress".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{what}-{}-{n}", std::process::id()))
}

/// Removes `temp` and any `-wal`/`-shm` file SQLite left beside it.
pub(crate) fn remove_with_sidecars(temp: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = temp.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(Path::new(&name));
    }
}

/// Makes the new name durable (best effort: not every system syncs a
/// directory).
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
}
