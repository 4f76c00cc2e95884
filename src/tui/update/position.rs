//! Saving and restoring the reading position: the effect that saves it when
//! leaving the reader or quitting, and giving a saved one back once the
//! reader is laid out.

use crate::domain::document::{Document, PARTIAL_LAYOUT_BYTES};
use crate::tui::effect::Effect;
use crate::tui::state::State;
use crate::tui::state::position::ReadingPosition;
use crate::tui::state::reader::Focus;

/// The effect that saves the current reading position, if there is one.
pub fn save_effect(state: &State) -> Option<Effect> {
    ReadingPosition::capture(state).map(|p| Effect::SavePosition(p.encode()))
}

/// Gives back a saved position once the reader is laid out (after a resize).
/// An id the content no longer has leaves the reader at the top. A place
/// past the bodies start-up has read so far stays pending, to be given
/// back once they are in place (`update::startup`).
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
    if let Some(doc) = laid_out_from(state, &pos, index) {
        // The saved place is known to start at this line: the text above
        // it is laid out after the first frame.
        state.reader.doc = doc;
    }
    state.reader.select(&state.outline, index);
    state.relayout();
    let reader = &mut state.reader;
    // Only what the saved place shows is laid out now (the rest after the
    // first frame); a saved line far into a long item needs that much more.
    let offset = usize::try_from(pos.line).unwrap_or(0);
    reader.lay_out_upto(&state.outline, index, offset);
    if reader.doc.waits_for_bodies() {
        state.pending_position = Some(pos);
        return;
    }
    if let Some((start, _)) = reader.doc.range_of(index) {
        reader.scroll = start.saturating_add_signed(pos.line as isize);
        reader.clamp_scroll();
    }
}

/// A big chapter laid out from the saved item on, the lines above it left
/// for later (`Document::with_gap`), when the position says where the
/// item started in the chapter at this width, the chapter has the size it
/// had then and the view starts at or below the item; none otherwise (it
/// is then laid out from the top).
fn laid_out_from(state: &State, pos: &ReadingPosition, index: usize) -> Option<Document> {
    let at = pos.laid_out?;
    let item = state.outline.get(index)?;
    let width = state.reader_geometry().text_width as usize;
    // a view starting above the item would show the lines not laid out
    if at.width != width || at.item_line < 2 || pos.line < 0 {
        return None;
    }
    let doc = Document::with_gap(&state.outline, item.chapter, width, index, at.item_line);
    let fits = doc.total_bytes() == at.chapter_bytes && doc.total_bytes() > PARTIAL_LAYOUT_BYTES;
    fits.then_some(doc)
}
