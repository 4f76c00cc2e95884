//! A deck file's card read from the content cache for counting (`due`,
//! `stats`), which need a card's id, deck, kind and note but never its text:
//! the back and the tags are passed over unread, and the front is kept only
//! when it holds cloze gaps (`{{c`), whose numbers make the cards' ids. The
//! cache stores [`CardSpec`] with postcard, a format that is not
//! self-describing, so the fields are read in `CardSpec`'s order and with its
//! types; the tests below pin that the two agree.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

use super::model::{CardKind, CardSpec};
use crate::domain::card_id::CardId;

/// A [`CardSpec`] without its texts (see the module doc).
#[derive(Debug, Clone)]
#[repr(transparent)]
pub struct CountingSpec(pub CardSpec);

const FIELDS: &[&str] = &["id", "front", "back", "tags", "kind", "from"];

impl<'de> Deserialize<'de> for CountingSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("CardSpec", FIELDS, SpecVisitor)
    }
}

struct SpecVisitor;

impl<'de> Visitor<'de> for SpecVisitor {
    type Value = CountingSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a card")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CountingSpec, A::Error> {
        let missing = |n| de::Error::invalid_length(n, &"the six fields of a card");
        let id: CardId = seq.next_element()?.ok_or_else(|| missing(0))?;
        let front: ClozeFront = seq.next_element()?.ok_or_else(|| missing(1))?;
        let _back: Unread = seq.next_element()?.ok_or_else(|| missing(2))?;
        let _tags: UnreadList = seq.next_element()?.ok_or_else(|| missing(3))?;
        let kind: CardKind = seq.next_element()?.ok_or_else(|| missing(4))?;
        let from: Option<String> = seq.next_element()?.ok_or_else(|| missing(5))?;
        Ok(CountingSpec(CardSpec {
            id,
            front: front.0,
            back: String::new(),
            tags: Vec::new(),
            kind,
            from,
        }))
    }
}

/// A text passed over: postcard writes a string as its length and bytes,
/// as it writes bytes, so it is read as bytes (no copy, no UTF-8 check).
/// Asked for as an owned buffer: a streamed read then passes it through its
/// scratch buffer, which a borrowed read would use up.
struct Unread;

impl<'de> Deserialize<'de> for Unread {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_byte_buf(UnreadVisitor)
    }
}

struct UnreadVisitor;

impl<'de> Visitor<'de> for UnreadVisitor {
    type Value = Unread;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a text")
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Unread, E> {
        Ok(Unread)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Unread, E> {
        Ok(Unread)
    }
}

/// A list of texts passed over.
struct UnreadList;

impl<'de> Deserialize<'de> for UnreadList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(UnreadListVisitor)
    }
}

struct UnreadListVisitor;

impl<'de> Visitor<'de> for UnreadListVisitor {
    type Value = UnreadList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of texts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UnreadList, A::Error> {
        while seq.next_element::<Unread>()?.is_some() {}
        Ok(UnreadList)
    }
}

/// A cloze gap's opening, searched for in every front (100,000 of them at
/// a time: a comparison at each byte took a sixth of the read).
static CLOZE_OPENING: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"{{c"));

/// A front kept only when it holds a cloze gap's opening `{{c`.
struct ClozeFront(String);

impl<'de> Deserialize<'de> for ClozeFront {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_byte_buf(ClozeFrontVisitor)
    }
}

struct ClozeFrontVisitor;

impl<'de> Visitor<'de> for ClozeFrontVisitor {
    type Value = ClozeFront;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a card's front")
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<ClozeFront, E> {
        if CLOZE_OPENING.find(bytes).is_none() {
            return Ok(ClozeFront(String::new()));
        }
        std::str::from_utf8(bytes)
            .map(|text| ClozeFront(text.to_string()))
            .map_err(|_| E::custom("a card's front is not UTF-8"))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<ClozeFront, E> {
        self.visit_bytes(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card_index::take_all_cards_without_texts;
    use crate::domain::cards::{Card, take_all_cards};
    use crate::domain::content::model::{Deck, Library};
    use proptest::prelude::*;

    fn spec() -> impl Strategy<Value = CardSpec> {
        let text = prop_oneof![
            "[a-z {}:,.é]{0,40}",
            "[a-z ]{0,8}\\{\\{c[1-3]::[a-z]{1,5}(::[a-z]{1,3})?\\}\\}[a-z {}]{0,8}",
        ];
        (
            "[a-z0-9-]{1,12}",
            text.clone(),
            text,
            proptest::collection::vec("[a-z]{0,6}", 0..3),
            prop_oneof![
                Just(CardKind::Basic),
                Just(CardKind::Cloze),
                Just(CardKind::Typed)
            ],
            proptest::option::of("[a-z0-9-]{1,8}"),
        )
            .prop_map(|(id, front, back, tags, kind, from)| CardSpec {
                id: id.into(),
                front,
                back,
                tags,
                kind,
                from,
            })
    }

    fn cards_of(specs: Vec<CardSpec>, take: fn(&mut Library) -> Vec<Card>) -> Vec<Card> {
        let mut library = Library {
            chapters: Vec::new(),
            decks: vec![Deck {
                id: "d".into(),
                title: "D".into(),
                chapter: None,
                source: "d.toml".into(),
                cards: specs,
            }],
            interviews: Vec::new(),
            problems: Vec::new(),
        };
        take(&mut library)
    }

    proptest! {
        /// Read as the cache writes them (whole and streamed), the cards
        /// for counting have the ids, decks, kinds and notes of the cards
        /// made from the whole specs, and no back or tags; made without
        /// texts, they have none.
        #[test]
        fn counting_specs_make_the_same_cards(specs in proptest::collection::vec(spec(), 0..12)) {
            let bytes = postcard::to_stdvec(&specs).unwrap();
            let whole: Vec<CountingSpec> = postcard::from_bytes(&bytes).unwrap();
            let mut scratch = vec![0u8; 256];
            let (streamed, _): (Vec<CountingSpec>, _) =
                postcard::from_io((std::io::Cursor::new(&bytes), &mut scratch)).unwrap();
            let key = |c: &Card| (c.id.clone(), c.deck.to_string(), c.kind, c.note().to_string());
            let want: Vec<_> = cards_of(specs, take_all_cards).iter().map(key).collect();
            for read in [whole, streamed] {
                let specs: Vec<CardSpec> = read.into_iter().map(|s| s.0).collect();
                prop_assert!(specs.iter().all(|s| s.back.is_empty() && s.tags.is_empty()));
                let got: Vec<_> = cards_of(specs.clone(), take_all_cards).iter().map(key).collect();
                prop_assert_eq!(&got, &want);
                let counted = cards_of(specs, |l| take_all_cards_without_texts(l).into_cards());
                prop_assert!(counted.iter().all(|c| c.front.is_empty() && c.back.is_empty()));
                let got: Vec<_> = counted.iter().map(key).collect();
                prop_assert_eq!(&got, &want);
            }
        }
    }

    #[test]
    fn a_front_without_gaps_is_left_out_and_a_broken_record_is_an_error() {
        let specs = vec![CardSpec {
            id: "a".into(),
            front: "Plain {c1} front".into(),
            back: "Back".into(),
            tags: vec!["t".into()],
            kind: CardKind::Basic,
            from: Some("q".into()),
        }];
        let bytes = postcard::to_stdvec(&specs).unwrap();
        let read: Vec<CountingSpec> = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(read[0].0.front, "");
        assert_eq!(read[0].0.from.as_deref(), Some("q"));
        let cut = bytes.get(..bytes.len() - 2).unwrap();
        assert!(postcard::from_bytes::<Vec<CountingSpec>>(cut).is_err());
    }
}
