//! `studyguide due` and `studyguide stats` run as a process against a store
//! in a temporary data directory.

use std::process::Command;

use chrono::{TimeZone, Utc};
use studyguide::schedule::Grade;
use studyguide::store::{ReviewRecord, Store};

fn run(home: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_studyguide"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("share"))
        .output()
        .expect("run studyguide");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn due_json_lists_every_card_with_state_and_due_time() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    let at = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("time");
    let store = Store::open(data.join("progress.sqlite3")).expect("store");
    let review = ReviewRecord {
        card_id: "ch17-sarah-q1".into(),
        at,
        grade: Grade::Good,
        elapsed_ms: 3000,
        typed_answer: None,
    };
    store.append_review(&review).expect("append");
    drop(store);
    let data = data.to_str().expect("utf-8");
    let (code, out, err) = run(
        home.path(),
        &[
            "due",
            "--json",
            "--data-dir",
            data,
            "--now",
            "2026-03-02T09:05:00Z",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let cards = json["cards"].as_array().expect("cards array");
    assert_eq!(cards.iter().filter(|c| c["deck"] == "ch17").count(), 11);
    let first = &cards[0];
    assert_eq!(first["id"], "ch17-sarah-q1");
    assert_eq!(first["deck"], "ch17");
    assert_eq!(first["state"], "learning");
    assert_eq!(first["due"], "2026-03-02T09:10:00Z");
    assert!(cards[1]["due"].is_null());
    assert_eq!(cards[1]["state"], "new");
    assert_eq!(json["decks"][0]["learning"], 0, "not due until 09:10");

    let (code, text, _) = run(
        home.path(),
        &["due", "--data-dir", data, "--now", "2026-03-02T09:15:00Z"],
    );
    assert_eq!(code, 0);
    assert!(
        text.lines()
            .any(|l| l.starts_with("Total") && l.contains(" 1 ")),
        "{text}"
    );
}

#[test]
fn stats_json_counts_reviews_and_streak() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    let store = Store::open(data.join("progress.sqlite3")).expect("store");
    for day in 0..3 {
        let at = Utc
            .with_ymd_and_hms(2026, 3, 2 + day, 9, 0, 0)
            .single()
            .expect("time");
        let r = ReviewRecord {
            card_id: format!("ch17-john-q{}", day + 1),
            at,
            grade: Grade::Easy,
            elapsed_ms: 1000,
            typed_answer: None,
        };
        store.append_review(&r).expect("append");
    }
    drop(store);
    let data = data.to_str().expect("utf-8");
    let (code, out, err) = run(
        home.path(),
        &[
            "stats",
            "--json",
            "--data-dir",
            data,
            "--now",
            "2026-03-04T20:00:00Z",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["total_reviews"], 3);
    assert_eq!(json["streak_days"], 3);
    assert_eq!(json["forecast"].as_array().map(|a| a.len()), Some(14));
}

#[test]
fn due_does_not_create_a_store() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    let (code, out, _) = run(
        home.path(),
        &["due", "--data-dir", data.to_str().expect("utf-8")],
    );
    assert_eq!(code, 0);
    assert!(out.contains("Total"));
    assert!(!data.join("progress.sqlite3").exists());
}
