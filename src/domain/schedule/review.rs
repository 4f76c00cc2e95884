//! One logged answer: the unit the review log is made of.

use chrono::{DateTime, Utc};

use super::Grade;

/// One answer, as logged.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRecord {
    pub card_id: crate::domain::card_id::CardId,
    pub at: DateTime<Utc>,
    pub grade: Grade,
    /// Time spent on the card before answering.
    pub elapsed_ms: u64,
    /// What the user typed, for cards answered by typing.
    pub typed_answer: Option<String>,
}
