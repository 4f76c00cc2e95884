//! One logged answer: the unit the review log is made of.

use chrono::{DateTime, NaiveDate, Utc};

use super::Grade;

/// One answer, as logged.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRecord {
    pub card_id: crate::domain::card_id::CardId,
    pub at: DateTime<Utc>,
    /// The study day the answer was given on, where it was given (its
    /// local date, a day starting at the configured hour): the scheduler
    /// counts elapsed days between these, so a replay gives the same states
    /// in any time zone.
    pub day: NaiveDate,
    pub grade: Grade,
    /// Time spent on the card before answering.
    pub elapsed_ms: u64,
    /// What the user typed, for cards answered by typing.
    pub typed_answer: Option<String>,
}

/// The order a replay takes answers in: by time, and answers logged in the
/// same millisecond (on two devices, met by a sync) by grade and study day,
/// so every device replays them alike whatever their local ids. Answers
/// equal in all three give the same state in either order.
pub fn replay_order(
    at: DateTime<Utc>,
    day: NaiveDate,
    grade: Grade,
) -> (DateTime<Utc>, u8, NaiveDate) {
    (at, grade.as_u8(), day)
}

impl ReviewRecord {
    /// This answer's place in a replay (see [`replay_order`]).
    pub fn replay_key(&self) -> (DateTime<Utc>, u8, NaiveDate) {
        replay_order(self.at, self.day, self.grade)
    }
}
