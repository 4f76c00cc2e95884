//! Session planning properties and the countdown, driven by times passed in.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{TimeZone, Utc};

use super::*;

fn check_plan(set: &InterviewSet, plan: &[String], length: SessionLength) {
    assert_eq!(plan.len(), length.questions(), "{plan:?}");
    let unique: HashSet<&String> = plan.iter().collect();
    assert_eq!(unique.len(), plan.len(), "no repeats: {plan:?}");
    let questions: Vec<&Question> = plan
        .iter()
        .map(|id| set.question(id).expect("planned ids exist"))
        .collect();
    let (last, rest) = questions.split_last().expect("not empty");
    assert!(last.closing, "ends with the closing question");
    assert!(rest.iter().all(|q| !q.closing), "one closing question only");
}

#[test]
fn every_plan_has_its_length_and_ends_with_the_closing_question() {
    let set = bundled();
    for length in SessionLength::ALL {
        for seed in 0..200 {
            check_plan(&set, &plan_session(&set, length, seed), length);
        }
    }
}

#[test]
fn a_seed_always_gives_the_same_plan_and_seeds_differ() {
    let set = bundled();
    let a = plan_session(&set, SessionLength::Five, 42);
    assert_eq!(a, plan_session(&set, SessionLength::Five, 42));
    let plans: HashSet<Vec<String>> = (0..20)
        .map(|seed| plan_session(&set, SessionLength::Five, seed))
        .collect();
    assert!(plans.len() >= 15, "only {} different plans", plans.len());
    let closings: HashSet<String> = (0..20)
        .filter_map(|seed| plan_session(&set, SessionLength::Three, seed).pop())
        .collect();
    assert_eq!(closings.len(), 2, "both closing questions get used");
}

/// Three skills with three questions each, and a closing question.
fn skills_set() -> InterviewSet {
    let mut set = bundled();
    let closing = set.closing_questions().next().cloned().expect("closing");
    let mut questions = Vec::new();
    for skill in ["a", "b", "c"] {
        for n in 0..3 {
            questions.push(Question {
                id: format!("{skill}{n}"),
                skills: vec![skill.to_string()],
                closing: false,
                ..closing.clone()
            });
        }
    }
    questions.push(closing);
    set.questions = questions;
    set
}

#[test]
fn a_plan_covers_every_skill_before_repeating_one() {
    let set = skills_set();
    for seed in 0..100 {
        let plan = plan_session(&set, SessionLength::Five, seed);
        let first_letters: Vec<char> = plan
            .iter()
            .take(3)
            .filter_map(|id| id.chars().next())
            .collect();
        let distinct: HashSet<&char> = first_letters.iter().collect();
        assert_eq!(distinct.len(), 3, "seed {seed}: {plan:?}");
    }
    // The bundled set: four different questions touch at least four skills.
    let bundled = bundled();
    for seed in 0..100 {
        let plan = plan_session(&bundled, SessionLength::Five, seed);
        let skills: HashSet<&String> = plan
            .iter()
            .filter_map(|id| bundled.question(id))
            .filter(|q| !q.closing)
            .flat_map(|q| &q.skills)
            .collect();
        assert!(skills.len() >= 4, "seed {seed}: {skills:?}");
    }
}

#[test]
fn a_small_set_gives_a_shorter_plan_and_no_closing_gives_none() {
    let mut set = skills_set();
    set.questions.retain(|q| q.closing || q.id == "a0");
    assert_eq!(
        plan_session(&set, SessionLength::Eight, 7),
        ["a0", "ch17i-any-questions"]
    );
    set.questions.retain(|q| !q.closing);
    assert!(plan_session(&set, SessionLength::Three, 7).is_empty());
}

#[test]
fn the_countdown_follows_the_time_passed_in() {
    let start = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .expect("valid");
    let limit = Duration::from_secs(120);
    let after = |ms: i64| remaining(start, start + chrono::Duration::milliseconds(ms), limit);

    let c = after(0);
    assert_eq!(
        (c.remaining, c.overrun, c.is_over()),
        (limit, Duration::ZERO, false)
    );
    assert_eq!(c.label(), "2:00");
    let c = after(500);
    assert_eq!(c.remaining, Duration::from_millis(119_500));
    assert_eq!(c.label(), "2:00", "rounded up");
    assert_eq!(after(61_000).label(), "0:59");
    let c = after(120_000);
    assert_eq!(
        (c.remaining, c.is_over(), c.label().as_str()),
        (Duration::ZERO, false, "0:00")
    );
    let c = after(132_400);
    assert_eq!(c.overrun, Duration::from_millis(12_400));
    assert!(c.is_over());
    assert_eq!(c.label(), "+0:12");
    assert_eq!(after(-5_000).elapsed, Duration::ZERO, "clock set back");
    assert_eq!(after(-5_000).remaining, limit);
}

#[test]
fn time_limits_and_lengths_come_from_settings() {
    assert_eq!(time_limit(0), None);
    assert_eq!(time_limit(1), Some(Duration::from_secs(60)));
    assert_eq!(time_limit(5), Some(Duration::from_secs(300)));
    assert_eq!(time_limit(6), None);
    assert_eq!(DEFAULT_TIME_LIMIT, Duration::from_secs(120));
    assert_eq!(SessionLength::from_count(5), Some(SessionLength::Five));
    assert_eq!(SessionLength::from_count(4), None);
}
