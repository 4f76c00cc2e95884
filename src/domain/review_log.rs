//! What the statistics need from the review log, gathered during the one
//! replay that gives every card its state and kept up to date as answers are
//! recorded and undone: whether each answer was given to a card in review
//! (for retention) and the number of answers per study day. Pure.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::schedule::day::{DayBoundary, Zone};
use crate::domain::schedule::queue::StateMap;
use crate::domain::schedule::{CardState, Phase, ReviewRecord, Scheduler};

/// Facts about the log beyond the card states.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogSummary {
    /// One per review of the log, in its order: the card was in review
    /// before this answer.
    pub answered_in_review: Vec<bool>,
    /// Answers per study day.
    pub per_day: BTreeMap<NaiveDate, u32>,
}

impl LogSummary {
    /// Counts one more answer on `day`.
    pub fn add_day(&mut self, day: NaiveDate) {
        *self.per_day.entry(day).or_default() += 1;
    }

    /// Counts one answer fewer on `day`; a day left without answers goes.
    pub fn remove_day(&mut self, day: NaiveDate) {
        if let Some(n) = self.per_day.get_mut(&day) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.per_day.remove(&day);
            }
        }
    }
}

/// Replays the whole log (oldest first) into a state per card, and gathers
/// the log's summary in the same pass.
pub fn replay_with_summary(
    scheduler: &Scheduler,
    days: &DayBoundary,
    reviews: &[(i64, ReviewRecord)],
) -> (StateMap, LogSummary) {
    let mut states: std::collections::HashMap<&str, CardState, _> =
        std::collections::HashMap::with_capacity_and_hasher(
            reviews.len().min(1 << 20),
            StateMap::default().hasher().clone(),
        );
    let mut summary = LogSummary {
        answered_in_review: Vec::with_capacity(reviews.len()),
        per_day: BTreeMap::new(),
    };
    let mut day_of = DayOf::new(days);
    // the log is in time order: answers of one day come together
    let mut run: Option<(NaiveDate, u32)> = None;
    for (_, r) in reviews {
        let state = states.entry(r.card_id.as_str()).or_default();
        summary
            .answered_in_review
            .push(state.phase == Phase::Review);
        *state = scheduler.answer(&r.card_id, state, r.grade, r.at);
        let day = day_of.day(r.at);
        match &mut run {
            Some((d, n)) if *d == day => *n += 1,
            _ => {
                if let Some((d, n)) = run.replace((day, 1)) {
                    *summary.per_day.entry(d).or_default() += n;
                }
            }
        }
    }
    if let Some((d, n)) = run {
        *summary.per_day.entry(d).or_default() += n;
    }
    let states = states
        .into_iter()
        .map(|(id, state)| (id.to_string(), state))
        .collect();
    (states, summary)
}

/// Whether each of one card's answers (oldest first) was given while the
/// card was in review.
pub fn answered_in_review<'a>(
    scheduler: &Scheduler,
    card_id: &str,
    answers: impl IntoIterator<Item = &'a ReviewRecord>,
) -> Vec<bool> {
    let mut state = CardState::default();
    answers
        .into_iter()
        .map(|r| {
            let in_review = state.phase == Phase::Review;
            state = scheduler.answer(card_id, &state, r.grade, r.at);
            in_review
        })
        .collect()
}

/// The study day of a moment, remembering the last day's bounds: with a
/// fixed offset a day is exactly the moments from its start to the next
/// day's start, so times of one day need no conversion. A zone with rules
/// (daylight saving) converts every time.
struct DayOf<'a> {
    days: &'a DayBoundary,
    known: Option<(DateTime<Utc>, DateTime<Utc>, NaiveDate)>,
}

impl<'a> DayOf<'a> {
    fn new(days: &'a DayBoundary) -> Self {
        DayOf { days, known: None }
    }

    fn day(&mut self, at: DateTime<Utc>) -> NaiveDate {
        if let Some((start, end, day)) = self.known
            && start <= at
            && at < end
        {
            return day;
        }
        let day = self.days.day(at);
        if matches!(self.days.zone, Zone::Fixed(_))
            && let Some(next) = day.succ_opt()
        {
            let (start, end) = (self.days.start_of(day), self.days.start_of(next));
            // only bounds that agree with `day` itself are kept
            if start <= at && at < end && self.days.day(start) == day {
                self.known = Some((start, end, day));
            }
        }
        day
    }
}
