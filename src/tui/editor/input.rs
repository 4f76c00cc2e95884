//! What an editor can be asked to do ([`EditorAction`]), made from our key
//! and command types, and how each is carried out.

use super::history::{EditKind, History, Snapshot};
use super::{Editor, layout, motion};
use crate::tui::action::{Command, Key, KeyCode};

/// One thing to do in a text box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditorAction {
    /// A typed character.
    Type(char),
    /// Pasted text (newlines kept, unless the box is one line).
    Paste(String),
    Newline,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    /// The start or end of the row on screen.
    RowStart,
    RowEnd,
    WordLeft,
    WordRight,
    /// Ctrl-W: back to the start of the word.
    DeleteWordBack,
    /// Ctrl-U and Ctrl-K: to the start or end of the line (paragraph).
    DeleteToLineStart,
    DeleteToLineEnd,
    Undo,
    Redo,
}

/// What an action did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Outcome {
    /// The text changed.
    pub changed: bool,
    /// Characters that did not go in because the box is at its limit.
    pub over_limit: usize,
}

impl EditorAction {
    /// The editor action a keymap command stands for, if it is one.
    pub fn from_command(command: Command) -> Option<Self> {
        Some(match command {
            Command::Newline => EditorAction::Newline,
            Command::UndoTyping => EditorAction::Undo,
            Command::RedoTyping => EditorAction::Redo,
            Command::LineStart => EditorAction::RowStart,
            Command::LineEnd => EditorAction::RowEnd,
            Command::WordLeft => EditorAction::WordLeft,
            Command::WordRight => EditorAction::WordRight,
            Command::DeleteWordBack => EditorAction::DeleteWordBack,
            Command::DeleteToLineStart => EditorAction::DeleteToLineStart,
            Command::DeleteToLineEnd => EditorAction::DeleteToLineEnd,
            _ => return None,
        })
    }

    /// The editor action of a key the keymap does not bind: characters and
    /// the keys every text box has (arrows, Backspace, Delete).
    pub fn from_key(key: Key) -> Option<Self> {
        Some(match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt => EditorAction::Type(c),
            KeyCode::Backspace => EditorAction::Backspace,
            KeyCode::Delete => EditorAction::Delete,
            KeyCode::Left => EditorAction::Left,
            KeyCode::Right => EditorAction::Right,
            KeyCode::Up => EditorAction::Up,
            KeyCode::Down => EditorAction::Down,
            KeyCode::Home => EditorAction::RowStart,
            KeyCode::End => EditorAction::RowEnd,
            _ => return None,
        })
    }
}

/// Carries out `action`: an edit, a step through the history, or a move
/// (a move up or down keeps the column it started from).
pub(super) fn apply(ed: &mut Editor, action: EditorAction) -> Outcome {
    let changed = |changed: bool| Outcome {
        changed,
        over_limit: 0,
    };
    if !matches!(action, EditorAction::Up | EditorAction::Down) {
        ed.goal_column = None;
    }
    let at = ed.cursor;
    match action {
        EditorAction::Type(c) => type_char(ed, c),
        EditorAction::Paste(text) => {
            let text = ed.clean(&text);
            insert(ed, &text, EditKind::Other)
        }
        EditorAction::Newline if ed.single_line => Outcome::default(),
        EditorAction::Newline => insert(ed, "\n", EditKind::Other),
        EditorAction::Backspace => {
            changed(ed.remove(motion::prev_boundary(&ed.text, at), at, EditKind::Backspace))
        }
        EditorAction::Delete => {
            changed(ed.remove(at, motion::next_boundary(&ed.text, at), EditKind::Delete))
        }
        EditorAction::DeleteWordBack => {
            changed(ed.remove(motion::word_start_before(&ed.text, at), at, EditKind::Other))
        }
        EditorAction::DeleteToLineStart => {
            changed(ed.remove(line_start_or_join(&ed.text, at), at, EditKind::Other))
        }
        EditorAction::DeleteToLineEnd => {
            changed(ed.remove(at, line_end_or_join(&ed.text, at), EditKind::Other))
        }
        EditorAction::Undo => step_history(ed, History::undo),
        EditorAction::Redo => step_history(ed, History::redo),
        EditorAction::Left => moved(ed, motion::prev_boundary(&ed.text, at)),
        EditorAction::Right => moved(ed, motion::next_boundary(&ed.text, at)),
        EditorAction::WordLeft => moved(ed, motion::word_start_before(&ed.text, at)),
        EditorAction::WordRight => moved(ed, motion::word_end_after(&ed.text, at)),
        EditorAction::RowStart => moved(ed, row_edge(ed, true)),
        EditorAction::RowEnd => moved(ed, row_edge(ed, false)),
        EditorAction::Up => move_vertically(ed, true),
        EditorAction::Down => move_vertically(ed, false),
    }
}

/// A typed character goes in (cleaned like a paste); a character no text
/// may hold is refused.
fn type_char(ed: &mut Editor, c: char) -> Outcome {
    if crate::domain::content::sanitize::is_forbidden(c) {
        return Outcome::default();
    }
    let text = ed.clean(&c.to_string());
    let space = text.chars().all(char::is_whitespace);
    insert(ed, &text, EditKind::Typing { space })
}

/// Where Ctrl-U deletes back to from `at`: the line's start, or at a line's
/// start the end of the line above (joining the two).
fn line_start_or_join(text: &str, at: usize) -> usize {
    match motion::line_start(text, at) {
        s if s == at => motion::prev_boundary(text, at),
        s => s,
    }
}

/// Where Ctrl-K deletes to from `at`: the line's end, or at a line's end
/// the start of the line below (joining the two).
fn line_end_or_join(text: &str, at: usize) -> usize {
    match motion::line_end(text, at) {
        e if e == at => motion::next_boundary(text, at),
        e => e,
    }
}

/// One step back (undo) or forward (redo) through the history; nothing
/// changes at its end.
fn step_history(ed: &mut Editor, step: fn(&mut History, Snapshot) -> Option<Snapshot>) -> Outcome {
    let now = ed.snapshot();
    match step(&mut ed.history, now) {
        Some(then) => {
            ed.restore(then);
            Outcome {
                changed: true,
                over_limit: 0,
            }
        }
        None => Outcome::default(),
    }
}

/// The start (or end) of the row on screen the cursor is on.
fn row_edge(ed: &Editor, start: bool) -> usize {
    let at = ed.cursor;
    let rows = layout::rows(&ed.text, ed.width);
    let (row, _) = layout::locate(&ed.text, &rows, at);
    rows.get(row).map_or(at, |r| {
        if start {
            r.range.start
        } else {
            layout::row_end(&ed.text, r)
        }
    })
}

/// A row up (or down) at the column the vertical moves started from; past
/// the first or last row, to the text's start or end.
fn move_vertically(ed: &mut Editor, up: bool) -> Outcome {
    let rows = layout::rows(&ed.text, ed.width);
    let (row, column) = layout::locate(&ed.text, &rows, ed.cursor);
    let goal = *ed.goal_column.get_or_insert(column);
    let target = if up {
        row.checked_sub(1)
    } else {
        Some(row + 1)
    };
    let goal_kept = ed.goal_column;
    let outcome = match target.and_then(|r| rows.get(r)) {
        Some(r) => moved(ed, layout::offset_at(&ed.text, r, goal)),
        None if up => moved(ed, 0),
        None => moved(ed, ed.text.len()),
    };
    ed.goal_column = goal_kept;
    outcome
}

fn insert(ed: &mut Editor, text: &str, kind: EditKind) -> Outcome {
    if text.is_empty() {
        return Outcome::default();
    }
    let before = ed.text.len();
    let over_limit = ed.insert(text, kind);
    Outcome {
        changed: ed.text.len() != before,
        over_limit,
    }
}

fn moved(ed: &mut Editor, at: usize) -> Outcome {
    ed.move_to(at);
    Outcome::default()
}
