//! End to end in a pseudo-terminal, as issue 29 saw it: six new cards
//! learnt with Easy on day 0, then on day 30 each due card revealed and
//! graded after a pause of 0 to 5 seconds (the pauses are the behaviour
//! under test: the app's clock runs on from `--now` while a person thinks).
//! Every key is applied, and `due --json` shows each card due exactly the
//! interval its key showed after its answer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use studyguide::domain::schedule::day::{DayBoundary, Zone};
use studyguide::domain::schedule::{Grade, Scheduler, SchedulerConfig, format_interval};
use studyguide::store::Store;

use crate::common::pty::PtyApp;

/// The app in the drill on all cards, started at `now` in UTC.
fn drill_at(home: &std::path::Path, data: &str, now: &str) -> PtyApp {
    let args = ["--data-dir", data, "--now", now];
    let mut app = PtyApp::spawn_with_env(home, &args, &[("TZ", "UTC")], 100, 30);
    app.wait_for("Sarah Johnson");
    app.send("2");
    app.wait_for("Choose a deck");
    app.send("\r");
    app
}

/// Whether all four grade keys are drawn whole: each tag followed by an
/// interval (digits and a unit), so a frame read half-way is not parsed.
fn labels_drawn(screen: &str) -> bool {
    (1..=4).all(|key| {
        let name = ["Again", "Hard", "Good", "Easy"][key - 1];
        let tag = format!("{key} {name} · ");
        screen.lines().any(|l| {
            l.split_once(&tag).is_some_and(|(_, after)| {
                after.split_whitespace().next().is_some_and(|t| {
                    t.starts_with(|c: char| c.is_ascii_digit())
                        && ["s", "m", "h", "d", "mo", "y"]
                            .iter()
                            .any(|u| t.ends_with(u))
                })
            })
        })
    })
}

/// N of the drill's "0/N" (no card answered yet).
fn session_length(screen: &str) -> Option<usize> {
    screen
        .split_whitespace()
        .find_map(|w| w.strip_prefix("0/"))
        .and_then(|n| n.parse().ok())
}

/// The interval the key `key` (1 to 4) shows on `screen`.
fn label(screen: &str, key: usize) -> String {
    let name = ["Again", "Hard", "Good", "Easy"][key - 1];
    let tag = format!("{key} {name} · ");
    let line = screen
        .lines()
        .find(|l| l.contains(&tag))
        .unwrap_or_else(|| panic!("no label for {key}:\n{screen}"));
    let (_, after) = line.split_once(&tag).unwrap();
    after.split_whitespace().next().unwrap().to_string()
}

#[test]
fn grades_after_pauses_on_day_30_are_applied_as_their_keys_showed() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data").to_str().unwrap().to_string();

    // day 0: six new cards, each Easy
    let mut app = drill_at(home.path(), &data, "2025-01-01T09:00:00Z");
    for n in 1..=6 {
        app.wait_for(&format!(" {}/20", n - 1));
        app.send(" ");
        app.wait_for("4 Easy · ");
        app.send("4");
        app.wait_for(&format!(" {n}/20"));
    }
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    // day 30: each due card revealed, then graded after 0 to 5 seconds
    let keys = [3usize, 2, 4, 3, 2, 4];
    // seconds of thought before each key: none, short, the 5 s a person takes
    let pauses = [0u64, 1, 0, 2, 0, 5];
    let mut labels = Vec::new();
    let mut app = drill_at(home.path(), &data, "2025-01-31T09:00:00Z");
    // the session's length: the six due cards first, then the day's new ones
    let first = app.wait_until("the session's length", |s| session_length(s).is_some());
    let total = session_length(&first).unwrap_or_default();
    for (i, key) in keys.into_iter().enumerate() {
        app.wait_for(&format!(" {i}/{total}"));
        app.send(" ");
        let screen = app.wait_until("the four grade keys", labels_drawn);
        labels.push(label(&screen, key));
        std::thread::sleep(StdDuration::from_secs(pauses[i]));
        app.send(&key.to_string());
        let screen = app.wait_for(&format!(" {}/{total}", i + 1));
        assert!(
            !screen.contains("not applied"),
            "key {i} refused:\n{screen}"
        );
    }
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    // what `due --json` says each card is due
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_studyguide"))
        .args(["--data-dir", &data, "due", "--json"])
        .args(["--now", "2025-01-31T10:00:00Z"])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("xdg-config"))
        .env("TZ", "UTC")
        .output()
        .expect("due --json");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let due_of = |id: &str| -> DateTime<Utc> {
        let card = json["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} in due --json"));
        card["due"].as_str().unwrap().parse().unwrap()
    };

    // six grades stored on day 30, in the order given, each due exactly
    // the interval its key showed after the answer
    let store = Store::open_read_only(home.path().join("data/progress.sqlite3")).unwrap();
    let reviews = store.reviews().unwrap();
    assert_eq!(reviews.len(), 12);
    let (day0, day30) = reviews.split_at(6);
    let sched = Scheduler::new(SchedulerConfig::default());
    let days = DayBoundary::new(Zone::utc(), 4);
    for (i, (_, answer)) in day30.iter().enumerate() {
        assert_eq!(answer.grade, Grade::from_u8(keys[i] as u8).unwrap());
        assert_eq!(answer.day, days.day(answer.at));
        // whole seconds, as `due --json` writes times
        let at = DateTime::from_timestamp(answer.at.timestamp(), 0).unwrap();
        let interval = due_of(&answer.card_id) - at;
        assert_eq!(format_interval(interval), labels[i], "card {i}");
        // and exactly what the key's outcome gave: the day-0 state's
        // outcome on day 30
        let (_, first) = day0
            .iter()
            .find(|(_, r)| r.card_id == answer.card_id)
            .unwrap();
        let before = sched.replay(&first.card_id, [(first.at, first.day, first.grade)]);
        let shown = sched.outcome(&answer.card_id, &before, answer.grade, answer.day);
        assert_eq!(interval, shown.interval(), "card {i}");
    }
}
