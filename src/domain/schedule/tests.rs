//! Scheduler tests: step transitions, graduation, lapses, fuzz, labels, and
//! the memory model against the `fsrs` crate (the cross-check against
//! py-fsrs is in `golden_tests`).
use super::day::{DayBoundary, Zone};
use super::*;
use chrono::TimeZone;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 9, 0, 0).unwrap()
}

/// The study day of `at` as these tests count days: UTC, from 04:00.
pub(super) fn day(at: DateTime<Utc>) -> NaiveDate {
    DayBoundary::new(Zone::utc(), 4).day(at)
}

pub(super) fn no_fuzz() -> Scheduler {
    Scheduler::new(SchedulerConfig {
        fuzz: false,
        ..SchedulerConfig::default()
    })
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
            last_day: Some(day(t0())),
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
            let ours = sched.answer("x", &state, *g, now, day(now));
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
    let ours = sched.answer("x", &CardState::new(), Grade::Good, t0(), day(t0()));
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
        last_day: Some(day(t0())),
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
        last_day: Some(day(t0() - Duration::days(10))),
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
        let next = sched.answer("c", &state, grade, t0(), day(t0()));
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
    let next = sched.answer("c", &learning(1), Grade::Good, t0(), day(t0()));
    assert_eq!(next.phase, Phase::Review);
    // Same-day review: short-term stability S' >= S; interval = round(S') at r = 0.9.
    let days = (next.due.unwrap() - t0()).num_days();
    assert_eq!(days, f64::from(next.stability).round_ties_even() as i64);
    assert!(days >= 1);
}

#[test]
fn lapse_goes_to_relearning() {
    let sched = no_fuzz();
    let next = sched.answer("c", &review(20.0), Grade::Again, t0(), day(t0()));
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
    let next = sched.answer("c", &review(20.0), Grade::Again, t0(), day(t0()));
    assert_eq!(next.phase, Phase::Review);
    assert_eq!(next.lapses, 1);
    assert!(next.due.unwrap() - t0() >= Duration::days(1));
    // Good on a Review card is not a lapse.
    assert_eq!(
        sched
            .answer("c", &review(20.0), Grade::Good, t0(), day(t0()))
            .lapses,
        0
    );
}

#[test]
fn preview_labels() {
    let sched = no_fuzz();
    let labels = |state: &CardState| {
        sched
            .outcomes("c", state, day(t0()))
            .map(|o| format!("{:?} {}", o.grade(), format_interval(o.interval())))
    };
    assert_eq!(
        labels(&CardState::new()),
        ["Again 1m", "Hard 5.5m", "Good 10m", "Easy 8d"]
    );
    assert_eq!(
        labels(&learning(1)),
        ["Again 1m", "Hard 10m", "Good 2d", "Easy 4d"]
    );
    let r = labels(&review(20.0));
    assert_eq!(r[0], "Again 10m");
    // Intervals grow with the grade.
    let ivls = sched
        .outcomes("c", &review(20.0), day(t0()))
        .map(|o| o.interval());
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
        state = sched.answer("c", &state, Grade::Easy, now, day(now));
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
    let state = plain.answer("c", &review(400.0), Grade::Easy, t0(), day(t0()));
    assert_eq!(state.due, Some(t0() + Duration::days(30)));
}

#[test]
fn fuzz_is_deterministic_and_bounded() {
    let fuzzy = Scheduler::new(SchedulerConfig::default());
    let plain = no_fuzz();
    let mut spread = std::collections::HashSet::new();
    for s in [3.0f32, 5.0, 12.0, 40.0, 400.0] {
        let state = review(s);
        let base = plain
            .answer("c", &state, Grade::Good, t0(), day(t0()))
            .due
            .unwrap()
            - t0();
        let base_days = base.num_days();
        let (lo, hi) = fuzzy.fuzz_range(base_days);
        for i in 0..200 {
            let id = format!("card-{i}");
            let a = fuzzy.answer(&id, &state, Grade::Good, t0(), day(t0()));
            let b = fuzzy.answer(&id, &state, Grade::Good, t0(), day(t0()));
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
    let a = fuzzy.answer("c", &CardState::new(), Grade::Good, t0(), day(t0()));
    assert_eq!(a.due, Some(t0() + Duration::minutes(10)));
}

#[test]
fn format_interval_labels() {
    let cases = [
        (Duration::seconds(-5), "0s"),
        (Duration::seconds(30), "30s"),
        (Duration::minutes(1), "1m"),
        (Duration::seconds(330), "5.5m"),
        (Duration::seconds(90), "1.5m"),
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
