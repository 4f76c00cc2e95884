//! Missed talking points as flashcards: a rubric item a question's answer
//! missed becomes a card of its own, scheduled like any other (FSRS, the
//! normal queue and counts) and kept until the user deletes it. The card is
//! made from the question (front) and the rubric item with the card that
//! teaches it (back); its id is stable: set, question and item. The store
//! keeps the point (with the texts it had, for when the content changes);
//! this module makes the card. Pure.

use chrono::{DateTime, Utc};

use super::model::{InterviewSet, Question, RubricItem};
use crate::domain::cards::{Card, CardId, DeckRef};
use crate::domain::content::CardKind;

/// The deck every missed-point card belongs to.
pub const MISSED_DECK_ID: &str = "interview-missed";
pub const MISSED_DECK_TITLE: &str = "Missed in mock interviews";

/// A rubric item missed in an answer to a question, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedPoint {
    /// The card's id: `interview:SET:QUESTION:ITEM`.
    pub card_id: String,
    pub set: String,
    pub question: String,
    pub item: String,
    /// The card that teaches the point, when the rubric item names one.
    pub teaching_card: Option<String>,
    /// The question as it was asked.
    pub prompt: String,
    /// The rubric item's label and description when it was missed.
    pub label: String,
    pub description: String,
    /// The attempt that missed it first.
    pub first_attempt: String,
    pub created_at: DateTime<Utc>,
}

/// The card id of a missed point. Content ids are letters, digits, `-`
/// and `_`, so the colons keep it apart from every content card.
pub fn missed_card_id(set: &str, question: &str, item: &str) -> String {
    format!("interview:{set}:{question}:{item}")
}

impl MissedPoint {
    /// The point for `item` missed in an answer to `question` of `set`.
    pub fn new(
        set: &InterviewSet,
        question: &Question,
        item: &RubricItem,
        attempt: &str,
        at: DateTime<Utc>,
    ) -> MissedPoint {
        MissedPoint {
            card_id: missed_card_id(&set.id, &question.id, &item.id),
            set: set.id.clone(),
            question: question.id.clone(),
            item: item.id.clone(),
            teaching_card: item.card.clone(),
            prompt: question.prompt.clone(),
            label: item.label.clone(),
            description: item.description.clone(),
            first_attempt: attempt.to_string(),
            created_at: at,
        }
    }

    /// The flashcard. `teaching` is the back of the card that teaches the
    /// point, when it is loaded; `texts` false leaves front and back empty
    /// (`due` and `stats` only count cards).
    pub fn card(&self, teaching: Option<&str>, texts: bool) -> Card {
        let deck = DeckRef::new(MISSED_DECK_ID, MISSED_DECK_TITLE);
        let (front, back) = if texts {
            (self.front(), self.back(teaching))
        } else {
            (String::new(), String::new())
        };
        Card {
            id: CardId::from(self.card_id.as_str()),
            deck,
            front: front.into(),
            back: back.into(),
            tags: Box::new([]),
            kind: CardKind::Basic,
            // a note of its own: not buried with the card that teaches the
            // point, nor with the same point missed on another question
            from_note: None,
        }
    }

    fn front(&self) -> String {
        format!(
            "In a mock interview you were asked:\n\n> {}\n\nYour answer missed **{}**. \
             What would cover it?",
            quote_lines(&self.prompt),
            escape_inline(&self.label)
        )
    }

    fn back(&self, teaching: Option<&str>) -> String {
        let mut back = format!(
            "**{}**: {}",
            escape_inline(&self.label),
            self.description.trim()
        );
        if let Some(text) = teaching.map(str::trim).filter(|t| !t.is_empty()) {
            back.push_str("\n\n");
            back.push_str(text);
        }
        back
    }
}

/// A prompt inside a Markdown quote: every line quoted.
fn quote_lines(text: &str) -> String {
    text.trim().lines().collect::<Vec<_>>().join("\n> ")
}

/// A label inside `**...**`: the asterisks it has are escaped.
fn escape_inline(text: &str) -> String {
    text.trim().replace('*', "\\*")
}

/// Missed points of content that is loaded, and of content that is not
/// (kept: the user deletes them, not a content change).
pub fn missed_cards<'a>(
    points: &'a [MissedPoint],
    teaching_back: impl Fn(&str) -> Option<&'a str>,
    texts: bool,
) -> Vec<Card> {
    points
        .iter()
        .map(|p| {
            let teaching = p.teaching_card.as_deref().and_then(&teaching_back);
            p.card(teaching, texts)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn point() -> MissedPoint {
        MissedPoint {
            card_id: missed_card_id("set", "q1", "star"),
            set: "set".into(),
            question: "q1".into(),
            item: "star".into(),
            teaching_card: Some("teach".into()),
            prompt: "Tell me about a conflict.\nWhat did you do?".into(),
            label: "STAR *structure*".into(),
            description: "Situation, task, action, result.".into(),
            first_attempt: "a1".into(),
            created_at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap(),
        }
    }

    #[test]
    fn the_card_asks_the_question_and_teaches_the_point() {
        let card = point().card(Some("Use the STAR method."), true);
        assert_eq!(card.id, "interview:set:q1:star");
        assert_eq!(&*card.deck, MISSED_DECK_ID);
        assert_eq!(card.deck.title(), MISSED_DECK_TITLE);
        assert!(
            card.front
                .contains("> Tell me about a conflict.\n> What did you do?")
        );
        assert!(card.front.contains("**STAR \\*structure\\***"));
        assert!(card.back.ends_with("Use the STAR method."), "{}", card.back);
        assert_eq!(card.note(), card.id.as_str());
        let bare = point().card(None, false);
        assert!(bare.front.is_empty() && bare.back.is_empty());
        assert_eq!(bare.id, card.id);
    }

    #[test]
    fn ids_are_stable_and_never_a_content_id() {
        assert_eq!(missed_card_id("a", "b", "c"), missed_card_id("a", "b", "c"));
        assert!(missed_card_id("a", "b", "c").contains(':'));
    }
}
