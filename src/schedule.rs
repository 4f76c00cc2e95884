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
//! crate (`FSRS::next_states`, default FSRS-6 parameters). Steps, graduation,
//! the interval from stability (with Python's round-half-to-even) and fuzz are
//! done here, as py-fsrs' scheduler does them.
//!
//! Nothing here does I/O or reads the clock: `now` is always passed in. Fuzz
//! is deterministic (seeded from the card id and `now`), so replaying a review
//! log always gives the same state.

use chrono::{DateTime, Duration, Utc};

/// An answer button.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grade {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Grade {
    /// All grades, worst first.
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    /// The grade stored as `v` (1..=4), if valid.
    pub fn from_u8(v: u8) -> Option<Grade> {
        match v {
            1 => Some(Grade::Again),
            2 => Some(Grade::Hard),
            3 => Some(Grade::Good),
            4 => Some(Grade::Easy),
            _ => None,
        }
    }

    /// The stored number, 1..=4.
    pub fn as_u8(self) -> u8 {
        self as u8
    }
}

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
const MS_PER_DAY: i64 = 86_400_000;

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

    /// State after answering `grade` at `now`. `card_id` seeds the fuzz
    /// deterministically (hash of card_id + now), so replaying a log gives the
    /// same result.
    pub fn answer(
        &self,
        card_id: &str,
        state: &CardState,
        grade: Grade,
        now: DateTime<Utc>,
    ) -> CardState {
        let mut next = state.clone();
        // py-fsrs: `(review_datetime - card.last_review).days`, a floor.
        let elapsed_days = state
            .last_review
            .map(|last| (now - last).num_milliseconds().div_euclid(MS_PER_DAY));
        let (new_s, new_d) = self.memory_after(state, grade, elapsed_days.unwrap_or(0));
        next.stability = new_s;
        next.difficulty = new_d;
        let new_s = f64::from(new_s);

        let interval = match state.phase {
            Phase::New | Phase::Learning => {
                let outcome = steps_outcome(&self.config.learning_steps, state.step, grade);
                self.apply_steps(&mut next, outcome, Phase::Learning, new_s)
            }
            Phase::Relearning => {
                let outcome = steps_outcome(&self.config.relearning_steps, state.step, grade);
                self.apply_steps(&mut next, outcome, Phase::Relearning, new_s)
            }
            Phase::Review => {
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

        let interval = if self.config.fuzz && next.phase == Phase::Review {
            Duration::days(self.fuzzed_days(card_id, now, interval.num_days()))
        } else {
            interval
        };
        next.due = Some(now + interval);
        next.last_review = Some(now);
        next.reps = next.reps.saturating_add(1);
        next
    }

    /// The interval each grade would give now, for button labels.
    pub fn preview(
        &self,
        card_id: &str,
        state: &CardState,
        now: DateTime<Utc>,
    ) -> [(Grade, Duration); 4] {
        Grade::ALL.map(|g| {
            let after = self.answer(card_id, state, g, now);
            (g, after.due.map_or(Duration::zero(), |due| due - now))
        })
    }

    /// Replays a card's review log (oldest first) from a new card.
    pub fn replay(
        &self,
        card_id: &str,
        reviews: impl IntoIterator<Item = (DateTime<Utc>, Grade)>,
    ) -> CardState {
        reviews
            .into_iter()
            .fold(CardState::new(), |state, (at, grade)| {
                self.answer(card_id, &state, grade, at)
            })
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
        let memory = (state.phase != Phase::New).then(|| fsrs::MemoryState {
            stability: state.stability.max(STABILITY_MIN as f32),
            difficulty: state
                .difficulty
                .clamp(MIN_DIFFICULTY as f32, MAX_DIFFICULTY as f32),
        });
        let days = u32::try_from(elapsed_days.max(0)).unwrap_or(u32::MAX);
        match self
            .model
            .next_states(memory, self.config.desired_retention, days)
        {
            Ok(next) => {
                let item = match grade {
                    Grade::Again => next.again,
                    Grade::Hard => next.hard,
                    Grade::Good => next.good,
                    Grade::Easy => next.easy,
                };
                (item.memory.stability, item.memory.difficulty)
            }
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
    /// a hash of the card id and the review time, and the pick is uniform over
    /// `[min, max]` (py-fsrs rounds `random() * (max - min + 1) + min`, which
    /// can land one day past `max`).
    fn fuzzed_days(&self, card_id: &str, now: DateTime<Utc>, days: i64) -> i64 {
        if days < 3 {
            // py-fsrs: no fuzz when `interval.days < 2.5`.
            return days;
        }
        let (min_ivl, max_ivl) = self.fuzz_range(days);
        let span = (max_ivl - min_ivl + 1).max(1);
        let unit = fuzz_unit(card_id, now);
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

/// A deterministic number in [0, 1) from the card id and review time
/// (FNV-1a, then a SplitMix64 finaliser). Stable across platforms and Rust
/// versions, unlike `std`'s `DefaultHasher`.
fn fuzz_unit(card_id: &str, now: DateTime<Utc>) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let ms = now.timestamp_millis().to_le_bytes();
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
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 1, 9, 0, 0).unwrap()
    }

    fn no_fuzz() -> Scheduler {
        Scheduler::new(SchedulerConfig {
            fuzz: false,
            ..SchedulerConfig::default()
        })
    }

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(secs, 0).unwrap()
    }

    fn phase(name: &str) -> Phase {
        match name {
            "learning" => Phase::Learning,
            "review" => Phase::Review,
            "relearning" => Phase::Relearning,
            other => panic!("unknown phase {other}"),
        }
    }

    /// (review at, grade, due after, phase after, step after, stability, difficulty)
    type GoldenRow = (i64, u8, i64, &'static str, u32, f64, f64);

    /// Printed by `tests/golden/fsrs_reference.py` (py-fsrs with fuzz off,
    /// default parameters, retention 0.9, steps 1m/10m, relearning 10m).
    /// To regenerate: see the instructions at the top of that script.
    #[rustfmt::skip]
    const GOLDEN: &[(&str, &[GoldenRow])] = &[
    // py-fsrs 6.3.2, T0 = 2024-01-01T09:00:00+00:00
    ("good_chain", &[
        (1704099600, 3, 1704100200, "learning", 1, 2.3065, 2.1181), // ivl 0.00694444d
        (1704100200, 3, 1704273000, "review", 0, 2.3065, 2.11121), // ivl 2d
        (1704273000, 3, 1705223400, "review", 0, 10.971, 2.10433), // ivl 11d
        (1705223400, 3, 1709197800, "review", 0, 46.3169, 2.09746), // ivl 46d
        (1709197800, 3, 1723281000, "review", 0, 163.0, 2.09059), // ivl 163d
        (1723281000, 3, 1766308200, "review", 0, 497.877, 2.08372), // ivl 498d
        (1766308200, 3, 1882775400, "review", 0, 1347.92, 2.07687), // ivl 1348d
        (1882775400, 3, 2167809000, "review", 0, 3298.65, 2.07002), // ivl 3299d
        (2167809000, 3, 2808465000, "review", 0, 7414.53, 2.06318), // ivl 7415d
        (2808465000, 3, 4148010600, "review", 0, 15504.2, 2.05634), // ivl 15504d
    ]),
    ("again_heavy", &[
        (1704099600, 1, 1704099660, "learning", 0, 0.212, 6.4133), // ivl 0.000694444d
        (1704099660, 1, 1704099720, "learning", 0, 0.0833567, 8.8063), // ivl 0.000694444d
        (1704099720, 3, 1704100320, "learning", 1, 0.103141, 8.79273), // ivl 0.00694444d
        (1704100320, 1, 1704100380, "learning", 0, 0.042523, 9.58841), // ivl 0.000694444d
        (1704100380, 3, 1704100980, "learning", 1, 0.0549981, 9.57405), // ivl 0.00694444d
        (1704100980, 3, 1704187380, "review", 0, 0.0699391, 9.5597), // ivl 1d
        (1704187380, 1, 1704187980, "relearning", 0, 0.0406582, 9.8405), // ivl 0.00694444d
        (1704187980, 1, 1704188580, "relearning", 0, 0.0178215, 9.9328), // ivl 0.00694444d
        (1704188580, 3, 1704274980, "review", 0, 0.0244072, 9.9181), // ivl 1d
        (1704274980, 3, 1704361380, "review", 0, 0.156762, 9.90341), // ivl 1d
        (1704361380, 3, 1704447780, "review", 0, 0.511642, 9.88873), // ivl 1d
    ]),
    ("easy", &[
        (1704099600, 4, 1704790800, "review", 0, 8.2956, 1.0), // ivl 8d
        (1704790800, 4, 1710493200, "review", 0, 65.6242, 1.0), // ivl 66d
        (1710493200, 4, 1744794000, "review", 0, 396.775, 1.0), // ivl 397d
        (1744794000, 3, 1847264400, "review", 0, 1186.0, 1.0), // ivl 1186d
        (1847264400, 4, 2267686800, "review", 0, 4866.07, 1.0), // ivl 4866d
    ]),
    ("lapse_relearn", &[
        (1704099600, 3, 1704100200, "learning", 1, 2.3065, 2.1181), // ivl 0.00694444d
        (1704100200, 3, 1704273000, "review", 0, 2.3065, 2.11121), // ivl 2d
        (1704273000, 3, 1705223400, "review", 0, 10.971, 2.10433), // ivl 11d
        (1705223400, 3, 1709197800, "review", 0, 46.3169, 2.09746), // ivl 46d
        (1709197800, 1, 1709198400, "relearning", 0, 2.93385, 7.38772), // ivl 0.00694444d
        (1709198400, 1, 1709199000, "relearning", 0, 0.970415, 9.12659), // ivl 0.00694444d
        (1709199000, 2, 1709199900, "relearning", 0, 0.970415, 9.40542), // ivl 0.0104167d
        (1709199900, 3, 1709286300, "review", 0, 1.02165, 9.39124), // ivl 1d
        (1709286300, 3, 1709459100, "review", 0, 1.89057, 9.37708), // ivl 2d
        (1709459100, 1, 1709459700, "relearning", 0, 0.493951, 9.78048), // ivl 0.00694444d
        (1709459700, 4, 1709546100, "review", 0, 0.935257, 9.69235), // ivl 1d
        (1709546100, 3, 1709718900, "review", 0, 1.63394, 9.67789), // ivl 2d
    ]),
    ("hard_mix", &[
        (1704099600, 2, 1704099930, "learning", 0, 1.2931, 5.11217), // ivl 0.00381944d
        (1704099930, 2, 1704100260, "learning", 0, 1.2931, 6.74046), // ivl 0.00381944d
        (1704100260, 3, 1704100860, "learning", 1, 1.3359, 6.72895), // ivl 0.00694444d
        (1704100860, 2, 1704101460, "learning", 1, 1.3359, 7.81375), // ivl 0.00694444d
        (1704101460, 3, 1704187860, "review", 0, 1.37716, 7.80117), // ivl 1d
        (1704187860, 2, 1704360660, "review", 0, 2.44489, 8.52554), // ivl 2d
        (1704360660, 2, 1704706260, "review", 0, 3.90318, 9.00641), // ivl 4d
        (1704706260, 3, 1705311060, "review", 0, 7.3034, 8.99263), // ivl 7d
        (1705311060, 2, 1706261460, "review", 0, 10.6118, 9.31649), // ivl 11d
        (1706261460, 4, 1708248660, "review", 0, 23.0893, 9.07332), // ivl 23d
    ]),
    ("late_early", &[
        (1704099600, 3, 1704100200, "learning", 1, 2.3065, 2.1181), // ivl 0.00694444d
        (1704110400, 3, 1704283200, "review", 0, 2.3065, 2.11121), // ivl 2d
        (1704715200, 3, 1706529600, "review", 0, 21.4262, 2.10433), // ivl 21d
        (1706356800, 3, 1713096000, "review", 0, 77.9161, 2.09746), // ivl 78d
        (1706364000, 3, 1713103200, "review", 0, 77.9161, 2.09059), // ivl 78d
        (1721743200, 2, 1744466400, "review", 0, 263.264, 4.73459), // ivl 263d
        (1744405200, 1, 1744405800, "relearning", 0, 5.29619, 8.25452), // ivl 0.00694444d
        (1744664400, 3, 1745442000, "review", 0, 9.14992, 8.2415), // ivl 9d
        (1744666800, 4, 1745876400, "review", 0, 14.2971, 7.63912), // ivl 14d
        (1745877420, 3, 1748555820, "review", 0, 30.6691, 7.62671), // ivl 31d
        (1745877421, 2, 1748555821, "review", 0, 30.6691, 8.40973), // ivl 31d
    ]),
    ("learning_gaps", &[
        (1704099600, 2, 1704099930, "learning", 0, 1.2931, 5.11217), // ivl 0.00381944d
        (1704290400, 3, 1704291000, "learning", 1, 6.5747, 5.10229), // ivl 0.00694444d
        (1704376740, 2, 1704377340, "learning", 1, 6.5747, 6.7339), // ivl 0.00694444d
        (1706968740, 1, 1706968800, "learning", 0, 1.35637, 8.91168), // ivl 0.000694444d
        (1706968800, 3, 1706969400, "learning", 1, 1.39686, 8.898), // ivl 0.00694444d
        (1706969400, 3, 1707055800, "review", 0, 1.43579, 8.88433), // ivl 1d
        (1707315000, 4, 1707919800, "review", 0, 6.9219, 8.49675), // ivl 7d
        (1707919800, 4, 1709647800, "review", 0, 19.6904, 7.97967), // ivl 20d
        (1709647800, 4, 1714572600, "review", 0, 56.625, 7.28979), // ivl 57d
        (1714572600, 4, 1728828600, "review", 0, 165.347, 6.3694), // ivl 165d
        (1728828600, 4, 1771596600, "review", 0, 494.736, 5.14145), // ivl 495d
    ]),
    ];

    #[test]
    fn golden_matches_py_fsrs() {
        let sched = no_fuzz();
        for (name, rows) in GOLDEN {
            let mut state = CardState::new();
            for (i, &(at_s, grade, due_s, ph, step, s, d)) in rows.iter().enumerate() {
                let grade = Grade::from_u8(grade).unwrap();
                state = sched.answer(name, &state, grade, at(at_s));
                let ctx = format!("{name} review #{i}");
                assert_eq!(state.due, Some(at(due_s)), "{ctx}: due");
                assert_eq!(state.phase, phase(ph), "{ctx}: phase");
                assert_eq!(state.step, step, "{ctx}: step");
                let rel_s = (f64::from(state.stability) - s).abs() / s;
                assert!(rel_s < 1e-4, "{ctx}: stability {} vs {s}", state.stability);
                assert!(
                    (f64::from(state.difficulty) - d).abs() < 1e-4,
                    "{ctx}: difficulty"
                );
            }
            // Replaying the same log gives the same state.
            let log = rows
                .iter()
                .map(|&(a, g, ..)| (at(a), Grade::from_u8(g).unwrap()));
            assert_eq!(sched.replay(name, log), state, "{name}: replay");
        }
    }

    #[test]
    fn default_parameters_match_fsrs_rs() {
        for (ours, theirs) in DEFAULT_W.iter().zip(fsrs::DEFAULT_PARAMETERS.iter()) {
            assert_eq!(*ours as f32, *theirs);
        }
    }

    #[test]
    fn memory_states_agree_with_fsrs_rs() {
        let model = fsrs::FSRS::new(&fsrs::DEFAULT_PARAMETERS).unwrap();
        let sched = no_fuzz();
        let cases: &[(f32, f32, u32)] = &[
            (2.3, 5.0, 0),
            (2.3, 5.0, 3),
            (10.0, 7.5, 12),
            (0.5, 9.0, 1),
            (100.0, 2.0, 150),
        ];
        for &(s, d, days) in cases {
            let state = CardState {
                phase: Phase::Review,
                step: 0,
                stability: s,
                difficulty: d,
                due: None,
                last_review: Some(t0()),
                reps: 3,
                lapses: 0,
            };
            let now = t0() + Duration::days(i64::from(days)) + Duration::hours(1);
            let next = model
                .next_states(
                    Some(fsrs::MemoryState {
                        stability: s,
                        difficulty: d,
                    }),
                    0.9,
                    days,
                )
                .unwrap();
            let theirs = [next.again, next.hard, next.good, next.easy];
            for (g, item) in Grade::ALL.iter().zip(theirs) {
                let ours = sched.answer("x", &state, *g, now);
                let close = |a: f32, b: f32| (a - b).abs() <= 1e-3 * b.abs().max(1.0);
                assert!(
                    close(ours.stability, item.memory.stability),
                    "S {s} {d} {days} {g:?}: {} vs {}",
                    ours.stability,
                    item.memory.stability
                );
                assert!(
                    close(ours.difficulty, item.memory.difficulty),
                    "D {s} {d} {days} {g:?}"
                );
            }
        }
        // A new card.
        let next = model.next_states(None, 0.9, 0).unwrap();
        let ours = sched.answer("x", &CardState::new(), Grade::Good, t0());
        assert!((ours.stability - next.good.memory.stability).abs() < 1e-4);
        assert!((ours.difficulty - next.good.memory.difficulty).abs() < 1e-4);
    }

    fn learning(step: u32) -> CardState {
        CardState {
            phase: Phase::Learning,
            step,
            stability: 2.3065,
            difficulty: 2.1181,
            due: Some(t0()),
            last_review: Some(t0() - Duration::minutes(10)),
            reps: 1,
            lapses: 0,
        }
    }

    fn review(stability: f32) -> CardState {
        CardState {
            phase: Phase::Review,
            step: 0,
            stability,
            difficulty: 5.0,
            due: Some(t0()),
            last_review: Some(t0() - Duration::days(10)),
            reps: 4,
            lapses: 0,
        }
    }

    #[test]
    fn step_transitions() {
        let sched = no_fuzz();
        let relearning = |step| CardState {
            phase: Phase::Relearning,
            step,
            ..learning(0)
        };
        let m = Duration::minutes;
        let cases: Vec<(&str, CardState, Grade, Phase, u32, Duration)> = vec![
            (
                "new again",
                CardState::new(),
                Grade::Again,
                Phase::Learning,
                0,
                m(1),
            ),
            (
                "new hard: mean of two steps",
                CardState::new(),
                Grade::Hard,
                Phase::Learning,
                0,
                Duration::seconds(330),
            ),
            (
                "new good",
                CardState::new(),
                Grade::Good,
                Phase::Learning,
                1,
                m(10),
            ),
            (
                "new easy graduates",
                CardState::new(),
                Grade::Easy,
                Phase::Review,
                0,
                Duration::days(8),
            ),
            (
                "step 1 again",
                learning(1),
                Grade::Again,
                Phase::Learning,
                0,
                m(1),
            ),
            (
                "step 1 hard repeats",
                learning(1),
                Grade::Hard,
                Phase::Learning,
                1,
                m(10),
            ),
            (
                "step 0 good",
                learning(0),
                Grade::Good,
                Phase::Learning,
                1,
                m(10),
            ),
            (
                "relearn hard, 1 step: 1.5x",
                relearning(0),
                Grade::Hard,
                Phase::Relearning,
                0,
                m(15),
            ),
            (
                "relearn again",
                relearning(0),
                Grade::Again,
                Phase::Relearning,
                0,
                m(10),
            ),
            (
                "relearn good graduates",
                relearning(0),
                Grade::Good,
                Phase::Review,
                0,
                Duration::days(2),
            ),
            (
                "step past the end graduates",
                learning(5),
                Grade::Hard,
                Phase::Review,
                0,
                Duration::days(2),
            ),
            (
                "step past the end, again",
                learning(5),
                Grade::Again,
                Phase::Learning,
                0,
                m(1),
            ),
        ];
        for (name, state, grade, want_phase, want_step, want_ivl) in cases {
            let next = sched.answer("c", &state, grade, t0());
            assert_eq!(next.phase, want_phase, "{name}");
            assert_eq!(next.step, want_step, "{name}");
            assert_eq!(next.due, Some(t0() + want_ivl), "{name}");
            assert_eq!(next.last_review, Some(t0()), "{name}");
            assert_eq!(next.reps, state.reps + 1, "{name}");
        }
    }

    #[test]
    fn graduation_interval_follows_stability() {
        let sched = no_fuzz();
        let next = sched.answer("c", &learning(1), Grade::Good, t0());
        assert_eq!(next.phase, Phase::Review);
        // Same-day review: short-term stability S' >= S; interval = round(S') at r = 0.9.
        let days = (next.due.unwrap() - t0()).num_days();
        assert_eq!(days, f64::from(next.stability).round_ties_even() as i64);
        assert!(days >= 1);
    }

    #[test]
    fn lapse_goes_to_relearning() {
        let sched = no_fuzz();
        let next = sched.answer("c", &review(20.0), Grade::Again, t0());
        assert_eq!(next.phase, Phase::Relearning);
        assert_eq!(next.step, 0);
        assert_eq!(next.lapses, 1);
        assert_eq!(next.due, Some(t0() + Duration::minutes(10)));
        assert!(next.stability < 20.0);
        // Without relearning steps a lapse stays in Review with a day interval.
        let sched = Scheduler::new(SchedulerConfig {
            relearning_steps: vec![],
            fuzz: false,
            ..SchedulerConfig::default()
        });
        let next = sched.answer("c", &review(20.0), Grade::Again, t0());
        assert_eq!(next.phase, Phase::Review);
        assert_eq!(next.lapses, 1);
        assert!(next.due.unwrap() - t0() >= Duration::days(1));
        // Good on a Review card is not a lapse.
        assert_eq!(
            sched.answer("c", &review(20.0), Grade::Good, t0()).lapses,
            0
        );
    }

    #[test]
    fn preview_labels() {
        let sched = no_fuzz();
        let labels = |state: &CardState| {
            sched
                .preview("c", state, t0())
                .map(|(g, d)| format!("{g:?} {}", format_interval(d)))
        };
        assert_eq!(
            labels(&CardState::new()),
            ["Again 1m", "Hard 6m", "Good 10m", "Easy 8d"]
        );
        assert_eq!(
            labels(&learning(1)),
            ["Again 1m", "Hard 10m", "Good 2d", "Easy 4d"]
        );
        let r = labels(&review(20.0));
        assert_eq!(r[0], "Again 10m");
        // Intervals grow with the grade.
        let ivls = sched.preview("c", &review(20.0), t0()).map(|(_, d)| d);
        assert!(ivls[1] < ivls[2] && ivls[2] < ivls[3], "{ivls:?}");
    }

    #[test]
    fn maximum_interval_clamps() {
        let sched = Scheduler::new(SchedulerConfig {
            maximum_interval_days: 30,
            ..SchedulerConfig::default()
        });
        let mut state = CardState::new();
        let mut now = t0();
        for _ in 0..12 {
            state = sched.answer("c", &state, Grade::Easy, now);
            let ivl = state.due.unwrap() - now;
            assert!(ivl <= Duration::days(30), "{ivl:?}");
            now = state.due.unwrap();
        }
        // Without fuzz the clamp is hit exactly.
        let plain = Scheduler::new(SchedulerConfig {
            maximum_interval_days: 30,
            fuzz: false,
            ..SchedulerConfig::default()
        });
        let state = plain.answer("c", &review(400.0), Grade::Easy, t0());
        assert_eq!(state.due, Some(t0() + Duration::days(30)));
    }

    #[test]
    fn fuzz_is_deterministic_and_bounded() {
        let fuzzy = Scheduler::new(SchedulerConfig::default());
        let plain = no_fuzz();
        let mut spread = std::collections::HashSet::new();
        for s in [3.0f32, 5.0, 12.0, 40.0, 400.0] {
            let state = review(s);
            let base = plain.answer("c", &state, Grade::Good, t0()).due.unwrap() - t0();
            let base_days = base.num_days();
            let (lo, hi) = fuzzy.fuzz_range(base_days);
            for i in 0..200 {
                let id = format!("card-{i}");
                let a = fuzzy.answer(&id, &state, Grade::Good, t0());
                let b = fuzzy.answer(&id, &state, Grade::Good, t0());
                assert_eq!(a, b, "same inputs, same fuzz");
                let days = (a.due.unwrap() - t0()).num_days();
                if base_days < 3 {
                    assert_eq!(days, base_days);
                } else {
                    assert!((lo..=hi).contains(&days), "{days} not in {lo}..={hi}");
                }
                // Fuzz only moves whole days.
                assert_eq!(a.due.unwrap() - t0(), Duration::days(days));
                spread.insert((s.to_bits(), days));
            }
        }
        assert!(spread.len() > 10, "fuzz should vary between cards");
        // py-fsrs' documented ranges.
        assert_eq!(fuzzy.fuzz_range(3), (2, 4));
        assert_eq!(fuzzy.fuzz_range(50), (46, 54));
        assert_eq!(fuzzy.fuzz_range(100), (93, 107));
        // Learning steps are never fuzzed.
        let a = fuzzy.answer("c", &CardState::new(), Grade::Good, t0());
        assert_eq!(a.due, Some(t0() + Duration::minutes(10)));
    }

    #[test]
    fn format_interval_labels() {
        let cases = [
            (Duration::seconds(-5), "0s"),
            (Duration::seconds(30), "30s"),
            (Duration::minutes(1), "1m"),
            (Duration::seconds(330), "6m"),
            (Duration::minutes(10), "10m"),
            (Duration::minutes(59), "59m"),
            (Duration::minutes(60), "1h"),
            (Duration::hours(3), "3h"),
            (Duration::hours(23), "23h"),
            (Duration::days(1), "1d"),
            (Duration::days(11), "11d"),
            (Duration::days(29), "29d"),
            (Duration::days(45), "1.5mo"),
            (Duration::days(120), "4mo"),
            (Duration::days(365), "1y"),
            (Duration::days(438), "1.2y"),
            (Duration::days(36500), "100y"),
        ];
        for (d, want) in cases {
            assert_eq!(format_interval(d), want, "{d:?}");
        }
    }

    #[test]
    fn grade_and_phase_round_trip() {
        for g in Grade::ALL {
            assert_eq!(Grade::from_u8(g.as_u8()), Some(g));
        }
        assert_eq!(Grade::from_u8(0), None);
        assert_eq!(Grade::from_u8(5), None);
        assert_eq!(Phase::Relearning.as_str(), "relearning");
        assert_eq!(Phase::New.as_str(), "new");
    }
}
