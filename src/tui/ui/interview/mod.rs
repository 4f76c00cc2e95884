//! The mock interview screen (5): which view is drawn where. The set-up
//! choices are drawn by `setup`, a question (or a follow-up) with its
//! countdown and the answer box by `question`, the scorecard by
//! `scorecard`. The feedback on an answer is drawn by `interview_feedback`
//! with the self-rating row of `interview_rating` under it; the practice
//! brief by `interview_brief`; the history by `interview_history`.

mod question;
mod scorecard;
mod setup;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::Theme;
use crate::tui::state::State;
use crate::tui::state::interview::InterviewView;
use question::render_question;
use scorecard::render_scorecard;
use setup::render_setup;

/// The interview screen for the view on show (the set-up when no session
/// is running).
pub fn render_interview(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let session = state.interview.session.as_ref();
    let set = session.and_then(|s| state.library.interviews.get(s.set));
    match (state.interview.view, session, set) {
        (InterviewView::Question | InterviewView::FollowUp, Some(s), Some(set)) => {
            render_question(frame, area, state, s, set, theme)
        }
        (InterviewView::Brief, Some(s), Some(set)) => {
            super::interview_brief::render_brief(frame, area, state, s, set, theme)
        }
        (InterviewView::Feedback, Some(s), Some(set)) => {
            let [feedback, rating] =
                Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
            super::interview_feedback::render_feedback(frame, feedback, state, s, set, theme);
            super::interview_rating::render_rating(frame, rating, state, s, theme);
        }
        (InterviewView::Scorecard, Some(s), Some(set)) => {
            render_scorecard(frame, area, state, s, set, theme)
        }
        (InterviewView::History, _, _) => {
            super::interview_history::render_history(frame, area, state, theme)
        }
        (InterviewView::Attempts, _, _) => {
            super::interview_history::render_attempts(frame, area, state, theme)
        }
        _ => render_setup(frame, area, state, theme),
    }
}
