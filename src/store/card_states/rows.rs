//! A card state as a row of the table: the columns written, the row read
//! back and checked, and where the rows read are gathered.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use crate::domain::cards::CardId;
use crate::domain::progress::StoredStates;
use crate::domain::schedule::{CardState, Phase};
use crate::store::reviews::{day_from_number, day_number};
use crate::store::{Result, StoreError, card_id_at, ms_to_time};

/// One card's stored state, and when it was first answered.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredState {
    pub card_id: CardId,
    pub state: CardState,
    pub first_answer: DateTime<Utc>,
}

pub(super) fn phase_code(phase: Phase) -> i64 {
    match phase {
        Phase::New => 0,
        Phase::Learning => 1,
        Phase::Review => 2,
        Phase::Relearning => 3,
    }
}

pub(super) fn phase_of(code: i64) -> Option<Phase> {
    Some(match code {
        0 => Phase::New,
        1 => Phase::Learning,
        2 => Phase::Review,
        3 => Phase::Relearning,
        _ => return None,
    })
}

pub(super) fn write_state(
    conn: &Connection,
    card_id: &str,
    state: &CardState,
    first: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO card_states \
         (card_id, phase, step, stability, difficulty, due_ms, last_ms, last_day, reps, lapses, \
          first_ms) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        card_id,
        phase_code(state.phase),
        state.step,
        f64::from(state.stability),
        f64::from(state.difficulty),
        state.due.map(|t| t.timestamp_millis()),
        state.last_review.map(|t| t.timestamp_millis()),
        state.last_day.map(day_number),
        state.reps,
        state.lapses,
        first
    ])?;
    Ok(())
}

/// A row read back: `None` for values no writer of the table makes.
pub(super) type StateRow = (
    CardId,
    i64,
    i64,
    f64,
    f64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
    i64,
    i64,
);

/// The columns of a [`StateRow`], in its order.
pub(super) const STATE_COLUMNS: &str = "card_id, phase, step, stability, difficulty, due_ms, last_ms, \
     last_day, reps, lapses, first_ms";

/// A [`StateRow`] from a row selecting [`STATE_COLUMNS`].
pub(super) fn state_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StateRow> {
    Ok((
        card_id_at(r, 0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
    ))
}

pub(super) fn state_of(path: &std::path::Path, row: StateRow) -> Result<StoredState> {
    let (card_id, phase, step, stability, difficulty, due, last, last_day, reps, lapses, first) =
        row;
    let bad = || StoreError::BadData {
        path: path.to_path_buf(),
        detail: "a stored card state has an invalid value".into(),
    };
    let time = |ms: Option<i64>| ms.map(|ms| ms_to_time(path, ms)).transpose();
    Ok(StoredState {
        state: CardState {
            phase: phase_of(phase).ok_or_else(bad)?,
            step: u32::try_from(step).map_err(|_| bad())?,
            stability: stability as f32,
            difficulty: difficulty as f32,
            due: time(due)?,
            last_review: time(last)?,
            last_day: last_day
                .map(|n| day_from_number(n).ok_or_else(bad))
                .transpose()?,
            reps: u32::try_from(reps).map_err(|_| bad())?,
            lapses: u32::try_from(lapses).map_err(|_| bad())?,
        },
        card_id,
        first_answer: ms_to_time(path, first)?,
    })
}

/// Where stored card states are gathered as they are read: a list of them,
/// or the states by id ([`StoredStates`]).
pub trait StateRows {
    /// Room for `rows` states.
    fn with_capacity(rows: usize) -> Self;
    fn add(&mut self, row: StoredState);
}

impl StateRows for Vec<StoredState> {
    fn with_capacity(rows: usize) -> Self {
        Vec::with_capacity(rows)
    }

    fn add(&mut self, row: StoredState) {
        self.push(row);
    }
}

impl StateRows for StoredStates {
    fn with_capacity(rows: usize) -> Self {
        StoredStates::with_capacity(rows)
    }

    fn add(&mut self, row: StoredState) {
        self.extend(Some((row.card_id, row.state, row.first_answer)));
    }
}
