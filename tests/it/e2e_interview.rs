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
    // the feedback is on screen: the answer was submitted and stored
    app.wait_for("Answer 1/3");
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
        app.wait_for(&format!("Answer {}/3", n + 1));
        let feedback = app.wait_for("Length:");
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
