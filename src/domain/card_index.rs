//! Where each card is in the list of cards, found by id without a copy of
//! the ids: a hash table of positions, hashed and compared through the cards
//! themselves. Pure.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

use crate::domain::cards::{self, Card, Texts};
use crate::domain::content::Library;

/// Positions of cards by id. With two cards of one id, the later one is
/// found (as a map built from the list would keep it).
#[derive(Clone, Debug, Default)]
pub struct CardIndex {
    table: HashTable<usize>,
}

fn hash(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

fn id_at(cards: &[Card], i: usize) -> &str {
    cards.get(i).map_or("", |c| c.id.as_str())
}

impl CardIndex {
    pub fn new(cards: &[Card]) -> CardIndex {
        let mut table = HashTable::with_capacity(cards.len());
        for (i, card) in cards.iter().enumerate() {
            let id = card.id.as_str();
            let h = hash(id);
            match table.find_mut(h, |&j| id_at(cards, j) == id) {
                Some(slot) => *slot = i,
                None => {
                    table.insert_unique(h, i, |&j| hash(id_at(cards, j)));
                }
            }
        }
        CardIndex { table }
    }

    /// The position of the card `id` in `cards` (the list it was built from).
    pub fn get(&self, cards: &[Card], id: &str) -> Option<usize> {
        self.table
            .find(hash(id), |&i| id_at(cards, i) == id)
            .copied()
    }

    /// [`CardIndex::get`] for each of `items` (its id given by `id_of`), in
    /// their order. Many are looked up on two threads at once: each look-up
    /// waits on memory (the table and the card it finds), not on the CPU.
    pub fn get_all<T: Sync>(
        &self,
        cards: &[Card],
        items: &[T],
        id_of: impl Fn(&T) -> &str + Sync,
    ) -> Vec<Option<usize>> {
        /// Below this, a second thread costs more than it saves.
        const ON_TWO_THREADS_FROM: usize = 16 * 1024;
        let look_up = |items: &[T]| -> Vec<Option<usize>> {
            items
                .iter()
                .map(|item| self.get(cards, id_of(item)))
                .collect()
        };
        if items.len() < ON_TWO_THREADS_FROM {
            return look_up(items);
        }
        let (first, second) = items.split_at(items.len() / 2);
        std::thread::scope(|scope| {
            let later = scope.spawn(|| look_up(second));
            let mut found = look_up(first);
            // a thread that could not run leaves its half to this one
            found.extend(later.join().unwrap_or_else(|_| look_up(second)));
            found
        })
    }

    /// How many distinct ids there are.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

/// Cards and their index by id, made together so that the two always agree.
#[derive(Debug)]
pub struct IndexedCards {
    cards: Vec<Card>,
    index: CardIndex,
}

impl IndexedCards {
    /// The cards as they are (of two with one id, the index finds the later
    /// one), indexed.
    pub fn new(cards: Vec<Card>) -> IndexedCards {
        let index = CardIndex::new(&cards);
        IndexedCards { cards, index }
    }

    /// Keeps the first card of each id (a later duplicate is a content
    /// problem reported at load) and indexes them. The index tells whether
    /// there is a duplicate at all: the ids are hashed once when there is
    /// none, as there normally is not.
    pub fn first_of_each_id(cards: Vec<Card>) -> IndexedCards {
        let index = CardIndex::new(&cards);
        if index.len() == cards.len() {
            return IndexedCards { cards, index };
        }
        IndexedCards::new(cards::first_of_each_id(cards))
    }

    pub fn into_cards(self) -> Vec<Card> {
        self.cards
    }

    pub fn into_parts(self) -> (Vec<Card>, CardIndex) {
        (self.cards, self.index)
    }
}

/// [`cards::take_all_cards`] for `due` and `stats`, which count cards and
/// never show them: a deck file's cards come without texts (a cloze gap's
/// texts are not rendered; the content cache's cards for counting have
/// none), indexed.
pub fn take_all_cards_without_texts(library: &mut Library) -> IndexedCards {
    IndexedCards::first_of_each_id(cards::take_cards(library, Texts::Left))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::content::CardKind;

    /// A plain card of deck `d` with only an id (for tests here and of
    /// what keeps cards by position).
    pub(crate) fn card(id: &str) -> Card {
        Card {
            id: id.into(),
            deck: crate::domain::cards::DeckRef::new("d", "D"),
            front: "".into(),
            back: "".into(),
            tags: Box::new([]),
            kind: CardKind::Basic,
            from_note: None,
        }
    }

    #[test]
    fn finds_many_at_once_in_their_order() {
        let cards: Vec<Card> = (0..40_000).map(|i| card(&format!("c{i}"))).collect();
        let index = CardIndex::new(&cards);
        let ids: Vec<String> = (0..50_000).rev().map(|i| format!("c{i}")).collect();
        let found = index.get_all(&cards, &ids, |id| id.as_str());
        let one_by_one: Vec<Option<usize>> = ids.iter().map(|id| index.get(&cards, id)).collect();
        assert_eq!(found, one_by_one);
        assert_eq!(found.first(), Some(&None));
        assert_eq!(found.last(), Some(&Some(0)));
        let few = &ids[..3];
        assert_eq!(
            index.get_all(&cards, few, |id| id.as_str()),
            [None, None, None]
        );
    }

    #[test]
    fn finds_every_card_and_the_later_of_two_with_one_id() {
        let cards: Vec<Card> = (0..1000)
            .map(|i| card(&format!("c{i}")))
            .chain([card("c7")])
            .collect();
        let index = CardIndex::new(&cards);
        assert_eq!(index.len(), 1000);
        for i in (0..1000).filter(|&i| i != 7) {
            assert_eq!(index.get(&cards, &format!("c{i}")), Some(i));
        }
        assert_eq!(index.get(&cards, "c7"), Some(1000));
        assert_eq!(index.get(&cards, "c1000"), None);
        assert_eq!(index.get(&cards, ""), None);
        assert!(CardIndex::new(&[]).is_empty());
    }

    #[test]
    fn indexed_cards_keep_the_first_of_each_id() {
        let with_deck = |id: &str, deck: &str| Card {
            deck: crate::domain::cards::DeckRef::new(deck, deck),
            ..card(id)
        };
        let cards = vec![
            with_deck("a", "1"),
            with_deck("b", "1"),
            with_deck("a", "2"),
        ];
        let (cards, index) = IndexedCards::first_of_each_id(cards).into_parts();
        let kept: Vec<_> = cards.iter().map(|c| (c.id.as_str(), &*c.deck)).collect();
        assert_eq!(kept, [("a", "1"), ("b", "1")]);
        assert_eq!(index.get(&cards, "a"), Some(0));
        assert_eq!(index.get(&cards, "b"), Some(1));
        let unique =
            IndexedCards::first_of_each_id((0..50).map(|i| card(&format!("c{i}"))).collect());
        let (cards, index) = unique.into_parts();
        assert_eq!(cards.len(), 50);
        assert_eq!(index.len(), 50);
    }
}
