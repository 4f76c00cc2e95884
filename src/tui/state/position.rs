//! The reading position kept between runs: the selected outline item's id and
//! the scroll line counted from that item's first line, so it survives
//! content edits and a different terminal width. Taken from the state when
//! leaving the reader or quitting, given back after the first layout.

use serde::{Deserialize, Serialize};

use crate::domain::content::bodies::Shown;
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
    /// Where the item started in its whole chapter as laid out then, so a
    /// start at the same width can show the place before laying out the
    /// text above it (none in positions saved by older versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub laid_out: Option<LaidOutAt>,
}

/// The first line of the saved item in its chapter laid out at `width`
/// columns, and the chapter's Markdown bytes then (a chapter of another
/// size is laid out from the top instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaidOutAt {
    pub width: usize,
    pub item_line: usize,
    pub chapter_bytes: usize,
}

impl ReadingPosition {
    /// Where the reader is now; None before anything is laid out.
    pub fn capture(state: &State) -> Option<Self> {
        let reader = &state.reader;
        let item = state.outline.get(reader.selected)?;
        let start = reader.doc.line_of(reader.selected)?;
        let laid_out =
            (!reader.doc.is_partial() && reader.doc.chapter == item.chapter).then(|| LaidOutAt {
                width: reader.doc.width,
                item_line: start,
                chapter_bytes: reader.doc.total_bytes(),
            });
        Some(ReadingPosition {
            item: item.id.clone(),
            line: reader.scroll as i64 - start as i64,
            content_focus: reader.focus == Focus::Content,
            laid_out,
        })
    }

    /// What start-up reads of the chapter first for this position: the
    /// bodies from its item on, and those above it too unless the first
    /// frame can lay the chapter out from the item (see
    /// `update::position`, which decides that with the width).
    pub fn shown(&self) -> Shown<'_> {
        Shown {
            item: &self.item,
            from_item: self.laid_out.is_some() && self.line >= 0,
        }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a saved value; anything unreadable counts as no position.
    pub fn decode(value: &str) -> Option<Self> {
        serde_json::from_str(value).ok()
    }
}
