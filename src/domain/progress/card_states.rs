//! Each card's state, kept in the order of the cards: a pass over the cards
//! reads their states in step (no look-up by id per card), and the states
//! take one slot per card instead of a hash table's. Answered cards that are
//! not in the content keep theirs by id. Pure.

use crate::domain::card_index::CardIndex;
use crate::domain::cards::{Card, CardId};
use crate::domain::review_log::StateSlots;
use crate::domain::schedule::CardState;
use crate::domain::schedule::queue::StateMap;

/// The states of a list of cards (`None` while a card is new), and of the
/// answered cards not in it. Two cards of one id hold the same state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardStates {
    /// One slot per card, in the cards' order.
    in_order: Vec<Option<CardState>>,
    /// Answered cards not in the list, by id.
    elsewhere: StateMap,
    /// Whether some id is shared by two cards of the list (a content
    /// problem): then a change is copied to each of them.
    shared_ids: bool,
}

impl CardStates {
    /// Every card of `cards` new, none answered elsewhere.
    pub fn new(cards: &[Card], index: &CardIndex) -> CardStates {
        CardStates {
            in_order: vec![None; cards.len()],
            elsewhere: StateMap::default(),
            shared_ids: index.len() != cards.len(),
        }
    }

    /// The state of the card at `position` in the list.
    pub fn at(&self, position: usize) -> Option<&CardState> {
        self.in_order.get(position).and_then(Option::as_ref)
    }

    /// Each card's state, in the order of the list.
    pub fn in_order(&self) -> &[Option<CardState>] {
        &self.in_order
    }

    /// The states of the answered cards not in the list, by id.
    pub fn elsewhere(&self) -> &StateMap {
        &self.elsewhere
    }

    /// The state of the card `id`, in the list or not.
    pub fn get(&self, cards: &[Card], index: &CardIndex, id: &str) -> Option<&CardState> {
        match index.get(cards, id) {
            Some(position) => self.at(position),
            None => self.elsewhere.get(id),
        }
    }

    /// Sets (or, with `None`, forgets) the state of the card `id`.
    pub fn set(
        &mut self,
        cards: &[Card],
        index: &CardIndex,
        id: &CardId,
        state: Option<CardState>,
    ) {
        match index.get(cards, id) {
            Some(_) if self.shared_ids => {
                // every card of the id: found by comparing ids, no look-ups
                let positions = cards.iter().enumerate().filter(|(_, c)| c.id == *id);
                for (p, _) in positions {
                    if let Some(slot) = self.in_order.get_mut(p) {
                        *slot = state.clone();
                    }
                }
            }
            Some(position) => {
                if let Some(slot) = self.in_order.get_mut(position) {
                    *slot = state;
                }
            }
            None => match state {
                Some(state) => {
                    self.elsewhere.insert(id.clone(), state);
                }
                None => {
                    self.elsewhere.remove(id);
                }
            },
        }
    }

    /// Forgets every state.
    pub fn clear(&mut self) {
        self.in_order.iter_mut().for_each(|s| *s = None);
        self.elsewhere.clear();
    }

    /// Fills the states through `fill`, which sets each id once (a replay
    /// of the log, or states kept in a store), then copies each to the other
    /// cards of its id.
    pub fn fill<T>(
        &mut self,
        cards: &[Card],
        index: &CardIndex,
        fill: impl FnOnce(&mut Slots<'_>) -> T,
    ) -> T {
        let mut slots = Slots {
            cards,
            index,
            states: self,
        };
        let out = fill(&mut slots);
        self.copy_to_shared_ids(cards, index);
        out
    }

    /// When two cards share an id, the one the index finds holds the state:
    /// the others get a copy of it. Nothing to do otherwise.
    fn copy_to_shared_ids(&mut self, cards: &[Card], index: &CardIndex) {
        if !self.shared_ids {
            return;
        }
        for (position, card) in cards.iter().enumerate() {
            let Some(found) = index.get(cards, &card.id).filter(|&p| p != position) else {
                continue;
            };
            let state = self.at(found).cloned();
            if let Some(slot) = self.in_order.get_mut(position) {
                *slot = state;
            }
        }
    }
}

/// [`CardStates`] being filled by id ([`CardStates::fill`]).
pub struct Slots<'a> {
    cards: &'a [Card],
    index: &'a CardIndex,
    states: &'a mut CardStates,
}

impl Slots<'_> {
    /// Keeps `state` for the card `id`; true when the card is in the list.
    pub fn put(&mut self, id: &CardId, state: CardState) -> bool {
        let found = self.index.get(self.cards, id);
        self.put_found(found, id, state)
    }

    /// [`Slots::put`] with the card's position already looked up in the
    /// index ([`CardIndex::get`] or [`CardIndex::get_all`]).
    pub fn put_found(&mut self, found: Option<usize>, id: &CardId, state: CardState) -> bool {
        match found {
            Some(position) => {
                if let Some(slot) = self.states.in_order.get_mut(position) {
                    *slot = Some(state);
                }
                true
            }
            None => {
                self.states.elsewhere.insert(id.clone(), state);
                false
            }
        }
    }
}

impl StateSlots for Slots<'_> {
    fn get_mut(&mut self, id: &str) -> Option<&mut CardState> {
        match self.index.get(self.cards, id) {
            Some(position) => self
                .states
                .in_order
                .get_mut(position)
                .and_then(Option::as_mut),
            None => self.states.elsewhere.get_mut(id),
        }
    }

    fn insert(&mut self, id: &CardId, state: CardState) {
        self.put(id, state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card_index::tests::card;
    use crate::domain::schedule::Phase;

    fn learning(reps: u32) -> CardState {
        CardState {
            phase: Phase::Learning,
            reps,
            ..CardState::default()
        }
    }

    #[test]
    fn states_are_kept_in_card_order_and_elsewhere_by_id() {
        let cards = vec![card("a"), card("b"), card("c")];
        let index = CardIndex::new(&cards);
        let mut states = CardStates::new(&cards, &index);
        states.fill(&cards, &index, |slots| {
            assert!(slots.put(&"c".into(), learning(1)));
            assert!(!slots.put(&"gone".into(), learning(2)));
        });
        assert_eq!(states.in_order(), [None, None, Some(learning(1))]);
        assert_eq!(states.get(&cards, &index, "gone"), Some(&learning(2)));
        assert_eq!(states.get(&cards, &index, "a"), None);
        states.set(&cards, &index, &"a".into(), Some(learning(3)));
        states.set(&cards, &index, &"gone".into(), None);
        assert_eq!(states.at(0), Some(&learning(3)));
        assert!(states.elsewhere().is_empty());
        states.clear();
        assert_eq!(states.in_order(), [None, None, None]);
    }

    #[test]
    fn cards_sharing_an_id_hold_the_same_state() {
        let cards = vec![card("a"), card("b"), card("a")];
        let index = CardIndex::new(&cards);
        let mut states = CardStates::new(&cards, &index);
        states.fill(&cards, &index, |slots| {
            slots.put(&"a".into(), learning(1));
        });
        assert_eq!(states.at(0), states.at(2));
        assert_eq!(states.at(0), Some(&learning(1)));
        states.set(&cards, &index, &"a".into(), Some(learning(2)));
        assert_eq!(states.at(0), Some(&learning(2)));
        assert_eq!(states.at(2), Some(&learning(2)));
        states.set(&cards, &index, &"a".into(), None);
        assert_eq!(states.in_order(), [None, None, None]);
    }
}
