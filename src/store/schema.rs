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

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use super::StoreError;
use crate::domain::schedule::day::DayBoundary;

mod review_days;
pub use review_days::migrate_v4_review_days;

mod v7_sync;
pub use v7_sync::migrate_v7_sync;
pub(super) use v7_sync::{REVIEWS_BY_UID, REVIEWS_UID_TRIGGER};

/// The newest schema version this build understands.
pub const CURRENT_VERSION: i64 = 7;

/// The log's index by card and time (made with the table; a sync that adds
/// as many rows as the table holds drops it and makes it again).
macro_rules! reviews_by_card {
    () => {
        "CREATE INDEX IF NOT EXISTS reviews_by_card ON reviews(card_id, at_ms);"
    };
}
pub(super) const REVIEWS_BY_CARD: &str = reviews_by_card!();

const V1: &str = concat!(
    "
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
    elapsed_ms INTEGER NOT NULL,
    typed_answer TEXT,
    undone INTEGER NOT NULL DEFAULT 0
);
",
    reviews_by_card!(),
    "\n"
);

const V2: &str = concat!(
    "
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
",
    reviews_by_card!(),
    "\n"
);

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

mod integrity;
mod preflight;
pub(crate) use integrity::inspect_on_open;
pub use integrity::{FULL_SCAN_EVERY_DAYS, full_scan, full_scan_due, scan_record_path};
pub(crate) use preflight::{classify, open_read_only_connection, preflight};

#[cfg(test)]
mod tests;
mod wal_copy;
