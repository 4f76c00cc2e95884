//! Property test: a replay of a whole log (`queue::replay_all`, which works
//! out the interval of each card's last answer only) gives every card the
//! state answering its log one answer at a time gives, due time included,
//! with and without fuzz, with learning steps and without.

use super::queue::replay_all;
use super::tests::day;
use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn grade(n: u8) -> Grade {
    match n {
        0 => Grade::Again,
        1 => Grade::Hard,
        2 => Grade::Good,
        _ => Grade::Easy,
    }
}

proptest! {
    #[test]
    fn a_whole_log_replays_as_its_answers_one_by_one(
        // (card, minutes after the answer before, grade)
        log in proptest::collection::vec((0u8..4, 0i64..20_000, 0u8..4), 1..60),
        fuzz in any::<bool>(),
        steps in any::<bool>(),
    ) {
        let mut config = SchedulerConfig { fuzz, ..SchedulerConfig::default() };
        if !steps {
            config.learning_steps.clear();
            config.relearning_steps.clear();
        }
        let sched = Scheduler::new(config);
        let mut at = t0();
        let mut reviews = Vec::new();
        for (n, (card, minutes, g)) in log.into_iter().enumerate() {
            at += Duration::minutes(minutes);
            reviews.push((
                i64::try_from(n).unwrap(),
                ReviewRecord {
                    card_id: format!("c{card}").into(),
                    at,
                    day: day(at),
                    grade: grade(g),
                    elapsed_ms: 0,
                    typed_answer: None,
                },
            ));
        }
        let states = replay_all(&sched, &reviews);
        let mut one_by_one: std::collections::HashMap<&str, CardState> = Default::default();
        for (_, r) in &reviews {
            let state = one_by_one.entry(r.card_id.as_str()).or_default();
            *state = sched.apply(state, r);
        }
        prop_assert_eq!(states.len(), one_by_one.len());
        for (card, state) in one_by_one {
            prop_assert_eq!(&states[card], &state, "card {}", card);
        }
    }
}
