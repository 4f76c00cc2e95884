//! The review log table: appending answers, marking them undone, reading
//! them back. The log is the source of truth for scheduling.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, card_id_at, grade_of, ms_to_time};
use crate::domain::schedule::ReviewRecord;
use crate::domain::schedule::day::DayBoundary;

/// A study day as the log keeps it: days since 1970-01-01.
pub(crate) fn day_number(day: NaiveDate) -> i64 {
    day.signed_duration_since(NaiveDate::default()).num_days()
}

/// The study day a stored day number names, if it is a date.
pub(crate) fn day_from_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::default().checked_add_signed(chrono::Duration::try_days(n)?)
}

/// The study day of an answer at `at` logged with day number `stored`:
/// that day, or (a row from before schema 4) the day of `at` in `days`.
pub(crate) fn logged_day(days: &DayBoundary, at: DateTime<Utc>, stored: Option<i64>) -> NaiveDate {
    stored
        .and_then(day_from_number)
        .unwrap_or_else(|| days.day(at))
}

/// The review columns every query reads, in [`Store::record_at`]'s order;
/// a store from before schema 4 (open read-only) has no `day` column.
fn review_columns(version: i64) -> &'static str {
    if version >= 4 {
        "id, card_id, at_ms, grade, elapsed_ms, typed_answer, day"
    } else {
        "id, card_id, at_ms, grade, elapsed_ms, typed_answer, NULL"
    }
}

impl Store {
    /// An IMMEDIATE transaction: the write lock is taken (waiting up to the
    /// busy timeout) before anything is read, so what is read stays true
    /// until the commit.
    pub(super) fn write_transaction(&self) -> Result<rusqlite::Transaction<'_>> {
        rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| self.sql(e))
    }
}

/// Appends one review row (through a cached statement).
pub(super) fn insert_review(conn: &Connection, review: &ReviewRecord) -> rusqlite::Result<()> {
    let elapsed = i64::try_from(review.elapsed_ms).unwrap_or(i64::MAX);
    conn.prepare_cached(
        "INSERT INTO reviews (card_id, at_ms, grade, elapsed_ms, typed_answer, day) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        review.card_id.as_str(),
        review.at.timestamp_millis(),
        review.grade.as_u8(),
        elapsed,
        review.typed_answer,
        day_number(review.day)
    ])?;
    Ok(())
}

impl Store {
    /// Logs one answer (one transaction). Returns its id, for undo.
    /// A kept card-state table moves on in the same transaction.
    pub fn append_review(&self, review: &ReviewRecord) -> Result<i64> {
        self.writable()?;
        let tx = self.write_transaction()?;
        let follow = self.states_to_follow(&tx)?;
        insert_review(&tx, review).map_err(|e| self.sql(e))?;
        let id = tx.last_insert_rowid();
        if let Some(keeper) = follow {
            self.follow_answer(&tx, keeper, review)?;
        }
        tx.commit().map_err(|e| self.sql(e))?;
        Ok(id)
    }

    /// Logs many answers in one transaction (imports, generated benchmark
    /// data). Returns the id of each, in order. The card-state table is
    /// left behind, to be rebuilt ([`Store::rebuild_card_states`]).
    pub fn append_reviews(&self, reviews: &[ReviewRecord]) -> Result<Vec<i64>> {
        self.writable()?;
        let tx = self.conn.unchecked_transaction().map_err(|e| self.sql(e))?;
        let mut ids = Vec::with_capacity(reviews.len());
        {
            for review in reviews {
                insert_review(&tx, review).map_err(|e| self.sql(e))?;
                ids.push(tx.last_insert_rowid());
            }
        }
        tx.commit().map_err(|e| self.sql(e))?;
        Ok(ids)
    }

    /// Marks review `id` undone. Undone reviews stay in the file but are
    /// ignored everywhere, so undo survives restarts.
    /// A kept card-state table moves on in the same transaction.
    pub fn undo_review(&self, id: i64) -> Result<()> {
        self.writable()?;
        let tx = self.write_transaction()?;
        let follow = self.states_to_follow(&tx)?;
        let changed = tx
            .execute(
                "UPDATE reviews SET undone = 1 WHERE id = ?1 AND undone = 0",
                [id],
            )
            .map_err(|e| self.sql(e))?;
        if changed == 0 {
            return Err(StoreError::NoSuchReview {
                path: self.path.clone(),
                id,
            });
        }
        if let Some(keeper) = follow {
            self.follow_undo(&tx, keeper, id)?;
        }
        tx.commit().map_err(|e| self.sql(e))
    }

    /// The most recently logged review that is not undone (by id): what
    /// "undo" should take back next, also after a restart.
    pub fn last_review(&self) -> Result<Option<(i64, ReviewRecord)>> {
        let mut rows = self.query_reviews(&format!(
            "SELECT {} FROM reviews WHERE undone = 0 ORDER BY id DESC LIMIT 1",
            review_columns(self.version)
        ))?;
        Ok(rows.pop())
    }

    /// All reviews not undone, ordered by time then id.
    ///
    /// Read in id order, which is a plain scan of the table (`ORDER BY
    /// at_ms, id` made SQLite sort the whole log in a temporary b-tree), then
    /// sorted by (time, id) here if needed: ids are given in append order, so
    /// the log is nearly always in time order already.
    pub fn reviews(&self) -> Result<Vec<(i64, ReviewRecord)>> {
        let mut reviews = self.query_reviews(&format!(
            "SELECT {} FROM reviews WHERE undone = 0 ORDER BY id",
            review_columns(self.version)
        ))?;
        in_time_order(&mut reviews);
        Ok(reviews)
    }

    /// Like [`Store::reviews`], but a row with an invalid value (a grade out
    /// of range, a time out of range, a value of the wrong type) is left out
    /// instead of failing the whole read; returns the rows and how many were
    /// left out.
    pub fn valid_reviews(&self) -> Result<(Vec<(i64, ReviewRecord)>, usize)> {
        if self.version < 1 {
            return Ok((Vec::new(), 0));
        }
        let query = if self.version >= 4 {
            VALID_REVIEWS_IN_ID_ORDER
        } else {
            VALID_REVIEWS_IN_ID_ORDER_V3
        };
        let mut stmt = self.conn.prepare_cached(query).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql(e))?;
        let mut out = Vec::with_capacity(self.review_rows_estimate());
        let mut invalid = 0usize;
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            // an invalid row is counted and skipped before reading any value
            if row.get::<_, i64>(0).map_err(|e| self.sql(e))? == 0 {
                invalid += 1;
                continue;
            }
            out.push(self.record_at(row, 1)?);
        }
        // read in id order (a plain scan, no sort in SQLite)
        in_time_order(&mut out);
        Ok((out, invalid))
    }

    /// The first review row (undone or not) with an invalid value, if any:
    /// its id. A store with one is not backed up. Asked on every read-write
    /// open, so it is answered from the partial index [`INVALID_ROWS_INDEX`]
    /// (created here when missing: one scan, once), not by a scan.
    pub fn first_invalid_review(&self) -> Result<Option<i64>> {
        if self.version < 1 {
            return Ok(None);
        }
        if !self.read_only {
            // A no-op when the index exists. Older builds ignore it, and
            // SQLite keeps it up to date whatever writes the rows.
            self.conn
                .execute_batch(&INVALID_ROWS_INDEX)
                .map_err(|e| self.sql(e))?;
        }
        self.first_invalid_on(&self.conn)
    }

    /// [`VALID_ROW`], or [`VALID_ROW_V3`] for a store from before schema 4
    /// (open read-only: its rows have no day).
    pub(crate) fn valid_row(&self) -> &'static str {
        if self.version >= 4 {
            VALID_ROW
        } else {
            VALID_ROW_V3
        }
    }

    /// [`Store::first_invalid_review`] read on `conn` (a transaction).
    fn first_invalid_on(&self, conn: &Connection) -> Result<Option<i64>> {
        conn.query_row(
            &format!(
                "SELECT id FROM reviews WHERE NOT ({}) LIMIT 1",
                self.valid_row()
            ),
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| self.sql(e))
    }

    /// The condition that keeps only valid review rows, for a query run on
    /// `conn` in the same read transaction: none at all (`1`) when the
    /// partial index [`INVALID_ROWS_INDEX`] exists and holds no row, as it
    /// normally does; else [`VALID_ROW`], which reads every row to its end
    /// (at 100,000 reviews, three times as long as the scan itself).
    pub(crate) fn valid_row_condition(&self, conn: &Connection) -> Result<&'static str> {
        let sql = |e| self.sql(e);
        let indexed = super::has_index(conn, "reviews_invalid").map_err(sql)?;
        if !indexed || self.first_invalid_on(conn)?.is_some() {
            return Ok(self.valid_row());
        }
        Ok("1")
    }

    /// About how many rows the log has, from its first and last ids (two
    /// probes at the edges of the table's b-tree): room for the log made at
    /// once, where growing it by doubling holds the old and the new list
    /// together (15 MB at 100,000 reviews). Capped, in case ids are sparse.
    pub(super) fn review_rows_estimate(&self) -> usize {
        let edge = |sql: &str| -> Option<i64> {
            self.conn.query_row(sql, [], |r| r.get(0)).ok().flatten()
        };
        let first = edge("SELECT min(id) FROM reviews");
        let last = edge("SELECT max(id) FROM reviews");
        match (first, last) {
            (Some(first), Some(last)) => last
                .checked_sub(first)
                .and_then(|n| usize::try_from(n).ok())
                .map_or(0, |n| n.saturating_add(1).min(1 << 22)),
            _ => 0,
        }
    }

    fn query_reviews(&self, sql: &str) -> Result<Vec<(i64, ReviewRecord)>> {
        if self.version < 1 {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            out.push(self.record_at(row, 0)?);
        }
        Ok(out)
    }

    /// The review in the seven columns from `first` on: id, card id, time,
    /// grade, elapsed time, typed answer and study day.
    fn record_at(&self, row: &rusqlite::Row<'_>, first: usize) -> Result<(i64, ReviewRecord)> {
        let col = |n: usize| first + n;
        let id: i64 = row.get(col(0)).map_err(|e| self.sql(e))?;
        let at_ms: i64 = row.get(col(2)).map_err(|e| self.sql(e))?;
        let at = ms_to_time(&self.path, at_ms)?;
        let day: Option<i64> = row.get(col(6)).map_err(|e| self.sql(e))?;
        let grade: i64 = row.get(col(3)).map_err(|e| self.sql(e))?;
        let elapsed_ms: i64 = row.get(col(4)).map_err(|e| self.sql(e))?;
        let grade = grade_of(grade).ok_or_else(|| StoreError::BadData {
            path: self.path.clone(),
            detail: format!("review {id} has grade {grade}"),
        })?;
        Ok((
            id,
            ReviewRecord {
                card_id: card_id_at(row, col(1)).map_err(|e| self.sql(e))?,
                at,
                day: self.day_of(at, day),
                grade,
                elapsed_ms: u64::try_from(elapsed_ms).unwrap_or(0),
                typed_answer: row.get(col(5)).map_err(|e| self.sql(e))?,
            },
        ))
    }

    /// The study day of an answer at `at` logged with day number `stored`:
    /// that day, or (a row from before schema 4) the day of `at` counted as
    /// [`Store::count_days_with`] says.
    pub(crate) fn day_of(&self, at: DateTime<Utc>, stored: Option<i64>) -> NaiveDate {
        logged_day(&self.days, at, stored)
    }

    /// What was typed the last time `card_id` was answered by typing.
    pub fn last_typed_answer(&self, card_id: &str) -> Result<Option<String>> {
        if self.version < 1 {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT typed_answer FROM reviews WHERE card_id = ?1 AND undone = 0 \
                 AND typed_answer IS NOT NULL ORDER BY at_ms DESC, id DESC LIMIT 1",
                [card_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))
    }
}

/// A review row every reader of a schema-3 store accepts: an integer id, a
/// time in the years 1 to 9999, a text card id, a grade 1 to 4, an integer
/// time spent and a text (or no) typed answer. Written as SQL so the check
/// runs inside SQLite.
macro_rules! valid_row_v3 {
    () => {
        "typeof(id) = 'integer' AND typeof(card_id) = 'text' \
         AND typeof(at_ms) = 'integer' AND at_ms BETWEEN -62135596800000 AND 253402300799999 \
         AND typeof(grade) = 'integer' AND grade BETWEEN 1 AND 4 \
         AND typeof(elapsed_ms) = 'integer' \
         AND (typed_answer IS NULL OR typeof(typed_answer) = 'text')"
    };
}
/// [`valid_row_v3`] and, from schema 4, a study day that is a date in the
/// years 1 to 9999 (as days since 1970-01-01), or none (counted from the
/// time, see [`Store::day_of`]).
macro_rules! valid_row {
    () => {
        concat!(
            valid_row_v3!(),
            " AND (day IS NULL OR (typeof(day) = 'integer' AND day BETWEEN -719162 AND 2932896))"
        )
    };
}
pub(crate) const VALID_ROW: &str = valid_row!();
pub(crate) const VALID_ROW_V3: &str = valid_row_v3!();

/// Every review not undone, in id order (the table's own order, so SQLite
/// scans without sorting), with whether its values are valid first: one
/// scan both counts the invalid rows and reads the others.
const VALID_REVIEWS_IN_ID_ORDER: &str = concat!(
    "SELECT (",
    valid_row!(),
    "), id, card_id, at_ms, grade, elapsed_ms, typed_answer, day \
     FROM reviews WHERE undone = 0 ORDER BY id"
);
/// [`VALID_REVIEWS_IN_ID_ORDER`] for a store from before schema 4.
const VALID_REVIEWS_IN_ID_ORDER_V3: &str = concat!(
    "SELECT (",
    valid_row_v3!(),
    "), id, card_id, at_ms, grade, elapsed_ms, typed_answer, NULL \
     FROM reviews WHERE undone = 0 ORDER BY id"
);

/// Puts reviews read in id order into replay order (time, grade and day for
/// answers of one millisecond, then id), sorting only
/// when they are not in it already: a stable sort would allocate scratch
/// space for a log that nearly always is.
pub(super) fn in_time_order(reviews: &mut [(i64, ReviewRecord)]) {
    let key = |(id, review): &(i64, ReviewRecord)| (review.replay_key(), *id);
    if !reviews.is_sorted_by_key(key) {
        reviews.sort_by_key(key);
    }
}

/// A partial index of the review rows with an invalid value: normally
/// empty, it answers [`Store::first_invalid_review`] without reading the
/// table. Its condition is the query's, word for word, so SQLite uses it.
/// (The schema-4 migration drops the older one, made without the day.)
static INVALID_ROWS_INDEX: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("CREATE INDEX IF NOT EXISTS reviews_invalid ON reviews(id) WHERE NOT ({VALID_ROW});")
});

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, TimeZone, Utc};

    use super::*;
    use crate::domain::schedule::Grade;

    fn at(mins: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).unwrap() + Duration::minutes(mins)
    }

    fn review(card: &str, mins: i64) -> ReviewRecord {
        ReviewRecord {
            card_id: card.into(),
            at: at(mins),
            day: crate::domain::schedule::day::test_day(at(mins)),
            grade: Grade::Good,
            elapsed_ms: 1,
            typed_answer: None,
        }
    }

    #[test]
    fn reviews_come_back_in_time_order_even_when_logged_out_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_at(dir.path().join("p.db"), at(0)).unwrap();
        // Logged out of time order (a clock set back, a second instance
        // with another --now), and two at the same time.
        let ids = store
            .append_reviews(&[
                review("c", 5),
                review("a", 1),
                review("d", 9),
                review("b", 1),
                review("e", 3),
            ])
            .unwrap();
        store.undo_review(ids[4]).unwrap();
        let got: Vec<(i64, String)> = store
            .reviews()
            .unwrap()
            .into_iter()
            .map(|(id, r)| (id, r.card_id.to_string()))
            .collect();
        let want = [(1, "a"), (3, "b"), (0, "c"), (2, "d")];
        let want: Vec<(i64, String)> = want
            .iter()
            .map(|(k, card)| (ids[*k], card.to_string()))
            .collect();
        assert_eq!(got, want);
        let (valid, invalid) = store.valid_reviews().unwrap();
        assert_eq!(invalid, 0);
        assert_eq!(valid, store.reviews().unwrap());
    }

    #[test]
    fn valid_reviews_skip_and_count_invalid_rows_in_one_scan_without_sorting() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_at(dir.path().join("p.db"), at(0)).unwrap();
        store
            .append_reviews(&[
                review("a", 2),
                review("b", 1),
                review("c", 3),
                review("d", 0),
            ])
            .unwrap();
        store
            .conn
            .execute_batch(
                "PRAGMA ignore_check_constraints = ON; \
                 UPDATE reviews SET grade = 9 WHERE card_id = 'a'; \
                 UPDATE reviews SET card_id = x'00ff' WHERE card_id = 'c'; \
                 PRAGMA ignore_check_constraints = OFF;",
            )
            .unwrap();
        let (valid, invalid) = store.valid_reviews().unwrap();
        assert_eq!(invalid, 2);
        let ids: Vec<&str> = valid.iter().map(|(_, r)| r.card_id.as_str()).collect();
        assert_eq!(ids, ["d", "b"]);
        let plan = crate::store::query_plan(&store.conn, VALID_REVIEWS_IN_ID_ORDER);
        assert!(!plan.is_empty());
        assert!(
            plan.iter().all(|step| !step.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }
}
