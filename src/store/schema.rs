//! Schema versions and migrations of the progress store.
//!
//! The version lives in `PRAGMA user_version`:
//! - 0: a database with no tables yet (fresh file); initialised to the latest.
//! - 1: `reviews` only (the review log, the source of truth).
//! - 2: adds `bookmarks` and `positions` (reading position, small UI state).
//! - 3: adds `interview_sessions` and `interview_answers` (mock interviews),
//!   in [`migrate_v3_interviews`].
//! - 4: adds `reviews.day`, each answer's study day, in
//!   [`migrate_v4_review_days`].
//! - 5: adds `drafts` (text typed and not yet submitted, per box), moving
//!   the old typed-answer draft out of `positions`, in [`migrate_v5_drafts`].
//!   The table is optional in the checks and made at every writable open
//!   too, so a store that reached 6 without it gains it.
//! - 6: interview sessions and answers get unique ids (`uid`, UUIDs: two
//!   sessions started in the same millisecond stay two; sync joins on them),
//!   sessions a mode, answers their follow-ups and self-rating, and missed
//!   talking points become cards (`interview_missed_points`), in
//!   [`migrate_v6_interview_attempts`].
//! - 7: study on several machines ([`migrate_v7_sync`]): every review gets a
//!   globally unique id (`uid`), and `sync_state` keeps this device's id and
//!   what the last sync did.
//!
//! [`preflight`] checks an existing file (size, header, then [`inspect`]
//! through a read-only connection) before it is ever opened for writing. [`migrate`] upgrades inside one
//! transaction; the caller backs the file up first.
//!
//! The full integrity scan (`PRAGMA quick_check`, which reads every page)
//! does not run on every open: see [`inspect_on_open`] for when it does and
//! what the cheap checks of the other opens catch.

use std::path::Path;
use std::time::Duration as StdDuration;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use super::StoreError;
use crate::domain::schedule::day::DayBoundary;

mod review_days;
pub use review_days::migrate_v4_review_days;

mod v7_sync;
pub use v7_sync::migrate_v7_sync;

/// The newest schema version this build understands.
pub const CURRENT_VERSION: i64 = 7;

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

/// A random UUID (version 4 in form) as SQL, for rows written before ids:
/// evaluated once per row.
const SQL_UUID: &str = "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' \
    || substr(lower(hex(randomblob(2))), 2) || '-' \
    || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) \
    || '-' || lower(hex(randomblob(6)))";

/// Version 5 (or 3) to 6: unique ids for interview sessions and answers,
/// a session's mode, an answer's follow-ups and self-rating, and the table
/// of missed talking points. Both interview tables are made again (SQLite
/// cannot drop the sessions' `UNIQUE (set_id, started_ms)`), the answers
/// first pointing at the new sessions table, so no row ever points at a
/// dropped one (foreign keys are enforced); rows keep their row ids, and
/// rows from before get random ids.
pub fn migrate_v6_interview_attempts(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(&format!(
        "CREATE TABLE interview_sessions_v6 (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            set_id TEXT NOT NULL,
            started_ms INTEGER NOT NULL,
            planned INTEGER NOT NULL,
            limit_ms INTEGER NOT NULL,
            mode TEXT NOT NULL DEFAULT 'live'
        );
        INSERT INTO interview_sessions_v6 (id, uid, set_id, started_ms, planned, limit_ms)
            SELECT id, {SQL_UUID}, set_id, started_ms, planned, limit_ms FROM interview_sessions;
        CREATE TABLE interview_answers_v6 (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            session_id INTEGER NOT NULL REFERENCES interview_sessions_v6(id),
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            prompt TEXT NOT NULL,
            answer TEXT,
            time_ms INTEGER NOT NULL,
            limit_ms INTEGER NOT NULL,
            rated_against TEXT NOT NULL,
            ticked TEXT NOT NULL,
            signals TEXT,
            answered_ms INTEGER NOT NULL,
            follow_ups TEXT,
            self_rating INTEGER CHECK (self_rating BETWEEN 1 AND 4)
        );
        INSERT INTO interview_answers_v6 (id, uid, session_id, position, question_id, prompt,
                answer, time_ms, limit_ms, rated_against, ticked, signals, answered_ms)
            SELECT id, {SQL_UUID}, session_id, position, question_id, prompt, answer, time_ms,
                limit_ms, rated_against, ticked, signals, answered_ms FROM interview_answers;
        DROP TABLE interview_answers;
        DROP TABLE interview_sessions;
        ALTER TABLE interview_sessions_v6 RENAME TO interview_sessions;
        ALTER TABLE interview_answers_v6 RENAME TO interview_answers;
        CREATE INDEX interview_sessions_by_start ON interview_sessions(started_ms, id);
        CREATE INDEX interview_answers_by_session ON interview_answers(session_id, position);
        CREATE TABLE interview_missed_points (
            card_id TEXT PRIMARY KEY,
            set_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            teaching_card TEXT,
            prompt TEXT NOT NULL,
            label TEXT NOT NULL,
            description TEXT NOT NULL,
            first_attempt TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            deleted_ms INTEGER
        );"
    ))
}

mod v5_drafts;
pub use v5_drafts::{V5_DRAFTS, migrate_v5_drafts};

/// Tables and the columns each version must have.
const REVIEWS_V1: (&str, &[&str]) = (
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
        "day",
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
const REVIEWS_V7: (&str, &[&str]) = (
    "reviews",
    &[
        "id",
        "card_id",
        "at_ms",
        "grade",
        "elapsed_ms",
        "typed_answer",
        "undone",
        "day",
        "uid",
    ],
);
const SYNC_STATE: (&str, &[&str]) = ("sync_state", &["key", "value"]);
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
const INTERVIEW_SESSIONS_V6: (&str, &[&str]) = (
    "interview_sessions",
    &[
        "id",
        "uid",
        "set_id",
        "started_ms",
        "planned",
        "limit_ms",
        "mode",
    ],
);
const INTERVIEW_ANSWERS_V6: (&str, &[&str]) = (
    "interview_answers",
    &[
        "id",
        "uid",
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
        "follow_ups",
        "self_rating",
    ],
);
const INTERVIEW_MISSED_POINTS: (&str, &[&str]) = (
    "interview_missed_points",
    &[
        "card_id",
        "set_id",
        "question_id",
        "item_id",
        "teaching_card",
        "prompt",
        "label",
        "description",
        "first_attempt",
        "created_ms",
        "deleted_ms",
    ],
);

fn required_tables(version: i64) -> &'static [(&'static str, &'static [&'static str])] {
    match version {
        1 => &[REVIEWS_V1],
        2 => &[REVIEWS_V1, BOOKMARKS, POSITIONS],
        3 => &[
            REVIEWS_V1,
            BOOKMARKS,
            POSITIONS,
            INTERVIEW_SESSIONS,
            INTERVIEW_ANSWERS,
        ],
        4..=5 => &[
            REVIEWS,
            BOOKMARKS,
            POSITIONS,
            INTERVIEW_SESSIONS,
            INTERVIEW_ANSWERS,
        ],
        6 => &[
            REVIEWS,
            BOOKMARKS,
            POSITIONS,
            INTERVIEW_SESSIONS_V6,
            INTERVIEW_ANSWERS_V6,
            INTERVIEW_MISSED_POINTS,
        ],
        _ => &[
            REVIEWS_V7,
            BOOKMARKS,
            POSITIONS,
            INTERVIEW_SESSIONS_V6,
            INTERVIEW_ANSWERS_V6,
            INTERVIEW_MISSED_POINTS,
            SYNC_STATE,
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

/// Checks an existing database without writing: integrity (the full scan),
/// version and tables. Returns its version (0 = no tables at all, safe to
/// initialise).
pub fn inspect(conn: &Connection) -> Result<i64, Problem> {
    full_scan(conn)?;
    inspect_tables(conn)
}

/// The version and table checks of [`inspect`], without the integrity scan.
pub(crate) fn inspect_tables(conn: &Connection) -> Result<i64, Problem> {
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

/// The full integrity scan: `PRAGMA quick_check`, which reads every page.
pub fn full_scan(conn: &Connection) -> Result<(), Problem> {
    let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Problem::Corrupt(check));
    }
    Ok(())
}

/// Days after which an open runs the full scan again.
pub const FULL_SCAN_EVERY_DAYS: i64 = 7;

/// The file beside the store holding the date of its last full scan that
/// found nothing wrong (`progress.sqlite3.checked`, one `YYYY-MM-DD` line).
pub fn scan_record_path(db_path: &Path) -> std::path::PathBuf {
    let mut name = db_path.file_name().unwrap_or_default().to_os_string();
    name.push(".checked");
    db_path.with_file_name(name)
}

/// The date of the last clean full scan, if recorded and readable.
fn last_full_scan(db_path: &Path) -> Option<NaiveDate> {
    let text = std::fs::read_to_string(scan_record_path(db_path)).ok()?;
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Records `today` as the date of the last clean full scan: written to a
/// temporary file beside it, synced, then renamed over it. Best effort: a
/// record that cannot be written only means the next open scans again.
fn record_full_scan(db_path: &Path, today: NaiveDate) {
    use std::io::Write;
    let target = scan_record_path(db_path);
    let temp = target.with_extension("checked.tmp");
    let written = std::fs::File::create(&temp).and_then(|mut file| {
        writeln!(file, "{}", today.format("%Y-%m-%d"))?;
        file.sync_all()
    });
    if written
        .and_then(|()| std::fs::rename(&temp, &target))
        .is_err()
    {
        let _ = std::fs::remove_file(&temp);
    }
}

/// Whether the file left by a session that did not close the store (a
/// write-ahead log or a rollback journal beside it) is there: after a crash
/// or `kill -9`, or while another instance has the store open.
fn unclean_shutdown(db_path: &Path) -> bool {
    ["-wal", "-journal"].iter().any(|suffix| {
        let mut name = db_path.as_os_str().to_os_string();
        name.push(suffix);
        std::fs::metadata(std::path::PathBuf::from(name)).is_ok_and(|m| m.len() > 0)
    })
}

/// Whether the length of the file disagrees with its header: shorter than
/// the page count the header records (when that count is valid: its change
/// counter matches), or not a whole number of pages. Catches truncation.
fn length_disagrees_with_header(header: &[u8; 100], len: u64) -> bool {
    let be32 = |at: usize| {
        header
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_be_bytes)
    };
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    if !page_size.is_power_of_two() || !(512..=65_536).contains(&page_size) {
        return true;
    }
    let count_valid = be32(24) == be32(92) && be32(28) > 0;
    !len.is_multiple_of(page_size) || (count_valid && len < u64::from(be32(28)) * page_size)
}

/// Whether this open runs the full scan: after an unclean shutdown, when
/// the file's length disagrees with its header, when no clean scan is
/// recorded, or (with `today`, i.e. for writable opens) when the last one
/// is [`FULL_SCAN_EVERY_DAYS`] old or dated in the future.
pub fn full_scan_due(
    db_path: &Path,
    header: &[u8; 100],
    len: u64,
    today: Option<NaiveDate>,
) -> bool {
    if unclean_shutdown(db_path) || length_disagrees_with_header(header, len) {
        return true;
    }
    match (last_full_scan(db_path), today) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(last), Some(today)) => {
            last > today || (today - last).num_days() >= FULL_SCAN_EVERY_DAYS
        }
    }
}

/// Reads the first and last entries of every b-tree of the store's tables
/// and indexes: a damaged root or edge page fails here at the cost of a few
/// page reads, where the full scan reads every page.
fn probe_btrees(conn: &Connection, version: i64) -> rusqlite::Result<()> {
    // One min() or max() per query: SQLite answers that from the edge of
    // the b-tree, where a query asking for both scans the whole of it.
    let mut edges = vec![("reviews", "id"), ("reviews", "card_id")];
    if version >= 2 {
        edges.extend([
            ("bookmarks", "rowid"),
            ("bookmarks", "item_id"),
            ("positions", "rowid"),
            ("positions", "key"),
        ]);
    }
    for (table, column) in edges {
        for end in ["min", "max"] {
            conn.query_row(&format!("SELECT {end}({column}) FROM {table}"), [], |_| {
                Ok(())
            })?;
        }
    }
    Ok(())
}

/// The integrity and table checks [`preflight`] runs on every open. The
/// full scan runs when [`full_scan_due`] (and a clean one is recorded when
/// `today` is given); otherwise the header length check, the version and
/// table checks and [`probe_btrees`] stand in for it, and when any of them
/// fails with an SQLite error the full scan runs to say what is damaged.
/// Damage inside pages no probe reads is found by the weekly scan.
pub(crate) fn inspect_on_open(
    conn: &Connection,
    db_path: &Path,
    header: &[u8; 100],
    len: u64,
    today: Option<NaiveDate>,
) -> Result<i64, Problem> {
    if full_scan_due(db_path, header, len, today) {
        let version = inspect(conn)?;
        if let Some(today) = today {
            record_full_scan(db_path, today);
        }
        return Ok(version);
    }
    let cheap = inspect_tables(conn).and_then(|version| {
        if version > 0 {
            probe_btrees(conn, version)?;
        }
        Ok(version)
    });
    match cheap {
        Err(Problem::Sqlite(e)) => {
            full_scan(conn)?;
            Err(Problem::Sqlite(e))
        }
        other => other,
    }
}

/// Brings a checked database from `from` to [`CURRENT_VERSION`] in one
/// IMMEDIATE transaction. The version is re-read under the write lock, so two
/// processes upgrading at once do not both apply a step. Returns the version
/// found under the lock. `days` dates the answers already logged (version 4).
pub fn migrate(conn: &mut Connection, from: i64, days: &DayBoundary) -> rusqlite::Result<i64> {
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
    if version < 4 {
        migrate_v4_review_days(&tx, days)?;
    }
    if version < 5 {
        migrate_v5_drafts(&tx)?;
    }
    if version < 6 {
        migrate_v6_interview_attempts(&tx)?;
    }
    if version < 7 {
        migrate_v7_sync(&tx)?;
    }
    tx.pragma_update(None, "user_version", CURRENT_VERSION)?;
    tx.commit()?;
    Ok(version)
}

/// Whether a table of this name exists (a read-only older store lacks
/// the newer ones).
pub fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    let found: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
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

/// Whether the tables of version 6 exist (a read-only older store lacks them).
pub fn has_v6_tables(conn: &Connection) -> rusqlite::Result<bool> {
    let found: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_schema WHERE type = 'table' \
             AND name = 'interview_missed_points'",
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
pub(crate) fn open_read_only_connection(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    conn.busy_timeout(StdDuration::from_secs(5))
        .map_err(|e| classify(path, e))?;
    let readable = conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0));
    match readable {
        Ok(_) => Ok(conn),
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

#[cfg(test)]
mod tests;
mod wal_copy;
