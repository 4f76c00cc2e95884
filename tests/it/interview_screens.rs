//! The mock interview screen (5) on a `TestBackend` with insta snapshots: a
//! question with its countdown, the overrun, the feedback and the scorecard,
//! at 80x24 and 40x12. The countdown moves only with the `now` passed to
//! `update` (no sleeping); the store's part is played by `act`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use chrono::{DateTime, Duration, Utc};
use studyguide::tui::action::{Action, Command, Key, KeyCode};
use studyguide::tui::keymap::KeyMode;
use studyguide::tui::state::State;
use studyguide::tui::state::interview::InterviewView;
use studyguide::tui::update::{Effect, update};

/// A typed answer with every STAR part, a number in the result, enthusiasm
/// and a tie to the role (65 words).
const GOOD: &str = "Last year at my previous job our launch date moved up by two weeks. \
My goal was to ship on time. I decided to cut scope and I organised daily check-ins with \
the team. As a result we shipped on time and support tickets fell by 30 percent. I am \
excited about this role because your team works on the same kind of problem.";

/// A closing answer that asks the interviewer something.
const QUESTION: &str = "Thank you. What does a typical week look like for your team, and \
what would success look like in the first six months?";

fn at(secs: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(secs)
}

/// Dispatches an action and answers effects as the effect runner would:
/// saved interview answers and reviews get the next id, missed points are
/// kept. Returns every effect.
fn act(state: &mut State, action: Action, now: DateTime<Utc>, next_id: &mut i64) -> Vec<Effect> {
    let mut all = Vec::new();
    let mut pending = vec![action];
    while let Some(a) = pending.pop() {
        for effect in update(state, a, now) {
            if let Effect::SaveInterviewAnswer { position, .. } = &effect {
                *next_id += 1;
                pending.push(Action::InterviewAnswerSaved {
                    position: *position,
                    id: *next_id,
                });
            }
            if let Effect::SaveMissedPoints { points, reviews } = &effect {
                let reviews = reviews
                    .iter()
                    .map(|r| {
                        *next_id += 1;
                        (*next_id, r.clone())
                    })
                    .collect();
                pending.push(Action::MissedPointsSaved {
                    points: points.clone(),
                    reviews,
                });
            }
            all.push(effect);
        }
    }
    all
}

fn command(state: &mut State, c: Command, now: DateTime<Utc>, id: &mut i64) -> Vec<Effect> {
    act(state, Action::Command(c), now, id)
}

fn type_text(state: &mut State, text: &str, now: DateTime<Utc>, id: &mut i64) {
    for c in text.chars() {
        act(state, Action::Key(Key::plain(KeyCode::Char(c))), now, id);
    }
}

/// Screen 5 with a three-question session started at `t0`.
fn started(width: u16, height: u16, id: &mut i64) -> State {
    let mut state = bundled_state(width, height);
    command(&mut state, Command::GoInterview, t0(), id);
    assert_eq!(state.key_mode(), KeyMode::Interview);
    command(&mut state, Command::Open, t0(), id);
    assert_eq!(state.interview.view, InterviewView::Question);
    // The plan comes from the start time; these tests want a STAR question
    // first (the one `GOOD` answers), one on the role, then the closing one.
    let session = state.interview.session.as_mut().expect("session");
    assert_eq!(session.plan.len(), 3);
    session.plan = ["ch17i-team", "ch17i-why-role", "ch17i-any-questions"]
        .map(String::from)
        .to_vec();
    assert_eq!(state.key_mode(), KeyMode::InterviewAnswer);
    state
}

/// Answers the question on screen with `text` after `secs` seconds.
/// The scripted follow-ups it triggers are skipped (`Esc` on the empty box).
fn answer(state: &mut State, text: &str, start: i64, secs: i64, id: &mut i64) -> Vec<Effect> {
    type_text(state, text, at(start + 1), id);
    let effects = command(state, Command::Submit, at(start + secs), id);
    while state.interview.view == InterviewView::FollowUp {
        command(state, Command::Cancel, at(start + secs), id);
    }
    effects
}

/// A session answered to the end: typed, aloud, then the closing question.
fn finished(width: u16, height: u16) -> State {
    let mut id = 0;
    let mut state = started(width, height, &mut id);
    answer(&mut state, GOOD, 0, 70, &mut id);
    command(&mut state, Command::Open, at(80), &mut id);
    command(&mut state, Command::Submit, at(80 + 150), &mut id); // aloud, 30 s over
    command(&mut state, Command::ToggleItem, at(240), &mut id);
    command(&mut state, Command::Open, at(240), &mut id);
    answer(&mut state, QUESTION, 240, 40, &mut id);
    command(&mut state, Command::Open, at(290), &mut id);
    assert_eq!(state.interview.view, InterviewView::Scorecard);
    state
}

#[test]
fn question_with_a_countdown_driven_by_the_time_passed_in() {
    for (w, h) in [(80, 24), (40, 12)] {
        let mut id = 0;
        let mut state = started(w, h, &mut id);
        let fresh = screen(&state);
        assert!(fresh.contains("2:00 left"), "{fresh}");
        type_text(&mut state, "Last year I led a migration", at(5), &mut id);
        act(&mut state, Action::Tick, at(35), &mut id);
        let text = screen(&state);
        assert!(text.contains("1:25 left"), "{text}");
        assert!(text.contains("Last year I led"), "{text}");
        insta::assert_snapshot!(format!("question_countdown_{w}x{h}"), text);
    }
}

#[test]
fn running_out_of_time_keeps_the_box_open_and_shows_the_overrun() {
    let mut id = 0;
    let mut state = started(80, 24, &mut id);
    act(&mut state, Action::Tick, at(150), &mut id);
    let text = screen(&state);
    assert!(text.contains("+0:30 over"), "{text}");
    assert_eq!(state.interview.view, InterviewView::Question);
    type_text(&mut state, "still typing", at(151), &mut id);
    let text = screen(&state);
    assert!(text.contains("still typing"), "{text}");
    assert!(text.contains("+0:31 over"), "{text}");
    // A clock set back does not run the countdown backwards.
    act(&mut state, Action::Tick, at(10), &mut id);
    assert!(screen(&state).contains("+0:31 over"));
}

#[test]
fn feedback_shows_signals_with_their_words_the_checklist_and_the_advice() {
    for (w, h) in [(80, 24), (40, 12), (200, 50)] {
        let mut id = 0;
        let mut state = started(w, h, &mut id);
        let effects = answer(&mut state, GOOD, 0, 70, &mut id);
        assert!(
            matches!(
                effects.as_slice(),
                [Effect::SaveInterviewAnswer { position: 0, .. }]
            ),
            "{effects:?}"
        );
        assert_eq!(state.interview.view, InterviewView::Feedback);
        let text = screen(&state);
        insta::assert_snapshot!(format!("feedback_{w}x{h}"), text);
        assert!(text.contains("[x] STAR structure"), "{text}");
        // Nothing is cut: no ellipsis anywhere on the feedback.
        let body: String = text.lines().skip(1).take(usize::from(h) - 2).collect();
        assert!(!body.contains('…'), "{text}");
        if w >= 80 {
            assert!(text.contains("\"Last year\""), "{text}");
            assert!(
                text.contains("Sarah Johnson"),
                "advice from the chapter: {text}"
            );
            assert!(text.contains("What a strong answer covers"), "{text}");
        }
    }
}

#[test]
fn on_a_small_screen_page_down_reaches_the_model_advice() {
    let mut id = 0;
    let mut state = started(40, 12, &mut id);
    answer(&mut state, GOOD, 0, 70, &mut id);
    assert!(!screen(&state).contains("What a strong answer covers"));
    let mut seen = false;
    for _ in 0..40 {
        command(&mut state, Command::PageDown, at(80), &mut id);
        seen |= screen(&state).contains("What a strong answer covers");
    }
    assert!(seen, "the advice comes into view");
    // scrolling stops at the end: the last row stays filled
    let end = screen(&state);
    let body: Vec<&str> = end.lines().collect();
    assert!(!body[body.len() - 2].trim().is_empty(), "{end}");
    for _ in 0..60 {
        command(&mut state, Command::PageUp, at(80), &mut id);
    }
    assert!(screen(&state).contains("Answer 1/3"));
}

#[test]
fn ticking_the_rubric_sets_the_score_and_the_stored_rating() {
    let mut id = 0;
    let mut state = started(80, 24, &mut id);
    answer(
        &mut state,
        "We um basically did fine I guess.",
        0,
        20,
        &mut id,
    );
    let session = state.interview.session.as_ref().expect("session");
    let last = session.answers.last().expect("answer");
    let items = session.feedback.as_ref().expect("feedback").items.clone();
    assert!(items.len() >= 2);
    // Only "no negativity" is suggested for this weak answer.
    assert_eq!(last.rating.ticked.len(), 1, "{:?}", last.rating);
    assert!((last.score() - 1.0 / items.len() as f64).abs() < 1e-9);
    // tick the first two items of the checklist (neither was suggested)
    command(&mut state, Command::ToggleItem, at(25), &mut id);
    command(&mut state, Command::Down, at(25), &mut id);
    command(&mut state, Command::ToggleItem, at(25), &mut id);
    let session = state.interview.session.as_ref().expect("session");
    let last = session.answers.last().expect("answer");
    let expected = 3.0 / items.len() as f64;
    assert!((last.score() - expected).abs() < 1e-9, "{}", last.score());
    assert!(screen(&state).contains(&format!("rubric 3/{}", items.len())));
    // moving on stores the rating under the answer's id
    let effects = command(&mut state, Command::Open, at(30), &mut id);
    match effects.as_slice() {
        [Effect::RateInterviewAnswer { rating, .. }, ..] => {
            assert_eq!(rating.ticked.len(), 3);
            assert!(rating.is_ticked(&items[0]) && rating.is_ticked(&items[1]));
        }
        other => panic!("expected the rating effect first, got {other:?}"),
    }
}

#[test]
fn an_answer_given_aloud_keeps_only_the_time_and_suggests_nothing() {
    let mut id = 0;
    let mut state = started(80, 24, &mut id);
    let effects = command(&mut state, Command::Submit, at(95), &mut id);
    let Some(Effect::SaveInterviewAnswer { answer, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(answer.answer, None);
    assert_eq!(answer.signals, None);
    assert_eq!(answer.time_taken, std::time::Duration::from_secs(95));
    assert!(answer.rating.ticked.is_empty());
    assert!(screen(&state).contains("Answered aloud"));
}

#[test]
fn scorecard_lists_each_question_with_time_words_and_score() {
    for (w, h) in [(80, 24), (40, 12), (200, 50)] {
        let state = finished(w, h);
        let text = screen(&state);
        insta::assert_snapshot!(format!("scorecard_{w}x{h}"), text);
        assert!(text.contains("Scorecard"), "{text}");
        if w >= 80 {
            assert!(text.contains("3 of 3 answered"), "{text}");
            assert!(text.contains("1:10 · 65 words"), "{text}");
            assert!(text.contains("2:30 (+0:30) · aloud"), "{text}");
        }
    }
}

#[test]
fn every_session_ends_with_the_closing_question() {
    let state = finished(80, 24);
    let session = state.interview.session.as_ref().expect("session");
    let set = &state.library.interviews[0];
    let last = session.plan.last().and_then(|id| set.question(id));
    assert!(last.is_some_and(|q| q.closing), "{:?}", session.plan);
    assert_eq!(session.plan.len(), 3);
}

#[test]
fn missed_rubric_items_put_their_cards_into_the_drill() {
    let mut state = finished(80, 24);
    assert!(!state.interview.missed.is_empty());
    assert!(
        state
            .interview
            .missed
            .iter()
            .all(|p| state.progress.card(&p.card_id).is_some())
    );
    let mut id = 0;
    command(&mut state, Command::GoDrill, at(300), &mut id);
    let text = screen(&state);
    assert!(text.contains("Missed in mock interviews"), "{text}");
    // off in the settings: nothing is added
    let mut state = bundled_state(80, 24);
    state.interview.settings.drill_missed = false;
    let mut id = 0;
    command(&mut state, Command::GoInterview, t0(), &mut id);
    command(&mut state, Command::Open, t0(), &mut id);
    command(&mut state, Command::Submit, at(5), &mut id);
    command(&mut state, Command::Close, at(6), &mut id);
    assert_eq!(state.interview.view, InterviewView::Scorecard);
    assert!(state.interview.missed.is_empty());
}

#[test]
fn setup_changes_length_and_time_within_their_ranges() {
    let mut id = 0;
    let mut state = bundled_state(80, 24);
    command(&mut state, Command::GoInterview, t0(), &mut id);
    command(&mut state, Command::Down, t0(), &mut id);
    for _ in 0..4 {
        command(&mut state, Command::NextOption, t0(), &mut id);
    }
    command(&mut state, Command::Down, t0(), &mut id);
    for _ in 0..9 {
        command(&mut state, Command::NextOption, t0(), &mut id);
    }
    let text = screen(&state);
    assert!(text.contains("8 questions"), "{text}");
    assert!(text.contains("5 min per answer"), "{text}");
    command(&mut state, Command::Open, t0(), &mut id);
    let session = state.interview.session.as_ref().expect("session");
    assert_eq!(session.plan.len(), 8);
    assert_eq!(session.limit, std::time::Duration::from_secs(300));
}

#[test]
fn the_stats_screen_shows_the_score_trend_and_the_most_missed_items() {
    let mut state = finished(80, 30);
    let mut id = 0;
    command(&mut state, Command::GoStats, at(300), &mut id);
    let text = screen(&state);
    assert!(
        text.contains("Mock interviews: rubric score per session"),
        "{text}"
    );
    assert!(
        text.contains("last 64%, 1 session\n") || text.contains("last 64%, 1 session "),
        "{text}"
    );
    // enthusiasm was missed in the aloud answer and the closing one
    assert!(text.contains("Missed most often"), "{text}");
    assert!(text.contains("Enthusiasm 2/3"), "{text}");
    // no sessions: no trend
    let mut fresh = bundled_state(80, 30);
    command(&mut fresh, Command::GoStats, at(300), &mut id);
    assert!(!screen(&fresh).contains("Mock interviews"));
}

#[test]
fn while_answering_f_keys_switch_screens_and_the_tabs_say_so() {
    let mut id = 0;
    let mut state = bundled_state(80, 24);
    command(&mut state, Command::GoInterview, t0(), &mut id);
    assert!(screen(&state).contains("4 Stats 5 Interview"));
    command(&mut state, Command::Open, t0(), &mut id);
    let answering = screen(&state);
    assert!(answering.contains("F4 Stats F5 Interview"), "{answering}");
    // "1" is text here; F1 (resolved through the keymap) leaves for the reader
    type_text(&mut state, "1", at(1), &mut id);
    let f1 = Key::plain(KeyCode::F(1));
    let resolved = state.keymap.resolve(state.key_mode(), f1);
    assert_eq!(resolved, Some(Command::GoReader));
    command(&mut state, Command::GoReader, at(2), &mut id);
    assert_eq!(state.screen, studyguide::tui::state::Screen::Reader);
    command(&mut state, Command::GoInterview, at(3), &mut id);
    let back = screen(&state);
    assert!(
        back.contains("Question 1 of 3"),
        "the session goes on: {back}"
    );
    assert_eq!(
        state
            .interview
            .session
            .as_ref()
            .map(|s| s.editor.text().to_string()),
        Some("1".to_string())
    );
}

#[test]
fn quitting_on_the_feedback_keeps_the_ticks() {
    let mut id = 0;
    let mut state = started(80, 24, &mut id);
    answer(&mut state, "We did a thing.", 0, 20, &mut id);
    command(&mut state, Command::ToggleItem, at(25), &mut id);
    let ticked = state
        .interview
        .session
        .as_ref()
        .and_then(|s| s.answers.last())
        .map(|a| a.rating.clone())
        .expect("an answer");
    let effects = command(&mut state, Command::Quit, at(30), &mut id);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::RateInterviewAnswer { rating, .. } if *rating == ticked)),
        "{effects:?}"
    );
    assert!(matches!(effects.last(), Some(Effect::Quit)), "{effects:?}");
}

#[test]
fn esc_leaves_the_box_and_a_second_esc_ends_the_interview_keeping_the_text() {
    let mut id = 0;
    let mut state = started(80, 24, &mut id);
    type_text(&mut state, "Half an answer", at(5), &mut id);
    command(&mut state, Command::Cancel, at(6), &mut id);
    assert_eq!(state.interview.view, InterviewView::Question);
    assert_eq!(state.key_mode(), KeyMode::Interview, "out of the box");
    let typed = |state: &State| {
        state
            .interview
            .session
            .as_ref()
            .map(|s| s.editor.text().to_string())
    };
    assert_eq!(typed(&state).as_deref(), Some("Half an answer"));
    let message = state.message.clone().unwrap_or_default();
    assert!(
        message.contains("Enter goes back in · Esc again ends the interview (0 of 3 answered"),
        "{message}"
    );
    // Enter goes back in, where typing goes on
    command(&mut state, Command::Open, at(7), &mut id);
    assert_eq!(state.key_mode(), KeyMode::InterviewAnswer);
    type_text(&mut state, " more", at(7), &mut id);
    assert_eq!(typed(&state).as_deref(), Some("Half an answer more"));
    // Esc, then Esc again ends it; the text is kept as a draft
    let mut effects = command(&mut state, Command::Cancel, at(8), &mut id);
    effects.extend(command(&mut state, Command::Close, at(8), &mut id));
    assert_ne!(state.interview.view, InterviewView::Question);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SaveDraft(d)
            if d.text == "Half an answer more" && d.key.starts_with("interview:"))),
        "{effects:?}"
    );
    let message = state.message.clone().unwrap_or_default();
    assert!(message.contains("kept as a draft"), "{message}");
}
