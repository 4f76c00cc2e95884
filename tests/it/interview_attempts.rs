//! Attempts per question on a `TestBackend`: a live session, a question
//! tried again from the history (practice: the brief first), follow-ups
//! answered with the attempt, the self-rating, and the comparison of the
//! attempts side by side at 40x12, 80x24 and 200x50 (nothing cut without
//! an ellipsis, no number cut). Missed points become cards that the drill
//! schedules from the self-rating; deleting one takes it out, undo puts it
//! back. The store's part is played by `act`, as the effect runner would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use chrono::{DateTime, Duration, Utc};
use studyguide::domain::interview::InterviewMode;
use studyguide::domain::schedule::{Grade, Phase};
use studyguide::tui::action::{Action, Command, Key, KeyCode};
use studyguide::tui::keymap::KeyMode;
use studyguide::tui::state::State;
use studyguide::tui::state::interview::InterviewView;
use studyguide::tui::ui::Theme;
use studyguide::tui::update::{Effect, update};

const STORY: &str = "Last year at my previous job our launch date moved up by two weeks. \
My goal was to ship on time. I decided to cut scope and I organised daily check-ins. As a \
result we shipped on time and support tickets fell by 30 percent.";

const SHORT: &str = "We had a hard project and we finished it.";

const BETTER: &str = "Last spring our biggest client asked for a report in half the time. \
I needed to deliver it in a week. I split the work, I asked two colleagues for help and I \
checked every number twice. As a result we delivered two days early and the client renewed \
for three years. I am excited about this role because your team does the same work.";

fn at(secs: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(secs)
}

/// Dispatches an action and answers effects as the effect runner would.
fn act(state: &mut State, action: Action, now: DateTime<Utc>, next: &mut i64) -> Vec<Effect> {
    let mut all = Vec::new();
    let mut pending = vec![action];
    while let Some(a) = pending.pop() {
        for effect in update(state, a, now) {
            match &effect {
                Effect::SaveInterviewAnswer { position, .. } => {
                    *next += 1;
                    pending.push(Action::InterviewAnswerSaved {
                        position: *position,
                        id: *next,
                    });
                }
                Effect::SaveMissedPoints { points, reviews } => {
                    let reviews = reviews
                        .iter()
                        .map(|r| {
                            *next += 1;
                            (*next, r.clone())
                        })
                        .collect();
                    pending.push(Action::MissedPointsSaved {
                        points: points.clone(),
                        reviews,
                    });
                }
                _ => {}
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

/// Types and submits an answer; follow-ups are answered with `follow_up`
/// (or skipped when it is empty). Returns every effect.
fn answer(state: &mut State, text: &str, follow_up: &str, now: i64, id: &mut i64) -> Vec<Effect> {
    type_text(state, text, at(now), id);
    let mut effects = command(state, Command::Submit, at(now + 60), id);
    while state.interview.view == InterviewView::FollowUp {
        type_text(state, follow_up, at(now + 61), id);
        let c = if follow_up.is_empty() {
            Command::Cancel
        } else {
            Command::Submit
        };
        effects.extend(command(state, c, at(now + 70), id));
    }
    assert_eq!(state.interview.view, InterviewView::Feedback);
    effects
}

/// A live session of three questions: a story, a short answer rated
/// "again", the closing question; then the history, the first question
/// compared, tried again with a better story rated "good".
fn tried_again(width: u16, height: u16) -> State {
    let mut id = 0;
    let mut state = bundled_state(width, height);
    command(&mut state, Command::GoInterview, t0(), &mut id);
    command(&mut state, Command::Open, t0(), &mut id);
    assert_eq!(state.interview.view, InterviewView::Question);
    answer(&mut state, STORY, "", 0, &mut id);
    command(&mut state, Command::Open, at(100), &mut id);
    answer(&mut state, SHORT, "", 100, &mut id);
    command(&mut state, Command::GradeAgain, at(200), &mut id);
    command(&mut state, Command::Open, at(200), &mut id);
    answer(&mut state, "What does success look like?", "", 200, &mut id);
    command(&mut state, Command::Open, at(300), &mut id);
    assert_eq!(state.interview.view, InterviewView::Scorecard);
    command(&mut state, Command::History, at(300), &mut id);
    assert_eq!(state.interview.view, InterviewView::History);
    // the story's question was answered first, so it is listed last
    command(&mut state, Command::Bottom, at(300), &mut id);
    command(&mut state, Command::Retry, at(300), &mut id);
    assert_eq!(state.interview.view, InterviewView::Brief);
    let brief = screen(&state);
    assert!(brief.contains("What a strong answer covers"), "{brief}");
    command(&mut state, Command::Open, at(310), &mut id);
    assert_eq!(state.interview.view, InterviewView::Question);
    answer(
        &mut state,
        BETTER,
        "By a third, in six weeks.",
        310,
        &mut id,
    );
    assert_eq!(state.key_mode(), KeyMode::InterviewFeedback);
    command(&mut state, Command::GradeGood, at(400), &mut id);
    command(&mut state, Command::Open, at(400), &mut id);
    assert_eq!(state.interview.view, InterviewView::Attempts);
    state
}

/// Every row of the screen with its last column, untrimmed.
fn rows(state: &State) -> Vec<String> {
    let terminal = draw_with(state, &Theme::color());
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// Nothing is cut without an ellipsis (the body's rows end in a blank or
/// `…`, never in the middle of a word at the edge) and no number is cut
/// (no digit runs into `…`).
fn assert_nothing_cut(state: &State) {
    let all = rows(state);
    // the tab bar and the status bar are drawn elsewhere
    for row in all.iter().skip(1).take(all.len().saturating_sub(2)) {
        let last = row.chars().last().unwrap_or(' ');
        assert!(
            last == ' ' || last == '…',
            "a row runs to the edge:\n{row:?}\n{}",
            screen(state)
        );
        let chars: Vec<char> = row.chars().collect();
        assert!(
            !chars
                .windows(2)
                .any(|w| w[0].is_ascii_digit() && w[1] == '…'),
            "a number is cut:\n{row:?}"
        );
    }
}

#[test]
fn the_attempts_of_a_question_are_compared_side_by_side_at_every_size() {
    let wide = screen(&tried_again(200, 50));
    for (w, h) in [(40, 12), (80, 24), (200, 50)] {
        let mut id = 0;
        let mut state = tried_again(w, h);
        let text = screen(&state);
        insta::assert_snapshot!(format!("attempts_{w}x{h}"), text);
        assert!(text.contains("#1") && text.contains("#2"), "{text}");
        assert_nothing_cut(&state);
        // every number shown narrow is one the wide screen shows whole
        for token in text
            .split_whitespace()
            .filter(|t| t.contains(char::is_numeric))
        {
            assert!(
                wide.contains(token),
                "{token:?} is not on the wide screen:\n{wide}"
            );
        }
        // page down reaches the rest (the changes, the cards, the answer)
        for _ in 0..12 {
            command(&mut state, Command::PageDown, at(500), &mut id);
            assert_nothing_cut(&state);
        }
        let bottom = screen(&state);
        assert!(
            bottom.contains("same") && bottom.contains("work."),
            "{bottom}"
        );
    }
    for row in [
        "Date",
        "Mode",
        "Time",
        "Words",
        "Points",
        "Self-rating",
        "Δ words",
        "Δ points",
    ] {
        assert!(wide.contains(row), "{row}:\n{wide}");
    }
    assert!(wide.contains("live") && wide.contains("practice"), "{wide}");
    assert!(wide.contains("3 good"), "{wide}");
    assert!(wide.contains("Cards from missed points"), "{wide}");
}

#[test]
fn a_retry_is_a_new_attempt_with_its_follow_ups_and_self_rating() {
    let state = tried_again(80, 24);
    let history = &state.interview.history;
    assert_eq!(history.len(), 2, "the live session and the retry");
    let live = &history[0];
    let retry = &history[1];
    assert_eq!(live.mode, InterviewMode::Live);
    assert_eq!(retry.mode, InterviewMode::Practice);
    assert_ne!(live.id, retry.id);
    assert_eq!(live.attempts.len(), 3);
    assert_eq!(retry.attempts.len(), 1);
    let first = &live.attempts[0];
    let again = &retry.attempts[0];
    assert_eq!(first.score.question, again.score.question);
    assert_ne!(first.id, again.id);
    assert_eq!(again.self_rating, Some(Grade::Good));
    assert_eq!(live.attempts[1].self_rating, Some(Grade::Again));
    if !again.follow_ups.is_empty() {
        assert_eq!(
            again.follow_ups[0].answer.as_deref(),
            Some("By a third, in six weeks.")
        );
    }
    // every attempt id is unique
    let mut ids: Vec<&str> = history
        .iter()
        .flat_map(|s| s.attempts.iter().map(|a| a.id.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 4);
}

#[test]
fn practice_shows_the_advice_first_and_retries_at_once() {
    let mut id = 0;
    let mut state = bundled_state(80, 24);
    command(&mut state, Command::GoInterview, t0(), &mut id);
    for _ in 0..3 {
        command(&mut state, Command::Down, t0(), &mut id);
    }
    command(&mut state, Command::NextOption, t0(), &mut id);
    assert!(screen(&state).contains("practice"));
    command(&mut state, Command::Open, t0(), &mut id);
    assert_eq!(state.interview.view, InterviewView::Brief);
    let brief = screen(&state);
    assert!(brief.contains("Talking points"), "{brief}");
    command(&mut state, Command::Open, at(5), &mut id);
    answer(&mut state, SHORT, "", 5, &mut id);
    let question = state.interview.session.as_ref().unwrap().plan[0].clone();
    let effects = command(&mut state, Command::Retry, at(80), &mut id);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::RateInterviewAnswer { .. })),
        "leaving the feedback stores the rating: {effects:?}"
    );
    assert_eq!(state.interview.view, InterviewView::Brief);
    let session = state.interview.session.as_ref().unwrap();
    assert_eq!(session.plan[session.current], question, "the same question");
    assert!(screen(&state).contains("try 2"));
    // a live session asks each question once
    let mut state = bundled_state(80, 24);
    command(&mut state, Command::GoInterview, t0(), &mut id);
    command(&mut state, Command::Open, t0(), &mut id);
    answer(&mut state, SHORT, "", 0, &mut id);
    command(&mut state, Command::Retry, at(70), &mut id);
    assert_eq!(state.interview.view, InterviewView::Feedback);
    assert!(
        state
            .message
            .as_deref()
            .is_some_and(|m| m.contains("from the history")),
        "{:?}",
        state.message
    );
}

#[test]
fn missed_points_are_cards_scheduled_from_the_self_rating() {
    let mut state = tried_again(80, 24);
    // the short answer was rated "again": its missed points' cards are
    // learning cards, due in a minute, in the deck of missed points
    let short = state.interview.history[0].attempts[1].clone();
    let missed: Vec<&str> = short.score.missed().collect();
    assert!(!missed.is_empty());
    for item in &missed {
        let card = studyguide::domain::interview::missed_card_id(
            "ch17-interview",
            &short.score.question,
            item,
        );
        let card_state = state.progress.state(&card);
        assert_eq!(card_state.phase, Phase::Learning, "{card}");
        assert!(
            card_state
                .due
                .is_some_and(|d| d <= at(200) + Duration::minutes(1))
        );
        let c = state.progress.card(&card).expect("a card");
        assert_eq!(&*c.deck, studyguide::domain::interview::MISSED_DECK_ID);
        assert!(c.front.contains(&short.score.prompt), "{}", c.front);
    }
    // the chooser counts them, and the counts add up to what is served
    let mut id = 0;
    command(&mut state, Command::GoDrill, at(500), &mut id);
    let at_row = state
        .drill
        .choices
        .iter()
        .position(|c| c.label == studyguide::domain::interview::MISSED_DECK_TITLE)
        .expect("the deck of missed points");
    let choice = state.drill.choices[at_row].clone();
    assert_eq!(choice.cards, state.interview.missed.len());
    assert!(
        choice.counts.learning as usize >= missed.len(),
        "{choice:?}"
    );
    let all = &state.drill.choices[0];
    assert!(all.counts.learning >= choice.counts.learning);
    // studying the deck serves exactly what it counts
    for _ in 0..at_row {
        command(&mut state, Command::Down, at(500), &mut id);
    }
    command(&mut state, Command::Open, at(500), &mut id);
    let served = state.drill.session.as_ref().map(|s| s.remaining);
    assert_eq!(served, Some(choice.counts.total() as usize));
}

#[test]
fn a_deleted_missed_point_leaves_the_drill_and_undo_brings_it_back() {
    let mut state = tried_again(80, 24);
    let mut id = 0;
    // the list: the question tried again, the closing one, the short
    // answer's (rated "again")
    command(&mut state, Command::Close, at(500), &mut id);
    command(&mut state, Command::Bottom, at(500), &mut id);
    command(&mut state, Command::Open, at(500), &mut id);
    assert_eq!(state.interview.view, InterviewView::Attempts);
    let open = state.interview.history_view.open.clone().unwrap();
    let card = state
        .interview
        .missed
        .iter()
        .find(|p| p.question == open.1)
        .map(|p| p.card_id.clone())
        .expect("a missed point");
    let cards = state.progress.cards.len();
    let effects = command(&mut state, Command::Delete, at(500), &mut id);
    assert!(
        matches!(effects.as_slice(), [Effect::DeleteMissedPoint { card_id, .. }] if *card_id == card),
        "{effects:?}"
    );
    assert!(state.progress.card(&card).is_none());
    assert_eq!(state.progress.cards.len(), cards - 1);
    let effects = command(&mut state, Command::Undo, at(501), &mut id);
    assert!(matches!(
        effects.as_slice(),
        [Effect::RestoreMissedPoint { .. }]
    ));
    assert!(state.progress.card(&card).is_some());
    // its schedule comes back with it (the answers stayed in the log)
    assert_ne!(state.progress.state(&card).phase, Phase::New);
}
