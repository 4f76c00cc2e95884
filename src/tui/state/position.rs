//! The reading position kept between runs: the selected outline item's id and
//! the scroll line counted from that item's first line, so it survives
//! content edits and a different terminal width. Taken from the state when
//! leaving the reader or quitting, given back after the first layout.

use serde::{Deserialize, Serialize};

use crate::tui::state::State;
use crate::tui::state::reader::Focus;
use crate::tui::effect::Effect;

/// The store key it is saved under (`positions` table).
pub const KEY: &str = "reader";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingPosition {
    /// Id of the selected outline item.
    pub item: String,
    /// First line shown, relative to the item's first line.
    pub line: i64,
    /// Whether the text pane (not the outline) had focus.
    #[serde(default)]
    pub content_focus: bool,
}

impl ReadingPosition {
    /// Where the reader is now; None before anything is laid out.
    pub fn capture(state: &State) -> Option<Self> {
        let reader = &state.reader;
        let item = state.outline.get(reader.selected)?;
        let start = reader.doc.line_of(reader.selected)?;
        Some(ReadingPosition {
            item: item.id.clone(),
            line: reader.scroll as i64 - start as i64,
            content_focus: reader.focus == Focus::Content,
        })
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a saved value; anything unreadable counts as no position.
    pub fn decode(value: &str) -> Option<Self> {
        serde_json::from_str(value).ok()
    }
}

/// The effect that saves the current reading position, if there is one.
pub fn save_effect(state: &State) -> Option<Effect> {
    ReadingPosition::capture(state).map(|p| Effect::SavePosition(p.encode()))
}

/// Gives back a saved position once the reader is laid out (after a resize).
/// An id the content no longer has leaves the reader at the top.
pub fn apply_pending(state: &mut State) {
    if state.reader.doc.lines.is_empty() {
        return;
    }
    let Some(pos) = state.pending_position.take() else {
        return;
    };
    let Some(index) = state.outline.iter().position(|i| i.id == pos.item) else {
        return;
    };
    state.reader.focus = if pos.content_focus {
        Focus::Content
    } else {
        Focus::Outline
    };
    state.reader.select(&state.outline, index);
    crate::tui::update::relayout(state);
    let reader = &mut state.reader;
    if let Some((start, _)) = reader.doc.range_of(index) {
        reader.scroll = start.saturating_add_signed(pos.line as isize);
        reader.clamp_scroll();
    }
}
