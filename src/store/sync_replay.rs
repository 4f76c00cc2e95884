//! A large sync's card states worked out from rows already in memory. The
//! log a sync's transaction leaves is the log its snapshot read, plus the
//! rows it adds, less the answers it marks undone, as long as nothing else
//! wrote the store in between: [`SnapshotMark`] tells, checked inside the
//! transaction. Then the touched cards are replayed from those rows, on a
//! second thread while the rows are inserted, instead of reading the whole
//! log back afterwards (40,000 rows for a first sync of two devices of
//! 20,000). When anything differs from the prediction (another writer, a
//! row already there but not in the snapshot), the sync reads the log
//! back and replays from it, as a small sync always does.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use rusqlite::Connection;
use rustc_hash::FxHashSet;

use super::grade_of;
use super::reviews::{in_time_order, logged_day};
use super::sync_data::{SnapshotMark, SyncImport, SyncReview, SyncSnapshot};
use crate::domain::schedule::day::DayBoundary;
use crate::domain::schedule::queue::{StateMap, replay_all};
use crate::domain::schedule::{ReviewRecord, Scheduler};

/// The store's mark now, read on `conn` (inside a transaction, it is the
/// mark of what the transaction sees).
pub(super) fn mark(conn: &Connection) -> rusqlite::Result<SnapshotMark> {
    Ok(SnapshotMark {
        data_version: conn.query_row("PRAGMA data_version", [], |r| r.get(0))?,
        own_changes: conn.total_changes(),
        log: super::card_states::log_position(conn)?,
    })
}

/// The touched cards of a sync replayed from memory.
pub(super) struct MemoryReplay {
    /// The cards whose logs the sync changes, as predicted: the
    /// transaction must find the same, or this replay is not used.
    pub cards: BTreeSet<String>,
    /// The rows the transaction must add and the answers it must mark
    /// undone for the prediction to hold (every one of each: a row whose
    /// uid is already in the store unread, as an invalid row, is not
    /// added, and then the log is read instead).
    pub added: usize,
    pub undone: usize,
    /// Their merged logs, in replay order.
    pub reviews: Vec<(i64, ReviewRecord)>,
    pub states: StateMap,
}

/// Replays the cards `import` changes from `snapshot`'s rows and its own,
/// as if the import were applied to the store the snapshot read; `None`
/// when a row cannot be read as the log's reader would (then the log is
/// read instead). Ids stand in for the rows' ids in the same order: the
/// snapshot's rows in id order, then the new rows, which the store numbers
/// after every row it has.
pub(super) fn replay_in_memory(
    snapshot: &SyncSnapshot,
    import: &SyncImport,
    scheduler: &Scheduler,
    days: &DayBoundary,
) -> Option<MemoryReplay> {
    let undone: FxHashSet<&str> = import.undone.iter().map(String::as_str).collect();
    let mut cards: FxHashSet<&str> = import.reviews.iter().map(|r| r.card_id.as_str()).collect();
    let mut marked = 0;
    for review in &snapshot.reviews {
        if !review.undone && undone.contains(review.uid.as_str()) {
            cards.insert(review.card_id.as_str());
            marked += 1;
        }
    }
    let wanted = |r: &SyncReview| !r.undone && cards.contains(r.card_id.as_str());
    let mut reviews = Vec::with_capacity(snapshot.reviews.len() + import.reviews.len());
    for (n, review) in snapshot.reviews.iter().enumerate() {
        if wanted(review) && !undone.contains(review.uid.as_str()) {
            reviews.push((i64::try_from(n).ok()?, record(review, days)?));
        }
    }
    let after = i64::try_from(snapshot.reviews.len()).ok()?;
    for (n, review) in import.reviews.iter().enumerate() {
        if wanted(review) {
            reviews.push((
                after.checked_add(i64::try_from(n).ok()?)?,
                record(review, days)?,
            ));
        }
    }
    in_time_order(&mut reviews);
    let states = replay_all(scheduler, &reviews);
    Some(MemoryReplay {
        cards: cards.into_iter().map(str::to_string).collect(),
        added: import.reviews.len(),
        undone: marked,
        reviews,
        states,
    })
}

/// A row as the log's reader makes it (see `Store::record_at`), without
/// the typed answer, which a replay does not read.
fn record(review: &SyncReview, days: &DayBoundary) -> Option<ReviewRecord> {
    let at = Utc.timestamp_millis_opt(review.at_ms).single()?;
    Some(ReviewRecord {
        card_id: review.card_id.as_str().into(),
        at,
        day: logged_day(days, at, review.day),
        grade: grade_of(i64::from(review.grade))?,
        elapsed_ms: u64::try_from(review.elapsed_ms).unwrap_or(0),
        typed_answer: None,
    })
}
