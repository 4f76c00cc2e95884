//! The mock-interview rows a sync carries (see `sync_rows`): attempts with
//! their sessions, known everywhere by their unique ids (schema 6), and the
//! missed talking points, known by their cards' ids, with the mark a delete
//! leaves. What an attempt gets after it is given (its rubric ticks, its
//! self-rating, its follow-ups) travels as [`AttemptMarks`].

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// One attempt with its session, as it travels between devices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncAttempt {
    pub uid: String,
    pub session_uid: String,
    pub set_id: String,
    pub mode: String,
    pub started_ms: i64,
    pub planned: i64,
    pub session_limit_ms: i64,
    pub position: i64,
    pub question_id: String,
    pub prompt: String,
    pub answer: Option<String>,
    pub time_ms: i64,
    pub limit_ms: i64,
    /// JSON, as stored.
    pub rated_against: String,
    /// JSON, as stored.
    pub signals: Option<String>,
    pub answered_ms: i64,
    /// What may change after the attempt is given.
    pub marks: AttemptMarks,
}

/// What an attempt gets after it is given, each written by the last device
/// to change it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptMarks {
    /// The rubric ticks (JSON, as stored).
    pub ticked: String,
    /// 1 to 4.
    pub self_rating: Option<i64>,
    /// The follow-up answers (JSON, as stored).
    pub follow_ups: Option<String>,
}

/// Marks to write on an attempt, only when its stored marks still are
/// `expected` (what the snapshot read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarksUpdate {
    pub uid: String,
    pub expected: AttemptMarks,
    pub new: AttemptMarks,
}

/// A missed talking point as it travels between devices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncMissedPoint {
    /// The point's card, and its key.
    pub card_id: String,
    pub set_id: String,
    pub question_id: String,
    pub item_id: String,
    pub teaching_card: Option<String>,
    pub prompt: String,
    pub label: String,
    pub description: String,
    pub first_attempt: String,
    pub created_ms: i64,
    /// When it was deleted; `None` while it is a card.
    pub deleted_ms: Option<i64>,
}

/// A point's deleted mark to write, only when the stored one still is
/// `expected`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointUpdate {
    pub card_id: String,
    pub expected: Option<i64>,
    pub deleted_ms: Option<i64>,
}

const ATTEMPT_COLUMNS: &str = "a.uid, s.uid, s.set_id, s.mode, s.started_ms, s.planned, \
     s.limit_ms, a.position, a.question_id, a.prompt, a.answer, a.time_ms, a.limit_ms, \
     a.rated_against, a.signals, a.answered_ms, a.ticked, a.self_rating, a.follow_ups";

/// Every attempt with its session, by session and position.
pub(super) fn read_attempts(conn: &Connection) -> rusqlite::Result<Vec<SyncAttempt>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ATTEMPT_COLUMNS} FROM interview_answers a \
         JOIN interview_sessions s ON s.id = a.session_id ORDER BY s.id, a.position, a.id"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(SyncAttempt {
            uid: r.get(0)?,
            session_uid: r.get(1)?,
            set_id: r.get(2)?,
            mode: r.get(3)?,
            started_ms: r.get(4)?,
            planned: r.get(5)?,
            session_limit_ms: r.get(6)?,
            position: r.get(7)?,
            question_id: r.get(8)?,
            prompt: r.get(9)?,
            answer: r.get(10)?,
            time_ms: r.get(11)?,
            limit_ms: r.get(12)?,
            rated_against: r.get(13)?,
            signals: r.get(14)?,
            answered_ms: r.get(15)?,
            marks: AttemptMarks {
                ticked: r.get(16)?,
                self_rating: r.get(17)?,
                follow_ups: r.get(18)?,
            },
        })
    })?;
    rows.collect()
}

/// Adds an attempt (and its session when missing) unless its id is here.
pub(super) fn insert_attempt(conn: &Connection, a: &SyncAttempt) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "INSERT INTO interview_sessions (uid, set_id, started_ms, planned, limit_ms, mode) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(uid) DO NOTHING",
    )?
    .execute(params![
        a.session_uid,
        a.set_id,
        a.started_ms,
        a.planned,
        a.session_limit_ms,
        a.mode
    ])?;
    let session: i64 = conn
        .prepare_cached("SELECT id FROM interview_sessions WHERE uid = ?1")?
        .query_row([&a.session_uid], |r| r.get(0))?;
    let added = conn
        .prepare_cached(
            "INSERT INTO interview_answers (uid, session_id, position, question_id, prompt, \
             answer, time_ms, limit_ms, rated_against, ticked, signals, answered_ms, follow_ups, \
             self_rating) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
             ON CONFLICT(uid) DO NOTHING",
        )?
        .execute(params![
            a.uid,
            session,
            a.position,
            a.question_id,
            a.prompt,
            a.answer,
            a.time_ms,
            a.limit_ms,
            a.rated_against,
            a.marks.ticked,
            a.signals,
            a.answered_ms,
            a.marks.follow_ups,
            a.marks.self_rating
        ])?;
    Ok(added > 0)
}

/// Writes an attempt's marks when the stored ones are still the expected
/// ones: `None` when the attempt is not here or already has them,
/// `Some(false)` when they changed here meanwhile.
pub(super) fn mark_attempt(
    conn: &Connection,
    update: &MarksUpdate,
) -> rusqlite::Result<Option<bool>> {
    let now: Option<AttemptMarks> = conn
        .prepare_cached(
            "SELECT ticked, self_rating, follow_ups FROM interview_answers WHERE uid = ?1",
        )?
        .query_row([&update.uid], |r| {
            Ok(AttemptMarks {
                ticked: r.get(0)?,
                self_rating: r.get(1)?,
                follow_ups: r.get(2)?,
            })
        })
        .optional()?;
    let Some(now) = now else {
        return Ok(None);
    };
    if now == update.new {
        return Ok(None);
    }
    if now != update.expected {
        return Ok(Some(false));
    }
    conn.prepare_cached(
        "UPDATE interview_answers SET ticked = ?1, self_rating = ?2, follow_ups = ?3 \
         WHERE uid = ?4",
    )?
    .execute(params![
        update.new.ticked,
        update.new.self_rating,
        update.new.follow_ups,
        update.uid
    ])?;
    Ok(Some(true))
}

/// Every missed point, deleted ones with their mark.
pub(super) fn read_points(conn: &Connection) -> rusqlite::Result<Vec<SyncMissedPoint>> {
    let mut stmt = conn.prepare(
        "SELECT card_id, set_id, question_id, item_id, teaching_card, prompt, label, \
         description, first_attempt, created_ms, deleted_ms FROM interview_missed_points \
         ORDER BY card_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SyncMissedPoint {
            card_id: r.get(0)?,
            set_id: r.get(1)?,
            question_id: r.get(2)?,
            item_id: r.get(3)?,
            teaching_card: r.get(4)?,
            prompt: r.get(5)?,
            label: r.get(6)?,
            description: r.get(7)?,
            first_attempt: r.get(8)?,
            created_ms: r.get(9)?,
            deleted_ms: r.get(10)?,
        })
    })?;
    rows.collect()
}

/// Adds a missed point unless its card is here already.
pub(super) fn insert_point(conn: &Connection, p: &SyncMissedPoint) -> rusqlite::Result<bool> {
    let added = conn
        .prepare_cached(
            "INSERT INTO interview_missed_points (card_id, set_id, question_id, item_id, \
             teaching_card, prompt, label, description, first_attempt, created_ms, deleted_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(card_id) DO NOTHING",
        )?
        .execute(params![
            p.card_id,
            p.set_id,
            p.question_id,
            p.item_id,
            p.teaching_card,
            p.prompt,
            p.label,
            p.description,
            p.first_attempt,
            p.created_ms,
            p.deleted_ms
        ])?;
    Ok(added > 0)
}

/// Sets a point's deleted mark when the stored one is still the expected
/// one (as [`mark_attempt`]).
pub(super) fn mark_point(
    conn: &Connection,
    update: &PointUpdate,
) -> rusqlite::Result<Option<bool>> {
    let now: Option<Option<i64>> = conn
        .prepare_cached("SELECT deleted_ms FROM interview_missed_points WHERE card_id = ?1")?
        .query_row([&update.card_id], |r| r.get(0))
        .optional()?;
    let Some(now) = now else {
        return Ok(None);
    };
    if now == update.deleted_ms {
        return Ok(None);
    }
    if now != update.expected {
        return Ok(Some(false));
    }
    conn.prepare_cached("UPDATE interview_missed_points SET deleted_ms = ?1 WHERE card_id = ?2")?
        .execute(params![update.deleted_ms, update.card_id])?;
    Ok(Some(true))
}
