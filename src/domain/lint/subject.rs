//! What the card linter reads of each card: its texts as written (a cloze
//! text with its gaps), the note it shares with its siblings, and the file
//! it is written in. A question or insight is read as the card it makes
//! (its `card` texts where set); one with `card = false` is not a card.

use std::collections::BTreeSet;

use super::words;
use crate::domain::cards::{self, DeckRef};
use crate::domain::content::{CardKind, Library};

/// How a card came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An explicit card of a chapter or deck file, of this kind.
    Explicit(CardKind),
    /// Made from an interview question or an insight of a chapter.
    Derived,
}

/// One card as the linter sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The card's id (a cloze text's id, not each gap's).
    pub id: String,
    pub shape: Shape,
    /// The front as written: Markdown, a cloze text with its `{{c1::...}}`
    /// gaps, a derived card's front as the drill shows it.
    pub front: String,
    /// The back (for a cloze text, the extra shown with every gap).
    pub back: String,
    /// The front and the back as plain text (worked out once: every rule
    /// reads them).
    pub front_text: String,
    pub back_text: String,
    /// The stems of the key words of what the card teaches
    /// ([`Subject::answer_text`]).
    pub answer_keys: BTreeSet<String>,
    /// The card's `from`, as written.
    pub from: Option<String>,
    /// The note it shares with its siblings, when not its `from` or its id:
    /// the start of a `from` chain (as the drill has it).
    pub chain_start: Option<String>,
    /// The file it is written in.
    pub path: String,
}

impl Subject {
    /// The note the card shares with its siblings: where its `from` chain
    /// starts, its `from`, or itself.
    pub fn note(&self) -> &str {
        self.chain_start
            .as_deref()
            .or(self.from.as_deref())
            .unwrap_or(&self.id)
    }

    pub fn is_cloze(&self) -> bool {
        self.shape == Shape::Explicit(CardKind::Cloze)
    }

    /// What the card teaches, as plain text: the back, or a cloze text
    /// whole (its gaps filled in) with its extra.
    pub fn answer_text(&self) -> String {
        if self.is_cloze() {
            let whole = crate::domain::content::cloze::render_cloze(&self.front, 0, false);
            format!("{} {}", words::plain(&whole), self.back_text)
        } else {
            self.back_text.clone()
        }
    }

    fn new(id: String, shape: Shape, front: String, back: String, path: &str) -> Subject {
        let mut subject = Subject {
            front_text: words::plain(&front),
            back_text: words::plain(&back),
            answer_keys: BTreeSet::new(),
            id,
            shape,
            front,
            back,
            from: None,
            chain_start: None,
            path: path.to_string(),
        };
        subject.answer_keys = words::key_stems_in(&subject.answer_text());
        subject
    }
}

/// Every card of a library, in content order: per chapter its questions,
/// insights and explicit cards; then each deck file's cards.
pub fn subjects(library: &Library) -> Vec<Subject> {
    let mut out = Vec::new();
    for ch in &library.chapters {
        let deck = DeckRef::new(&ch.id, &ch.heading());
        let derived = ch
            .interviews
            .iter()
            .flat_map(|iv| {
                iv.questions
                    .iter()
                    .filter_map(|qa| cards::question_card(iv, qa, &deck))
            })
            .chain(ch.insights.iter().flat_map(|ins| {
                ins.items
                    .iter()
                    .filter_map(|item| cards::insight_card(item, &deck))
            }));
        out.extend(derived.map(|card| Subject {
            from: card.from_note.as_deref().map(String::from),
            ..Subject::new(
                card.id.to_string(),
                Shape::Derived,
                card.front.into(),
                card.back.into(),
                &ch.source,
            )
        }));
        out.extend(ch.cards.iter().map(|spec| explicit(spec, &ch.source)));
    }
    for deck in &library.decks {
        out.extend(deck.cards.iter().map(|spec| explicit(spec, &deck.source)));
    }
    let links: Vec<(&str, &str)> = out
        .iter()
        .filter_map(|s| Some((s.id.as_str(), s.from.as_deref()?)))
        .collect();
    let starts: Vec<Option<String>> = {
        let starts = cards::from_chain_starts(&links);
        out.iter()
            .map(|s| starts.get(s.id.as_str()).map(|n| n.to_string()))
            .collect()
    };
    for (subject, start) in out.iter_mut().zip(starts) {
        subject.chain_start = start;
    }
    out
}

fn explicit(spec: &crate::domain::content::CardSpec, path: &str) -> Subject {
    Subject {
        from: spec.from.clone(),
        ..Subject::new(
            spec.id.to_string(),
            Shape::Explicit(spec.kind),
            spec.front.clone(),
            spec.back.clone(),
            path,
        )
    }
}
