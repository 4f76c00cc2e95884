//! An answer submitted and its feedback: the answer read and scored (the
//! coach's checks, the ticks the signals suggest) and stored by an effect,
//! then the feedback's keys (self-rating, retry, the checklist) and moving
//! on to the next question or the scorecard.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::finish;
use crate::domain::interview::{
    AnswerScore, InterviewMode, InterviewSession, InterviewSet, Question, RubricRating, Timing,
    feedback, suggest,
};
use crate::domain::schedule::Grade;
use crate::tui::action::Command;
use crate::tui::state::State;
use crate::tui::state::interview::{Feedback, InterviewView, MAX_FEEDBACK_SCROLL};
use crate::tui::state::interview_flow::AttemptInfo;
use crate::tui::update::Effect;

/// Submits the answer in the box (empty: given aloud): it is read and
/// scored, shown with its feedback, and stored by the effect returned.
pub(super) fn submit(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    let attempt = state.interview.ids.next_id();
    let Some(session) = state.interview.session.as_mut() else {
        return Vec::new();
    };
    let Some(set) = state.library.interviews.get(session.set) else {
        return Vec::new();
    };
    let Some(question) = session.current_question(set) else {
        return Vec::new();
    };
    let text = session.editor.text().trim().to_string();
    let typed = (!text.is_empty()).then_some(text);
    let time_taken = (now - session.question_started)
        .to_std()
        .unwrap_or(Duration::ZERO);
    let (shown, answer) = read_answer(set, question, typed.as_deref(), time_taken, session.limit);
    let follow_ups = crate::tui::update::interview_flow::follow_ups_for(shown.coach.as_ref());
    let position = session.answers.len();
    let key = InterviewSession {
        id: session.id.clone(),
        set: set.id.clone(),
        mode: session.mode,
        started_at: session.started_at,
        planned: session.plan.len(),
        limit: session.limit,
    };
    session.feedback = Some(shown);
    session.answers.push(answer.clone());
    session.attempts.push(AttemptInfo {
        id: attempt.clone(),
        answered_at: now,
        follow_ups: Vec::new(),
        self_rating: None,
    });
    session.saved.push(None);
    session.clock = now;
    crate::tui::update::interview_flow::after_answer(state, follow_ups, now);
    vec![Effect::SaveInterviewAnswer {
        session: key,
        position,
        attempt,
        answer: Box::new(answer),
        at: now,
    }]
}

/// An answer read against its question: the feedback to show (the coach's
/// checks for a typed answer, the ticks the signals suggest) and the
/// scorecard line, ticked as suggested.
fn read_answer(
    set: &InterviewSet,
    question: &Question,
    typed: Option<&str>,
    time_taken: Duration,
    limit: Duration,
) -> (Feedback, AnswerScore) {
    // Typing is slower than speaking: a typed answer is read against a
    // shorter lower bound, and no target reaches past the time limit.
    let coach = typed.map(|a| {
        feedback(
            set,
            question,
            a,
            Timing {
                typed: true,
                taken: time_taken,
                limit,
            },
        )
    });
    let items = set.rubric_for(question);
    let suggestions = coach
        .as_ref()
        .map(|c| suggest(&items, &c.signals))
        .unwrap_or_default();
    let answer = AnswerScore::new(
        set,
        question,
        typed,
        time_taken,
        limit,
        RubricRating::from_suggestions(&suggestions),
    );
    let shown = Feedback {
        coach,
        suggestions,
        items: items.iter().map(|i| i.id.clone()).collect(),
        selected: 0,
        scroll: 0,
    };
    (shown, answer)
}

/// A key on the feedback: a self-rating, a retry, moving on (the next
/// question or the scorecard) or ending, or moving in the checklist. Moving
/// on and ending store what the feedback holds.
pub(super) fn feedback_command(
    state: &mut State,
    command: Command,
    now: DateTime<Utc>,
) -> Vec<Effect> {
    let grade = match command {
        Command::GradeAgain => Some(Grade::Again),
        Command::GradeHard => Some(Grade::Hard),
        Command::GradeGood => Some(Grade::Good),
        Command::GradeEasy => Some(Grade::Easy),
        _ => None,
    };
    if let Some(grade) = grade {
        crate::tui::update::interview_flow::rate_self(state, grade);
        return Vec::new();
    }
    let shown = state
        .interview
        .session
        .as_ref()
        .is_some_and(|s| s.feedback.is_some());
    match command {
        Command::Retry => retry_from_feedback(state, now),
        _ if !shown => Vec::new(),
        Command::Open => {
            let leaving = crate::tui::update::interview_flow::leave_effects(state, now);
            next_question(state, now);
            leaving
        }
        Command::Close => {
            let leaving = crate::tui::update::interview_flow::leave_effects(state, now);
            if let Some(session) = state.interview.session.as_mut() {
                session.feedback = None;
            }
            finish(state);
            leaving
        }
        _ => {
            checklist_command(state, command);
            Vec::new()
        }
    }
}

/// Retry from the feedback: the question again now (in practice), storing
/// what the feedback holds; a live session says where to retry instead.
fn retry_from_feedback(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    let retry = state
        .interview
        .session
        .as_ref()
        .is_some_and(crate::tui::state::interview::can_retry_now);
    if !retry {
        let history = state
            .keymap
            .label_for(crate::tui::keymap::KeyMode::Interview, Command::History)
            .unwrap_or_default();
        state.message = Some(format!(
            "A live session asks each question once: try it again from the history ({history}) afterwards, or practise it"
        ));
        return Vec::new();
    }
    let leaving = crate::tui::update::interview_flow::leave_effects(state, now);
    crate::tui::update::interview_flow::retry_now(state, now);
    leaving
}

/// From the feedback to the next question (its brief first, in practice),
/// or to the scorecard after the last.
fn next_question(state: &mut State, now: DateTime<Utc>) {
    let Some(session) = state.interview.session.as_mut() else {
        return;
    };
    session.feedback = None;
    session.current += 1;
    if session.current >= session.plan.len() {
        finish(state);
        return;
    }
    session.question_started = now;
    session.clock = now;
    session.editor = crate::tui::state::interview::answer_editor();
    session.left_box = false;
    session.brief_scroll = 0;
    state.interview.view = match session.mode {
        InterviewMode::Live => InterviewView::Question,
        InterviewMode::Practice => InterviewView::Brief,
    };
}

/// The checklist's keys: move the cursor, tick or untick its item, and
/// scroll by half a screen.
fn checklist_command(state: &mut State, command: Command) {
    let page = usize::from(crate::tui::state::geometry::body_height(state.size.1) / 2).max(1);
    let Some(session) = state.interview.session.as_mut() else {
        return;
    };
    let Some(feedback) = session.feedback.as_mut() else {
        return;
    };
    match command {
        Command::Down => {
            feedback.selected = (feedback.selected + 1).min(feedback.items.len().saturating_sub(1))
        }
        Command::Up => feedback.selected = feedback.selected.saturating_sub(1),
        Command::PageDown => {
            feedback.scroll = (feedback.scroll + page).min(MAX_FEEDBACK_SCROLL);
        }
        Command::PageUp => feedback.scroll = feedback.scroll.saturating_sub(page),
        Command::ToggleItem => {
            if let (Some(item), Some(answer)) = (
                feedback.items.get(feedback.selected),
                session.answers.last_mut(),
            ) {
                answer.rating.toggle(item);
            }
        }
        _ => {}
    }
}
