//! What the sync between devices (`crate::sync`) reads from the store and
//! writes back: every row that travels (reviews with their unique ids and
//! undone flags, bookmarks, interview attempts and missed points, see
//! `sync_interviews`) read in one snapshot, the
//! merged result written in one transaction, and the small key/value pairs
//! of `sync_state` (this device's id, the document state the store last
//! matched, the last sync's time and result).
//!
//! The rows are carried as stored, without interpretation: the sync layer
//! decides what changed, the store only reads and writes.

use std::collections::BTreeSet;

use compact_str::CompactString;
use rusqlite::{Connection, OptionalExtension, params};

use super::card_states::FOLLOW_ONE_BY_ONE;
use super::sync_data::{
    BookmarkUpdate, SnapshotMark, SyncApplied, SyncImport, SyncReview, SyncSnapshot,
};
use super::sync_interviews::{
    insert_attempt, insert_point, mark_attempt, mark_point, read_attempts, read_points,
};
use super::sync_replay;
use super::{Result, Store, StoreError};
use crate::domain::bookmarks::Bookmark;

/// The `sync_state` key of this device's id.
pub const DEVICE_ID_KEY: &str = "device_id";

impl Store {
    /// A value of `sync_state`.
    pub fn sync_value(&self, key: &str) -> Result<Option<String>> {
        if self.version < 7 {
            return Ok(None);
        }
        self.conn
            .query_row("SELECT value FROM sync_state WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sql(e))
    }

    /// Sets values of `sync_state`, in one transaction.
    pub fn set_sync_values(&self, pairs: &[(&str, &str)]) -> Result<()> {
        self.writable()?;
        let tx = self.conn.unchecked_transaction().map_err(|e| self.sql(e))?;
        for (key, value) in pairs {
            set_state(&tx, key, value).map_err(|e| self.sql(e))?;
        }
        tx.commit().map_err(|e| self.sql(e))
    }

    /// This device's id (made when the store was created or upgraded).
    pub fn device_id(&self) -> Result<String> {
        self.sync_value(DEVICE_ID_KEY)?
            .ok_or_else(|| StoreError::BadData {
                path: self.path.clone(),
                detail: "no device id in sync_state".into(),
            })
    }

    /// Gives this device a new random id, with `pairs` set in the same
    /// transaction; reviews logged from now on carry it. Returns the id.
    pub fn renew_device_id(&self, pairs: &[(&str, &str)]) -> Result<String> {
        self.writable()?;
        let sql = |e| self.sql(e);
        let tx = self.conn.unchecked_transaction().map_err(sql)?;
        tx.execute(
            "INSERT INTO sync_state (key, value) VALUES (?1, lower(hex(randomblob(8)))) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [DEVICE_ID_KEY],
        )
        .map_err(sql)?;
        for (key, value) in pairs {
            set_state(&tx, key, value).map_err(sql)?;
        }
        let id: String = tx
            .query_row(
                "SELECT value FROM sync_state WHERE key = ?1",
                [DEVICE_ID_KEY],
                |r| r.get(0),
            )
            .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(id)
    }

    /// Gives this device a new id and the reviews whose uids are `uids`
    /// new uids under it (`<new id>:<local id>`), in one transaction; for
    /// reviews logged here under uids the device had already given to
    /// other reviews (its data directory restored from a backup, then
    /// studied before a sync). Returns the new id.
    pub fn renew_device_id_and_rekey(&self, uids: &[String]) -> Result<String> {
        self.writable()?;
        let sql = |e| self.sql(e);
        let tx = self.conn.unchecked_transaction().map_err(sql)?;
        tx.execute(
            "UPDATE sync_state SET value = lower(hex(randomblob(8))) WHERE key = ?1",
            [DEVICE_ID_KEY],
        )
        .map_err(sql)?;
        let id: String = tx
            .query_row(
                "SELECT value FROM sync_state WHERE key = ?1",
                [DEVICE_ID_KEY],
                |r| r.get(0),
            )
            .map_err(sql)?;
        {
            let mut rekey = tx
                .prepare("UPDATE reviews SET uid = ?1 || ':' || id WHERE uid = ?2")
                .map_err(sql)?;
            for uid in uids {
                rekey.execute([id.as_str(), uid.as_str()]).map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)?;
        Ok(id)
    }

    /// Every row that travels, in one read transaction. A review without
    /// an id yet (logged while `sync_state` had no device id) gets one
    /// first.
    pub fn sync_snapshot(&self) -> Result<SyncSnapshot> {
        self.writable()?;
        let sql = |e| self.sql(e);
        self.conn
            .execute(
                "UPDATE reviews SET uid = (SELECT value FROM sync_state WHERE key = ?1) || ':' || id \
                 WHERE uid IS NULL",
                [DEVICE_ID_KEY],
            )
            .map_err(sql)?;
        let tx = self.conn.unchecked_transaction().map_err(sql)?;
        let valid = self.valid_row_condition(&tx)?;
        let reviews = read_reviews(&tx, valid).map_err(sql)?;
        let attempts = read_attempts(&tx).map_err(sql)?;
        let points = read_points(&tx).map_err(sql)?;
        let bookmarks = self.bookmarks()?;
        let drafts = self.drafts()?;
        let mark = sync_replay::mark(&tx).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(SyncSnapshot {
            reviews,
            bookmarks,
            attempts,
            points,
            drafts,
            mark: Some(mark),
        })
    }

    /// Writes a merged result in one IMMEDIATE transaction: reviews by
    /// uid (so a second sync adds nothing), undone flags, bookmarks and
    /// ratings still as the snapshot read them, answers not yet here, and
    /// `sync_state`; then works out again, in the same transaction, the
    /// state of every card whose log changed (when the card-state table is
    /// kept and current).
    /// `base` is the snapshot the import was worked out from: when the
    /// store is as it read it, a large sync replays its cards from memory
    /// (see `sync_replay`). The transaction commits only when `ready`
    /// says so, at its end (the sync's files are written meanwhile); else
    /// it is rolled back and `None` returned.
    pub fn apply_sync(
        &self,
        import: &SyncImport,
        base: &SyncSnapshot,
        ready: impl FnOnce() -> bool,
    ) -> Result<Option<SyncApplied>> {
        self.writable()?;
        // A first sync adds tens of thousands of rows to four b-trees: in
        // the store's usual 512 KiB page cache (see `Store::open_at`) they
        // spill and are read back again and again (20,000 rows took half a
        // second); for the transaction the cache may grow to 16 MiB.
        // And when no other connection has the file open, the transaction
        // writes them once, into the file, under a rollback journal, not
        // into the WAL and again at the checkpoint (see `store::journal`).
        let big = import.reviews.len() > 1_000;
        let mut direct = false;
        let mut expected = base.mark;
        if big {
            let _ = self.conn.pragma_update(None, "cache_size", -16_384);
            let before = sync_replay::mark(&self.conn).ok();
            direct = super::journal::leave_wal(&self.conn);
            if direct {
                // leaving WAL moves this connection's `data_version` on:
                // a store as the snapshot read it just before, with the
                // log where it was just after (another writer's answer or
                // undo in between moves it), is expected as it is after
                let after = sync_replay::mark(&self.conn).ok();
                expected = match (before, after) {
                    (Some(before), Some(after))
                        if Some(before) == base.mark && after.log == before.log =>
                    {
                        Some(after)
                    }
                    _ => None,
                };
            }
        }
        let applied = self.apply_sync_rows(import, base, expected, ready);
        if direct {
            // (a connection opened meanwhile may have put it back already;
            // one kept busy past the wait leaves it to the next open, which
            // puts it back: every read-write open does)
            let _ = super::journal::set_wal(&self.conn);
        }
        if big {
            let _ = self.conn.pragma_update(None, "cache_size", -512);
        }
        applied
    }

    fn apply_sync_rows(
        &self,
        import: &SyncImport,
        base: &SyncSnapshot,
        expected: Option<SnapshotMark>,
        ready: impl FnOnce() -> bool,
    ) -> Result<Option<SyncApplied>> {
        let sql = |e| self.sql(e);
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )
        .map_err(sql)?;
        let follow = self.states_to_follow(&tx)?;
        let as_read = expected.is_some() && expected == Some(sync_replay::mark(&tx).map_err(sql)?);
        let mut applied = SyncApplied::default();
        let bulk = import.reviews.len() >= 1_000
            && import.reviews.len().saturating_mul(2) >= self.review_rows_estimate();
        std::thread::scope(|scope| {
            let many = import.reviews.len() + import.undone.len() > FOLLOW_ONE_BY_ONE;
            let in_memory = match follow {
                Some(keeper) if as_read && many => {
                    let (scheduler, days) = (keeper.scheduler(), &self.days);
                    Some(scope.spawn(move || {
                        sync_replay::replay_in_memory(base, import, scheduler, days)
                    }))
                }
                _ => None,
            };
            let touched = if bulk {
                apply_reviews_in_bulk(&tx, import, &mut applied)
            } else {
                apply_reviews(&tx, import, &mut applied)
            }
            .map_err(sql)?;
            self.apply_bookmarks(&tx, &import.bookmarks, &mut applied)?;
            apply_interviews(&tx, import, &mut applied).map_err(sql)?;
            for (key, value) in &import.state {
                set_state(&tx, key, value).map_err(sql)?;
            }
            let Some(keeper) = follow else {
                return Ok(());
            };
            let cards: Vec<&str> = touched.iter().map(String::as_str).collect();
            applied.cards = cards.len();
            // the replay from memory holds when the transaction added and
            // undid what it predicted, on the cards it predicted (a thread
            // that panicked is replaced by the log)
            let replayed = in_memory
                .and_then(|thread| thread.join().ok().flatten())
                .filter(|replay| {
                    replay.cards == touched
                        && replay.added == applied.reviews
                        && replay.undone == applied.undone
                });
            match replayed {
                Some(replay) => {
                    applied.replayed_in_memory = true;
                    self.write_replayed(&tx, &cards, &replay.reviews, &replay.states)?;
                    self.stamp_card_states(&tx, keeper)
                }
                None => self.follow_cards(&tx, keeper, &cards),
            }
        })?;
        if !ready() {
            return Ok(None);
        }
        tx.commit().map_err(sql)?;
        Ok(Some(applied))
    }

    /// Writes each bookmark still as the snapshot read it.
    fn apply_bookmarks(
        &self,
        tx: &Connection,
        updates: &[BookmarkUpdate],
        applied: &mut SyncApplied,
    ) -> Result<()> {
        for update in updates {
            let now = self.bookmark_on(tx, &update.item_id)?;
            if now != update.expected {
                applied.kept_local += 1;
                continue;
            }
            if now != update.new {
                write_bookmark(tx, &update.item_id, update.new.as_ref())
                    .map_err(|e| self.sql(e))?;
                applied.bookmarks += 1;
            }
        }
        Ok(())
    }

    /// The bookmark of `item_id` as `conn` (a transaction) sees it.
    fn bookmark_on(&self, conn: &Connection, item_id: &str) -> Result<Option<Bookmark>> {
        let row = conn
            .query_row(
                "SELECT item_id, chapter_id, title, preview, note, created_ms FROM bookmarks \
                 WHERE item_id = ?1",
                [item_id],
                super::bookmarks::bookmark_row,
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        row.map(|r| self.bookmark(r)).transpose()
    }
}

/// Adds the reviews not here yet and marks the undone ones; returns the
/// cards whose logs changed.
fn apply_reviews(
    tx: &Connection,
    import: &SyncImport,
    applied: &mut SyncApplied,
) -> rusqlite::Result<BTreeSet<String>> {
    let mut touched = BTreeSet::new();
    for review in &import.reviews {
        if insert_review(tx, review)? {
            applied.reviews += 1;
            touched.insert(review.card_id.to_string());
        }
    }
    undo_reviews(tx, import, applied, &mut touched)?;
    Ok(touched)
}

/// Marks the reviews `import` says were undone (those not marked yet).
fn undo_reviews(
    tx: &Connection,
    import: &SyncImport,
    applied: &mut SyncApplied,
    touched: &mut BTreeSet<String>,
) -> rusqlite::Result<()> {
    let mut undo = tx.prepare_cached(
        "UPDATE reviews SET undone = 1 WHERE uid = ?1 AND undone = 0 RETURNING card_id",
    )?;
    for uid in &import.undone {
        let card: Option<String> = undo.query_row([uid], |r| r.get(0)).optional()?;
        if let Some(card) = card {
            applied.undone += 1;
            touched.insert(card);
        }
    }
    Ok(())
}

/// [`apply_reviews`] for a sync that adds at least as many rows as the log
/// holds (a first sync). The log's two indexes are made again afterwards
/// from the sorted rows instead of taking each row at a random place, and
/// the trigger that gives a row without a uid one (`schema::v7_sync`;
/// every row a sync adds has one) is set aside meanwhile, which alone made
/// the inserts a fifth slower. All three come back in the same
/// transaction, so no other connection ever sees the table without them.
/// Without the uid index the rows go in unchecked: when the index cannot
/// be made again (a uid the import took for new is here already, in a row
/// the snapshot did not read), everything since the savepoint is undone
/// and the rows go in one by one, each kept out if its uid is here.
fn apply_reviews_in_bulk(
    tx: &Connection,
    import: &SyncImport,
    applied: &mut SyncApplied,
) -> rusqlite::Result<BTreeSet<String>> {
    tx.execute_batch(
        "SAVEPOINT bulk_reviews; DROP INDEX IF EXISTS reviews_by_card; \
         DROP INDEX IF EXISTS reviews_by_uid; DROP TRIGGER IF EXISTS reviews_uid;",
    )?;
    let mut insert = tx.prepare(
        "INSERT INTO reviews (uid, card_id, at_ms, grade, elapsed_ms, typed_answer, undone, day) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut cards = rustc_hash::FxHashSet::default();
    for review in &import.reviews {
        insert.execute(review_params(review))?;
        cards.insert(review.card_id.as_str());
    }
    drop(insert);
    match tx.execute_batch(super::schema::REVIEWS_BY_UID) {
        Ok(()) => {}
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            tx.execute_batch("ROLLBACK TO bulk_reviews; RELEASE bulk_reviews;")?;
            return apply_reviews(tx, import, applied);
        }
        Err(e) => return Err(e),
    }
    tx.execute_batch(super::schema::REVIEWS_BY_CARD)?;
    tx.execute_batch(super::schema::REVIEWS_UID_TRIGGER)?;
    tx.execute_batch("RELEASE bulk_reviews")?;
    applied.reviews += import.reviews.len();
    let mut touched = cards.into_iter().map(str::to_string).collect();
    undo_reviews(tx, import, applied, &mut touched)?;
    Ok(touched)
}

/// Adds the interview answers and missed points not here yet, and the
/// ratings and deletes still as the snapshot read them.
fn apply_interviews(
    tx: &Connection,
    import: &SyncImport,
    applied: &mut SyncApplied,
) -> rusqlite::Result<()> {
    for attempt in &import.attempts {
        if insert_attempt(tx, attempt)? {
            applied.attempts += 1;
        }
    }
    for update in &import.marks {
        match mark_attempt(tx, update)? {
            Some(true) => applied.marks += 1,
            Some(false) => applied.kept_local += 1,
            None => {}
        }
    }
    for point in &import.points {
        if insert_point(tx, point)? {
            applied.points += 1;
        }
    }
    for update in &import.point_marks {
        match mark_point(tx, update)? {
            Some(true) => applied.points += 1,
            Some(false) => applied.kept_local += 1,
            None => {}
        }
    }
    Ok(())
}

fn set_state(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2) \
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

/// Every valid review row with an id, in id order.
fn read_reviews(conn: &Connection, valid: &str) -> rusqlite::Result<Vec<SyncReview>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT uid, card_id, at_ms, grade, elapsed_ms, typed_answer, undone, day FROM reviews \
         WHERE uid IS NOT NULL AND ({valid}) ORDER BY id"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(SyncReview {
            uid: compact_text(r, 0)?,
            card_id: compact_text(r, 1)?,
            at_ms: r.get(2)?,
            grade: r.get(3)?,
            elapsed_ms: r.get(4)?,
            typed_answer: r.get(5)?,
            undone: r.get::<_, i64>(6)? != 0,
            day: r.get(7)?,
        })
    })?;
    rows.collect()
}

/// A text column read into a compact string (a short one allocates
/// nothing); anything else read as a `String` would be (and refused as
/// it would be).
fn compact_text(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<CompactString> {
    if let rusqlite::types::ValueRef::Text(bytes) = r.get_ref(i)?
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        return Ok(CompactString::from(text));
    }
    r.get::<_, String>(i).map(CompactString::from)
}

/// Adds a review unless its uid is here already; whether it was added.
fn insert_review(conn: &Connection, review: &SyncReview) -> rusqlite::Result<bool> {
    let added = conn
        .prepare_cached(
            "INSERT INTO reviews (uid, card_id, at_ms, grade, elapsed_ms, typed_answer, undone, \
             day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(uid) DO NOTHING",
        )?
        .execute(review_params(review))?;
    Ok(added > 0)
}

/// A review's row, in the order of the inserts above.
fn review_params(review: &SyncReview) -> impl rusqlite::Params + '_ {
    (
        review.uid.as_str(),
        review.card_id.as_str(),
        review.at_ms,
        review.grade,
        review.elapsed_ms,
        &review.typed_answer,
        i64::from(review.undone),
        review.day,
    )
}

fn write_bookmark(conn: &Connection, item_id: &str, b: Option<&Bookmark>) -> rusqlite::Result<()> {
    match b {
        None => {
            conn.execute("DELETE FROM bookmarks WHERE item_id = ?1", [item_id])?;
        }
        Some(b) => {
            conn.execute(
                "INSERT INTO bookmarks (item_id, chapter_id, title, preview, note, created_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(item_id) DO UPDATE SET \
                 chapter_id = excluded.chapter_id, title = excluded.title, \
                 preview = excluded.preview, note = excluded.note, created_ms = excluded.created_ms",
                params![
                    item_id,
                    b.chapter_id,
                    b.title,
                    b.preview,
                    b.note,
                    b.created.timestamp_millis()
                ],
            )?;
        }
    }
    Ok(())
}
