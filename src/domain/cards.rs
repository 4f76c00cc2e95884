//! Flashcards derived from content: every interview question and insight
//! becomes a card, explicit `[[cards]]` are added, cloze cards are expanded to
//! one card per gap number. Pure functions of the content model.

use std::sync::Arc;

use crate::domain::content::{CardKind, CardSpec, Library};

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

/// The gap numbers used in a cloze text (`{{c1::...}}`), sorted and unique.
pub fn cloze_numbers(text: &str) -> Vec<u32> {
    let mut numbers: Vec<u32> = cloze_gaps(text).into_iter().map(|g| g.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

struct Gap<'a> {
    start: usize,
    end: usize,
    number: u32,
    answer: &'a str,
    hint: Option<&'a str>,
}

fn cloze_gaps(text: &str) -> Vec<Gap<'_>> {
    let mut gaps = Vec::new();
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|t| t.find("{{c")) {
        let start = from + rel;
        let rest = text.get(start + 3..).unwrap_or_default();
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let after = rest.get(digits.len()..).unwrap_or_default();
        match (digits.parse::<u32>(), after.strip_prefix("::")) {
            (Ok(number), Some(body)) if number > 0 => {
                let Some(inner) = body.find("}}").and_then(|close| body.get(..close)) else {
                    break;
                };
                let close = inner.len();
                let (answer, hint) = match inner.split_once("::") {
                    Some((a, h)) => (a, Some(h)),
                    None => (inner, None),
                };
                let end = start + 3 + digits.len() + 2 + close + 2;
                gaps.push(Gap {
                    start,
                    end,
                    number,
                    answer,
                    hint,
                });
                from = end;
            }
            _ => from = start + 3,
        }
    }
    gaps
}

/// Gap markers that look like cloze gaps but are not read as one: number 0
/// (`{{c0::`) or a capital C (`{{C1::`). Each is returned as written.
pub fn ignored_gap_markers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|t| t.find("{{")) {
        let start = from + rel;
        from = start + 2;
        let rest = text.get(start + 2..).unwrap_or_default();
        let Some(after_c) = rest.strip_prefix(['c', 'C']) else {
            continue;
        };
        let digits: String = after_c.chars().take_while(char::is_ascii_digit).collect();
        let tail = after_c.get(digits.len()..).unwrap_or_default();
        if digits.is_empty() || !tail.starts_with("::") {
            continue;
        }
        let zero = digits.parse::<u32>().is_ok_and(|n| n == 0);
        if zero || rest.starts_with('C') {
            found.push(format!(
                "{{{{{}{digits}::",
                rest.chars().next().unwrap_or('c')
            ));
        }
    }
    found
}

/// Renders a cloze text for gap `number`: that gap hidden as `[...]` (or
/// `[hint]`) on the front, shown in bold on the back; other gaps show their text.
pub fn render_cloze(text: &str, number: u32, reveal: bool) -> String {
    render_gaps(text, &cloze_gaps(text), number, reveal)
}

/// [`render_cloze`] with the text's gaps found once (a text with many gap
/// numbers is rendered once per number, from the same gaps).
fn render_gaps(text: &str, gaps: &[Gap<'_>], number: u32, reveal: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for gap in gaps {
        out.push_str(text.get(last..gap.start).unwrap_or_default());
        if gap.number == number {
            if reveal {
                out.push_str(&format!("**{}**", gap.answer));
            } else {
                out.push_str(&format!("[{}]", gap.hint.unwrap_or("...")));
            }
        } else {
            out.push_str(gap.answer);
        }
        last = gap.end;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
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
    let gaps = cloze_gaps(&front);
    let mut numbers: Vec<u32> = gaps.iter().map(|g| g.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    for n in numbers {
        let (gap_front, gap_back) = match texts {
            Texts::Kept => {
                let mut full_back = render_gaps(&front, &gaps, n, true);
                if !back.trim().is_empty() {
                    full_back.push_str("\n\n");
                    full_back.push_str(&back);
                }
                (render_gaps(&front, &gaps, n, false), full_back)
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
    out
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
            for qa in &iv.questions {
                out.push(Card {
                    id: qa.id.as_str().into(),
                    deck: deck.clone(),
                    front: format!("*Asked of {}:*\n\n**{}**", iv.who(), qa.question).into(),
                    back: qa.answer.as_str().into(),
                    tags: Box::new(["interview".into()]),
                    kind: CardKind::Basic,
                    from_note: None,
                });
            }
        }
        if let Some(ins) = &ch.insights {
            for item in &ins.items {
                out.push(Card {
                    id: item.id.as_str().into(),
                    deck: deck.clone(),
                    front: format!("*Insight:* **{}**", item.title).into(),
                    back: item.body.as_str().into(),
                    tags: Box::new(["insight".into()]),
                    kind: CardKind::Basic,
                    from_note: None,
                });
            }
        }
        for spec in &ch.cards {
            explicit(spec.clone(), &deck, Texts::Kept, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_chapter_gives_a_card_per_question_and_insight() {
        let lib = crate::domain::content::bundled::load();
        let cards: Vec<_> = all_cards(&lib)
            .into_iter()
            .filter(|c| &*c.deck == "ch17")
            .collect();
        assert_eq!(cards.len(), 11);
        assert!(cards[0].front.contains("Sarah Johnson"));
        assert!(cards[0].front.contains("key strategy"));
        assert!(cards[0].back.starts_with("Preparation was crucial"));
        assert_eq!(&*cards[10].front, "*Insight:* **Enthusiasm Is Key**");
    }

    #[test]
    fn cloze_gaps_hide_one_number_at_a_time() {
        let text = "Use {{c1::STAR}} for {{c2::behavioural::kind}} questions";
        assert_eq!(cloze_numbers(text), vec![1, 2]);
        assert_eq!(
            render_cloze(text, 1, false),
            "Use [...] for behavioural questions"
        );
        assert_eq!(
            render_cloze(text, 2, false),
            "Use STAR for [kind] questions"
        );
        assert_eq!(
            render_cloze(text, 1, true),
            "Use **STAR** for behavioural questions"
        );
    }

    #[test]
    fn malformed_cloze_is_left_as_text() {
        assert!(cloze_numbers("{{c::x}} {{cx::y}} {{c1::unclosed").is_empty());
        assert_eq!(render_cloze("{{c1::unclosed", 1, false), "{{c1::unclosed");
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
        assert!(of(CardKind::Typed) >= 8);
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
