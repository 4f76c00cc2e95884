//! When the store refuses a write, memory and store agree afterwards, and
//! the screen says what was not saved: one test per kind of write that
//! memory mirrors (an answer, an undone answer, a bookmark added, deleted or
//! put back, a note). The refusal is real: a trigger in the store's file,
//! put there by a second connection, aborts the write.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use chrono::{DateTime, Utc};
use studyguide::domain::schedule::day::Zone;
use studyguide::domain::schedule::{Scheduler, SchedulerConfig};
use studyguide::store::Store;
use studyguide::tui::action::{Action, Command, Command::*, Key, KeyCode};
use studyguide::tui::effect_runner::EffectRunner;
use studyguide::tui::keymap::Keymap;
use studyguide::tui::state::State;
use studyguide::tui::state::bookmarks::BookmarksState;

/// Bookmarks as (item, note), sorted.
type Marks = Vec<(String, String)>;

struct App {
    state: State,
    runner: EffectRunner,
    dir: tempfile::TempDir,
}

impl App {
    /// The bundled content over a new store, as the app starts.
    fn new() -> App {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_at(dir.path().join("progress.sqlite3"), t0()).unwrap();
        let mut state = State::with_progress(
            studyguide::domain::content::bundled::load(),
            Keymap::default(),
            Scheduler::new(SchedulerConfig::default()),
            store.reviews().unwrap(),
            Zone::utc(),
        );
        state.bookmarks = BookmarksState::new(store.bookmarks().unwrap());
        let mut runner = EffectRunner::new(Some(store));
        runner.dispatch(&mut state, Action::Resize(80, 24), t0());
        App { state, runner, dir }
    }

    fn press(&mut self, commands: &[Command]) {
        for c in commands {
            self.runner
                .dispatch(&mut self.state, Action::Command(*c), now());
        }
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let key = Action::Key(Key::plain(KeyCode::Char(c)));
            self.runner.dispatch(&mut self.state, key, now());
        }
    }

    /// From now on the store refuses `what` on `table` (INSERT, UPDATE,
    /// DELETE), as a full disk or a locked file would.
    fn refuse(&self, what: &str, table: &str) {
        let conn = rusqlite::Connection::open(self.dir.path().join("progress.sqlite3")).unwrap();
        conn.execute_batch(&format!(
            "CREATE TRIGGER refuse_{what}_{table} BEFORE {what} ON {table} \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
        ))
        .unwrap();
    }

    fn store(&self) -> &Store {
        self.runner.store.as_ref().unwrap()
    }

    /// The answers' ids, in memory and in the store.
    fn answers(&self) -> (Vec<i64>, Vec<i64>) {
        let memory = self.state.progress.reviews.iter().map(|(id, _)| *id);
        let stored = self
            .store()
            .reviews()
            .unwrap()
            .into_iter()
            .map(|(id, _)| id);
        (memory.collect(), stored.collect())
    }

    /// The bookmarks as (item, note), in memory and in the store.
    fn bookmarks(&self) -> (Marks, Marks) {
        let pairs = |list: &[studyguide::domain::bookmarks::Bookmark]| {
            let mut v: Marks = list
                .iter()
                .map(|b| (b.item_id.clone(), b.note.clone()))
                .collect();
            v.sort();
            v
        };
        (
            pairs(self.state.bookmarks.list.all()),
            pairs(&self.store().bookmarks().unwrap()),
        )
    }

    fn message(&self) -> String {
        self.state.message.clone().unwrap_or_default()
    }
}

fn now() -> DateTime<Utc> {
    t0()
}

#[test]
fn a_refused_answer_is_in_neither() {
    let mut app = App::new();
    app.refuse("INSERT", "reviews");
    app.press(&[GoDrill, Open, Reveal, GradeGood]);
    assert_eq!(app.answers(), (vec![], vec![]));
    assert!(
        app.message().starts_with("The answer was not saved"),
        "{}",
        app.message()
    );
}

#[test]
fn a_refused_undo_leaves_the_answer_in_both() {
    let mut app = App::new();
    app.press(&[GoDrill, Open, Reveal, GradeGood]);
    let (memory, stored) = app.answers();
    assert_eq!((memory.len(), stored.len()), (1, 1));
    app.refuse("UPDATE", "reviews");
    app.press(&[Undo]);
    assert_eq!(app.answers(), (stored.clone(), stored));
    assert!(
        app.message().starts_with("Undo was not saved"),
        "{}",
        app.message()
    );
}

#[test]
fn a_refused_bookmark_is_in_neither() {
    let mut app = App::new();
    app.refuse("INSERT", "bookmarks");
    app.press(&[Down, Down, ToggleBookmark]);
    assert_eq!(app.bookmarks(), (vec![], vec![]));
    assert!(
        app.message().starts_with("The bookmark was not saved"),
        "{}",
        app.message()
    );
}

#[test]
fn a_refused_delete_keeps_the_bookmark_in_both() {
    let mut app = App::new();
    app.press(&[Down, Down, ToggleBookmark]);
    let (_, stored) = app.bookmarks();
    assert_eq!(stored.len(), 1);
    app.refuse("DELETE", "bookmarks");
    app.press(&[GoBookmarks, Delete]);
    assert_eq!(app.bookmarks(), (stored.clone(), stored));
    assert!(
        app.message().starts_with("The bookmark was not deleted"),
        "{}",
        app.message()
    );
}

#[test]
fn a_refused_restore_leaves_the_bookmark_deleted_in_both() {
    let mut app = App::new();
    app.press(&[Down, Down, ToggleBookmark, GoBookmarks, Delete]);
    assert_eq!(app.bookmarks(), (vec![], vec![]));
    app.refuse("INSERT", "bookmarks");
    app.press(&[Undo]);
    assert_eq!(app.bookmarks(), (vec![], vec![]));
    assert!(
        app.message().starts_with("The bookmark was not restored"),
        "{}",
        app.message()
    );
}

#[test]
fn a_refused_note_leaves_the_stored_note_in_both() {
    let mut app = App::new();
    app.press(&[Down, Down, Down, EditNote]);
    app.type_text("first");
    app.press(&[Submit]);
    let (_, stored) = app.bookmarks();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].1, "first");
    app.refuse("UPDATE", "bookmarks");
    app.press(&[EditNote]);
    app.type_text(" and second");
    app.press(&[Submit]);
    assert_eq!(app.bookmarks(), (stored.clone(), stored));
    assert!(
        app.message().starts_with("The note was not saved"),
        "{}",
        app.message()
    );
}
