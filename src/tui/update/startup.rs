//! Putting in place what start-up read after the first frame
//! (`tui::startup`): the deck cards, the cards and their review log, the
//! typed-answer draft, the mock interview's missed cards.

use chrono::{DateTime, Utc};

use crate::domain::cards::take_all_cards;
use crate::domain::progress::Progress;
use crate::tui::startup::Loaded;
use crate::tui::state::typed_draft::TypedDraft;
use crate::tui::state::{State, content_problems_message};

/// Completes a state made by `State::first_screen`. The content-problem
/// count shown is brought up to date (the checks across files come with the
/// cards); a problem reading the review log is shown, as at any start.
pub fn finish_loading(state: &mut State, loaded: Loaded, now: DateTime<Utc>) {
    let Loaded {
        cards,
        reviews,
        review_problem,
        typed_draft,
        interview,
        history,
    } = loaded;
    let problems_before = content_problems_message(&state.library);
    if let Some(cards) = cards {
        cards.apply(&mut state.library);
    }
    let cards = take_all_cards(&mut state.library);
    let scheduler = state.progress.scheduler.clone();
    let zone = state.progress.days.zone;
    state.progress = Progress::new(cards, reviews, scheduler, zone);
    state.loading = false;
    state.drill.typed_draft = typed_draft
        .as_deref()
        .and_then(|v| TypedDraft::decode_fresh(v, &state.progress.reviews));
    super::interview::restore(state, interview, history, now);
    if state.message.is_none() || state.message == problems_before {
        state.message = content_problems_message(&state.library);
    }
    if let Some(problem) = review_problem.filter(|_| state.store_problem.is_none()) {
        let problem = crate::domain::content::sanitize::escape_controls(&problem);
        state.message = Some(problem.clone());
        state.store_problem = Some(problem);
    }
}
