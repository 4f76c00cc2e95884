//! The due queue: which cards to drill now, in what order, and how many of
//! each kind every deck has waiting. Built from the cards and their states
//! replayed from the review log; pure (no I/O, `now` passed in).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rustc_hash::{FxBuildHasher, FxHashSet};

use super::ReviewRecord;
use crate::domain::cards::{Card, CardId};
use crate::domain::content::CardKind;
use crate::domain::schedule::{CardState, Phase, Scheduler, SchedulerConfig};

/// Cards waiting in one deck (or in total).
/// Card states by card id (a fast hash: the ids are the user's own content,
/// short strings, where FxHash beats SipHash and xxh3).
pub type StateMap = HashMap<CardId, CardState, FxBuildHasher>;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeckCounts {
    /// New cards that will be shown today (within the daily limit).
    pub new: u32,
    /// Learning and relearning cards due now.
    pub learning: u32,
    /// Review cards due now.
    pub due: u32,
}

impl DeckCounts {
    pub fn total(&self) -> u32 {
        self.new + self.learning + self.due
    }
}

/// One card in the queue.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueEntry {
    /// The card's index in the slice the queue was built from.
    pub card: usize,
    pub phase: Phase,
    /// `None` for new cards.
    pub due: Option<DateTime<Utc>>,
}

/// Cards to drill now: learning/relearning cards due (by due time), then
/// review cards due (by due time), then new cards in content order up to the
/// day's remaining new-card allowance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DueQueue {
    entries: Vec<QueueEntry>,
    counts: BTreeMap<String, DeckCounts>,
    next_learning_due: Option<DateTime<Utc>>,
}

impl DueQueue {
    /// `states` maps card id to its replayed state (missing = new).
    /// `new_done_today` is how many new cards were already introduced today.
    pub fn build(
        cards: &[Card],
        states: &StateMap,
        config: &SchedulerConfig,
        now: DateTime<Utc>,
        new_done_today: u32,
    ) -> DueQueue {
        Self::build_filtered(
            cards,
            |_| true,
            |_, card| states.get(&card.id),
            config,
            now,
            now,
            NewDone {
                all: new_done_today,
                typed: 0,
            },
        )
    }

    /// Like [`DueQueue::build`] for the cards `include` accepts; entries
    /// still index into the whole of `cards`. Review cards count as due
    /// until `review_until` (the end of the study day, as in Anki: a card
    /// due today is due all day); learning cards only once `now` is past
    /// their due time.
    pub fn build_filtered<'s>(
        cards: &[Card],
        include: impl Fn(&Card) -> bool,
        state_of: impl Fn(usize, &Card) -> Option<&'s CardState>,
        config: &SchedulerConfig,
        now: DateTime<Utc>,
        review_until: DateTime<Utc>,
        new_done: NewDone,
    ) -> DueQueue {
        let mut gathering = Gathering {
            now,
            review_until: review_until.max(now),
            new_left: NewLeft::new(config, new_done),
            bury_siblings: config.bury_siblings,
            notes_taken: FxHashSet::default(),
            per_deck: Vec::new(),
            learning: Vec::new(),
            review: Vec::new(),
            new: Vec::new(),
            next_learning_due: None,
        };
        for (index, card) in cards.iter().enumerate().filter(|(_, c)| include(c)) {
            gathering.add(index, card, state_of(index, card));
        }
        gathering.into_queue()
    }

    /// The queue, in drilling order.
    pub fn entries(&self) -> &[QueueEntry] {
        &self.entries
    }

    /// The next card to drill.
    pub fn first(&self) -> Option<&QueueEntry> {
        self.entries.first()
    }

    /// The queue's entries, in drilling order, taken out of it.
    pub fn into_entries(self) -> Vec<QueueEntry> {
        self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Counts per deck id (every deck with cards appears, possibly all zero).
    pub fn counts(&self) -> &BTreeMap<String, DeckCounts> {
        &self.counts
    }

    /// Counts for one deck (zero if unknown).
    pub fn deck_counts(&self, deck: &str) -> DeckCounts {
        self.counts.get(deck).copied().unwrap_or_default()
    }

    /// Counts over all decks.
    pub fn totals(&self) -> DeckCounts {
        self.counts
            .values()
            .fold(DeckCounts::default(), |acc, c| DeckCounts {
                new: acc.new + c.new,
                learning: acc.learning + c.learning,
                due: acc.due + c.due,
            })
    }

    /// When the next learning card not yet due becomes due (for "come back
    /// in 3m" when the queue is empty).
    pub fn next_learning_due(&self) -> Option<DateTime<Utc>> {
        self.next_learning_due
    }
}

/// A due queue while it is gathered, card by card in content order.
struct Gathering<'c> {
    now: DateTime<Utc>,
    /// Review cards due until then count as due.
    review_until: DateTime<Utc>,
    new_left: NewLeft,
    bury_siblings: bool,
    /// Notes that already gave the queue a card (siblings buried).
    notes_taken: FxHashSet<&'c str>,
    /// Counted per borrowed deck name; cards of a deck usually come
    /// together, so the last deck's counts are kept at the end.
    per_deck: Vec<(&'c str, DeckCounts)>,
    learning: Vec<QueueEntry>,
    review: Vec<QueueEntry>,
    new: Vec<QueueEntry>,
    /// When the first learning card not yet due is due.
    next_learning_due: Option<DateTime<Utc>>,
}

impl<'c> Gathering<'c> {
    /// Adds the card at `index` in its `state` (none: new) to its list and
    /// its deck's counts, when it is due now (a new card: while new cards
    /// are left today). With siblings buried, a note gives one card.
    fn add(&mut self, index: usize, card: &'c Card, state: Option<&CardState>) {
        let phase = state.map_or(Phase::New, |s| s.phase);
        let due = state.and_then(|s| s.due);
        let entry = || QueueEntry {
            card: index,
            phase,
            due,
        };
        // One card of a note a day when siblings are buried: answering it
        // buries the others, so they are neither served nor counted.
        let would_queue = match (phase, due) {
            (Phase::New, _) | (_, None) => self.new_left.allows(card),
            (Phase::Learning | Phase::Relearning, Some(d)) => d <= self.now,
            (Phase::Review, Some(d)) => d <= self.review_until,
        };
        let Some(deck) = counts_of(&mut self.per_deck, &card.deck) else {
            return;
        };
        if would_queue && self.bury_siblings && !self.notes_taken.insert(card.note()) {
            return;
        }
        match (phase, due) {
            (Phase::New, _) | (_, None) => {
                if self.new_left.allows(card) {
                    self.new_left.take(card);
                    deck.new += 1;
                    self.new.push(QueueEntry {
                        phase: Phase::New,
                        ..entry()
                    });
                }
            }
            (Phase::Learning | Phase::Relearning, Some(d)) => {
                if d <= self.now {
                    deck.learning += 1;
                    self.learning.push(entry());
                } else if self.next_learning_due.is_none_or(|n| d < n) {
                    self.next_learning_due = Some(d);
                }
            }
            (Phase::Review, Some(d)) => {
                if d <= self.review_until {
                    deck.due += 1;
                    self.review.push(entry());
                }
            }
        }
    }

    /// The queue: learning cards by due time, then review cards by due
    /// time, then new cards in content order.
    fn into_queue(self) -> DueQueue {
        let Gathering {
            mut learning,
            mut review,
            new,
            per_deck,
            next_learning_due,
            ..
        } = self;
        // Stable sorts: ties keep content order.
        learning.sort_by_key(|e| e.due);
        review.sort_by_key(|e| e.due);
        let mut entries = learning;
        entries.extend(review);
        entries.extend(new);
        let counts = per_deck
            .into_iter()
            .map(|(d, c)| (d.to_string(), c))
            .collect();
        DueQueue {
            entries,
            counts,
            next_learning_due,
        }
    }
}

/// The counts of `deck`, moved to the end of `per_deck` (added there when
/// it is not yet in it).
fn counts_of<'l, 'c>(
    per_deck: &'l mut Vec<(&'c str, DeckCounts)>,
    deck: &'c str,
) -> Option<&'l mut DeckCounts> {
    if per_deck.last().is_none_or(|(d, _)| *d != deck) {
        match per_deck.iter().position(|(d, _)| *d == deck) {
            Some(i) => {
                let found = per_deck.remove(i);
                per_deck.push(found);
            }
            None => per_deck.push((deck, DeckCounts::default())),
        }
    }
    per_deck.last_mut().map(|(_, counts)| counts)
}

/// New cards already introduced today: all of them, and the typed ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NewDone {
    pub all: u32,
    pub typed: u32,
}

/// New cards a queue may still serve today: any kind (`new_per_day`), and
/// of them typed ones (`typed_new_per_day`), so a deck's typed cards are
/// spread over days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NewLeft {
    pub all: u32,
    pub typed: u32,
}

impl NewLeft {
    pub fn new(config: &SchedulerConfig, done: NewDone) -> NewLeft {
        NewLeft {
            all: config.new_per_day.saturating_sub(done.all),
            typed: config.typed_new_per_day.saturating_sub(done.typed),
        }
    }

    /// Whether `card`, new, may still be served today.
    pub fn allows(&self, card: &Card) -> bool {
        self.all > 0 && (card.kind != CardKind::Typed || self.typed > 0)
    }

    /// Counts `card` as served.
    pub fn take(&mut self, card: &Card) {
        self.all = self.all.saturating_sub(1);
        if card.kind == CardKind::Typed {
            self.typed = self.typed.saturating_sub(1);
        }
    }
}

/// Replays the whole log (as returned by `Store::reviews`: ordered by time,
/// then id) into a state per card, in one pass.
pub fn replay_all(scheduler: &Scheduler, reviews: &[(i64, ReviewRecord)]) -> StateMap {
    // Each card's answers but its last go in without their intervals (see
    // `Scheduler::apply_before_next`): an answer is held until the card's
    // next one is met, and the last one held is applied in full.
    let mut cards: HashMap<&str, (CardState, Option<&ReviewRecord>), FxBuildHasher> =
        HashMap::with_capacity_and_hasher(reviews.len().min(1 << 20), FxBuildHasher);
    for (_, r) in reviews {
        let (state, held) = cards.entry(r.card_id.as_str()).or_default();
        if let Some(before) = held.replace(r) {
            *state = scheduler.apply_before_next(state, before);
        }
    }
    cards
        .into_iter()
        .map(|(id, (state, last))| {
            let state = match last {
                Some(last) => scheduler.apply(&state, last),
                None => state,
            };
            (CardId::from(id), state)
        })
        .collect()
}

/// How many cards had their first review at or after `since` (e.g. the start
/// of today): the new cards already introduced today.
pub fn new_cards_since(reviews: &[(i64, ReviewRecord)], since: DateTime<Utc>) -> u32 {
    let mut first: HashMap<&str, DateTime<Utc>> = HashMap::new();
    for (_, r) in reviews {
        first
            .entry(r.card_id.as_str())
            .and_modify(|t| *t = (*t).min(r.at))
            .or_insert(r.at);
    }
    let n = first.values().filter(|t| **t >= since).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::content::CardKind;
    use crate::domain::schedule::Grade;
    use crate::domain::schedule::day::test_day;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 3, 1, 12, 0, 0).unwrap()
    }

    fn card(id: &str, deck: &str) -> Card {
        Card {
            id: id.into(),
            deck: crate::domain::cards::DeckRef::new(deck, deck),
            front: "".into(),
            back: "".into(),
            tags: Box::new([]),
            kind: CardKind::Basic,
            from_note: None,
        }
    }

    fn state(phase: Phase, due: DateTime<Utc>) -> CardState {
        CardState {
            phase,
            due: Some(due),
            last_review: Some(due - Duration::days(1)),
            stability: 1.0,
            difficulty: 5.0,
            ..CardState::new()
        }
    }

    #[test]
    fn order_limits_and_counts() {
        let cards: Vec<Card> = vec![
            card("n1", "a"),
            card("r-late", "a"),
            card("l1", "b"),
            card("n2", "b"),
            card("r-early", "b"),
            card("r-future", "a"),
            card("relearn", "a"),
            card("l-future", "b"),
            card("n3", "a"),
        ];
        let mut states = StateMap::default();
        let h = Duration::hours;
        states.insert("r-late".into(), state(Phase::Review, now() - h(1)));
        states.insert("r-early".into(), state(Phase::Review, now() - h(30)));
        states.insert("r-future".into(), state(Phase::Review, now() + h(1)));
        states.insert("l1".into(), state(Phase::Learning, now() - h(2)));
        states.insert("relearn".into(), state(Phase::Relearning, now()));
        states.insert("l-future".into(), state(Phase::Learning, now() + h(3)));
        let config = SchedulerConfig {
            new_per_day: 3,
            ..SchedulerConfig::default()
        };
        let q = DueQueue::build(&cards, &states, &config, now(), 1);
        let ids: Vec<&str> = q
            .entries()
            .iter()
            .map(|e| cards[e.card].id.as_str())
            .collect();
        assert_eq!(ids, ["l1", "relearn", "r-early", "r-late", "n1", "n2"]);
        let only_b = DueQueue::build_filtered(
            &cards,
            |c| &*c.deck == "b",
            |_, c| states.get(&c.id),
            &config,
            now(),
            now(),
            NewDone { all: 1, typed: 0 },
        );
        assert!(only_b.entries().iter().all(|e| &*cards[e.card].deck == "b"));
        // until the end of the study day: a review card due later today is
        // due now, a learning card due later today is not
        let today = DueQueue::build_filtered(
            &cards,
            |_| true,
            |_, c| states.get(&c.id),
            &config,
            now(),
            now() + h(2),
            NewDone { all: 1, typed: 0 },
        );
        let ids: Vec<&str> = today
            .entries()
            .iter()
            .map(|e| cards[e.card].id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["l1", "relearn", "r-early", "r-late", "r-future", "n1", "n2"]
        );
        assert_eq!(only_b.deck_counts("a"), DeckCounts::default());
        assert_eq!(
            q.deck_counts("a"),
            DeckCounts {
                new: 1,
                learning: 1,
                due: 1
            }
        );
        assert_eq!(
            q.deck_counts("b"),
            DeckCounts {
                new: 1,
                learning: 1,
                due: 1
            }
        );
        assert_eq!(q.totals().total(), 6);
        assert_eq!(q.next_learning_due(), Some(now() + h(3)));
        // Limit already used up.
        let q = DueQueue::build(&cards, &states, &config, now(), 5);
        assert_eq!(q.totals().new, 0);
    }

    #[test]
    fn typed_new_cards_are_spread_over_days() {
        let typed = |id: &str| Card {
            kind: CardKind::Typed,
            ..card(id, "a")
        };
        let cards = vec![
            typed("t1"),
            typed("t2"),
            card("b1", "a"),
            typed("t3"),
            card("b2", "a"),
        ];
        let config = SchedulerConfig {
            new_per_day: 4,
            typed_new_per_day: 1,
            ..SchedulerConfig::default()
        };
        let served = |done: NewDone| -> Vec<&str> {
            let q = DueQueue::build_filtered(
                &cards,
                |_| true,
                |_, _| None,
                &config,
                now(),
                now(),
                done,
            );
            q.entries()
                .iter()
                .map(|e| cards[e.card].id.as_str())
                .collect()
        };
        assert_eq!(served(NewDone::default()), ["t1", "b1", "b2"]);
        assert_eq!(served(NewDone { all: 1, typed: 1 }), ["b1", "b2"]);
        assert_eq!(served(NewDone { all: 3, typed: 0 }), ["t1"]);
    }

    #[test]
    fn replay_all_groups_by_card() {
        let sched = Scheduler::new(SchedulerConfig::default());
        let r = |id: &str, mins: i64, grade| {
            (
                0,
                ReviewRecord {
                    card_id: id.into(),
                    at: now() + Duration::minutes(mins),
                    day: test_day(now() + Duration::minutes(mins)),
                    grade,
                    elapsed_ms: 0,
                    typed_answer: None,
                },
            )
        };
        let log = vec![
            r("a", 0, Grade::Good),
            r("b", 1, Grade::Again),
            r("a", 10, Grade::Good),
        ];
        let states = replay_all(&sched, &log);
        let a = sched.replay(
            "a",
            [
                (now(), test_day(now()), Grade::Good),
                (
                    now() + Duration::minutes(10),
                    test_day(now() + Duration::minutes(10)),
                    Grade::Good,
                ),
            ],
        );
        assert_eq!(states["a"], a);
        assert_eq!(states["b"].phase, Phase::Learning);
        assert_eq!(new_cards_since(&log, now()), 2);
        assert_eq!(new_cards_since(&log, now() + Duration::minutes(1)), 1);
    }
}
