//! The card preview: opening a practice card read-only (from a search hit, a
//! quick-jump entry or a bookmark), scrolling it, and "study it now", which
//! starts a one-card drill session (cram when the card is not due, so its
//! schedule is not changed early).

use chrono::{DateTime, Utc};

use crate::domain::schedule::Phase;
use crate::domain::schedule::queue::DeckCounts;
use crate::tui::action::Command;
use crate::tui::effect::Effect;
use crate::tui::scroll;
use crate::tui::state::card_view::preview_extent;
use crate::tui::state::drill::{DeckChoice, DeckFilter, DrillView};
use crate::tui::state::{Overlay, Screen, State};

/// Opens the preview of card `card` (an index into `progress.cards`).
pub fn open(state: &mut State, card: usize) {
    if state.progress.cards.get(card).is_some() {
        state.overlay = Some(Overlay::CardPreview { card, scroll: 0 });
    }
}

/// Opens the preview of the card with this id; false when there is none.
pub fn open_by_id(state: &mut State, id: &str) -> bool {
    match state.progress.cards.iter().position(|c| c.id == id) {
        Some(card) => {
            open(state, card);
            true
        }
        None => false,
    }
}

/// A command while the preview is open.
pub fn command(state: &mut State, command: Command, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(Overlay::CardPreview { card, scroll }) = state.overlay.clone() else {
        return Vec::new();
    };
    let Some(shown) = state.progress.cards.get(card) else {
        state.overlay = None;
        return Vec::new();
    };
    let (visible, total) = preview_extent(shown, state.size.0, state.size.1);
    let max = scroll::max_offset(total, visible);
    let scroll = match command {
        Command::Close | Command::Cancel => {
            state.overlay = None;
            return Vec::new();
        }
        Command::Open | Command::Submit => return study_now(state, card, now),
        _ => scroll::by_command(command, scroll, scroll::page(visible), max).unwrap_or(scroll),
    };
    state.overlay = Some(Overlay::CardPreview {
        card,
        scroll: scroll.min(max),
    });
    Vec::new()
}

/// Starts a drill session of this one card: a normal one when it is due
/// now, else cram (the schedule is left alone).
fn study_now(state: &mut State, card: usize, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(chosen) = state.progress.cards.get(card) else {
        return Vec::new();
    };
    let id = chosen.id.clone();
    let label = chosen.deck.title().to_string();
    let phase = state
        .progress
        .due_queue(|c| c.id == id, now, now)
        .first()
        .map(|e| e.phase);
    let due = phase.is_some();
    let mut counts = DeckCounts::default();
    match phase {
        Some(Phase::New) => counts.new = 1,
        Some(Phase::Learning | Phase::Relearning) => counts.learning = 1,
        Some(Phase::Review) => counts.due = 1,
        None => {}
    }
    state.overlay = None;
    state.screen = Screen::Drill;
    state.drill.view = DrillView::Chooser;
    state.drill.choices = vec![DeckChoice {
        label,
        filter: DeckFilter::Card(id.to_string()),
        counts,
        learning_later: 0,
        next_learning: None,
        cards: 1,
    }];
    state.drill.selected = 0;
    let start = if due { Command::Open } else { Command::Cram };
    let effects = state
        .drill
        .command(&mut state.progress, &state.keymap, start, now);
    state.message = match state.drill.notice.take() {
        Some(notice) => Some(notice),
        None if !due => Some("Not due yet: studying it as cram (its schedule is unchanged)".into()),
        None => None,
    };
    effects
}
