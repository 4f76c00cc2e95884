//! Reading a WAL store whose directory cannot be written, when its `-wal`
//! file holds committed answers: SQLite needs the `-shm` index to read them
//! and cannot make it there, so the store is read through a private copy.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

/// Reads a WAL store whose `-wal` file holds committed answers when its
/// directory cannot be written (so SQLite cannot make the `-shm` index it
/// needs to read them): the file and its log are copied into a private
/// temporary directory, opened read-only there (SQLite makes the index
/// beside the copy), and the copies unlinked once open (the connection
/// keeps them). `None` when any step fails.
pub(super) fn open_through_copy(path: &Path) -> Option<Connection> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("studyguide-read-{}-{stamp}", std::process::id()));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(&dir).ok()?;
    let copy = dir.join("progress.sqlite3");
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let opened = std::fs::copy(path, &copy)
        .and_then(|_| std::fs::copy(Path::new(&wal), dir.join("progress.sqlite3-wal")))
        .ok()
        .and_then(|_| {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(&copy, flags).ok()?;
            conn.busy_timeout(crate::store::journal::BUSY_WAIT).ok()?;
            // the first read opens the log and makes its index
            conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
                .ok()?;
            Some(conn)
        });
    for name in [
        "progress.sqlite3",
        "progress.sqlite3-wal",
        "progress.sqlite3-shm",
    ] {
        let _ = std::fs::remove_file(dir.join(name));
    }
    let _ = std::fs::remove_dir(&dir);
    opened
}
