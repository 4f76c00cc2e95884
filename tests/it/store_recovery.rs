//! A row the store cannot read never locks the rest (issue 27 items 1-3)
//! and a made-up date never pushes out a real backup (item 19): a review row
//! out of range is set aside and the store stays writable; a bookmark with
//! an unreadable date keeps its note and hides no other; a card-state row
//! that cannot be read is rebuilt from the log (`due`, `stats` and the app
//! say so); `--now` backups are kept apart, the rescue writer's too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration as StdDuration, SystemTime};

use chrono::{DateTime, Duration, TimeZone, Utc};
use studyguide::cli::context::open_store;
use studyguide::domain::schedule::day::{DayBoundary, Zone};
use studyguide::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};
use studyguide::store::Store;
use studyguide::tui::action::{Action, Command};
use studyguide::tui::effect_runner::EffectRunner;
use studyguide::tui::state::bookmarks::BookmarksState;

use crate::cli_common::Sandbox;
use crate::common::pty::PtyApp;

fn t(days: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().unwrap() + Duration::days(days)
}

fn review(card: &str, at: DateTime<Utc>) -> ReviewRecord {
    ReviewRecord {
        card_id: card.into(),
        at,
        day: crate::common::study_day(at),
        grade: Grade::Good,
        elapsed_ms: 1000,
        typed_answer: None,
    }
}

fn utc_days() -> DayBoundary {
    DayBoundary::new(Zone::utc(), 4)
}

fn sql(path: &std::path::Path, batch: &str) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(batch)
        .unwrap();
}

fn count(path: &std::path::Path, query: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(query, [], |r| r.get(0))
        .unwrap()
}

/// Item 1: a review written at year 0 (as `--now 0000-01-01` once could)
/// is set aside on the next read-write open, with a warning; the store is
/// not read-only, takes answers, and is backed up again.
#[test]
fn a_review_row_out_of_range_is_set_aside_and_the_store_stays_writable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let store = Store::open_at(&path, t(0)).unwrap();
    store
        .append_review(&review("ch17-interview-1-q1", t(0)))
        .unwrap();
    store
        .append_review(&review("ch17-interview-1-q2", t(0)))
        .unwrap();
    drop(store);
    // year 0 and a grade past the CHECK constraint
    sql(
        &path,
        "INSERT INTO reviews (card_id, at_ms, grade, elapsed_ms, typed_answer) \
           VALUES ('ch17-interview-1-q3', -62167186800000, 3, 1, 'kept as typed'); \
         PRAGMA ignore_check_constraints = ON; UPDATE reviews SET grade = 9 WHERE id = 2;",
    );
    let opened = open_store(&path, t(1).date_naive(), utc_days());
    assert!(opened.problem.is_none(), "{:?}", opened.problem);
    let warning = opened.warning.expect("a warning");
    assert!(
        warning.contains("2 review row(s) with invalid values were set aside"),
        "{warning}"
    );
    let store = opened.store.unwrap();
    assert!(!store.is_read_only());
    let (reviews, invalid) = store.valid_reviews().unwrap();
    assert_eq!((reviews.len(), invalid), (1, 0));
    store
        .append_review(&review("ch17-interview-1-q4", t(1)))
        .unwrap();
    drop(store);
    assert_eq!(count(&path, "SELECT count(*) FROM quarantined_reviews"), 2);
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM quarantined_reviews WHERE typed_answer = 'kept as typed'"
        ),
        1,
        "the row is kept as it was"
    );
    let backups = studyguide::store::backup::list_daily(&path);
    assert!(backups.iter().any(|(d, _)| *d == t(1).date_naive()));
    // the next open has nothing to say
    let opened = open_store(&path, t(2).date_naive(), utc_days());
    assert_eq!(opened.warning, None);
}

/// The bundled state with the stored bookmarks, as the app starts.
fn state_with_bookmarks(store: &Store) -> studyguide::tui::state::State {
    let mut state = crate::common::bundled_state(80, 24);
    state.bookmarks = BookmarksState::new(store.bookmarks().unwrap());
    state
}

/// Item 2: one bookmark with `created_ms = i64::MAX` neither hides the
/// others (`bookmarks` shows them with a warning) nor loses its note to
/// `b b u u` in the app.
#[test]
fn a_bookmark_with_an_unreadable_date_hides_nothing_and_keeps_its_note() {
    let sb = Sandbox::new();
    let path = sb.path("data/progress.sqlite3");
    drop(Store::open_at(&path, t(0)).unwrap());
    // the first part the reader selects, and two others
    let mut state = crate::common::bundled_state(80, 24);
    let mut effects = EffectRunner::new(None);
    effects.dispatch(&mut state, Action::Command(Command::Down), t(0));
    let item = state.outline[state.reader.selected].id.clone();
    let others: Vec<String> = state.outline[2..4].iter().map(|i| i.id.clone()).collect();
    let rows: Vec<String> = [(&item, i64::MAX), (&others[0], 1), (&others[1], 2)]
        .iter()
        .map(|(id, ms)| {
            format!(
                "INSERT INTO bookmarks (item_id, chapter_id, title, preview, note, created_ms) \
                 VALUES ('{id}', 'ch17', 'T', 'P', 'note of {id}', {ms});"
            )
        })
        .collect();
    sql(&path, &rows.concat());
    // read-only: the two others are shown, with a warning
    let out = sb.run(&["bookmarks", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("1 bookmark(s) with a value that cannot be read were left out"),
        "{}",
        out.stderr
    );
    let listed: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2, "{}", out.stdout);
    // read-write: the date is set aside, the bookmark and its note stay
    let opened = open_store(&path, t(1).date_naive(), utc_days());
    assert!(
        opened
            .warning
            .as_deref()
            .unwrap()
            .contains("The unreadable date of 1 bookmark(s) was set aside"),
        "{:?}",
        opened.warning
    );
    let store = opened.store.unwrap();
    assert_eq!(store.bookmarks_read().unwrap().0.len(), 3);
    let mut state = state_with_bookmarks(&store);
    let mut effects = EffectRunner::new(Some(store));
    effects.dispatch(&mut state, Action::Command(Command::Down), t(1));
    for command in [
        Command::ToggleBookmark,
        Command::ToggleBookmark,
        Command::Undo,
        Command::Undo,
    ] {
        effects.dispatch(&mut state, Action::Command(command), t(1));
    }
    drop(effects);
    let store = Store::open_read_only(&path).unwrap();
    let note = store
        .bookmarks()
        .unwrap()
        .into_iter()
        .find(|b| b.item_id == item)
        .map(|b| b.note);
    assert_eq!(note.as_deref(), Some(format!("note of {item}").as_str()));
    let out = sb.run(&["bookmarks", "--format", "json"]);
    assert_eq!(out.stderr, "");
}

/// Item 3: a card-state row that cannot be read: `due` and `stats` count
/// from the log and say so; the app's next start rebuilds the table (and
/// says so), after which they read it again.
#[test]
fn a_bad_card_state_row_is_rebuilt_from_the_log_and_said() {
    let sb = Sandbox::new();
    let path = sb.path("data/progress.sqlite3");
    let scheduler = Scheduler::new(SchedulerConfig::default());
    let mut store = Store::open_at(&path, t(0)).unwrap();
    store.keep_card_states(&scheduler);
    store.rebuild_card_states().unwrap();
    store
        .append_review(&review("ch17-interview-1-q1", t(0)))
        .unwrap();
    store
        .append_review(&review("ch17-interview-1-q2", t(0)))
        .unwrap();
    assert!(store.card_states_current().unwrap());
    drop(store);
    sql(
        &path,
        "UPDATE card_states SET phase = 7 WHERE card_id = 'ch17-interview-1-q1';",
    );
    let now = "2026-12-01T10:00:00Z";
    let due = sb.run(&["--now", now, "due", "--json"]);
    let stats = sb.run(&["--now", now, "stats", "--json"]);
    for out in [&due, &stats] {
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stderr
                .contains("a stored card state cannot be read; counted from the review log"),
            "{}",
            out.stderr
        );
    }
    let stats_json: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(stats_json["total_reviews"], 2);
    // the app's start: rebuilt, and said
    let mut app = PtyApp::spawn(
        sb.dir.path(),
        &[
            "--data-dir",
            sb.path("data").to_str().unwrap(),
            "--now",
            now,
        ],
        100,
        30,
    );
    app.wait_for("Card states rebuilt from the review log");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    let mut store = Store::open_read_only(&path).unwrap();
    store.keep_card_states(&scheduler);
    assert!(store.card_states_current().unwrap(), "rebuilt");
    let again = sb.run(&["--now", now, "due", "--json"]);
    assert_eq!(again.stderr, "");
    assert_eq!(again.stdout, due.stdout, "the same counts either way");
}

fn age(path: &std::path::Path, secs_ago: u64) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - StdDuration::from_secs(secs_ago))
        .unwrap();
}

/// Item 19: five starts with `--now` in the past keep their backups apart;
/// the real ones stay.
#[test]
fn backups_made_with_a_made_up_date_never_push_out_real_ones() {
    let sb = Sandbox::new();
    let path = sb.path("data/progress.sqlite3");
    for d in 0..5 {
        drop(Store::open_at(&path, t(d)).unwrap());
    }
    let real = studyguide::store::backup::list_daily(&path);
    assert_eq!(real.len(), 4, "the first open makes the file, not a backup");
    for (i, (_, file)) in real.iter().enumerate() {
        age(file, 86_400 * (10 - i as u64));
    }
    for day in 1..=5 {
        let now = format!("2020-01-0{day}T09:00:00Z");
        let data = sb.path("data");
        let mut app = PtyApp::spawn(
            sb.dir.path(),
            &[
                "--data-dir",
                data.to_str().unwrap(),
                "--now",
                &now,
                "--exit-after-first-frame",
            ],
            80,
            24,
        );
        assert_eq!(app.wait_exit(), 0, "{now}");
    }
    assert_eq!(studyguide::store::backup::list_daily(&path), real);
    let simulated: Vec<String> = std::fs::read_dir(sb.path("data/backups/simulated"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(simulated.len(), 5, "{simulated:?}");
}

/// Item 19, the rescue writer: the drafts a `--now` session writes on its
/// way out (a signal, a panic) make no backup dated by the made-up day.
#[test]
fn the_rescue_writer_makes_no_backup_dated_by_a_made_up_day() {
    let sb = Sandbox::new();
    let path = sb.path("data/progress.sqlite3");
    drop(Store::open_at(&path, t(0)).unwrap());
    let mut state = crate::common::bundled_state(80, 24);
    let mut effects = EffectRunner::new(None);
    for command in [Command::Down, Command::ToggleBookmark, Command::EditNote] {
        effects.dispatch(&mut state, Action::Command(command), t(0));
    }
    effects.dispatch(&mut state, Action::Paste("rescued words".into()), t(0));
    let rescue = studyguide::tui::rescue::Rescue::new(Some(path.clone()));
    rescue.refresh(&state);
    rescue.write(t(-3000));
    let store = Store::open_read_only(&path).unwrap();
    let drafts = store.drafts().unwrap();
    assert!(
        drafts.iter().any(|d| d.text == "rescued words"),
        "{drafts:?}"
    );
    assert_eq!(studyguide::store::backup::list_daily(&path), Vec::new());
}

/// A store whose last answers are committed in its `-wal` file (not yet
/// copied into the main file), copied without its `-shm` index into `dir`.
fn wal_store_without_index(dir: &std::path::Path) {
    let source = tempfile::tempdir().unwrap();
    let path = source.path().join("progress.sqlite3");
    drop(Store::open_at(&path, t(0)).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")
        .unwrap();
    for card in ["ch17-interview-1-q1", "ch17-interview-1-q2"] {
        conn.execute(
            "INSERT INTO reviews (card_id, at_ms, grade, elapsed_ms) VALUES (?1, ?2, 3, 1)",
            rusqlite::params![card, t(0).timestamp_millis()],
        )
        .unwrap();
    }
    std::fs::create_dir_all(dir).unwrap();
    for name in ["progress.sqlite3", "progress.sqlite3-wal"] {
        std::fs::copy(source.path().join(name), dir.join(name)).unwrap();
    }
    assert!(
        std::fs::metadata(dir.join("progress.sqlite3-wal"))
            .unwrap()
            .len()
            > 0
    );
    drop(conn);
}

/// Item 13: a read-only WAL store with committed frames and no `-shm`
/// shows every answer (the log in the `-wal` file too), or is refused
/// naming the real cause; it never reads as empty.
#[test]
fn a_read_only_wal_store_without_its_index_shows_the_answers_in_its_log() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    wal_store_without_index(&data);
    let out = crate::store_hardening::run_without_write_access(&data, &["stats", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["total_reviews"], 2, "{stderr}");
    assert!(!data.join("progress.sqlite3-shm").exists());
}
