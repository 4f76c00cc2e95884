//! What waits in many choices of cards at once (every deck and the total for
//! `due`, every deck and tag for the drill's chooser), counted in one pass
//! over the cards. Gives the same numbers as one [`Progress::waiting_in`] per
//! choice, which builds a whole due queue each time. Pure.

use chrono::{DateTime, Utc};
use rustc_hash::FxHashSet;

use crate::domain::cards::Card;
use crate::domain::progress::{Progress, Today, Waiting};
use crate::domain::schedule::Phase;
use crate::domain::schedule::queue::{DeckCounts, NewLeft};

/// One choice's running numbers during the pass.
#[derive(Clone, Default)]
struct Tally<'a> {
    waiting: Waiting,
    /// New cards this choice may still serve today.
    new_left: NewLeft,
    /// Notes that already gave this choice a card (siblings buried).
    notes_taken: FxHashSet<&'a str>,
}

/// The times a card's due time is held against.
#[derive(Clone, Copy)]
struct Times {
    now: DateTime<Utc>,
    /// When the study day ends: learning due before it is due today.
    day_end: DateTime<Utc>,
    /// As `due_queue_in`: a review card due any time today is due now.
    review_until: DateTime<Utc>,
}

/// Which cards share a note with another (when siblings are buried).
struct Siblings<'a> {
    /// Every note some card is made from (a card's `from`).
    made_from: FxHashSet<&'a str>,
}

impl<'a> Siblings<'a> {
    fn new(cards: &'a [Card]) -> Self {
        Siblings {
            made_from: cards
                .iter()
                .filter_map(|c| c.from_note.as_deref())
                .collect(),
        }
    }

    /// A note two cards share is one card's `from` (the other card's own
    /// id, or its `from` too): a card without `from` whose id is in none
    /// has no sibling, and needs no note kept for it.
    fn has_siblings(&self, card: &Card) -> bool {
        card.from_note.is_some()
            || (!self.made_from.is_empty() && self.made_from.contains(card.id.as_str()))
    }
}

impl<'a> Tally<'a> {
    /// Counts a card (its `phase` and `due`) if this choice would serve it
    /// now: within the new cards left, and (when siblings are buried, as
    /// `siblings` is given) the first card of its note.
    fn count(
        &mut self,
        card: &'a Card,
        (phase, due): (Phase, Option<DateTime<Utc>>),
        times: &Times,
        siblings: Option<&Siblings>,
    ) {
        let would_queue = match (phase, due) {
            (Phase::New, _) | (_, None) => self.new_left.allows(card),
            (Phase::Learning | Phase::Relearning, Some(d)) => d <= times.now,
            (Phase::Review, Some(d)) => d <= times.review_until,
        };
        if !would_queue {
            return;
        }
        // one card of a note a day when siblings are buried
        if siblings.is_some_and(|s| s.has_siblings(card)) && !self.notes_taken.insert(card.note()) {
            return;
        }
        let counts: &mut DeckCounts = &mut self.waiting.counts;
        match (phase, due) {
            (Phase::New, _) | (_, None) => {
                self.new_left.take(card);
                counts.new += 1;
            }
            (Phase::Learning | Phase::Relearning, Some(_)) => counts.learning += 1,
            (Phase::Review, Some(_)) => counts.due += 1,
        }
    }

    /// Counts a learning card due later today, at `due`.
    fn count_learning_later(&mut self, due: DateTime<Utc>) {
        self.waiting.learning_later += 1;
        self.waiting.next_learning = Some(earliest(self.waiting.next_learning, due));
    }
}

impl Progress {
    /// What waits in each of `groups` choices of cards, as
    /// [`Progress::waiting_in`] would count each one, in one pass over the
    /// cards (and their states, kept in the same order). `groups_of` is
    /// called once per card (with its index in `self.cards`), in content
    /// order, and pushes the distinct indexes (below `groups`) of the
    /// choices the card belongs to.
    pub fn waiting_grouped(
        &self,
        today: &Today<'_>,
        groups: usize,
        mut groups_of: impl FnMut(usize, &Card, &mut Vec<usize>),
    ) -> Vec<Waiting> {
        let config = self.scheduler.config();
        let now = today.now;
        let day_end = self.days.day_end(now);
        let times = Times {
            now,
            day_end,
            review_until: day_end
                .checked_sub_signed(chrono::Duration::milliseconds(1))
                .unwrap_or(now)
                .max(now),
        };
        let start = Tally {
            new_left: NewLeft::new(config, today.new_done),
            ..Tally::default()
        };
        let mut tallies = vec![start; groups];
        let siblings = config.bury_siblings.then(|| Siblings::new(&self.cards));
        let mut of: Vec<usize> = Vec::new();
        let in_order = self.cards.iter().zip(self.states_in_card_order());
        for (index, (card, state)) in in_order.enumerate() {
            of.clear();
            groups_of(index, card, &mut of);
            if of.is_empty() {
                continue;
            }
            let state = state.as_ref();
            let phase = state.map_or(Phase::New, |s| s.phase);
            let due = state.and_then(|s| s.due);
            // learning later today counts buried cards too, as `waiting_in` does
            if let (Phase::Learning | Phase::Relearning, Some(d)) = (phase, due)
                && d > now
                && d < times.day_end
            {
                for &g in &of {
                    if let Some(t) = tallies.get_mut(g) {
                        t.count_learning_later(d);
                    }
                }
            }
            if !today.buried.is_empty() && today.buried.contains(card.id.as_str()) {
                continue;
            }
            for &g in &of {
                if let Some(t) = tallies.get_mut(g) {
                    t.count(card, (phase, due), &times, siblings.as_ref());
                }
            }
        }
        tallies.into_iter().map(|t| t.waiting).collect()
    }
}

fn earliest(current: Option<DateTime<Utc>>, due: DateTime<Utc>) -> DateTime<Utc> {
    current.map_or(due, |n| n.min(due))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::content::CardKind;
    use crate::domain::schedule::day::Zone;
    use crate::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
    }

    /// A card: deck 0..3, note 0..5 (shared notes make siblings), tag bits
    /// (bit 3: a typed card).
    type CardSpec = (usize, usize, u8);
    /// A review: card index (past the end: a card not in the content),
    /// minutes before `now` (negative: after it), grade 0..4.
    type ReviewSpec = (usize, i64, u8);

    fn build(
        cards: &[CardSpec],
        reviews: &[ReviewSpec],
        bury: bool,
        (new_per_day, typed_new_per_day): (u32, u32),
        day_starts_at: u32,
    ) -> Progress {
        let cards: Vec<Card> = cards
            .iter()
            .enumerate()
            .map(|(i, &(deck, note, tags))| Card {
                id: format!("c{i}").into(),
                deck: crate::domain::cards::DeckRef::new(
                    &format!("d{deck}"),
                    &format!("Deck {deck}"),
                ),
                front: "".into(),
                back: "".into(),
                tags: (0..3)
                    .filter(|b| tags & (1 << b) != 0)
                    .map(|b| format!("t{b}"))
                    .collect(),
                kind: if tags & 8 != 0 {
                    CardKind::Typed
                } else {
                    CardKind::Basic
                },
                // notes 0..3 shared through `from`; 3: made from card c0 (a
                // sibling of c0 when c0 has no `from`); 4: a card of its own
                from_note: match note {
                    0..3 => Some(format!("n{note}").into()),
                    3 => Some("c0".into()),
                    _ => None,
                },
            })
            .collect();
        let mut log: Vec<(i64, ReviewRecord)> = reviews
            .iter()
            .enumerate()
            .map(|(i, &(card, mins, grade))| {
                let grade = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy][grade as usize];
                (
                    i as i64 + 1,
                    ReviewRecord {
                        card_id: format!("c{card}").into(),
                        at: now() - Duration::minutes(mins),
                        day: crate::domain::schedule::day::test_day(
                            now() - Duration::minutes(mins),
                        ),
                        grade,
                        elapsed_ms: 0,
                        typed_answer: None,
                    },
                )
            })
            .collect();
        // the store's order: by time, then id
        log.sort_by_key(|(id, r)| (r.at, *id));
        let config = SchedulerConfig {
            bury_siblings: bury,
            new_per_day,
            typed_new_per_day,
            day_starts_at,
            ..SchedulerConfig::default()
        };
        Progress::new(cards, log, Scheduler::new(config), Zone::utc())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Every deck, every tag and the total, counted in one pass, agree
        /// with one due queue per choice.
        #[test]
        fn one_pass_agrees_with_a_queue_per_choice(
            cards in proptest::collection::vec((0usize..3, 0usize..5, 0u8..16), 0..14),
            reviews in proptest::collection::vec((0usize..16, -600i64..4000, 0u8..4), 0..40),
            bury in any::<bool>(),
            new_per_day in 0u32..5,
            typed_new_per_day in 0u32..3,
            day_starts_at in 0u32..24,
            later in 0i64..3000,
        ) {
            let p = build(&cards, &reviews, bury, (new_per_day, typed_new_per_day), day_starts_at);
            for at in [now(), now() + Duration::minutes(later)] {
                let today = p.today(at);
                // groups: the total, decks 0..3, tags 0..3
                let groups_of = |_: usize, card: &Card, of: &mut Vec<usize>| {
                    of.push(0);
                    if let Some(d) = (0..3).find(|d| *card.deck == *format!("d{d}")) {
                        of.push(1 + d);
                    }
                    for t in 0..3 {
                        if card.tags.iter().any(|x| *x == format!("t{t}")) {
                            of.push(4 + t);
                        }
                    }
                };
                let grouped = p.waiting_grouped(&today, 7, groups_of);
                prop_assert_eq!(grouped[0], p.waiting_in(&today, |_| true));
                for d in 0..3 {
                    let deck = format!("d{d}");
                    prop_assert_eq!(grouped[1 + d], p.waiting_in(&today, |c| *c.deck == *deck));
                }
                for t in 0..3 {
                    let tag = format!("t{t}");
                    let expected = p.waiting_in(&today, |c| c.tags.contains(&tag));
                    prop_assert_eq!(grouped[4 + t], expected);
                }
            }
        }
    }

    #[test]
    fn cards_in_no_group_are_not_counted() {
        let p = build(&[(0, 0, 0), (1, 1, 0)], &[], false, (20, 2), 4);
        let today = p.today(now());
        let w = p.waiting_grouped(&today, 2, |_, card, of| {
            if &*card.deck == "d1" {
                of.push(1)
            }
        });
        assert_eq!(w[0], Waiting::default());
        assert_eq!(w[1].counts.new, 1);
    }
}
