//! The store's journal: write-ahead (WAL), so readers and one writer in
//! other windows never wait on each other; and, for one large write made
//! while no other connection has the file open, a rollback journal.
//!
//! In WAL mode every page a transaction writes goes to the WAL and then,
//! at the checkpoint, into the file: a first sync of 20,000 reviews wrote
//! 3.8 MB twice, with an fsync each time, and unlinked the WAL at close.
//! With a rollback journal (`DELETE`) the new pages go into the file once,
//! and only the pages the transaction changes are copied aside first.
//! Leaving WAL mode needs the file to itself (SQLite refuses while another
//! connection has it open), so a sync with another window open keeps WAL.
//!
//! While the file is out of WAL mode another connection that opens it
//! cannot switch it back (SQLite answers "database is locked" at once, not
//! after the busy timeout), so [`set_wal`] retries for up to the same
//! 5 seconds: a window opened during a sync waits for it, as a writer
//! waits for another writer.

use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

/// How long a connection waits for another's lock (the busy timeout).
pub(super) const BUSY_WAIT: Duration = Duration::from_secs(5);

/// Puts the file in WAL mode (it stays so: the mode is kept in the file);
/// the mode the file is in afterwards. Waits up to [`BUSY_WAIT`] while
/// another connection holds it in a rollback journal.
pub(super) fn set_wal(conn: &Connection) -> rusqlite::Result<String> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Err(e) if is_busy(&e) && started.elapsed() < BUSY_WAIT => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            answer => return answer,
        }
    }
}

/// For one large write: leaves WAL mode for a rollback journal when no
/// other connection has the file open; whether it did. The caller puts
/// the file back with [`set_wal`] once its transaction has ended.
pub(super) fn leave_wal(conn: &Connection) -> bool {
    conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    })
    .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"))
}

/// Whether SQLite refused for another connection's lock.
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wal_file(dir: &tempfile::TempDir) -> (std::path::PathBuf, Connection) {
        let path = dir.path().join("p.db");
        let conn = Connection::open(&path).unwrap();
        assert_eq!(set_wal(&conn).unwrap(), "wal");
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        (path, conn)
    }

    #[test]
    fn a_file_another_connection_has_open_stays_in_wal() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn) = wal_file(&dir);
        let other = Connection::open(&path).unwrap();
        let read: i64 = other
            .query_row("SELECT x FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(read, 1);
        assert!(!leave_wal(&conn));
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(other);
        assert!(leave_wal(&conn));
        assert_eq!(set_wal(&conn).unwrap(), "wal");
    }

    #[test]
    fn a_connection_opened_during_a_direct_write_waits_for_it_and_finds_wal() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn) = wal_file(&dir);
        assert!(leave_wal(&conn));
        conn.execute_batch("BEGIN IMMEDIATE; INSERT INTO t VALUES (2);")
            .unwrap();
        let (trying, tried) = std::sync::mpsc::channel();
        let opener = std::thread::spawn(move || {
            let other = Connection::open(&path).unwrap();
            other.busy_timeout(BUSY_WAIT).unwrap();
            // one plain try is refused at once, busy timeout or not
            let once = other.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
            assert!(once.as_ref().is_err_and(is_busy), "{once:?}");
            trying.send(()).unwrap();
            let mode = set_wal(&other);
            let count = other.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0));
            (mode, count)
        });
        tried.recv().unwrap();
        // set_wal's first try comes within this pause, and is refused
        std::thread::sleep(Duration::from_millis(50));
        conn.execute_batch("COMMIT").unwrap();
        let (mode, count) = opener.join().unwrap();
        assert_eq!(mode.unwrap(), "wal");
        assert_eq!(count.unwrap(), 2);
        assert_eq!(set_wal(&conn).unwrap(), "wal");
    }
}
