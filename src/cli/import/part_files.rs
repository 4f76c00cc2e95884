//! A deck file and a chapter file as runs of pieces ([`Splittable`]), so an
//! import too big for one content file is written in parts. A deck's pieces
//! are its cards; a chapter's are its introduction, each interview, each
//! plain section, each insight and the conclusion, in the file's order.
//! Written whole (one part), either is exactly what `to_toml` makes of it.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;

use super::parts::{Splittable, part_id, part_title};
use super::toml_out::{CardOut, ChapterFile, DeckFile, InterviewOut, SectionOut, to_toml};

/// Bytes a piece takes besides its texts: keys, quotes, table headers.
const OVERHEAD: usize = 64;

/// A deck's cards as pieces; `origin` names the input in the file's comment.
pub struct DeckPieces<'a> {
    pub deck: &'a DeckFile,
    pub origin: &'a str,
}

/// The deck file's shape with borrowed cards (the same TOML as [`DeckFile`]).
#[derive(Serialize)]
struct DeckPart<'a> {
    kind: &'static str,
    id: String,
    title: String,
    cards: &'a [CardOut],
}

impl Splittable for DeckPieces<'_> {
    fn pieces(&self) -> usize {
        self.deck.cards.len()
    }

    fn piece_bytes(&self, i: usize) -> usize {
        self.deck.cards.get(i).map_or(0, |c| {
            let tags: usize = c.tags.iter().map(|t| t.len() + 4).sum();
            c.id.len() + c.front.len() + c.back.len() + tags + OVERHEAD
        })
    }

    fn piece_name(&self, i: usize) -> String {
        let id = self.deck.cards.get(i).map_or("", |c| c.id.as_str());
        format!("card `{id}`")
    }

    fn part_toml(&self, pieces: Range<usize>, part: usize, of: usize) -> anyhow::Result<String> {
        // A card may already hold the id a part would get (one look per part).
        let deck = self.deck;
        let taken = |id: &str| id == deck.id || deck.cards.iter().any(|c| c.id == id);
        let id = part_id(&deck.id, part, taken);
        let file = DeckPart {
            kind: self.deck.kind,
            id,
            title: part_title(&self.deck.title, part, of),
            cards: self.deck.cards.get(pieces).unwrap_or_default(),
        };
        to_toml(&file, self.origin)
    }
}

/// One piece of a chapter.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    Introduction,
    Interview(usize),
    Section(usize),
    /// An insight; the insights' own intro goes with the first.
    Insight(usize),
    /// Insights with no items: their intro alone.
    InsightsIntro,
    Conclusion,
    /// An explicit card (`[[cards]]`).
    Card(usize),
}

/// A chapter's pieces, in the order the file holds them.
pub struct ChapterPieces<'a> {
    file: &'a ChapterFile,
    origin: &'a str,
    pieces: Vec<Piece>,
}

impl<'a> ChapterPieces<'a> {
    pub fn new(file: &'a ChapterFile, origin: &'a str) -> Self {
        let mut pieces = Vec::new();
        if file.introduction.is_some() {
            pieces.push(Piece::Introduction);
        }
        pieces.extend((0..file.interviews.len()).map(Piece::Interview));
        pieces.extend((0..file.sections.len()).map(Piece::Section));
        if let Some(insights) = &file.insights {
            if insights.items.is_empty() {
                pieces.push(Piece::InsightsIntro);
            }
            pieces.extend((0..insights.items.len()).map(Piece::Insight));
        }
        if file.conclusion.is_some() {
            pieces.push(Piece::Conclusion);
        }
        pieces.extend((0..file.cards.len()).map(Piece::Card));
        Self {
            file,
            origin,
            pieces,
        }
    }

    /// Every id the chapter uses, so a part's new ids repeat none of them.
    fn ids(&self) -> HashSet<&'a str> {
        let f = self.file;
        let mut ids: HashSet<&str> = HashSet::from([f.id.as_str()]);
        let sections = f
            .introduction
            .iter()
            .chain(&f.sections)
            .chain(&f.conclusion);
        ids.extend(sections.map(|s| s.id.as_str()));
        ids.extend(f.cards.iter().map(|c| c.id.as_str()));
        for interview in &f.interviews {
            ids.insert(&interview.id);
            ids.extend(interview.questions.iter().map(|q| q.id.as_str()));
        }
        if let Some(insights) = &f.insights {
            ids.insert(&insights.id);
            ids.extend(insights.items.iter().map(|s| s.id.as_str()));
        }
        ids
    }

    /// The run of indices of one kind of piece within `pieces`.
    fn run(
        &self,
        pieces: &Range<usize>,
        index_of: impl Fn(Piece) -> Option<usize>,
    ) -> Range<usize> {
        let mut found = self
            .pieces
            .get(pieces.clone())
            .unwrap_or_default()
            .iter()
            .filter_map(|p| index_of(*p));
        match found.next() {
            Some(first) => first..found.last().unwrap_or(first) + 1,
            None => 0..0,
        }
    }
}

/// The chapter file's shape with borrowed pieces (the same TOML as
/// [`ChapterFile`]).
#[derive(Serialize)]
struct ChapterPart<'a> {
    id: String,
    number: u32,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    introduction: Option<&'a SectionOut>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    interviews: &'a [InterviewOut],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    sections: &'a [SectionOut],
    #[serde(skip_serializing_if = "Option::is_none")]
    insights: Option<InsightsPart<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conclusion: Option<&'a SectionOut>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    cards: &'a [CardOut],
}

#[derive(Serialize)]
struct InsightsPart<'a> {
    id: String,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    intro: Option<&'a String>,
    items: &'a [SectionOut],
}

fn section_bytes(s: &SectionOut) -> usize {
    s.id.len() + s.title.len() + s.body.len() + OVERHEAD
}

impl Splittable for ChapterPieces<'_> {
    fn pieces(&self) -> usize {
        self.pieces.len()
    }

    fn piece_bytes(&self, i: usize) -> usize {
        let f = self.file;
        let insights_intro = || {
            f.insights.as_ref().map_or(0, |s| {
                s.title.len() + s.intro.as_ref().map_or(0, String::len)
            })
        };
        match self.pieces.get(i) {
            Some(Piece::Introduction) => f.introduction.as_ref().map_or(0, section_bytes),
            Some(Piece::Conclusion) => f.conclusion.as_ref().map_or(0, section_bytes),
            Some(Piece::Section(k)) => f.sections.get(*k).map_or(0, section_bytes),
            Some(Piece::Interview(k)) => f.interviews.get(*k).map_or(0, |v| {
                let texts = [&v.id, &v.title, &v.interviewee, &v.answerer];
                let extra = [&v.background, &v.role].into_iter().flatten();
                let questions: usize = (v.questions.iter())
                    .map(|q| q.id.len() + q.question.len() + q.answer.len() + OVERHEAD)
                    .sum();
                texts.iter().map(|t| t.len()).sum::<usize>()
                    + extra.map(String::len).sum::<usize>()
                    + questions
                    + OVERHEAD
            }),
            Some(Piece::Insight(k)) => {
                let item = f.insights.as_ref().and_then(|s| s.items.get(*k));
                item.map_or(0, section_bytes) + if *k == 0 { insights_intro() } else { 0 }
            }
            Some(Piece::InsightsIntro) => insights_intro() + OVERHEAD,
            Some(Piece::Card(k)) => f.cards.get(*k).map_or(0, |c| {
                let tags: usize = c.tags.iter().map(|t| t.len() + 4).sum();
                c.id.len() + c.front.len() + c.back.len() + tags + OVERHEAD
            }),
            None => 0,
        }
    }

    fn piece_name(&self, i: usize) -> String {
        let f = self.file;
        match self.pieces.get(i) {
            Some(Piece::Interview(k)) => {
                let title = f.interviews.get(*k).map_or("", |v| v.title.as_str());
                format!("the interview `{title}`")
            }
            Some(Piece::Section(k)) => {
                let title = f.sections.get(*k).map_or("", |s| s.title.as_str());
                format!("the section `{title}`")
            }
            Some(Piece::Insight(k)) => {
                let items = f.insights.as_ref().map(|s| s.items.as_slice());
                let title = items
                    .and_then(|s| s.get(*k))
                    .map_or("", |s| s.title.as_str());
                format!("the insight `{title}`")
            }
            Some(Piece::Card(k)) => {
                let id = f.cards.get(*k).map_or("", |c| c.id.as_str());
                format!("card `{id}`")
            }
            Some(Piece::Introduction) => "the introduction".into(),
            Some(Piece::InsightsIntro) => "the insights' introduction".into(),
            Some(Piece::Conclusion) | None => "the conclusion".into(),
        }
    }

    fn part_toml(&self, pieces: Range<usize>, part: usize, of: usize) -> anyhow::Result<String> {
        let f = self.file;
        let held = |p: Piece| {
            self.pieces
                .get(pieces.clone())
                .is_some_and(|r| r.contains(&p))
        };
        let taken = if of > 1 { self.ids() } else { HashSet::new() };
        let interviews = self.run(&pieces, |p| match p {
            Piece::Interview(k) => Some(k),
            _ => None,
        });
        let sections = self.run(&pieces, |p| match p {
            Piece::Section(k) => Some(k),
            _ => None,
        });
        let cards = self.run(&pieces, |p| match p {
            Piece::Card(k) => Some(k),
            _ => None,
        });
        let insights = f.insights.as_ref().and_then(|ins| {
            let items = self.run(&pieces, |p| match p {
                Piece::Insight(k) => Some(k),
                _ => None,
            });
            let opens = held(Piece::InsightsIntro) || held(Piece::Insight(0));
            (opens || !items.is_empty()).then(|| InsightsPart {
                id: if opens {
                    ins.id.clone()
                } else {
                    part_id(&ins.id, part, |id| taken.contains(id))
                },
                title: &ins.title,
                intro: ins.intro.as_ref().filter(|_| opens),
                items: ins.items.get(items).unwrap_or_default(),
            })
        });
        let file = ChapterPart {
            id: part_id(&f.id, part, |id| taken.contains(id)),
            number: f.number,
            title: part_title(&f.title, part, of),
            introduction: f
                .introduction
                .as_ref()
                .filter(|_| held(Piece::Introduction)),
            interviews: f.interviews.get(interviews).unwrap_or_default(),
            sections: f.sections.get(sections).unwrap_or_default(),
            insights,
            conclusion: f.conclusion.as_ref().filter(|_| held(Piece::Conclusion)),
            cards: f.cards.get(cards).unwrap_or_default(),
        };
        to_toml(&file, self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::import::parts::cut;
    use crate::domain::content::{CardKind, Library, load_files};

    const SEED: &str = include_str!("../../../tests/fixtures/seed/chapter-17.md");

    fn load(texts: &[String]) -> Library {
        let names: Vec<String> = (1..=texts.len()).map(|k| format!("p{k}.toml")).collect();
        load_files(
            names
                .iter()
                .zip(texts)
                .map(|(n, t)| (n.as_str(), t.as_bytes())),
        )
    }

    #[test]
    fn a_chapter_in_parts_loads_with_every_piece_once_in_order() {
        // An intro paragraph for the insights, which must stay with the first.
        let seed = SEED.replacen(
            "Interviews\n----------------------------\n\n",
            "Interviews\n----------------------------\n\nWhat both sides agreed on.\n\n",
            1,
        );
        let (chapter, _) = super::super::markdown::convert("ch.md", &seed);
        assert!(chapter.insights.as_ref().is_some_and(|s| s.intro.is_some()));
        let pieces = ChapterPieces::new(&chapter, "ch.md");
        let whole = cut(&pieces, "ch.md", 1 << 20, true).unwrap();
        assert_eq!(whole, vec![to_toml(&chapter, "ch.md").unwrap()]);
        let one = load(&whole);
        let want = &one.chapters[0];

        let texts = cut(&pieces, "ch.md", 1400, true).unwrap();
        assert!(texts.len() >= 3, "{} parts", texts.len());
        assert!(texts.iter().all(|t| t.len() <= 1400));
        let lib = load(&texts);
        assert_eq!(lib.problems, vec![]);
        let of = texts.len();
        let ids: Vec<&str> = lib.chapters.iter().map(|c| c.id.as_str()).collect();
        let mut want_ids = vec!["ch17".to_string()];
        want_ids.extend((2..=of).map(|k| format!("ch17-part{k}")));
        assert_eq!(ids, want_ids);
        for (k, c) in lib.chapters.iter().enumerate() {
            assert_eq!(c.title, format!("{} (part {} of {of})", want.title, k + 1));
            assert_eq!(c.number, want.number);
        }
        let first = &lib.chapters[0];
        let last = &lib.chapters[of - 1];
        assert_eq!(
            first.introduction.as_ref().map(|s| &s.body),
            want.introduction.as_ref().map(|s| &s.body)
        );
        assert_eq!(
            last.conclusion.as_ref().map(|s| &s.id),
            want.conclusion.as_ref().map(|s| &s.id)
        );
        let interviews: Vec<&str> = lib
            .chapters
            .iter()
            .flat_map(|c| &c.interviews)
            .map(|i| i.id.as_str())
            .collect();
        let want_interviews: Vec<&str> = want.interviews.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(interviews, want_interviews);
        let insights: Vec<&str> = lib
            .chapters
            .iter()
            .filter_map(|c| c.insights.as_ref())
            .flat_map(|s| &s.items)
            .map(|i| i.id.as_str())
            .collect();
        let want_insights = want
            .insights
            .as_ref()
            .map(|s| s.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>());
        assert_eq!(Some(insights), want_insights);
        // The insights' intro stays with the first insight; later parts get an id of their own.
        let parts_with_insights: Vec<_> = lib
            .chapters
            .iter()
            .filter_map(|c| c.insights.as_ref())
            .collect();
        assert!(parts_with_insights.len() >= 2, "the insights are split too");
        assert_eq!(
            parts_with_insights[0].intro,
            want.insights.as_ref().and_then(|s| s.intro.clone())
        );
        assert!(
            parts_with_insights[1..]
                .iter()
                .all(|s| s.intro.is_none() && s.id != parts_with_insights[0].id)
        );
    }

    #[test]
    fn a_deck_in_parts_loads_with_every_card_once_in_order() {
        let cards: Vec<CardOut> = (0..40)
            .map(|i| CardOut {
                id: format!("c{i}"),
                kind: CardKind::Basic,
                front: format!("Question {i} \"quoted\""),
                back: "An answer".repeat(i % 5 + 1),
                tags: vec!["t".into()],
                lint: None,
            })
            .collect();
        let deck = DeckFile {
            kind: "deck",
            // A card already uses the id the second part would get.
            id: "d".into(),
            title: "Deck".into(),
            cards: [
                cards,
                vec![CardOut {
                    id: "d-part2".into(),
                    kind: CardKind::Basic,
                    front: "F".into(),
                    back: "B".into(),
                    tags: vec![],
                    lint: None,
                }],
            ]
            .concat(),
        };
        let pieces = DeckPieces {
            deck: &deck,
            origin: "a.txt",
        };
        let whole = cut(&pieces, "a.txt", 1 << 20, true).unwrap();
        assert_eq!(whole, vec![to_toml(&deck, "a.txt").unwrap()]);
        let texts = cut(&pieces, "a.txt", 1000, true).unwrap();
        assert!(texts.len() >= 3, "{} parts", texts.len());
        let lib = load(&texts);
        assert_eq!(lib.problems, vec![]);
        let ids: Vec<&str> = lib
            .decks
            .iter()
            .flat_map(|d| &d.cards)
            .map(|c| c.id.as_str())
            .collect();
        let want: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        let mut want_sorted = want.clone();
        want_sorted.sort_unstable();
        assert_eq!(sorted, want_sorted, "every card once");
        let mut deck_ids: Vec<&str> = lib.decks.iter().map(|d| d.id.as_str()).collect();
        deck_ids.sort_unstable();
        assert!(
            deck_ids.contains(&"d") && deck_ids.contains(&"d-part2-2"),
            "{deck_ids:?}"
        );
        let first = lib.decks.iter().find(|d| d.id == "d").unwrap();
        assert!(
            first.title.starts_with("Deck (part 1 of "),
            "{}",
            first.title
        );
        assert_eq!(first.cards[0].id, "c0");
    }
}
