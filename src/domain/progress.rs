//! The learner's progress in memory: every card, the review log read from the
//! store, and the card states replayed from it. Pure: the store is read at
//! start-up and written through effects; this only mirrors it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::cards::Card;
use crate::domain::schedule::ReviewRecord;
use crate::domain::schedule::day::{DayBoundary, Zone};
use crate::domain::schedule::queue::{DueQueue, StateMap, replay_all};
use crate::domain::schedule::{CardState, Phase, Scheduler};

pub struct Progress {
    pub cards: Vec<Card>,
    /// Reviews not undone, oldest first, with their store ids.
    pub reviews: Vec<(i64, ReviewRecord)>,
    pub states: StateMap,
    pub scheduler: Scheduler,
    /// Where study days start and end (time zone and start hour).
    pub days: DayBoundary,
    /// The last typed answer per card.
    pub last_typed: HashMap<String, String>,
    /// Position of each card in `cards`, by id.
    index: HashMap<String, usize>,
}

impl Progress {
    pub fn new(
        cards: Vec<Card>,
        reviews: Vec<(i64, ReviewRecord)>,
        scheduler: Scheduler,
        zone: Zone,
    ) -> Self {
        let days = DayBoundary::new(zone, scheduler.config().day_starts_at);
        let states = replay_all(&scheduler, &reviews);
        let mut last_typed = HashMap::new();
        for (_, r) in &reviews {
            if let Some(t) = &r.typed_answer {
                last_typed.insert(r.card_id.clone(), t.clone());
            }
        }
        let index = cards
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        Progress {
            cards,
            reviews,
            states,
            scheduler,
            days,
            last_typed,
            index,
        }
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.index.get(id).and_then(|&i| self.cards.get(i))
    }

    pub fn state(&self, id: &str) -> CardState {
        self.states.get(id).cloned().unwrap_or_default()
    }

    /// The study day of a time (local zone, day start hour).
    pub fn day(&self, at: DateTime<Utc>) -> NaiveDate {
        self.days.day(at)
    }

    /// When the study day containing `now` started, in UTC.
    pub fn day_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.days.day_start(now)
    }

    /// New cards first answered today.
    pub fn new_done_today(&self, now: DateTime<Utc>) -> u32 {
        crate::domain::schedule::queue::new_cards_since(&self.reviews, self.day_start(now))
    }

    /// The due queue of the cards `include` accepts, at `at`, with today's
    /// new-card allowance counted at `now`. Entries index into `self.cards`.
    pub fn due_queue(
        &self,
        include: impl Fn(&Card) -> bool,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> DueQueue {
        let config = self.scheduler.config();
        let new_done = self.new_done_today(now);
        DueQueue::build_filtered(&self.cards, include, &self.states, config, at, new_done)
    }

    /// Records a saved review and moves the card's state on.
    pub fn record(&mut self, id: i64, review: ReviewRecord) {
        let before = self.state(&review.card_id);
        let after = self
            .scheduler
            .answer(&review.card_id, &before, review.grade, review.at);
        self.states.insert(review.card_id.clone(), after);
        if let Some(t) = &review.typed_answer {
            self.last_typed.insert(review.card_id.clone(), t.clone());
        }
        self.reviews.push((id, review));
    }

    /// Forgets review `id` and replays its card from the remaining log.
    pub fn forget(&mut self, id: i64) {
        let Some(pos) = self.reviews.iter().position(|(rid, _)| *rid == id) else {
            return;
        };
        let (_, removed) = self.reviews.remove(pos);
        let card_id = removed.card_id;
        let history = self
            .reviews
            .iter()
            .filter(|(_, r)| r.card_id == card_id)
            .map(|(_, r)| (r.at, r.grade));
        let state = self.scheduler.replay(&card_id, history);
        if state.phase == Phase::New {
            self.states.remove(&card_id);
        } else {
            self.states.insert(card_id.clone(), state);
        }
        let typed = self
            .reviews
            .iter()
            .rev()
            .find(|(_, r)| r.card_id == card_id)
            .and_then(|(_, r)| r.typed_answer.clone());
        match typed {
            Some(t) => self.last_typed.insert(card_id, t),
            None => self.last_typed.remove(&card_id),
        };
    }
}
