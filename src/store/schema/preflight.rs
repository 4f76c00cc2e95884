//! Opening an existing store safely: [`preflight`] checks the file (size,
//! header, then the tables through a read-only connection) before it is
//! ever opened for writing; a read-only store (a WAL with no index) is
//! opened through an immutable URI; SQLite's errors are sorted into the
//! store's kinds ([`classify`]).

use super::*;
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Checks an existing file without opening it for writing. Returns its
/// schema version (0 = valid database without tables).
/// `today` (None for read-only opens) dates the full integrity scan, which
/// runs only when [`full_scan_due`].
pub(crate) fn preflight(path: &Path, today: Option<NaiveDate>) -> Result<i64, StoreError> {
    use std::io::Read;
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len == 0 {
        return Err(StoreError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]).map_err(io)? {
            0 => break,
            n => read += n,
        }
    }
    if read < header.len() || &header[..16] != SQLITE_MAGIC {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
            detail: "no SQLite header".into(),
        });
    }
    drop(file);
    let conn = open_read_only_connection(path)?;
    let version =
        inspect_on_open(&conn, path, &header, len, today).map_err(|problem| match problem {
            Problem::Corrupt(detail) => StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("integrity check: {detail}"),
            },
            Problem::TooNew(found) => StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                known: CURRENT_VERSION,
            },
            Problem::WrongTables(detail) => StoreError::WrongTables {
                path: path.to_path_buf(),
                detail,
            },
            Problem::Sqlite(e) => classify(path, e),
        })?;
    Ok(version)
}

/// Opens `path` for reading only. A WAL store in a directory that cannot be
/// written fails on its first read (SQLite cannot make the `-shm` index);
/// it is then opened `immutable`, which reads the main file without any
/// index, as long as no `-wal` file holds changes it would miss.
///
/// A store left with a hot rollback journal (a large sync killed inside
/// its transaction, see `store::journal`) cannot be read by a read-only
/// connection, nor safely without the journal: it is rolled back first
/// through a read-write connection, as SQLite rolls it back on any write
/// open, and read after that.
pub(crate) fn open_read_only_connection(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let open = || -> Result<(Connection, rusqlite::Result<i64>), StoreError> {
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        conn.busy_timeout(crate::store::journal::BUSY_WAIT)
            .map_err(|e| classify(path, e))?;
        let readable = conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0));
        Ok((conn, readable))
    };
    let (mut conn, mut readable) = open()?;
    if readable.as_ref().is_err_and(needs_rollback) {
        drop(conn);
        roll_back_hot_journal(path).map_err(|e| classify(path, e))?;
        (conn, readable) = open()?;
    }
    match readable {
        Ok(_) => Ok(conn),
        Err(e) if needs_rollback(&e) => Err(classify(path, e)),
        Err(e) if cannot_make_index(&e) && wal_is_empty(path) => {
            drop(conn);
            let uri = format!("file:{}?immutable=1", uri_path(path));
            let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                .map_err(|e| classify(path, e))?;
            Ok(conn)
        }
        Err(e) if cannot_make_index(&e) => {
            drop(conn);
            wal_copy::open_through_copy(path).ok_or_else(|| StoreError::WalWithoutIndex {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(classify(path, e)),
    }
}

/// True when a read-only connection met a hot rollback journal.
fn needs_rollback(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK
    )
}

/// Rolls a hot journal back: the first read of a read-write connection
/// does, and closing it leaves the file as its last commit left it.
fn roll_back_hot_journal(path: &Path) -> rusqlite::Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(crate::store::journal::BUSY_WAIT)?;
    conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))?;
    conn.close().map_err(|(_, e)| e)
}

/// True for the errors of a read-only WAL open that cannot create `-shm`.
fn cannot_make_index(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
    )
}

/// True when the store has no `-wal` file, or an empty one.
fn wal_is_empty(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(Path::new(&wal)).map_or(true, |m| m.len() == 0)
}

/// A path as the path part of an SQLite `file:` URI: `%`, `?`, `#` and
/// anything not plainly printable percent-encoded.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Maps SQLite's "not a database" and "corrupt" codes to the refusal errors.
pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            source: e,
        },
    }
}
