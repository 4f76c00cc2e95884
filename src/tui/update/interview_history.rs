//! Transitions of the mock interview's history: the list of questions
//! answered, one question's attempts compared, trying a question again
//! (a one-question practice session that ends back on the comparison), and
//! deleting or bringing back the card of a missed point.

use chrono::{DateTime, Utc};

use crate::domain::interview::missed_point::question_points;
use crate::domain::interview::{InterviewMode, by_question};
use crate::tui::action::Command;
use crate::tui::effect::Effect;
use crate::tui::state::State;
use crate::tui::state::interview::{InterviewView, MockSession};
use crate::tui::state::interview_flow::{DeletedPoint, HistoryView, MAX_HISTORY_SCROLL};

/// Opens the list of questions answered.
pub fn open(state: &mut State, now: DateTime<Utc>) {
    let count = by_question(&state.interview.history).len();
    let view = &mut state.interview.history_view;
    view.selected = view.selected.min(count.saturating_sub(1));
    view.open = None;
    view.now = Some(now);
    state.interview.view = InterviewView::History;
}

pub fn command(state: &mut State, command: Command, now: DateTime<Utc>) -> Vec<Effect> {
    state.interview.history_view.now = Some(now);
    match state.interview.view {
        InterviewView::History => list_command(state, command, now),
        InterviewView::Attempts => attempts_command(state, command, now),
        _ => Vec::new(),
    }
}

fn list_command(state: &mut State, command: Command, now: DateTime<Utc>) -> Vec<Effect> {
    let questions: Vec<(String, String)> = by_question(&state.interview.history)
        .iter()
        .map(|q| (q.set.to_string(), q.question.to_string()))
        .collect();
    let view = &mut state.interview.history_view;
    match command {
        Command::Down => view.selected = (view.selected + 1).min(questions.len().saturating_sub(1)),
        Command::Up => view.selected = view.selected.saturating_sub(1),
        Command::Top => view.selected = 0,
        Command::Bottom => view.selected = questions.len().saturating_sub(1),
        Command::Open => {
            if let Some(q) = questions.get(view.selected) {
                *view = HistoryView {
                    selected: view.selected,
                    open: Some(q.clone()),
                    card: 0,
                    scroll: 0,
                    now: Some(now),
                };
                state.interview.view = InterviewView::Attempts;
            }
        }
        Command::Retry => {
            if let Some((set, question)) = questions.get(view.selected).cloned() {
                retry(state, &set, &question, now);
            }
        }
        Command::Close | Command::History => state.interview.view = InterviewView::Setup,
        _ => {}
    }
    Vec::new()
}

fn attempts_command(state: &mut State, command: Command, now: DateTime<Utc>) -> Vec<Effect> {
    let Some((set, question)) = state.interview.history_view.open.clone() else {
        state.interview.view = InterviewView::History;
        return Vec::new();
    };
    let cards = question_points(&state.interview.missed, &set, &question).len();
    let page = usize::from(crate::tui::state::geometry::body_height(state.size.1) / 2).max(1);
    let view = &mut state.interview.history_view;
    match command {
        Command::Down => view.card = (view.card + 1).min(cards.saturating_sub(1)),
        Command::Up => view.card = view.card.saturating_sub(1),
        Command::PageDown => view.scroll = (view.scroll + page).min(MAX_HISTORY_SCROLL),
        Command::PageUp => view.scroll = view.scroll.saturating_sub(page),
        Command::Top => view.scroll = 0,
        Command::Retry => retry(state, &set, &question, now),
        Command::Delete => return delete_card(state, &set, &question, now),
        Command::Undo => return undo_delete(state),
        Command::Close => {
            view.open = None;
            state.interview.view = InterviewView::History;
        }
        _ => {}
    }
    Vec::new()
}

/// Starts a one-question practice session on `question` of `set`.
fn retry(state: &mut State, set: &str, question: &str, now: DateTime<Utc>) {
    let Some(index) = state.library.interviews.iter().position(|s| s.id == set) else {
        state.message = Some(format!(
            "The interview set {} is not loaded: its questions cannot be asked again",
            crate::domain::content::sanitize::escape_controls(set)
        ));
        return;
    };
    if state
        .library
        .interviews
        .get(index)
        .and_then(|s| s.question(question))
        .is_none()
    {
        state.message = Some(format!(
            "The question {} is no longer in the set",
            crate::domain::content::sanitize::escape_controls(question)
        ));
        return;
    }
    let limit = crate::domain::interview::time_limit(state.interview.setup.minutes)
        .unwrap_or(crate::domain::interview::DEFAULT_TIME_LIMIT);
    state.interview.session = Some(MockSession {
        id: state.interview.ids.next_id(),
        mode: InterviewMode::Practice,
        set: index,
        started_at: now,
        limit,
        plan: vec![question.to_string()],
        current: 0,
        question_started: now,
        clock: now,
        editor: crate::tui::state::interview::answer_editor(),
        left_box: false,
        draft_checked: None,
        answers: Vec::new(),
        attempts: Vec::new(),
        saved: Vec::new(),
        feedback: None,
        follow_up: None,
        brief_scroll: 0,
        from_history: true,
    });
    state.interview.history_view.open = Some((set.to_string(), question.to_string()));
    state.interview.view = InterviewView::Brief;
}

fn delete_card(state: &mut State, set: &str, question: &str, now: DateTime<Utc>) -> Vec<Effect> {
    let selected = state.interview.history_view.card;
    let Some(card_id) = question_points(&state.interview.missed, set, question)
        .get(selected)
        .map(|p| p.card_id.clone())
    else {
        state.message = Some("No card from a missed point to delete here".into());
        return Vec::new();
    };
    let Some(at) = state
        .interview
        .missed
        .iter()
        .position(|p| p.card_id == card_id)
    else {
        return Vec::new();
    };
    let point = state.interview.missed.remove(at);
    state.progress.remove_card(&card_id);
    if let Some(session) = &mut state.drill.session {
        session.queue = None;
    }
    let left = question_points(&state.interview.missed, set, question).len();
    let view = &mut state.interview.history_view;
    view.card = view.card.min(left.saturating_sub(1));
    let undo = state
        .keymap
        .label_for(crate::tui::keymap::KeyMode::Interview, Command::Undo)
        .unwrap_or_default();
    state.message = Some(format!(
        "Deleted the card \"{}\" ({undo} brings it back)",
        crate::domain::content::sanitize::escape_controls(&point.label)
    ));
    state.interview.deleted.push(DeletedPoint { point });
    vec![Effect::DeleteMissedPoint { card_id, at: now }]
}

fn undo_delete(state: &mut State) -> Vec<Effect> {
    let Some(DeletedPoint { point }) = state.interview.deleted.pop() else {
        state.message = Some("Nothing to undo".into());
        return Vec::new();
    };
    let card_id = point.card_id.clone();
    let label = point.label.clone();
    state.interview.missed.push(point);
    state
        .interview
        .missed
        .sort_by(|a, b| (a.created_at, &a.card_id).cmp(&(b.created_at, &b.card_id)));
    super::interview_flow::add_missed_cards(state);
    if let Some(session) = &mut state.drill.session {
        session.queue = None;
    }
    state.message = Some(format!(
        "The card \"{}\" is back",
        crate::domain::content::sanitize::escape_controls(&label)
    ));
    vec![Effect::RestoreMissedPoint { card_id }]
}
