//! A typed answer that was being written when a signal (SIGTERM, SIGHUP)
//! ended the app: kept in the store's `positions` table and put back in the
//! answer box the next time that card is asked, unless the card was answered
//! since.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::schedule::ReviewRecord;

/// The store key it is saved under (`positions` table).
pub const KEY: &str = "typed-draft";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedDraft {
    pub card_id: String,
    pub text: String,
    /// When it was kept; an answer to the card after this makes it stale.
    pub saved: DateTime<Utc>,
}

impl TypedDraft {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The stored draft, unless it is unreadable, empty or stale (its card
    /// was answered at or after it was kept).
    pub fn decode_fresh(value: &str, reviews: &[(i64, ReviewRecord)]) -> Option<Self> {
        let draft: TypedDraft = serde_json::from_str(value).ok()?;
        let answered = reviews
            .iter()
            .any(|(_, r)| r.card_id == draft.card_id && r.at >= draft.saved);
        (!answered && !draft.text.is_empty()).then_some(draft)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::Grade;
    use chrono::TimeZone;

    #[test]
    fn a_draft_is_fresh_until_its_card_is_answered() {
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().unwrap();
        let draft = TypedDraft {
            card_id: "k".into(),
            text: "half".into(),
            saved: at,
        };
        let value = draft.encode();
        assert_eq!(TypedDraft::decode_fresh(&value, &[]), Some(draft));
        let answered = ReviewRecord {
            card_id: "k".into(),
            at,
            day: crate::domain::schedule::day::test_day(at),
            grade: Grade::Good,
            elapsed_ms: 0,
            typed_answer: None,
        };
        assert_eq!(TypedDraft::decode_fresh(&value, &[(1, answered)]), None);
        assert_eq!(TypedDraft::decode_fresh("", &[]), None);
    }
}
