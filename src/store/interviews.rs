//! The mock-interview tables: a session row (unique id, set, mode, start,
//! planned length, time limit) and one row per attempt (unique id, the
//! answer, its signals and rubric ticks, the follow-ups answered with it
//! and the self-rating). An attempt is written in one transaction when it
//! is submitted (with its session, the first time); follow-ups, ticks and
//! the self-rating are updated by the attempt's id as the user goes on.
//! Reading gives every session back as a `domain::interview::SessionRecord`.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, ms_to_time};
use crate::domain::interview::{
    AnswerScore, Attempt, FollowUpAnswer, InterviewMode, InterviewSession, RubricRating,
    SessionRecord, SignalSummary,
};
use crate::domain::schedule::Grade;

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn duration(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// One attempt's row as read, before it is put with its session.
struct AttemptRow {
    session_id: i64,
    uid: String,
    question: String,
    prompt: String,
    answer: Option<String>,
    time_ms: i64,
    limit_ms: i64,
    rated: String,
    ticked: String,
    signals: Option<String>,
    answered_ms: i64,
    follow_ups: Option<String>,
    self_rating: Option<i64>,
}

impl Store {
    fn encode<T: serde::Serialize + ?Sized>(&self, what: &str, value: &T) -> Result<String> {
        serde_json::to_string(value).map_err(|e| StoreError::BadData {
            path: self.path.clone(),
            detail: format!("cannot encode {what}: {e}"),
        })
    }

    /// Stores one submitted attempt (and its session, the first time) in
    /// one transaction. `position` is its place in the session, from 0;
    /// `attempt` its unique id. Returns the row's id.
    pub fn save_interview_answer(
        &self,
        session: &InterviewSession,
        position: usize,
        attempt: &str,
        answer: &AnswerScore,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        self.writable()?;
        let rated = self.encode("an interview answer", &answer.rated_against)?;
        let ticked = self.encode("an interview answer", &answer.rating.ticked)?;
        let signals = match &answer.signals {
            Some(s) => Some(self.encode("an interview answer", s)?),
            None => None,
        };
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO interview_sessions (uid, set_id, started_ms, planned, limit_ms, mode) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(uid) DO NOTHING",
            params![
                session.id,
                session.set,
                session.started_at.timestamp_millis(),
                i64::try_from(session.planned).unwrap_or(i64::MAX),
                ms(session.limit),
                session.mode.name()
            ],
        )
        .map_err(|e| self.sql(e))?;
        let session_id: i64 = tx
            .query_row(
                "SELECT id FROM interview_sessions WHERE uid = ?1",
                params![session.id],
                |r| r.get(0),
            )
            .map_err(|e| self.sql(e))?;
        tx.execute(
            "INSERT INTO interview_answers (uid, session_id, position, question_id, prompt, \
             answer, time_ms, limit_ms, rated_against, ticked, signals, answered_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                attempt,
                session_id,
                i64::try_from(position).unwrap_or(i64::MAX),
                answer.question,
                answer.prompt,
                answer.answer,
                ms(answer.time_taken),
                ms(answer.limit),
                rated,
                ticked,
                signals,
                at.timestamp_millis()
            ],
        )
        .map_err(|e| self.sql(e))?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(|e| self.sql(e))?;
        Ok(id)
    }

    /// Replaces the rubric ticks and the self-rating of a stored attempt.
    pub fn rate_interview_answer(
        &self,
        attempt: &str,
        rating: &RubricRating,
        self_rating: Option<Grade>,
    ) -> Result<()> {
        self.writable()?;
        let ticked = self.encode("a rating", &rating.ticked)?;
        self.conn
            .execute(
                "UPDATE interview_answers SET ticked = ?1, self_rating = ?2 WHERE uid = ?3",
                params![ticked, self_rating.map(Grade::as_u8), attempt],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Replaces the follow-ups answered with a stored attempt.
    pub fn save_follow_ups(&self, attempt: &str, follow_ups: &[FollowUpAnswer]) -> Result<()> {
        self.writable()?;
        let json = self.encode("the follow-up answers", follow_ups)?;
        self.conn
            .execute(
                "UPDATE interview_answers SET follow_ups = ?1 WHERE uid = ?2",
                params![json, attempt],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Every session with at least one attempt, oldest first, attempts in
    /// order. A store from before version 6 (read-only) gives its rows ids
    /// made from their row numbers, and no follow-ups or self-ratings.
    pub fn interviews(&self) -> Result<Vec<SessionRecord>> {
        if self.version < 3 {
            return Ok(Vec::new());
        }
        let mut sessions = self.interview_sessions()?;
        self.add_attempts(&mut sessions)?;
        Ok(sessions
            .into_iter()
            .map(|(_, s)| s)
            .filter(|s| !s.attempts.is_empty())
            .collect())
    }

    /// Every session row, oldest first, with its row id and no attempts
    /// yet.
    fn interview_sessions(&self) -> Result<Vec<(i64, SessionRecord)>> {
        let sql = if self.version >= 6 {
            "SELECT id, set_id, started_ms, planned, limit_ms, uid, mode \
             FROM interview_sessions ORDER BY started_ms, id"
        } else {
            "SELECT id, set_id, started_ms, planned, limit_ms, NULL, NULL \
             FROM interview_sessions ORDER BY started_ms, id"
        };
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        let mut sessions = Vec::new();
        for row in rows {
            let (id, set, started_ms, planned, limit_ms, uid, mode) =
                row.map_err(|e| self.sql(e))?;
            sessions.push((
                id,
                SessionRecord {
                    id: uid.unwrap_or_else(|| format!("session-{id}")),
                    set,
                    mode: mode
                        .as_deref()
                        .map_or(InterviewMode::Live, InterviewMode::from_name),
                    started_at: ms_to_time(&self.path, started_ms)?,
                    planned: usize::try_from(planned).unwrap_or(0),
                    limit: duration(limit_ms),
                    attempts: Vec::new(),
                },
            ));
        }
        Ok(sessions)
    }

    /// Puts every attempt row with its session (by the session's row id), in
    /// order; a row of no session is left out.
    fn add_attempts(&self, sessions: &mut [(i64, SessionRecord)]) -> Result<()> {
        let sql = if self.version >= 6 {
            "SELECT session_id, uid, question_id, prompt, answer, time_ms, limit_ms, \
             rated_against, ticked, signals, answered_ms, follow_ups, self_rating, id \
             FROM interview_answers ORDER BY session_id, position, id"
        } else {
            "SELECT session_id, NULL, question_id, prompt, answer, time_ms, limit_ms, \
             rated_against, ticked, signals, answered_ms, NULL, NULL, id \
             FROM interview_answers ORDER BY session_id, position, id"
        };
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| {
                let id: i64 = r.get(13)?;
                Ok(AttemptRow {
                    session_id: r.get(0)?,
                    uid: r
                        .get::<_, Option<String>>(1)?
                        .unwrap_or_else(|| format!("answer-{id}")),
                    question: r.get(2)?,
                    prompt: r.get(3)?,
                    answer: r.get(4)?,
                    time_ms: r.get(5)?,
                    limit_ms: r.get(6)?,
                    rated: r.get(7)?,
                    ticked: r.get(8)?,
                    signals: r.get(9)?,
                    answered_ms: r.get(10)?,
                    follow_ups: r.get(11)?,
                    self_rating: r.get(12)?,
                })
            })
            .map_err(|e| self.sql(e))?;
        for row in rows {
            let row = row.map_err(|e| self.sql(e))?;
            let Some((_, session)) = sessions.iter_mut().find(|(id, _)| *id == row.session_id)
            else {
                continue;
            };
            let attempt = self.attempt(row, session)?;
            session.attempts.push(attempt);
        }
        Ok(())
    }

    fn attempt(&self, row: AttemptRow, session: &SessionRecord) -> Result<Attempt> {
        let question = row.question;
        let bad = |e: serde_json::Error| StoreError::BadData {
            path: self.path.clone(),
            detail: format!("an interview answer of question `{question}`: {e}"),
        };
        let rated_against: Vec<String> = serde_json::from_str(&row.rated).map_err(bad)?;
        let ticked: BTreeSet<String> = serde_json::from_str(&row.ticked).map_err(bad)?;
        let signals: Option<SignalSummary> = row
            .signals
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(bad)?;
        let follow_ups: Vec<FollowUpAnswer> = row
            .follow_ups
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(bad)?
            .unwrap_or_default();
        Ok(Attempt {
            id: row.uid,
            session: session.id.clone(),
            mode: session.mode,
            answered_at: ms_to_time(&self.path, row.answered_ms)?,
            score: AnswerScore {
                question: question.clone(),
                prompt: row.prompt,
                answer: row.answer,
                time_taken: duration(row.time_ms),
                limit: duration(row.limit_ms),
                signals,
                rated_against,
                rating: RubricRating { ticked },
            },
            follow_ups,
            self_rating: row
                .self_rating
                .and_then(|g| u8::try_from(g).ok())
                .and_then(Grade::from_u8),
        })
    }

    /// The rubric ticks and self-rating stored for an attempt (for tests
    /// and tools).
    pub fn interview_rating(&self, attempt: &str) -> Result<Option<(RubricRating, Option<Grade>)>> {
        let row: Option<(String, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT ticked, self_rating FROM interview_answers WHERE uid = ?1",
                [attempt],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        let Some((ticked, self_rating)) = row else {
            return Ok(None);
        };
        let ticked = serde_json::from_str(&ticked).map_err(|e| StoreError::BadData {
            path: self.path.clone(),
            detail: format!("a stored rating: {e}"),
        })?;
        let self_rating = self_rating
            .and_then(|g| u8::try_from(g).ok())
            .and_then(Grade::from_u8);
        Ok(Some((RubricRating { ticked }, self_rating)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_780_000_000 + secs, 0).single().unwrap()
    }

    fn answer(question: &str, text: Option<&str>, ticked: &[&str]) -> AnswerScore {
        AnswerScore {
            question: question.into(),
            prompt: format!("prompt of {question}"),
            answer: text.map(str::to_string),
            time_taken: Duration::from_millis(65_500),
            limit: Duration::from_secs(120),
            signals: None,
            rated_against: vec!["star".into(), "result".into()],
            rating: RubricRating {
                ticked: ticked.iter().map(|s| s.to_string()).collect(),
            },
        }
    }

    fn session(id: &str, started: DateTime<Utc>) -> InterviewSession {
        InterviewSession {
            id: id.into(),
            set: "set".into(),
            mode: InterviewMode::Live,
            started_at: started,
            planned: 3,
            limit: Duration::from_secs(120),
        }
    }

    #[test]
    fn attempts_survive_reopening_with_their_session_rating_and_follow_ups() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        let session = session("s-1", at(0));
        {
            let store = Store::open_at(&path, at(0)).unwrap();
            store
                .save_interview_answer(
                    &session,
                    0,
                    "a-1",
                    &answer("q1", Some("I did"), &[]),
                    at(70),
                )
                .unwrap();
            store
                .save_interview_answer(&session, 1, "a-2", &answer("q2", None, &["star"]), at(140))
                .unwrap();
            let mut rating = RubricRating::default();
            rating.toggle("result");
            store
                .rate_interview_answer("a-1", &rating, Some(Grade::Hard))
                .unwrap();
            assert_eq!(
                store.interview_rating("a-1").unwrap(),
                Some((rating, Some(Grade::Hard)))
            );
            let follow = FollowUpAnswer {
                prompt: "By how much?".into(),
                answer: Some("By a third.".into()),
                time_taken: Duration::from_secs(9),
            };
            store.save_follow_ups("a-1", &[follow]).unwrap();
        }
        let store = Store::open_read_only(&path).unwrap();
        let all = store.interviews().unwrap();
        assert_eq!(all.len(), 1);
        let s = &all[0];
        assert_eq!(s.id, "s-1");
        assert_eq!((s.planned, s.limit), (3, Duration::from_secs(120)));
        assert_eq!(s.started_at, at(0));
        let ids: Vec<(&str, &str)> = s
            .attempts
            .iter()
            .map(|a| (a.id.as_str(), a.score.question.as_str()))
            .collect();
        assert_eq!(ids, [("a-1", "q1"), ("a-2", "q2")]);
        let first = &s.attempts[0];
        assert_eq!(first.score.answer.as_deref(), Some("I did"));
        assert_eq!(first.score.time_taken, Duration::from_millis(65_500));
        assert_eq!(first.answered_at, at(70));
        assert!(first.score.rating.is_ticked("result"));
        assert_eq!(first.self_rating, Some(Grade::Hard));
        assert_eq!(first.follow_ups[0].answer.as_deref(), Some("By a third."));
        assert_eq!(first.session, "s-1");
        assert_eq!(s.attempts[1].score.answer, None);
        assert_eq!(s.attempts[1].self_rating, None);
        assert_eq!(s.attempts[1].score.score(), 0.5);
    }

    #[test]
    fn two_sessions_started_in_the_same_millisecond_stay_two() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_at(dir.path().join("p.sqlite3"), at(0)).unwrap();
        for (sid, aid) in [("s-a", "a-a"), ("s-b", "a-b")] {
            store
                .save_interview_answer(
                    &session(sid, at(0)),
                    0,
                    aid,
                    &answer("q1", None, &[]),
                    at(5),
                )
                .unwrap();
        }
        let all = store.interviews().unwrap();
        let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["s-a", "s-b"]);
        assert!(all.iter().all(|s| s.attempts.len() == 1));
    }

    #[test]
    fn an_attempt_id_is_unique() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_at(dir.path().join("p.sqlite3"), at(0)).unwrap();
        let s = session("s", at(0));
        store
            .save_interview_answer(&s, 0, "same", &answer("q", None, &[]), at(1))
            .unwrap();
        assert!(
            store
                .save_interview_answer(&s, 1, "same", &answer("q", None, &[]), at(2))
                .is_err()
        );
        assert_eq!(store.interviews().unwrap()[0].attempts.len(), 1);
    }

    #[test]
    fn a_read_only_store_refuses_to_save_an_answer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        drop(Store::open_at(&path, at(0)).unwrap());
        let store = Store::open_read_only(&path).unwrap();
        assert!(
            store
                .save_interview_answer(&session("s", at(0)), 0, "a", &answer("q", None, &[]), at(1))
                .is_err()
        );
        assert!(store.interviews().unwrap().is_empty());
    }
}
