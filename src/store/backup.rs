//! Backups of the progress store.
//!
//! - Before a schema migration the store is copied to `<name>.bak-v<old>`
//!   beside it (or `<name>.bak-v<old>.N` if that exists already).
//! - Once a day, on open, a copy goes to `backups/<name>.backup-YYYYMMDD`
//!   beside the store; the newest [`KEEP_DAILY`] are kept, newest by the
//!   files' real age first (then by their date), so backups dated in the
//!   future by `--now` cannot push out the real ones. A copy is made under
//!   a temporary name and linked into place, so a copy that failed half way
//!   never takes the name, and instances starting at the same moment make
//!   one backup between them; an empty one (from an older version) is
//!   removed and made again.
//! - A backup dated by a day `--now` made up ([`Day::Simulated`]) goes to
//!   `backups/simulated/` and is pruned there, in its own five: trying
//!   dates in the past (or the future) never pushes out a real backup.
//!
//! Copies are made with `VACUUM INTO` (rusqlite's online-backup API needs the
//! `backup` cargo feature, which this crate does not enable). `VACUUM INTO`
//! reads through the connection, so it includes changes still in the WAL and
//! never writes to the source. The date comes from the caller; nothing here
//! reads the clock.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{StoreError, create_private_dir};

/// How many daily backups to keep.
pub const KEEP_DAILY: usize = 5;

/// The `backups/` directory beside the store at `db_path`.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// The day that dates a daily backup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Day {
    /// The study day of the clock.
    Real(NaiveDate),
    /// A study day made up (`--now`): its backups are kept apart.
    Simulated(NaiveDate),
}

impl Day {
    pub fn date(self) -> NaiveDate {
        match self {
            Day::Real(date) | Day::Simulated(date) => date,
        }
    }
}

/// Where the backups of a store dated by a made-up day go:
/// `backups/simulated/`.
pub fn simulated_backups_dir(db_path: &Path) -> PathBuf {
    backups_dir(db_path).join("simulated")
}

fn file_name(db_path: &Path) -> String {
    db_path.file_name().map_or_else(
        || "progress.db".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Writes a consistent copy of the database behind `conn` to `target`, which
/// must not exist.
pub fn vacuum_into(conn: &Connection, target: &Path) -> rusqlite::Result<()> {
    let target = target.to_string_lossy().into_owned();
    conn.execute("VACUUM INTO ?1", [target])?;
    Ok(())
}

/// Copies the database behind `conn` to `target` so that the name never
/// holds half a copy, whatever another instance does at the same moment:
/// the copy is made under a temporary name beside it, then linked to
/// `target`. `Ok(false)` when `target` was taken meanwhile (another
/// instance's copy, kept as it is). Where hard links are not supported the
/// copy is renamed into place.
fn copy_to(conn: &Connection, target: &Path) -> std::io::Result<bool> {
    let temp = super::create::temp_name(target, "tmp");
    let copied = vacuum_into(conn, &temp)
        .map_err(std::io::Error::other)
        .and_then(|()| match std::fs::hard_link(&temp, target) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(_) => std::fs::rename(&temp, target).map(|()| true),
        });
    super::create::remove_with_sidecars(&temp);
    copied
}

/// Copies the store to `<name>.bak-v<old_version>` beside it before a
/// migration; never overwrites an earlier copy. Returns the copy's path.
pub fn migration_backup(
    conn: &Connection,
    db_path: &Path,
    old_version: i64,
) -> Result<PathBuf, StoreError> {
    let base = db_path.with_file_name(format!("{}.bak-v{old_version}", file_name(db_path)));
    let mut target = base.clone();
    let mut n = 1;
    loop {
        if !target.exists() {
            let copied = copy_to(conn, &target).map_err(|source| StoreError::Backup {
                path: db_path.to_path_buf(),
                target: target.clone(),
                source,
            })?;
            if copied {
                return Ok(target);
            }
        }
        // an earlier copy (or another instance's, made meanwhile) keeps its name
        target = PathBuf::from(format!("{}.{n}", base.display()));
        n += 1;
    }
}

/// Daily backups of the store at `db_path`, oldest first.
pub fn list_daily(db_path: &Path) -> Vec<(NaiveDate, PathBuf)> {
    list_daily_in(db_path, &backups_dir(db_path))
}

/// Daily backups of the store at `db_path` kept in `dir`, oldest first.
fn list_daily_in(db_path: &Path, dir: &Path) -> Vec<(NaiveDate, PathBuf)> {
    let mut found: Vec<(NaiveDate, PathBuf)> = list_with_age(db_path, dir)
        .into_iter()
        .map(|(date, _, path)| (date, path))
        .collect();
    found.sort();
    found
}

/// Daily backups with their modification time; empty files (a backup that
/// failed) are removed and left out.
fn list_with_age(db_path: &Path, dir: &Path) -> Vec<(NaiveDate, SystemTime, PathBuf)> {
    let prefix = format!("{}.backup-", file_name(db_path));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let date = name.strip_prefix(&prefix)?;
            let date = NaiveDate::parse_from_str(date, "%Y%m%d").ok()?;
            let meta = e.metadata().ok()?;
            if meta.len() == 0 {
                let _ = std::fs::remove_file(e.path());
                return None;
            }
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            Some((date, modified, e.path()))
        })
        .collect()
}

/// Writes today's backup unless the newest one is from `today`, then keeps
/// only the newest [`KEEP_DAILY`]. Returns the new backup's path, if any.
pub fn daily_backup(
    conn: &Connection,
    db_path: &Path,
    today: NaiveDate,
) -> Result<Option<PathBuf>, StoreError> {
    daily_backup_on(conn, db_path, Day::Real(today))
}

/// [`daily_backup`] for `day`: a made-up day's backups are made and pruned
/// in [`simulated_backups_dir`], apart from the real ones.
pub fn daily_backup_on(
    conn: &Connection,
    db_path: &Path,
    day: Day,
) -> Result<Option<PathBuf>, StoreError> {
    let (today, dir) = match day {
        Day::Real(today) => (today, backups_dir(db_path)),
        Day::Simulated(today) => (today, simulated_backups_dir(db_path)),
    };
    if list_daily_in(db_path, &dir)
        .iter()
        .any(|(date, _)| *date == today)
    {
        return Ok(None);
    }
    create_private_dir(&dir)?;
    let target = dir.join(format!(
        "{}.backup-{}",
        file_name(db_path),
        today.format("%Y%m%d")
    ));
    if target.exists() {
        // A backup for today exists but a later-dated one sorts after it
        // (clock moved back): leave both alone.
        return Ok(None);
    }
    // A copy that fails half way never takes the name (the next open
    // retries); another instance's copy made meanwhile is today's backup.
    match copy_to(conn, &target) {
        Ok(true) => {}
        Ok(false) => return Ok(None),
        Err(source) => {
            return Err(StoreError::Backup {
                path: db_path.to_path_buf(),
                target,
                source,
            });
        }
    }
    prune(db_path, &dir, KEEP_DAILY);
    Ok(Some(target))
}

/// Deletes all but the newest `keep` daily backups (best effort). Newest
/// means most recently written, then latest date: a backup dated 2099 by a
/// `--now` in the future ages like any other file and goes in its turn.
fn prune(db_path: &Path, dir: &Path, keep: usize) {
    let mut all = list_with_age(db_path, dir);
    all.sort_by_key(|(date, modified, _)| (*modified, *date));
    let excess = all.len().saturating_sub(keep);
    for (_, _, path) in all.into_iter().take(excess) {
        let _ = std::fs::remove_file(path);
    }
}
