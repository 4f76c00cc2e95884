//! End to end in a pseudo-terminal: grade a card, quit, start again and the
//! card is no longer due; kill -9 in the middle of a session loses nothing
//! that was acknowledged on screen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::pty::PtyApp;
use studyguide::domain::schedule::{Scheduler, SchedulerConfig};
use studyguide::store::Store;

fn data_arg(home: &std::path::Path) -> String {
    home.join("data").to_str().expect("utf-8 path").to_string()
}

/// Starts the app at a fixed time and opens a drill of the chapter's own deck
/// (below "All cards" in the chooser); returns the chooser's screen too.
fn start_drill(home: &std::path::Path, data: &str) -> (PtyApp, String) {
    let args = ["--data-dir", data, "--now", "2026-03-02T09:00:00Z"];
    let mut app = PtyApp::spawn(home, &args, 100, 30);
    app.wait_for("Sarah Johnson");
    app.send("2");
    let chooser = app.wait_for("Choose a deck");
    app.send("j\r");
    (app, chooser)
}

#[test]
fn graded_card_is_not_due_after_a_restart() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = data_arg(home.path());
    let (mut app, _) = start_drill(home.path(), &data);
    app.wait_for("what was her key strategy");
    app.send(" ");
    app.wait_for("Good · 10m");
    app.send("3");
    app.wait_for("structure her answers");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    // the card-state table `due` reads followed the answer: current, and
    // the card due in the 10 minutes the key showed
    let mut store = Store::open_read_only(home.path().join("data").join("progress.sqlite3"))
        .expect("store opens");
    let scheduler = Scheduler::new(SchedulerConfig::default());
    store.keep_card_states(&scheduler);
    assert!(store.card_states_current().expect("stamp"));
    let states = store
        .card_states(&scheduler.config().state_fingerprint())
        .expect("read")
        .expect("current");
    assert_eq!(states.len(), 1);
    assert_eq!(states[0].card_id, "ch17-sarah-q1");
    // (the app's clock runs on from --now while the keys are typed)
    let due = states[0].state.due.expect("due").to_rfc3339();
    assert!(due.starts_with("2026-03-02T09:10:0"), "{due}");

    let (mut app, chooser) = start_drill(home.path(), &data);
    assert!(chooser.contains("All cards"), "{chooser}");
    // the card's screen drawn whole (a frame can arrive in pieces, over the
    // reader and the deck list drawn before it)
    let card = app.wait_until("the next card drawn whole", |s| {
        s.contains("structure her answers")
            && !s.contains("Choose a deck")
            && !s.contains("Contents")
    });
    assert!(
        !card.contains("key strategy"),
        "the graded card must not be due:\n{card}"
    );
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
}

#[test]
fn kill_during_a_session_keeps_every_acknowledged_answer() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = data_arg(home.path());
    let (mut app, _) = start_drill(home.path(), &data);
    for n in 1..=4 {
        app.wait_for(&format!("{}/7", n - 1));
        app.send(" ");
        app.wait_for("Easy ·");
        app.send("4");
        // acknowledged: the gauge counts the answer
        app.wait_for(&format!("{n}/7"));
    }
    app.kill();
    let store =
        Store::open(home.path().join("data").join("progress.sqlite3")).expect("store opens");
    assert_eq!(store.reviews().expect("reviews").len(), 4);
}

/// A deck file read through a warm content cache: the first frame comes
/// before its cards, and a key sent at once still finds them all (the cards
/// are read before the first key), with the review from the last run.
#[test]
fn a_key_sent_at_once_after_a_cached_start_finds_every_card() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = data_arg(home.path());
    let content = home.path().join("content");
    std::fs::create_dir(&content).expect("mkdir");
    let mut deck = String::from("kind = \"deck\"\nid = \"big\"\ntitle = \"Big deck\"\n");
    for n in 0..300 {
        deck.push_str(&format!(
            "\n[[cards]]\nid = \"big-{n}\"\nfront = \"Front {n}\"\nback = \"Back {n}\"\n"
        ));
    }
    std::fs::write(content.join("big.toml"), deck).expect("write");
    let content = content.to_str().expect("utf-8 path").to_string();
    let args = [
        "--data-dir",
        &data,
        "--content",
        &content,
        "--now",
        "2026-03-02T09:00:00Z",
    ];
    // First run: a cold cache; answer the first card, quit.
    let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
    app.wait_for("with 300 cards");
    app.send("2");
    app.wait_for("Choose a deck");
    app.send("\r");
    app.wait_for("Front 0");
    app.send(" ");
    app.wait_for("Good");
    app.send("3");
    app.wait_for("Front 1");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    // Second run: the cards wait in the cache; `2` goes in with the start.
    let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
    app.send("2");
    let chooser = app.wait_for("Choose a deck");
    let big = chooser
        .lines()
        .find(|l| l.contains("Big deck"))
        .unwrap_or_default()
        .to_string();
    // 20 new a day, one used: 19 new and the learning card.
    let numbers: Vec<&str> = big.split_whitespace().skip(2).collect();
    assert_eq!(numbers, ["19", "1", "0", "300"], "{chooser}");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
}
