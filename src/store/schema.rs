//! Schema versions and migrations of the progress store.
//!
//! The version lives in `PRAGMA user_version`:
//! - 0: a database with no tables yet (fresh file); initialised to the latest.
//! - 1: `reviews` only (the review log, the source of truth).
//! - 2: adds `bookmarks` and `positions` (reading position, small UI state).
//! - 3: adds `interview_sessions` and `interview_answers` (mock interviews),
//!   in [`migrate_v3_interviews`].
//!
//! [`preflight`] checks an existing file (size, header, then [`inspect`]
//! through a read-only connection) before it is ever opened for writing. [`migrate`] upgrades inside one
//! transaction; the caller backs the file up first.

use std::path::Path;
use std::time::Duration as StdDuration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use super::StoreError;

/// The newest schema version this build understands.
pub const CURRENT_VERSION: i64 = 3;

const V1: &str = "
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
    elapsed_ms INTEGER NOT NULL,
    typed_answer TEXT,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS reviews_by_card ON reviews(card_id, at_ms);
";

const V2: &str = "
CREATE TABLE IF NOT EXISTS bookmarks (
    item_id TEXT PRIMARY KEY,
    chapter_id TEXT,
    title TEXT,
    preview TEXT,
    note TEXT,
    created_ms INTEGER
);
CREATE TABLE IF NOT EXISTS positions (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE INDEX IF NOT EXISTS reviews_by_card ON reviews(card_id, at_ms);
";

/// Mock-interview history: one row per session, one per answer given.
/// Times in milliseconds; `rated_against`, `ticked` and `signals` are JSON.
const V3_INTERVIEWS: &str = "
CREATE TABLE IF NOT EXISTS interview_sessions (
    id INTEGER PRIMARY KEY,
    set_id TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    planned INTEGER NOT NULL,
    limit_ms INTEGER NOT NULL,
    UNIQUE (set_id, started_ms)
);
CREATE TABLE IF NOT EXISTS interview_answers (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES interview_sessions(id),
    position INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    prompt TEXT NOT NULL,
    answer TEXT,
    time_ms INTEGER NOT NULL,
    limit_ms INTEGER NOT NULL,
    rated_against TEXT NOT NULL,
    ticked TEXT NOT NULL,
    signals TEXT,
    answered_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS interview_answers_by_session ON interview_answers(session_id, position);
";

/// Version 2 to 3: the mock-interview tables. Self-contained, so other
/// version-3 tables can join it in one step.
pub fn migrate_v3_interviews(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(V3_INTERVIEWS)
}

/// Tables and the columns each version must have.
const REVIEWS: (&str, &[&str]) = (
    "reviews",
    &[
        "id",
        "card_id",
        "at_ms",
        "grade",
        "elapsed_ms",
        "typed_answer",
        "undone",
    ],
);
const BOOKMARKS: (&str, &[&str]) = (
    "bookmarks",
    &[
        "item_id",
        "chapter_id",
        "title",
        "preview",
        "note",
        "created_ms",
    ],
);
const POSITIONS: (&str, &[&str]) = ("positions", &["key", "value"]);
const INTERVIEW_SESSIONS: (&str, &[&str]) = (
    "interview_sessions",
    &["id", "set_id", "started_ms", "planned", "limit_ms"],
);
const INTERVIEW_ANSWERS: (&str, &[&str]) = (
    "interview_answers",
    &[
        "id",
        "session_id",
        "position",
        "question_id",
        "prompt",
        "answer",
        "time_ms",
        "limit_ms",
        "rated_against",
        "ticked",
        "signals",
        "answered_ms",
    ],
);

fn required_tables(version: i64) -> &'static [(&'static str, &'static [&'static str])] {
    match version {
        1 => &[REVIEWS],
        2 => &[REVIEWS, BOOKMARKS, POSITIONS],
        _ => &[
            REVIEWS,
            BOOKMARKS,
            POSITIONS,
            INTERVIEW_SESSIONS,
            INTERVIEW_ANSWERS,
        ],
    }
}

/// What [`inspect`] found wrong (the caller adds the path).
#[derive(Debug)]
pub enum Problem {
    /// `PRAGMA quick_check` did not say "ok".
    Corrupt(String),
    /// `user_version` is newer than [`CURRENT_VERSION`].
    TooNew(i64),
    /// Tables or columns do not match the version.
    WrongTables(String),
    /// SQLite itself failed (not a database, I/O error, ...).
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for Problem {
    fn from(e: rusqlite::Error) -> Self {
        Problem::Sqlite(e)
    }
}

/// Checks an existing database without writing: integrity, version and
/// tables. Returns its version (0 = no tables at all, safe to initialise).
pub fn inspect(conn: &Connection) -> Result<i64, Problem> {
    let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Problem::Corrupt(check));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > CURRENT_VERSION {
        return Err(Problem::TooNew(version));
    }
    let table_count: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    if version == 0 {
        if table_count == 0 {
            return Ok(0);
        }
        return Err(Problem::WrongTables(format!(
            "it has {table_count} table(s) but no studyguide schema version"
        )));
    }
    if version < 0 {
        return Err(Problem::WrongTables(format!(
            "unknown schema version {version}"
        )));
    }
    for (table, columns) in required_tables(version) {
        let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
        let have: Vec<String> = stmt
            .query_map([table], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if have.is_empty() {
            return Err(Problem::WrongTables(format!(
                "schema version {version} but table `{table}` is missing"
            )));
        }
        if let Some(missing) = columns.iter().find(|c| !have.iter().any(|h| h == *c)) {
            return Err(Problem::WrongTables(format!(
                "table `{table}` has no column `{missing}`"
            )));
        }
    }
    Ok(version)
}

/// Brings a checked database from `from` to [`CURRENT_VERSION`] in one
/// IMMEDIATE transaction. The version is re-read under the write lock, so two
/// processes upgrading at once do not both apply a step. Returns the version
/// found under the lock.
pub fn migrate(conn: &mut Connection, from: i64) -> rusqlite::Result<i64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version >= CURRENT_VERSION {
        return Ok(version);
    }
    debug_assert!(version >= from || from == 0);
    if version < 1 {
        tx.execute_batch(V1)?;
    }
    if version < 2 {
        tx.execute_batch(V2)?;
    }
    if version < 3 {
        migrate_v3_interviews(&tx)?;
    }
    tx.pragma_update(None, "user_version", CURRENT_VERSION)?;
    tx.commit()?;
    Ok(version)
}

/// Whether the tables of version 3 exist (a read-only v2 store lacks them).
pub fn has_v3_tables(conn: &Connection) -> rusqlite::Result<bool> {
    let found: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'interview_answers'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}

/// Whether the tables of version 2 exist (a read-only v1 store lacks them).
pub fn has_v2_tables(conn: &Connection) -> rusqlite::Result<bool> {
    let found: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'bookmarks'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Checks an existing file without opening it for writing. Returns its
/// schema version (0 = valid database without tables).
pub(crate) fn preflight(path: &Path) -> Result<i64, StoreError> {
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
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    conn.busy_timeout(StdDuration::from_secs(5))
        .map_err(|e| classify(path, e))?;
    let version = inspect(&conn).map_err(|problem| match problem {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_migrates_to_current() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(inspect(&conn).unwrap(), 0);
        assert_eq!(migrate(&mut conn, 0).unwrap(), 0);
        assert_eq!(inspect(&conn).unwrap(), CURRENT_VERSION);
        // Idempotent.
        assert_eq!(
            migrate(&mut conn, CURRENT_VERSION).unwrap(),
            CURRENT_VERSION
        );
    }

    #[test]
    fn a_version_2_store_gains_the_interview_tables_and_keeps_its_rows() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(V1).unwrap();
        conn.execute_batch(V2).unwrap();
        conn.execute_batch(
            "INSERT INTO reviews(card_id, at_ms, grade, elapsed_ms) VALUES ('a', 1, 3, 9);
             PRAGMA user_version = 2;",
        )
        .unwrap();
        assert_eq!(inspect(&conn).unwrap(), 2);
        assert!(!has_v3_tables(&conn).unwrap());
        assert_eq!(migrate(&mut conn, 2).unwrap(), 2);
        assert_eq!(inspect(&conn).unwrap(), 3);
        assert!(has_v3_tables(&conn).unwrap());
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn foreign_tables_are_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE notes(x)").unwrap();
        assert!(matches!(inspect(&conn), Err(Problem::WrongTables(_))));
        conn.execute_batch("PRAGMA user_version = 1").unwrap();
        assert!(matches!(inspect(&conn), Err(Problem::WrongTables(_))));
        conn.execute_batch("PRAGMA user_version = 4").unwrap();
        assert!(matches!(inspect(&conn), Err(Problem::TooNew(4))));
    }
}
