//! The progress without its review log, made from the card states kept in
//! the store (`due` and `stats`): the states read while the content loads,
//! put in card order once both are there, and today's shared numbers worked
//! out from them. Pure.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rustc_hash::FxHashSet;

use super::{CardStates, Progress, Today};
use crate::domain::card_index::IndexedCards;
use crate::domain::cards::CardId;
use crate::domain::content::CardKind;
use crate::domain::review_log::LogSummary;
use crate::domain::schedule::day::{DayBoundary, Zone};
use crate::domain::schedule::queue::NewDone;
use crate::domain::schedule::{CardState, Scheduler};

/// Card states kept in the store, gathered without the cards (so `due` and
/// `stats` gather them while the content loads): each card's id, state and
/// first answer, as read (a list: filling a table by id would cost more
/// than the one look-up per state that puts it in card order). See
/// [`Progress::from_states`].
#[derive(Debug, Default)]
pub struct StoredStates {
    rows: Vec<(CardId, CardState, DateTime<Utc>)>,
    latest_answer: Option<DateTime<Utc>>,
    /// Every row's first answer, earliest first, when sorted ahead
    /// ([`StoredStates::sort_first_answers`]).
    first_answers: Option<Vec<DateTime<Utc>>>,
}

impl StoredStates {
    /// None yet, with room for `rows`.
    pub fn with_capacity(rows: usize) -> StoredStates {
        StoredStates {
            rows: Vec::with_capacity(rows),
            latest_answer: None,
            first_answers: None,
        }
    }

    /// Sorts the first answers ahead of [`Progress::from_states`], which
    /// then takes them as they are when every card is in the content (`due`
    /// and `stats` do it while the content loads).
    pub fn sort_first_answers(&mut self) {
        let mut times: Vec<DateTime<Utc>> = self.rows.iter().map(|(_, _, first)| *first).collect();
        times.sort_unstable();
        self.first_answers = Some(times);
    }

    /// When the last answer among them was given.
    pub fn latest_answer(&self) -> Option<DateTime<Utc>> {
        self.latest_answer
    }
}

impl Extend<(CardId, CardState, DateTime<Utc>)> for StoredStates {
    fn extend<I: IntoIterator<Item = (CardId, CardState, DateTime<Utc>)>>(&mut self, rows: I) {
        let rows = rows.into_iter();
        self.rows.reserve(rows.size_hint().0);
        self.first_answers = None;
        for (id, state, first) in rows {
            if let Some(last) = state.last_review {
                self.latest_answer = Some(self.latest_answer.map_or(last, |t| t.max(last)));
            }
            self.rows.push((id, state, first));
        }
    }
}

impl FromIterator<(CardId, CardState, DateTime<Utc>)> for StoredStates {
    fn from_iter<I: IntoIterator<Item = (CardId, CardState, DateTime<Utc>)>>(rows: I) -> Self {
        let mut stored = StoredStates::default();
        stored.extend(rows);
        stored
    }
}

impl Progress {
    /// The progress of `cards` from card states kept in the store, without
    /// the review log: for `due` and `stats`, which need no more. Its log
    /// and what is gathered from it (answers per day, retention) are empty;
    /// ask [`Progress::today_from_states`], not [`Progress::today`].
    pub fn from_states(
        cards: IndexedCards,
        stored: StoredStates,
        scheduler: Scheduler,
        zone: Zone,
    ) -> Self {
        let days = DayBoundary::new(zone, scheduler.config().day_starts_at);
        let (cards, index) = cards.into_parts();
        let mut summary = LogSummary::default();
        let mut states = CardStates::new(&cards, &index);
        let mut firsts = Vec::with_capacity(stored.rows.len());
        let mut typed_firsts = Vec::new();
        let found = index.get_all(&cards, &stored.rows, |(id, _, _)| id.as_str());
        let typed = |at: Option<usize>| {
            at.and_then(|i| cards.get(i))
                .is_some_and(|c| c.kind == CardKind::Typed)
        };
        states.fill(&cards, &index, |slots| {
            for ((id, state, first), found) in stored.rows.into_iter().zip(found) {
                if typed(found) {
                    typed_firsts.push(first);
                }
                if slots.put_found(found, &id, state) {
                    firsts.push(first);
                } else {
                    summary.not_in_content.insert(id);
                }
            }
        });
        summary.first_answers = match stored.first_answers {
            // every card's: the ones sorted ahead
            Some(sorted) if summary.not_in_content.is_empty() => sorted,
            _ => {
                firsts.sort_unstable();
                firsts
            }
        };
        typed_firsts.sort_unstable();
        summary.first_typed_answers = typed_firsts;
        Progress {
            cards,
            reviews: Vec::new(),
            states,
            scheduler,
            days,
            last_typed: HashMap::new(),
            index,
            summary,
        }
    }

    /// [`Progress::today`] for a progress made [`Progress::from_states`]:
    /// the cards answered today are the ones whose last answer is today.
    /// `None` when a card's last answer is after `now` (a log reaching past
    /// `--now`): then only the log tells what was answered by `now`.
    pub fn today_from_states(&self, now: DateTime<Utc>) -> Option<Today<'_>> {
        if self
            .all_states()
            .any(|(_, s)| s.last_review.is_some_and(|t| t > now))
        {
            return None;
        }
        let buried = if self.scheduler.config().bury_siblings {
            let since = self.day_start(now);
            let answered: FxHashSet<&str> = self
                .all_states()
                .filter(|(_, s)| s.last_review.is_some_and(|t| t >= since))
                .map(|(id, _)| id)
                .collect();
            self.siblings_of(&answered)
        } else {
            FxHashSet::default()
        };
        Some(Today {
            now,
            new_done: NewDone {
                all: self.new_done_today(now),
                typed: self.typed_new_done_today(now),
            },
            buried,
        })
    }
}
