//! `studyguide due` and `studyguide stats` run as a process against a store
//! in the sandbox's data directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_common;

use chrono::{TimeZone, Utc};
use cli_common::Sandbox;
use studyguide::domain::schedule::Grade;
use studyguide::domain::schedule::ReviewRecord;
use studyguide::store::Store;

/// A store in the sandbox's data directory holding `reviews`.
fn store_with(sandbox: &Sandbox, reviews: &[ReviewRecord]) {
    let store = Store::open(sandbox.path("data").join("progress.sqlite3")).expect("store");
    for r in reviews {
        store.append_review(r).expect("append");
    }
}

fn review(card: &str, at: chrono::DateTime<Utc>, grade: Grade) -> ReviewRecord {
    ReviewRecord {
        card_id: card.into(),
        at,
        grade,
        elapsed_ms: 1000,
        typed_answer: None,
    }
}

#[test]
fn due_json_lists_every_card_with_state_and_due_time() {
    let sandbox = Sandbox::new();
    let at = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("time");
    store_with(&sandbox, &[review("ch17-sarah-q1", at, Grade::Good)]);
    let out = sandbox.run(&["due", "--json", "--now", "2026-03-02T09:05:00Z"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
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

    let out = sandbox.run(&["due", "--now", "2026-03-02T09:15:00Z"]);
    assert_eq!(out.code, 0);
    let chapter = out
        .stdout
        .lines()
        .find(|l| l.starts_with("Chapter 17: Interviews"))
        .unwrap_or_default();
    assert!(chapter.contains("  1  "), "{}", out.stdout);
}

#[test]
fn stats_json_counts_reviews_and_streak() {
    let sandbox = Sandbox::new();
    let reviews: Vec<ReviewRecord> = (0..3)
        .map(|day| {
            let at = Utc
                .with_ymd_and_hms(2026, 3, 2 + day, 9, 0, 0)
                .single()
                .expect("time");
            review(&format!("ch17-john-q{}", day + 1), at, Grade::Easy)
        })
        .collect();
    store_with(&sandbox, &reviews);
    let out = sandbox.run(&["stats", "--json", "--now", "2026-03-04T20:00:00Z"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(json["total_reviews"], 3);
    assert_eq!(json["streak_days"], 3);
    assert_eq!(json["forecast"].as_array().map(|a| a.len()), Some(14));
}

#[test]
fn due_does_not_create_a_store() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["due"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Total"));
    assert!(!sandbox.path("data").join("progress.sqlite3").exists());
}

#[test]
fn due_table_cuts_long_deck_names_with_an_ellipsis_and_a_gap() {
    let sandbox = Sandbox::new();
    let title = "A practice deck whose title goes on far longer than any table column should";
    sandbox.write(
        "content/long.toml",
        &format!("kind = \"deck\"\nid = \"long\"\ntitle = \"{title}\"\n[[cards]]\nid = \"l1\"\nfront = \"Q\"\nback = \"A\"\n"),
    );
    let dir = sandbox.path("content").display().to_string();
    let out = sandbox.run(&["--content", &dir, "due"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row = out
        .stdout
        .lines()
        .find(|l| l.starts_with("A practice deck"))
        .expect("the deck's row");
    assert!(row.contains("…  "), "cut with … and a gap: {row}");
    assert!(!row.contains(title), "{row}");
    // the numbers line up with the header's
    let header = out.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        header.chars().count(),
        row.chars().count(),
        "{header}\n{row}"
    );
}
