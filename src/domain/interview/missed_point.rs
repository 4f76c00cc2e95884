//! Missed talking points as flashcards: a rubric item a question's answer
//! missed becomes a card of its own, scheduled like any other (FSRS, the
//! normal queue and counts) and kept until the user deletes it. The card is
//! made from the question (front) and the rubric item with the card that
//! teaches it (back); its id is stable: set, question and item. The store
//! keeps the point (with the texts it had, for when the content changes);
//! `domain::missed_cards` makes the card (the interview model knows no
//! cards: the content, which holds interview sets, is what cards are made
//! of). Pure.

use chrono::{DateTime, Utc};

use super::model::{InterviewSet, Question, RubricItem};

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
}

/// The missed points of one question with a card, oldest first.
pub fn question_points<'a>(
    points: &'a [MissedPoint],
    set: &str,
    question: &str,
) -> Vec<&'a MissedPoint> {
    points
        .iter()
        .filter(|p| p.set == set && p.question == question)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_never_a_content_id() {
        assert_eq!(missed_card_id("a", "b", "c"), missed_card_id("a", "b", "c"));
        assert!(missed_card_id("a", "b", "c").contains(':'));
    }
}
