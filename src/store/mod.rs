//! What touches the disk: the progress store (one SQLite file in the data
//! directory holding the review log, the source of truth for scheduling,
//! bookmarks and small UI state such as the reading position), split by
//! table ([`reviews`], [`bookmarks`], [`positions`], `interviews`,
//! `missed_points`, `drafts`) with its [`schema`],
//! [`backup`]s and [`error`]s; reading content directories ([`content_dir`])
//! and the parsed-content cache ([`content_cache`]).
//!
//! Rule: uses `crate::domain` only; never `crate::tui` or `crate::cli`, and
//! no terminal.
//!
//! Safety rules, in order of importance:
//! - An existing file is checked through a read-only connection (header,
//!   `user_version`, tables, and `PRAGMA quick_check` when due: see
//!   [`schema::integrity`]) before it is ever opened
//!   for writing. An empty, foreign, corrupt or too-new file is refused with
//!   an error naming the path; it is never written, truncated or deleted.
//! - Migrations copy the file to `<name>.bak-v<old>` first, then run in one
//!   transaction (see [`schema`]). Daily backups go to `backups/` ([`backup`]).
//! - Journal mode is WAL with `synchronous=FULL`: each answer is one
//!   transaction and is fsynced to the WAL when it commits. WAL+NORMAL would
//!   already survive `kill -9` (the committed WAL frames are in the OS cache),
//!   but FULL also survives a power cut or OS crash for the last answers, and
//!   one fsync per answer is cheap at human answering speed.
//! - The page cache is 512 KiB (see `Store::open_on`).
//! - `busy_timeout` is 5 s, so two processes with the store open both append
//!   (single-statement autocommit writes) without losing reviews.
//!
//! Library code never reads the clock: [`Store::open_at`] takes `now`.

pub mod atomic_file;
pub mod backup;
mod bookmarks;
mod card_states;
pub mod content_cache;
pub mod content_dir;
mod create;
mod drafts;
mod error;
mod interviews;
mod journal;
mod missed_points;
mod positions;
mod quarantine;
mod reviews;
pub mod schema;
mod stats_source;
mod sync_data;
mod sync_interviews;
mod sync_replay;
mod sync_rows;

pub use card_states::{StateRows, StoredState};
pub use error::{Result, StoreError};
pub use quarantine::SetAside;
pub use stats_source::{CardHistory, LogMark, StatsSource};
pub use sync_data::{
    BookmarkUpdate, SnapshotMark, SyncApplied, SyncImport, SyncReview, SyncSnapshot,
};
pub use sync_interviews::{AttemptMarks, MarksUpdate, PointUpdate, SyncAttempt, SyncMissedPoint};
pub use sync_rows::DEVICE_ID_KEY;

use std::path::{Path, PathBuf};

use crate::domain::schedule::day::{DayBoundary, Zone};
use crate::domain::schedule::{Grade, SchedulerConfig};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::domain::cards::CardId;

/// An open progress store.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    read_only: bool,
    /// Schema version of the open file (below current only when read-only).
    pub(crate) version: i64,
    migration_backup: Option<PathBuf>,
    backup_warning: Option<String>,
    /// What this open set aside as unreadable (see [`quarantine`]).
    set_aside: SetAside,
    /// Set when a read of the card-state table met a row it cannot read.
    states_damaged: std::cell::Cell<bool>,
    /// Set by [`Store::keep_card_states`]: the card-state table follows
    /// every answer and undo.
    states_keeper: Option<card_states::StateKeeper>,
    /// How study days are counted for answers logged without one: by the
    /// schema-4 migration, once, and when reading a store from before it.
    days: DayBoundary,
}

/// The study days of a store not told otherwise: the local zone, days
/// starting at the default hour.
fn default_days() -> DayBoundary {
    DayBoundary::new(Zone::Local, SchedulerConfig::default().day_starts_at)
}

/// The steps of SQLite's plan for `sql` (`EXPLAIN QUERY PLAN`), for tests
/// that hold a query to an index or to no sort.
/// Fails the test when SQLite cannot explain `sql`.
#[cfg(test)]
#[allow(clippy::expect_used)]
pub(crate) fn query_plan(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("the query is explained");
    stmt.query_map([], |r| r.get::<_, String>(3))
        .and_then(|rows| rows.collect())
        .expect("the plan is read")
}

/// Creates `dir` and its parents; new directories get mode 0700 on unix.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|source| StoreError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })
}

/// A card id in column `index` of `row`, read without a heap allocation of
/// its own for an id of up to 24 bytes (see [`CardId`]).
pub(crate) fn card_id_at(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<CardId> {
    Ok(row.get_ref(index)?.as_str()?.into())
}

/// A grade as the log keeps it (1 to 4), or `None` for any other value.
pub(crate) fn grade_of(stored: i64) -> Option<Grade> {
    u8::try_from(stored).ok().and_then(Grade::from_u8)
}

pub(crate) fn ms_to_time(path: &Path, ms: i64) -> Result<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .ok_or_else(|| StoreError::BadData {
            path: path.to_path_buf(),
            detail: format!("timestamp {ms} out of range"),
        })
}

/// The store's file before it is opened for writing: its directory made, a
/// missing store made whole beside its name first (an instance starting at
/// the same moment never finds it half made), and a file the user made
/// read-only refused, even where the permission bits do not bind (as root).
fn make_or_find(path: &Path, days: &DayBoundary) -> Result<create::Made> {
    if let Some(parent) = path.parent() {
        create_private_dir(parent)?;
    }
    let made = if path.exists() {
        create::Made::AlreadyThere
    } else {
        create::make_if_missing(path, days)
    };
    if made != create::Made::InPlace
        && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().readonly())
    {
        return Err(StoreError::NotWritable {
            path: path.to_path_buf(),
        });
    }
    Ok(made)
}

/// A read-write connection to the file (created when it does not `exist`
/// yet) with the store's settings: a 5 s busy timeout, WAL with
/// `synchronous=FULL`, and a 512 KiB page cache.
fn connect_read_write(path: &Path, exists: bool) -> Result<Connection> {
    let flags = if exists {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let sql = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| schema::classify(path, e))?;
    conn.busy_timeout(journal::BUSY_WAIT).map_err(sql)?;
    let mode = journal::set_wal(&conn).map_err(sql)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Sqlite {
            path: path.to_path_buf(),
            source: rusqlite::Error::InvalidQuery,
        });
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sql)?;
    // The page cache: 512 KiB, not SQLite's 2 MB. The app reads the log
    // once, in order, at start-up, and after that an answer touches a few
    // pages of a few b-trees; the bigger cache only held memory.
    conn.pragma_update(None, "cache_size", -512).map_err(sql)?;
    Ok(conn)
}

/// Migrates a store at schema `version` to the current one; a store that
/// had one (not a new file) is copied to its migration backup first, whose
/// path is returned.
fn bring_up_to_date(
    conn: &mut Connection,
    path: &Path,
    version: i64,
    days: &DayBoundary,
) -> Result<Option<PathBuf>> {
    let mut migration_backup = None;
    if version > 0 && version < schema::CURRENT_VERSION {
        migration_backup = Some(backup::migration_backup(conn, path, version)?);
    }
    if version < schema::CURRENT_VERSION {
        schema::migrate(conn, version, days).map_err(|source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        })?;
    }
    Ok(migration_backup)
}

impl Store {
    /// Opens (creating if missing) the store at `path`, using the clock for
    /// the daily backup.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::open_at(path, Utc::now())
    }

    /// Opens (creating if missing) the store at `path` for reading and
    /// writing; `now` dates the daily backup (its UTC date).
    pub fn open_at(path: impl AsRef<Path>, now: DateTime<Utc>) -> Result<Store> {
        Self::open_on(path, now.date_naive())
    }

    /// Like [`Store::open_at`], with the daily backup dated by the
    /// learner's study day (local zone, day start hour).
    pub fn open_on(path: impl AsRef<Path>, today: NaiveDate) -> Result<Store> {
        Self::open_counting_days(path, today, default_days())
    }

    /// Like [`Store::open_on`], with the learner's study days (zone and
    /// start hour): the schema-4 migration dates the answers logged before
    /// it by them.
    pub fn open_counting_days(
        path: impl AsRef<Path>,
        today: NaiveDate,
        days: DayBoundary,
    ) -> Result<Store> {
        Self::open_dated(path, backup::Day::Real(today), days)
    }

    /// Like [`Store::open_counting_days`], with the daily backup dated by
    /// `day`: a day made up by `--now` keeps its backups apart (see
    /// [`backup`]).
    pub fn open_dated(
        path: impl AsRef<Path>,
        day: backup::Day,
        days: DayBoundary,
    ) -> Result<Store> {
        Self::open_with(path.as_ref(), day.date(), Some(day), days)
    }

    /// Opens (creating if missing) the store at `path` for reading and
    /// writing without a daily backup: for the rescue writer on the way
    /// out, whose clock may be made up by `--now` (a backup dated by it
    /// would join the real ones) and which must not linger.
    pub fn open_without_backup(path: impl AsRef<Path>, now: DateTime<Utc>) -> Result<Store> {
        Self::open_with(path.as_ref(), now.date_naive(), None, default_days())
    }

    /// The read-write open: `today` schedules the full integrity scan and
    /// dates what is set aside; `backup_day` dates the daily backup, if one is
    /// made.
    fn open_with(
        path: &Path,
        today: NaiveDate,
        backup_day: Option<backup::Day>,
        days: DayBoundary,
    ) -> Result<Store> {
        let path = path.to_path_buf();
        let made = make_or_find(&path, &days)?;
        let exists = made != create::Made::InPlace;
        let version = if exists {
            schema::preflight(&path, Some(today))?
        } else {
            0
        };
        let mut conn = connect_read_write(&path, exists)?;
        let migration_backup = bring_up_to_date(&mut conn, &path, version, &days)?;
        let mut store = Store {
            conn,
            path,
            read_only: false,
            version: schema::CURRENT_VERSION,
            migration_backup,
            backup_warning: None,
            set_aside: SetAside::default(),
            states_damaged: std::cell::Cell::new(false),
            states_keeper: None,
            days,
        };
        store.create_card_state_tables()?;
        // the drafts table, also where a store reached version 6 without it
        store
            .conn
            .execute_batch(schema::V5_DRAFTS)
            .map_err(|e| store.sql(e))?;
        // A row no reader accepts is set aside (never a reason to refuse
        // every write); the backup below then holds a store that reads.
        store.set_aside =
            store.set_aside_unreadable_rows(today.and_time(NaiveTime::MIN).and_utc())?;
        if let Some(day) = backup_day.filter(|_| made == create::Made::AlreadyThere) {
            store.backup_warning = backup::daily_backup_on(&store.conn, &store.path, day)
                .err()
                .map(|e| e.to_string());
        }
        Ok(store)
    }

    /// Opens an existing store without writing to it (for a read-only file):
    /// reads work, changes return [`StoreError::ReadOnly`]. An old-version
    /// store is not migrated; bookmarks and positions then read as empty.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if !path.exists() {
            return Err(StoreError::Missing { path });
        }
        let version = schema::preflight(&path, None)?;
        let conn = schema::open_read_only_connection(&path)?;
        let sql = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let version = if version >= 2 && !schema::has_v2_tables(&conn).map_err(sql)? {
            1
        } else if version >= 3 && !schema::has_v3_tables(&conn).map_err(sql)? {
            2
        } else if version >= 6 && !schema::has_v6_tables(&conn).map_err(sql)? {
            3
        } else {
            version
        };
        Ok(Store {
            conn,
            path,
            read_only: true,
            version,
            migration_backup: None,
            backup_warning: None,
            set_aside: SetAside::default(),
            states_damaged: std::cell::Cell::new(false),
            states_keeper: None,
            days: default_days(),
        })
    }

    /// Counts the study days of answers logged without one (a store from
    /// before schema 4, open read-only) with `days`.
    pub fn count_days_with(mut self, days: DayBoundary) -> Store {
        self.days = days;
        self
    }

    /// A number that changes when another connection (another instance of
    /// the app) commits a change to the file: `PRAGMA data_version`, a cheap
    /// call to make before serving the next card.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.sql(e))
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Where the file was copied before a migration during this open.
    pub fn migration_backup(&self) -> Option<&Path> {
        self.migration_backup.as_deref()
    }

    /// Why today's daily backup failed, if it did (opening still succeeds).
    pub fn backup_warning(&self) -> Option<&str> {
        self.backup_warning.as_deref()
    }

    /// What this open set aside as unreadable (read-write opens only).
    pub fn set_aside(&self) -> SetAside {
        self.set_aside
    }

    pub(crate) fn sql(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    pub(crate) fn writable(&self) -> Result<()> {
        if self.read_only {
            Err(StoreError::ReadOnly {
                path: self.path.clone(),
            })
        } else {
            Ok(())
        }
    }
}

/// Whether an index of this name exists (the partial indexes are made on
/// read-write opens; an older store may lack them).
pub(crate) fn has_index(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    use rusqlite::OptionalExtension;
    let found: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}
