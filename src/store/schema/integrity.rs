//! The integrity checks of an existing store: the full scan (`PRAGMA
//! quick_check`) and when it is due (every few days, after an unclean
//! shutdown, or when the file's length disagrees with its header), and the
//! cheap checks of the other opens (the b-trees probed, in
//! [`inspect_on_open`]).

use super::*;
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
