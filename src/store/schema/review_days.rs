//! Schema version 4: each answer's study day in the review log.

use chrono::DateTime;
use rusqlite::params;

use crate::domain::schedule::day::DayBoundary;
use crate::store::reviews::day_number;

/// Version 3 to 4: each answer's study day (`reviews.day`, in days since
/// 1970-01-01), so the scheduler counts elapsed days between logged days
/// and a replay gives the same states in any time zone. The answers logged
/// before get the day of their time as `days` counts it (the learner's zone
/// and day start hour), once. The card-state table goes (it is made again
/// with each state's last day, and rebuilt from the log), and so does the
/// index of invalid rows (made again with the day in its condition).
pub fn migrate_v4_review_days(
    tx: &rusqlite::Transaction<'_>,
    days: &DayBoundary,
) -> rusqlite::Result<()> {
    tx.execute_batch(
        "ALTER TABLE reviews ADD COLUMN day INTEGER;
         DROP INDEX IF EXISTS reviews_invalid;
         DROP TABLE IF EXISTS card_states;
         DROP TABLE IF EXISTS card_states_stamp;",
    )?;
    let mut times = tx.prepare("SELECT id, at_ms FROM reviews WHERE typeof(at_ms) = 'integer'")?;
    let mut update = tx.prepare("UPDATE reviews SET day = ?1 WHERE id = ?2")?;
    let mut rows = times.query([])?;
    while let Some(row) = rows.next()? {
        let (id, at_ms): (i64, i64) = (row.get(0)?, row.get(1)?);
        // a time no reader accepts keeps no day (the row stays invalid)
        if let Some(at) = DateTime::from_timestamp_millis(at_ms) {
            update.execute(params![day_number(days.day(at)), id])?;
        }
    }
    Ok(())
}
