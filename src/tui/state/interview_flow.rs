//! The mock interview's flow around the feedback, as data: what each attempt
//! of a session carries besides its scorecard line (unique id, follow-ups
//! answered, self-rating), the follow-up being asked, where the history
//! screens stand, and the missed points deleted (for undo). Transitions live
//! in `tui::update::interview_flow` and `tui::update::interview_history`.

use chrono::{DateTime, Utc};

use crate::domain::interview::FollowUpAnswer;
use crate::domain::interview::MissedPoint;
use crate::domain::schedule::Grade;

/// What an attempt of the session on screen carries besides its
/// `AnswerScore` (kept beside `MockSession::answers`, one for one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptInfo {
    /// Stable and unique (a UUID).
    pub id: String,
    pub answered_at: DateTime<Utc>,
    pub follow_ups: Vec<FollowUpAnswer>,
    /// 1-4 after reading the model advice; `None` until given.
    pub self_rating: Option<Grade>,
}

/// A scripted follow-up being asked after an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpStep {
    /// The follow-up on screen.
    pub prompt: String,
    /// Why it is asked (the gap that triggered it), for the screen.
    pub why: String,
    /// The ones still to come, with their reasons.
    pub pending: Vec<(String, String)>,
    /// Follow-ups asked for this answer so far, this one included.
    pub asked: usize,
    pub started: DateTime<Utc>,
}

/// Where the history screens stand.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryView {
    /// The question selected in the list (index into `by_question`).
    pub selected: usize,
    /// The question whose attempts are compared: set and question id.
    pub open: Option<(String, String)>,
    /// The missed-point card selected on the comparison (index into that
    /// question's cards).
    pub card: usize,
    /// Rows scrolled on the comparison.
    pub scroll: usize,
    /// The time of the last update on these screens, for "due in 3d".
    pub now: Option<DateTime<Utc>>,
}

/// The most rows the comparison scrolls, past any real one.
pub const MAX_HISTORY_SCROLL: usize = 400;

/// A deleted missed point, for undo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletedPoint {
    pub point: MissedPoint,
}
