//! End to end in a pseudo-terminal: a three-question mock interview started
//! with `--now`, answered with typed text, feedback seen after each answer,
//! the scorecard at the end; after a restart the screen counts the past
//! session and `studyguide interviews --format json` prints it; a kill -9
//! right after an answer keeps that answer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::pty::PtyApp;

const ANSWERS: [&str; 3] = [
    "Last year at my previous job our launch date moved up by two weeks. My goal was to ship \
     on time. I decided to cut scope and I organised daily check-ins. As a result we shipped \
     on time and support tickets fell by 30 percent.",
    "I am excited about this role because your team builds tools I use every day, and I \
     enjoy turning messy problems into simple ones.",
    "Thank you. What does a typical week look like for your team?",
];

fn data_arg(home: &std::path::Path) -> String {
    home.join("data").display().to_string()
}

/// `studyguide interviews --format json` for a data directory, parsed.
fn interviews_json(home: &std::path::Path, data: &str) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_studyguide"))
        .args(["interviews", "--format", "json", "--data-dir", data])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run studyguide interviews: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn kill_after_an_answer_keeps_it() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = data_arg(home.path());
    let args = ["--data-dir", data.as_str(), "--now", "2026-12-01T09:00:00Z"];
    let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
    app.wait_for("Sarah Johnson");
    app.send("5");
    app.wait_for("3 questions");
    app.send("\r");
    app.wait_for("Question 1 of 3");
    app.send(ANSWERS[0]);
    app.wait_for("30 percent.");
    app.send("\r");
    // a follow-up or the feedback is on screen: the answer was submitted
    // and stored
    app.wait_until("a follow-up or the feedback", |s| {
        s.contains("Follow-up") || s.contains("Answer 1/3")
    });
    app.kill();
    let json = interviews_json(home.path(), &data);
    let answers = json[0]["answers"].as_array().cloned().unwrap_or_default();
    assert_eq!(answers.len(), 1, "{json:#}");
    assert_eq!(answers[0]["answer"], ANSWERS[0]);
}

#[test]
fn a_typed_session_is_scored_kept_and_printed_after_a_restart() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = data_arg(home.path());
    let args = ["--data-dir", data.as_str(), "--now", "2026-12-01T09:00:00Z"];
    let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
    app.wait_for("Sarah Johnson");
    app.send("5");
    app.wait_for("3 questions");
    app.send("\r");
    for (n, text) in ANSWERS.iter().enumerate() {
        let question = app.wait_for(&format!("Question {} of 3", n + 1));
        assert!(question.contains(" left"), "a countdown:\n{question}");
        app.send(text);
        let tail: String = text.chars().skip(text.chars().count() - 12).collect();
        app.wait_for(&tail);
        app.send("\r");
        let next = app.wait_until("a follow-up or the feedback", |s| {
            s.contains("Follow-up") || s.contains(&format!("Answer {}/3", n + 1))
        });
        if next.contains("Follow-up") {
            // Esc on the empty box skips the follow-ups
            app.send("\x1b");
        }
        // the whole feedback drawn (a frame can arrive in pieces)
        let feedback = app.wait_until("the feedback", |s| {
            s.contains(&format!("Answer {}/3", n + 1))
                && s.contains("Length:")
                && (n != 2 || s.contains("Your question:"))
        });
        assert!(feedback.contains("Checks"), "{feedback}");
        if n == 0 {
            // The first question depends on the start time: the advice
            // header shows whichever it is.
            assert!(
                feedback.contains("What a strong answer covers"),
                "{feedback}"
            );
        }
        if n == 2 {
            assert!(
                feedback.contains("Your question: \"What does a typical week"),
                "{feedback}"
            );
        }
        app.send("\r");
    }
    let scorecard = app.wait_for("Scorecard");
    assert!(scorecard.contains("3 of 3 answered"), "{scorecard}");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    let args = ["--data-dir", data.as_str(), "--now", "2026-12-01T10:00:00Z"];
    let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
    app.wait_for("Sarah Johnson");
    app.send("5");
    let setup = app.wait_for("1 past session");
    assert!(setup.contains("last score"), "{setup}");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_studyguide"))
        .args([
            "interviews",
            "--format",
            "json",
            "--data-dir",
            data.as_str(),
        ])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("xdg-data"))
        .env("XDG_CONFIG_HOME", home.path().join("xdg-config"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run studyguide interviews: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let sessions = json.as_array().expect("an array of sessions");
    assert_eq!(sessions.len(), 1, "{json:#}");
    let session = &sessions[0];
    assert_eq!(session["set"], "ch17-interview");
    assert_eq!(session["planned"], 3);
    let started = session["started_at"].as_str().unwrap_or_default();
    assert!(started.starts_with("2026-12-01T09:0"), "{started}");
    let answers = session["answers"].as_array().expect("answers");
    assert_eq!(answers.len(), 3);
    for (stored, typed) in answers.iter().zip(ANSWERS) {
        assert_eq!(stored["answer"], typed);
        assert!(stored["words"].as_u64().unwrap_or(0) > 5, "{stored:#}");
    }
    assert_eq!(answers[0]["signals"]["specific_result"], true);
    assert_eq!(answers[2]["signals"]["asked_question"], true);
}

/// Submits the answer typed so far and gets past any follow-ups (answered
/// with `follow_up`, or skipped with Esc when it is empty) to the feedback.
fn submit_to_feedback(app: &mut PtyApp, answer_no: &str, follow_up: &str) -> String {
    app.send("\r");
    // An answer may trigger several follow-ups, one after the other: each
    // is answered (or skipped) once its own number is on screen.
    for n in 1.. {
        let screen = app.wait_until("a follow-up or the feedback", |s| {
            s.contains("Follow-up") || s.contains(answer_no)
        });
        if !screen.contains("Follow-up") {
            return screen;
        }
        let marker = format!("Follow-up {n} ·");
        app.wait_for(&marker);
        if follow_up.is_empty() {
            app.send("\x1b");
        } else {
            app.send(follow_up);
            app.wait_for(follow_up);
            app.send("\r");
        }
        app.wait_until("the follow-up answered", |s| !s.contains(&marker));
    }
    String::new()
}

/// `studyguide due --json` at a time, parsed.
fn due_json(home: &std::path::Path, data: &str, now: &str) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_studyguide"))
        .args(["due", "--json", "--data-dir", data, "--now", now])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run studyguide due: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn a_live_session_then_a_retry_from_the_history_and_the_missed_point_is_due_the_next_day() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = data_arg(home.path());
    let args = ["--data-dir", data.as_str(), "--now", "2026-12-01T09:00:00Z"];
    let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
    app.wait_for("Sarah Johnson");
    app.send("5");
    app.wait_for("3 questions");
    app.send("\r");
    // 1: a weak answer, rated "again" after the advice
    app.wait_for("Question 1 of 3");
    app.send("We did a project and it went fine.");
    app.wait_for("went fine.");
    submit_to_feedback(&mut app, "Answer 1/3", "It was late.");
    app.send("1");
    app.wait_for("[1 again]");
    app.send("\r");
    // 2: a story, follow-ups skipped, not rated
    app.wait_for("Question 2 of 3");
    app.send(ANSWERS[0]);
    app.wait_for("30 percent.");
    submit_to_feedback(&mut app, "Answer 2/3", "");
    app.send("\r");
    // 3: the closing question
    app.wait_for("Question 3 of 3");
    app.send(ANSWERS[2]);
    app.wait_for("typical week");
    submit_to_feedback(&mut app, "Answer 3/3", "");
    app.send("\r");
    app.wait_for("3 of 3 answered");
    // the history: the first question (answered first, listed last) again
    app.send("p");
    app.wait_for("Your answers per question · 3 questions");
    app.send("G");
    app.send("r");
    app.wait_for("What a strong answer covers");
    app.send("\r");
    app.wait_for("try 2");
    app.send(ANSWERS[0]);
    app.wait_for("30 percent.");
    submit_to_feedback(&mut app, "Answer 1/1", "");
    app.send("3");
    app.wait_for("[3 good]");
    app.send("\r");
    let comparison = app.wait_for("2 tries");
    assert!(
        comparison.contains("#1") && comparison.contains("#2"),
        "{comparison}"
    );
    assert!(comparison.contains("1 again"), "{comparison}");
    assert!(comparison.contains("3 good"), "{comparison}");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    // the next day the missed points of the first answer are scheduled
    // cards: learning (rated "again"), due, and counted by `due`
    let json = due_json(home.path(), &data, "2026-12-02T09:00:00Z");
    let decks = json["decks"].as_array().expect("decks");
    let missed = decks
        .iter()
        .find(|d| d["deck"] == "interview-missed")
        .unwrap_or_else(|| panic!("no deck of missed points: {json:#}"));
    assert_eq!(missed["title"], "Missed in mock interviews");
    let learning = missed["learning"].as_u64().unwrap_or(0);
    assert!(learning >= 1, "{missed:#}");
    let cards: Vec<&serde_json::Value> = json["cards"]
        .as_array()
        .expect("cards")
        .iter()
        .filter(|c| c["deck"] == "interview-missed")
        .collect();
    assert!(cards.iter().any(|c| c["state"] == "learning"), "{cards:#?}");
    // the total counts them with the rest
    let total = &json["total"];
    let sum = |v: &serde_json::Value| {
        ["new", "learning", "due"]
            .iter()
            .map(|k| v[k].as_u64().unwrap_or(0))
            .sum::<u64>()
    };
    assert!(sum(total) >= sum(missed), "{json:#}");
    assert!(total["learning"].as_u64().unwrap_or(0) >= learning);

    // and the drill of the next day offers them with the same counts
    let args = ["--data-dir", data.as_str(), "--now", "2026-12-02T09:00:00Z"];
    let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
    app.wait_for("Sarah Johnson");
    app.send("2");
    // (waiting for the whole row: a frame may be drawn in pieces)
    let numbers_of = |screen: &str| -> Vec<u64> {
        screen
            .lines()
            .find(|l| l.contains("Missed in mock interviews"))
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|t| t.parse().ok())
            .collect()
    };
    let chooser = app.wait_until("the row of missed points with its counts", |s| {
        numbers_of(s).len() == 4
    });
    let numbers = numbers_of(&chooser);
    let row = chooser
        .lines()
        .find(|l| l.contains("Missed in mock interviews"))
        .unwrap_or_default();
    assert_eq!(
        numbers.get(..3),
        Some(
            [
                missed["new"].as_u64().unwrap_or(0),
                learning,
                missed["due"].as_u64().unwrap_or(0)
            ]
            .as_slice()
        ),
        "{row}"
    );
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    // the attempts and the retry are in `interviews --format json`
    let json = interviews_json(home.path(), &data);
    let sessions = json.as_array().expect("sessions");
    assert_eq!(sessions.len(), 2, "{json:#}");
    assert_eq!(sessions[1]["mode"], "practice");
    let retry = &sessions[1]["answers"][0];
    assert_eq!(retry["attempt"], 2);
    assert_eq!(retry["previous"], sessions[0]["answers"][0]["id"]);
    assert_eq!(retry["self_rating"], 3);
    assert_eq!(sessions[0]["answers"][0]["self_rating"], 1);
}
