//! A drill session's due queue, kept between answers. Building the queue
//! walks every card of the session's choice (100,000 in a big collection,
//! tens of milliseconds); after an answer only the answered card and its
//! buried siblings leave it, so the queue is built once and trimmed, and
//! built again only when something else can have changed it: a learning
//! card coming due, a new study day, or a change the session did not make
//! (undo, another window), which drops it ([`SessionQueue`] is then built
//! afresh). Pure.

use chrono::{DateTime, NaiveDate, Utc};
use rustc_hash::FxHashSet;

use crate::domain::cards::Card;
use crate::domain::progress::Progress;
use crate::domain::schedule::Phase;
use crate::domain::schedule::queue::QueueEntry;

/// The queue of one session's cards, in drilling order.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionQueue {
    entries: Vec<QueueEntry>,
    /// The study day it was built on.
    day: NaiveDate,
    /// From when a card not in it may be due (a learning card's due
    /// time): it is built again from then.
    valid_until: Option<DateTime<Utc>>,
    /// With siblings buried, the notes more than one of the session's cards
    /// come from: the queue holds one card of a note, and answering it can
    /// let in a sibling left out for it (one answered today, so not
    /// buried), so such an answer has the queue built again.
    shared_notes: FxHashSet<String>,
}

impl SessionQueue {
    /// The queue of the cards `include` accepts at `now`, as
    /// [`Progress::due_queue`] builds it.
    pub fn build(progress: &Progress, include: impl Fn(&Card) -> bool, now: DateTime<Utc>) -> Self {
        let include = &include;
        let mut shared_notes = FxHashSet::default();
        if progress.scheduler.config().bury_siblings {
            let mut seen: FxHashSet<&str> = FxHashSet::default();
            for card in progress.cards.iter().filter(|c| include(c)) {
                if !seen.insert(card.note()) {
                    shared_notes.insert(card.note().to_string());
                }
            }
        }
        let queue = progress.due_queue(include, now, now);
        SessionQueue {
            valid_until: queue.next_learning_due(),
            day: progress.day(now),
            entries: queue.into_entries(),
            shared_notes,
        }
    }

    /// Whether it is still the queue a build at `now` would give (as long
    /// as every answer since was passed to [`SessionQueue::answered`]).
    pub fn is_current(&self, progress: &Progress, now: DateTime<Utc>) -> bool {
        progress.day(now) == self.day && self.valid_until.is_none_or(|t| now < t)
    }

    /// The next card to drill.
    pub fn first(&self) -> Option<&QueueEntry> {
        self.entries.first()
    }

    /// Cards waiting.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// After `card_id` was answered and its new state recorded in
    /// `progress`: it leaves the queue. When its new state brings it back
    /// (a learning step), the queue is built again once that is due; when
    /// it has siblings (see `shared_notes`), at once.
    pub fn answered(&mut self, progress: &Progress, card_id: &str) {
        if progress
            .card(card_id)
            .is_some_and(|c| self.shared_notes.contains(c.note()))
        {
            self.valid_until = Some(DateTime::<Utc>::MIN_UTC);
        }
        self.entries
            .retain(|e| progress.cards.get(e.card).is_some_and(|c| c.id != card_id));
        let state = progress.state(card_id);
        if let (Phase::Learning | Phase::Relearning | Phase::Review, Some(due)) =
            (state.phase, state.due)
        {
            self.valid_until = Some(self.valid_until.map_or(due, |t| t.min(due)));
        }
    }
}

#[cfg(test)]
mod tests;
