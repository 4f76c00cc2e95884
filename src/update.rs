//! `update(&mut State, Action, now) -> Vec<Effect>`: the one place state
//! changes. No I/O and no clock here; effects carry the I/O out.

use chrono::{DateTime, Utc};

use crate::action::{Action, Command, Mouse};
use crate::state::drill::DrillView;
use crate::state::geometry;
use crate::state::reader::Focus;
use crate::state::{Overlay, Screen, State};
use crate::stats;
use crate::store::ReviewRecord;

/// I/O for the event loop to carry out after an update. Effects that finish
/// with news for the state answer with an `Action` (`ReviewSaved`, `Failed`).
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Quit,
    /// Append an answer to the review log.
    SaveReview(ReviewRecord),
    /// Mark a logged answer undone.
    UndoReview(i64),
}

pub fn update(state: &mut State, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
    let mut effects = Vec::new();
    if !matches!(action, Action::Resize(..)) {
        // Every command sees the whole chapter laid out.
        state.reader.doc.complete(&state.outline);
    }
    match action {
        Action::Resize(w, h) => {
            state.size = (w, h);
            relayout(state);
        }
        Action::Command(command) => {
            state.message = None;
            command_action(state, command, now, &mut effects);
        }
        Action::Mouse(mouse) => mouse_action(state, mouse),
        Action::Key(key) => {
            if state.screen == Screen::Drill && state.drill.is_typing(&state.progress) {
                state.drill.key(key);
            }
        }
        Action::Paste(text) => {
            if state.screen == Screen::Drill && state.drill.is_typing(&state.progress) {
                state.drill.paste(&text);
            }
        }
        Action::ReviewSaved { id, review } => {
            state.progress.record(id, review.clone());
            state.drill.saved(&state.progress, id, &review, now);
        }
        Action::Failed(message) => {
            state.drill.save_failed();
            state.message = Some(message);
        }
    }
    effects
}

/// Shows a screen, refreshing what it shows.
fn go(state: &mut State, screen: Screen, now: DateTime<Utc>) {
    state.screen = screen;
    if screen == Screen::Drill && state.drill.view == DrillView::Chooser {
        state.drill.refresh_choices(&state.progress, now);
    }
    if screen == Screen::Stats {
        state.stats = Some(stats::compute(&state.progress, now));
    }
}

/// Lays the reader's document out for the current size.
fn relayout(state: &mut State) {
    let (w, h) = state.size;
    state
        .drill
        .relayout(&state.progress, geometry::card_width(w) as usize);
    let g = geometry::reader(w, h, state.reader_two_panes());
    state.reader.view_height = g.view_height as usize;
    state.reader.outline_height = geometry::body_height(h).saturating_sub(1) as usize;
    state.reader.relayout(&state.outline, g.text_width as usize);
}

fn command_action(
    state: &mut State,
    command: Command,
    now: DateTime<Utc>,
    effects: &mut Vec<Effect>,
) {
    match (&mut state.overlay, command) {
        (Some(_), Command::Close) => state.overlay = None,
        (Some(Overlay::Help { scroll }) | Some(Overlay::Errors { scroll }), Command::Down) => {
            *scroll += 1
        }
        (Some(Overlay::Help { scroll }) | Some(Overlay::Errors { scroll }), Command::Up) => {
            *scroll = scroll.saturating_sub(1)
        }
        (Some(_), _) => {}
        (None, Command::Quit) => {
            state.quit = true;
            effects.push(Effect::Quit);
        }
        (None, Command::Help) => state.overlay = Some(Overlay::Help { scroll: 0 }),
        (None, Command::ShowErrors) => state.overlay = Some(Overlay::Errors { scroll: 0 }),
        (None, Command::GoReader) => go(state, Screen::Reader, now),
        (None, Command::GoDrill) => go(state, Screen::Drill, now),
        (None, Command::GoBookmarks) => go(state, Screen::Bookmarks, now),
        (None, Command::GoStats) => go(state, Screen::Stats, now),
        (None, command) => match state.screen {
            Screen::Reader => reader_command(state, command),
            Screen::Drill => effects.extend(state.drill.command(&mut state.progress, command, now)),
            Screen::Stats if command == Command::Close => go(state, Screen::Reader, now),
            Screen::Bookmarks | Screen::Stats => {}
        },
    }
}

fn mouse_action(state: &mut State, mouse: Mouse) {
    if state.overlay.is_some() || state.screen != Screen::Reader {
        return;
    }
    let (w, h) = state.size;
    let two = state.reader_two_panes();
    let outline_width = geometry::reader(w, h, two).outline_width;
    let over_outline = |column: u16| {
        if two {
            column < outline_width
        } else {
            state.reader.focus == Focus::Outline
        }
    };
    match mouse {
        Mouse::ScrollDown { column, .. } if over_outline(column) => {
            reader_command(state, Command::Down)
        }
        Mouse::ScrollUp { column, .. } if over_outline(column) => {
            reader_command(state, Command::Up)
        }
        Mouse::ScrollDown { .. } => state.reader.scroll_by(3),
        Mouse::ScrollUp { .. } => state.reader.scroll_by(-3),
        Mouse::Click { column, row } if over_outline(column) => {
            // the body starts below the tab bar and the outline has a title row
            let Some(offset) = row.checked_sub(2) else {
                return;
            };
            let index = state.reader.outline_scroll + offset as usize;
            if index < state.outline.len() {
                state.reader.focus = Focus::Outline;
                let before = state.outline.get(state.reader.selected).map(|i| i.chapter);
                state.reader.select(&state.outline, index);
                if before != state.outline.get(index).map(|i| i.chapter) {
                    relayout(state);
                    state.reader.scroll_to_selected();
                }
            }
        }
        Mouse::Click { .. } => state.reader.focus = Focus::Content,
    }
}

/// Applies a reader command, laying out again when the chapter or the panes changed.
fn reader_command(state: &mut State, command: Command) {
    let panes_before = state.outline_visible();
    if state.reader.command(&state.outline, command) || panes_before != state.outline_visible() {
        relayout(state);
        if command != Command::SwitchFocus {
            state.reader.scroll_to_selected();
        }
    }
}
