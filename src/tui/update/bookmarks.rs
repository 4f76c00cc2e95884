//! The bookmarks' transitions: toggling a bookmark from the reader or the
//! drill, the list's selection and scroll, deleting with undo, the note
//! editor, jumping to a bookmark in the reader, and the mouse. Pure: saving
//! goes out as `Effect`s.

use chrono::{DateTime, Utc};

use crate::domain::bookmarks::{self, Bookmark, Toggled, Undone};
use crate::domain::drafts::note_key;
use crate::tui::action::{Command, Mouse};
use crate::tui::effect::Effect;
use crate::tui::keymap::KeyMode;
use crate::tui::state::bookmarks::{
    ListedEntry, NoteEdit, list_height, list_view, note_editor, visible_scroll,
};
use crate::tui::state::reader::Focus;
use crate::tui::state::{Screen, State};

fn select(state: &mut State, index: usize) {
    let (entries, lines) = list_view(state);
    let height = list_height(state);
    let bm = &mut state.bookmarks;
    bm.selected = index.min(entries.len().saturating_sub(1));
    bm.scroll = visible_scroll(&lines, bm.selected, bm.scroll, height);
}

fn select_id(state: &mut State, id: &str) {
    let (entries, _) = list_view(state);
    if let Some(i) = entries.iter().position(|e| e.id == id) {
        select(state, i);
    }
}

fn undo_hint(state: &State) -> String {
    let mode = match state.screen {
        Screen::Drill => KeyMode::Bookmarks,
        _ => state.key_mode(),
    };
    match state.keymap.label_for(mode, Command::Undo) {
        Some(key) if state.screen == Screen::Drill => {
            format!("Bookmark removed ({key} on the bookmarks screen to undo)")
        }
        Some(key) => format!("Bookmark removed ({key} to undo)"),
        None => "Bookmark removed".to_string(),
    }
}

fn toggle(state: &mut State, candidate: Bookmark) -> Vec<Effect> {
    match state.bookmarks.list.toggle(candidate) {
        Toggled::Added(b) => {
            state.message = Some(format!("Bookmarked: {}", b.title));
            vec![Effect::SaveBookmark(b)]
        }
        Toggled::Removed(b) => {
            state.message = Some(undo_hint(state));
            vec![Effect::DeleteBookmark(b.item_id)]
        }
    }
}

/// `b` in the reader: the selected outline item.
pub fn toggle_in_reader(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(item) = state.outline.get(state.reader.selected) else {
        return Vec::new();
    };
    let candidate = bookmarks::from_item(item, &state.library, now);
    toggle(state, candidate)
}

/// `b` in the drill: the card on screen. A card made from an outline item
/// shares its id, so both places show the same bookmark.
pub fn toggle_in_drill(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(card_id) = state.drill.current.as_ref().map(|c| c.card_id.clone()) else {
        state.message = Some("Open a card to bookmark it".into());
        return Vec::new();
    };
    let candidate = match state.outline.iter().find(|i| i.id == card_id) {
        Some(item) => bookmarks::from_item(item, &state.library, now),
        None => match state.progress.card(&card_id) {
            Some(card) => bookmarks::from_card(card, now),
            None => return Vec::new(),
        },
    };
    toggle(state, candidate)
}

/// `u`: takes back the last bookmark change: an add, a removal or a note edit.
pub fn undo(state: &mut State) -> Vec<Effect> {
    match state.bookmarks.list.undo() {
        Some(undone) => {
            let (message, effect) = match undone {
                Undone::Restored(b) => (
                    format!("Bookmark restored: {}", b.title),
                    Effect::RestoreBookmark(b),
                ),
                Undone::Unadded(b) => (
                    format!("Bookmark removed again: {}", b.title),
                    Effect::DeleteBookmark(b.item_id),
                ),
                Undone::NoteRestored(b) => (
                    format!("Note put back: {}", b.title),
                    Effect::SaveNote {
                        item_id: b.item_id,
                        note: b.note,
                    },
                ),
            };
            state.message = Some(message);
            if state.screen == Screen::Bookmarks
                && let Effect::RestoreBookmark(b) | Effect::SaveBookmark(b) = &effect
            {
                let id = b.item_id.clone();
                select_id(state, &id);
            }
            vec![effect]
        }
        None => {
            state.message = Some("Nothing to undo".into());
            Vec::new()
        }
    }
}

fn open_editor(state: &mut State, id: &str) {
    if let Some(b) = state.bookmarks.list.get(id) {
        let editor = note_editor(&b.note);
        if let Some(said) = editor.kept_whole() {
            state.message = Some(format!("Note {said}"));
        }
        state.bookmarks.editing = Some(NoteEdit {
            item_id: b.item_id.clone(),
            title: b.title.clone(),
            editor,
            opened_on: b.clone(),
            draft_checked: false,
        });
    }
}

/// `e` in the reader: the note of the selected item, bookmarking it first if needed.
pub fn edit_note_in_reader(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(item) = state.outline.get(state.reader.selected) else {
        return Vec::new();
    };
    let id = item.id.clone();
    let mut effects = Vec::new();
    if !state.bookmarks.list.contains(&id) {
        let b = bookmarks::from_item(item, &state.library, now);
        state.bookmarks.list.add(b.clone());
        effects.push(Effect::SaveBookmark(b));
    }
    open_editor(state, &id);
    effects
}

/// Commands while the note editor is open: Enter saves, Esc closes the box
/// (its text is kept as a draft and comes back when the editor opens on this
/// bookmark again). A note another window changed since the editor opened
/// is kept too: both texts are saved, the other under a marker; a bookmark
/// another window deleted meanwhile is put back with this note.
pub fn note_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Submit => save_note(state),
        Command::Cancel | Command::Close => {
            close_note(state);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Enter in the note editor: the note is saved (its draft goes), merged
/// with another window's edit when there was one, or put back with its
/// bookmark when another window deleted that.
fn save_note(state: &mut State) -> Vec<Effect> {
    let Some(edit) = state.bookmarks.editing.take() else {
        return Vec::new();
    };
    let mut effects = super::drafts::submitted(state, &note_key(&edit.item_id));
    let mine = edit.editor.text().to_string();
    let Some(now_stored) = state.bookmarks.list.get(&edit.item_id).cloned() else {
        // deleted in another window while this editor was open
        effects.insert(0, put_back_deleted(state, &edit, mine));
        return effects;
    };
    let (note, conflict) = merged_note(state, &edit, mine, now_stored.note);
    let Some(b) = state.bookmarks.list.set_note(&edit.item_id, &note) else {
        return effects;
    };
    if !conflict {
        let undo = state
            .keymap
            .label_for(KeyMode::Bookmarks, Command::Undo)
            .map(|k| format!(" ({k} to undo)"))
            .unwrap_or_default();
        state.message = Some(if b.note.is_empty() {
            format!("Note cleared: {}{undo}", b.title)
        } else {
            format!("Note saved: {}", b.title)
        });
    }
    effects.insert(
        0,
        Effect::SaveNote {
            item_id: b.item_id,
            note: b.note,
        },
    );
    effects
}

/// A bookmark another window deleted while its note was being edited: put
/// back with the note typed, and said so.
fn put_back_deleted(state: &mut State, edit: &NoteEdit, mine: String) -> Effect {
    let mut b = edit.opened_on.clone();
    b.note = mine;
    state.bookmarks.list.add(b.clone());
    state.message = Some(format!(
        "“{}” was deleted in another window: put back with your note",
        b.title
    ));
    Effect::RestoreBookmark(b)
}

/// The note to save: `mine`, or when another window changed the note since
/// the editor opened (to something else, not empty) both, theirs under
/// [`OTHER_WINDOW_MARKER`] (said so); and whether they were merged.
fn merged_note(state: &mut State, edit: &NoteEdit, mine: String, theirs: String) -> (String, bool) {
    let conflict = theirs != edit.opened_on.note && theirs != mine && !theirs.is_empty();
    if !conflict {
        return (mine, false);
    }
    state.message = Some(format!(
        "The note was changed in another window: both kept, theirs under “{OTHER_WINDOW_MARKER}”"
    ));
    (format!("{mine}\n\n{OTHER_WINDOW_MARKER}\n{theirs}"), true)
}

/// Esc in the note editor: the box closes; a changed text is kept as a
/// draft (said so).
fn close_note(state: &mut State) {
    let changed = state
        .bookmarks
        .editing
        .take()
        .is_some_and(|e| e.editor.text() != e.opened_on.note);
    if changed {
        state.message =
            Some("Note not saved: your text is kept and comes back when you edit this note".into());
    }
}

/// The line above a note's text saved in another window, when both are kept.
pub const OTHER_WINDOW_MARKER: &str = "--- from another window ---";

/// Commands on the bookmarks screen.
pub fn screen_command(state: &mut State, command: Command) -> Vec<Effect> {
    let (entries, _) = list_view(state);
    let selected = state
        .bookmarks
        .selected
        .min(entries.len().saturating_sub(1));
    let page = list_height(state) / 3;
    match command {
        Command::Down => select(state, selected + 1),
        Command::Up => select(state, selected.saturating_sub(1)),
        Command::PageDown => select(state, selected + page.max(1)),
        Command::PageUp => select(state, selected.saturating_sub(page.max(1))),
        Command::Top => select(state, 0),
        Command::Bottom => select(state, entries.len().saturating_sub(1)),
        Command::Open => {
            if let Some(entry) = entries.get(selected) {
                jump(state, entry);
            }
        }
        Command::Delete => {
            if let Some(entry) = entries.get(selected)
                && state.bookmarks.list.remove(&entry.id).is_some()
            {
                state.message = Some(undo_hint(state));
                select(state, selected);
                return vec![Effect::DeleteBookmark(entry.id.clone())];
            }
        }
        Command::Undo => return undo(state),
        Command::EditNote => {
            if let Some(entry) = entries.get(selected) {
                open_editor(state, &entry.id);
            }
        }
        Command::Close => state.screen = Screen::Reader,
        _ => {}
    }
    Vec::new()
}

/// Shows a bookmark in the reader: its item selected, at the top, content focused.
fn jump(state: &mut State, entry: &ListedEntry) {
    let Some(index) = entry.item else {
        if !entry.missing && super::preview::open_by_id(state, &entry.id) {
            return;
        }
        state.message = Some(if entry.missing {
            format!("“{}” is no longer in the content", entry.title)
        } else {
            format!("“{}” is a card with no place in the reader", entry.title)
        });
        return;
    };
    state.screen = Screen::Reader;
    state.reader.focus = Focus::Content;
    state.reader.select(&state.outline, index);
    state.relayout();
    state.reader.scroll_to_selected();
}

/// Mouse on the bookmarks screen: a click selects a row, the wheel moves.
pub fn mouse(state: &mut State, mouse: Mouse) {
    let selected = state.bookmarks.selected;
    match mouse {
        Mouse::ScrollDown { .. } => select(state, selected + 1),
        Mouse::ScrollUp { .. } => select(state, selected.saturating_sub(1)),
        Mouse::Click { row, .. } => {
            // the body starts below the tab bar and the list below its title row
            let Some(offset) = row.checked_sub(2) else {
                return;
            };
            let (_, lines) = list_view(state);
            let scroll =
                visible_scroll(&lines, selected, state.bookmarks.scroll, list_height(state));
            if let Some(entry) = lines.get(scroll + offset as usize).and_then(|l| l.entry()) {
                state.bookmarks.scroll = scroll;
                select(state, entry);
            }
        }
    }
}
