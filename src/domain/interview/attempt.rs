//! Attempts: one answer to one question, as the history keeps it. Each has
//! a stable unique id (sync between machines joins on it), the session it
//! was given in (also by a unique id, so two sessions started in the same
//! millisecond stay two), the mode, the follow-ups answered with it and the
//! user's self-rating. Ids come from an [`IdSource`]: a random seed given at
//! start-up and a counter, so `update` stays free of clocks and randomness.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::score::{AnswerScore, SessionScore};
use crate::domain::schedule::Grade;

/// How a session is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterviewMode {
    /// Timed, advice only after each answer, each question asked once, a
    /// scorecard at the end.
    #[default]
    Live,
    /// The model advice before answering, and a question can be tried
    /// again at once.
    Practice,
}

impl InterviewMode {
    pub const ALL: [InterviewMode; 2] = [InterviewMode::Live, InterviewMode::Practice];

    /// The name stored and printed.
    pub fn name(self) -> &'static str {
        match self {
            InterviewMode::Live => "live",
            InterviewMode::Practice => "practice",
        }
    }

    /// A stored name back; anything unknown reads as live (the only mode
    /// before modes were stored).
    pub fn from_name(name: &str) -> InterviewMode {
        InterviewMode::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .unwrap_or_default()
    }
}

/// A scripted follow-up and what the user answered to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpAnswer {
    /// The interviewer's follow-up question.
    pub prompt: String,
    /// `None` when answered aloud (an empty box).
    pub answer: Option<String>,
    pub time_taken: Duration,
}

/// The session an attempt belongs to: its unique id is the key; the rest
/// is written with its first attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterviewSession {
    pub id: String,
    pub set: String,
    pub mode: InterviewMode,
    pub started_at: DateTime<Utc>,
    pub planned: usize,
    pub limit: Duration,
}

/// One answer to one question, with what came with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// Stable and unique (a UUID).
    pub id: String,
    /// The session's id.
    pub session: String,
    pub mode: InterviewMode,
    pub answered_at: DateTime<Utc>,
    pub score: AnswerScore,
    pub follow_ups: Vec<FollowUpAnswer>,
    /// How the user rated the answer after reading the model advice.
    pub self_rating: Option<Grade>,
}

/// A stored session with its attempts in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    /// Stable and unique (a UUID).
    pub id: String,
    pub set: String,
    pub mode: InterviewMode,
    pub started_at: DateTime<Utc>,
    /// Questions planned (the closing question included).
    pub planned: usize,
    pub limit: Duration,
    pub attempts: Vec<Attempt>,
}

impl SessionRecord {
    /// The scorecard of the session, for the trend.
    pub fn score(&self) -> SessionScore {
        SessionScore {
            set: self.set.clone(),
            started_at: self.started_at,
            answers: self.attempts.iter().map(|a| a.score.clone()).collect(),
        }
    }
}

/// Makes unique ids (UUID version 4 in form) from a seed and a counter:
/// unique within a run by the counter, across runs and machines by the
/// seed, which the program draws at random when it starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdSource {
    seed: u128,
    made: u64,
}

impl IdSource {
    pub fn new(seed: u128) -> IdSource {
        IdSource { seed, made: 0 }
    }

    /// The next id.
    pub fn next_id(&mut self) -> String {
        self.made = self.made.wrapping_add(1);
        let bits = self.seed.wrapping_add(u128::from(self.made));
        uuid::Builder::from_random_bytes(bits.to_be_bytes())
            .into_uuid()
            .hyphenated()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_in_a_run_and_differ_between_seeds() {
        let mut a = IdSource::new(7);
        let first = a.next_id();
        let second = a.next_id();
        assert_ne!(first, second);
        assert_eq!(first.len(), 36);
        assert_eq!(first.chars().nth(14), Some('4'), "{first}");
        let mut b = IdSource::new(7u128 << 80);
        assert_ne!(b.next_id(), first);
        // the same seed gives the same ids (tests rely on it)
        assert_eq!(IdSource::new(7).next_id(), first);
    }

    #[test]
    fn modes_read_back_and_unknown_names_are_live() {
        for mode in InterviewMode::ALL {
            assert_eq!(InterviewMode::from_name(mode.name()), mode);
        }
        assert_eq!(InterviewMode::from_name("?"), InterviewMode::Live);
    }
}
