//! Two windows on one data directory (two effect runners on one store, as
//! two instances of the app): text typed in one is never lost to what the
//! other does. B's typed answer survives A answering the same card; a note
//! edited in both keeps both texts; a note whose bookmark the other window
//! deleted puts the bookmark back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, Utc};
use studyguide::domain::content::{Library, load_files};
use studyguide::domain::schedule::day::Zone;
use studyguide::domain::schedule::{Scheduler, SchedulerConfig};
use studyguide::store::Store;
use studyguide::tui::action::{Action, Command, Command::*, Key, KeyCode};
use studyguide::tui::effect_runner::EffectRunner;
use studyguide::tui::keymap::Keymap;
use studyguide::tui::state::State;
use studyguide::tui::state::bookmarks::BookmarksState;
use studyguide::tui::state::drafts::DraftsState;
use studyguide::tui::update::bookmarks::OTHER_WINDOW_MARKER;

use crate::common::{screen, t0};

const DECK: &str = r#"kind = "deck"
id = "d"
title = "Typed"
[[cards]]
id = "t1"
kind = "typed"
front = "Tell me about a conflict."
back = "Use STAR."
[[cards]]
id = "t2"
kind = "typed"
front = "Why this company?"
back = "Be specific."
"#;

fn deck() -> Library {
    load_files([("d.toml", DECK.as_bytes())])
}

/// One app instance: its state and its effect runner on the shared store.
struct Window {
    state: State,
    runner: EffectRunner,
}

impl Window {
    fn open(dir: &std::path::Path, library: Library) -> Window {
        let store = Store::open_at(dir.join("progress.sqlite3"), t0()).unwrap();
        let scheduler = Scheduler::new(SchedulerConfig::default());
        let mut state = State::with_progress(
            library,
            Keymap::default(),
            scheduler,
            store.reviews().unwrap(),
            Zone::utc(),
        );
        state.bookmarks = BookmarksState::new(store.bookmarks().unwrap());
        state.drafts = DraftsState::new(store.drafts().unwrap());
        let mut runner = EffectRunner::new(Some(store));
        runner.dispatch(&mut state, Action::Resize(80, 24), t0());
        Window { state, runner }
    }

    fn act(&mut self, action: impl Into<Action>, now: DateTime<Utc>) {
        self.runner.dispatch(&mut self.state, action.into(), now);
    }

    fn press(&mut self, commands: &[Command], now: DateTime<Utc>) {
        for c in commands {
            self.act(*c, now);
        }
    }

    fn type_text(&mut self, text: &str, now: DateTime<Utc>) {
        for c in text.chars() {
            self.act(Action::Key(Key::plain(KeyCode::Char(c))), now);
        }
    }

    /// The idle check the app loop makes between keys.
    fn idle(&mut self, now: DateTime<Utc>) {
        self.runner.sync(&mut self.state, now);
        self.act(Action::Tick, now);
    }

    fn card(&self) -> Option<String> {
        self.state.drill.current.as_ref().map(|c| c.card_id.clone())
    }

    fn drafts(&self) -> Vec<(String, String)> {
        let store = self.runner.store.as_ref().unwrap();
        store
            .drafts()
            .unwrap()
            .into_iter()
            .map(|d| (d.key, d.text))
            .collect()
    }
}

#[test]
fn b_keeps_its_typed_text_when_a_answers_the_same_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Window::open(dir.path(), deck());
    let mut b = Window::open(dir.path(), deck());
    for w in [&mut a, &mut b] {
        w.press(&[GoDrill, Open], t0());
        assert_eq!(w.card().as_deref(), Some("t1"));
    }
    // B types and does not stop long enough for its draft to be saved
    b.type_text("In my last job, two leads", t0());
    // A answers the card
    a.type_text("A's answer", t0());
    a.press(&[Submit, GradeGood], t0());
    assert_eq!(a.card().as_deref(), Some("t2"));
    // B notices at its next idle check: it moves on, keeping its text
    b.idle(t0());
    assert_eq!(b.card().as_deref(), Some("t2"), "B moved on");
    let message = b.state.message.clone().unwrap_or_default();
    assert!(
        message.contains("what you typed is kept as its draft"),
        "{message}"
    );
    assert!(screen(&b.state).contains("Answered in another window: what you typed is kept"));
    assert_eq!(
        b.drafts(),
        [(
            "card:t1".to_string(),
            "In my last job, two leads".to_string()
        )]
    );
    // and the text comes back the next time B is asked that card
    let mut b2 = Window::open(dir.path(), deck());
    b2.press(&[GoDrill, Cram], t0());
    assert_eq!(b2.card().as_deref(), Some("t1"));
    assert_eq!(b2.state.drill.editor.text(), "In my last job, two leads");
    assert!(screen(&b2.state).contains("Draft restored"));
}

#[test]
fn a_draft_saved_before_a_answers_is_not_removed_by_a() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Window::open(dir.path(), deck());
    let mut b = Window::open(dir.path(), deck());
    for w in [&mut a, &mut b] {
        w.press(&[GoDrill, Open], t0());
    }
    // B's draft reaches the store a second after B stops typing
    b.type_text("B's half answer", t0());
    b.idle(t0() + Duration::seconds(2));
    assert_eq!(b.drafts().len(), 1, "saved by the debounce");
    // A types its own, saves it, then answers: A removes only its own text
    a.type_text("A's words", t0() + Duration::seconds(3));
    a.idle(t0() + Duration::seconds(5));
    a.press(&[Submit, GradeGood], t0() + Duration::seconds(6));
    b.idle(t0() + Duration::seconds(7));
    assert_eq!(
        b.drafts(),
        [("card:t1".to_string(), "B's half answer".to_string())],
        "B's text is in the store, whoever wrote last"
    );
}

fn bookmarked(dir: &std::path::Path) -> (Window, Window) {
    let mut a = Window::open(dir, studyguide::domain::content::bundled::load());
    a.press(&[Down, ToggleBookmark], t0());
    let b = Window::open(dir, studyguide::domain::content::bundled::load());
    (a, b)
}

#[test]
fn a_note_edited_in_two_windows_keeps_both_texts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = bookmarked(dir.path());
    // B opens the note editor; A edits and saves the note meanwhile
    b.press(&[Down, EditNote], t0());
    b.type_text("mine: ask about the team", t0());
    a.press(&[EditNote], t0());
    a.type_text("theirs: prepare STAR stories", t0());
    a.press(&[Submit], t0());
    // B saves: both texts are kept, the other under a marker, and B says so
    b.press(&[Submit], t0());
    let store = b.runner.store.as_ref().unwrap();
    let notes: Vec<String> = store
        .bookmarks()
        .unwrap()
        .into_iter()
        .map(|b| b.note)
        .collect();
    assert_eq!(
        notes,
        [format!(
            "mine: ask about the team\n\n{OTHER_WINDOW_MARKER}\ntheirs: prepare STAR stories"
        )]
    );
    let message = b.state.message.clone().unwrap_or_default();
    assert!(
        message.contains("changed in another window: both kept"),
        "{message}"
    );
    assert!(b.drafts().is_empty(), "the saved note leaves no draft");
}

#[test]
fn a_note_whose_bookmark_was_deleted_elsewhere_brings_the_bookmark_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = bookmarked(dir.path());
    b.press(&[Down, EditNote], t0());
    b.type_text("keep this", t0());
    a.press(&[GoBookmarks, Delete], t0());
    assert!(
        a.runner
            .store
            .as_ref()
            .unwrap()
            .bookmarks()
            .unwrap()
            .is_empty()
    );
    b.press(&[Submit], t0());
    let store = b.runner.store.as_ref().unwrap();
    let kept: Vec<(String, String)> = store
        .bookmarks()
        .unwrap()
        .into_iter()
        .map(|b| (b.item_id, b.note))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].1, "keep this");
    let message = b.state.message.clone().unwrap_or_default();
    assert!(
        message.contains("was deleted in another window: put back with your note"),
        "{message}"
    );
}
