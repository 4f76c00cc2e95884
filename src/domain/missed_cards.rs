//! Missed interview points as flashcards: the card a `MissedPoint` makes
//! (front: the question asked and the point missed; back: the point and the
//! card that teaches it), in its own deck, a note of its own. Here and not
//! in `domain::interview`: the content holds interview sets and cards are
//! made of content, so the interview model may not know cards. Pure.

use crate::domain::cards::{Card, CardId, DeckRef};
use crate::domain::content::CardKind;
use crate::domain::interview::{MISSED_DECK_ID, MISSED_DECK_TITLE, MissedPoint};

/// The flashcard of a missed point. `teaching` is the back of the card that
/// teaches the point, when it is loaded; `texts` false leaves front and back
/// empty (`due` and `stats` only count cards).
pub fn card(point: &MissedPoint, teaching: Option<&str>, texts: bool) -> Card {
    let deck = DeckRef::new(MISSED_DECK_ID, MISSED_DECK_TITLE);
    let (front, back) = if texts {
        (front_of(point), back_of(point, teaching))
    } else {
        (String::new(), String::new())
    };
    Card {
        id: CardId::from(point.card_id.as_str()),
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

fn front_of(point: &MissedPoint) -> String {
    format!(
        "In a mock interview you were asked:\n\n> {}\n\nYour answer missed **{}**. \
         What would cover it?",
        quote_lines(&point.prompt),
        escape_inline(&point.label)
    )
}

fn back_of(point: &MissedPoint, teaching: Option<&str>) -> String {
    let mut back = format!(
        "**{}**: {}",
        escape_inline(&point.label),
        point.description.trim()
    );
    if let Some(text) = teaching.map(str::trim).filter(|t| !t.is_empty()) {
        back.push_str("\n\n");
        back.push_str(text);
    }
    back
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
            card(p, teaching, texts)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interview::missed_card_id;
    use chrono::{TimeZone, Utc};

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
        let card = card(&point(), Some("Use the STAR method."), true);
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
        let bare = super::card(&point(), None, false);
        assert!(bare.front.is_empty() && bare.back.is_empty());
        assert_eq!(bare.id, card.id);
    }
}
