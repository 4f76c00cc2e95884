//! Every catchable signal that would end the program leaves the terminal as
//! it found it and saves the reading position; SIGTERM or SIGHUP while a note
//! is being written keeps the note, and a typed answer is kept as a draft.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use crate::common::pty::PtyApp;
use crate::common::{bundled_state, t0};
use studyguide::store::Store;
use studyguide::tui::action::{Action, Command, Key, KeyCode};
use studyguide::tui::app::quit_on_signal;
use studyguide::tui::effect_runner::EffectRunner;
use studyguide::tui::state::drafts::DraftsState;
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

/// Resolves a key through the keymap as the terminal would.
fn press_key(effects: &mut EffectRunner, state: &mut studyguide::tui::state::State, code: KeyCode) {
    let key = Key::plain(code);
    let action = match state.keymap.resolve(state.key_mode(), key) {
        Some(command) => Action::Command(command),
        None => Action::Key(key),
    };
    effects.dispatch(state, action, t0());
}

const TYPED_DECK: &str = "kind = \"deck\"\nid = \"d\"\ntitle = \"D\"\n[[cards]]\nid = \"k\"\nkind = \"typed\"\nfront = \"Capital of France?\"\nback = \"Paris\"\n";

fn typed_deck_state() -> studyguide::tui::state::State {
    let library = studyguide::domain::content::load_files([("d.toml", TYPED_DECK.as_bytes())]);
    crate::common::state_for(library, 80, 24)
}

#[test]
fn a_typed_answer_being_written_is_kept_as_a_draft_and_given_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut state = typed_deck_state();
    let mut effects = EffectRunner::new(Some(Store::open_at(&path, t0()).unwrap()));
    effects.dispatch(&mut state, Action::Command(Command::GoDrill), t0());
    press_key(&mut effects, &mut state, KeyCode::Enter);
    for c in "Par".chars() {
        press_key(&mut effects, &mut state, KeyCode::Char(c));
    }
    assert_eq!(
        state.drill.editor.text(),
        "Par",
        "typing goes to the answer box"
    );
    quit_on_signal(&mut effects, &mut state, t0());
    drop(effects);

    let store = Store::open_at(&path, t0()).unwrap();
    let drafts = store.drafts().unwrap();
    assert_eq!(drafts.len(), 1, "draft kept");
    assert_eq!(
        (drafts[0].key.as_str(), drafts[0].text.as_str()),
        ("card:k", "Par")
    );
    let mut state = typed_deck_state();
    state.drafts = DraftsState::new(drafts);
    let mut effects = EffectRunner::new(Some(store));
    effects.dispatch(&mut state, Action::Command(Command::GoDrill), t0());
    press_key(&mut effects, &mut state, KeyCode::Enter);
    assert_eq!(state.drill.editor.text(), "Par", "the draft is back");
    assert!(
        state
            .message
            .as_deref()
            .unwrap_or_default()
            .contains("Draft restored"),
        "{:?}",
        state.message
    );
}
