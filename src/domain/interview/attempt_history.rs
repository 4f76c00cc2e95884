//! The history per question: every attempt at one question, oldest first,
//! and what changed from one attempt to the next (words, time, talking
//! points covered, which points were gained or lost). Pure.

use super::attempt::{Attempt, SessionRecord};

/// Every attempt at one question of one set.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionAttempts<'a> {
    pub set: &'a str,
    pub question: &'a str,
    /// The prompt as last asked.
    pub prompt: &'a str,
    /// Oldest first.
    pub attempts: Vec<&'a Attempt>,
}

impl QuestionAttempts<'_> {
    pub fn last(&self) -> Option<&Attempt> {
        self.attempts.last().copied()
    }
}

/// The questions answered in `sessions`, the most recently answered first
/// (ties by set and question id), each with its attempts oldest first.
pub fn by_question(sessions: &[SessionRecord]) -> Vec<QuestionAttempts<'_>> {
    let mut all: Vec<(&SessionRecord, &Attempt)> = sessions
        .iter()
        .flat_map(|s| s.attempts.iter().map(move |a| (s, a)))
        .collect();
    all.sort_by_key(|(_, a)| a.answered_at);
    let mut out: Vec<QuestionAttempts<'_>> = Vec::new();
    for (session, attempt) in all {
        let question = attempt.score.question.as_str();
        match out
            .iter_mut()
            .find(|q| q.set == session.set && q.question == question)
        {
            Some(q) => {
                q.prompt = &attempt.score.prompt;
                q.attempts.push(attempt);
            }
            None => out.push(QuestionAttempts {
                set: &session.set,
                question,
                prompt: &attempt.score.prompt,
                attempts: vec![attempt],
            }),
        }
    }
    out.sort_by(|a, b| {
        let last = |q: &QuestionAttempts<'_>| q.last().map(|a| a.answered_at);
        last(b)
            .cmp(&last(a))
            .then(a.set.cmp(b.set))
            .then(a.question.cmp(b.question))
    });
    out
}

/// Talking points covered: the rubric items ticked of those rated against.
pub fn covered(attempt: &Attempt) -> Vec<&str> {
    let score = &attempt.score;
    score
        .rated_against
        .iter()
        .filter(|id| score.rating.is_ticked(id))
        .map(String::as_str)
        .collect()
}

/// What changed from one attempt to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptChange {
    /// Words typed, after minus before (an answer given aloud has none).
    pub words: i64,
    /// Seconds taken, after minus before.
    pub seconds: i64,
    /// Points covered, after minus before.
    pub covered: i64,
    /// Points covered now that were not before, in rubric order.
    pub gained: Vec<String>,
    /// Points covered before that are not now.
    pub lost: Vec<String>,
}

fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub fn change(before: &Attempt, after: &Attempt) -> AttemptChange {
    let was = covered(before);
    let now = covered(after);
    let words = |a: &Attempt| signed(a.score.words() as u64);
    let seconds = |a: &Attempt| signed(a.score.time_taken.as_secs());
    AttemptChange {
        words: words(after) - words(before),
        seconds: seconds(after) - seconds(before),
        covered: signed(now.len() as u64) - signed(was.len() as u64),
        gained: now
            .iter()
            .filter(|p| !was.contains(p))
            .map(|p| p.to_string())
            .collect(),
        lost: was
            .iter()
            .filter(|p| !now.contains(p))
            .map(|p| p.to_string())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interview::attempt::InterviewMode;
    use crate::domain::interview::score::{AnswerScore, RubricRating, SignalSummary};
    use crate::domain::interview::signals::LengthVerdict;
    use chrono::{DateTime, TimeZone, Utc};
    use std::time::Duration;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap() + chrono::Duration::minutes(min)
    }

    fn attempt(id: &str, question: &str, min: i64, words: usize, ticked: &[&str]) -> Attempt {
        Attempt {
            id: id.into(),
            session: "s".into(),
            mode: InterviewMode::Live,
            answered_at: at(min),
            score: AnswerScore {
                question: question.into(),
                prompt: format!("{question}?"),
                answer: Some("text".into()),
                time_taken: Duration::from_secs(words as u64),
                limit: Duration::from_secs(120),
                signals: Some(SignalSummary {
                    words,
                    speaking_time: Duration::ZERO,
                    verdict: LengthVerdict::InRange,
                    star: Vec::new(),
                    specific_result: false,
                    i_count: 0,
                    we_count: 0,
                    filler: 0,
                    hedging: 0,
                    negativity: 0,
                    enthusiasm: 0,
                    tailoring: 0,
                    asked_question: false,
                }),
                rated_against: vec!["star".into(), "result".into(), "concise".into()],
                rating: RubricRating {
                    ticked: ticked.iter().map(|s| s.to_string()).collect(),
                },
            },
            follow_ups: Vec::new(),
            self_rating: None,
        }
    }

    fn session(id: &str, attempts: Vec<Attempt>) -> SessionRecord {
        SessionRecord {
            id: id.into(),
            set: "set".into(),
            mode: InterviewMode::Live,
            started_at: attempts.first().map_or(at(0), |a| a.answered_at),
            planned: attempts.len(),
            limit: Duration::from_secs(120),
            attempts,
        }
    }

    #[test]
    fn attempts_are_grouped_per_question_latest_question_first() {
        let sessions = vec![
            session(
                "s1",
                vec![
                    attempt("a", "q1", 0, 40, &["star"]),
                    attempt("b", "q2", 2, 50, &[]),
                ],
            ),
            session("s2", vec![attempt("c", "q1", 60, 90, &["star", "result"])]),
        ];
        let groups = by_question(&sessions);
        let ids: Vec<(&str, Vec<&str>)> = groups
            .iter()
            .map(|g| {
                (
                    g.question,
                    g.attempts.iter().map(|a| a.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(ids, [("q1", vec!["a", "c"]), ("q2", vec!["b"])]);
    }

    #[test]
    fn a_change_counts_words_time_and_points_gained_and_lost() {
        let before = attempt("a", "q", 0, 40, &["star", "concise"]);
        let after = attempt("b", "q", 5, 95, &["star", "result"]);
        let c = change(&before, &after);
        assert_eq!((c.words, c.seconds, c.covered), (55, 55, 0));
        assert_eq!(c.gained, ["result"]);
        assert_eq!(c.lost, ["concise"]);
    }
}
