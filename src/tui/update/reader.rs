//! The reader's transitions: moving through the outline, scrolling the text,
//! switching panes and chapters, and the mouse over either pane.

use crate::domain::document::OutlineItem;
use crate::tui::action::{Command, Mouse};
use crate::tui::state::reader::{Focus, ReaderState, outline_rows};
use crate::tui::state::{Overlay, Screen, State, geometry};

/// The mouse in the reader (or handed to the search overlay or the
/// bookmarks screen): the wheel moves the outline's selection or scrolls
/// the text, a click selects an outline item or focuses the text.
pub(super) fn mouse(state: &mut State, mouse: Mouse) {
    if state.bookmarks.editing.is_some() {
        return;
    }
    if matches!(state.overlay, Some(Overlay::Search | Overlay::Jump)) {
        return super::search::mouse(state, mouse);
    }
    if state.overlay.is_none() && state.screen == Screen::Bookmarks {
        return super::bookmarks::mouse(state, mouse);
    }
    if state.overlay.is_some() || state.screen != Screen::Reader {
        return;
    }
    let (w, h) = state.size;
    let two = state.reader_two_panes();
    let outline_width = geometry::reader(w, h, two, state.reader.outline_wants).outline_width;
    let over_outline = |column: u16| {
        if two {
            column < outline_width
        } else {
            state.reader.focus == Focus::Outline
        }
    };
    match mouse {
        Mouse::ScrollDown { column, .. } if over_outline(column) => command(state, Command::Down),
        Mouse::ScrollUp { column, .. } if over_outline(column) => command(state, Command::Up),
        Mouse::ScrollDown { .. } => state.reader.scroll_by(3),
        Mouse::ScrollUp { .. } => state.reader.scroll_by(-3),
        Mouse::Click { column, row } if over_outline(column) => {
            let width = if two { outline_width } else { w };
            click_outline(state, row, width);
        }
        Mouse::Click { .. } => state.reader.focus = Focus::Content,
    }
}

/// A click on screen row `row` of the outline pane (`width` wide): the item
/// drawn there is selected and the outline focused; the text follows to its
/// chapter.
fn click_outline(state: &mut State, row: u16, width: u16) {
    // the body starts below the tab bar and the outline has a title row
    let Some(offset) = row.checked_sub(2) else {
        return;
    };
    let shown = outline_rows(
        &state.outline,
        &state.reader,
        width.saturating_sub(1) as usize,
        state.reader.outline_height,
    );
    let mut row = 0;
    let index = shown
        .iter()
        .find(|(_, rows)| {
            row += rows.len();
            row > offset as usize
        })
        .map_or(usize::MAX, |(index, _)| *index);
    if index < state.outline.len() {
        state.reader.focus = Focus::Outline;
        let before = state.outline.get(state.reader.selected).map(|i| i.chapter);
        state.reader.select(&state.outline, index);
        if before != state.outline.get(index).map(|i| i.chapter) {
            state.relayout();
            state.reader.scroll_to_selected();
        }
    }
}

/// Applies a reader command, laying out again when the chapter or the panes changed.
pub(super) fn command(state: &mut State, command: Command) {
    if let Command::NextMatch | Command::PrevMatch = command {
        return super::search::step_match(state, command == Command::NextMatch);
    }
    let panes_before = state.outline_visible();
    if apply(&mut state.reader, &state.outline, command) || panes_before != state.outline_visible()
    {
        state.relayout();
        if command != Command::SwitchFocus {
            state.reader.scroll_to_selected();
        }
    }
}

/// Applies a reader command. Returns true when the chapter changed (and a relayout is due).
fn apply(reader: &mut ReaderState, outline: &[OutlineItem], command: Command) -> bool {
    let before = outline.get(reader.selected).map(|i| i.chapter);
    let page = reader.view_height.saturating_sub(2).max(1);
    match (reader.focus, command) {
        (_, Command::SwitchFocus) => {
            reader.focus = match reader.focus {
                Focus::Outline => Focus::Content,
                Focus::Content => Focus::Outline,
            }
        }
        (Focus::Outline, Command::Open) => {
            reader.focus = Focus::Content;
            reader.scroll_to_selected();
        }
        (Focus::Outline, Command::Down) => {
            reader.select(outline, reader.selected.saturating_add(1))
        }
        (Focus::Outline, Command::Up) => reader.select(outline, reader.selected.saturating_sub(1)),
        (Focus::Outline, Command::PageDown) => {
            reader.select(outline, reader.selected.saturating_add(page))
        }
        (Focus::Outline, Command::PageUp) => {
            reader.select(outline, reader.selected.saturating_sub(page))
        }
        (Focus::Outline, Command::Top) => reader.select(outline, 0),
        (Focus::Outline, Command::Bottom) => {
            reader.select(outline, outline.len().saturating_sub(1))
        }
        (Focus::Content, Command::Down) => reader.scroll_by(1),
        (Focus::Content, Command::Up) => reader.scroll_by(-1),
        (Focus::Content, Command::PageDown) => reader.scroll_by(page as isize),
        (Focus::Content, Command::PageUp) => reader.scroll_by(-(page as isize)),
        (Focus::Content, Command::Top) => reader.scroll_by(isize::MIN / 2),
        (Focus::Content, Command::Bottom) => reader.scroll_by(isize::MAX / 2),
        (Focus::Content, Command::Close) => reader.focus = Focus::Outline,
        (_, Command::NextChapter) => step_chapter(reader, outline, 1),
        (_, Command::PrevChapter) => step_chapter(reader, outline, -1),
        _ => {}
    }
    reader.keep_outline_visible();
    before != outline.get(reader.selected).map(|i| i.chapter)
}

fn step_chapter(reader: &mut ReaderState, outline: &[OutlineItem], dir: isize) {
    let Some(current) = outline.get(reader.selected).map(|i| i.chapter) else {
        return;
    };
    let target = current.saturating_add_signed(dir);
    if let Some(index) = outline.iter().position(|i| i.chapter == target) {
        reader.selected = index;
    }
}
