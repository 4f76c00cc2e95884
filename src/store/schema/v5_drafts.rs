//! Schema version 5: the drafts table, and the one typed-answer draft older
//! versions kept in `positions` moved into it.

use rusqlite::OptionalExtension;

/// Drafts: one row per text box key (`card:ID`, `note:ITEM`,
/// `interview:SET:QUESTION`); `base` is what a note editor opened on.
pub const V5_DRAFTS: &str = "
CREATE TABLE IF NOT EXISTS drafts (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    base TEXT,
    saved_ms INTEGER NOT NULL
);
";

/// The key the typed-answer draft had in `positions` before version 5.
const OLD_TYPED_DRAFT_KEY: &str = "typed-draft";

/// Version 3 or 4 to 5: the drafts table, and the one typed-answer draft
/// older versions kept in `positions` (JSON `{card_id, text, saved}`)
/// moved into it as `card:ID`. An unreadable old value is left where it is.
pub fn migrate_v5_drafts(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(V5_DRAFTS)?;
    let old: Option<Option<String>> = tx
        .query_row(
            "SELECT value FROM positions WHERE key = ?1",
            [OLD_TYPED_DRAFT_KEY],
            |r| r.get(0),
        )
        .optional()?;
    let Some(value) = old.flatten() else {
        return Ok(());
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&value) else {
        return Ok(());
    };
    let card = json.get("card_id").and_then(|v| v.as_str());
    let text = json.get("text").and_then(|v| v.as_str());
    let saved = json
        .get("saved")
        .and_then(|v| v.as_str())
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok());
    if let (Some(card), Some(text), Some(saved)) = (card, text, saved) {
        if !text.is_empty() {
            tx.execute(
                "INSERT OR IGNORE INTO drafts (key, text, base, saved_ms) VALUES (?1, ?2, NULL, ?3)",
                rusqlite::params![
                    crate::domain::drafts::card_key(card),
                    text,
                    saved.timestamp_millis()
                ],
            )?;
        }
        tx.execute(
            "DELETE FROM positions WHERE key = ?1",
            [OLD_TYPED_DRAFT_KEY],
        )?;
    }
    Ok(())
}
