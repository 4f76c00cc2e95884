//! Grading applies the outcome on the key: a card revealed at t and graded
//! 1 s, 30 s or 10 min later in the same study day gets exactly the interval
//! its key showed, in every phase and over many stabilities, and a replay
//! of the log gives the same state; a key pressed after the next study day
//! began shows that day's intervals first, and the next key grades.

use chrono::{Duration, TimeZone};
use proptest::prelude::*;

use super::*;
use crate::domain::content::load_files;
use crate::domain::schedule::day::{Zone, test_day};
use crate::domain::schedule::{ReviewRecord, Scheduler, SchedulerConfig};

const DECK: &str = r#"kind = "deck"
id = "d"
title = "One"
[[cards]]
id = "q"
front = "Why?"
back = "Because."
"#;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn record(card: &str, at: DateTime<Utc>, grade: Grade) -> ReviewRecord {
    ReviewRecord {
        card_id: card.into(),
        at,
        day: test_day(at),
        grade,
        elapsed_ms: 0,
        typed_answer: None,
    }
}

/// The deck's one card with `history` (time, grade) answered, and its id.
fn progress(history: &[(DateTime<Utc>, Grade)]) -> (Progress, String) {
    let cards = crate::domain::cards::all_cards(&load_files([("d.toml", DECK.as_bytes())]));
    let id = cards[0].id.to_string();
    let log = history
        .iter()
        .enumerate()
        .map(|(i, &(at, grade))| (i as i64 + 1, record(&id, at, grade)))
        .collect();
    let scheduler = Scheduler::new(SchedulerConfig::default());
    (Progress::new(cards, log, scheduler, Zone::utc()), id)
}

/// A drill on all cards opened at `at`, its answer revealed then.
fn revealed(progress: &mut Progress, at: DateTime<Utc>) -> DrillState {
    let keymap = Keymap::default();
    let mut drill = DrillState::default();
    drill.refresh_choices(progress, at);
    drill.command(progress, &keymap, Command::Open, at);
    drill.command(progress, &keymap, Command::Reveal, at);
    drill
}

fn grade_key(grade: Grade) -> Command {
    match grade {
        Grade::Again => Command::GradeAgain,
        Grade::Hard => Command::GradeHard,
        Grade::Good => Command::GradeGood,
        Grade::Easy => Command::GradeEasy,
    }
}

/// The answer a grade key sent to the store, if it sent one.
fn saved(effects: Vec<Effect>) -> Option<ReviewRecord> {
    match effects.as_slice() {
        [Effect::SaveReview(review)] => Some(review.clone()),
        _ => None,
    }
}

/// A history leaving the card in `phase` (0 new, 1 learning, 2 review, 3
/// relearning); `reviews` (days after the last, grade) vary its stability.
fn history(phase: u8, reviews: &[(i64, u8)], minute: i64) -> Vec<(DateTime<Utc>, Grade)> {
    let mut out = Vec::new();
    let mut at = t0() + Duration::minutes(minute);
    match phase {
        0 => return out,
        1 => return vec![(at, Grade::Good)],
        _ => out.push((at, Grade::Easy)),
    }
    for &(days, grade) in reviews {
        at += Duration::days(days);
        out.push((
            at,
            [Grade::Hard, Grade::Good, Grade::Easy][usize::from(grade)],
        ));
    }
    if phase == 3 {
        at += Duration::days(3);
        out.push((at, Grade::Again));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_key_applies_the_interval_it_showed_in_every_phase(
        phase in 0u8..4,
        reviews in proptest::collection::vec((1i64..90, 0u8..3), 0..6),
        minute in 0i64..600,
        // how long after the card is due it is shown: anywhere in two days,
        // or in the quarter hour before a whole number of days since its
        // last answer (where 24-hour periods tick over)
        late_s in prop_oneof![
            0i64..172_800,
            (1i64..3, 0i64..900).prop_map(|(d, s)| d * 86_400 - s),
        ],
    ) {
        let history = history(phase, &reviews, minute);
        let (start, id) = progress(&history);
        let state = start.state(&id);
        let want = [Phase::New, Phase::Learning, Phase::Review, Phase::Relearning];
        prop_assert_eq!(state.phase, want[usize::from(phase)]);
        // shown once due (or a little later), at a time 10 minutes clear of
        // the day's end: every pause below stays in its study day
        let mut shown_at = state.due.unwrap_or(t0()) + Duration::seconds(late_s);
        while test_day(shown_at) != test_day(shown_at + Duration::minutes(11)) {
            shown_at += Duration::minutes(10);
        }
        for pause in [Duration::seconds(1), Duration::seconds(30), Duration::minutes(10)] {
            for grade in Grade::ALL {
                let (mut progress, _) = self::progress(&history);
                let mut drill = revealed(&mut progress, shown_at);
                let cur = drill.current.as_ref().unwrap();
                prop_assert_eq!(&cur.card_id, &id);
                let label = cur.shown.as_ref().unwrap().of(grade).interval();
                let key_at = shown_at + pause;
                let effects =
                    drill.command(&mut progress, &Keymap::default(), grade_key(grade), key_at);
                let review = saved(effects);
                prop_assert!(review.is_some(), "{:?} after {}: not applied", grade, pause);
                let review = review.unwrap();
                prop_assert_eq!(review.at, key_at);
                prop_assert_eq!(review.day, test_day(shown_at));
                progress.record(99, review.clone());
                let after = progress.state(&id);
                prop_assert_eq!(after.due, Some(key_at + label), "{:?}", grade);
                // what the store's log replays to is what was applied
                let mut log = history.clone();
                log.push((key_at, grade));
                prop_assert_eq!(self::progress(&log).0.state(&id), after);
            }
        }
    }
}

#[test]
fn a_key_after_the_next_study_day_began_shows_its_intervals_then_the_next_key_grades() {
    let (mut progress, id) = progress(&[(t0(), Grade::Easy)]);
    let due = progress.state(&id).due.unwrap();
    // 03:59:50 on a day after the card is due, then 04:00:10: a new study day
    let shown_at = (due.date_naive() + chrono::Days::new(1))
        .and_hms_opt(3, 59, 50)
        .unwrap()
        .and_utc();
    let key_at = shown_at + Duration::seconds(20);
    let mut drill = revealed(&mut progress, shown_at);
    let keymap = Keymap::default();
    let effects = drill.command(&mut progress, &keymap, Command::GradeGood, key_at);
    assert!(effects.is_empty(), "not applied: {effects:?}");
    let notice = drill.notice.clone().unwrap_or_default();
    let new_day = key_at.format("%a %-d %b").to_string();
    assert_eq!(
        notice,
        format!("New study day ({new_day}): key not applied")
    );
    // the keys show the new day's outcomes
    let shown = drill.current.as_ref().unwrap().shown.clone().unwrap();
    assert_eq!(shown.day, test_day(key_at));
    let state = progress.state(&id);
    let today = progress.scheduler.outcomes(&id, &state, test_day(key_at));
    assert_eq!(shown.outcomes, today);
    // and the next key applies the one it shows
    let next_key = key_at + Duration::seconds(2);
    let review = saved(drill.command(&mut progress, &keymap, Command::GradeGood, next_key));
    let review = review.expect("the next key grades");
    assert_eq!((review.at, review.day), (next_key, test_day(key_at)));
    progress.record(2, review);
    assert_eq!(
        progress.state(&id).due,
        Some(next_key + shown.of(Grade::Good).interval())
    );
}
