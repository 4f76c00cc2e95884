//! Transitions of the mock interview (screen 5): set-up, starting a session,
//! the countdown (`Tick` with the time passed in), submitting a typed answer
//! or one given aloud, ticking the rubric, moving on, and the scorecard.
//! Answers are stored through effects; nothing here reads a clock.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::domain::interview::{
    AnswerScore, RubricRating, SessionLength, SessionScore, TIME_LIMIT_MINUTES, analyse_with,
    plan_session, suggest, time_limit,
};
use crate::domain::interview::{InterviewSession, InterviewSet};
use crate::tui::action::{Command, Key};
use crate::tui::state::State;
use crate::tui::state::interview::{
    Feedback, InterviewView, MAX_FEEDBACK_SCROLL, MAX_INTERVIEW_ANSWER, MockSession, SetupField,
};
use crate::tui::text_input::{apply_key, apply_paste};
use crate::tui::update::Effect;

/// Every update moves the countdown's clock on to `now`.
pub fn tick(state: &mut State, now: DateTime<Utc>) {
    if let Some(session) = &mut state.interview.session
        && now > session.clock
    {
        session.clock = now;
    }
}

pub fn key(state: &mut State, key: Key) {
    if let Some(session) = state
        .interview
        .session
        .as_mut()
        .filter(|_| state.interview.view == InterviewView::Question)
    {
        session.confirm_end = false;
        apply_key(&mut session.input, key, MAX_INTERVIEW_ANSWER);
    }
}

pub fn paste(state: &mut State, text: &str) {
    if let Some(session) = state
        .interview
        .session
        .as_mut()
        .filter(|_| state.interview.view == InterviewView::Question)
    {
        apply_paste(&mut session.input, text, MAX_INTERVIEW_ANSWER);
    }
}

/// The store kept the answer at `position`.
pub fn saved(state: &mut State, position: usize, id: i64) {
    if let Some(slot) = state
        .interview
        .session
        .as_mut()
        .and_then(|s| s.saved.get_mut(position))
    {
        *slot = Some(id);
    }
}

pub fn command(state: &mut State, command: Command, now: DateTime<Utc>) -> Vec<Effect> {
    match state.interview.view {
        InterviewView::Setup => {
            setup_command(state, command, now);
            Vec::new()
        }
        InterviewView::Question => match command {
            Command::Submit => submit(state, now),
            Command::Cancel => {
                let typed = state
                    .interview
                    .session
                    .as_mut()
                    .filter(|s| !s.input.value().trim().is_empty() && !s.confirm_end);
                if let Some(session) = typed {
                    session.confirm_end = true;
                    state.message = Some(
                        "Esc again ends the session and drops this answer; Enter submits it".into(),
                    );
                    return Vec::new();
                }
                finish(state);
                Vec::new()
            }
            _ => Vec::new(),
        },
        InterviewView::Feedback => feedback_command(state, command, now),
        InterviewView::Scorecard => {
            if matches!(command, Command::Open | Command::Close) {
                state.interview.view = InterviewView::Setup;
                state.interview.session = None;
            }
            Vec::new()
        }
    }
}

fn setup_command(state: &mut State, command: Command, now: DateTime<Utc>) {
    let sets = state.library.interviews.len();
    let setup = &mut state.interview.setup;
    let at = SetupField::ALL
        .iter()
        .position(|f| *f == setup.field)
        .unwrap_or(0);
    match command {
        Command::Down => setup.field = SetupField::ALL[(at + 1).min(SetupField::ALL.len() - 1)],
        Command::Up => setup.field = SetupField::ALL[at.saturating_sub(1)],
        Command::PrevOption | Command::NextOption => {
            let forward = command == Command::NextOption;
            match setup.field {
                SetupField::Set if sets > 0 => {
                    setup.set = if forward {
                        (setup.set + 1) % sets
                    } else {
                        (setup.set + sets - 1) % sets
                    };
                }
                SetupField::Set => {}
                SetupField::Length => {
                    let all = SessionLength::ALL;
                    let i = all.iter().position(|l| *l == setup.length).unwrap_or(0);
                    let i = if forward {
                        (i + 1).min(all.len() - 1)
                    } else {
                        i.saturating_sub(1)
                    };
                    setup.length = all[i];
                }
                SetupField::Minutes => {
                    let m = if forward {
                        setup.minutes + 1
                    } else {
                        setup.minutes.saturating_sub(1)
                    };
                    setup.minutes = m.clamp(*TIME_LIMIT_MINUTES.start(), *TIME_LIMIT_MINUTES.end());
                }
            }
        }
        Command::Open => start(state, now),
        Command::Close => state.screen = crate::tui::state::Screen::Reader,
        _ => {}
    }
}

fn start(state: &mut State, now: DateTime<Utc>) {
    let setup = state.interview.setup.clone();
    let Some(set) = state.library.interviews.get(setup.set) else {
        state.message = Some("No interview sets are loaded: see content/README.md".into());
        return;
    };
    let seed = u64::try_from(now.timestamp_millis()).unwrap_or(0);
    let plan = plan_session(set, setup.length, seed);
    if plan.is_empty() {
        state.message = Some(format!(
            "The set {} has no closing question; add one with `closing = true`",
            crate::domain::content::sanitize::escape_controls(&set.id)
        ));
        return;
    }
    let limit = time_limit(setup.minutes).unwrap_or(crate::domain::interview::DEFAULT_TIME_LIMIT);
    state.interview.session = Some(MockSession {
        set: setup.set,
        started_at: now,
        limit,
        saved: Vec::new(),
        current: 0,
        question_started: now,
        clock: now,
        input: Default::default(),
        answers: Vec::new(),
        feedback: None,
        confirm_end: false,
        plan,
    });
    state.interview.view = InterviewView::Question;
}

fn submit(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(session) = state.interview.session.as_mut() else {
        return Vec::new();
    };
    let Some(set) = state.library.interviews.get(session.set) else {
        return Vec::new();
    };
    let Some(question) = session
        .plan
        .get(session.current)
        .and_then(|id| set.question(id))
    else {
        return Vec::new();
    };
    let text = session.input.value().trim().to_string();
    let typed = (!text.is_empty()).then_some(text);
    // Typing is slower than speaking: a typed answer is read against a
    // shorter lower bound (see `Target::for_typed`).
    let mut question = question.clone();
    if typed.is_some() {
        question.target = question.target.for_typed();
    }
    let signals = typed
        .as_deref()
        .map(|a| analyse_with(a, &set.cues, question.target));
    let items = set.rubric_for(&question);
    let suggestions = signals
        .as_ref()
        .map(|s| suggest(&items, s))
        .unwrap_or_default();
    let time_taken = (now - session.question_started)
        .to_std()
        .unwrap_or(Duration::ZERO);
    let answer = AnswerScore::new(
        set,
        &question,
        typed.as_deref(),
        time_taken,
        session.limit,
        RubricRating::from_suggestions(&suggestions),
    );
    let position = session.answers.len();
    let key = InterviewSession {
        set: set.id.clone(),
        started_at: session.started_at,
        planned: session.plan.len(),
        limit: session.limit,
    };
    session.feedback = Some(Feedback {
        signals,
        suggestions,
        items: items.iter().map(|i| i.id.clone()).collect(),
        selected: 0,
        scroll: 0,
    });
    session.answers.push(answer.clone());
    session.saved.push(None);
    session.clock = now;
    state.interview.view = InterviewView::Feedback;
    vec![Effect::SaveInterviewAnswer {
        session: key,
        position,
        answer: Box::new(answer),
        at: now,
    }]
}

fn feedback_command(state: &mut State, command: Command, now: DateTime<Utc>) -> Vec<Effect> {
    let page = usize::from(crate::tui::state::geometry::body_height(state.size.1) / 2).max(1);
    let Some(session) = state.interview.session.as_mut() else {
        return Vec::new();
    };
    let Some(feedback) = session.feedback.as_mut() else {
        return Vec::new();
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
        Command::Open => {
            let effects = rating_effect(session);
            session.feedback = None;
            session.current += 1;
            if session.current >= session.plan.len() {
                finish(state);
            } else {
                session.question_started = now;
                session.clock = now;
                session.input = Default::default();
                state.interview.view = InterviewView::Question;
            }
            return effects;
        }
        Command::Close => {
            let effects = rating_effect(session);
            session.feedback = None;
            finish(state);
            return effects;
        }
        _ => {}
    }
    Vec::new()
}

/// On quitting: the rating of an answer whose feedback is on screen, so
/// ticks made there are kept as `Esc` or `Enter` would keep them.
pub(crate) fn rating_on_quit(state: &State) -> Vec<Effect> {
    match &state.interview.session {
        Some(session) if session.feedback.is_some() => rating_effect(session),
        _ => Vec::new(),
    }
}

/// Saves the rating of the last answer, once the store has its id.
fn rating_effect(session: &MockSession) -> Vec<Effect> {
    match (session.saved.last(), session.answers.last()) {
        (Some(Some(id)), Some(answer)) => vec![Effect::RateInterviewAnswer {
            id: *id,
            rating: answer.rating.clone(),
        }],
        _ => Vec::new(),
    }
}

/// Ends the session: the scorecard when something was answered (and the
/// session joins the history), the set-up screen otherwise.
fn finish(state: &mut State) {
    let interview = &mut state.interview;
    let Some(session) = &interview.session else {
        interview.view = InterviewView::Setup;
        return;
    };
    if session.answers.is_empty() {
        interview.session = None;
        interview.view = InterviewView::Setup;
        return;
    }
    let Some(set) = state.library.interviews.get(session.set) else {
        return;
    };
    interview.history.push(SessionScore {
        set: set.id.clone(),
        started_at: session.started_at,
        answers: session.answers.clone(),
    });
    if interview.settings.drill_missed {
        let mut ids = Vec::new();
        add_missed_cards(set, &session.answers, &mut ids);
        for card in drill_cards(&state.progress, &ids) {
            if !interview.missed_cards.contains(&card) {
                interview.missed_cards.push(card);
            }
        }
        state.drill.interview_missed = interview.missed_cards.clone();
    }
    interview.view = InterviewView::Scorecard;
}

/// Adds the cards of the rubric items `answers` missed to `cards`, once each.
fn add_missed_cards(set: &InterviewSet, answers: &[AnswerScore], cards: &mut Vec<String>) {
    for answer in answers {
        for item in answer.missed() {
            let card = set.rubric_item(item).and_then(|r| r.card.clone());
            if let Some(card) = card
                && !cards.contains(&card)
            {
                cards.push(card);
            }
        }
    }
}

/// The drill's card ids for content ids: the card itself, or each gap of a
/// cloze card (`ID::c1`, `ID::c2`, ...). Ids no loaded card has are dropped.
fn drill_cards(progress: &crate::domain::progress::Progress, ids: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        let gap = format!("{id}::c");
        for card in progress
            .cards
            .iter()
            .filter(|c| c.id == *id || c.id.starts_with(&gap))
        {
            if !out.iter().any(|o| card.id == *o) {
                out.push(card.id.to_string());
            }
        }
    }
    out
}

/// Offers the cards of rubric items missed in today's sessions in the
/// drill (when `drill_missed` is on), once the cards are loaded. The
/// settings and past sessions are in place from start.
pub fn restore_missed_cards(state: &mut State, now: DateTime<Utc>) {
    let today = state.progress.day(now);
    let mut missed = Vec::new();
    if state.interview.settings.drill_missed {
        for session in state
            .interview
            .history
            .iter()
            .filter(|s| state.progress.day(s.started_at) == today)
        {
            if let Some(set) = state
                .library
                .interviews
                .iter()
                .find(|x| x.id == session.set)
            {
                add_missed_cards(set, &session.answers, &mut missed);
            }
        }
    }
    let missed = drill_cards(&state.progress, &missed);
    state.interview.missed_cards = missed.clone();
    state.drill.interview_missed = missed;
}
