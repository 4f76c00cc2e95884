//! Putting in place what start-up read after the first frame
//! (`tui::startup`): the deck cards, the rest of a big chapter's bodies
//! (and so its outline's text), the cards and their review log, the
//! drafts, the mock interview's missed cards.

use crate::domain::cards::take_all_cards;
use crate::domain::document::{self, Document, ItemKind, OutlineItem};
use crate::domain::progress::Progress;
use crate::tui::action::Loaded;
use crate::tui::state::{State, content_problems_message};

/// Completes a state made by `tui::startup::first_screen`. The content-problem
/// count shown is brought up to date (the checks across files come with the
/// cards); a problem reading the review log is shown, as at any start.
pub fn finish_loading(state: &mut State, loaded: Loaded) {
    let Loaded {
        content,
        reviews,
        review_problem,
        drafts,
        missed,
        missed_problem,
    } = loaded;
    let problems_before = content_problems_message(&state.library);
    let bodies_pending = state
        .library
        .chapters
        .iter()
        .any(|c| !c.pending_bodies.is_empty());
    if let Some(content) = content {
        content.apply(&mut state.library);
    }
    if bodies_pending {
        put_outline_text(state);
    }
    let mut cards = take_all_cards(&mut state.library);
    // the cards of missed interview points join before the log is replayed
    // (once), with the texts of the cards that teach them
    let missed_cards = crate::domain::missed_cards::missed_cards(
        &missed,
        |id| cards.iter().find(|c| c.id == id).map(|c| &*c.back),
        true,
    );
    cards.extend(missed_cards);
    let scheduler = state.progress.scheduler.clone();
    let zone = state.progress.days.zone;
    state.progress = Progress::new(cards, reviews, scheduler, zone);
    state.loading = false;
    state.drafts = crate::tui::state::drafts::DraftsState::new(drafts);
    super::interview::restore_missed(state, missed);
    if state.message.is_none() || state.message == problems_before {
        state.message = content_problems_message(&state.library);
    }
    if let Some(problem) = missed_problem {
        state.message = Some(crate::domain::content::sanitize::escape_controls(&problem));
    }
    if let Some(problem) = review_problem.filter(|_| state.store_problem.is_none()) {
        let problem = crate::domain::content::sanitize::escape_controls(&problem);
        state.message = Some(problem.clone());
        state.store_problem = Some(problem);
    }
}

/// Builds the outline again once the chapters' bodies are all in place.
/// The parts are the same (the bodies came from the cache file the rest
/// did), so the reader's place and partial layout stay and the layout goes
/// on from where it stopped; when a file changed in between and the parts
/// differ, the reader is laid out afresh at the same part. A layout that
/// stopped short for want of bodies (before the first frame) is done again,
/// with the saved position it could not reach.
fn put_outline_text(state: &mut State) {
    let outline = document::outline(&state.library);
    // what makes a part the same part, its text aside
    type Part<'a> = (&'a str, usize, ItemKind, u8, &'a str, Option<&'a str>);
    fn part(i: &OutlineItem) -> Part<'_> {
        (
            i.id.as_str(),
            i.chapter,
            i.kind,
            i.depth,
            i.title.as_str(),
            i.speaker.as_deref(),
        )
    }
    let same_part = |a: &OutlineItem, b: &OutlineItem| part(a) == part(b);
    let same = outline.len() == state.outline.len()
        && outline
            .iter()
            .zip(&state.outline)
            .all(|(a, b)| same_part(a, b));
    if !same {
        let selected = state
            .outline
            .get(state.reader.selected)
            .map(|i| i.id.clone());
        state.reader.selected = selected
            .and_then(|id| outline.iter().position(|i| i.id == id))
            .unwrap_or(0);
        state.reader.doc = Document::default();
        state.reader.scroll = 0;
    }
    state.outline = outline;
    if !same || state.reader.doc.waits_for_bodies() {
        state.relayout();
        super::position::apply_pending(state);
    }
}
