//! Planning a session and timing an answer, both pure: which questions to ask
//! (deterministic for a seed, a varied mix of skills, ending with the closing
//! question) and the countdown from the time passed in. Nothing here sleeps
//! or reads a clock.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::InterviewSet;

/// How many questions a session has, the closing question included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SessionLength {
    #[default]
    Three,
    Five,
    Eight,
}

impl SessionLength {
    pub const ALL: [SessionLength; 3] = [
        SessionLength::Three,
        SessionLength::Five,
        SessionLength::Eight,
    ];

    pub fn questions(self) -> usize {
        match self {
            SessionLength::Three => 3,
            SessionLength::Five => 5,
            SessionLength::Eight => 8,
        }
    }

    /// 3, 5 or 8; anything else is `None`.
    pub fn from_count(n: usize) -> Option<SessionLength> {
        SessionLength::ALL.into_iter().find(|l| l.questions() == n)
    }
}

/// Time allowed per answer: from 1 to 5 minutes, 2 by default.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(120);
pub const TIME_LIMIT_MINUTES: std::ops::RangeInclusive<u64> = 1..=5;

/// The time limit for a configured number of minutes, or `None` outside 1 to 5.
pub fn time_limit(minutes: u64) -> Option<Duration> {
    TIME_LIMIT_MINUTES
        .contains(&minutes)
        .then(|| Duration::from_secs(minutes * 60))
}

/// Question ids for one session: `length - 1` questions to answer, then one
/// closing question. Deterministic for a seed. Each pick prefers questions
/// whose skills the session has not touched yet; among equals the seed
/// decides. A set with fewer questions gives a shorter session, never a
/// repeated question. Empty when the set has no closing question.
pub fn plan_session(set: &InterviewSet, length: SessionLength, seed: u64) -> Vec<String> {
    let mut rng = SplitMix64(seed);
    let Some(closing) = pick(&mut rng, set.closing_questions().collect()) else {
        return Vec::new();
    };
    let mut pool: Vec<_> = set.questions.iter().filter(|q| !q.closing).collect();
    shuffle(&mut rng, &mut pool);

    let wanted = length.questions().saturating_sub(1);
    let mut used: HashMap<&str, usize> = HashMap::new();
    let mut plan = Vec::with_capacity(wanted + 1);
    while plan.len() < wanted && !pool.is_empty() {
        // The least-covered question first; `min_by_key` keeps the first of
        // equals, which is the seed's order.
        let staleness = |q: &&super::model::Question| -> usize {
            q.skills
                .iter()
                .map(|s| used.get(s.as_str()).copied().unwrap_or(0))
                .sum()
        };
        let Some((at, _)) = pool.iter().enumerate().min_by_key(|(_, q)| staleness(q)) else {
            break;
        };
        let q = pool.remove(at);
        for s in &q.skills {
            *used.entry(s.as_str()).or_default() += 1;
        }
        plan.push(q.id.clone());
    }
    plan.push(closing.id.clone());
    plan
}

/// A small, well-known generator (SplitMix64): plenty for shuffling a dozen
/// questions, and the same on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        (self.next() % n.max(1)) as usize
    }
}

fn shuffle<T>(rng: &mut SplitMix64, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

fn pick<T>(rng: &mut SplitMix64, mut items: Vec<T>) -> Option<T> {
    if items.is_empty() {
        return None;
    }
    let at = rng.below(items.len());
    Some(items.swap_remove(at))
}

/// Where an answer stands against its time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Countdown {
    pub elapsed: Duration,
    /// Time left; zero once the limit has passed.
    pub remaining: Duration,
    /// Time past the limit; zero before it.
    pub overrun: Duration,
}

impl Countdown {
    pub fn is_over(&self) -> bool {
        !self.overrun.is_zero()
    }

    /// "1:05" left, or "+0:12" over. Time left is rounded up, so a fresh
    /// two-minute answer shows "2:00" and "0:00" only once time is up.
    pub fn label(&self) -> String {
        let (sign, secs) = if self.is_over() {
            ("+", self.overrun.as_secs())
        } else {
            let d = self.remaining;
            ("", d.as_secs() + u64::from(d.subsec_nanos() > 0))
        };
        format!("{sign}{}:{:02}", secs / 60, secs % 60)
    }
}

/// The countdown at `now` for an answer started at `started_at`. A `now`
/// before the start (a clock set back) counts as no time passed.
pub fn remaining(started_at: DateTime<Utc>, now: DateTime<Utc>, limit: Duration) -> Countdown {
    let elapsed = (now - started_at).to_std().unwrap_or(Duration::ZERO);
    Countdown {
        elapsed,
        remaining: limit.saturating_sub(elapsed),
        overrun: elapsed.saturating_sub(limit),
    }
}
