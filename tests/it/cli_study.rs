//! `studyguide due` and `studyguide stats` run as a process against a store
//! in the sandbox's data directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_common::Sandbox;
use chrono::{TimeZone, Utc};
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
        day: crate::common::study_day(at),
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
    // six questions, five insights and the conclusion's six cloze gaps
    assert_eq!(cards.iter().filter(|c| c["deck"] == "ch17").count(), 17);
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

/// A store in the sandbox holding one two-answer interview session, one
/// answer with a terminal escape in its text.
fn store_with_interview(sandbox: &Sandbox) {
    use std::time::Duration;
    use studyguide::domain::interview::InterviewSession;
    use studyguide::domain::interview::{AnswerScore, RubricRating};
    let store = Store::open(sandbox.path("data").join("progress.sqlite3")).expect("store");
    let started = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .expect("time");
    let session = InterviewSession {
        id: "session-1".into(),
        set: "ch17-interview".into(),
        mode: studyguide::domain::interview::InterviewMode::Live,
        started_at: started,
        planned: 3,
        limit: Duration::from_secs(120),
    };
    let mut rating = RubricRating::default();
    rating.toggle("star");
    let typed = AnswerScore {
        question: "ch17i-disagreement".into(),
        prompt: "Tell me about a time you disagreed.".into(),
        answer: Some("I listened\u{1b}[31m first.".into()),
        time_taken: Duration::from_secs(130),
        limit: Duration::from_secs(120),
        signals: None,
        rated_against: vec!["star".into(), "result".into()],
        rating,
    };
    let aloud = AnswerScore {
        question: "ch17i-any-questions".into(),
        prompt: "Do you have any questions for us?".into(),
        answer: None,
        time_taken: Duration::from_secs(40),
        limit: Duration::from_secs(120),
        signals: None,
        rated_against: vec!["asked-question".into()],
        rating: RubricRating::default(),
    };
    store
        .save_interview_answer(&session, 0, "attempt-1", &typed, started)
        .expect("save");
    store
        .save_interview_answer(&session, 1, "attempt-2", &aloud, started)
        .expect("save");
}

#[test]
fn interviews_prints_sessions_as_markdown_and_json_sanitised() {
    let sb = Sandbox::new();
    let out = sb.run(&["interviews"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("No sessions yet"), "{}", out.stdout);
    assert!(
        !sb.path("data").join("progress.sqlite3").exists(),
        "read-only: nothing created"
    );

    store_with_interview(&sb);
    let out = sb.run(&["interviews"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = &out.stdout;
    assert!(
        md.contains("## 2026-12-01T09:00:00Z · ch17-interview"),
        "{md}"
    );
    assert!(md.contains("2 of 3 questions answered"), "{md}");
    assert!(
        md.contains("2:10 (0:10 over) · 0 words · score 50%"),
        "{md}"
    );
    assert!(md.contains("- Done: STAR structure"), "{md}");
    assert!(md.contains("- Missed: A specific result"), "{md}");
    assert!(md.contains("answered aloud · score 0%"), "{md}");
    assert!(
        !md.contains('\u{1b}'),
        "escape sequences are removed: {md:?}"
    );

    let out = sb.run(&["interviews", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let answers = &json[0]["answers"];
    assert_eq!(answers[0]["ticked"], serde_json::json!(["star"]));
    assert_eq!(answers[0]["missed"], serde_json::json!(["result"]));
    assert_eq!(answers[1]["answer"], serde_json::Value::Null);
    assert!(!out.stdout.contains("\\u001b"), "{}", out.stdout);
}

#[test]
fn interviews_json_carries_every_attempt_with_what_changed() {
    use std::time::Duration;
    use studyguide::domain::interview::InterviewSession;
    use studyguide::domain::interview::{AnswerScore, FollowUpAnswer, InterviewMode, RubricRating};
    use studyguide::domain::schedule::Grade;
    let sb = Sandbox::new();
    let store = Store::open(sb.path("data").join("progress.sqlite3")).expect("store");
    let started = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .expect("time");
    let answer = |ticked: &[&str], words: &str| {
        let mut rating = RubricRating::default();
        for t in ticked {
            rating.toggle(t);
        }
        AnswerScore {
            question: "ch17i-disagreement".into(),
            prompt: "Tell me about a time you disagreed.".into(),
            answer: Some(words.into()),
            time_taken: Duration::from_secs(60),
            limit: Duration::from_secs(120),
            signals: None,
            rated_against: vec!["star".into(), "result".into()],
            rating,
        }
    };
    // two sessions started in the same millisecond stay two
    for (session, mode, attempt, ticked) in [
        ("s-live", InterviewMode::Live, "a-1", &["star"][..]),
        (
            "s-practice",
            InterviewMode::Practice,
            "a-2",
            &["star", "result"][..],
        ),
    ] {
        let s = InterviewSession {
            id: session.into(),
            set: "ch17-interview".into(),
            mode,
            started_at: started,
            planned: 1,
            limit: Duration::from_secs(120),
        };
        store
            .save_interview_answer(&s, 0, attempt, &answer(ticked, "I listened."), started)
            .expect("save");
    }
    let mut rating = RubricRating::default();
    rating.toggle("star");
    rating.toggle("result");
    store
        .rate_interview_answer("a-2", &rating, Some(Grade::Good))
        .expect("rate");
    store
        .save_follow_ups(
            "a-2",
            &[FollowUpAnswer {
                prompt: "By how much?".into(),
                answer: Some("A third.".into()),
                time_taken: Duration::from_secs(12),
            }],
        )
        .expect("follow-ups");
    drop(store);

    let out = sb.run(&["interviews", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let sessions = json.as_array().expect("an array of sessions");
    assert_eq!(sessions.len(), 2, "{json:#}");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&sessions[0]),
        [
            "answers",
            "id",
            "limit_secs",
            "mode",
            "planned",
            "score",
            "set",
            "started_at"
        ]
    );
    assert_eq!(
        keys(&sessions[0]["answers"][0]),
        [
            "answer",
            "answered_at",
            "attempt",
            "change",
            "follow_ups",
            "id",
            "missed",
            "overrun_secs",
            "previous",
            "prompt",
            "question",
            "rated_against",
            "score",
            "self_rating",
            "signals",
            "ticked",
            "time_secs",
            "words"
        ]
    );
    assert_eq!(sessions[0]["id"], "s-live");
    assert_eq!(sessions[1]["id"], "s-practice");
    assert_eq!(sessions[1]["mode"], "practice");
    let first = &sessions[0]["answers"][0];
    let second = &sessions[1]["answers"][0];
    assert_eq!(first["attempt"], 1);
    assert_eq!(first["previous"], serde_json::Value::Null);
    assert_eq!(first["change"], serde_json::Value::Null);
    assert_eq!(first["self_rating"], serde_json::Value::Null);
    assert_eq!(second["id"], "a-2");
    assert_eq!(second["attempt"], 2);
    assert_eq!(second["previous"], "a-1");
    assert_eq!(
        second["change"],
        serde_json::json!({"words": 0, "time_secs": 0, "covered": 1, "gained": ["result"], "lost": []})
    );
    assert_eq!(second["self_rating"], 3);
    assert_eq!(
        second["follow_ups"],
        serde_json::json!([{"prompt": "By how much?", "answer": "A third.", "time_secs": 12.0}])
    );

    let out = sb.run(&["interviews"]);
    let md = &out.stdout;
    assert!(
        md.contains("### 1. Tell me about a time you disagreed. (try 2)"),
        "{md}"
    );
    assert!(md.contains("- Self-rating: 3 (good)"), "{md}");
    assert!(
        md.contains("- Since try 1: +0 words, +0 s, +1 points, now covers A specific result"),
        "{md}"
    );
    assert!(
        md.contains("**Follow-up:** By how much?\n\n> A third."),
        "{md}"
    );
}

#[test]
fn interviews_ends_quietly_when_its_pipe_closes() {
    use std::io::Read;
    let sb = Sandbox::new();
    store_with_interview(&sb);
    let mut child = sb
        .command(&["interviews", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let status = child.wait().expect("wait");
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut stderr).expect("stderr");
    }
    assert!(status.success(), "{status:?} {stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn an_out_of_range_interview_time_in_the_config_is_located() {
    let sb = Sandbox::new();
    let cfg = sb.write("c.toml", "[interview]\nminutes = 9\n");
    let out = sb.run(&["--config", &cfg.display().to_string(), "config"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("c.toml:2:11: error: [interview] minutes = 9 is out of range"),
        "{}",
        out.stderr
    );
}
