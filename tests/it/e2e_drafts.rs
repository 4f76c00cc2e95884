//! End to end in a pseudo-terminal: what the user types survives every way
//! the program can end. For each kind of box (a typed card answer, an
//! interview answer, a bookmark note) and each catchable signal that would
//! end the program, and for the terminal itself going away: the text is in
//! the store (a draft, or for a note the note itself), the reading position
//! too, and the terminal's modes are restored where a terminal remains. And
//! a three-paragraph answer typed, pasted and undone reaches the store
//! whole. Each case waits for screen text, never for a fixed time; the
//! cases of a box run side by side.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::pty::PtyApp;
use studyguide::store::Store;
use studyguide::tui::state::position;

const NOW: &str = "2026-03-02T09:00:00Z";
const TYPED: &str = "kept words ❤️ here";

#[derive(Clone, Copy, Debug)]
enum BoxKind {
    DrillAnswer,
    InterviewAnswer,
    Note,
}

#[derive(Clone, Copy, Debug)]
enum Ending {
    Signal(&'static str),
    TerminalClosed,
}

const SIGNALS: [&str; 10] = [
    "HUP", "TERM", "INT", "QUIT", "USR1", "USR2", "ALRM", "XCPU", "VTALRM", "PROF",
];

/// Opens the box, types into it and waits until the text is on screen.
fn type_into(app: &mut PtyApp, kind: BoxKind) {
    app.wait_for("Contents");
    match kind {
        BoxKind::DrillAnswer => {
            app.send("2");
            app.wait_for("Choose a deck");
            // cram the deck of one typed card (third in the list)
            app.send("jjc");
            app.wait_for("Your answer");
        }
        BoxKind::InterviewAnswer => {
            app.send("5");
            app.wait_for("start");
            app.send("\r");
            app.wait_for("Your answer");
        }
        BoxKind::Note => {
            app.send("be");
            app.wait_for("Note:");
        }
    }
    app.send(TYPED);
    app.wait_for("kept words");
    app.wait_for("here");
}

/// What the store must hold after the program ended: the typed text (as a
/// draft, or for a note as the note or its draft) and the reading position.
fn check_store(data: &Path, kind: BoxKind) -> Result<(), String> {
    let store = Store::open_read_only(data.join("progress.sqlite3")).map_err(|e| e.to_string())?;
    let drafts = store.drafts().map_err(|e| e.to_string())?;
    let prefix = match kind {
        BoxKind::DrillAnswer => "card:",
        BoxKind::InterviewAnswer => "interview:",
        BoxKind::Note => "note:",
    };
    // (closing the terminal, portable-pty's writer sends a last newline,
    // which the box may take as Ctrl-J)
    let as_draft = drafts
        .iter()
        .any(|d| d.key.starts_with(prefix) && d.text.trim_end() == TYPED);
    let as_note = matches!(kind, BoxKind::Note)
        && store
            .bookmarks()
            .map_err(|e| e.to_string())?
            .iter()
            .any(|b| b.note == TYPED);
    if !as_draft && !as_note {
        return Err(format!("the text is not in the store: drafts {drafts:?}"));
    }
    match store.position(position::KEY) {
        Ok(Some(_)) => Ok(()),
        other => Err(format!("no reading position: {other:?}")),
    }
}

/// One case: type into `kind`, end the program by `ending`, check.
fn run_case(kind: BoxKind, ending: Ending) -> Result<(), String> {
    let home = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data = home.path().join("data");
    let args = [
        "--data-dir",
        data.to_str().unwrap_or_default(),
        "--now",
        NOW,
    ];
    // the drill's box: the chapter beside a deck of one typed card (the
    // bundled decks change; this case should not)
    let content = home.path().join("content");
    let args: Vec<&str> = match kind {
        BoxKind::DrillAnswer => {
            std::fs::create_dir(&content).map_err(|e| e.to_string())?;
            let chapter = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/chapter-17.toml");
            std::fs::copy(chapter, content.join("chapter-17.toml")).map_err(|e| e.to_string())?;
            std::fs::write(content.join("deck.toml"), TYPED_DECK).map_err(|e| e.to_string())?;
            let mut args = args.to_vec();
            args.extend(["--content", content.to_str().unwrap_or_default()]);
            args
        }
        _ => args.to_vec(),
    };
    let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
    type_into(&mut app, kind);
    let what = format!("{kind:?} {ending:?}");
    match ending {
        Ending::Signal(signal) => {
            let pid = app.pid().ok_or("no pid")?.to_string();
            let status = std::process::Command::new("kill")
                .args([format!("-{signal}"), pid])
                .status()
                .map_err(|e| e.to_string())?;
            if !status.success() {
                return Err(format!("{what}: kill failed"));
            }
            app.wait_exit();
            let start = Instant::now();
            while !app.modes_restored() && start.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(20));
            }
            if !app.modes_restored() {
                return Err(format!("{what}: terminal modes left on"));
            }
        }
        Ending::TerminalClosed => {
            app.close_terminal();
            app.wait_exit();
        }
    }
    check_store(&data, kind).map_err(|e| format!("{what}: {e}"))
}

/// Every signal and the closed terminal for one kind of box, side by side.
fn every_ending(kind: BoxKind) {
    let endings = SIGNALS
        .iter()
        .map(|s| Ending::Signal(s))
        .chain([Ending::TerminalClosed]);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = endings
            .map(|ending| scope.spawn(move || run_case(kind, ending)))
            .collect();
        runs.into_iter()
            .filter_map(|r| match r.join() {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e),
                Err(_) => Some(format!("{kind:?}: a case panicked")),
            })
            .collect()
    });
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_typed_answer_survives_every_signal_and_a_closed_terminal() {
    every_ending(BoxKind::DrillAnswer);
}

#[test]
fn an_interview_answer_survives_every_signal_and_a_closed_terminal() {
    every_ending(BoxKind::InterviewAnswer);
}

#[test]
fn a_note_survives_every_signal_and_a_closed_terminal() {
    every_ending(BoxKind::Note);
}

/// Three paragraphs: typed, a newline key, pasted newlines, typing undone
/// and redone inside the box.
fn write_three_paragraphs(app: &mut PtyApp) {
    app.send("Situation: the release slipped.");
    app.send("\x1b\r"); // Alt-Enter
    app.send("\n"); // Ctrl-J
    app.send("\x1b[200~Action: I split the work.\r\n\r\nResult: we shipped.\x1b[201~");
    app.wait_for("Result: we shipped.");
    app.send("Oops");
    app.wait_for("shipped.Oops");
    app.send("\x1a"); // Ctrl-Z: the word goes
    app.wait_until("Oops undone", |s| !s.contains("Oops"));
    app.send("\x19"); // Ctrl-Y: back
    app.wait_for("shipped.Oops");
    app.send("\x1a");
    app.wait_until("Oops undone again", |s| !s.contains("Oops"));
}

const THREE: &str =
    "Situation: the release slipped.\n\nAction: I split the work.\n\nResult: we shipped.";

#[test]
fn a_three_paragraph_interview_answer_is_stored_whole() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let args = ["--data-dir", data.to_str().unwrap(), "--now", NOW];
    let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
    app.wait_for("Contents");
    app.send("5");
    app.wait_for("start");
    app.send("\r");
    app.wait_for("Your answer");
    write_three_paragraphs(&mut app);
    let screen = app.screen();
    for line in [
        "Situation: the release slipped.",
        "Action: I split",
        "Result: we shipped.",
    ] {
        assert!(screen.contains(line), "{screen}");
    }
    app.send("\r");
    // follow-ups may come first: skip them
    loop {
        let screen = app.wait_until("the feedback or a follow-up", |s| {
            s.contains("Enter next question") || s.contains("Enter answers the follow-up")
        });
        if screen.contains("Enter next question") {
            break;
        }
        app.send("\x1b");
        app.wait_until("the follow-up skipped", |s| s != screen);
    }
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_studyguide"))
        .args(["interviews", "--format", "json", "--data-dir"])
        .arg(&data)
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = json.to_string();
    assert!(
        text.contains(&serde_json::to_string(THREE).unwrap()),
        "the answer, three paragraphs, is in the JSON: {text}"
    );
}

const TYPED_DECK: &str = "kind = \"deck\"\nid = \"d\"\ntitle = \"Practice\"\n[[cards]]\nid = \"t1\"\nkind = \"typed\"\nfront = \"Tell me about a time you slipped.\"\nback = \"Use STAR.\"\n";

#[test]
fn a_three_paragraph_card_answer_comes_back_as_the_previous_answer() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let content = home.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::fs::write(content.join("deck.toml"), TYPED_DECK).unwrap();
    let args = [
        "--data-dir",
        data.to_str().unwrap(),
        "--content",
        content.to_str().unwrap(),
        "--now",
        NOW,
    ];
    let mut app = PtyApp::spawn(home.path(), &args, 100, 40);
    app.wait_for("press 2");
    app.send("2");
    app.wait_for("Choose a deck");
    app.send("\r");
    app.wait_for("Your answer");
    write_three_paragraphs(&mut app);
    app.send("\r");
    app.wait_for("1 Again");
    // Again: the card comes back at once (nothing else is due)
    app.send("1");
    app.wait_until("the card again, its box empty", |s| {
        s.contains("Your answer ·") && !s.contains("Situation")
    });
    app.send("\r");
    let screen = app.wait_for("Your previous answer");
    let after = screen
        .split("Your previous answer")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let lines: Vec<&str> = after
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect();
    let at = |needle: &str| lines.iter().position(|l| l.starts_with(needle));
    let (s, a, r) = (
        at("Situation: the release slipped.").expect(&screen),
        at("Action: I split the work.").expect(&screen),
        at("Result: we shipped.").expect(&screen),
    );
    assert!(s < a && a < r, "{screen}");
    assert!(
        lines[s + 1].is_empty() && lines[a + 1].is_empty(),
        "paragraphs: {screen}"
    );
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
}
