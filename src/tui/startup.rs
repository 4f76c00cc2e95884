//! What start-up leaves until after the first frame: a deck file's cards
//! and a big chapter's bodies beyond the first screen (still in the
//! content cache), the cards and their review log, the drafts
//! and the cards of missed interview points. The first frame shows
//! the chapter at once; the app loop then calls [`Deferred::load`] (the
//! I/O, and the stored card states rebuilt when they are stale) before it
//! reads the first key, and `update` puts the result in
//! place (`Action::Loaded`). Start-up before the first frame does not grow
//! with the collection.

use crate::domain::interview::{MissedPoint, SessionRecord};
use crate::domain::schedule::ReviewRecord;
use crate::store::Store;
use crate::store::content_cache::{DeferredContent, ReadContent};
use crate::tui::state::interview::InterviewSettings;

/// What is left to load, as start-up found it.
pub struct Deferred {
    /// Deck cards and chapter bodies still in the content cache, if any.
    pub content: Option<DeferredContent>,
    /// The mock interview's settings and past sessions.
    pub interview: InterviewSettings,
    pub history: Vec<SessionRecord>,
}

/// What [`Deferred::load`] read.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub content: Option<ReadContent>,
    /// The review log (rows with invalid values left out).
    pub reviews: Vec<(i64, ReviewRecord)>,
    /// What was left out of the review log, or why it could not be read.
    pub review_problem: Option<String>,
    /// The kept drafts (text typed in boxes and not submitted).
    pub drafts: Vec<crate::domain::drafts::Draft>,
    pub interview: InterviewSettings,
    pub history: Vec<SessionRecord>,
    /// Missed talking points with a card (their cards join the drill).
    pub missed: Vec<MissedPoint>,
    /// Why the missed points could not be read, if they could not.
    pub missed_problem: Option<String>,
}

/// A `Loaded` is read once and applied once: it equals only itself.
impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Deferred {
    /// Reads what was left (deck cards, chapter bodies, the review log,
    /// the draft), for `Action::Loaded` to put in place.
    pub fn load(self, store: Option<&Store>) -> Loaded {
        let content = self.content.map(DeferredContent::read);
        let (reviews, review_problem) = read_reviews(store);
        if let Some(store) = store
            && review_problem.is_none()
            && !store.is_read_only()
            && !store.card_states_current().unwrap_or(true)
        {
            // After an upgrade, an import or new scheduler settings: the
            // stored card states are replayed again, once (`due` and
            // `stats` read them). A failure leaves them stale, and those
            // replay the log instead.
            let _ = store.rebuild_card_states();
        }
        let drafts = store.and_then(|s| s.drafts().ok()).unwrap_or_default();
        let (missed, missed_problem) = match store.map(Store::missed_points) {
            None => (Vec::new(), None),
            Some(Ok(points)) => (points, None),
            Some(Err(e)) => (
                Vec::new(),
                Some(format!(
                    "the cards of missed interview points could not be read: {e}"
                )),
            ),
        };
        Loaded {
            content,
            reviews,
            review_problem,
            drafts,
            interview: self.interview,
            history: self.history,
            missed,
            missed_problem,
        }
    }
}

/// Reads the review log (nothing when there is no store), leaving out rows
/// with invalid values; the second value says what was left out or why
/// nothing could be read. The app then opens anyway, showing the problem.
pub fn read_reviews(store: Option<&Store>) -> (Vec<(i64, ReviewRecord)>, Option<String>) {
    match store.map(Store::valid_reviews) {
        None => (Vec::new(), None),
        Some(Ok((reviews, 0))) => (reviews, None),
        Some(Ok((reviews, skipped))) => (
            reviews,
            Some(format!(
                "{}: {skipped} review(s) with invalid values were left out",
                store
                    .map(|s| s.path().display().to_string())
                    .unwrap_or_default()
            )),
        ),
        Some(Err(e)) => (
            Vec::new(),
            Some(format!("the review log could not be read: {e}")),
        ),
    }
}
