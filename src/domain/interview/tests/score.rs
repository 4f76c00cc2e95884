//! Rubric ratings, suggested ticks, scorecards and the trend.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

use super::*;

const GOOD: &str = "Last year at my previous company, our team had to move the \
billing service to a new provider within six weeks, and the deadline could not \
move because the old contract ended. My goal was to plan the switch so that no \
customer was charged twice. I started by listing every job that touched \
payments, then I split the move into three stages we could undo, and I set up \
a daily check that compared both systems. When a currency bug showed up in the \
second stage, I called the provider, found the cause with their engineer and \
fixed it within a day. As a result, we finished four days early, nobody was \
charged twice, and the monthly fees dropped by 18 percent. I enjoyed that \
project a lot, and it is the kind of careful work your team does on payments \
that draws me to this role.";

fn rubric_ids(items: &[&RubricItem]) -> Vec<String> {
    items.iter().map(|i| i.id.clone()).collect()
}

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0)
        .single()
        .expect("valid date")
}

#[test]
fn the_score_is_the_share_ticked() {
    let set = bundled();
    let items: Vec<&RubricItem> = set.rubric.iter().take(4).collect();
    let mut rating = RubricRating::default();
    assert_eq!(rating.score(&items), 0.0);
    assert!(rating.toggle("star"));
    assert!(rating.toggle("result"));
    assert!(rating.toggle("asked-question"), "not among the four");
    assert_eq!(rating.score(&items), 0.5);
    assert!(!rating.toggle("result"));
    assert_eq!(rating.score(&items), 0.25);
    assert_eq!(rating.score(&[]), 0.0);
}

#[test]
fn a_good_answer_gets_the_ticks_it_earned() {
    let set = bundled();
    let question = set.question("ch17i-team").expect("in the set");
    let items = set.rubric_for(question);
    let signals = analyse_with(GOOD, &set.cues, question.target);
    assert_eq!(
        signals.length.verdict,
        LengthVerdict::InRange,
        "{}",
        signals.length.words
    );
    let suggestions = suggest(&items, &signals);
    let suggested: Vec<&str> = suggestions
        .iter()
        .filter(|s| s.suggested)
        .map(|s| s.item.as_str())
        .collect();
    assert_eq!(
        suggested,
        [
            "star",
            "result",
            "tailored",
            "enthusiasm",
            "concise",
            "no-negativity"
        ],
        "{suggestions:#?}"
    );
    let result = suggestions
        .iter()
        .find(|s| s.item == "result")
        .expect("result");
    assert_eq!(result.why, "a number in the result: \"four\"");
    let rating = RubricRating::from_suggestions(&suggestions);
    assert_eq!(rating.score(&items), 1.0);
}

#[test]
fn a_bad_answer_gets_none_and_says_why() {
    let set = bundled();
    let question = set.question("ch17i-why-leaving").expect("in the set");
    let items = set.rubric_for(question);
    assert_eq!(rubric_ids(&items), ["tailored", "concise", "no-negativity"]);
    let answer = "Um, basically my boss was useless and I hated the company, you know.";
    let suggestions = suggest(&items, &analyse_with(answer, &set.cues, question.target));
    let shown: Vec<(&str, bool, &str)> = suggestions
        .iter()
        .map(|s| (s.item.as_str(), s.suggested, s.why.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("tailored", false, "nothing ties it to this company or role"),
            ("concise", false, "shorter than the target time"),
            ("no-negativity", false, "\"useless\" about \"boss\""),
        ]
    );
}

#[test]
fn the_closing_question_is_judged_on_asking() {
    let set = bundled();
    let question = set.question("ch17i-any-questions").expect("in the set");
    let items = set.rubric_for(question);
    let asked = analyse_with(
        "Yes: how does your team decide what to build next quarter?",
        &set.cues,
        question.target,
    );
    let s = suggest(&items, &asked);
    assert!(s.iter().any(|s| s.item == "asked-question" && s.suggested));
    let silent = analyse_with("No, I'm good, thanks.", &set.cues, question.target);
    let s = suggest(&items, &silent);
    assert!(s.iter().any(|s| s.item == "asked-question" && !s.suggested));
}

#[test]
fn an_empty_answer_suggests_nothing() {
    let set = bundled();
    let items: Vec<&RubricItem> = set.rubric.iter().collect();
    let suggestions = suggest(&items, &analyse("", &set.cues));
    assert_eq!(suggestions.len(), set.rubric.len());
    assert!(
        suggestions
            .iter()
            .all(|s| !s.suggested && s.why == "no text to read")
    );
}

#[test]
fn an_answer_score_keeps_time_words_and_rubric() {
    let set = bundled();
    let question = set.question("ch17i-mistake").expect("in the set");
    let mut rating = RubricRating::default();
    rating.toggle("star");
    let typed = AnswerScore::new(
        &set,
        question,
        Some(GOOD),
        Duration::from_secs(150),
        Duration::from_secs(120),
        rating.clone(),
    );
    assert_eq!(typed.overrun(), Duration::from_secs(30));
    assert_eq!(typed.words(), analyse(GOOD, &set.cues).length.words);
    assert_eq!(
        typed.rated_against,
        ["star", "result", "concise", "no-negativity"]
    );
    assert_eq!(typed.score(), 0.25);
    assert_eq!(
        typed.missed().collect::<Vec<_>>(),
        ["result", "concise", "no-negativity"]
    );
    let aloud = AnswerScore::new(
        &set,
        question,
        None,
        Duration::from_secs(90),
        Duration::from_secs(120),
        rating,
    );
    assert_eq!(aloud.signals, None);
    assert_eq!(aloud.words(), 0);
    assert_eq!(aloud.overrun(), Duration::ZERO);
    assert_eq!(aloud.score(), 0.25);
}

fn answer(question: &str, rated: &[&str], ticked: &[&str], secs: u64) -> AnswerScore {
    AnswerScore {
        question: question.into(),
        prompt: String::new(),
        answer: None,
        time_taken: Duration::from_secs(secs),
        limit: Duration::from_secs(120),
        signals: None,
        rated_against: rated.iter().map(|s| s.to_string()).collect(),
        rating: RubricRating {
            ticked: ticked.iter().map(|s| s.to_string()).collect(),
        },
    }
}

#[test]
fn a_session_score_is_the_mean_of_its_answers() {
    let session = SessionScore {
        set: "ch17-interview".into(),
        started_at: at(1),
        answers: vec![
            answer("a", &["star", "result"], &["star", "result"], 100),
            answer("b", &["star", "result"], &[], 130),
            answer("c", &["asked-question", "star"], &["asked-question"], 200),
        ],
    };
    assert_eq!(session.score(), Some(0.5));
    assert_eq!(session.total_time(), Duration::from_secs(430));
    assert_eq!(session.overruns(), 2);
    let empty = SessionScore {
        answers: Vec::new(),
        ..session
    };
    assert_eq!(empty.score(), None);
}

#[test]
fn the_trend_orders_sessions_and_ranks_missed_items() {
    let rated = ["star", "result", "concise"];
    let sessions = [
        SessionScore {
            set: "s".into(),
            started_at: at(5),
            answers: vec![answer("a", &rated, &["star", "result", "concise"], 60)],
        },
        SessionScore {
            set: "s".into(),
            started_at: at(2),
            answers: vec![
                answer("a", &rated, &["star"], 60),
                answer("b", &rated, &["star"], 60),
                answer("end", &["asked-question"], &[], 60),
            ],
        },
        SessionScore {
            set: "s".into(),
            started_at: at(3),
            answers: Vec::new(),
        },
    ];
    let t = trend(&sessions);
    let days: Vec<DateTime<Utc>> = t.scores.iter().map(|(d, _)| *d).collect();
    assert_eq!(days, [at(2), at(5)], "empty sessions leave no point");
    assert!((t.scores[0].1 - 2.0 / 9.0).abs() < 1e-9);
    assert_eq!(t.scores[1].1, 1.0);
    let missed: Vec<(&str, usize, usize)> = t
        .missed
        .iter()
        .map(|m| (m.item.as_str(), m.missed, m.rated))
        .collect();
    // Star was never missed, so it is left out; concise and result tie on
    // 2 of 3 and go by id; asked-question, missed once, comes last.
    assert_eq!(
        missed,
        [
            ("concise", 2, 3),
            ("result", 2, 3),
            ("asked-question", 1, 1)
        ]
    );
}
