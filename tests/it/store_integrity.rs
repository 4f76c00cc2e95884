//! When the progress store runs its full integrity scan (`PRAGMA
//! quick_check`): not on every open, but on the first open of a file, after
//! an unclean shutdown, and once a week, recorded in `<store>.checked`; and
//! damage the cheap checks of the other opens still refuse, leaving the file
//! byte-for-byte unchanged. Everything lives in temporary directories.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use studyguide::domain::schedule::{Grade, ReviewRecord};
use studyguide::store::schema::scan_record_path;
use studyguide::store::{Store, StoreError};

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).unwrap() + Duration::days(n)
}

fn review(card: &str, n: i64) -> ReviewRecord {
    ReviewRecord {
        card_id: card.into(),
        at: day(0) + Duration::minutes(n),
        day: crate::common::study_day(day(0) + Duration::minutes(n)),
        grade: Grade::Good,
        elapsed_ms: 1234,
        typed_answer: Some("some typed answer text ".repeat(8)),
    }
}

/// A closed store with 300 reviews, opened again once so a clean scan is
/// recorded for day 0.
fn store_with_reviews(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("progress.db");
    {
        let store = Store::open_at(&path, day(0)).unwrap();
        for i in 0..300 {
            store
                .append_review(&review(&format!("card-{i}"), i))
                .unwrap();
        }
    }
    drop(Store::open_at(&path, day(0)).unwrap());
    path
}

/// The recorded date of the last clean full scan.
fn last_scan(path: &Path) -> Option<NaiveDate> {
    let text = std::fs::read_to_string(scan_record_path(path)).ok()?;
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

#[test]
fn the_full_scan_runs_on_the_first_open_then_weekly() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_with_reviews(&dir);
    assert_eq!(
        last_scan(&path),
        Some(day(0).date_naive()),
        "first open of the file"
    );
    drop(Store::open_at(&path, day(3)).unwrap());
    assert_eq!(
        last_scan(&path),
        Some(day(0).date_naive()),
        "three days later: no scan"
    );
    drop(Store::open_read_only(&path).unwrap());
    assert_eq!(
        last_scan(&path),
        Some(day(0).date_naive()),
        "read-only opens record nothing"
    );
    drop(Store::open_at(&path, day(7)).unwrap());
    assert_eq!(
        last_scan(&path),
        Some(day(7).date_naive()),
        "a week later: scanned"
    );
    // A record from the future (the clock was wrong) does not stop the scan.
    std::fs::write(scan_record_path(&path), "2030-01-01\n").unwrap();
    drop(Store::open_at(&path, day(8)).unwrap());
    assert_eq!(last_scan(&path), Some(day(8).date_naive()));
    // Nor does an unreadable record.
    std::fs::write(scan_record_path(&path), "yesterday\n").unwrap();
    drop(Store::open_at(&path, day(9)).unwrap());
    assert_eq!(last_scan(&path), Some(day(9).date_naive()));
}

#[test]
fn an_unclean_shutdown_runs_the_full_scan_on_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_with_reviews(&dir);
    let store = Store::open_at(&path, day(1)).unwrap();
    store.append_review(&review("after", 1)).unwrap();
    // Never closed, like a process killed with -9: the write-ahead log stays.
    std::mem::forget(store);
    assert_eq!(last_scan(&path), Some(day(0).date_naive()));
    let store = Store::open_at(&path, day(1)).unwrap();
    assert_eq!(
        last_scan(&path),
        Some(day(1).date_naive()),
        "scanned after the crash"
    );
    assert_eq!(
        store.reviews().unwrap().len(),
        301,
        "the answer in the log survived"
    );
}

/// Writes `bytes` over the store (its clean scan of today stays recorded)
/// and checks both kinds of open refuse it and leave it unchanged.
fn assert_refused_despite_recent_scan(name: &str, path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
    for read_only in [false, true] {
        let result = if read_only {
            Store::open_read_only(path)
        } else {
            Store::open_at(path, day(1))
        };
        let err = result.expect_err(name);
        assert!(
            matches!(
                err,
                StoreError::Corrupt { .. } | StoreError::NotADatabase { .. }
            ),
            "{name}: unexpected error {err:?}"
        );
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{name}: {err}"
        );
        assert_eq!(std::fs::read(path).unwrap(), bytes, "{name}: file changed");
        assert_eq!(
            last_scan(path),
            Some(day(0).date_naive()),
            "{name}: no scan recorded"
        );
    }
}

#[test]
fn damage_is_refused_between_full_scans() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_with_reviews(&dir);
    let real = std::fs::read(&path).unwrap();
    assert!(real.len() > 3 * 4096, "store too small: {}", real.len());
    // Cut to half, and cut by one page: the header says how long it is.
    assert_refused_despite_recent_scan("truncated to half", &path, &real[..real.len() / 2]);
    assert_refused_despite_recent_scan("one page short", &path, &real[..real.len() - 4096]);
    assert_refused_despite_recent_scan("half a page short", &path, &real[..real.len() - 2048]);
    // The root pages of the review log and its index (pages 2 and 3).
    let mut garbled = real.clone();
    garbled[4096..3 * 4096].fill(0x5a);
    assert_refused_despite_recent_scan("garbled root pages", &path, &garbled);
    // The undamaged file still opens.
    std::fs::write(&path, &real).unwrap();
    assert_eq!(
        Store::open_at(&path, day(1))
            .unwrap()
            .reviews()
            .unwrap()
            .len(),
        300
    );
}
