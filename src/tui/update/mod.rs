//! `update(&mut State, Action, now) -> Vec<Effect>`: the one place state
//! changes. No I/O and no clock here; effects carry the I/O out.

use chrono::{DateTime, Utc};

use crate::domain::bookmarks::Bookmark;
use crate::domain::drafts::Draft;
use crate::domain::schedule::ReviewRecord;
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
        Action::ReviewSaved { id, review } => review_saved(state, id, review, now, effects),
        Action::Failed(message) => {
            state.drill.save_failed();
            state.message = Some(message);
        }
        Action::StoreChanged {
            reviews,
            bookmarks,
            drafts: stored,
        } => store_changed(state, reviews, bookmarks, stored, now),
    }
}

/// The store kept a review: its typed answer's draft goes, memory records
/// it under the store's id, and the drill hears (and may say so).
fn review_saved(
    state: &mut State,
    id: i64,
    review: ReviewRecord,
    now: DateTime<Utc>,
    effects: &mut Vec<Effect>,
) {
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

/// Another instance changed the store: memory takes its review log,
/// bookmarks and drafts, and the screen on show is worked out again.
fn store_changed(
    state: &mut State,
    reviews: Vec<(i64, ReviewRecord)>,
    bookmarks: Vec<Bookmark>,
    stored: Vec<Draft>,
    now: DateTime<Utc>,
) {
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

/// A command no text box took: an open overlay takes it first; then the
/// keys that work on every screen (quit, help, search, the tabs); then the
/// screen on show.
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
    if state.overlay.is_some() {
        effects.extend(overlay_command(state, command, now));
        return;
    }
    match command {
        Command::Quit => {
            state.quit = true;
            effects.extend(drafts::save_all(state, now));
            effects.extend(position::save_effect(state));
            effects.extend(interview::rating_on_quit(state, now));
            effects.push(Effect::Quit);
        }
        Command::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::Search => search::open(state, Overlay::Search),
        Command::QuickJump => search::open(state, Overlay::Jump),
        Command::ShowErrors => state.overlay = Some(Overlay::Errors { scroll: 0 }),
        Command::GoReader => go(state, Screen::Reader, now),
        Command::GoDrill => go(state, Screen::Drill, now),
        Command::GoBookmarks => go(state, Screen::Bookmarks, now),
        Command::GoStats => go(state, Screen::Stats, now),
        Command::GoInterview => go(state, Screen::Interview, now),
        command => effects.extend(screen_command(state, command, now)),
    }
}

/// A command while an overlay is open: search and quick jump and the card
/// preview take every key; help and the errors list scroll and close.
fn overlay_command(state: &mut State, command: Command, now: DateTime<Utc>) -> Vec<Effect> {
    match (&mut state.overlay, command) {
        (Some(Overlay::Search | Overlay::Jump), _) => search::overlay_command(state, command),
        (Some(Overlay::CardPreview { .. }), _) => return preview::command(state, command, now),
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
        _ => {}
    }
    Vec::new()
}

/// A command for the screen on show (bookmarking and undo in the reader
/// and the drill are handled here, as they reach the bookmark list).
fn screen_command(state: &mut State, command: Command, now: DateTime<Utc>) -> Vec<Effect> {
    match state.screen {
        Screen::Reader if command == Command::ToggleBookmark => {
            bookmarks::toggle_in_reader(state, now)
        }
        Screen::Reader if command == Command::EditNote => {
            bookmarks::edit_note_in_reader(state, now)
        }
        Screen::Reader if command == Command::Undo => bookmarks::undo(state),
        Screen::Drill if command == Command::ToggleBookmark => {
            let effects = bookmarks::toggle_in_drill(state, now);
            state.drill.bookmark_last = true;
            effects
        }
        Screen::Drill if command == Command::Undo && state.drill.bookmark_last => {
            // the bookmark was the last change here: undo takes it back
            state.drill.bookmark_last = false;
            bookmarks::undo(state)
        }
        Screen::Bookmarks => bookmarks::screen_command(state, command),
        Screen::Reader => {
            reader::command(state, command);
            Vec::new()
        }
        Screen::Drill if state.drill.view == DrillView::Card && card_scroll::is_scroll(command) => {
            card_scroll::scroll(state, command);
            Vec::new()
        }
        Screen::Drill => drill_command(state, command, now),
        Screen::Stats if command == Command::Close => {
            go(state, Screen::Reader, now);
            Vec::new()
        }
        Screen::Stats => {
            stats_scroll(state, command);
            Vec::new()
        }
        Screen::Interview => interview::command(state, command, now),
    }
}

/// A drill command: the drill steps; an answer kept only in memory (cram)
/// lets its draft go; the card's scroll starts again on a new card or side.
fn drill_command(state: &mut State, command: Command, now: DateTime<Utc>) -> Vec<Effect> {
    let before = state
        .drill
        .current
        .as_ref()
        .map(|c| (c.card_id.clone(), c.revealed));
    let answers = state.drill.undo.len();
    let mut effects = state
        .drill
        .command(&mut state.progress, &state.keymap, command, now);
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
    effects
}

/// The stats screen's scroll keys, stopping where the last row shows.
fn stats_scroll(state: &mut State, command: Command) {
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
