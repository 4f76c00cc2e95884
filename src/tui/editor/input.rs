//! What an editor can be asked to do ([`EditorAction`]), made from our key
//! and command types, and how each is carried out.

use super::history::EditKind;
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
        EditorAction::Type(c) => {
            if crate::domain::content::sanitize::is_forbidden(c) {
                return Outcome::default();
            }
            let text = ed.clean(&c.to_string());
            let space = text.chars().all(char::is_whitespace);
            insert(ed, &text, EditKind::Typing { space })
        }
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
            // at a line's start, Ctrl-U joins it to the line above
            let start = match motion::line_start(&ed.text, at) {
                s if s == at => motion::prev_boundary(&ed.text, at),
                s => s,
            };
            changed(ed.remove(start, at, EditKind::Other))
        }
        EditorAction::DeleteToLineEnd => {
            let end = match motion::line_end(&ed.text, at) {
                e if e == at => motion::next_boundary(&ed.text, at),
                e => e,
            };
            changed(ed.remove(at, end, EditKind::Other))
        }
        EditorAction::Undo => {
            let now = ed.snapshot();
            match ed.history.undo(now) {
                Some(back) => {
                    ed.restore(back);
                    changed(true)
                }
                None => Outcome::default(),
            }
        }
        EditorAction::Redo => {
            let now = ed.snapshot();
            match ed.history.redo(now) {
                Some(forward) => {
                    ed.restore(forward);
                    changed(true)
                }
                None => Outcome::default(),
            }
        }
        EditorAction::Left => moved(ed, motion::prev_boundary(&ed.text, at)),
        EditorAction::Right => moved(ed, motion::next_boundary(&ed.text, at)),
        EditorAction::WordLeft => moved(ed, motion::word_start_before(&ed.text, at)),
        EditorAction::WordRight => moved(ed, motion::word_end_after(&ed.text, at)),
        EditorAction::RowStart | EditorAction::RowEnd => {
            let rows = layout::rows(&ed.text, ed.width);
            let (row, _) = layout::locate(&ed.text, &rows, at);
            let target = rows.get(row).map_or(at, |r| {
                if action == EditorAction::RowStart {
                    r.range.start
                } else {
                    layout::row_end(&ed.text, r)
                }
            });
            moved(ed, target)
        }
        EditorAction::Up | EditorAction::Down => {
            let rows = layout::rows(&ed.text, ed.width);
            let (row, column) = layout::locate(&ed.text, &rows, at);
            let goal = *ed.goal_column.get_or_insert(column);
            let target = if action == EditorAction::Up {
                row.checked_sub(1)
            } else {
                Some(row + 1)
            };
            let goal_kept = ed.goal_column;
            let outcome = match target.and_then(|r| rows.get(r)) {
                Some(r) => moved(ed, layout::offset_at(&ed.text, r, goal)),
                // past the first or last row: to the text's start or end
                None if action == EditorAction::Up => moved(ed, 0),
                None => moved(ed, ed.text.len()),
            };
            ed.goal_column = goal_kept;
            outcome
        }
    }
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
