//! The mock interview's flow after an answer is submitted: the scripted
//! follow-ups its gaps trigger (answered in the answer box, kept with the
//! attempt), the self-rating (1-4) after the model advice, trying the
//! question again at once (practice), and leaving the feedback, which stores
//! the rubric ticks and the self-rating and makes each missed rubric item a
//! scheduled card (its first answer is the self-rating, when given).
//! Nothing here reads a clock or the disk: effects do the writing.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::domain::interview::{Feedback, FollowUpAnswer, InterviewMode, MissedPoint};
use crate::domain::schedule::{Grade, ReviewRecord};
use crate::tui::effect::Effect;
use crate::tui::state::State;
use crate::tui::state::interview::InterviewView;
use crate::tui::state::interview_flow::FollowUpStep;

/// The most scripted follow-ups asked after one answer (the coach may
/// name more; the rest show on the feedback under "They would ask next").
pub const MOST_FOLLOW_UPS: usize = 2;

/// The scripted follow-ups an answer triggers, each with why it is asked:
/// the ones the coach's gaps name (from the content's
/// `[[scripted_follow_ups]]`), in check order. An answer given aloud
/// (nothing to read) triggers none.
pub fn follow_ups_for(coach: Option<&Feedback>) -> Vec<(String, String)> {
    let Some(coach) = coach else {
        return Vec::new();
    };
    coach
        .follow_ups
        .iter()
        .take(MOST_FOLLOW_UPS)
        .map(|f| {
            let why = coach.check(f.because).map_or_else(String::new, |c| {
                format!("{}: {}", c.check.label(), c.summary)
            });
            (f.ask.clone(), why)
        })
        .collect()
}

/// After an answer was submitted: the first follow-up it triggers, or
/// straight to the feedback.
pub fn after_answer(state: &mut State, follow_ups: Vec<(String, String)>, now: DateTime<Utc>) {
    let Some(session) = state.interview.session.as_mut() else {
        return;
    };
    let mut pending = follow_ups.into_iter();
    match pending.next() {
        Some((prompt, why)) => {
            session.follow_up = Some(FollowUpStep {
                prompt,
                why,
                pending: pending.collect(),
                asked: 1,
                started: now,
            });
            session.editor = crate::tui::state::interview::answer_editor();
            session.left_box = false;
            state.interview.view = InterviewView::FollowUp;
        }
        None => state.interview.view = InterviewView::Feedback,
    }
}

/// `Enter` on a follow-up: its answer joins the attempt (stored at once),
/// then the next follow-up or the feedback. `skip_rest` (`Esc`) keeps what
/// was typed and goes to the feedback.
pub fn submit_follow_up(state: &mut State, now: DateTime<Utc>, skip_rest: bool) -> Vec<Effect> {
    let Some(session) = state.interview.session.as_mut() else {
        return Vec::new();
    };
    let Some(step) = session.follow_up.take() else {
        state.interview.view = InterviewView::Feedback;
        return Vec::new();
    };
    let text = session.editor.text().trim().to_string();
    session.editor = crate::tui::state::interview::answer_editor();
    let mut effects = Vec::new();
    // Esc on an empty box skips the follow-up without keeping anything.
    if !(skip_rest && text.is_empty())
        && let Some(info) = session.attempts.last_mut()
    {
        info.follow_ups.push(FollowUpAnswer {
            prompt: step.prompt.clone(),
            answer: (!text.is_empty()).then_some(text),
            time_taken: (now - step.started).to_std().unwrap_or(Duration::ZERO),
        });
        effects.push(Effect::SaveFollowUps {
            attempt: info.id.clone(),
            follow_ups: info.follow_ups.clone(),
        });
    }
    let mut pending = step.pending.into_iter();
    match pending.next().filter(|_| !skip_rest) {
        Some((prompt, why)) => {
            session.follow_up = Some(FollowUpStep {
                prompt,
                why,
                pending: pending.collect(),
                asked: step.asked + 1,
                started: now,
            });
        }
        None => state.interview.view = InterviewView::Feedback,
    }
    effects
}

/// `1`-`4` on the feedback: the self-rating of the answer on screen.
pub fn rate_self(state: &mut State, grade: Grade) {
    if let Some(info) = state
        .interview
        .session
        .as_mut()
        .and_then(|s| s.attempts.last_mut())
    {
        info.self_rating = Some(grade);
    }
}

/// What leaving the feedback of the last answer stores: its ticks and
/// self-rating, and (with `drill_missed` on) a card for each rubric item
/// it missed, answered with the self-rating when there is one.
pub fn leave_effects(state: &State, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(session) = state.interview.session.as_ref() else {
        return Vec::new();
    };
    let (Some(answer), Some(info)) = (session.answers.last(), session.attempts.last()) else {
        return Vec::new();
    };
    let mut effects = vec![Effect::RateInterviewAnswer {
        attempt: info.id.clone(),
        rating: answer.rating.clone(),
        self_rating: info.self_rating,
    }];
    if !state.interview.settings.drill_missed {
        return effects;
    }
    let Some(set) = state.library.interviews.get(session.set) else {
        return effects;
    };
    let Some(question) = set.question(&answer.question) else {
        return effects;
    };
    let points: Vec<MissedPoint> = answer
        .missed()
        .filter_map(|id| set.rubric_item(id))
        .map(|item| MissedPoint::new(set, question, item, &info.id, now))
        .collect();
    if points.is_empty() {
        return effects;
    }
    let today = state.progress.day(now);
    let reviews = info
        .self_rating
        .map(|grade| {
            points
                .iter()
                .map(|p| ReviewRecord {
                    card_id: p.card_id.as_str().into(),
                    at: now,
                    grade,
                    elapsed_ms: 0,
                    typed_answer: None,
                    day: today,
                })
                .collect()
        })
        .unwrap_or_default();
    effects.push(Effect::SaveMissedPoints { points, reviews });
    effects
}

/// Asks the question on screen again: a new attempt in the same session.
/// Practice shows the brief (the advice) first.
pub fn retry_now(state: &mut State, now: DateTime<Utc>) {
    let Some(session) = state.interview.session.as_mut() else {
        return;
    };
    session.feedback = None;
    session.follow_up = None;
    session.editor = crate::tui::state::interview::answer_editor();
    session.left_box = false;
    session.question_started = now;
    session.clock = now;
    session.brief_scroll = 0;
    state.interview.view = match session.mode {
        InterviewMode::Practice => InterviewView::Brief,
        InterviewMode::Live => InterviewView::Question,
    };
}

/// The store kept missed points and logged the self-rating's answers to
/// their cards: the cards join the drill (its queue, counts and `due`),
/// the answers move them on.
pub fn missed_points_saved(
    state: &mut State,
    points: Vec<MissedPoint>,
    reviews: Vec<(i64, ReviewRecord)>,
) {
    let cards = {
        let progress = &state.progress;
        crate::domain::missed_cards::missed_cards(
            &points,
            |id| progress.card(id).map(|c| &*c.back),
            true,
        )
    };
    for point in points {
        match state
            .interview
            .missed
            .iter()
            .position(|p| p.card_id == point.card_id)
        {
            Some(_) => {}
            None => state.interview.missed.push(point),
        }
    }
    state.interview.deleted.retain(|d| {
        !state
            .interview
            .missed
            .iter()
            .any(|p| p.card_id == d.point.card_id)
    });
    state.progress.add_cards(cards);
    for (id, review) in reviews {
        state.progress.record(id, review);
    }
    if let Some(session) = &mut state.drill.session {
        session.queue = None;
    }
}

/// The cards of stored missed points, with the texts of the loaded cards
/// that teach them (start-up).
pub fn add_missed_cards(state: &mut State) {
    let cards = {
        let progress = &state.progress;
        crate::domain::missed_cards::missed_cards(
            &state.interview.missed,
            |id| progress.card(id).map(|c| &*c.back),
            true,
        )
    };
    state.progress.add_cards(cards);
}
