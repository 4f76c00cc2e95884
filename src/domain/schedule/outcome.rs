//! What an answer gives: for one grade, the card's next state and the
//! interval to its next review, worked out for a study day.
//!
//! Within one study day an outcome does not depend on the time of day: the
//! elapsed time is counted in study days and the fuzz is seeded from the card
//! and its review count. So the outcomes worked out when an answer is shown
//! are exactly what a key pressed seconds or minutes later applies (due = the
//! key's time plus the interval shown), and what a replay of the logged
//! answer gives.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{CardState, Grade, Phase, ReviewRecord, Scheduler};

/// One grade's outcome on a study day, before it is given a time.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    grade: Grade,
    /// The next state, its due time and last review not yet set.
    next: CardState,
    interval: Duration,
}

impl Outcome {
    pub fn grade(&self) -> Grade {
        self.grade
    }

    /// How long after the answer the card is due again.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// The phase the card goes to.
    pub fn phase(&self) -> Phase {
        self.next.phase
    }

    /// The state after answering at `at` (on the outcome's study day): due
    /// `at` plus the interval.
    pub fn at(&self, at: DateTime<Utc>) -> CardState {
        let mut state = self.next.clone();
        // Data decides the interval: a date past chrono's range is the last date.
        state.due = Some(
            at.checked_add_signed(self.interval)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        );
        state.last_review = Some(at);
        state
    }
}

impl Scheduler {
    /// What answering `grade` on study day `day` gives a card in `state`.
    pub fn outcome(
        &self,
        card_id: &str,
        state: &CardState,
        grade: Grade,
        day: NaiveDate,
    ) -> Outcome {
        let (mut next, interval) = self.answer_interval(card_id, state, grade, day);
        next.reps = next.reps.saturating_add(1);
        next.last_day = Some(day);
        Outcome {
            grade,
            next,
            interval,
        }
    }

    /// Each grade's outcome, Again first: worked out once when an answer is
    /// shown, so a key's label and what the key applies agree.
    pub fn outcomes(&self, card_id: &str, state: &CardState, day: NaiveDate) -> [Outcome; 4] {
        Grade::ALL.map(|g| self.outcome(card_id, state, g, day))
    }

    /// State after answering `grade` at `at`, on study day `day`.
    pub fn answer(
        &self,
        card_id: &str,
        state: &CardState,
        grade: Grade,
        at: DateTime<Utc>,
        day: NaiveDate,
    ) -> CardState {
        self.outcome(card_id, state, grade, day).at(at)
    }

    /// State after the logged answer `review`.
    pub fn apply(&self, state: &CardState, review: &ReviewRecord) -> CardState {
        self.answer(&review.card_id, state, review.grade, review.at, review.day)
    }

    /// The state after the logged answer `review` but for its due time
    /// (`due` is left as `state` had it): for an answer that is not its
    /// card's last, whose due time the next answer replaces. Its interval
    /// is never worked out, as only the interval depends on the fuzz and
    /// on the lower grades' intervals it is kept apart from: a replay of a
    /// long log costs half as much (see `queue::replay_all`).
    pub(super) fn apply_before_next(&self, state: &CardState, review: &ReviewRecord) -> CardState {
        let (mut next, _) = self.unfuzzed(state, review.grade, review.day);
        next.reps = next.reps.saturating_add(1);
        next.last_day = Some(review.day);
        next.last_review = Some(review.at);
        next
    }

    /// Replays a card's answers (time, study day, grade; oldest first) from
    /// a new card.
    pub fn replay(
        &self,
        card_id: &str,
        answers: impl IntoIterator<Item = (DateTime<Utc>, NaiveDate, Grade)>,
    ) -> CardState {
        answers
            .into_iter()
            .fold(CardState::new(), |state, (at, day, grade)| {
                self.answer(card_id, &state, grade, at, day)
            })
    }
}
