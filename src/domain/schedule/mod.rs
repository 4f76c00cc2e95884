//! Pure FSRS-6 scheduling with Anki-style learning and relearning steps.
//!
//! Semantics follow the reference Python implementation (`fsrs` on PyPI,
//! py-fsrs v6, `Scheduler.review_card`): a new card walks the learning steps,
//! graduates to Review with an interval of whole days derived from its
//! stability, lapses into the relearning steps on Again, and reviews less than
//! a day apart use FSRS-6 short-term stability. The golden test at the bottom
//! compares against numbers printed by `tests/golden/fsrs_reference.py`.
//!
//! The memory model (stability and difficulty after each answer, including
//! FSRS-6 short-term stability for same-day reviews) comes from the `fsrs`
//! crate (`FSRS::memory_state`, one model step per answer, default FSRS-6
//! parameters). Steps, graduation,
//! the interval from stability (with Python's round-half-to-even) and fuzz are
//! done here, as py-fsrs' scheduler does them.
//!
//! One difference from py-fsrs, on purpose: the time since the last review
//! is counted in study days (the dates of [`day::DayBoundary`], a day
//! starting at 04:00 by default, as Anki counts days elapsed), not in whole
//! 24-hour periods. Each answer is logged with its study day, so the elapsed
//! days of a replay do not depend on the zone it runs in; reviews at the same
//! time of day get py-fsrs' numbers exactly (the golden test checks both).
//!
//! Nothing here does I/O or reads the clock: the moment and its study day
//! are always passed in. Fuzz is deterministic (seeded from the card id and
//! its review count, not the time), and within one study day an answer's
//! outcome does not depend on the time of day (see [`outcome`]): the outcome
//! worked out when the answer is shown is the one a key applies, and the one
//! a replay of the log gives.

pub mod day;
pub mod outcome;
pub mod queue;
mod review;

pub use outcome::Outcome;
pub use review::{ReviewRecord, replay_order};

use chrono::{DateTime, Duration, NaiveDate, Utc};

// The answer buttons are their own module (`domain::grade`): the mock
// interview's self-rating uses them, and the interview model may not depend
// on the scheduler (which knows cards, made of content holding interviews).
pub use crate::domain::grade::Grade;

/// Where a card is in its life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    New,
    Learning,
    Review,
    Relearning,
}

impl Phase {
    /// Lower-case name: "new", "learning", "review", "relearning".
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }
}

/// Scheduler settings. Defaults match py-fsrs' defaults (with fuzz on).
#[derive(Clone, Debug, PartialEq)]
pub struct SchedulerConfig {
    /// Target probability of recall at the due time (0.9).
    pub desired_retention: f32,
    /// Steps a new card walks before graduating (1m, 10m).
    pub learning_steps: Vec<Duration>,
    /// Steps a lapsed card walks before returning to Review (10m).
    pub relearning_steps: Vec<Duration>,
    /// Longest Review interval in days (36500).
    pub maximum_interval_days: u32,
    /// Spread Review intervals of 3+ days by a few percent (true).
    pub fuzz: bool,
    /// New cards introduced per day (20); used by the due queue.
    pub new_per_day: u32,
    /// Of those, at most this many typed cards a day (2): each asks for a
    /// written answer, so a deck's typed cards are spread over days.
    pub typed_new_per_day: u32,
    /// The local hour a new study day starts (4, as in Anki): it governs
    /// the new-card allowance, "today" in stats, the streak and backups.
    pub day_starts_at: u32,
    /// Keep a card's siblings (other gaps of its cloze note, a practice card
    /// made from the same question) away until the next day (true).
    pub bury_siblings: bool,
}

impl SchedulerConfig {
    /// The settings a card's state depends on, as text: two configs with
    /// the same fingerprint give every answer the same outcome (the daily
    /// limit, the day's start and burying only choose what is shown).
    pub fn state_fingerprint(&self) -> String {
        let steps = |steps: &[Duration]| {
            steps
                .iter()
                .map(|s| s.num_milliseconds().to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        format!(
            "fsrs6 elapsed=study-days retention={} learning={} relearning={} max_days={} fuzz={}",
            self.desired_retention,
            steps(&self.learning_steps),
            steps(&self.relearning_steps),
            self.maximum_interval_days,
            self.fuzz
        )
    }
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            desired_retention: 0.9,
            learning_steps: vec![Duration::minutes(1), Duration::minutes(10)],
            relearning_steps: vec![Duration::minutes(10)],
            maximum_interval_days: 36500,
            fuzz: true,
            new_per_day: 20,
            typed_new_per_day: 2,
            day_starts_at: 4,
            bury_siblings: true,
        }
    }
}

/// A card's scheduling state, derived by replaying its review log.
#[derive(Clone, Debug, PartialEq)]
pub struct CardState {
    pub phase: Phase,
    /// Index into the learning/relearning steps (0 in New and Review).
    pub step: u32,
    /// FSRS stability in days (0 while New).
    pub stability: f32,
    /// FSRS difficulty, 1..=10 (0 while New).
    pub difficulty: f32,
    /// When the card is next due; `None` while New.
    pub due: Option<DateTime<Utc>>,
    pub last_review: Option<DateTime<Utc>>,
    /// The study day of the last review, as logged with it: the elapsed
    /// time of the next answer is counted from it, in days.
    pub last_day: Option<NaiveDate>,
    /// Number of answers.
    pub reps: u32,
    /// Number of times a Review card was answered Again.
    pub lapses: u32,
}

impl CardState {
    /// A card never answered.
    pub fn new() -> Self {
        CardState {
            phase: Phase::New,
            step: 0,
            stability: 0.0,
            difficulty: 0.0,
            due: None,
            last_review: None,
            last_day: None,
            reps: 0,
            lapses: 0,
        }
    }
}

impl Default for CardState {
    fn default() -> Self {
        Self::new()
    }
}

/// FSRS-6 default parameters, exactly as py-fsrs writes them (as `f64`).
/// Equal to `fsrs::DEFAULT_PARAMETERS` (checked by a test).
const DEFAULT_W: [f64; 21] = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
    0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
];
const STABILITY_MIN: f64 = 0.001;
const MIN_DIFFICULTY: f64 = 1.0;
const MAX_DIFFICULTY: f64 = 10.0;
/// (start, end, factor) of py-fsrs' `FUZZ_RANGES`.
const FUZZ_RANGES: [(f64, f64, f64); 3] = [
    (2.5, 7.0, 0.15),
    (7.0, 20.0, 0.1),
    (20.0, f64::INFINITY, 0.05),
];

/// The FSRS-6 scheduler.
#[derive(Clone)]
pub struct Scheduler {
    config: SchedulerConfig,
    model: fsrs::FSRS,
    /// Days per unit of stability: `(r^(1/DECAY) - 1) / FACTOR`.
    interval_per_stability: f64,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Result of one step of the (re)learning ladder.
enum StepOutcome {
    Stay(u32, Duration),
    Graduate,
}

impl Scheduler {
    pub fn new(config: SchedulerConfig) -> Self {
        let w = DEFAULT_W;
        let decay = -w[20];
        let factor = 0.9f64.powf(1.0 / decay) - 1.0;
        let retention = f64::from(config.desired_retention);
        Scheduler {
            config,
            model: fsrs::FSRS::default(),
            interval_per_stability: (retention.powf(1.0 / decay) - 1.0) / factor,
        }
    }

    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    /// The next state (without its due time) and the interval it gets on
    /// study day `day`, ordered against the lower grades.
    ///
    /// Intervals keep the grades' order, as Anki does: on a card going to
    /// Review, Hard < Good < Easy by at least a day after fuzz; in
    /// (re)learning a Hard step is never longer than Good's.
    fn answer_interval(
        &self,
        card_id: &str,
        state: &CardState,
        grade: Grade,
        day: NaiveDate,
    ) -> (CardState, Duration) {
        let (next, interval) = self.unordered(card_id, state, grade, day);
        let lower = match grade {
            Grade::Again => None,
            Grade::Hard => {
                // A Hard step is never longer than what Good gives.
                if next.phase != Phase::Review {
                    let good = match self.step_outcome(state, Grade::Good) {
                        Some(StepOutcome::Stay(_, good)) => good,
                        // graduating takes at least a day: only a long Hard
                        // step needs the model's answer for Good
                        _ if interval < Duration::days(1) => interval,
                        _ => self.unordered(card_id, state, Grade::Good, day).1,
                    };
                    return (next, interval.min(good));
                }
                None
            }
            Grade::Good => Some(Grade::Hard),
            Grade::Easy => Some(Grade::Good),
        };
        let Some(lower) = lower else {
            return (next, interval);
        };
        if next.phase != Phase::Review {
            return (next, interval);
        }
        let (lower_next, lower_interval) = self.answer_interval(card_id, state, lower, day);
        if lower_next.phase != Phase::Review {
            return (next, interval);
        }
        let max = Duration::days(i64::from(self.config.maximum_interval_days));
        let at_least = (lower_interval + Duration::days(1)).min(max);
        (next, interval.max(at_least))
    }

    /// Where the (re)learning ladder takes the card, for a card in it.
    fn step_outcome(&self, state: &CardState, grade: Grade) -> Option<StepOutcome> {
        match state.phase {
            Phase::New | Phase::Learning => Some(steps_outcome(
                &self.config.learning_steps,
                state.step,
                grade,
            )),
            Phase::Relearning => Some(steps_outcome(
                &self.config.relearning_steps,
                state.step,
                grade,
            )),
            Phase::Review => None,
        }
    }

    /// One grade's next state and (fuzzed) interval on study day `day`,
    /// before ordering.
    fn unordered(
        &self,
        card_id: &str,
        state: &CardState,
        grade: Grade,
        day: NaiveDate,
    ) -> (CardState, Duration) {
        let (next, interval) = self.unfuzzed(state, grade, day);
        let interval = if self.config.fuzz && next.phase == Phase::Review {
            Duration::days(self.fuzzed_days(card_id, state.reps, interval.num_days()))
        } else {
            interval
        };
        (next, interval)
    }

    /// One grade's next state (the fuzz and the order of the grades change
    /// only the interval) and its interval before fuzz, on study day `day`.
    fn unfuzzed(&self, state: &CardState, grade: Grade, day: NaiveDate) -> (CardState, Duration) {
        let mut next = state.clone();
        // Study days since the last review (py-fsrs floors 24-hour periods,
        // which tick over at the second the last review's time of day comes
        // round; a study day lasts until the day boundary). A day before the
        // last one (a log out of order) counts as the same day.
        let elapsed_days = state
            .last_day
            .map_or(0, |last| (day - last).num_days().max(0));
        let (new_s, new_d) = self.memory_after(state, grade, elapsed_days);
        next.stability = new_s;
        next.difficulty = new_d;
        let new_s = f64::from(new_s);

        let interval = match self.step_outcome(state, grade) {
            Some(outcome) => {
                let phase = if state.phase == Phase::Relearning {
                    Phase::Relearning
                } else {
                    Phase::Learning
                };
                self.apply_steps(&mut next, outcome, phase, new_s)
            }
            None => {
                if grade == Grade::Again {
                    next.lapses = next.lapses.saturating_add(1);
                }
                match self.config.relearning_steps.first() {
                    Some(&first) if grade == Grade::Again => {
                        next.phase = Phase::Relearning;
                        next.step = 0;
                        first
                    }
                    _ => {
                        next.phase = Phase::Review;
                        next.step = 0;
                        Duration::days(self.next_interval_days(new_s))
                    }
                }
            }
        };
        (next, interval)
    }

    fn apply_steps(
        &self,
        next: &mut CardState,
        outcome: StepOutcome,
        phase: Phase,
        stability: f64,
    ) -> Duration {
        match outcome {
            StepOutcome::Stay(step, interval) => {
                next.phase = phase;
                next.step = step;
                interval
            }
            StepOutcome::Graduate => {
                next.phase = Phase::Review;
                next.step = 0;
                Duration::days(self.next_interval_days(stability))
            }
        }
    }

    /// Stability and difficulty after answering `grade` `elapsed_days` whole
    /// days after the last review, from the `fsrs` crate. A state the model
    /// rejects (not finite) is kept as it was.
    fn memory_after(&self, state: &CardState, grade: Grade, elapsed_days: i64) -> (f32, f32) {
        let start = (state.phase != Phase::New).then(|| fsrs::MemoryState {
            stability: state.stability.max(STABILITY_MIN as f32),
            difficulty: state
                .difficulty
                .clamp(MIN_DIFFICULTY as f32, MAX_DIFFICULTY as f32),
        });
        // One review from `start` (or from nothing, for a new card): the model
        // steps once, for this grade only.
        let review = fsrs::FSRSReview {
            rating: u32::from(grade.as_u8()),
            delta_t: u32::try_from(elapsed_days.max(0)).unwrap_or(u32::MAX),
        };
        let item = fsrs::FSRSItem {
            reviews: vec![review],
        };
        match self.model.memory_state(item, start) {
            Ok(m) => (m.stability, m.difficulty),
            Err(_) => (state.stability, state.difficulty),
        }
    }

    fn next_interval_days(&self, stability: f64) -> i64 {
        // py-fsrs: S / FACTOR * (r^(1/DECAY) - 1), with the constant part
        // computed once in `new`.
        let raw = stability * self.interval_per_stability;
        // Python's round() is round-half-to-even.
        let days = if raw.is_finite() {
            raw.round_ties_even() as i64
        } else {
            1
        };
        days.max(1)
            .min(i64::from(self.config.maximum_interval_days))
    }

    /// The (min, max) days a fuzzed `days` interval may land on (py-fsrs'
    /// `_get_fuzz_range`).
    fn fuzz_range(&self, days: i64) -> (i64, i64) {
        let mut delta = 1.0;
        for (start, end, factor) in FUZZ_RANGES {
            delta += factor * ((days as f64).min(end) - start).max(0.0);
        }
        let max_allowed = i64::from(self.config.maximum_interval_days);
        let min_ivl = ((days as f64 - delta).round_ties_even() as i64).max(2);
        let max_ivl = ((days as f64 + delta).round_ties_even() as i64).min(max_allowed);
        (min_ivl.min(max_ivl), max_ivl)
    }

    /// Like py-fsrs' `_get_fuzzed_interval`, but the random number comes from
    /// a hash of the card id and its review count, and the pick is uniform over
    /// `[min, max]` (py-fsrs rounds `random() * (max - min + 1) + min`, which
    /// can land one day past `max`).
    fn fuzzed_days(&self, card_id: &str, reps: u32, days: i64) -> i64 {
        if days < 3 {
            // py-fsrs: no fuzz when `interval.days < 2.5`.
            return days;
        }
        let (min_ivl, max_ivl) = self.fuzz_range(days);
        let span = (max_ivl - min_ivl + 1).max(1);
        let unit = fuzz_unit(card_id, reps);
        let offset = ((unit * span as f64).floor() as i64).clamp(0, span - 1);
        (min_ivl + offset).min(i64::from(self.config.maximum_interval_days))
    }
}

fn steps_outcome(steps: &[Duration], step: u32, grade: Grade) -> StepOutcome {
    let idx = step as usize;
    let Some(&first) = steps.first() else {
        return StepOutcome::Graduate;
    };
    if idx >= steps.len() && grade != Grade::Again {
        return StepOutcome::Graduate;
    }
    match grade {
        Grade::Again => StepOutcome::Stay(0, first),
        Grade::Hard => {
            let interval = match (idx, steps.get(1)) {
                (0, Some(&second)) => (first + second) / 2,
                (0, None) => first * 3 / 2,
                _ => steps[idx],
            };
            StepOutcome::Stay(step, interval)
        }
        Grade::Good => match steps.get(idx + 1) {
            Some(&next) => StepOutcome::Stay(step + 1, next),
            None => StepOutcome::Graduate,
        },
        Grade::Easy => StepOutcome::Graduate,
    }
}

/// A deterministic number in [0, 1) from the card id and how many answers
/// the card had before this one (FNV-1a, then a SplitMix64 finaliser).
/// Stable across platforms and Rust versions, unlike `std`'s `DefaultHasher`,
/// and independent of the clock, so the interval a label shows is the one
/// the answer applies.
fn fuzz_unit(card_id: &str, reps: u32) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let ms = reps.to_le_bytes();
    for &b in card_id
        .as_bytes()
        .iter()
        .chain([0xffu8].iter())
        .chain(ms.iter())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// A short label: "30s", "1m", "10m", "3h", "11d", "4mo", "1.5mo", "1.2y".
/// Negative durations read as "0s".
pub fn format_interval(d: Duration) -> String {
    let secs = d.num_seconds().max(0);
    let minutes = (secs as f64 / 60.0).round() as i64;
    let hours = (secs as f64 / 3600.0).round() as i64;
    let days = (secs as f64 / 86_400.0).round() as i64;
    if secs < 60 {
        format!("{secs}s")
    } else if secs < 600 && secs % 60 != 0 {
        // short steps keep their half minutes (a Hard step of 5.5m is not "6m")
        format!("{}m", one_decimal(secs as f64 / 60.0))
    } else if minutes < 60 {
        format!("{minutes}m")
    } else if hours < 24 {
        format!("{hours}h")
    } else if days < 30 {
        format!("{days}d")
    } else if days < 365 {
        format!("{}mo", one_decimal(days as f64 / 30.0))
    } else {
        format!("{}y", one_decimal(days as f64 / 365.0))
    }
}

/// `x` with one decimal, dropping a trailing ".0".
fn one_decimal(x: f64) -> String {
    let s = format!("{x:.1}");
    match s.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => s,
    }
}

#[cfg(test)]
pub(crate) mod golden_tests;
#[cfg(test)]
mod ordering_tests;
#[cfg(test)]
mod replay_tests;
#[cfg(test)]
pub(crate) mod tests;
