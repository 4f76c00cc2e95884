//! `studyguide due` and `studyguide stats` from the card states kept in the
//! store print exactly what a replay of the review log prints: the same store is read once with
//! its card-state table current and once without the table (as an older
//! build left it), at moments before, during and after the answers, in two
//! time zones. A stale table (answers the table did not follow) is never
//! read.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_common::Sandbox;
use chrono::{DateTime, Duration, TimeZone, Utc};
use studyguide::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};
use studyguide::store::Store;

/// Two decks: plain cards, cloze notes (siblings buried together) and a
/// typed card made from a question; more new cards than a day's limit.
fn content(sandbox: &Sandbox) -> String {
    let mut deck = String::from("kind = \"deck\"\nid = \"a\"\ntitle = \"Deck A\"\n");
    // a30 to a59 are never answered: more new cards than a day's 20
    for n in 0..60 {
        deck.push_str(&format!(
            "[[cards]]\nid = \"a{n}\"\nfront = \"Question {n}?\"\nback = \"Answer {n}.\"\n"
        ));
    }
    deck.push_str("[[cards]]\nid = \"p0\"\nkind = \"typed\"\nfrom = \"a0\"\nfront = \"Say it.\"\nback = \"It.\"\n");
    sandbox.write("content/a.toml", &deck);
    let mut deck = String::from("kind = \"deck\"\nid = \"b\"\ntitle = \"Deck B\"\n");
    for n in 0..8 {
        deck.push_str(&format!(
            "[[cards]]\nid = \"z{n}\"\nkind = \"cloze\"\nfront = \"{{{{c1::One}}}} and {{{{c2::two}}}} {n}\"\n"
        ));
    }
    sandbox.write("content/b.toml", &deck);
    sandbox.path("content").display().to_string()
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("time")
}

/// Answers over ten days, some cards often, one answer out of time order,
/// and some undone (a fixed pseudo-random walk).
fn answer(store: &Store) {
    let ids: Vec<String> = (0..30)
        .map(|n| format!("a{n}"))
        .chain(["p0".to_string()])
        .chain((0..8).flat_map(|n| [format!("z{n}::c1"), format!("z{n}::c2")]))
        .collect();
    let mut seed: u64 = 7;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    for i in 0..160i64 {
        let card = &ids[next(ids.len() as u64) as usize];
        let mut at = start() + Duration::minutes(i * 90 + next(60) as i64);
        if i == 100 {
            at -= Duration::days(3);
        }
        let grade = Grade::from_u8(1 + next(4) as u8).expect("grade");
        let id = store
            .append_review(&ReviewRecord {
                card_id: card.as_str().into(),
                at,
                day: crate::common::study_day(at),
                grade,
                elapsed_ms: 1000,
                typed_answer: None,
            })
            .expect("append");
        if next(9) == 0 {
            store.undo_review(id).expect("undo");
        }
    }
}

fn due(sandbox: &Sandbox, data: &str, content: &str, now: &str, tz: &str, json: bool) -> String {
    run(sandbox, data, content, now, tz, "due", json)
}

fn run(
    sandbox: &Sandbox,
    data: &str,
    content: &str,
    now: &str,
    tz: &str,
    command: &str,
    json: bool,
) -> String {
    let mut args = vec![
        "--data-dir",
        data,
        "--content",
        content,
        "--now",
        now,
        command,
    ];
    if json {
        args.push("--json");
    }
    let mut cmd = sandbox.command_without_data_dir(&args);
    cmd.env("TZ", tz);
    let out = crate::cli_common::output(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn due_and_stats_from_the_kept_states_equal_a_replay_of_the_log() {
    let sandbox = Sandbox::new();
    let content = content(&sandbox);
    let kept = sandbox.path("kept");
    let kept_db = kept.join("progress.sqlite3");
    {
        let mut store = Store::open(&kept_db).expect("store");
        store.keep_card_states(&Scheduler::new(SchedulerConfig::default()));
        store.rebuild_card_states().expect("rebuild");
        answer(&store);
        assert!(store.card_states_current().expect("stamp"));
    }
    // the same log with no table: what an older build leaves
    let replayed = sandbox.path("replayed");
    std::fs::create_dir_all(&replayed).expect("mkdir");
    std::fs::copy(&kept_db, replayed.join("progress.sqlite3")).expect("copy");
    let conn = rusqlite::Connection::open(replayed.join("progress.sqlite3")).expect("open");
    conn.execute_batch("DROP TABLE card_states; DROP TABLE card_states_stamp;")
        .expect("drop");
    drop(conn);
    let (kept, replayed) = (kept.display().to_string(), replayed.display().to_string());
    let mut differing_moments = std::collections::BTreeSet::new();
    // each moment in one of two zones (taking turns, so both zones see
    // every day), as JSON; every fourth moment as text too
    let mut moment = 0;
    for days in [0, 1, 2, 4, 6, 9, 10, 11, 30] {
        for hours in [0, 5, 13, 22] {
            let now = (start() + Duration::days(days) + Duration::hours(hours))
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let tz = ["UTC", "America/New_York"][(moment + days as usize) % 2];
            let formats: &[bool] = if moment % 4 == 0 {
                &[true, false]
            } else {
                &[true]
            };
            moment += 1;
            for &json in formats {
                for command in ["due", "stats"] {
                    let from_states = run(&sandbox, &kept, &content, &now, tz, command, json);
                    let from_log = run(&sandbox, &replayed, &content, &now, tz, command, json);
                    assert_eq!(from_states, from_log, "{command} at {now} in {tz}");
                    differing_moments.insert(from_states);
                }
            }
        }
    }
    // the moments really differ (new limit, learning, buried siblings,
    // retention, streak, forecast)
    assert!(differing_moments.len() > 40, "{}", differing_moments.len());
}

#[test]
fn answers_the_table_did_not_follow_are_read_from_the_log() {
    let sandbox = Sandbox::new();
    let content = content(&sandbox);
    let data = sandbox.path("data");
    let db = data.join("progress.sqlite3");
    let now = "2026-03-02T10:00:00Z";
    let data_arg = data.display().to_string();
    {
        let mut store = Store::open(&db).expect("store");
        store.keep_card_states(&Scheduler::new(SchedulerConfig::default()));
        store.rebuild_card_states().expect("rebuild");
    }
    let before = due(&sandbox, &data_arg, &content, now, "UTC", true);
    assert!(before.contains("\"state\": \"new\""), "{before}");
    {
        // a bulk append (an import) leaves the table behind
        let store = Store::open(&db).expect("store");
        store
            .append_reviews(&[ReviewRecord {
                card_id: "a0".into(),
                at: start(),
                day: crate::common::study_day(start()),
                grade: Grade::Good,
                elapsed_ms: 1,
                typed_answer: None,
            }])
            .expect("append");
    }
    let after = due(&sandbox, &data_arg, &content, now, "UTC", true);
    let json: serde_json::Value = serde_json::from_str(&after).expect("json");
    let a0 = json["cards"]
        .as_array()
        .expect("cards")
        .iter()
        .find(|c| c["id"] == "a0")
        .expect("a0")
        .clone();
    assert_eq!(a0["state"], "learning", "{after}");
    assert_eq!(a0["due"], "2026-03-02T09:10:00Z");
}

/// The second run reads the deck cards from the content cache without their
/// texts (the first parsed the files): both print the same, at moments with
/// new, learning, due and buried cards.
#[test]
fn cards_read_from_the_cache_without_their_texts_count_as_the_whole_cards() {
    let sandbox = Sandbox::new();
    let content = content(&sandbox);
    let data = sandbox.path("data");
    {
        let mut store = Store::open(data.join("progress.sqlite3")).expect("store");
        store.keep_card_states(&Scheduler::new(SchedulerConfig::default()));
        store.rebuild_card_states().expect("rebuild");
        answer(&store);
    }
    let data_arg = data.display().to_string();
    for days in [1, 4, 10] {
        let now = (start() + Duration::days(days) + Duration::hours(3))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        for command in ["due", "stats"] {
            let _ = std::fs::remove_dir_all(data.join("cache"));
            let parsed = run(&sandbox, &data_arg, &content, &now, "UTC", command, true);
            let cached = std::fs::read_dir(data.join("cache"))
                .expect("cache")
                .count();
            assert_eq!(cached, 2, "both deck files are in the cache");
            let from_cache = run(&sandbox, &data_arg, &content, &now, "UTC", command, true);
            assert_eq!(parsed, from_cache, "{command} at {now}");
        }
    }
}
