//! What `studyguide stats` reads from a store whose card-state table is
//! current: the card states, the time of every answer, and the recent
//! cards' histories. The answers' times can be read on a second connection
//! (on another thread, beside the states): both reads say where the log
//! stood ([`LogMark`]), and the times are taken only when the two agree.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::card_states::{LogPosition, StateRows, StoredState, log_position};
use super::{Result, Store, StoreError, grade_of, ms_to_time};
use crate::domain::schedule::Grade;

/// A card's id and its answers (time and grade), oldest first.
pub type CardHistory = (String, Vec<(DateTime<Utc>, Grade)>);

/// Where the log stood when something was read from it: two reads with the
/// same mark saw the same answers (the log is only appended to and marked
/// undone, and its highest id and undone count move with each change).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogMark(LogPosition);

/// See [`Store::stats_source`]. The default is an empty log's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatsSource<C = Vec<StoredState>> {
    pub states: C,
    /// The time of every valid answer not undone, in id order (empty when
    /// read apart: [`Store::stats_source_without_times`]).
    pub answer_times: Vec<DateTime<Utc>>,
    /// Each recently answered card's whole history, oldest first.
    pub recent_histories: Vec<CardHistory>,
    /// Where the log stood.
    pub mark: LogMark,
}

impl Store {
    /// What `stats` needs, in one snapshot, when the table is current for
    /// `fingerprint`: the card states, the time of every answer, and the
    /// whole history of each card answered at or after `since` (to tell
    /// which recent answers were given in review).
    pub fn stats_source<C: StateRows>(
        &self,
        fingerprint: &str,
        since: DateTime<Utc>,
    ) -> Result<Option<StatsSource<C>>> {
        self.read_stats_source(fingerprint, since, true)
    }

    /// [`Store::stats_source`] without the answers' times, which another
    /// connection reads meanwhile ([`Store::answer_times`]); they belong to
    /// it when their mark is this one's.
    pub fn stats_source_without_times<C: StateRows>(
        &self,
        fingerprint: &str,
        since: DateTime<Utc>,
    ) -> Result<Option<StatsSource<C>>> {
        self.read_stats_source(fingerprint, since, false)
    }

    /// The time of every valid answer not undone, in id order, and where
    /// the log stood, in one snapshot.
    pub fn answer_times(&self) -> Result<(LogMark, Vec<DateTime<Utc>>)> {
        let sql = |e| self.sql(e);
        let tx = self.conn.unchecked_transaction().map_err(sql)?;
        let mark = LogMark(log_position(&tx).map_err(sql)?);
        Ok((mark, self.read_answer_times(&tx)?))
    }

    fn read_stats_source<C: StateRows>(
        &self,
        fingerprint: &str,
        since: DateTime<Utc>,
        with_times: bool,
    ) -> Result<Option<StatsSource<C>>> {
        self.read_current(fingerprint, |tx| {
            let states = self.read_states(tx)?;
            let answer_times = if with_times {
                self.read_answer_times(tx)?
            } else {
                Vec::new()
            };
            Ok(StatsSource {
                states,
                answer_times,
                recent_histories: self.read_recent_histories(tx, since)?,
                mark: LogMark(log_position(tx).map_err(|e| self.sql(e))?),
            })
        })
    }

    fn read_answer_times(&self, tx: &Connection) -> Result<Vec<DateTime<Utc>>> {
        let sql = |e| self.sql(e);
        let valid = self.valid_row_condition(tx)?;
        let mut answer_times = Vec::new();
        let mut stmt = tx
            .prepare(&format!(
                "SELECT at_ms FROM reviews WHERE undone = 0 AND ({valid}) ORDER BY id"
            ))
            .map_err(sql)?;
        let mut rows = stmt.query([]).map_err(sql)?;
        while let Some(r) = rows.next().map_err(sql)? {
            answer_times.push(ms_to_time(&self.path, r.get(0).map_err(sql)?)?);
        }
        Ok(answer_times)
    }

    fn read_recent_histories(
        &self,
        tx: &Connection,
        since: DateTime<Utc>,
    ) -> Result<Vec<CardHistory>> {
        let sql = |e| self.sql(e);
        let valid = self.valid_row_condition(tx)?;
        let mut recent_histories: Vec<CardHistory> = Vec::new();
        let mut stmt = tx
            .prepare(&format!(
                "SELECT card_id, at_ms, grade FROM reviews \
                 WHERE card_id IN (SELECT card_id FROM card_states WHERE last_ms >= ?1) \
                 AND undone = 0 AND ({valid}) ORDER BY card_id, at_ms, id"
            ))
            .map_err(sql)?;
        let mut rows = stmt.query([since.timestamp_millis()]).map_err(sql)?;
        while let Some(r) = rows.next().map_err(sql)? {
            let card: String = r.get(0).map_err(sql)?;
            let at = ms_to_time(&self.path, r.get(1).map_err(sql)?)?;
            let grade = r.get::<_, i64>(2).map_err(sql)?;
            let grade = grade_of(grade).ok_or_else(|| StoreError::BadData {
                path: self.path.clone(),
                detail: format!("a review has grade {grade}"),
            })?;
            match recent_histories.last_mut() {
                Some((last, answers)) if *last == card => answers.push((at, grade)),
                _ => recent_histories.push((card, vec![(at, grade)])),
            }
        }
        Ok(recent_histories)
    }
}
