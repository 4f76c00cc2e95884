//! Rows the store cannot read, set aside on a read-write open instead of
//! refusing every write: a review row with an invalid value (a grade out of
//! range, a time outside the years 1 to 9999, a value of the wrong type) is
//! moved, as it was, into `quarantined_reviews`; a bookmark whose date cannot
//! be read keeps its note and title, and only its date is moved into
//! `quarantined_bookmark_dates` (the bookmark then sorts first, undated).
//! Nothing is deleted: both tables stay in the file (and in its backups)
//! for a person to look at. Older builds ignore them.
//!
//! A stored card state that cannot be read (`card_states`, a cache of the
//! review log) is not set aside but forgotten: the table's stamp is removed,
//! so readers replay the log and the app's start rebuilds the table from it.
//!
//! Read-only opens leave rows where they are: the readers skip what they
//! cannot read and say how many (`Store::valid_reviews`,
//! `Store::bookmarks_read`).

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

use super::reviews::VALID_ROW;
use super::{Result, Store};

/// The tables, made the first time something is set aside. Their columns
/// have no types, so a value of any type is kept as it was.
const TABLES: &str = "
CREATE TABLE IF NOT EXISTS quarantined_reviews (
    id, card_id, at_ms, grade, elapsed_ms, typed_answer, undone, day,
    set_aside_ms INTEGER
);
CREATE TABLE IF NOT EXISTS quarantined_bookmark_dates (
    item_id, created_ms,
    set_aside_ms INTEGER
);
";

/// The milliseconds of a bookmark date every reader accepts (the years 1 to
/// 9999, as for reviews), written as SQL.
pub(crate) const VALID_BOOKMARK_DATE: &str = "created_ms IS NULL \
     OR (typeof(created_ms) = 'integer' AND created_ms BETWEEN -62135596800000 AND 253402300799999)";

/// The partial index of the card-state rows no reader accepts (normally
/// empty), as SQL.
pub(crate) fn card_states_invalid_index() -> String {
    format!(
        "CREATE INDEX IF NOT EXISTS card_states_invalid ON card_states(card_id) \
         WHERE NOT ({VALID_STATE});"
    )
}

/// A card-state row every reader accepts, written as SQL: the phase and
/// counts `Store::card_states` turns into a `CardState`, times in the years
/// 1 to 9999. Its negation is the condition of the partial index
/// `card_states_invalid`, normally empty, which answers the check on every
/// read-write open without reading the table.
pub(crate) const VALID_STATE: &str = "typeof(card_id) = 'text' \
     AND typeof(phase) = 'integer' AND phase BETWEEN 0 AND 3 \
     AND typeof(step) = 'integer' AND step BETWEEN 0 AND 4294967295 \
     AND typeof(stability) IN ('real', 'integer') AND typeof(difficulty) IN ('real', 'integer') \
     AND (due_ms IS NULL OR (typeof(due_ms) = 'integer' \
          AND due_ms BETWEEN -62135596800000 AND 253402300799999)) \
     AND (last_ms IS NULL OR (typeof(last_ms) = 'integer' \
          AND last_ms BETWEEN -62135596800000 AND 253402300799999)) \
     AND typeof(reps) = 'integer' AND reps BETWEEN 0 AND 4294967295 \
     AND typeof(lapses) = 'integer' AND lapses BETWEEN 0 AND 4294967295 \
     AND typeof(first_ms) = 'integer' AND first_ms BETWEEN -62135596800000 AND 253402300799999";

/// What an open set aside.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetAside {
    /// Review rows moved into `quarantined_reviews`.
    pub reviews: usize,
    /// Bookmarks whose date was moved into `quarantined_bookmark_dates`.
    pub bookmark_dates: usize,
    /// Whether a stored card state could not be read (the table is then
    /// rebuilt from the review log).
    pub card_states: bool,
}

impl SetAside {
    /// What was set aside, as a sentence naming the store's file last (a
    /// status line that cuts it keeps what happened); `None` when nothing
    /// was.
    pub fn warning(&self, store: &std::path::Path) -> Option<String> {
        let mut parts = Vec::new();
        if self.card_states {
            parts.push(
                "card states rebuilt from the review log (a stored one could not be read)"
                    .to_string(),
            );
        }
        if self.reviews > 0 {
            parts.push(format!(
                "{} review row(s) with invalid values were set aside (table quarantined_reviews)",
                self.reviews
            ));
        }
        if self.bookmark_dates > 0 {
            parts.push(format!(
                "the unreadable date of {} bookmark(s) was set aside (table \
                 quarantined_bookmark_dates); the bookmarks and notes are kept",
                self.bookmark_dates
            ));
        }
        let mut text = parts.join("; ");
        if let Some(first) = text.get(..1) {
            text = format!(
                "{}{}",
                first.to_uppercase(),
                text.get(1..).unwrap_or_default()
            );
        }
        (!parts.is_empty()).then(|| format!("{text} ({})", store.display()))
    }
}

impl Store {
    /// Moves what no reader accepts out of the way (see the module doc), in
    /// one write transaction; `now` dates the move. Asked on every
    /// read-write open: the partial index of invalid review rows answers at
    /// once when there are none (`Store::first_invalid_review`).
    pub(crate) fn set_aside_unreadable_rows(&self, now: DateTime<Utc>) -> Result<SetAside> {
        let sql = |e| self.sql(e);
        let bad_review = self.first_invalid_review()?.is_some();
        let bad_bookmark = self.version >= 2
            && self
                .conn
                .query_row(
                    &format!("SELECT 1 FROM bookmarks WHERE NOT ({VALID_BOOKMARK_DATE}) LIMIT 1"),
                    [],
                    |_| Ok(()),
                )
                .optional()
                .map_err(sql)?
                .is_some();
        let bad_state = self.forget_unreadable_card_states()?;
        if !bad_review && !bad_bookmark {
            return Ok(SetAside {
                card_states: bad_state,
                ..SetAside::default()
            });
        }
        let tx = self.write_transaction()?;
        tx.execute_batch(TABLES).map_err(sql)?;
        let at = now.timestamp_millis();
        let reviews = tx
            .execute(
                &format!(
                    "INSERT INTO quarantined_reviews \
                     SELECT id, card_id, at_ms, grade, elapsed_ms, typed_answer, undone, day, ?1 \
                     FROM reviews WHERE NOT ({VALID_ROW})"
                ),
                [at],
            )
            .map_err(sql)?;
        tx.execute(&format!("DELETE FROM reviews WHERE NOT ({VALID_ROW})"), [])
            .map_err(sql)?;
        let bookmark_dates = tx
            .execute(
                &format!(
                    "INSERT INTO quarantined_bookmark_dates \
                     SELECT item_id, created_ms, ?1 FROM bookmarks \
                     WHERE NOT ({VALID_BOOKMARK_DATE})"
                ),
                [at],
            )
            .map_err(sql)?;
        tx.execute(
            &format!("UPDATE bookmarks SET created_ms = NULL WHERE NOT ({VALID_BOOKMARK_DATE})"),
            [],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(SetAside {
            reviews,
            bookmark_dates,
            card_states: bad_state,
        })
    }

    /// When a row of the card-state table cannot be read, removes the
    /// table's stamp (the table is then stale: readers replay the log, and
    /// the app's start rebuilds it). Answered from the partial index
    /// `card_states_invalid` (made here when missing: one scan, once).
    fn forget_unreadable_card_states(&self) -> Result<bool> {
        let sql = |e| self.sql(e);
        self.conn
            .execute_batch(&card_states_invalid_index())
            .map_err(sql)?;
        let bad = self
            .conn
            .query_row(
                &format!("SELECT 1 FROM card_states WHERE NOT ({VALID_STATE}) LIMIT 1"),
                [],
                |_| Ok(()),
            )
            .optional()
            .map_err(sql)?
            .is_some();
        if bad {
            self.conn
                .execute("DELETE FROM card_states_stamp", [])
                .map_err(sql)?;
        }
        Ok(bad)
    }
}
