//! The I/O that `update` asks for: saving answers, bookmarks, interview
//! answers, drafts and the reading position, and quitting. The effect runner ([`crate::tui::effect_runner`]) carries
//! them out and reports back as actions.

use crate::domain::bookmarks::Bookmark;
use crate::domain::interview::{
    AnswerScore, FollowUpAnswer, InterviewSession, MissedPoint, RubricRating,
};
use crate::domain::schedule::Grade;
use crate::domain::schedule::ReviewRecord;
use chrono::{DateTime, Utc};

/// I/O for the event loop to carry out after an update. Effects that finish
/// with news for the state answer with an `Action` (`ReviewSaved`, `Failed`).
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Quit,
    /// Append an answer to the review log.
    SaveReview(ReviewRecord),
    /// Mark a logged answer undone.
    UndoReview(i64),
    /// Add a bookmark; one already stored on the item keeps its note.
    SaveBookmark(Bookmark),
    /// Put back a removed bookmark as it was, note and date included.
    RestoreBookmark(Bookmark),
    /// Set only the note of a bookmark.
    SaveNote {
        item_id: String,
        note: String,
    },
    /// Delete the bookmark on this item id.
    DeleteBookmark(String),
    /// Save the reader's position (an encoded `ReadingPosition`).
    SavePosition(String),
    /// Keep the text of a box (a draft), replacing its key's old one.
    SaveDraft(crate::domain::drafts::Draft),
    /// Drop the draft of `key` if the store still holds `text` there.
    DeleteDraft {
        key: String,
        text: String,
    },
    /// Store a submitted interview answer (one transaction).
    SaveInterviewAnswer {
        session: InterviewSession,
        position: usize,
        /// The attempt's unique id.
        attempt: String,
        answer: Box<AnswerScore>,
        at: DateTime<Utc>,
    },
    /// Replace the rubric ticks and self-rating of a stored attempt.
    RateInterviewAnswer {
        attempt: String,
        rating: RubricRating,
        self_rating: Option<Grade>,
    },
    /// Replace the follow-ups answered with a stored attempt.
    SaveFollowUps {
        attempt: String,
        follow_ups: Vec<FollowUpAnswer>,
    },
    /// Store missed talking points as cards and log these answers to them
    /// (one transaction); answers `MissedPointsSaved`.
    SaveMissedPoints {
        points: Vec<MissedPoint>,
        reviews: Vec<ReviewRecord>,
    },
    /// Delete the card of a missed point.
    DeleteMissedPoint {
        card_id: String,
        at: DateTime<Utc>,
    },
    /// Bring a deleted missed point's card back.
    RestoreMissedPoint {
        card_id: String,
    },
}
