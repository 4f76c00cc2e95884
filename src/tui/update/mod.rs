//! `update(&mut State, Action, now) -> Vec<Effect>`: the one place state
//! changes. No I/O and no clock here; effects carry the I/O out.

use chrono::{DateTime, Utc};

use crate::domain::stats;
use crate::tui::action::{Action, Command};
use crate::tui::scroll;
use crate::tui::state::drill::DrillView;
use crate::tui::state::geometry;
use crate::tui::state::{Overlay, Screen, State};

pub mod bookmarks;
mod card_scroll;
pub mod drafts;
mod drill;
mod drill_choices;
pub mod interview;
pub mod interview_flow;
pub mod interview_history;
pub mod position;
mod preview;
mod reader;
mod search;
pub mod startup;
pub mod text_box;

pub use crate::tui::effect::Effect;

pub fn update(state: &mut State, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
    let mut effects = Vec::new();
    if !matches!(action, Action::Resize(..)) {
        // Every command sees the whole chapter laid out.
        state.reader.complete_layout(&state.outline);
    }
    interview::tick(state, now);
    if state.drill.drops_key(&action, now) {
        // (what happened to the key first: the status line shows about 40
        // columns of a message at 80)
        state.message = Some("Answered in another window: key not applied".into());
        return effects;
    }
    let boxes_before = drafts::live_boxes(state);
    if let Some((which, edit)) = text_box::editor_action(state, &action) {
        if matches!(action, Action::Command(_)) {
            state.message = None;
        }
        effects.extend(text_box::edit(state, which, edit, now));
    } else {
        apply(state, action, now, &mut effects);
    }
    effects.extend(drafts::due(state, now));
    effects.extend(drafts::after_update(state, boxes_before, now));
    text_box::fit_viewports(state);
    effects
}

/// Every action but the edits of a text box.
fn apply(state: &mut State, action: Action, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    match action {
        Action::CompleteLayout | Action::Tick => {}
        Action::InterviewAnswerSaved { position, id } => interview::saved(state, position, id),
        Action::MissedPointsSaved { points, reviews } => {
            interview_flow::missed_points_saved(state, points, reviews)
        }
        Action::Loaded(loaded) => startup::finish_loading(state, *loaded),
        Action::Resize(w, h) => {
            state.size = (w, h);
            state.relayout();
            position::apply_pending(state);
        }
        Action::Command(command) if state.bookmarks.editing.is_some() => {
            state.message = None;
            effects.extend(bookmarks::note_command(state, command));
        }
        Action::Command(command) => {
            state.message = None;
            command_action(state, command, now, effects);
        }
        Action::Mouse(mouse) => reader::mouse(state, mouse),
        // keys no box takes and pastes with no box open
        Action::Key(_) | Action::Paste(_) => {}
        Action::ReviewSaved { id, review } => {
            if review.typed_answer.is_some() {
                // the answer is stored: its draft goes
                let key = crate::domain::drafts::card_key(&review.card_id);
                effects.extend(drafts::submitted(state, &key));
            }
            state.progress.record(id, review.clone());
            state.drill.saved(&state.progress, id, &review, now);
            if let Some(notice) = state.drill.notice.take() {
                state.message = Some(notice);
            }
        }
        Action::Failed(message) => {
            state.drill.save_failed();
            state.message = Some(message);
        }
        Action::StoreChanged {
            reviews,
            bookmarks,
            drafts: stored,
        } => {
            state.drafts.stored = stored.into_iter().map(|d| (d.key.clone(), d)).collect();
            state.progress.replace_reviews(reviews);
            // a session's kept queue is built again from the new log, also
            // when the drill is not on screen
            if let Some(session) = &mut state.drill.session {
                session.queue = None;
            }
            state.bookmarks.list.replace_all(bookmarks);
            if state.screen == Screen::Drill {
                state.drill.store_changed(&state.progress, now);
            }
            if state.screen == Screen::Stats {
                state.stats = Some(stats::compute(&state.progress, now));
            }
            state.message = state.drill.notice.take().or(state.message.take());
        }
    }
}

/// Shows a screen, refreshing what it shows.
fn go(state: &mut State, screen: Screen, now: DateTime<Utc>) {
    state.screen = screen;
    if screen == Screen::Drill && state.drill.view == DrillView::Summary {
        // coming back starts at the decks, not at an old summary
        state.drill.view = DrillView::Chooser;
        state.drill.finished = None;
    }
    if screen == Screen::Drill && state.drill.view == DrillView::Chooser {
        state.drill.refresh_choices(&state.progress, now);
    }
    if screen == Screen::Stats {
        state.stats = Some(stats::compute(&state.progress, now));
        state.stats_scroll = 0;
    }
}

fn command_action(
    state: &mut State,
    command: Command,
    now: DateTime<Utc>,
    effects: &mut Vec<Effect>,
) {
    let leaves_reader = matches!(
        command,
        Command::GoDrill | Command::GoBookmarks | Command::GoStats | Command::GoInterview
    );
    if state.overlay.is_none() && state.screen == Screen::Reader && leaves_reader {
        effects.extend(position::save_effect(state));
    }
    match (&mut state.overlay, command) {
        (Some(Overlay::Search | Overlay::Jump), _) => search::overlay_command(state, command),
        (Some(Overlay::CardPreview { .. }), _) => {
            effects.extend(preview::command(state, command, now))
        }
        (Some(_), Command::Close) => state.overlay = None,
        (
            Some(Overlay::Help { scroll }),
            Command::Down | Command::PageDown | Command::PageUp | Command::Top | Command::Bottom,
        ) => {
            // the overlay shows the body less its border
            let visible = geometry::body_height(state.size.1).saturating_sub(2) as usize;
            let max = scroll::max_offset(state.keymap.help_line_count(), visible);
            *scroll =
                scroll::by_command(command, *scroll, scroll::page(visible), max).unwrap_or(*scroll)
        }
        (Some(Overlay::Errors { scroll }), Command::Down) => {
            let visible = geometry::body_height(state.size.1).saturating_sub(2) as usize;
            let rows = geometry::errors_rows(&state.library.problems, state.size.0);
            *scroll = (*scroll + 1).min(scroll::max_offset(rows, visible))
        }
        (Some(Overlay::Help { scroll }) | Some(Overlay::Errors { scroll }), Command::Up) => {
            *scroll = scroll.saturating_sub(1)
        }
        (Some(_), _) => {}
        (None, Command::Quit) => {
            state.quit = true;
            effects.extend(drafts::save_all(state, now));
            effects.extend(position::save_effect(state));
            effects.extend(interview::rating_on_quit(state, now));
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
        (None, Command::GoInterview) => go(state, Screen::Interview, now),
        (None, command) => match state.screen {
            Screen::Reader if command == Command::ToggleBookmark => {
                effects.extend(bookmarks::toggle_in_reader(state, now))
            }
            Screen::Reader if command == Command::EditNote => {
                effects.extend(bookmarks::edit_note_in_reader(state, now))
            }
            Screen::Reader if command == Command::Undo => effects.extend(bookmarks::undo(state)),
            Screen::Drill if command == Command::ToggleBookmark => {
                effects.extend(bookmarks::toggle_in_drill(state, now));
                state.drill.bookmark_last = true;
            }
            Screen::Drill if command == Command::Undo && state.drill.bookmark_last => {
                // the bookmark was the last change here: undo takes it back
                state.drill.bookmark_last = false;
                effects.extend(bookmarks::undo(state))
            }
            Screen::Bookmarks => effects.extend(bookmarks::screen_command(state, command)),
            Screen::Reader => reader::command(state, command),
            Screen::Drill
                if state.drill.view == DrillView::Card && card_scroll::is_scroll(command) =>
            {
                card_scroll::scroll(state, command)
            }
            Screen::Drill => {
                let before = state
                    .drill
                    .current
                    .as_ref()
                    .map(|c| (c.card_id.clone(), c.revealed));
                let answers = state.drill.undo.len();
                effects.extend(state.drill.command(
                    &mut state.progress,
                    &state.keymap,
                    command,
                    now,
                ));
                if state.drill.undo.len() > answers
                    && let Some(last) = state.drill.undo.last()
                {
                    // answered in cram (nothing stored): the card's text is done with
                    let key = crate::domain::drafts::card_key(&last.card_id);
                    effects.extend(drafts::submitted(state, &key));
                }
                card_scroll::reset_if_changed(state, before);
                if let Some(notice) = state.drill.notice.take() {
                    state.message = Some(notice);
                }
            }
            Screen::Stats if command == Command::Close => go(state, Screen::Reader, now),
            Screen::Stats => {
                let max = geometry::stats_max_scroll(
                    state.size.0,
                    state.size.1,
                    !state.interview.history.is_empty(),
                );
                let page = scroll::page(usize::from(geometry::body_height(state.size.1)));
                if let Some(next) = scroll::by_command(command, state.stats_scroll, page, max) {
                    state.stats_scroll = next;
                }
            }
            Screen::Interview => effects.extend(interview::command(state, command, now)),
        },
    }
}
