//! The learner's progress in memory: every card, the review log read from the
//! store, and the card states replayed from it. Pure: the store is read at
//! start-up and written through effects; this only mirrors it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rustc_hash::FxHashSet;

use crate::domain::card_index::CardIndex;
use crate::domain::cards::{Card, CardId};
use crate::domain::review_log::{
    LogSummary, answered_in_review, first_answers, replay_with_summary,
};
use crate::domain::schedule::ReviewRecord;
use crate::domain::schedule::day::{DayBoundary, Zone};
use crate::domain::schedule::queue::{DeckCounts, DueQueue, NewDone};
use crate::domain::schedule::{CardState, Phase, Scheduler};

mod card_states;
mod from_states;
mod typed_firsts;
pub use card_states::CardStates;
pub use from_states::StoredStates;

/// What waits in a deck (or any choice of cards) at a moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Waiting {
    /// The cards a session serves now: new (within today's limit), learning
    /// due now, review due now. `counts.total()` is the session's length.
    pub counts: DeckCounts,
    /// Learning cards due later today (not yet served).
    pub learning_later: u32,
    /// When the first of those is due.
    pub next_learning: Option<DateTime<Utc>>,
}

impl Waiting {
    /// Cards in learning today: due now and later.
    pub fn learning_today(&self) -> u32 {
        self.counts.learning + self.learning_later
    }
}

/// The numbers every queue of one moment shares (see [`Progress::today`]).
pub struct Today<'a> {
    pub now: DateTime<Utc>,
    /// New cards first answered today (all, and typed).
    pub new_done: NewDone,
    /// Cards whose siblings were answered today.
    pub buried: FxHashSet<&'a str>,
}

pub struct Progress {
    pub cards: Vec<Card>,
    /// Reviews not undone, oldest first, with their store ids.
    pub reviews: Vec<(i64, ReviewRecord)>,
    /// Each card's state, in the order of `cards`.
    states: CardStates,
    pub scheduler: Scheduler,
    /// Where study days start and end (time zone and start hour).
    pub days: DayBoundary,
    /// The last typed answer per card.
    pub last_typed: HashMap<CardId, String>,
    /// Position of each card in `cards`, by id.
    index: CardIndex,
    /// What the statistics need from the log, kept with it.
    summary: LogSummary,
}

impl Progress {
    pub fn new(
        cards: Vec<Card>,
        reviews: Vec<(i64, ReviewRecord)>,
        scheduler: Scheduler,
        zone: Zone,
    ) -> Self {
        let days = DayBoundary::new(zone, scheduler.config().day_starts_at);
        let index = CardIndex::new(&cards);
        let mut states = CardStates::new(&cards, &index);
        let summary = states.fill(&cards, &index, |slots| {
            replay_with_summary(&scheduler, &days, &reviews, slots, |id| {
                index.get(&cards, id).is_some()
            })
        });
        let last_typed = last_typed_answers(&reviews);
        let mut progress = Progress {
            cards,
            reviews,
            states,
            scheduler,
            days,
            last_typed,
            index,
            summary,
        };
        progress.summary.first_typed_answers = progress.typed_first_answers();
        progress
    }

    /// Per answer, whether its card was in review, answers per day, first
    /// answers, answered cards not in the content.
    pub fn log_summary(&self) -> &LogSummary {
        &self.summary
    }

    /// Each card's state (`None` while new), in the order of `cards`.
    pub fn states_in_card_order(&self) -> &[Option<CardState>] {
        self.states.in_order()
    }

    /// Every card's state, the answered cards not in the content's too,
    /// with its id (two cards of one id give it twice).
    pub fn all_states(&self) -> impl Iterator<Item = (&str, &CardState)> {
        let in_content = self
            .cards
            .iter()
            .zip(self.states.in_order())
            .filter_map(|(card, state)| Some((card.id.as_str(), state.as_ref()?)));
        let elsewhere = self
            .states
            .elsewhere()
            .iter()
            .map(|(id, s)| (id.as_str(), s));
        in_content.chain(elsewhere)
    }

    /// Whether the card `id` is in the loaded content.
    pub fn in_content(&self, id: &str) -> bool {
        self.index.get(&self.cards, id).is_some()
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.index
            .get(&self.cards, id)
            .and_then(|i| self.cards.get(i))
    }

    /// The state of the card `id` (new when it has none).
    pub fn state(&self, id: &str) -> CardState {
        self.state_of(id).cloned().unwrap_or_default()
    }

    /// The state of the card `id`, `None` while it is new.
    pub fn state_of(&self, id: &str) -> Option<&CardState> {
        self.states.get(&self.cards, &self.index, id)
    }

    /// The study day of a time (local zone, day start hour).
    pub fn day(&self, at: DateTime<Utc>) -> NaiveDate {
        self.days.day(at)
    }

    /// When the study day containing `now` started, in UTC.
    pub fn day_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.days.day_start(now)
    }

    /// New cards first answered today. Reviews of cards that are not in the
    /// loaded content (another content directory, a removed card) do not
    /// count: they don't use up today's allowance.
    pub fn new_done_today(&self, now: DateTime<Utc>) -> u32 {
        // kept with the log: each content card's first answer, in order
        self.summary.first_answered_since(self.day_start(now))
    }

    /// Cards buried until the next study day: the siblings of every card
    /// answered today (other gaps of a cloze note, cards made from the same
    /// question), except cards answered today themselves. Empty when
    /// `bury_siblings` is off.
    pub fn buried(&self, now: DateTime<Utc>) -> FxHashSet<&str> {
        if !self.scheduler.config().bury_siblings {
            return FxHashSet::default();
        }
        let since = self.day_start(now);
        let answered: FxHashSet<&str> = self
            .reviews
            .iter()
            .rev()
            .take_while(|(_, r)| r.at >= since)
            .filter(|(_, r)| r.at <= now)
            .map(|(_, r)| r.card_id.as_str())
            .collect();
        self.siblings_of(&answered)
    }

    /// The cards sharing a note with one of `answered`, not in it.
    fn siblings_of(&self, answered: &FxHashSet<&str>) -> FxHashSet<&str> {
        let mut buried = FxHashSet::default();
        if answered.is_empty() {
            return buried;
        }
        let notes: FxHashSet<&str> = answered
            .iter()
            .filter_map(|id| self.card(id))
            .map(|c| c.note())
            .collect();
        for card in &self.cards {
            if notes.contains(card.note()) && !answered.contains(card.id.as_str()) {
                buried.insert(card.id.as_str());
            }
        }
        buried
    }

    /// The due queue of the cards `include` accepts, at `at`, with today's
    /// new-card allowance and buried siblings counted at `now`. Entries
    /// index into `self.cards`.
    pub fn due_queue(
        &self,
        include: impl Fn(&Card) -> bool,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> DueQueue {
        self.due_queue_in(&self.today(now), include, at)
    }

    /// What today's queues share, worked out once: the new cards already
    /// introduced and the buried siblings.
    pub fn today(&self, now: DateTime<Utc>) -> Today<'_> {
        Today {
            now,
            new_done: NewDone {
                all: self.new_done_today(now),
                typed: self.typed_new_done_today(now),
            },
            buried: self.buried(now),
        }
    }

    /// [`Progress::due_queue`] with today's shared numbers already worked out.
    pub fn due_queue_in(
        &self,
        today: &Today<'_>,
        include: impl Fn(&Card) -> bool,
        at: DateTime<Utc>,
    ) -> DueQueue {
        let config = self.scheduler.config();
        let include = |c: &Card| include(c) && !today.buried.contains(c.id.as_str());
        // a review card due any time today is due now; the end of the
        // study day is a moment just before the next day starts
        let review_until = self
            .days
            .day_end(today.now)
            .checked_sub_signed(chrono::Duration::milliseconds(1))
            .unwrap_or(today.now);
        DueQueue::build_filtered(
            &self.cards,
            include,
            |i, _| self.states.at(i),
            config,
            at,
            review_until,
            today.new_done,
        )
    }

    /// What a session over the cards `include` accepts has waiting at `now`:
    /// the counts of its queue (what it serves now), plus the learning cards
    /// due later today and when the first of them is due.
    pub fn waiting(&self, include: impl Fn(&Card) -> bool, now: DateTime<Utc>) -> Waiting {
        self.waiting_in(&self.today(now), include)
    }

    /// [`Progress::waiting`] with today's shared numbers already worked out.
    pub fn waiting_in(&self, today: &Today<'_>, include: impl Fn(&Card) -> bool) -> Waiting {
        let now = today.now;
        let queue = self.due_queue_in(today, &include, now);
        let day_end = self.days.day_end(now);
        let mut learning_later = 0;
        let mut next_learning: Option<DateTime<Utc>> = None;
        let in_order = self.cards.iter().zip(self.states.in_order());
        for (_, state) in in_order.filter(|(c, _)| include(c)) {
            let Some(state) = state else {
                continue;
            };
            if let (Phase::Learning | Phase::Relearning, Some(due)) = (state.phase, state.due)
                && due > now
                && due < day_end
            {
                learning_later += 1;
                next_learning = Some(next_learning.map_or(due, |n| n.min(due)));
            }
        }
        Waiting {
            counts: queue.totals(),
            learning_later,
            next_learning,
        }
    }

    /// Takes the review log as the store has it now (another instance may
    /// have added or undone answers) and replays every card from it.
    pub fn replace_reviews(&mut self, reviews: Vec<(i64, ReviewRecord)>) {
        self.states.clear();
        let (cards, index) = (&self.cards, &self.index);
        self.summary = self.states.fill(cards, index, |slots| {
            replay_with_summary(&self.scheduler, &self.days, &reviews, slots, |id| {
                index.get(cards, id).is_some()
            })
        });
        self.last_typed = last_typed_answers(&reviews);
        self.reviews = reviews;
        self.summary.first_typed_answers = self.typed_first_answers();
    }

    /// Adds the cards whose ids are not in the list yet (cards made while
    /// the app runs: missed talking points of a mock interview) and replays
    /// the log, so answers they already have count. Returns how many were
    /// added.
    pub fn add_cards(&mut self, cards: impl IntoIterator<Item = Card>) -> usize {
        let before = self.cards.len();
        for card in cards {
            if !self.in_content(&card.id) && !self.cards[before..].iter().any(|c| c.id == card.id) {
                self.cards.push(card);
            }
        }
        let added = self.cards.len() - before;
        if added > 0 {
            self.reindex();
        }
        added
    }

    /// Takes the card `id` out of the list (a deleted missed point); its
    /// answers stay in the log. Returns the card, if it was there.
    pub fn remove_card(&mut self, id: &str) -> Option<Card> {
        let at = self.index.get(&self.cards, id)?;
        let card = self.cards.remove(at);
        self.reindex();
        Some(card)
    }

    /// Builds the index and the states again after the card list changed.
    fn reindex(&mut self) {
        self.index = CardIndex::new(&self.cards);
        self.states = CardStates::new(&self.cards, &self.index);
        let reviews = std::mem::take(&mut self.reviews);
        self.replace_reviews(reviews);
    }

    /// Records a saved review and moves the card's state on.
    pub fn record(&mut self, id: i64, review: ReviewRecord) {
        let before = self.state_of(&review.card_id).cloned();
        // an answer dated before the card's last may move its first answer
        let earlier = before
            .as_ref()
            .and_then(|b| b.last_review)
            .is_some_and(|last| review.at < last);
        if before.is_none() {
            if self.in_content(&review.card_id) {
                self.summary.add_first_answer(review.at);
                if self.is_typed(&review.card_id) {
                    self.add_first_typed_answer(review.at);
                }
            } else {
                self.summary.not_in_content.insert(review.card_id.clone());
            }
        }
        let before = before.unwrap_or_default();
        let after = self.scheduler.apply(&before, &review);
        self.states
            .set(&self.cards, &self.index, &review.card_id, Some(after));
        self.summary
            .answered_in_review
            .push(before.phase == Phase::Review);
        self.summary.add_day(self.days.day(review.at));
        if let Some(t) = &review.typed_answer {
            self.last_typed.insert(review.card_id.clone(), t.clone());
        }
        self.reviews.push((id, review));
        if earlier {
            self.summary.first_answers = first_answers(&self.reviews, |id| self.in_content(id));
            self.summary.first_typed_answers = self.typed_first_answers();
        }
    }

    /// Forgets review `id` and replays its card from the remaining log.
    pub fn forget(&mut self, id: i64) {
        let Some(pos) = self.reviews.iter().position(|(rid, _)| *rid == id) else {
            return;
        };
        let (_, removed) = self.reviews.remove(pos);
        if pos < self.summary.answered_in_review.len() {
            self.summary.answered_in_review.remove(pos);
        }
        self.summary.remove_day(self.days.day(removed.at));
        let card_id = removed.card_id;
        // the card's later answers may have been given in another phase
        let positions: Vec<usize> = (0..self.reviews.len())
            .filter(|&i| {
                self.reviews
                    .get(i)
                    .is_some_and(|(_, r)| r.card_id == card_id)
            })
            .collect();
        let flags = answered_in_review(
            &self.scheduler,
            &card_id,
            positions
                .iter()
                .filter_map(|&i| self.reviews.get(i).map(|(_, r)| r)),
        );
        for (&i, flag) in positions.iter().zip(flags) {
            if let Some(f) = self.summary.answered_in_review.get_mut(i) {
                *f = flag;
            }
        }
        self.summary.first_answers = first_answers(&self.reviews, |id| self.in_content(id));
        if self.is_typed(&card_id) {
            self.summary.first_typed_answers = self.typed_first_answers();
        }
        let history = self
            .reviews
            .iter()
            .filter(|(_, r)| r.card_id == card_id)
            .map(|(_, r)| (r.at, r.day, r.grade));
        let state = self.scheduler.replay(&card_id, history);
        if state.phase == Phase::New {
            self.states.set(&self.cards, &self.index, &card_id, None);
            self.summary.not_in_content.remove(&card_id);
        } else {
            self.states
                .set(&self.cards, &self.index, &card_id, Some(state));
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

/// The last typed answer of each card in a log (oldest first).
fn last_typed_answers(reviews: &[(i64, ReviewRecord)]) -> HashMap<CardId, String> {
    let mut last_typed = HashMap::new();
    for (_, r) in reviews {
        if let Some(t) = &r.typed_answer {
            last_typed.insert(r.card_id.clone(), t.clone());
        }
    }
    last_typed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::{Grade, SchedulerConfig};
    use chrono::{Duration, TimeZone};

    const DECK: &str = r#"kind = "deck"
id = "d"
title = "Siblings"
[[cards]]
id = "q1"
front = "Why this job?"
back = "Because."
[[cards]]
id = "p1"
kind = "typed"
from = "q1"
front = "Answer *why this job* in your own words."
back = "Because, with a story."
[[cards]]
id = "c"
kind = "cloze"
front = "{{c1::Situation}}, {{c2::Task}}"
[[cards]]
id = "other"
front = "Other?"
back = "Yes."
"#;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
    }

    fn progress(bury: bool, answered: &[(&str, DateTime<Utc>)]) -> Progress {
        let library = crate::domain::content::load_files([("d.toml", DECK.as_bytes())]);
        let reviews = answered
            .iter()
            .enumerate()
            .map(|(i, (id, at))| {
                (
                    i as i64,
                    ReviewRecord {
                        card_id: (*id).into(),
                        at: *at,
                        day: crate::domain::schedule::day::test_day(*at),
                        grade: Grade::Good,
                        elapsed_ms: 0,
                        typed_answer: None,
                    },
                )
            })
            .collect();
        let config = SchedulerConfig {
            bury_siblings: bury,
            day_starts_at: 4,
            ..SchedulerConfig::default()
        };
        Progress::new(
            crate::domain::cards::all_cards(&library),
            reviews,
            Scheduler::new(config),
            Zone::utc(),
        )
    }

    fn queued(p: &Progress, now: DateTime<Utc>) -> Vec<&str> {
        p.due_queue(|_| true, now, now)
            .entries()
            .iter()
            .map(|e| p.cards[e.card].id.as_str())
            .collect()
    }

    #[test]
    fn siblings_are_buried_until_the_next_day() {
        let now = t0() + Duration::minutes(1);
        let p = progress(true, &[("q1", t0()), ("c::c1", t0())]);
        assert_eq!(
            p.cards.iter().find(|c| c.id == "p1").map(|c| c.note()),
            Some("q1")
        );
        // the practice card made from q1 and the other gap wait for tomorrow
        assert_eq!(queued(&p, now), ["other"]);
        assert_eq!(p.waiting(|_| true, now).counts.total(), 1);
        // learning q1 and c::c1 come back at their steps, siblings still buried
        let later = t0() + Duration::minutes(15);
        assert_eq!(queued(&p, later), ["q1", "c::c1", "other"]);
        // the next study day starts at 04:00: yesterday's burying is over,
        // and each note serves one card a day (the first due in content
        // order), so the queue holds what a session serves
        let tomorrow = Utc.with_ymd_and_hms(2026, 3, 3, 4, 0, 0).unwrap();
        let q = queued(&p, tomorrow);
        assert_eq!(q, ["q1", "c::c1", "other"]);
        // a fresh collection serves one new card of each note a day
        let p2 = progress(true, &[]);
        let q = queued(&p2, tomorrow);
        assert!(q.contains(&"q1") && !q.contains(&"p1"), "{q:?}");
        assert!(q.contains(&"c::c1") && !q.contains(&"c::c2"), "{q:?}");
        // at 03:59 it is still the same study day
        let night = tomorrow - Duration::minutes(1);
        assert!(!queued(&p, night).contains(&"p1"));
        // the setting turns burying off
        let p = progress(false, &[("q1", t0()), ("c::c1", t0())]);
        assert_eq!(queued(&p, now), ["p1", "c::c2", "other"]);
    }

    #[test]
    fn cards_added_later_replay_their_answers_and_a_removed_card_leaves_the_queue() {
        use crate::domain::cards::DeckRef;
        let mut p = progress(true, &[("extra", t0())]);
        assert!(p.card("extra").is_none());
        let extra = Card {
            id: "extra".into(),
            deck: DeckRef::new("more", "More"),
            front: "F".into(),
            back: "B".into(),
            tags: Box::new([]),
            kind: crate::domain::content::CardKind::Basic,
            from_note: None,
        };
        assert_eq!(p.add_cards([extra.clone(), extra.clone()]), 1);
        assert_eq!(p.add_cards([extra]), 0, "an id already there is not added");
        // its answer from before it was loaded counts now
        assert_eq!(p.state("extra").phase, Phase::Learning);
        let later = t0() + Duration::minutes(15);
        assert!(queued(&p, later).contains(&"extra"));
        assert_eq!(p.new_done_today(later), 1);
        assert!(p.remove_card("extra").is_some());
        assert!(p.card("extra").is_none());
        assert!(!queued(&p, later).contains(&"extra"));
        assert_eq!(p.cards.len(), 5);
    }

    #[test]
    fn reviews_of_cards_not_in_the_content_use_no_new_cards() {
        let p = progress(true, &[("gone-1", t0()), ("gone-2", t0()), ("q1", t0())]);
        assert_eq!(p.new_done_today(t0() + Duration::minutes(1)), 1);
    }
}
