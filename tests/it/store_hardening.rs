//! The progress store against its own failures: future-dated backups, empty
//! backup files, review rows with invalid values. Everything lives in
//! temporary directories.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration as StdDuration, SystemTime};

use chrono::{DateTime, Duration, TimeZone, Utc};
use studyguide::cli::context::open_store;
use studyguide::domain::schedule::day::{DayBoundary, Zone};
use studyguide::domain::schedule::{Grade, ReviewRecord};
use studyguide::store::Store;
use studyguide::tui::startup::read_reviews;

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

fn backups(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("backups"))
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Sets a file's modification time `secs_ago` seconds before now.
fn age(path: &std::path::Path, secs_ago: u64) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - StdDuration::from_secs(secs_ago))
        .unwrap();
}

#[test]
fn backups_dated_in_the_future_do_not_push_out_real_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    drop(Store::open_at(&path, t(0)).unwrap());
    // Someone tried `--now 2099-...` on five days, a while ago.
    let future = Utc.with_ymd_and_hms(2099, 1, 1, 9, 0, 0).single().unwrap();
    for d in 0..5 {
        drop(Store::open_at(&path, future + Duration::days(d)).unwrap());
    }
    for (i, name) in backups(dir.path()).iter().enumerate() {
        age(
            &dir.path().join("backups").join(name),
            86_400 * (10 - i as u64),
        );
    }
    // Real days go on.
    for d in 1..=3 {
        drop(Store::open_at(&path, t(d)).unwrap());
    }
    let names = backups(dir.path());
    assert_eq!(names.len(), 5, "{names:?}");
    for d in ["20261202", "20261203", "20261204"] {
        assert!(
            names.contains(&format!("progress.sqlite3.backup-{d}")),
            "{d} kept: {names:?}"
        );
    }
}

#[test]
fn an_empty_backup_file_is_removed_and_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    drop(Store::open_at(&path, t(0)).unwrap());
    std::fs::create_dir_all(dir.path().join("backups")).unwrap();
    let today = dir.path().join("backups/progress.sqlite3.backup-20261202");
    std::fs::write(&today, b"").unwrap();
    let store = Store::open_at(&path, t(1)).unwrap();
    assert_eq!(store.backup_warning(), None);
    assert!(std::fs::metadata(&today).unwrap().len() > 0, "made again");
    drop(Store::open_read_only(&today).unwrap());
}

/// A store whose second review has grade 9 (written past the CHECK constraint).
fn store_with_a_bad_row(path: &std::path::Path) {
    let store = Store::open_at(path, t(0)).unwrap();
    store
        .append_review(&review("ch17-interview-1-q1", t(0)))
        .unwrap();
    store
        .append_review(&review("ch17-interview-1-q2", t(0)))
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON; UPDATE reviews SET grade = 9 WHERE id = 2;",
    )
    .unwrap();
}

#[test]
fn a_review_row_with_an_invalid_value_is_set_aside_and_backups_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    store_with_a_bad_row(&path);
    let opened = open_store(&path, t(1).date_naive(), DayBoundary::new(Zone::utc(), 4));
    assert!(opened.problem.is_none(), "{:?}", opened.problem);
    assert!(opened.warning.unwrap().contains("set aside"));
    let store = opened.store.expect("opened");
    assert!(!store.is_read_only(), "answers are saved");
    let (reviews, problem) = read_reviews(Some(&store));
    assert_eq!(reviews.len(), 1, "the good row is shown");
    assert_eq!(problem, None);
    drop(store);
    for d in 2..=7 {
        drop(Store::open_at(&path, t(d)).unwrap());
    }
    assert_eq!(backups(dir.path()).len(), 5, "daily backups go on");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_toml_in_a_content_dir_is_refused_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.toml"),
        "id = \"a\"\nnumber = 1\ntitle = \"One\"\n",
    )
    .unwrap();
    let fifo = dir.path().join("b.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let library = studyguide::store::content_dir::load_dir(dir.path());
    assert_eq!(library.chapters.len(), 1);
    assert!(
        library
            .problems
            .iter()
            .any(|p| p.path.ends_with("b.toml") && p.message.contains("not a regular file")),
        "{:?}",
        library.problems
    );
}

/// Runs the binary as a user who cannot write `dir` (as root, through
/// `setpriv` as nobody; otherwise as ourselves with the directory made 0555).
#[cfg(unix)]
pub(crate) fn run_without_write_access(
    dir: &std::path::Path,
    args: &[&str],
) -> std::process::Output {
    use std::os::unix::fs::PermissionsExt;
    let set = |path: &std::path::Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    set(dir.parent().unwrap(), 0o755);
    set(&dir.join("progress.sqlite3"), 0o644);
    set(dir, 0o555);
    let binary = env!("CARGO_BIN_EXE_studyguide");
    let home = dir.parent().unwrap().join("home");
    let mut cmd = if running_as_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", binary]);
        c
    } else {
        std::process::Command::new(binary)
    };
    cmd.args(["--data-dir", dir.to_str().unwrap()])
        .args(args)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("STUDYGUIDE_CONFIG")
        .env_remove("STUDYGUIDE_CONTENT");
    let out = cmd.output().unwrap();
    set(dir, 0o755);
    out
}

#[cfg(unix)]
fn running_as_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(unix)]
#[test]
fn a_wal_store_in_a_directory_that_cannot_be_written_shows_its_progress() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let path = data.join("progress.sqlite3");
    let store = Store::open_at(&path, t(0)).unwrap();
    store
        .append_review(&review("ch17-interview-1-q1", t(0)))
        .unwrap();
    store
        .append_review(&review("ch17-interview-1-q2", t(0)))
        .unwrap();
    drop(store);
    let out = run_without_write_access(&data, &["stats", "--json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(stats["total_reviews"], 2, "{stdout}");
}

#[test]
fn due_and_stats_leave_out_a_bad_row_with_a_warning() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    store_with_a_bad_row(&data.join("progress.sqlite3"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_studyguide"))
        .args(["--data-dir", data.to_str().unwrap(), "stats", "--json"])
        .env("HOME", root.path())
        .env("XDG_CONFIG_HOME", root.path().join("config"))
        .env_remove("STUDYGUIDE_CONFIG")
        .env_remove("STUDYGUIDE_CONTENT")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("1 review(s) with invalid values"),
        "{stderr}"
    );
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["total_reviews"], 1);
}
