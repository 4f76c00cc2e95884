//! Backups of the progress store.
//!
//! - Before a schema migration the store is copied to `<name>.bak-v<old>`
//!   beside it (or `<name>.bak-v<old>.N` if that exists already).
//! - Once a day, on open, a copy goes to `backups/<name>.backup-YYYYMMDD`
//!   beside the store; the newest [`KEEP_DAILY`] are kept.
//!
//! Copies are made with `VACUUM INTO` (rusqlite's online-backup API needs the
//! `backup` cargo feature, which this crate does not enable). `VACUUM INTO`
//! reads through the connection, so it includes changes still in the WAL and
//! never writes to the source. The date comes from the caller; nothing here
//! reads the clock.

use std::path::{Path, PathBuf};

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
    while target.exists() {
        target = PathBuf::from(format!("{}.{n}", base.display()));
        n += 1;
    }
    vacuum_into(conn, &target).map_err(|source| StoreError::Backup {
        path: db_path.to_path_buf(),
        target: target.clone(),
        source,
    })?;
    Ok(target)
}

/// Daily backups of the store at `db_path`, oldest first.
pub fn list_daily(db_path: &Path) -> Vec<(NaiveDate, PathBuf)> {
    let prefix = format!("{}.backup-", file_name(db_path));
    let Ok(entries) = std::fs::read_dir(backups_dir(db_path)) else {
        return Vec::new();
    };
    let mut found: Vec<(NaiveDate, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let date = name.strip_prefix(&prefix)?;
            let date = NaiveDate::parse_from_str(date, "%Y%m%d").ok()?;
            Some((date, e.path()))
        })
        .collect();
    found.sort();
    found
}

/// Writes today's backup unless the newest one is from `today`, then keeps
/// only the newest [`KEEP_DAILY`]. Returns the new backup's path, if any.
pub fn daily_backup(
    conn: &Connection,
    db_path: &Path,
    today: NaiveDate,
) -> Result<Option<PathBuf>, StoreError> {
    let existing = list_daily(db_path);
    if existing.last().is_some_and(|(date, _)| *date == today) {
        return Ok(None);
    }
    let dir = backups_dir(db_path);
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
    vacuum_into(conn, &target).map_err(|source| StoreError::Backup {
        path: db_path.to_path_buf(),
        target: target.clone(),
        source,
    })?;
    prune(db_path, KEEP_DAILY);
    Ok(Some(target))
}

/// Deletes all but the newest `keep` daily backups (best effort).
fn prune(db_path: &Path, keep: usize) {
    let all = list_daily(db_path);
    let excess = all.len().saturating_sub(keep);
    for (_, path) in all.into_iter().take(excess) {
        let _ = std::fs::remove_file(path);
    }
}
