//! Flashcards derived from content: every interview question and insight
//! becomes a card, explicit `[[cards]]` are added, cloze cards are expanded to
//! one card per gap number. Pure functions of the content model.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::domain::content::cloze::ClozeText;
use crate::domain::content::{
    CardKind, CardSetting, CardSpec, Insight, Interview, Library, QuestionAnswer,
};

pub use crate::domain::card_id::CardId;

/// The deck (chapter or deck file) a card belongs to: its id, and its
/// title for display, shared by the deck's cards (one pointer in each).
/// It reads as the deck's id (`&*card.deck`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckRef(Arc<DeckName>);

#[derive(Debug, PartialEq, Eq)]
struct DeckName {
    id: Box<str>,
    title: Box<str>,
}

impl DeckRef {
    pub fn new(id: &str, title: &str) -> DeckRef {
        DeckRef(Arc::new(DeckName {
            id: id.into(),
            title: title.into(),
        }))
    }

    /// The deck's title, for display.
    pub fn title(&self) -> &str {
        &self.0.title
    }
}

impl std::ops::Deref for DeckRef {
    type Target = str;

    /// The deck's id.
    fn deref(&self) -> &str {
        &self.0.id
    }
}

impl std::fmt::Display for DeckRef {
    /// The deck's id.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.id)
    }
}

/// One drillable card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Stable id: the content id, with `::cN` appended for cloze gap N.
    pub id: CardId,
    /// The deck (chapter or deck file) it belongs to: its id, and its title.
    pub deck: DeckRef,
    /// Markdown shown before revealing.
    pub front: Box<str>,
    /// Markdown shown after revealing.
    pub back: Box<str>,
    pub tags: Box<[String]>,
    pub kind: CardKind,
    /// The note the card comes from when it is not the card's own id (see
    /// [`Card::note`]).
    pub from_note: Option<Box<str>>,
}

impl Card {
    /// The note the card comes from: cards sharing it are siblings (the
    /// gaps of one cloze text, a card and the question it was made `from`)
    /// and are not shown on the same day. A card of its own is its own note.
    pub fn note(&self) -> &str {
        self.from_note.as_deref().unwrap_or(&self.id)
    }
}

/// The most words a typed card's answer may have to be typed and compared
/// as it is (Anki's "type in the answer" compares character by character).
pub const TYPED_ANSWER_WORDS: usize = 8;

/// Whether a typed card's answer is a word or a phrase, short enough to
/// type and compare: one line of at most [`TYPED_ANSWER_WORDS`] words, not
/// a list. A longer answer is an outline to compare by eye.
pub fn typed_answer_is_short(back: &str) -> bool {
    let back = back.trim();
    let list_item = |line: &str| {
        let line = line.trim_start();
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let rest = line.get(digits..).unwrap_or_default();
        line.starts_with(['-', '*', '+']) || (digits > 0 && rest.starts_with(['.', ')']))
    };
    !back.contains('\n')
        && !list_item(back)
        && back.split_whitespace().count() <= TYPED_ANSWER_WORDS
}

/// Whether the cards made keep their texts (front, back): the drill shows
/// them; `due` and `stats` only count cards.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Texts {
    Kept,
    Left,
}

fn explicit(spec: CardSpec, deck: &DeckRef, texts: Texts, out: &mut Vec<Card>) {
    let CardSpec {
        id,
        front,
        back,
        tags,
        kind,
        from,
    } = spec;
    if kind != CardKind::Cloze {
        let (front, back) = match texts {
            Texts::Kept => (front, back),
            Texts::Left => (String::new(), String::new()),
        };
        out.push(Card {
            id,
            deck: deck.clone(),
            front: front.into(),
            back: back.into(),
            tags: tags.into(),
            kind,
            from_note: from.map(Into::into),
        });
        return;
    }
    // each gap's note is the cloze text's id (or what it was made from)
    let note: Box<str> = from.map_or_else(|| id.as_str().into(), Into::into);
    let tags: Box<[String]> = tags.into();
    // the gaps found once, each card rendered from them
    let cloze = ClozeText::new(&front);
    for n in cloze.numbers() {
        let (gap_front, gap_back) = match texts {
            Texts::Kept => {
                let mut full_back = cloze.render(n, true);
                if !back.trim().is_empty() {
                    full_back.push_str("\n\n");
                    full_back.push_str(&back);
                }
                (cloze.render(n, false), full_back)
            }
            Texts::Left => (String::new(), String::new()),
        };
        out.push(Card {
            id: compact_str::format_compact!("{id}::c{n}"),
            deck: deck.clone(),
            front: gap_front.into(),
            back: gap_back.into(),
            tags: tags.clone(),
            kind,
            from_note: Some(note.clone()),
        });
    }
}

/// All cards of a library in content order: per chapter its questions, its
/// insights and its explicit cards; then each deck file's cards.
pub fn all_cards(library: &Library) -> Vec<Card> {
    let mut out = chapter_cards(library);
    for deck in &library.decks {
        let name = DeckRef::new(&deck.id, &deck.title);
        for spec in &deck.cards {
            explicit(spec.clone(), &name, Texts::Kept, &mut out);
        }
    }
    follow_from_chains(&mut out);
    first_of_each_id(out)
}

/// [`all_cards`], moving each deck file's cards out of the library instead
/// of copying them (the decks keep their ids and titles, and no cards).
pub fn take_all_cards(library: &mut Library) -> Vec<Card> {
    first_of_each_id(take_cards(library, Texts::Kept))
}

/// The cards of [`take_all_cards`] before the check for duplicate ids (see
/// `card_index::take_all_cards_without_texts`, which checks with the index
/// it builds anyway).
pub(crate) fn take_cards(library: &mut Library, texts: Texts) -> Vec<Card> {
    let mut out = chapter_cards(library);
    // one allocation for 100,000 cards instead of a copy at each doubling
    // (a cloze note's second gap on may still grow it)
    out.reserve(library.decks.iter().map(|d| d.cards.len()).sum());
    for deck in &mut library.decks {
        let name = DeckRef::new(&deck.id, &deck.title);
        for spec in std::mem::take(&mut deck.cards) {
            explicit(spec, &name, texts, &mut out);
        }
    }
    follow_from_chains(&mut out);
    out
}

/// The longest `from` chain followed (a longer one, or a circle, stops there).
const MOST_FROM_STEPS: usize = 64;

/// For each `(id, from)` whose `from` names a card that itself names
/// another, where the chain starts: a card made from a card made from a
/// question shares the question's note, so all three are siblings.
pub fn from_chain_starts<'a>(links: &[(&'a str, &'a str)]) -> FxHashMap<&'a str, &'a str> {
    let from: FxHashMap<&str, &str> = links.iter().copied().collect();
    let mut starts = FxHashMap::default();
    for &(id, first) in links {
        let mut note = first;
        for _ in 0..MOST_FROM_STEPS {
            match from.get(note) {
                Some(&next) if next != note && next != id => note = next,
                _ => break,
            }
        }
        if note != first {
            starts.insert(id, note);
        }
    }
    starts
}

/// Gives every card made `from` a card that names another the note where
/// the chain starts (see [`from_chain_starts`]).
fn follow_from_chains(cards: &mut [Card]) {
    let links: Vec<(&str, &str)> = cards
        .iter()
        .filter_map(|c| Some((c.id.as_str(), c.from_note.as_deref()?)))
        .collect();
    if links.is_empty() {
        return;
    }
    let starts = from_chain_starts(&links);
    if starts.is_empty() {
        return;
    }
    let moved: Vec<(usize, Box<str>)> = cards
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, (*starts.get(c.id.as_str())?).into())))
        .collect();
    for (i, note) in moved {
        if let Some(card) = cards.get_mut(i) {
            card.from_note = Some(note);
        }
    }
}

/// Keeps the first card of each id (a later duplicate is a content problem
/// reported at load).
pub(crate) fn first_of_each_id(mut cards: Vec<Card>) -> Vec<Card> {
    let mut seen = rustc_hash::FxHashSet::default();
    seen.reserve(cards.len());
    let keep: Vec<bool> = cards.iter().map(|c| seen.insert(c.id.as_str())).collect();
    drop(seen);
    let mut keep = keep.into_iter();
    cards.retain(|_| keep.next().unwrap_or(true));
    cards
}

/// The cards of every chapter: its questions, insights and explicit cards.
fn chapter_cards(library: &Library) -> Vec<Card> {
    let mut out = Vec::new();
    for ch in &library.chapters {
        let deck = DeckRef::new(&ch.id, &ch.heading());
        for iv in &ch.interviews {
            out.extend(
                iv.questions
                    .iter()
                    .filter_map(|qa| question_card(iv, qa, &deck)),
            );
        }
        if let Some(ins) = &ch.insights {
            out.extend(
                ins.items
                    .iter()
                    .filter_map(|item| insight_card(item, &deck)),
            );
        }
        for spec in &ch.cards {
            explicit(spec.clone(), &deck, Texts::Kept, &mut out);
        }
    }
    out
}

/// The card an interview question makes: who was asked what, and the
/// answer, or the texts its `card` sets; none with `card = false`.
pub fn question_card(iv: &Interview, qa: &QuestionAnswer, deck: &DeckRef) -> Option<Card> {
    derived_card(
        &qa.id,
        &qa.card,
        || format!("*Asked of {}:*\n\n**{}**", iv.who(), qa.question),
        &qa.answer,
        "interview",
        deck,
    )
}

/// The card an insight makes: its title and body, or the texts its `card`
/// sets; none with `card = false`.
pub fn insight_card(item: &Insight, deck: &DeckRef) -> Option<Card> {
    derived_card(
        &item.id,
        &item.card,
        || format!("*Insight:* **{}**", item.title),
        &item.body,
        "insight",
        deck,
    )
}

fn derived_card(
    id: &str,
    setting: &CardSetting,
    front: impl FnOnce() -> String,
    back: &str,
    tag: &str,
    deck: &DeckRef,
) -> Option<Card> {
    let own = match setting {
        CardSetting::Off => return None,
        CardSetting::Derived => None,
        CardSetting::Own(own) => Some(own),
    };
    let mut tags = vec![tag.to_string()];
    tags.extend(own.into_iter().flat_map(|o| o.tags.iter().cloned()));
    Some(Card {
        id: id.into(),
        deck: deck.clone(),
        front: own
            .and_then(|o| o.front.clone())
            .unwrap_or_else(front)
            .into(),
        back: own.and_then(|o| o.back.as_deref()).unwrap_or(back).into(),
        tags: tags.into(),
        kind: CardKind::Basic,
        from_note: own.and_then(|o| o.from.as_deref()).map(Into::into),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::content::cloze::cloze_numbers;

    #[test]
    fn bundled_chapter_gives_a_card_per_question_and_insight() {
        let lib = crate::domain::content::bundled::load();
        let cards: Vec<_> = all_cards(&lib)
            .into_iter()
            .filter(|c| &*c.deck == "ch17")
            .collect();
        // six questions, five insights, then the conclusion's cloze gaps
        let ids: Vec<&str> = cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids.get(..3),
            Some(&["ch17-sarah-q1", "ch17-sarah-q2", "ch17-sarah-q3"][..])
        );
        assert_eq!(ids.get(10), Some(&"ch17-insight-enthusiasm"));
        assert!(
            ids[11..]
                .iter()
                .all(|id| id.starts_with("ch17-conclusion-"))
        );
        // each asks its own question (the reader keeps the book's text)
        assert!(cards[0].front.contains("Sarah Johnson"));
        assert!(cards[0].front.contains("key strategy"));
        assert!(cards[0].back.starts_with("**Preparation.**"));
        for card in &cards[..11] {
            assert!(card.front.trim_end().ends_with('?'), "{}", card.front);
        }
        // topic tags besides the kind of part, and the card each repeats
        assert_eq!(&*cards[1].tags, ["interview", "star"]);
        assert_eq!(&*cards[7].tags, ["insight", "star"]);
        assert_eq!(cards[7].note(), "ch17-sarah-q2");
        // the insight on enthusiasm names the card it repeats
        assert_eq!(cards[10].note(), "ch17-sarah-q3");
    }

    #[test]
    fn a_typed_answer_is_short_when_it_is_one_phrase() {
        assert!(typed_answer_is_short("Situation, Task, Action, Result"));
        assert!(typed_answer_is_short(" Adaptability. "));
        assert!(!typed_answer_is_short("- S: the problem\n- T: your part"));
        assert!(!typed_answer_is_short("1. research"));
        assert!(!typed_answer_is_short(
            "one two three four five six seven eight nine"
        ));
    }

    #[test]
    fn a_from_chain_gives_every_card_its_start_as_note() {
        let links = [("a", "b"), ("b", "q"), ("c", "a"), ("x", "y"), ("y", "x")];
        let starts = from_chain_starts(&links);
        assert_eq!(starts.get("a"), Some(&"q"));
        assert_eq!(starts.get("c"), Some(&"q"));
        assert_eq!(starts.get("b"), None, "already names the start");
        assert!(starts.len() <= 4, "a circle stops: {starts:?}");
    }

    #[test]
    fn bundled_practice_deck_has_typed_cloze_and_one_card_per_gap() {
        let lib = crate::domain::content::bundled::load();
        assert_eq!(lib.problems, vec![]);
        let deck = lib
            .decks
            .iter()
            .find(|d| d.id == "ch17-practice")
            .expect("practice deck");
        assert_eq!(deck.chapter, Some(17));
        assert!(deck.cards.len() >= 30, "{} cards", deck.cards.len());
        let of = |kind| deck.cards.iter().filter(|c| c.kind == kind).count();
        assert!(of(CardKind::Typed) >= 6, "the personal story cards");
        assert!(of(CardKind::Cloze) >= 3);
        let mut ids: Vec<_> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert!(ids.iter().all(|id| id.starts_with("ch17p-")));
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), deck.cards.len(), "ids are unique");

        let expected: usize = deck
            .cards
            .iter()
            .map(|c| match c.kind {
                CardKind::Cloze => cloze_numbers(&c.front).len(),
                _ => 1,
            })
            .sum();
        let cards: Vec<_> = all_cards(&lib)
            .into_iter()
            .filter(|c| &*c.deck == "ch17-practice")
            .collect();
        assert_eq!(cards.len(), expected);
        for spec in deck.cards.iter().filter(|c| c.kind == CardKind::Cloze) {
            let numbers = cloze_numbers(&spec.front);
            assert!(!numbers.is_empty(), "{} has no gap", spec.id);
            for n in numbers {
                let id = format!("{}::c{n}", spec.id);
                let card = cards.iter().find(|c| c.id == id).expect("gap card");
                assert!(!card.front.contains("{{c"), "{id} front keeps markup");
                assert!(card.front.contains("[...]"), "{id} hides its gap");
            }
        }
    }
}
