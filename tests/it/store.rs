//! Integration tests of the progress store: round trips, undo, migration,
//! refusal of damaged files (left byte-for-byte unchanged), daily backups and
//! two writers at once. Everything lives in temporary directories.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::Connection;
use studyguide::domain::bookmarks::Bookmark;
use studyguide::domain::schedule::Grade;
use studyguide::domain::schedule::ReviewRecord;
use studyguide::store::{Store, StoreError};

fn t(mins: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).unwrap() + Duration::minutes(mins)
}

fn review(card: &str, mins: i64, grade: Grade) -> ReviewRecord {
    ReviewRecord {
        card_id: card.into(),
        at: t(mins),
        day: crate::common::study_day(t(mins)),
        grade,
        elapsed_ms: 1234,
        typed_answer: None,
    }
}

fn store_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("data").join("progress.db")
}

#[test]
fn round_trip_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_path(&dir);
    let mut typed = review("c2", 2, Grade::Hard);
    typed.typed_answer = Some("STAR method".into());
    let written = vec![
        review("c1", 0, Grade::Good),
        typed.clone(),
        review("c1", 11, Grade::Again),
    ];
    let bookmark = Bookmark {
        item_id: "ch17-i3".into(),
        chapter_id: "ch17".into(),
        title: "Enthusiasm".into(),
        preview: "Show it".into(),
        note: "".into(),
        created: t(5),
    };
    {
        let store = Store::open_at(&path, t(0)).unwrap();
        assert!(!store.is_read_only());
        for r in &written {
            store.append_review(r).unwrap();
        }
        store.upsert_bookmark(&bookmark).unwrap();
        store.set_position("reader", "ch17:42").unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    let store = Store::open_at(&path, t(60)).unwrap();
    let read: Vec<ReviewRecord> = store
        .reviews()
        .unwrap()
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    assert_eq!(read, written);
    assert_eq!(
        store.last_typed_answer("c2").unwrap().as_deref(),
        Some("STAR method")
    );
    assert_eq!(store.last_typed_answer("c1").unwrap(), None);
    assert_eq!(store.bookmarks().unwrap(), vec![bookmark.clone()]);
    assert_eq!(
        store.position("reader").unwrap().as_deref(),
        Some("ch17:42")
    );
    assert_eq!(store.position("nope").unwrap(), None);
    store.set_position("reader", "ch17:50").unwrap();
    assert_eq!(
        store.position("reader").unwrap().as_deref(),
        Some("ch17:50")
    );
    // Delete returns the bookmark so it can be restored.
    let deleted = store.delete_bookmark("ch17-i3").unwrap();
    assert_eq!(deleted, Some(bookmark.clone()));
    assert!(store.bookmarks().unwrap().is_empty());
    assert_eq!(store.delete_bookmark("ch17-i3").unwrap(), None);
    store.upsert_bookmark(&deleted.unwrap()).unwrap();
    assert_eq!(store.bookmarks().unwrap(), vec![bookmark]);
}

#[test]
fn undo_several_levels_and_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_path(&dir);
    let ids: Vec<i64> = {
        let store = Store::open_at(&path, t(0)).unwrap();
        (0..5)
            .map(|i| store.append_review(&review("c", i, Grade::Good)).unwrap())
            .collect()
    };
    {
        let store = Store::open_at(&path, t(0)).unwrap();
        for want in [ids[4], ids[3]] {
            let (id, _) = store.last_review().unwrap().unwrap();
            assert_eq!(id, want);
            store.undo_review(id).unwrap();
        }
        assert!(matches!(
            store.undo_review(ids[4]),
            Err(StoreError::NoSuchReview { .. })
        ));
    }
    let store = Store::open_at(&path, t(0)).unwrap();
    let (id, _) = store.last_review().unwrap().unwrap();
    assert_eq!(id, ids[2]);
    store.undo_review(id).unwrap();
    drop(store);
    let store = Store::open_at(&path, t(0)).unwrap();
    let left: Vec<i64> = store
        .reviews()
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(left, ids[..2]);
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn migration_from_v1_keeps_reviews_and_backs_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE reviews(id INTEGER PRIMARY KEY, card_id TEXT NOT NULL, \
             at_ms INTEGER NOT NULL, grade INTEGER NOT NULL, elapsed_ms INTEGER NOT NULL, \
             typed_answer TEXT, undone INTEGER NOT NULL DEFAULT 0);
             INSERT INTO reviews(card_id, at_ms, grade, elapsed_ms, typed_answer)
                 VALUES ('a', 1714550400000, 3, 900, NULL), ('b', 1714550460000, 1, 800, 'x');
             INSERT INTO reviews(card_id, at_ms, grade, elapsed_ms, undone)
                 VALUES ('a', 1714550500000, 4, 700, 1);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open_at(&path, t(0)).unwrap();
    let bak = dir.path().join("progress.db.bak-v1");
    assert_eq!(store.migration_backup(), Some(bak.as_path()));
    let reviews = store.reviews().unwrap();
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[0].1.card_id, "a");
    assert_eq!(reviews[0].1.grade, Grade::Good);
    assert_eq!(reviews[1].1.typed_answer.as_deref(), Some("x"));
    store.set_position("k", "v").unwrap();
    drop(store);
    assert_eq!(
        user_version(&path),
        studyguide::store::schema::CURRENT_VERSION
    );
    assert_eq!(user_version(&bak), 1);
    let bak_rows: i64 = Connection::open(&bak)
        .unwrap()
        .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(bak_rows, 3);
}

#[test]
fn migration_from_v2_adds_the_interview_tables_after_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE reviews(id INTEGER PRIMARY KEY, card_id TEXT NOT NULL, \
             at_ms INTEGER NOT NULL, grade INTEGER NOT NULL, elapsed_ms INTEGER NOT NULL, \
             typed_answer TEXT, undone INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE bookmarks(item_id TEXT PRIMARY KEY, chapter_id TEXT, title TEXT, \
             preview TEXT, note TEXT, created_ms INTEGER);
             CREATE TABLE positions(key TEXT PRIMARY KEY, value TEXT);
             INSERT INTO reviews(card_id, at_ms, grade, elapsed_ms) VALUES ('a', 1714550400000, 3, 900);
             INSERT INTO positions VALUES ('k', 'v');
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    // read-only, a v2 store has no interviews and is not migrated
    assert!(
        Store::open_read_only(&path)
            .unwrap()
            .interviews()
            .unwrap()
            .is_empty()
    );
    assert_eq!(user_version(&path), 2);

    let store = Store::open_at(&path, t(0)).unwrap();
    let bak = dir.path().join("progress.db.bak-v2");
    assert_eq!(store.migration_backup(), Some(bak.as_path()));
    assert_eq!(store.reviews().unwrap().len(), 1);
    assert_eq!(store.position("k").unwrap().as_deref(), Some("v"));
    let session = studyguide::domain::interview::InterviewSession {
        id: "s-1".into(),
        set: "s".into(),
        mode: studyguide::domain::interview::InterviewMode::Live,
        started_at: t(0),
        planned: 3,
        limit: std::time::Duration::from_secs(120),
    };
    let answer = studyguide::domain::interview::AnswerScore {
        question: "q".into(),
        prompt: "p".into(),
        answer: None,
        time_taken: std::time::Duration::from_secs(10),
        limit: std::time::Duration::from_secs(120),
        signals: None,
        rated_against: vec!["star".into()],
        rating: Default::default(),
    };
    store
        .save_interview_answer(&session, 0, "a-1", &answer, t(1))
        .unwrap();
    drop(store);
    assert_eq!(
        user_version(&path),
        studyguide::store::schema::CURRENT_VERSION
    );
    assert_eq!(user_version(&bak), 2);
    let tables: i64 = Connection::open(&bak)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'interview%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "the backup is the store as it was");
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.interviews().unwrap().len(), 1);
}

/// A version-3 store's answers get their study day once, as the learner's
/// zone and start hour count it (here +10:00, days from 04:00), and keep it:
/// read in another zone afterwards, they are on the same days. Read-only
/// and not migrated, the same store dates them the same way.
#[test]
fn migration_from_v3_dates_each_answer_in_the_learners_zone() {
    use chrono::{FixedOffset, NaiveDate};
    use studyguide::domain::schedule::day::{DayBoundary, Zone};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    {
        let conn = Connection::open(&path).unwrap();
        // 2025-01-01 17:00 UTC is 03:00 on the 2nd at +10:00 (still the
        // 1st's study day); 18:00 UTC is 04:00 there (the 2nd's)
        conn.execute_batch(
            "CREATE TABLE reviews(id INTEGER PRIMARY KEY, card_id TEXT NOT NULL, \
             at_ms INTEGER NOT NULL, grade INTEGER NOT NULL, elapsed_ms INTEGER NOT NULL, \
             typed_answer TEXT, undone INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE bookmarks(item_id TEXT PRIMARY KEY, chapter_id TEXT, title TEXT, \
             preview TEXT, note TEXT, created_ms INTEGER);
             CREATE TABLE positions(key TEXT PRIMARY KEY, value TEXT);
             CREATE TABLE interview_sessions(id INTEGER PRIMARY KEY, set_id TEXT NOT NULL, \
             started_ms INTEGER NOT NULL, planned INTEGER NOT NULL, limit_ms INTEGER NOT NULL);
             CREATE TABLE interview_answers(id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL, \
             position INTEGER NOT NULL, question_id TEXT NOT NULL, prompt TEXT NOT NULL, \
             answer TEXT, time_ms INTEGER NOT NULL, limit_ms INTEGER NOT NULL, \
             rated_against TEXT NOT NULL, ticked TEXT NOT NULL, signals TEXT, \
             answered_ms INTEGER NOT NULL);
             INSERT INTO reviews(card_id, at_ms, grade, elapsed_ms)
                 VALUES ('a', 1735750800000, 3, 900), ('a', 1735754400000, 3, 900);
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let plus_ten = Zone::Fixed(FixedOffset::east_opt(10 * 3600).unwrap());
    let days = DayBoundary::new(plus_ten, 4);
    let date = |d| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
    let logged_days = |store: &Store| -> Vec<NaiveDate> {
        store
            .reviews()
            .unwrap()
            .iter()
            .map(|(_, r)| r.day)
            .collect()
    };
    let read_only = Store::open_read_only(&path).unwrap().count_days_with(days);
    assert_eq!(logged_days(&read_only), [date(1), date(2)]);
    drop(read_only);
    assert_eq!(user_version(&path), 3);
    let store = Store::open_counting_days(&path, date(2), days).unwrap();
    assert!(store.migration_backup().is_some());
    assert_eq!(logged_days(&store), [date(1), date(2)]);
    drop(store);
    assert_eq!(
        user_version(&path),
        studyguide::store::schema::CURRENT_VERSION
    );
    // the days are the log's now, whatever zone reads it
    let elsewhere = Store::open_read_only(&path)
        .unwrap()
        .count_days_with(DayBoundary::new(Zone::utc(), 4));
    assert_eq!(logged_days(&elsewhere), [date(1), date(2)]);
}

/// A real store with some reviews, closed (so its WAL is checkpointed).
fn real_store_bytes() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    {
        let store = Store::open_at(&path, t(0)).unwrap();
        for i in 0..300 {
            let mut r = review(&format!("card-{i}"), i, Grade::Good);
            r.typed_answer = Some("some typed answer text ".repeat(8));
            store.append_review(&r).unwrap();
        }
    }
    std::fs::read(&path).unwrap()
}

fn assert_refused(name: &str, bytes: &[u8], ok: fn(&StoreError) -> bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    std::fs::write(&path, bytes).unwrap();
    for read_only in [false, true] {
        let result = if read_only {
            Store::open_read_only(&path)
        } else {
            Store::open_at(&path, t(0))
        };
        let err = result.expect_err(name);
        assert!(ok(&err), "{name}: unexpected error {err:?}");
        let msg = err.to_string();
        assert!(msg.contains(&path.display().to_string()), "{name}: {msg}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name}: file changed");
    }
    assert!(!dir.path().join("backups").exists(), "{name}: backup made");
}

#[test]
fn damaged_files_are_refused_and_left_unchanged() {
    use StoreError as E;
    let mut random = vec![0u8; 10_000];
    let mut x: u32 = 0x1234_5678;
    for b in &mut random {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    assert_refused("random bytes", &random, |e| {
        matches!(e, E::NotADatabase { .. })
    });
    assert_refused("zero-filled", &[0u8; 8192], |e| {
        matches!(e, E::NotADatabase { .. })
    });
    assert_refused("empty", &[], |e| matches!(e, E::Empty { .. }));
    assert_refused("short text", b"hello\n", |e| {
        matches!(e, E::NotADatabase { .. })
    });

    let real = real_store_bytes();
    assert!(
        real.len() > 3 * 4096,
        "store too small to truncate: {}",
        real.len()
    );
    assert_refused("truncated store", &real[..real.len() / 2], |e| {
        matches!(e, E::Corrupt { .. } | E::NotADatabase { .. })
    });
    let mut garbled = real.clone();
    for b in &mut garbled[4096..3 * 4096] {
        *b = 0x5a;
    }
    assert_refused("garbled page", &garbled, |e| {
        matches!(e, E::Corrupt { .. } | E::NotADatabase { .. })
    });
    let mut header_then_random = real[..100].to_vec();
    header_then_random.extend_from_slice(&random);
    assert_refused("header then random", &header_then_random, |e| {
        matches!(e, E::Corrupt { .. } | E::NotADatabase { .. })
    });

    // Valid SQLite files that are not (this version's) stores.
    let make = |sql: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        std::fs::read(&path).unwrap()
    };
    let newer = make(
        "CREATE TABLE reviews(id INTEGER PRIMARY KEY, card_id TEXT, at_ms INT, grade INT, \
         elapsed_ms INT, typed_answer TEXT, undone INT, day INT); PRAGMA user_version = 99;",
    );
    assert_refused("newer user_version", &newer, |e| {
        matches!(e, E::TooNew { found: 99, .. })
    });
    let foreign = make("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('hi');");
    assert_refused("foreign tables", &foreign, |e| {
        matches!(e, E::WrongTables { .. })
    });
    let wrong_cols = make("CREATE TABLE reviews(id INTEGER PRIMARY KEY); PRAGMA user_version = 1;");
    assert_refused("wrong columns", &wrong_cols, |e| {
        matches!(e, E::WrongTables { .. })
    });
    let missing = make(
        "CREATE TABLE reviews(id INTEGER PRIMARY KEY, card_id TEXT, at_ms INT, \
         grade INT, elapsed_ms INT, typed_answer TEXT, undone INT); PRAGMA user_version = 2;",
    );
    assert_refused("v2 without bookmarks", &missing, |e| {
        matches!(e, E::WrongTables { .. })
    });
}

#[test]
fn read_only_store_reads_but_never_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    {
        let store = Store::open_at(&path, t(0)).unwrap();
        store.append_review(&review("c", 0, Grade::Good)).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let store = Store::open_read_only(&path).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.reviews().unwrap().len(), 1);
    assert!(matches!(
        store.append_review(&review("c", 1, Grade::Good)),
        Err(StoreError::ReadOnly { .. })
    ));
    assert!(matches!(
        store.undo_review(1),
        Err(StoreError::ReadOnly { .. })
    ));
    assert!(matches!(
        store.set_position("k", "v"),
        Err(StoreError::ReadOnly { .. })
    ));
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let missing = dir.path().join("nope.db");
    assert!(matches!(
        Store::open_read_only(&missing),
        Err(StoreError::Missing { .. })
    ));
    assert!(!missing.exists());
}

#[test]
fn daily_backups_once_a_day_keep_five() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    let day = |d: i64| t(0) + Duration::days(d);
    drop(Store::open_at(&path, day(0)).unwrap());
    let backups = dir.path().join("backups");
    let list = || {
        let mut names: Vec<String> = std::fs::read_dir(&backups)
            .map(|rd| {
                rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    // Reopening the same day backs up once.
    for _ in 0..3 {
        let store = Store::open_at(&path, day(0)).unwrap();
        assert_eq!(store.backup_warning(), None);
        store.append_review(&review("c", 0, Grade::Good)).unwrap();
    }
    assert_eq!(list(), ["progress.db.backup-20240501"]);
    for d in 1..=7 {
        drop(Store::open_at(&path, day(d)).unwrap());
    }
    assert_eq!(
        list(),
        [
            "progress.db.backup-20240504",
            "progress.db.backup-20240505",
            "progress.db.backup-20240506",
            "progress.db.backup-20240507",
            "progress.db.backup-20240508",
        ]
    );
    // A backup is a working store.
    let copy = Store::open_read_only(backups.join("progress.db.backup-20240508")).unwrap();
    assert_eq!(copy.reviews().unwrap().len(), 3);
}

#[test]
fn two_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    drop(Store::open_at(&path, t(0)).unwrap());
    let handles: Vec<_> = ["left", "right"]
        .into_iter()
        .map(|who| {
            let path = path.clone();
            std::thread::spawn(move || {
                let store = Store::open_at(&path, t(0)).unwrap();
                for i in 0..200 {
                    store
                        .append_review(&review(&format!("{who}-{i}"), i, Grade::Good))
                        .unwrap();
                    if i % 17 == 0 {
                        std::thread::yield_now();
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let store = Store::open_at(&path, t(0)).unwrap();
    let reviews = store.reviews().unwrap();
    assert_eq!(reviews.len(), 400);
    for who in ["left", "right"] {
        for i in 0..200 {
            let id = format!("{who}-{i}");
            assert!(reviews.iter().any(|(_, r)| r.card_id == id), "lost {id}");
        }
    }
}

#[test]
fn a_store_that_reached_version_6_without_drafts_gains_the_table_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    drop(Store::open_at(&path, t(0)).unwrap());
    // as a build of the other branch left it: version 6, no drafts table
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("DROP TABLE drafts").unwrap();
    drop(conn);
    let read_only = Store::open_read_only(&path).unwrap();
    assert!(
        read_only.drafts().unwrap().is_empty(),
        "read-only: none, no error"
    );
    drop(read_only);
    let store = Store::open_at(&path, t(0)).unwrap();
    store.save_draft("card:x", "half", None, t(0)).unwrap();
    let kept: Vec<String> = store
        .drafts()
        .unwrap()
        .into_iter()
        .map(|d| d.text)
        .collect();
    assert_eq!(kept, ["half"]);
    assert!(
        store
            .delete_draft("card:x", "other text")
            .is_ok_and(|gone| !gone)
    );
    assert!(store.delete_draft("card:x", "half").is_ok_and(|gone| gone));
}
