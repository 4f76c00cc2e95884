//! What the statistics need from the review log, gathered during the one
//! replay that gives every card its state and kept up to date as answers are
//! recorded and undone: whether each answer was given to a card in review
//! (for retention), the number of answers per study day, and when each card
//! was first answered (the new cards introduced today). Pure.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::domain::cards::CardId;
use crate::domain::schedule::day::DayBoundary;
use crate::domain::schedule::queue::StateMap;
use crate::domain::schedule::{CardState, Grade, Phase, ReviewRecord, Scheduler};

/// Facts about the log beyond the card states.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogSummary {
    /// One per review of the log, in its order: the card was in review
    /// before this answer.
    pub answered_in_review: Vec<bool>,
    /// Answers per study day.
    pub per_day: BTreeMap<NaiveDate, u32>,
    /// When each card of the content was first answered, earliest first
    /// (the new cards introduced since a moment are the ones at its end).
    pub first_answers: Vec<DateTime<Utc>>,
    /// The same for the typed cards alone (their new cards are limited per
    /// day apart; see `progress::typed_firsts`).
    pub first_typed_answers: Vec<DateTime<Utc>>,
    /// Answered cards that are not in the content (another content
    /// directory, a removed card): their states are not the content's.
    pub not_in_content: FxHashSet<CardId>,
}

impl LogSummary {
    /// Counts one more answer on `day`.
    pub fn add_day(&mut self, day: NaiveDate) {
        *self.per_day.entry(day).or_default() += 1;
    }

    /// New cards first answered at or after `since`.
    pub fn first_answered_since(&self, since: DateTime<Utc>) -> u32 {
        answered_since(&self.first_answers, since)
    }

    /// New typed cards first answered at or after `since`.
    pub fn first_typed_answered_since(&self, since: DateTime<Utc>) -> u32 {
        answered_since(&self.first_typed_answers, since)
    }

    /// Keeps a card's first answer at `at`.
    pub fn add_first_answer(&mut self, at: DateTime<Utc>) {
        let i = self.first_answers.partition_point(|t| *t <= at);
        self.first_answers.insert(i, at);
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

/// How many of `times` (earliest first) are at or after `since`.
fn answered_since(times: &[DateTime<Utc>], since: DateTime<Utc>) -> u32 {
    let before = times.partition_point(|t| *t < since);
    u32::try_from(times.len() - before).unwrap_or(u32::MAX)
}

/// Where a replay keeps the card states it makes: a map by id, or the
/// progress's states in card order.
pub trait StateSlots {
    /// The state kept for `id`, if any yet.
    fn get_mut(&mut self, id: &str) -> Option<&mut CardState>;
    /// Keeps the first state of `id`.
    fn insert(&mut self, id: &CardId, state: CardState);
}

impl StateSlots for StateMap {
    fn get_mut(&mut self, id: &str) -> Option<&mut CardState> {
        StateMap::get_mut(self, id)
    }

    fn insert(&mut self, id: &CardId, state: CardState) {
        StateMap::insert(self, id.clone(), state);
    }
}

/// Replays the whole log (oldest first) into a state per card kept in
/// `states`, and gathers the log's summary in the same pass. `in_content`
/// tells the cards of the content (the others' first answers are not kept).
pub fn replay_with_summary(
    scheduler: &Scheduler,
    days: &DayBoundary,
    reviews: &[(i64, ReviewRecord)],
    states: &mut impl StateSlots,
    in_content: impl Fn(&str) -> bool,
) -> LogSummary {
    // in a log in time order (the store's), a card's first answer is the one
    // that finds it without a state, and those come earliest first
    let in_order = reviews.is_sorted_by_key(|(_, r)| r.at);
    let mut summary = LogSummary {
        answered_in_review: Vec::with_capacity(reviews.len()),
        per_day: BTreeMap::new(),
        first_answers: Vec::new(),
        first_typed_answers: Vec::new(),
        not_in_content: FxHashSet::default(),
    };
    // answers of one day come together
    let mut days = DayCounter::new(days);
    for (_, r) in reviews {
        let in_review = match states.get_mut(r.card_id.as_str()) {
            Some(state) => {
                let in_review = state.phase == Phase::Review;
                *state = scheduler.apply(state, r);
                in_review
            }
            None => {
                let state = scheduler.apply(&CardState::default(), r);
                states.insert(&r.card_id, state);
                if !in_content(&r.card_id) {
                    summary.not_in_content.insert(r.card_id.clone());
                } else if in_order {
                    summary.first_answers.push(r.at);
                }
                false
            }
        };
        summary.answered_in_review.push(in_review);
        days.add(r.at);
    }
    summary.per_day = days.finish();
    if !in_order {
        summary.first_answers = first_answers(reviews, in_content);
    }
    summary
}

/// When each card of the content was first answered, earliest first.
pub fn first_answers(
    reviews: &[(i64, ReviewRecord)],
    in_content: impl Fn(&str) -> bool,
) -> Vec<DateTime<Utc>> {
    let mut first: FxHashMap<&str, DateTime<Utc>> = FxHashMap::default();
    for (_, r) in reviews {
        first
            .entry(r.card_id.as_str())
            .and_modify(|t| *t = (*t).min(r.at))
            .or_insert(r.at);
    }
    let mut times: Vec<DateTime<Utc>> = first
        .into_iter()
        .filter(|(id, _)| in_content(id))
        .map(|(_, t)| t)
        .collect();
    times.sort_unstable();
    times
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
            state = scheduler.answer(card_id, &state, r.grade, r.at, r.day);
            in_review
        })
        .collect()
}

/// Answers per study day, from the times of every answer (any order; the
/// store's id order is nearly time order, and a day's answers come
/// together).
pub fn answers_per_day(
    days: &DayBoundary,
    times: impl IntoIterator<Item = DateTime<Utc>>,
) -> BTreeMap<NaiveDate, u32> {
    let mut counter = DayCounter::new(days);
    for at in times {
        counter.add(at);
    }
    counter.finish()
}

/// Counts answers per study day, a run of one day's answers at a time.
struct DayCounter<'a> {
    day_of: DayOf<'a>,
    run: Option<(NaiveDate, u32)>,
    per_day: BTreeMap<NaiveDate, u32>,
}

impl<'a> DayCounter<'a> {
    fn new(days: &'a DayBoundary) -> Self {
        DayCounter {
            day_of: DayOf::new(days),
            run: None,
            per_day: BTreeMap::new(),
        }
    }

    fn add(&mut self, at: DateTime<Utc>) {
        let day = self.day_of.day(at);
        match &mut self.run {
            Some((d, n)) if *d == day => *n += 1,
            _ => {
                if let Some((d, n)) = self.run.replace((day, 1)) {
                    *self.per_day.entry(d).or_default() += n;
                }
            }
        }
    }

    fn finish(mut self) -> BTreeMap<NaiveDate, u32> {
        if let Some((d, n)) = self.run {
            *self.per_day.entry(d).or_default() += n;
        }
        self.per_day
    }
}

/// Of the answers at or after `since` in the cards' histories (each card's
/// whole history, oldest first): how many were given to a card in review,
/// and how many of those were not "again". Only the cards' phases are read,
/// and a phase follows from the grades alone (not from the days between
/// answers), so any study day gives the same phases: each answer's UTC date
/// stands in for its logged day.
pub fn in_review_since<'a>(
    scheduler: &Scheduler,
    histories: impl IntoIterator<Item = (&'a str, &'a [(DateTime<Utc>, Grade)])>,
    since: DateTime<Utc>,
) -> (u32, u32) {
    let (mut counted, mut passed) = (0u32, 0u32);
    for (card_id, answers) in histories {
        let mut state = CardState::default();
        for &(at, grade) in answers {
            if state.phase == Phase::Review && at >= since {
                counted += 1;
                if grade != Grade::Again {
                    passed += 1;
                }
            }
            state = scheduler.answer(card_id, &state, grade, at, at.date_naive());
        }
    }
    (counted, passed)
}

/// The study day of a moment, remembering the last day's bounds: while the
/// offset from UTC stays the same, a day is exactly the moments from its
/// start to the next day's start, so times of one day need no conversion
/// (in the system's zone each conversion also asks the clock whether the
/// zone changed: 100,000 answers took 15 ms). A day whose two ends have
/// different offsets (a daylight-saving change falls in it) converts every
/// time; this takes a zone's offset never to change and change back within
/// one day, which no zone's rules do.
struct DayOf<'a> {
    days: &'a DayBoundary,
    /// The last day met: its start and end, and the day when its moments
    /// need no conversion (`None`: its offset changes, convert each).
    known: Option<(DateTime<Utc>, DateTime<Utc>, Option<NaiveDate>)>,
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
            return day.unwrap_or_else(|| self.days.day(at));
        }
        let day = self.days.day(at);
        self.known = day.succ_opt().and_then(|next| {
            let (start, end) = (self.days.start_of(day), self.days.start_of(next));
            let last = end.checked_sub_signed(chrono::Duration::milliseconds(1))?;
            // only bounds that agree with `day` itself
            if !(start <= at && at < end && self.days.day(start) == day) {
                return None;
            }
            let zone = self.days.zone;
            let one_offset =
                self.days.day(last) == day && zone.offset_at(start) == zone.offset_at(last);
            Some((start, end, one_offset.then_some(day)))
        });
        day
    }
}
