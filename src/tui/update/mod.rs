//! `update(&mut State, Action, now) -> Vec<Effect>`: the one place state
//! changes. No I/O and no clock here; effects carry the I/O out.

use chrono::{DateTime, Utc};

use crate::tui::action::{Action, Command, Mouse};
use crate::tui::state::drill::DrillView;
use crate::tui::state::geometry;
use crate::tui::state::reader::Focus;
use crate::tui::state::{Overlay, Screen, State};
use crate::tui::state::{bookmarks, position};
use crate::domain::stats;

mod search;

pub use crate::tui::effect::Effect;

pub fn update(state: &mut State, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
    let mut effects = Vec::new();
    if !matches!(action, Action::Resize(..)) {
        // Every command sees the whole chapter laid out.
        state.reader.doc.complete(&state.outline);
    }
    match action {
        Action::CompleteLayout => {}
        Action::Resize(w, h) => {
            state.size = (w, h);
            relayout(state);
            position::apply_pending(state);
        }
        Action::Command(command) if state.bookmarks.editing.is_some() => {
            state.message = None;
            effects.extend(bookmarks::note_command(state, command));
        }
        Action::Command(command) => {
            state.message = None;
            command_action(state, command, now, &mut effects);
        }
        Action::Mouse(mouse) => mouse_action(state, mouse),
        Action::Key(key) if state.bookmarks.editing.is_some() => bookmarks::note_key(state, key),
        Action::Paste(text) if state.bookmarks.editing.is_some() => {
            bookmarks::note_paste(state, &text)
        }
        Action::Key(_) | Action::Paste(_) if state.overlay.is_some() => {
            search::text(state, &action)
        }
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
pub(crate) fn relayout(state: &mut State) {
    let (w, h) = state.size;
    state
        .drill
        .relayout(&state.progress, geometry::card_width(w) as usize);
    let g = geometry::reader(w, h, state.reader_two_panes());
    state.reader.view_height = g.view_height as usize;
    state.reader.outline_height = geometry::body_height(h).saturating_sub(1) as usize;
    state.reader.relayout(&state.outline, g.text_width as usize);
    state.search.highlights.refresh(&state.reader.doc);
}

fn command_action(
    state: &mut State,
    command: Command,
    now: DateTime<Utc>,
    effects: &mut Vec<Effect>,
) {
    let leaves_reader = matches!(
        command,
        Command::GoDrill | Command::GoBookmarks | Command::GoStats
    );
    if state.overlay.is_none() && state.screen == Screen::Reader && leaves_reader {
        effects.extend(position::save_effect(state));
    }
    match (&mut state.overlay, command) {
        (Some(Overlay::Search | Overlay::Jump), _) => search::overlay_command(state, command),
        (Some(_), Command::Close) => state.overlay = None,
        (Some(Overlay::Help { scroll }), Command::Down) => {
            // the overlay shows the body less its border
            let visible = geometry::body_height(state.size.1).saturating_sub(2) as usize;
            *scroll = (*scroll + 1).min(state.keymap.help_line_count().saturating_sub(visible))
        }
        (Some(Overlay::Errors { scroll }), Command::Down) => {
            let visible = geometry::body_height(state.size.1).saturating_sub(2) as usize;
            let rows = geometry::errors_rows(&state.library.problems, state.size.0);
            *scroll = (*scroll + 1).min(rows.saturating_sub(visible))
        }
        (Some(Overlay::Help { scroll }) | Some(Overlay::Errors { scroll }), Command::Up) => {
            *scroll = scroll.saturating_sub(1)
        }
        (Some(_), _) => {}
        (None, Command::Quit) => {
            state.quit = true;
            effects.extend(position::save_effect(state));
            effects.push(Effect::Quit);
        }
        (None, Command::Help) => state.overlay = Some(Overlay::Help { scroll: 0 }),
        (None, Command::Search) => search::open(state, Overlay::Search),
        (None, Command::QuickJump) => search::open(state, Overlay::Jump),
        (None, Command::ShowErrors) => state.overlay = Some(Overlay::Errors { scroll: 0 }),
        (None, Command::GoReader) => go(state, Screen::Reader, now),
        (None, Command::GoDrill) => go(state, Screen::Drill, now),
        (None, Command::GoBookmarks) => go(state, Screen::Bookmarks, now),
        (None, Command::GoStats) => go(state, Screen::Stats, now),
        (None, command) => match state.screen {
            Screen::Reader if command == Command::ToggleBookmark => {
                effects.extend(bookmarks::toggle_in_reader(state, now))
            }
            Screen::Reader if command == Command::EditNote => {
                effects.extend(bookmarks::edit_note_in_reader(state, now))
            }
            Screen::Reader if command == Command::Undo => effects.extend(bookmarks::undo(state)),
            Screen::Drill if command == Command::ToggleBookmark => {
                effects.extend(bookmarks::toggle_in_drill(state, now))
            }
            Screen::Bookmarks => effects.extend(bookmarks::screen_command(state, command)),
            Screen::Reader => reader_command(state, command),
            Screen::Drill => effects.extend(state.drill.command(&mut state.progress, command, now)),
            Screen::Stats if command == Command::Close => go(state, Screen::Reader, now),
            Screen::Stats => {}
        },
    }
}

fn mouse_action(state: &mut State, mouse: Mouse) {
    if state.bookmarks.editing.is_some() {
        return;
    }
    if matches!(state.overlay, Some(Overlay::Search | Overlay::Jump)) {
        return search::mouse(state, mouse);
    }
    if state.overlay.is_none() && state.screen == Screen::Bookmarks {
        return bookmarks::mouse(state, mouse);
    }
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
    if let Command::NextMatch | Command::PrevMatch = command {
        return search::step_match(state, command == Command::NextMatch);
    }
    let panes_before = state.outline_visible();
    if state.reader.command(&state.outline, command) || panes_before != state.outline_visible() {
        relayout(state);
        if command != Command::SwitchFocus {
            state.reader.scroll_to_selected();
        }
    }
}
