//! The app's start, in one place: [`first_screen`] builds the state for the
//! first frame from what the command line found (the library without its
//! cards, the keymap, the scheduler, the saved reading position, the
//! settings and the messages to show) and what the store holds (bookmarks,
//! past interviews), and says what is left until after the first frame: a
//! deck file's cards and a big chapter's bodies beyond the first screen
//! (still in the content cache), the review log, the drafts
//! and the mock interview's missed points (whose cards join the drill).
//! The first frame shows the chapter at once; the app loop then calls
//! [`Deferred::load`] (the I/O, and the stored card states rebuilt when they
//! are stale) before it reads the first key, and `update` puts the result
//! in place (`Action::Loaded`, which carries domain types only). Start-up
//! before the first frame does not grow with the collection.

use crate::domain::content::Library;
use crate::domain::interview::{IdSource, SessionRecord};
use crate::domain::schedule::day::Zone;
use crate::domain::schedule::{ReviewRecord, Scheduler};
use crate::store::Store;
use crate::store::content_cache::DeferredContent;
use crate::tui::action::Loaded;
use crate::tui::keymap::Keymap;
use crate::tui::state::State;
use crate::tui::state::bookmarks::BookmarksState;
use crate::tui::state::interview::{InterviewSettings, InterviewState};
use crate::tui::state::position::{self, ReadingPosition};

/// What the command line found for the app's start.
pub struct Start {
    /// The library as start-up read it (a deck file's cards and a big
    /// chapter's far bodies may still be in the cache: `deferred_content`).
    pub library: Library,
    pub deferred_content: Option<DeferredContent>,
    pub keymap: Keymap,
    pub scheduler: Scheduler,
    pub zone: Zone,
    /// Where the reader was left ([`saved_position`]).
    pub position: Option<ReadingPosition>,
    /// The `[interview]` settings of the config file.
    pub interview: InterviewSettings,
    /// Where sessions and attempts get their unique ids (seeded at random
    /// for each run).
    pub interview_ids: IdSource,
    /// A warning about the config file, shown at start.
    pub config_warning: Option<String>,
    /// A warning from opening the store (e.g. it was opened read-only).
    pub store_warning: Option<String>,
    /// Why the store could not be used, shown and kept on screen.
    pub store_problem: Option<String>,
    /// The sync on start, when a sync folder is set.
    pub sync: Option<SyncShown>,
}

/// What the app shows of the sync on start.
pub struct SyncShown {
    /// The status-bar message (what the sync did, or why it failed).
    pub message: String,
    /// The short result kept in the status line (`synced 09:14`).
    pub status: String,
}

/// The state for the first frame (the library without the cards, `loading`
/// set) and what is left to read after it. The last message wins: a
/// problem with the store, then its warning, then the sync on start, then a
/// problem reading past interviews, then the config file's warning, then
/// the bookmarks'.
pub fn first_screen(start: Start, store: Option<&Store>) -> (State, Deferred) {
    let Start {
        library,
        deferred_content,
        keymap,
        scheduler,
        zone,
        position,
        interview,
        interview_ids,
        config_warning,
        store_warning,
        store_problem,
        sync,
    } = start;
    let mut state = State::first_screen(library, keymap, scheduler, zone);
    state.pending_position = position;
    read_bookmarks(&mut state, store);
    if let Some(warning) = config_warning {
        state.message = Some(warning);
    }
    let history = past_interviews(&mut state, store);
    // the missed points and their cards come with the cards
    state.interview = InterviewState::new(interview, history);
    state.interview.ids = interview_ids;
    if let Some(SyncShown { message, status }) = sync {
        state.message = Some(message);
        state.sync_status = Some(status);
    }
    if let Some(warning) = store_warning {
        state.message = Some(warning);
    }
    if let Some(problem) = store_problem {
        let problem = crate::domain::content::sanitize::escape_controls(&problem);
        state.message = Some(problem.clone());
        state.store_problem = Some(problem);
    }
    let deferred = Deferred {
        content: deferred_content,
    };
    (state, deferred)
}

/// The stored bookmarks into `state`; a message when some (or all) could
/// not be read.
fn read_bookmarks(state: &mut State, store: Option<&Store>) {
    match store.map(Store::bookmarks_read) {
        Some(Ok((list, unreadable))) => {
            state.bookmarks = BookmarksState::new(list);
            if unreadable > 0 {
                // one unreadable row hides no other: it is set aside
                state.message = Some(format!(
                    "{unreadable} bookmark(s) could not be read and are not shown"
                ));
            }
        }
        Some(Err(e)) => state.message = Some(format!("Bookmarks could not be read: {e}")),
        None => {}
    }
}

/// The past interview sessions in the store (none, with a message, when
/// they could not be read).
fn past_interviews(state: &mut State, store: Option<&Store>) -> Vec<SessionRecord> {
    match store.map(Store::interviews) {
        Some(Ok(list)) => list,
        Some(Err(e)) => {
            state.message = Some(format!("Past interviews could not be read: {e}"));
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// The stored reading position, if there is a readable one (start-up
/// reads it first: which chapter's bodies it reads depends on it).
pub fn saved_position(store: Option<&Store>) -> Option<ReadingPosition> {
    store?
        .position(position::KEY)
        .ok()
        .flatten()
        .and_then(|v| ReadingPosition::decode(&v))
}

/// What is left to load, as start-up found it.
pub struct Deferred {
    /// Deck cards and chapter bodies still in the content cache, if any.
    pub content: Option<DeferredContent>,
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
