//! How the search and quick-jump overlays change state (typing, choosing,
//! jumping), and the reader's `n` / `N` through the last search's matches.

use ratatui::layout::Position;

use crate::domain::search::Target;
use crate::tui::action::{Command, Mouse};
use crate::tui::state::reader::Focus;
use crate::tui::state::search::{self as finder, SEARCH_ROWS};
use crate::tui::state::{Overlay, Screen, State};

/// Opens an overlay: search keeps the last query, quick jump starts empty.
pub(super) fn open(state: &mut State, overlay: Overlay) {
    if !state.finders_built {
        let (search, jump) = finder::build(&state.library, &state.outline, &state.progress.cards);
        state.search = search;
        state.jump = jump;
        state.finders_built = true;
    }
    match overlay {
        Overlay::Search => {
            state.search.query_selected = !state.search.input.is_empty();
            state.search.refresh()
        }
        Overlay::Jump => {
            state.jump.input = finder::query_editor();
            state.jump.refresh();
        }
        Overlay::Help { .. } | Overlay::Errors { .. } | Overlay::CardPreview { .. } => {}
    }
    state.overlay = Some(overlay);
}

/// A command while the search or jump overlay is open.
pub(super) fn overlay_command(state: &mut State, command: Command) {
    let (w, h) = state.size;
    match (&state.overlay, command) {
        (_, Command::Cancel | Command::Close) => state.overlay = None,
        (Some(Overlay::Search), Command::Up | Command::Down) => {
            let len = state.search.results.hits.len();
            let delta = if command == Command::Up { -1 } else { 1 };
            let visible = finder::visible_results(w, h);
            state.search.cursor.step(delta, len, visible);
        }
        (Some(Overlay::Jump), Command::Up | Command::Down) => {
            let len = state.jump.ranked.len();
            let delta = if command == Command::Up { -1 } else { 1 };
            let visible = finder::visible_entries(w, h);
            state.jump.cursor.step(delta, len, visible);
        }
        (Some(Overlay::Search), Command::Submit) => submit_search(state),
        (Some(Overlay::Jump), Command::Submit) => submit_jump(state),
        _ => {}
    }
}

/// The wheel moves the selection; a click selects the row under it.
pub(super) fn mouse(state: &mut State, mouse: Mouse) {
    match mouse {
        Mouse::ScrollDown { .. } => overlay_command(state, Command::Down),
        Mouse::ScrollUp { .. } => overlay_command(state, Command::Up),
        Mouse::Click { column, row } => {
            let (w, h) = state.size;
            let list = finder::finder_geometry(w, h).list;
            if !list.contains(Position::new(column, row)) {
                return;
            }
            let offset = (row - list.y) as usize;
            match state.overlay {
                Some(Overlay::Search) => {
                    let index = state.search.cursor.scroll + offset / SEARCH_ROWS as usize;
                    let len = state.search.results.hits.len();
                    if index < len {
                        let visible = finder::visible_results(w, h);
                        state.search.cursor.select(index, len, visible);
                    }
                }
                Some(Overlay::Jump) => {
                    let index = state.jump.cursor.scroll + offset;
                    let len = state.jump.ranked.len();
                    if index < len {
                        let visible = finder::visible_entries(w, h);
                        state.jump.cursor.select(index, len, visible);
                    }
                }
                _ => {}
            }
        }
    }
}

fn submit_search(state: &mut State) {
    let search = &state.search;
    let chosen = search
        .results
        .hits
        .get(search.cursor.selected)
        .and_then(|hit| Some((search.index.doc(hit.doc)?.clone(), hit.occurrence)));
    let Some((doc, occurrence)) = chosen else {
        if !search.results.query.is_empty() {
            state.message = Some(format!("No matches for “{}”", search.input.text()));
        }
        state.overlay = None;
        return;
    };
    let query = search.results.query.clone();
    state.overlay = None;
    state.search.highlights.set_query(&query, &state.reader.doc);
    go_to(state, doc.target, doc.in_reader.then_some(occurrence));
}

fn submit_jump(state: &mut State) {
    let target = state
        .jump
        .ranked
        .get(state.jump.cursor.selected)
        .and_then(|r| state.jump.entries.get(r.entry))
        .map(|e| e.target);
    state.overlay = None;
    if let Some(target) = target {
        go_to(state, target, None);
    }
}

/// Opens the reader at `target`, showing its `occurrence`-th match of the
/// search (or its first one) when it has any.
fn go_to(state: &mut State, target: Target, occurrence: Option<usize>) {
    let index = match target {
        Target::Item(index) => index,
        Target::Card(card) => return super::preview::open(state, card),
    };
    state.screen = Screen::Reader;
    state.reader.focus = Focus::Content;
    state.reader.select(&state.outline, index);
    state.relayout();
    state.reader.scroll_to_selected();
    let Some((start, end)) = state.reader.doc.range_of(index) else {
        return;
    };
    let matches = &state.search.highlights.matches;
    let first = matches.partition_point(|m| m.line < start);
    let count = matches[first..].partition_point(|m| m.line < end);
    if count == 0 {
        return;
    }
    let chosen = first + occurrence.unwrap_or(0).min(count - 1);
    show_match(state, chosen);
    state.reader.selected = index;
}

/// Makes match `index` the current one, scrolls it into view and says where it is.
fn show_match(state: &mut State, index: usize) {
    let highlights = &mut state.search.highlights;
    let Some(m) = highlights.matches.get(index).copied() else {
        return;
    };
    highlights.current = Some(index);
    let total = highlights.matches.len();
    let reader = &mut state.reader;
    let height = reader.view_height.max(1);
    if m.line < reader.scroll || m.line >= reader.scroll + height {
        reader.scroll = m.line.saturating_sub(height / 3);
        reader.clamp_scroll();
    }
    if let Some(item) = reader.doc.item_at(m.line) {
        reader.selected = item;
        let rows = reader.outline_height.max(1);
        if item < reader.outline_scroll || item >= reader.outline_scroll + rows {
            reader.outline_scroll = item.saturating_sub(rows / 2);
        }
    }
    state.message = Some(format!("match {} of {total}", index + 1));
}

/// `n` / `N` in the reader: the next or previous match, wrapping around.
pub(super) fn step_match(state: &mut State, forward: bool) {
    if state.search.highlights.query.is_empty() {
        let key = state
            .keymap
            .label_for(crate::tui::keymap::KeyMode::Reader, Command::Search)
            .unwrap_or_else(|| "/".into());
        state.message = Some(format!("No search yet: press {key} to search"));
        return;
    }
    if state.reader.focus != Focus::Content {
        state.reader.focus = Focus::Content;
        state.relayout();
    }
    let (top, height) = (state.reader.scroll, state.reader.view_height.max(1));
    let highlights = &state.search.highlights;
    let total = highlights.matches.len();
    if total == 0 {
        state.message = Some("No matches in this chapter".into());
        return;
    }
    let current = highlights.current.filter(|&i| {
        highlights
            .matches
            .get(i)
            .is_some_and(|m| m.line >= top && m.line < top + height)
    });
    let next = match (current, forward) {
        (Some(i), true) => (i + 1) % total,
        (Some(i), false) => (i + total - 1) % total,
        (None, true) => highlights
            .matches
            .iter()
            .position(|m| m.line >= top)
            .unwrap_or(0),
        (None, false) => highlights
            .matches
            .iter()
            .rposition(|m| m.line < top)
            .unwrap_or(total - 1),
    };
    show_match(state, next);
}
