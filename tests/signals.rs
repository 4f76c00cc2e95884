//! Every catchable signal that would end the program leaves the terminal as
//! it found it and saves the reading position; SIGTERM or SIGHUP while a note
//! is being written keeps the note.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::pty::PtyApp;
use common::{bundled_state, t0};
use studyguide::store::Store;
use studyguide::tui::action::{Action, Command};
use studyguide::tui::app::{EffectRunner, quit_on_signal};
use studyguide::tui::state::position;

const NOW: &str = "2026-03-02T09:00:00Z";

#[test]
fn other_catchable_signals_restore_the_terminal_and_save_the_position() {
    for signal in ["INT", "QUIT", "USR1", "ALRM", "XFSZ"] {
        let home = tempfile::tempdir().unwrap();
        let data = home.path().join("data");
        let args = ["--data-dir", data.to_str().unwrap(), "--now", NOW];
        let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
        app.wait_for("Sarah Johnson");
        app.send("jjj\r");
        std::thread::sleep(Duration::from_millis(150));
        let pid = app.pid().unwrap().to_string();
        let status = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid])
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(app.wait_exit(), 0, "SIG{signal}: {}", app.screen());
        let start = std::time::Instant::now();
        while !app.terminal_restored() && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(app.terminal_restored(), "SIG{signal}: terminal left raw");
        let store = Store::open_read_only(data.join("progress.sqlite3")).unwrap();
        assert!(
            store.position(position::KEY).unwrap().is_some(),
            "SIG{signal}: the reading position is saved"
        );
    }
}

#[test]
fn a_note_being_written_is_saved_when_a_signal_quits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut state = bundled_state(80, 24);
    let mut effects = EffectRunner::new(Some(Store::open_at(&path, t0()).unwrap()));
    for command in [Command::Down, Command::ToggleBookmark, Command::EditNote] {
        effects.dispatch(&mut state, Action::Command(command), t0());
    }
    if state.bookmarks.editing.is_none() {
        // The note key opens the editor from the bookmarks screen.
        effects.dispatch(&mut state, Action::Command(Command::GoBookmarks), t0());
        effects.dispatch(&mut state, Action::Command(Command::EditNote), t0());
    }
    assert!(state.bookmarks.editing.is_some(), "the note editor is open");
    effects.dispatch(&mut state, Action::Paste("half a thought".into()), t0());
    quit_on_signal(&mut effects, &mut state, t0());
    drop(effects);
    let store = Store::open_read_only(&path).unwrap();
    let notes: Vec<String> = store
        .bookmarks()
        .unwrap()
        .into_iter()
        .map(|b| b.note)
        .collect();
    assert_eq!(notes, ["half a thought"]);
}
