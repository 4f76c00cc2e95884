//! Keys, pastes and editing commands for the text box that has the keys:
//! the typed answer, the interview answer, the note, the search and jump
//! queries. One path for every box: the action becomes an
//! [`EditorAction`], the box's editor carries it out, and then the box's
//! owner reacts (the finders search again, a draft is marked unsaved, a cut
//! at the limit is said).

use chrono::{DateTime, Utc};

use crate::domain::drafts;
use crate::tui::action::Action;
use crate::tui::editor::{Editor, EditorAction, Outcome};
use crate::tui::effect::Effect;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;

/// Which box has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextBox {
    DrillAnswer,
    InterviewAnswer,
    Note,
    Search,
    Jump,
}

impl TextBox {
    /// What the box holds, for messages.
    fn what(self) -> &'static str {
        match self {
            TextBox::DrillAnswer | TextBox::InterviewAnswer => "answer",
            TextBox::Note => "note",
            TextBox::Search | TextBox::Jump => "query",
        }
    }
}

/// The box that has the keys now, if any.
pub fn focused(state: &State) -> Option<TextBox> {
    match state.key_mode() {
        KeyMode::Typing => Some(TextBox::DrillAnswer),
        KeyMode::InterviewAnswer => Some(TextBox::InterviewAnswer),
        KeyMode::Note => Some(TextBox::Note),
        KeyMode::Search => Some(TextBox::Search),
        KeyMode::Jump => Some(TextBox::Jump),
        _ => None,
    }
}

fn editor_mut(state: &mut State, which: TextBox) -> Option<&mut Editor> {
    match which {
        TextBox::DrillAnswer => Some(&mut state.drill.editor),
        TextBox::InterviewAnswer => state.interview.session.as_mut().map(|s| &mut s.editor),
        TextBox::Note => state.bookmarks.editing.as_mut().map(|e| &mut e.editor),
        TextBox::Search => Some(&mut state.search.input),
        TextBox::Jump => Some(&mut state.jump.input),
    }
}

/// The editor action for `action` when a box has the keys, if it is one.
pub fn editor_action(state: &State, action: &Action) -> Option<(TextBox, EditorAction)> {
    let which = focused(state)?;
    let edit = match action {
        Action::Key(key) => EditorAction::from_key(*key)?,
        Action::Paste(text) => EditorAction::Paste(text.clone()),
        Action::Command(command) => EditorAction::from_command(*command)?,
        _ => return None,
    };
    Some((which, edit))
}

/// Carries out an editing action in the focused box: a paste is cut to the
/// box's limit first, what did not go in is said, and the box's owner
/// reacts to a change.
pub fn edit(
    state: &mut State,
    which: TextBox,
    action: EditorAction,
    now: DateTime<Utc>,
) -> Vec<Effect> {
    if which == TextBox::Search
        && std::mem::take(&mut state.search.query_selected)
        && replace_selected_query(state, &action)
    {
        return Vec::new();
    }
    let Some(editor) = editor_mut(state, which) else {
        return Vec::new();
    };
    let limit = editor.limit();
    let (action, cut) = cut_paste(action, limit);
    let pasted = matches!(action, EditorAction::Paste(_));
    let mut outcome: Outcome = editor.apply(action);
    outcome.over_limit += cut;
    if outcome.over_limit > 0 {
        state.message = Some(limit_message(which, limit, outcome.over_limit, pasted));
    }
    if !outcome.changed {
        return Vec::new();
    }
    after_change(state, which, now)
}

/// The previous query is selected: typing or pasting replaces it,
/// Backspace and Delete clear it, other keys keep it. True when the key
/// has done its work in clearing it.
fn replace_selected_query(state: &mut State, action: &EditorAction) -> bool {
    match action {
        EditorAction::Type(_) | EditorAction::Paste(_) => {
            state.search.input = crate::tui::state::search::query_editor();
            false
        }
        EditorAction::Backspace | EditorAction::Delete => {
            state.search.input = crate::tui::state::search::query_editor();
            state.search.refresh();
            true
        }
        _ => false,
    }
}

/// A paste longer than any box is cut to `limit` characters before it is
/// cleaned and inserted: the action to carry out, and how many characters
/// were cut.
fn cut_paste(action: EditorAction, limit: usize) -> (EditorAction, usize) {
    match action {
        EditorAction::Paste(mut text) => {
            let cut = match text.char_indices().nth(limit) {
                Some((at, _)) => {
                    let cut = text.get(at..).map_or(0, |rest| rest.chars().count());
                    text.truncate(at);
                    cut
                }
                None => 0,
            };
            (EditorAction::Paste(text), cut)
        }
        other => (other, 0),
    }
}

/// What was cut at the box's limit, and where: a paste loses its end.
fn limit_message(which: TextBox, limit: usize, over: usize, pasted: bool) -> String {
    let lost = if pasted {
        format!("the last {over} character(s) of the paste were not added")
    } else {
        format!("{over} character(s) were not added")
    };
    format!(
        "The {} is at its limit of {limit} characters: {lost}",
        which.what(),
    )
}

/// The box's owner reacts to a changed text: the finders search again, an
/// answer or a note is marked as an unsaved draft.
fn after_change(state: &mut State, which: TextBox, now: DateTime<Utc>) -> Vec<Effect> {
    match which {
        TextBox::Search => {
            state.search.refresh();
            Vec::new()
        }
        TextBox::Jump => {
            state.jump.refresh();
            Vec::new()
        }
        TextBox::DrillAnswer => match state.drill.current.as_ref() {
            Some(cur) => {
                let key = drafts::card_key(&cur.card_id);
                super::drafts::edited(state, key, now)
            }
            None => Vec::new(),
        },
        TextBox::InterviewAnswer => match super::drafts::interview_key(state) {
            Some(key) => super::drafts::edited(state, key, now),
            None => Vec::new(),
        },
        TextBox::Note => match &state.bookmarks.editing {
            Some(edit) => {
                let key = drafts::note_key(&edit.item_id);
                super::drafts::edited(state, key, now)
            }
            None => Vec::new(),
        },
    }
}

/// Tells every box its size on screen at the current terminal size, so Up
/// and Down move by the rows drawn and the box scrolls to its cursor. The
/// renderers draw with the same numbers (`state::geometry::text_box`).
pub fn fit_viewports(state: &mut State) {
    use crate::tui::state::geometry::text_box;
    let (w, h) = state.size;
    let (width, rows) = text_box::drill_answer(w, h);
    state.drill.editor.set_viewport(width, rows);
    if let Some(session) = &mut state.interview.session {
        let (width, rows) = text_box::interview_answer(w, h);
        session.editor.set_viewport(width, rows);
    }
    if let Some(edit) = &mut state.bookmarks.editing {
        let (width, rows) = text_box::note(w, h);
        edit.editor.set_viewport(width, rows);
    }
    // a query's row less its prompt
    let row = crate::tui::state::search::finder_geometry(w, h).input;
    let width = row.width.saturating_sub(2).max(1) as usize;
    state.search.input.set_viewport(width, 1);
    state.jump.input.set_viewport(width, 1);
}
