//! Drafts: text typed into a box and not yet submitted, kept in the store
//! under a key that says what the box is for, so it comes back in that box.
//! One draft per key: a typed card's answer (`card:ID`), a bookmark's note
//! (`note:ITEM`), an interview question's answer (`interview:SET:QUESTION`).

use chrono::{DateTime, Utc};

/// A kept draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub key: String,
    pub text: String,
    /// For a note: the note as it was when the editor opened, to tell an
    /// edit made elsewhere meanwhile. None for answers.
    pub base: Option<String>,
    pub saved: DateTime<Utc>,
}

/// The key of a typed card's answer draft.
pub fn card_key(card_id: &str) -> String {
    format!("card:{card_id}")
}

/// The key of a bookmark note's draft.
pub fn note_key(item_id: &str) -> String {
    format!("note:{item_id}")
}

/// The key of an interview answer's draft: the set and the question (a
/// draft from an interrupted interview comes back when the question is
/// asked again).
pub fn interview_key(set_id: &str, question_id: &str) -> String {
    format!("interview:{set_id}:{question_id}")
}

/// The card id of a card draft's key.
pub fn card_of(key: &str) -> Option<&str> {
    key.strip_prefix("card:")
}
