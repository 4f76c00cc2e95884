//! The mock-interview tables: a session row (set, start, planned length,
//! time limit) and one row per answer, written in one transaction when the
//! answer is submitted; the self-rating is updated when the user moves on.
//! Reading gives every session back as `domain::interview::SessionScore`s.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, ms_to_time};
use crate::domain::interview::{
    AnswerScore, InterviewSession, RubricRating, SessionScore, SignalSummary,
};

/// A stored session with its planned length.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredInterview {
    pub planned: usize,
    pub limit: Duration,
    pub score: SessionScore,
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn duration(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

impl Store {
    /// Stores one submitted answer (and its session, the first time) in one
    /// transaction. `position` is the answer's place in the session, from 0.
    /// Returns the answer's id, for [`Store::rate_interview_answer`].
    pub fn save_interview_answer(
        &self,
        session: &InterviewSession,
        position: usize,
        answer: &AnswerScore,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        self.writable()?;
        let json = |e: serde_json::Error| StoreError::BadData {
            path: self.path.clone(),
            detail: format!("cannot encode an interview answer: {e}"),
        };
        let rated = serde_json::to_string(&answer.rated_against).map_err(json)?;
        let ticked = serde_json::to_string(&answer.rating.ticked).map_err(json)?;
        let signals = answer
            .signals
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(json)?;
        let tx = self.conn.unchecked_transaction().map_err(|e| self.sql(e))?;
        tx.execute(
            "INSERT INTO interview_sessions (set_id, started_ms, planned, limit_ms) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT(set_id, started_ms) DO NOTHING",
            params![
                session.set,
                session.started_at.timestamp_millis(),
                i64::try_from(session.planned).unwrap_or(i64::MAX),
                ms(session.limit)
            ],
        )
        .map_err(|e| self.sql(e))?;
        let session_id: i64 = tx
            .query_row(
                "SELECT id FROM interview_sessions WHERE set_id = ?1 AND started_ms = ?2",
                params![session.set, session.started_at.timestamp_millis()],
                |r| r.get(0),
            )
            .map_err(|e| self.sql(e))?;
        tx.execute(
            "INSERT INTO interview_answers (session_id, position, question_id, prompt, answer, \
             time_ms, limit_ms, rated_against, ticked, signals, answered_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
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

    /// Replaces the self-rating of a stored answer.
    pub fn rate_interview_answer(&self, id: i64, rating: &RubricRating) -> Result<()> {
        self.writable()?;
        let ticked = serde_json::to_string(&rating.ticked).map_err(|e| StoreError::BadData {
            path: self.path.clone(),
            detail: format!("cannot encode a rating: {e}"),
        })?;
        self.conn
            .execute(
                "UPDATE interview_answers SET ticked = ?1 WHERE id = ?2",
                params![ticked, id],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Every session with at least one answer, oldest first, answers in order.
    pub fn interviews(&self) -> Result<Vec<StoredInterview>> {
        if self.version < 3 {
            return Ok(Vec::new());
        }
        let mut sessions: Vec<(i64, StoredInterview)> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, set_id, started_ms, planned, limit_ms FROM interview_sessions \
                     ORDER BY started_ms, id",
                )
                .map_err(|e| self.sql(e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(4)?,
                    ))
                })
                .map_err(|e| self.sql(e))?;
            for row in rows {
                let (id, set, started_ms, planned, limit_ms) = row.map_err(|e| self.sql(e))?;
                sessions.push((
                    id,
                    StoredInterview {
                        planned: usize::try_from(planned).unwrap_or(0),
                        limit: duration(limit_ms),
                        score: SessionScore {
                            set,
                            started_at: ms_to_time(&self.path, started_ms)?,
                            answers: Vec::new(),
                        },
                    },
                ));
            }
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT session_id, question_id, prompt, answer, time_ms, limit_ms, \
                 rated_against, ticked, signals FROM interview_answers \
                 ORDER BY session_id, position, id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        for row in rows {
            let (session_id, question, prompt, answer, time_ms, limit_ms, rated, ticked, signals) =
                row.map_err(|e| self.sql(e))?;
            let bad = |e: serde_json::Error| StoreError::BadData {
                path: self.path.clone(),
                detail: format!("an interview answer of question `{question}`: {e}"),
            };
            let rated_against: Vec<String> = serde_json::from_str(&rated).map_err(bad)?;
            let ticked: BTreeSet<String> = serde_json::from_str(&ticked).map_err(bad)?;
            let signals: Option<SignalSummary> = signals
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(bad)?;
            let Some((_, session)) = sessions.iter_mut().find(|(id, _)| *id == session_id) else {
                continue;
            };
            session.score.answers.push(AnswerScore {
                question,
                prompt,
                answer,
                time_taken: duration(time_ms),
                limit: duration(limit_ms),
                signals,
                rated_against,
                rating: RubricRating { ticked },
            });
        }
        Ok(sessions
            .into_iter()
            .map(|(_, s)| s)
            .filter(|s| !s.score.answers.is_empty())
            .collect())
    }

    /// The self-rating stored for an answer (for tests and tools).
    pub fn interview_rating(&self, id: i64) -> Result<Option<RubricRating>> {
        let ticked: Option<String> = self
            .conn
            .query_row(
                "SELECT ticked FROM interview_answers WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        let Some(ticked) = ticked else {
            return Ok(None);
        };
        let ticked = serde_json::from_str(&ticked).map_err(|e| StoreError::BadData {
            path: self.path.clone(),
            detail: format!("a stored rating: {e}"),
        })?;
        Ok(Some(RubricRating { ticked }))
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

    #[test]
    fn answers_survive_reopening_with_their_session_and_rating() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        let session = InterviewSession {
            set: "set".into(),
            started_at: at(0),
            planned: 3,
            limit: Duration::from_secs(120),
        };
        {
            let store = Store::open_at(&path, at(0)).unwrap();
            let first = store
                .save_interview_answer(&session, 0, &answer("q1", Some("I did"), &[]), at(70))
                .unwrap();
            store
                .save_interview_answer(&session, 1, &answer("q2", None, &["star"]), at(140))
                .unwrap();
            let mut rating = RubricRating::default();
            rating.toggle("result");
            store.rate_interview_answer(first, &rating).unwrap();
            assert_eq!(store.interview_rating(first).unwrap(), Some(rating));
        }
        let store = Store::open_read_only(&path).unwrap();
        let all = store.interviews().unwrap();
        assert_eq!(all.len(), 1);
        let s = &all[0];
        assert_eq!((s.planned, s.limit), (3, Duration::from_secs(120)));
        assert_eq!(s.score.started_at, at(0));
        let ids: Vec<&str> = s
            .score
            .answers
            .iter()
            .map(|a| a.question.as_str())
            .collect();
        assert_eq!(ids, ["q1", "q2"]);
        assert_eq!(s.score.answers[0].answer.as_deref(), Some("I did"));
        assert_eq!(s.score.answers[0].time_taken, Duration::from_millis(65_500));
        assert!(s.score.answers[0].rating.is_ticked("result"));
        assert_eq!(s.score.answers[1].answer, None);
        assert_eq!(s.score.answers[1].score(), 0.5);
    }

    #[test]
    fn a_read_only_store_refuses_to_save_an_answer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        drop(Store::open_at(&path, at(0)).unwrap());
        let store = Store::open_read_only(&path).unwrap();
        let session = InterviewSession {
            set: "set".into(),
            started_at: at(0),
            planned: 3,
            limit: Duration::from_secs(60),
        };
        assert!(
            store
                .save_interview_answer(&session, 0, &answer("q", None, &[]), at(1))
                .is_err()
        );
        assert!(store.interviews().unwrap().is_empty());
    }
}
