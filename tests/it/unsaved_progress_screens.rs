//! When progress cannot be saved (no store, a read-only or damaged one), every
//! screen says so for as long as it is true, and no message claims that a
//! bookmark or a note was saved.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{bundled_state, screen, t0};
use studyguide::store::Store;
use studyguide::tui::action::{Action, Command};
use studyguide::tui::effect_runner::EffectRunner;

const PROBLEM: &str = "/data/progress.sqlite3 was written by a newer version";

#[test]
fn the_banner_stays_on_every_screen_while_the_store_cannot_be_written() {
    for (w, h) in [(80, 24), (200, 50), (60, 16)] {
        let mut state = bundled_state(w, h);
        state.store_problem = Some(PROBLEM.into());
        let mut effects = EffectRunner::new(None);
        for command in [
            Command::Down,
            Command::Open,
            Command::Down,
            Command::GoDrill,
            Command::GoBookmarks,
            Command::GoStats,
            Command::GoReader,
            Command::PageDown,
        ] {
            effects.dispatch(&mut state, Action::Command(command), t0());
            let shown = screen(&state);
            let top = shown.lines().next().unwrap_or_default();
            assert!(
                top.contains("Progress is not saved") || top.contains("Not saved"),
                "{w}x{h} after {command:?}:\n{shown}"
            );
        }
    }
}

#[test]
fn the_banner_in_the_reader() {
    let mut state = bundled_state(80, 24);
    state.store_problem = Some(PROBLEM.into());
    insta::assert_snapshot!(screen(&state));
}

#[test]
fn bookmarking_without_a_store_says_nothing_was_kept() {
    let mut state = bundled_state(80, 24);
    let mut effects = EffectRunner::new(None);
    effects.dispatch(&mut state, Action::Command(Command::Down), t0());
    effects.dispatch(&mut state, Action::Command(Command::ToggleBookmark), t0());
    let message = state.message.clone().unwrap_or_default();
    assert!(!message.starts_with("Bookmarked"), "{message}");
    assert!(message.contains("not saved"), "{message}");
    assert!(screen(&state).contains("not saved"));
}

#[test]
fn a_note_on_a_read_only_store_says_it_was_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    // a bookmark kept while the store was writable
    let mut state = bundled_state(80, 24);
    let mut effects = EffectRunner::new(Some(Store::open(&path).unwrap()));
    effects.dispatch(&mut state, Action::Command(Command::Down), t0());
    effects.dispatch(&mut state, Action::Command(Command::ToggleBookmark), t0());
    drop(effects);
    let store = Store::open_read_only(&path).unwrap();
    let stored = store.bookmarks().unwrap();
    assert_eq!(stored.len(), 1);
    let mut state = bundled_state(80, 24);
    state.bookmarks = studyguide::tui::state::bookmarks::BookmarksState::new(stored.clone());
    let mut effects = EffectRunner::new(Some(store));
    // a new bookmark is refused: not shown as kept
    effects.dispatch(&mut state, Action::Command(Command::Down), t0());
    effects.dispatch(&mut state, Action::Command(Command::Down), t0());
    effects.dispatch(&mut state, Action::Command(Command::ToggleBookmark), t0());
    let message = state.message.clone().unwrap_or_default();
    assert!(message.contains("not saved"), "{message}");
    assert_eq!(state.bookmarks.list.all(), stored.as_slice());
    // a note on the kept one is refused: the note stays as stored
    effects.dispatch(&mut state, Action::Command(Command::GoBookmarks), t0());
    effects.dispatch(&mut state, Action::Command(Command::EditNote), t0());
    effects.dispatch(&mut state, Action::Paste("remember this".into()), t0());
    effects.dispatch(&mut state, Action::Command(Command::Submit), t0());
    let message = state.message.clone().unwrap_or_default();
    assert!(!message.starts_with("Note saved"), "{message}");
    assert!(message.contains("not saved"), "{message}");
    assert_eq!(state.bookmarks.list.all(), stored.as_slice());
}
