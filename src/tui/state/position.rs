//! The reading position kept between runs: the selected outline item's id and
//! the scroll line counted from that item's first line, so it survives
//! content edits and a different terminal width. Taken from the state when
//! leaving the reader or quitting, given back after the first layout.

use serde::{Deserialize, Serialize};

use crate::tui::state::State;
use crate::tui::state::reader::Focus;

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
