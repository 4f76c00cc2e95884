//! What another device's file may put into the store: every value a
//! reader of the store accepts. A row that fails (a time out of range, a
//! self-rating of 7, rubric ticks that are not JSON: a damaged or hostile
//! file that is still a valid document) is left out with a warning, so it
//! can neither make the store refuse to open nor stop every later sync.

use std::collections::BTreeSet;

use crate::domain::interview::{FollowUpAnswer, SignalSummary};
use crate::store::{AttemptMarks, SyncAttempt, SyncMissedPoint, SyncReview};

/// The times the store accepts: the years 1 to 9999, in milliseconds.
const TIMES: std::ops::RangeInclusive<i64> = -62_135_596_800_000..=253_402_300_799_999;

/// The study days the store accepts: the years 1 to 9999, in days since
/// 1970-01-01.
const DAYS: std::ops::RangeInclusive<i64> = -719_162..=2_932_896;

/// Why a review may not go into the store, if it may not.
pub fn review_problem(r: &SyncReview) -> Option<&'static str> {
    if !TIMES.contains(&r.at_ms) {
        return Some("a time out of range");
    }
    if r.day.is_some_and(|d| !DAYS.contains(&d)) {
        return Some("a study day out of range");
    }
    if !(1..=4).contains(&r.grade) {
        return Some("a grade out of range");
    }
    None
}

/// Why an attempt's marks may not go into the store, if they may not.
pub fn marks_problem(m: &AttemptMarks) -> Option<&'static str> {
    if serde_json::from_str::<BTreeSet<String>>(&m.ticked).is_err() {
        return Some("rubric ticks that cannot be read");
    }
    if m.self_rating.is_some_and(|g| !(1..=4).contains(&g)) {
        return Some("a self-rating out of range");
    }
    if m.follow_ups
        .as_deref()
        .is_some_and(|f| serde_json::from_str::<Vec<FollowUpAnswer>>(f).is_err())
    {
        return Some("follow-ups that cannot be read");
    }
    None
}

/// Why an attempt may not go into the store, if it may not.
pub fn attempt_problem(a: &SyncAttempt) -> Option<&'static str> {
    if !TIMES.contains(&a.started_ms) || !TIMES.contains(&a.answered_ms) {
        return Some("a time out of range");
    }
    if serde_json::from_str::<Vec<String>>(&a.rated_against).is_err() {
        return Some("a rubric that cannot be read");
    }
    if a.signals
        .as_deref()
        .is_some_and(|s| serde_json::from_str::<SignalSummary>(s).is_err())
    {
        return Some("signals that cannot be read");
    }
    marks_problem(&a.marks)
}

/// Why a missed point may not go into the store, if it may not.
pub fn point_problem(p: &SyncMissedPoint) -> Option<&'static str> {
    if !TIMES.contains(&p.created_ms) || p.deleted_ms.is_some_and(|d| !TIMES.contains(&d)) {
        return Some("a time out of range");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_no_reader_accepts_are_named() {
        let review = SyncReview {
            uid: "d:1".into(),
            card_id: "c".into(),
            at_ms: i64::MAX,
            grade: 3,
            elapsed_ms: 0,
            typed_answer: None,
            undone: false,
            day: None,
        };
        assert_eq!(review_problem(&review), Some("a time out of range"));
        let marks = AttemptMarks {
            ticked: "[]".into(),
            self_rating: Some(7),
            follow_ups: None,
        };
        assert_eq!(marks_problem(&marks), Some("a self-rating out of range"));
        let marks = AttemptMarks {
            ticked: "not json".into(),
            ..AttemptMarks::default()
        };
        assert!(marks_problem(&marks).is_some());
        assert_eq!(
            marks_problem(&AttemptMarks {
                ticked: "[\"star\"]".into(),
                self_rating: Some(2),
                follow_ups: Some("[]".into()),
            }),
            None
        );
    }
}
