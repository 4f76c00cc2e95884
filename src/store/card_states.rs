//! The card-state table: each card's scheduling state as a replay of the
//! review log leaves it, kept beside the log so `due` and `stats` need not
//! read and replay 100,000 reviews.
//!
//! The log stays the truth. The table is trusted only while its stamp
//! (`card_states_stamp`) matches the log: the scheduler settings it was
//! computed with, the highest review id, and how many reviews are undone.
//! Rows are only ever appended to the log or marked undone, so those two
//! numbers change with every change to it; a write by an older build (which
//! knows nothing of the table) leaves the stamp behind, and so does a bulk
//! append. A stale table is rebuilt from the log ([`Store::rebuild_card_states`]);
//! until then readers replay the log as before.
//!
//! A store told the scheduler ([`Store::keep_card_states`]) updates a
//! current table in the same transaction as each answer and each undo.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use rows::{STATE_COLUMNS, StateRow, state_of, state_row, write_state};
pub use rows::{StateRows, StoredState};

use super::reviews::{VALID_ROW, logged_day};
use super::{Result, Store, StoreError, grade_of};
use crate::domain::schedule::day::DayBoundary;
use crate::domain::schedule::queue::{StateMap, replay_all};
use crate::domain::schedule::replay_order;
use crate::domain::schedule::{CardState, ReviewRecord, Scheduler};

/// Up to how many cards a sync replays one by one (more are replayed from
/// one read of the log).
pub(super) const FOLLOW_ONE_BY_ONE: usize = 64;

/// From how many rows a write of card states sets the partial index of
/// unreadable rows aside (see [`Store::writing_many`]).
const MANY_STATES: usize = 1_000;

/// The table, its stamp, and a partial index that counts undone reviews
/// without reading the log. Created on read-write opens; older builds ignore
/// all three.
const TABLES: &str = "
CREATE TABLE IF NOT EXISTS card_states (
    card_id TEXT PRIMARY KEY,
    phase INTEGER NOT NULL,
    step INTEGER NOT NULL,
    stability REAL NOT NULL,
    difficulty REAL NOT NULL,
    due_ms INTEGER,
    last_ms INTEGER,
    last_day INTEGER,
    reps INTEGER NOT NULL,
    lapses INTEGER NOT NULL,
    first_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS card_states_stamp (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    scheduler TEXT NOT NULL,
    last_review INTEGER NOT NULL,
    undone INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_undone ON reviews(id) WHERE undone <> 0;
";

/// What the store needs to keep the table: the scheduler and its
/// fingerprint.
#[derive(Clone)]
pub(crate) struct StateKeeper {
    scheduler: Scheduler,
    fingerprint: String,
}

impl StateKeeper {
    pub(super) fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }
}

impl std::fmt::Debug for StateKeeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateKeeper")
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

/// Where the log is: its highest review id and how many reviews are undone.
pub(super) type LogPosition = (i64, i64);

pub(super) fn log_position(conn: &Connection) -> rusqlite::Result<LogPosition> {
    let last: i64 = conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM reviews")?
        .query_row([], |r| r.get(0))?;
    let undone: i64 = conn
        .prepare_cached("SELECT count(*) FROM reviews WHERE undone <> 0")?
        .query_row([], |r| r.get(0))?;
    Ok((last, undone))
}

/// Whether the table was computed with `fingerprint` from the log as it is.
/// (Statements are cached: this runs in every answer's transaction.)
fn is_current(conn: &Connection, fingerprint: &str) -> rusqlite::Result<bool> {
    let stamp: Option<(String, i64, i64)> = conn
        .prepare_cached(
            "SELECT scheduler, last_review, undone FROM card_states_stamp WHERE id = 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(match stamp {
        Some((scheduler, last, undone)) => {
            scheduler == fingerprint && (last, undone) == log_position(conn)?
        }
        None => false,
    })
}

fn write_stamp(conn: &Connection, fingerprint: &str) -> rusqlite::Result<()> {
    let (last, undone) = log_position(conn)?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO card_states_stamp (id, scheduler, last_review, undone) \
         VALUES (1, ?1, ?2, ?3)",
    )?
    .execute(params![fingerprint, last, undone])?;
    Ok(())
}

/// A time as the log keeps it (whole milliseconds), so a state worked out
/// from an answer equals the one a replay of the stored answer gives.
fn as_logged(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap_or(at)
}

/// Replays one card from the log (valid answers not undone, in time order)
/// and stores the result; a card left without answers loses its row.
fn replay_card(
    conn: &Connection,
    scheduler: &Scheduler,
    days: &DayBoundary,
    card_id: &str,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT at_ms, grade, day FROM reviews \
         WHERE card_id = ?1 AND undone = 0 AND ({VALID_ROW}) ORDER BY at_ms, id"
    ))?;
    let mut answers = Vec::new();
    let mut rows = stmt.query([card_id])?;
    while let Some(row) = rows.next()? {
        let (at_ms, grade, day): (i64, i64, Option<i64>) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let at = DateTime::from_timestamp_millis(at_ms);
        let grade = grade_of(grade);
        if let (Some(at), Some(grade)) = (at, grade) {
            answers.push((at, logged_day(days, at, day), grade));
        }
    }
    // read by time then id; answers of one millisecond go in replay order
    answers.sort_by_key(|&(at, day, grade)| replay_order(at, day, grade));
    match answers.first() {
        None => {
            conn.prepare_cached("DELETE FROM card_states WHERE card_id = ?1")?
                .execute([card_id])?;
        }
        Some(&(first, ..)) => {
            let state = scheduler.replay(card_id, answers);
            write_state(conn, card_id, &state, first.timestamp_millis())?;
        }
    }
    Ok(())
}

/// Moves a card's stored state on by one answer just logged: one step of
/// the scheduler, or a replay of the card when the answer is dated at or
/// before its last one (one of the same millisecond may go first in a replay).
fn answer_card(
    conn: &Connection,
    scheduler: &Scheduler,
    days: &DayBoundary,
    review: &ReviewRecord,
) -> rusqlite::Result<()> {
    let at = as_logged(review.at);
    let stored: Option<StateRow> = conn
        .prepare_cached(&format!(
            "SELECT {STATE_COLUMNS} FROM card_states WHERE card_id = ?1"
        ))?
        .query_row([review.card_id.as_str()], state_row)
        .optional()?;
    let before = match stored {
        None => Some((CardState::new(), at.timestamp_millis())),
        Some(row) => {
            let first = row.10;
            state_of(std::path::Path::new(""), row)
                .ok()
                .filter(|s| s.state.last_review.is_none_or(|last| at > last))
                .map(|s| (s.state, first))
        }
    };
    match before {
        Some((state, first)) => {
            let after = scheduler.answer(&review.card_id, &state, review.grade, at, review.day);
            write_state(conn, &review.card_id, &after, first)
        }
        None => replay_card(conn, scheduler, days, &review.card_id),
    }
}

impl Store {
    /// Keeps the card-state table up to date with every answer and undo
    /// from now on, computed by `scheduler` (see the module doc).
    pub fn keep_card_states(&mut self, scheduler: &Scheduler) {
        self.states_keeper = Some(StateKeeper {
            fingerprint: scheduler.config().state_fingerprint(),
            scheduler: scheduler.clone(),
        });
    }

    /// Creates the table, its stamp and index when missing (read-write
    /// opens).
    pub(crate) fn create_card_state_tables(&self) -> Result<()> {
        self.conn.execute_batch(TABLES).map_err(|e| self.sql(e))
    }

    /// The kept scheduler, when the table is kept and can be written.
    fn keeper(&self) -> Option<&StateKeeper> {
        self.states_keeper.as_ref().filter(|_| !self.is_read_only())
    }

    /// Inside a write transaction, before the log changes: whether the
    /// table is current, and so is to be moved on with the change.
    pub(crate) fn states_to_follow(&self, conn: &Connection) -> Result<Option<&StateKeeper>> {
        match self.keeper() {
            Some(keeper) if is_current(conn, &keeper.fingerprint).map_err(|e| self.sql(e))? => {
                Ok(Some(keeper))
            }
            _ => Ok(None),
        }
    }

    /// After an answer was logged in the same transaction.
    pub(crate) fn follow_answer(
        &self,
        conn: &Connection,
        keeper: &StateKeeper,
        review: &ReviewRecord,
    ) -> Result<()> {
        answer_card(conn, &keeper.scheduler, &self.days, review)
            .and_then(|()| write_stamp(conn, &keeper.fingerprint))
            .map_err(|e| self.sql(e))
    }

    /// After review `id` was marked undone in the same transaction.
    pub(crate) fn follow_undo(
        &self,
        conn: &Connection,
        keeper: &StateKeeper,
        id: i64,
    ) -> Result<()> {
        let card: Option<String> = conn
            .prepare_cached("SELECT card_id FROM reviews WHERE id = ?1")
            .and_then(|mut stmt| stmt.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.sql(e))?;
        if let Some(card) = card {
            replay_card(conn, &keeper.scheduler, &self.days, &card).map_err(|e| self.sql(e))?;
        }
        write_stamp(conn, &keeper.fingerprint).map_err(|e| self.sql(e))
    }

    /// After the logs of `cards` changed in the same transaction (a sync
    /// added or undid their answers): each is replayed from its log.
    pub(crate) fn follow_cards(
        &self,
        conn: &Connection,
        keeper: &StateKeeper,
        cards: &[&str],
    ) -> Result<()> {
        if cards.len() > FOLLOW_ONE_BY_ONE {
            self.replay_cards_at_once(conn, keeper, cards)?;
        } else {
            for card in cards {
                replay_card(conn, &keeper.scheduler, &self.days, card).map_err(|e| self.sql(e))?;
            }
        }
        write_stamp(conn, &keeper.fingerprint).map_err(|e| self.sql(e))
    }

    /// Replays `cards` from one read of the log (as a rebuild does), not
    /// one query per card: a first sync touches thousands of cards (5,000
    /// replayed one by one took a quarter of a second).
    fn replay_cards_at_once(
        &self,
        conn: &Connection,
        keeper: &StateKeeper,
        cards: &[&str],
    ) -> Result<()> {
        let wanted: rustc_hash::FxHashSet<&str> = cards.iter().copied().collect();
        let (mut reviews, _) = self.valid_reviews()?;
        reviews.retain(|(_, r)| wanted.contains(r.card_id.as_str()));
        let states = replay_all(&keeper.scheduler, &reviews);
        self.write_replayed(conn, cards, &reviews, &states)
    }

    /// Writes the states `cards` were replayed into from `reviews` (their
    /// log, in replay order); a card left without answers loses its row.
    pub(super) fn write_replayed(
        &self,
        conn: &Connection,
        cards: &[&str],
        reviews: &[(i64, ReviewRecord)],
        states: &StateMap,
    ) -> Result<()> {
        let sql = |e| self.sql(e);
        // in time order: a card's first answer is the first one met
        let mut first = rustc_hash::FxHashMap::<&str, i64>::default();
        for (_, r) in reviews {
            first
                .entry(r.card_id.as_str())
                .or_insert(r.at.timestamp_millis());
        }
        // in key order: each row goes next to the one before in the b-tree
        let mut in_order: Vec<_> = states.iter().collect();
        in_order.sort_unstable_by(|a, b| a.0.cmp(b.0));
        self.writing_many(conn, in_order.len(), || {
            for (id, state) in in_order {
                let first_ms = first.get(id.as_str()).copied().unwrap_or(0);
                write_state(conn, id, state, first_ms).map_err(sql)?;
            }
            Ok(())
        })?;
        let mut gone = conn
            .prepare_cached("DELETE FROM card_states WHERE card_id = ?1")
            .map_err(sql)?;
        for card in cards.iter().filter(|c| !first.contains_key(**c)) {
            gone.execute([card]).map_err(sql)?;
        }
        Ok(())
    }

    /// Runs `write`, which writes `rows` card states in the transaction
    /// `conn` is in. When they are many, the partial index of unreadable
    /// rows (`card_states_invalid`, see `store::quarantine`) is set aside
    /// meanwhile and made again from the table afterwards, in the same
    /// transaction: one scan of the table instead of weighing the index's
    /// condition for every row replaced and every row written.
    fn writing_many<T>(
        &self,
        conn: &Connection,
        rows: usize,
        write: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let sql = |e| self.sql(e);
        let indexed =
            rows >= MANY_STATES && super::has_index(conn, "card_states_invalid").map_err(sql)?;
        if indexed {
            conn.execute_batch("DROP INDEX card_states_invalid")
                .map_err(sql)?;
        }
        let written = write()?;
        if indexed {
            conn.execute_batch(&super::quarantine::card_states_invalid_index())
                .map_err(sql)?;
        }
        Ok(written)
    }

    /// Stamps the table as matching the log (after [`Store::write_replayed`]).
    pub(super) fn stamp_card_states(&self, conn: &Connection, keeper: &StateKeeper) -> Result<()> {
        write_stamp(conn, &keeper.fingerprint).map_err(|e| self.sql(e))
    }

    /// Whether the table matches the log for the kept scheduler.
    pub fn card_states_current(&self) -> Result<bool> {
        match &self.states_keeper {
            Some(keeper) if self.has_card_state_tables()? => {
                is_current(&self.conn, &keeper.fingerprint).map_err(|e| self.sql(e))
            }
            _ => Ok(false),
        }
    }

    fn has_card_state_tables(&self) -> Result<bool> {
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'card_states_stamp'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        Ok(found.is_some())
    }

    /// Replays the whole log into the table and stamps it, in one write
    /// transaction (so no answer logged meanwhile is missed). Does nothing
    /// without a kept scheduler or on a read-only store.
    pub fn rebuild_card_states(&self) -> Result<()> {
        let Some(keeper) = self.keeper() else {
            return Ok(());
        };
        let sql = |e| self.sql(e);
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(sql)?;
        let (reviews, _) = self.valid_reviews()?;
        let states = replay_all(&keeper.scheduler, &reviews);
        // in time order: a card's first answer is the first one met
        let mut first = rustc_hash::FxHashMap::<&str, i64>::default();
        for (_, r) in &reviews {
            first
                .entry(r.card_id.as_str())
                .or_insert(r.at.timestamp_millis());
        }
        tx.execute("DELETE FROM card_states", []).map_err(sql)?;
        self.writing_many(&tx, states.len(), || {
            for (id, state) in &states {
                let first_ms = first.get(id.as_str()).copied().unwrap_or(0);
                write_state(&tx, id, state, first_ms).map_err(sql)?;
            }
            Ok(())
        })?;
        write_stamp(&tx, &keeper.fingerprint).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Every stored card state, when the table is current for a scheduler
    /// with `fingerprint` (read in one snapshot of the file); `None` when it
    /// is stale or missing, and the log must be replayed instead.
    pub fn card_states(&self, fingerprint: &str) -> Result<Option<Vec<StoredState>>> {
        self.card_states_into(fingerprint)
    }

    /// [`Store::card_states`] gathered straight into `C` (each card's id,
    /// state and first answer), without a list of them first.
    pub fn card_states_into<C: StateRows>(&self, fingerprint: &str) -> Result<Option<C>> {
        self.read_current(fingerprint, |tx| self.read_states(tx))
    }

    /// Runs `read` in one read transaction when the table is current for
    /// `fingerprint`.
    pub(super) fn read_current<T>(
        &self,
        fingerprint: &str,
        read: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<Option<T>> {
        if self.version < 1 || !self.has_card_state_tables()? {
            return Ok(None);
        }
        let sql = |e| self.sql(e);
        let tx = self.conn.unchecked_transaction().map_err(sql)?;
        if !is_current(&tx, fingerprint).map_err(sql)? {
            return Ok(None);
        }
        match read(&tx) {
            // a row that cannot be read: the log is replayed instead
            Err(StoreError::BadData { .. }) if self.states_damaged.get() => Ok(None),
            read => read.map(Some),
        }
    }

    /// Whether a read of the card-state table met a row it could not read
    /// (and so answered as if the table were stale).
    pub fn card_states_damaged(&self) -> bool {
        self.states_damaged.get()
    }

    pub(super) fn read_states<C: StateRows>(&self, conn: &Connection) -> Result<C> {
        let sql = |e| self.sql(e);
        let mut stmt = conn
            .prepare(&format!("SELECT {STATE_COLUMNS} FROM card_states"))
            .map_err(sql)?;
        // counted first, so a map of them is made at its size at once
        // instead of through every doubling (each a fresh table of pages)
        let count: i64 = conn
            .query_row("SELECT count(*) FROM card_states", [], |r| r.get(0))
            .map_err(sql)?;
        let mut rows = stmt.query([]).map_err(sql)?;
        let mut out = C::with_capacity(usize::try_from(count).unwrap_or(0));
        while let Some(r) = rows.next().map_err(sql)? {
            let state = state_row(r)
                .map_err(sql)
                .and_then(|row| state_of(&self.path, row));
            match state {
                Ok(state) => out.add(state),
                Err(e) => {
                    self.states_damaged.set(true);
                    return Err(StoreError::BadData {
                        path: self.path.clone(),
                        detail: format!("a stored card state cannot be read ({e})"),
                    });
                }
            }
        }
        Ok(out)
    }
}

mod rows;
#[cfg(test)]
mod tests;
