//! Transitions of the mock interview (screen 5): set-up, starting a session
//! (live or practice), the countdown (`Tick` with the time passed in),
//! and the scorecard. Submitting a typed answer or one given aloud, ticking
//! the rubric and moving on are in `answer`. What follows an answer
//! (follow-ups, self-rating, retry, missed points) is in `interview_flow`;
//! the history screens in `interview_history`. Answers are stored through
//! effects; nothing here reads a clock.

mod answer;

use chrono::{DateTime, Utc};

use crate::domain::interview::{
    Attempt, InterviewMode, SessionLength, SessionRecord, TIME_LIMIT_MINUTES, plan_session,
    time_limit,
};
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::interview::{InterviewView, MockSession, SetupField};
use crate::tui::state::interview_flow::MAX_HISTORY_SCROLL;
use crate::tui::update::Effect;
use answer::{feedback_command, submit};

/// Every update moves the countdown's clock on to `now`.
pub fn tick(state: &mut State, now: DateTime<Utc>) {
    if let Some(session) = &mut state.interview.session
        && now > session.clock
    {
        session.clock = now;
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
        InterviewView::Question => question_command(state, command, now),
        InterviewView::Brief => {
            brief_command(state, command, now);
            Vec::new()
        }
        InterviewView::FollowUp => match command {
            Command::Submit | Command::Cancel => {
                // what was typed joins the answer (stored), then its draft goes
                let key = super::drafts::interview_key(state);
                let skip = command == Command::Cancel;
                let mut effects = super::interview_flow::submit_follow_up(state, now, skip);
                if let Some(key) = key {
                    effects.extend(super::drafts::submitted(state, &key));
                }
                effects
            }
            _ => Vec::new(),
        },
        InterviewView::Feedback => feedback_command(state, command, now),
        InterviewView::Scorecard => {
            match command {
                Command::Open | Command::Close => {
                    state.interview.view = InterviewView::Setup;
                    state.interview.session = None;
                }
                Command::History => {
                    state.interview.session = None;
                    super::interview_history::open(state, now);
                }
                _ => {}
            }
            Vec::new()
        }
        InterviewView::History | InterviewView::Attempts => {
            super::interview_history::command(state, command, now)
        }
    }
}

/// Practice: the question and its advice before answering; `Enter` starts
/// the answer (and its countdown).
fn brief_command(state: &mut State, command: Command, now: DateTime<Utc>) {
    let page = usize::from(crate::tui::state::geometry::body_height(state.size.1) / 2).max(1);
    let Some(session) = state.interview.session.as_mut() else {
        state.interview.view = InterviewView::Setup;
        return;
    };
    match command {
        Command::Open => {
            session.question_started = now;
            session.clock = now;
            state.interview.view = InterviewView::Question;
        }
        Command::Down => session.brief_scroll = (session.brief_scroll + 1).min(MAX_HISTORY_SCROLL),
        Command::Up => session.brief_scroll = session.brief_scroll.saturating_sub(1),
        Command::PageDown => {
            session.brief_scroll = (session.brief_scroll + page).min(MAX_HISTORY_SCROLL)
        }
        Command::PageUp => session.brief_scroll = session.brief_scroll.saturating_sub(page),
        Command::Close => finish(state),
        _ => {}
    }
}

/// Commands while a question is asked: in the box, Enter submits and Esc
/// leaves the box (as in every box); out of it, Enter goes back in and Esc
/// ends the interview, as the message on leaving said.
fn question_command(state: &mut State, command: Command, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(session) = state.interview.session.as_mut() else {
        return Vec::new();
    };
    match (session.left_box, command) {
        (false, Command::Submit) => {
            // the answer is stored first, then its draft goes
            let key = super::drafts::interview_key(state);
            let mut effects = submit(state, now);
            if let Some(key) = key.filter(|_| !effects.is_empty()) {
                effects.extend(super::drafts::submitted(state, &key));
            }
            return effects;
        }
        (false, Command::Cancel) => {
            session.left_box = true;
            let answered = session.answers.len();
            let planned = session.plan.len();
            let back = state
                .keymap
                .label_for(KeyMode::Interview, Command::Open)
                .unwrap_or_default();
            let end = state
                .keymap
                .label_for(KeyMode::Interview, Command::Close)
                .unwrap_or_default();
            let kept = if session.editor.is_empty() {
                ""
            } else {
                "; your text is kept as a draft"
            };
            state.message = Some(format!(
                "Left the answer box: {back} goes back in · {end} again ends the interview \
                 ({answered} of {planned} answered{kept})"
            ));
        }
        (true, Command::Open | Command::Submit) => session.left_box = false,
        (true, Command::Close | Command::Cancel) => {
            let answered = session.answers.len();
            let kept = if session.editor.is_empty() {
                String::new()
            } else {
                " · the unsubmitted answer is kept as a draft for that question".to_string()
            };
            finish(state);
            state.message = Some(format!("Interview ended early: {answered} answered{kept}"));
        }
        _ => {}
    }
    Vec::new()
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
                SetupField::Mode => {
                    setup.mode = match setup.mode {
                        InterviewMode::Live => InterviewMode::Practice,
                        InterviewMode::Practice => InterviewMode::Live,
                    };
                }
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
        Command::History => super::interview_history::open(state, now),
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
        id: state.interview.ids.next_id(),
        mode: setup.mode,
        set: setup.set,
        started_at: now,
        limit,
        saved: Vec::new(),
        current: 0,
        question_started: now,
        clock: now,
        editor: crate::tui::state::interview::answer_editor(),
        left_box: false,
        draft_checked: None,
        answers: Vec::new(),
        attempts: Vec::new(),
        feedback: None,
        follow_up: None,
        brief_scroll: 0,
        from_history: false,
        plan,
    });
    state.interview.view = match setup.mode {
        InterviewMode::Live => InterviewView::Question,
        InterviewMode::Practice => InterviewView::Brief,
    };
}

/// On quitting: what leaving the feedback on screen stores (ticks,
/// self-rating, missed points), as `Esc` or `Enter` would.
pub(crate) fn rating_on_quit(state: &State, now: DateTime<Utc>) -> Vec<Effect> {
    match &state.interview.session {
        Some(session) if session.feedback.is_some() => {
            super::interview_flow::leave_effects(state, now)
        }
        _ => Vec::new(),
    }
}

/// The session as the history keeps it.
fn record(set: &str, session: &MockSession) -> SessionRecord {
    SessionRecord {
        id: session.id.clone(),
        set: set.to_string(),
        mode: session.mode,
        started_at: session.started_at,
        planned: session.plan.len(),
        limit: session.limit,
        attempts: session
            .answers
            .iter()
            .zip(&session.attempts)
            .map(|(score, info)| Attempt {
                id: info.id.clone(),
                session: session.id.clone(),
                mode: session.mode,
                answered_at: info.answered_at,
                score: score.clone(),
                follow_ups: info.follow_ups.clone(),
                self_rating: info.self_rating,
            })
            .collect(),
    }
}

/// Ends the session: the scorecard when something was answered (and the
/// session joins the history), the set-up screen otherwise. A question
/// tried again from the history ends back on its comparison.
fn finish(state: &mut State) {
    let interview = &mut state.interview;
    let Some(session) = &interview.session else {
        interview.view = InterviewView::Setup;
        return;
    };
    let from_history = session.from_history;
    if session.answers.is_empty() {
        interview.session = None;
        interview.view = if from_history {
            InterviewView::Attempts
        } else {
            InterviewView::Setup
        };
        return;
    }
    let Some(set) = state.library.interviews.get(session.set) else {
        return;
    };
    interview.history.push(record(&set.id, session));
    if from_history {
        interview.session = None;
        interview.history_view.scroll = 0;
        interview.view = InterviewView::Attempts;
        return;
    }
    interview.view = InterviewView::Scorecard;
}

/// Puts the missed points in place once the cards are loaded: their cards
/// join the drill like any other (start-up put them in the card list
/// already). The settings, past sessions and unique-id source are in the
/// state from start (`tui::startup::first_screen`).
pub fn restore_missed(state: &mut State, missed: Vec<crate::domain::interview::MissedPoint>) {
    state.interview.missed = missed;
    super::interview_flow::add_missed_cards(state);
}
