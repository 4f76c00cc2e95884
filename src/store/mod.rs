//! The progress store: one SQLite file in the data directory holding the
//! review log (the source of truth for scheduling), bookmarks and small UI
//! state such as the reading position.
//!
//! Safety rules, in order of importance:
//! - An existing file is checked through a read-only connection (header,
//!   `PRAGMA quick_check`, `user_version`, tables) before it is ever opened
//!   for writing. An empty, foreign, corrupt or too-new file is refused with
//!   an error naming the path; it is never written, truncated or deleted.
//! - Migrations copy the file to `<name>.bak-v<old>` first, then run in one
//!   transaction (see [`schema`]). Daily backups go to `backups/` ([`backup`]).
//! - Journal mode is WAL with `synchronous=FULL`: each answer is one
//!   transaction and is fsynced to the WAL when it commits. WAL+NORMAL would
//!   already survive `kill -9` (the committed WAL frames are in the OS cache),
//!   but FULL also survives a power cut or OS crash for the last answers, and
//!   one fsync per answer is cheap at human answering speed.
//! - `busy_timeout` is 5 s, so two processes with the store open both append
//!   (single-statement autocommit writes) without losing reviews.
//!
//! Library code never reads the clock: [`Store::open_at`] takes `now`.

pub mod backup;
pub mod queue;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::schedule::Grade;

/// A progress-store failure. The message names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot create the directory {path}: {source}. Check its permissions or choose another data directory."
    )]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the progress store {path}: {source}. Check the file's permissions.")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the progress store {path} does not exist. Run studyguide once without read-only mode to create it."
    )]
    Missing { path: PathBuf },
    #[error(
        "the progress store {path} is empty (0 bytes), perhaps truncated. It was left untouched: restore a copy from the backups/ directory beside it, or move the file away to start afresh."
    )]
    Empty { path: PathBuf },
    #[error(
        "{path} is not a studyguide progress store ({detail}). It was left untouched: restore a copy from the backups/ directory beside it, or move the file away to start afresh."
    )]
    NotADatabase { path: PathBuf, detail: String },
    #[error(
        "the progress store {path} is damaged ({detail}). It was left untouched: restore a copy from the backups/ directory beside it, or move the file away to start afresh."
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "the progress store {path} was written by a newer studyguide (schema version {found}; this version knows up to {known}). It was left untouched: upgrade studyguide to use it."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{path} is a SQLite database but not a studyguide progress store ({detail}). It was left untouched: move it away or point studyguide at another data directory."
    )]
    WrongTables { path: PathBuf, detail: String },
    #[error(
        "the progress store {path} is marked read-only (no write permission), so answers will not be saved. Make it writable (chmod u+w) and restart studyguide to save progress."
    )]
    NotWritable { path: PathBuf },
    #[error(
        "the progress store {path} is open read-only, so this change was not saved. Make the file writable and restart studyguide to save progress."
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "could not back up {path} to {target}: {source}. Nothing was changed; free some disk space or check permissions, then try again."
    )]
    Backup {
        path: PathBuf,
        target: PathBuf,
        source: rusqlite::Error,
    },
    #[error("review {id} is not in the progress store {path} (or was already undone).")]
    NoSuchReview { path: PathBuf, id: i64 },
    #[error(
        "the progress store {path} holds an invalid value ({detail}). Restore a copy from the backups/ directory beside it."
    )]
    BadData { path: PathBuf, detail: String },
    #[error(
        "the progress store {path} failed: {source}. If another studyguide is busy with it, try again; otherwise check disk space and permissions."
    )]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One answer, as logged.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRecord {
    pub card_id: String,
    pub at: DateTime<Utc>,
    pub grade: Grade,
    /// Time spent on the card before answering.
    pub elapsed_ms: u64,
    /// What the user typed, for cards answered by typing.
    pub typed_answer: Option<String>,
}

/// A kept item (an insight, a question, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct Bookmark {
    pub item_id: String,
    pub chapter_id: String,
    pub title: String,
    pub preview: String,
    pub note: String,
    pub created: DateTime<Utc>,
}

/// An open progress store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// Schema version of the open file (below current only when read-only).
    version: i64,
    migration_backup: Option<PathBuf>,
    backup_warning: Option<String>,
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

fn ms_to_time(path: &Path, ms: i64) -> Result<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .ok_or_else(|| StoreError::BadData {
            path: path.to_path_buf(),
            detail: format!("timestamp {ms} out of range"),
        })
}

/// Appends one review row (through a cached statement).
fn insert_review(conn: &Connection, review: &ReviewRecord) -> rusqlite::Result<()> {
    let elapsed = i64::try_from(review.elapsed_ms).unwrap_or(i64::MAX);
    conn.prepare_cached(
        "INSERT INTO reviews (card_id, at_ms, grade, elapsed_ms, typed_answer) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        review.card_id,
        review.at.timestamp_millis(),
        review.grade.as_u8(),
        elapsed,
        review.typed_answer
    ])?;
    Ok(())
}

impl Store {
    /// Opens (creating if missing) the store at `path`, using the clock for
    /// the daily backup.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::open_at(path, Utc::now())
    }

    /// Opens (creating if missing) the store at `path` for reading and
    /// writing; `now` dates the daily backup.
    pub fn open_at(path: impl AsRef<Path>, now: DateTime<Utc>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent() {
            create_private_dir(parent)?;
        }
        let exists = path.exists();
        // Honour the permission bits even where they do not bind (as root):
        // a file the user made read-only is never written.
        if exists
            && std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.permissions().readonly())
        {
            return Err(StoreError::NotWritable { path });
        }
        let version = if exists { schema::preflight(&path)? } else { 0 };
        let flags = if exists {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let sql = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let mut conn =
            Connection::open_with_flags(&path, flags).map_err(|e| schema::classify(&path, e))?;
        conn.busy_timeout(StdDuration::from_secs(5)).map_err(sql)?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(sql)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Sqlite {
                path: path.clone(),
                source: rusqlite::Error::InvalidQuery,
            });
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;

        let mut migration_backup = None;
        if version > 0 && version < schema::CURRENT_VERSION {
            migration_backup = Some(backup::migration_backup(&conn, &path, version)?);
        }
        if version < schema::CURRENT_VERSION {
            schema::migrate(&mut conn, version).map_err(sql)?;
        }
        let backup_warning = if exists {
            match backup::daily_backup(&conn, &path, now.date_naive()) {
                Ok(_) => None,
                Err(e) => Some(e.to_string()),
            }
        } else {
            None
        };
        Ok(Store {
            conn,
            path,
            read_only: false,
            version: schema::CURRENT_VERSION,
            migration_backup,
            backup_warning,
        })
    }

    /// Opens an existing store without writing to it (for a read-only file):
    /// reads work, changes return [`StoreError::ReadOnly`]. An old-version
    /// store is not migrated; bookmarks and positions then read as empty.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if !path.exists() {
            return Err(StoreError::Missing { path });
        }
        let version = schema::preflight(&path)?;
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| schema::classify(&path, e))?;
        let sql = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(StdDuration::from_secs(5)).map_err(sql)?;
        let version = if version >= 2 && !schema::has_v2_tables(&conn).map_err(sql)? {
            1
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
        })
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

    fn sql(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn writable(&self) -> Result<()> {
        if self.read_only {
            Err(StoreError::ReadOnly {
                path: self.path.clone(),
            })
        } else {
            Ok(())
        }
    }

    /// Logs one answer (one transaction). Returns its id, for undo.
    pub fn append_review(&self, review: &ReviewRecord) -> Result<i64> {
        self.writable()?;
        insert_review(&self.conn, review).map_err(|e| self.sql(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Logs many answers in one transaction (imports, generated benchmark
    /// data). Returns the id of each, in order.
    pub fn append_reviews(&self, reviews: &[ReviewRecord]) -> Result<Vec<i64>> {
        self.writable()?;
        let tx = self.conn.unchecked_transaction().map_err(|e| self.sql(e))?;
        let mut ids = Vec::with_capacity(reviews.len());
        {
            for review in reviews {
                insert_review(&tx, review).map_err(|e| self.sql(e))?;
                ids.push(tx.last_insert_rowid());
            }
        }
        tx.commit().map_err(|e| self.sql(e))?;
        Ok(ids)
    }

    /// Marks review `id` undone. Undone reviews stay in the file but are
    /// ignored everywhere, so undo survives restarts.
    pub fn undo_review(&self, id: i64) -> Result<()> {
        self.writable()?;
        let changed = self
            .conn
            .execute(
                "UPDATE reviews SET undone = 1 WHERE id = ?1 AND undone = 0",
                [id],
            )
            .map_err(|e| self.sql(e))?;
        if changed == 0 {
            return Err(StoreError::NoSuchReview {
                path: self.path.clone(),
                id,
            });
        }
        Ok(())
    }

    /// The most recently logged review that is not undone (by id): what
    /// "undo" should take back next, also after a restart.
    pub fn last_review(&self) -> Result<Option<(i64, ReviewRecord)>> {
        let mut rows = self.query_reviews(
            "SELECT id, card_id, at_ms, grade, elapsed_ms, typed_answer FROM reviews \
             WHERE undone = 0 ORDER BY id DESC LIMIT 1",
        )?;
        Ok(rows.pop())
    }

    /// All reviews not undone, ordered by time then id.
    pub fn reviews(&self) -> Result<Vec<(i64, ReviewRecord)>> {
        self.query_reviews(
            "SELECT id, card_id, at_ms, grade, elapsed_ms, typed_answer FROM reviews \
             WHERE undone = 0 ORDER BY at_ms, id",
        )
    }

    fn query_reviews(&self, sql: &str) -> Result<Vec<(i64, ReviewRecord)>> {
        if self.version < 1 {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, card_id, at_ms, grade, elapsed_ms, typed_answer) =
                row.map_err(|e| self.sql(e))?;
            let grade = u8::try_from(grade)
                .ok()
                .and_then(Grade::from_u8)
                .ok_or_else(|| StoreError::BadData {
                    path: self.path.clone(),
                    detail: format!("review {id} has grade {grade}"),
                })?;
            out.push((
                id,
                ReviewRecord {
                    card_id,
                    at: ms_to_time(&self.path, at_ms)?,
                    grade,
                    elapsed_ms: u64::try_from(elapsed_ms).unwrap_or(0),
                    typed_answer,
                },
            ));
        }
        Ok(out)
    }

    /// What was typed the last time `card_id` was answered by typing.
    pub fn last_typed_answer(&self, card_id: &str) -> Result<Option<String>> {
        if self.version < 1 {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT typed_answer FROM reviews WHERE card_id = ?1 AND undone = 0 \
                 AND typed_answer IS NOT NULL ORDER BY at_ms DESC, id DESC LIMIT 1",
                [card_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))
    }

    /// Adds or replaces the bookmark for `b.item_id`.
    pub fn upsert_bookmark(&self, b: &Bookmark) -> Result<()> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO bookmarks (item_id, chapter_id, title, preview, note, created_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(item_id) DO UPDATE SET \
                 chapter_id = excluded.chapter_id, title = excluded.title, \
                 preview = excluded.preview, note = excluded.note, created_ms = excluded.created_ms",
                params![
                    b.item_id,
                    b.chapter_id,
                    b.title,
                    b.preview,
                    b.note,
                    b.created.timestamp_millis()
                ],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Deletes a bookmark, returning it so the caller can undo by upserting.
    pub fn delete_bookmark(&self, item_id: &str) -> Result<Option<Bookmark>> {
        self.writable()?;
        let row = self
            .conn
            .query_row(
                "DELETE FROM bookmarks WHERE item_id = ?1 \
                 RETURNING item_id, chapter_id, title, preview, note, created_ms",
                [item_id],
                bookmark_row,
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        row.map(|r| self.bookmark(r)).transpose()
    }

    /// All bookmarks, oldest first.
    pub fn bookmarks(&self) -> Result<Vec<Bookmark>> {
        if self.version < 2 {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT item_id, chapter_id, title, preview, note, created_ms FROM bookmarks \
                 ORDER BY created_ms, item_id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt.query_map([], bookmark_row).map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(self.bookmark(row.map_err(|e| self.sql(e))?)?);
        }
        Ok(out)
    }

    fn bookmark(&self, row: BookmarkRow) -> Result<Bookmark> {
        let (item_id, chapter_id, title, preview, note, created_ms) = row;
        Ok(Bookmark {
            item_id,
            chapter_id: chapter_id.unwrap_or_default(),
            title: title.unwrap_or_default(),
            preview: preview.unwrap_or_default(),
            note: note.unwrap_or_default(),
            created: ms_to_time(&self.path, created_ms.unwrap_or(0))?,
        })
    }

    /// Saves a small piece of UI state (reading position, ...).
    pub fn set_position(&self, key: &str, value: &str) -> Result<()> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO positions (key, value) VALUES (?1, ?2) \
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Reads back what [`Store::set_position`] saved.
    pub fn position(&self, key: &str) -> Result<Option<String>> {
        if self.version < 2 {
            return Ok(None);
        }
        let value: Option<Option<String>> = self
            .conn
            .query_row("SELECT value FROM positions WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sql(e))?;
        Ok(value.flatten())
    }
}

type BookmarkRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

fn bookmark_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BookmarkRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}
