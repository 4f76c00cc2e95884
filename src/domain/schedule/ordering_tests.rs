//! Property tests: the grades' intervals keep their order (Hard < Good <
//! Easy by a day on review cards, a Hard step never past Good in learning),
//! with and without fuzz, on many states; a key's label is the interval the
//! answer applies; and an outcome worked out when an answer is shown is what
//! an answer later the same study day gives.

use super::tests::day;
use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn interval(
    sched: &Scheduler,
    id: &str,
    state: &CardState,
    g: Grade,
    now: DateTime<Utc>,
) -> Duration {
    sched.answer(id, state, g, now, day(now)).due.unwrap() - now
}

proptest! {
    #[test]
    fn review_intervals_are_a_day_apart(
        stability in 0.01f32..5000.0,
        difficulty in 1.0f32..10.0,
        elapsed_days in 0i64..2000,
        reps in 1u32..200,
        id in "[a-z0-9:-]{1,12}",
        fuzz in any::<bool>(),
    ) {
        let sched = Scheduler::new(SchedulerConfig { fuzz, ..SchedulerConfig::default() });
        let last = t0();
        let state = CardState {
            phase: Phase::Review,
            stability,
            difficulty,
            due: Some(last + Duration::days(1)),
            last_review: Some(last),
            last_day: Some(day(last)),
            reps,
            ..CardState::new()
        };
        let now = last + Duration::days(elapsed_days) + Duration::minutes(7);
        let [hard, good, easy] = [Grade::Hard, Grade::Good, Grade::Easy]
            .map(|g| interval(&sched, &id, &state, g, now));
        prop_assert!(hard >= Duration::days(1));
        prop_assert!(good >= hard + Duration::days(1), "hard {hard} good {good}");
        prop_assert!(easy >= good + Duration::days(1), "good {good} easy {easy}");
        // the label is the applied interval
        let outcomes = sched.outcomes(&id, &state, day(now));
        prop_assert_eq!(outcomes[2].interval(), good);
    }

    #[test]
    fn learning_hard_is_never_longer_than_good(
        step in 0u32..3,
        relearning in any::<bool>(),
        steps in proptest::collection::vec(1i64..2000, 0..4),
        reps in 0u32..20,
        id in "[a-z]{1,8}",
    ) {
        let steps: Vec<Duration> = steps.into_iter().map(Duration::minutes).collect();
        let sched = Scheduler::new(SchedulerConfig {
            learning_steps: steps.clone(),
            relearning_steps: steps,
            ..SchedulerConfig::default()
        });
        let state = CardState {
            phase: if relearning { Phase::Relearning } else { Phase::Learning },
            step,
            stability: 2.0,
            difficulty: 5.0,
            due: Some(t0()),
            last_review: Some(t0() - Duration::minutes(10)),
            last_day: Some(day(t0())),
            reps,
            ..CardState::new()
        };
        let now = t0();
        let [hard, good, easy] = [Grade::Hard, Grade::Good, Grade::Easy]
            .map(|g| interval(&sched, &id, &state, g, now));
        prop_assert!(hard <= good, "hard {hard} good {good}");
        prop_assert!(good <= easy, "good {good} easy {easy}");
        // new cards too
        let new = CardState::new();
        let [hard, good, easy] = [Grade::Hard, Grade::Good, Grade::Easy]
            .map(|g| interval(&sched, &id, &new, g, now));
        prop_assert!(hard <= good && good <= easy, "{hard} {good} {easy}");
    }

    #[test]
    fn an_outcome_shown_is_the_answer_given_later_that_day(
        history in proptest::collection::vec((1u8..=4, 0i64..40, 0i64..1200), 0..8),
        reveal_minute in 0i64..(19 * 60),
        pause_s in prop::sample::select(vec![0i64, 1, 30, 600, 3599]),
        id in "[a-z0-9]{1,8}",
        fuzz in any::<bool>(),
    ) {
        let sched = Scheduler::new(SchedulerConfig { fuzz, ..SchedulerConfig::default() });
        // a card in any phase, with any stability: answers days apart, at
        // any time of day
        let mut state = CardState::new();
        let mut at = t0();
        for (grade, days, minutes) in history {
            at = at + Duration::days(days) + Duration::minutes(minutes);
            state = sched.answer(&id, &state, Grade::from_u8(grade).unwrap(), at, day(at));
        }
        // shown between 04:00 and 23:00 of a later day, answered up to an
        // hour after: the same study day
        let shown_at = day(at).succ_opt().unwrap().and_hms_opt(4, 0, 0).unwrap().and_utc()
            + Duration::minutes(reveal_minute);
        let key_at = shown_at + Duration::seconds(pause_s);
        prop_assert_eq!(day(shown_at), day(key_at));
        let shown = sched.outcomes(&id, &state, day(shown_at));
        for outcome in &shown {
            let given = sched.answer(&id, &state, outcome.grade(), key_at, day(key_at));
            prop_assert_eq!(&given, &outcome.at(key_at));
            prop_assert_eq!(given.due, Some(key_at + outcome.interval()));
            prop_assert_eq!(given.last_review, Some(key_at));
        }
    }
}
