//! The mock interview's data (screen 5): the set-up choices, the session
//! under way (plan, countdown start, the answer box, the answers given), the
//! feedback on the last answer and the past sessions for the stats trend.
//! Transitions live in `tui::update::interview`.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::domain::interview::{
    Countdown, DEFAULT_TIME_LIMIT, IdSource, InterviewMode, MissedPoint, SessionLength,
    SessionRecord, Suggestion, remaining,
};
use crate::tui::state::interview_flow::{AttemptInfo, DeletedPoint, FollowUpStep, HistoryView};

/// The longest typed interview answer kept, in characters.
pub const MAX_INTERVIEW_ANSWER: usize = 6000;

/// An empty interview answer box.
pub fn answer_editor() -> crate::tui::editor::Editor {
    crate::tui::editor::Editor::new(MAX_INTERVIEW_ANSWER)
}

/// What the screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InterviewView {
    /// Choosing a set, a mode, a length and a time per answer.
    #[default]
    Setup,
    /// Practice: the question with its model advice and talking points,
    /// before answering.
    Brief,
    /// A question with its countdown and the answer box.
    Question,
    /// A scripted follow-up to the answer, in the answer box.
    FollowUp,
    /// Signals, the rubric checklist and the model advice for the last answer.
    Feedback,
    /// The session's scorecard.
    Scorecard,
    /// Every question answered so far, with its attempts.
    History,
    /// One question's attempts side by side, and its missed-point cards.
    Attempts,
}

/// The rows of the set-up screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SetupField {
    #[default]
    Set,
    Length,
    Minutes,
    Mode,
}

impl SetupField {
    pub const ALL: [SetupField; 4] = [
        SetupField::Set,
        SetupField::Length,
        SetupField::Minutes,
        SetupField::Mode,
    ];
}

/// The `[interview]` settings of the config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InterviewSettings {
    /// Time per answer, 1 to 5 minutes.
    pub minutes: u64,
    /// Make a scheduled card of each rubric item an answer missed.
    pub drill_missed: bool,
}

impl Default for InterviewSettings {
    fn default() -> Self {
        InterviewSettings {
            minutes: DEFAULT_TIME_LIMIT.as_secs() / 60,
            drill_missed: true,
        }
    }
}

/// The choices made on the set-up screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    pub field: SetupField,
    /// Index into `Library::interviews`.
    pub set: usize,
    pub mode: InterviewMode,
    pub length: SessionLength,
    pub minutes: u64,
}

/// The feedback on one answer, shown until the user moves on.
#[derive(Clone, Debug, PartialEq)]
pub struct Feedback {
    /// The coach's feedback (checks with evidence, talking points,
    /// follow-ups); `None` for an answer given aloud.
    pub coach: Option<crate::domain::interview::Feedback>,
    /// What the signals say about each rubric item with a signal.
    pub suggestions: Vec<Suggestion>,
    /// The rubric items this question is rated against, in order.
    pub items: Vec<String>,
    /// The checklist row under the cursor.
    pub selected: usize,
    /// Rows scrolled down (the side pane when wide, the whole feedback on a
    /// narrow screen); the renderer stops at the end.
    pub scroll: usize,
}

/// The most rows the feedback scrolls, well past any real feedback.
pub const MAX_FEEDBACK_SCROLL: usize = 200;

/// A session under way (or just finished, for the scorecard).
#[derive(Clone, Debug)]
pub struct MockSession {
    /// Stable and unique (a UUID).
    pub id: String,
    pub mode: InterviewMode,
    /// Index into `Library::interviews`.
    pub set: usize,
    pub started_at: DateTime<Utc>,
    pub limit: Duration,
    /// Question ids in order; the last is the closing question.
    pub plan: Vec<String>,
    /// Index into `plan` of the question on screen.
    pub current: usize,
    pub question_started: DateTime<Utc>,
    /// The time of the last update, for the countdown on screen.
    pub clock: DateTime<Utc>,
    /// The answer box.
    pub editor: crate::tui::editor::Editor,
    /// The box was left with `Esc` (the question stays; Enter goes back in,
    /// Esc again ends the interview).
    pub left_box: bool,
    /// The question whose kept draft was last looked for (its draft key).
    pub draft_checked: Option<String>,
    /// The answers given, in order; each is stored when submitted.
    pub answers: Vec<crate::domain::interview::AnswerScore>,
    /// What each answer carries besides its scorecard line, one for one.
    pub attempts: Vec<AttemptInfo>,
    /// The store's id of each answer, once it confirmed.
    pub saved: Vec<Option<i64>>,
    /// The scripted follow-up being asked, in `InterviewView::FollowUp`.
    pub follow_up: Option<FollowUpStep>,
    /// Rows of the practice brief scrolled.
    pub brief_scroll: usize,
    /// Started from the history to try one question again: ends on that
    /// question's comparison instead of a scorecard.
    pub from_history: bool,
    pub feedback: Option<Feedback>,
}

impl MockSession {
    /// The countdown of the question on screen, at the last update.
    pub fn countdown(&self) -> Countdown {
        remaining(self.question_started, self.clock, self.limit)
    }

    /// The question being asked, from the session's `set`.
    pub fn current_question<'a>(
        &self,
        set: &'a crate::domain::interview::InterviewSet,
    ) -> Option<&'a crate::domain::interview::Question> {
        self.plan.get(self.current).and_then(|id| set.question(id))
    }
}

#[derive(Clone, Debug, Default)]
pub struct InterviewState {
    pub view: InterviewView,
    pub setup: Setup,
    pub settings: InterviewSettings,
    pub session: Option<MockSession>,
    /// Past sessions, oldest first (read from the store at start, then
    /// added to as sessions finish), for the history and the stats trend.
    pub history: Vec<SessionRecord>,
    /// Missed talking points with a card (stored, not deleted), oldest first.
    pub missed: Vec<MissedPoint>,
    /// Missed points deleted on the comparison, newest last, for undo.
    pub deleted: Vec<DeletedPoint>,
    pub history_view: HistoryView,
    /// Makes the unique ids of sessions and attempts.
    pub ids: IdSource,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            field: SetupField::Set,
            set: 0,
            mode: InterviewMode::Live,
            length: SessionLength::Three,
            minutes: InterviewSettings::default().minutes,
        }
    }
}

impl InterviewState {
    /// A state with the configured settings and past sessions.
    pub fn new(settings: InterviewSettings, history: Vec<SessionRecord>) -> Self {
        InterviewState {
            setup: Setup {
                minutes: settings.minutes,
                ..Setup::default()
            },
            settings,
            history,
            ..InterviewState::default()
        }
    }

    /// Whether typed characters go to the answer box (an answer or a
    /// follow-up).
    pub fn is_answering(&self) -> bool {
        matches!(self.view, InterviewView::Question | InterviewView::FollowUp)
            && self.session.as_ref().is_some_and(|s| !s.left_box)
    }

    /// Whether the app loop should send `Tick`s (a countdown is on screen).
    pub fn countdown_running(&self) -> bool {
        self.view == InterviewView::Question && self.session.is_some()
    }
}

/// The model advice for a question: the chapter text it names, an imported
/// guide's own answer and its general advice (empty when it has none).
pub fn model_advice(state: &super::State, question: &str) -> Vec<crate::domain::advice::Advice> {
    let Some(q) = state
        .interview
        .session
        .as_ref()
        .and_then(|s| state.library.interviews.get(s.set))
        .and_then(|set| set.question(question))
    else {
        return Vec::new();
    };
    crate::domain::advice::advice_for(&state.library.chapters, q)
}

/// How many times the question on screen was answered before: in past
/// sessions and in this one.
pub fn tries_before(state: &super::State, session: &MockSession, question: &str) -> usize {
    let set = state
        .library
        .interviews
        .get(session.set)
        .map_or("", |s| s.id.as_str());
    let past = state
        .interview
        .history
        .iter()
        .filter(|s| s.set == set && s.id != session.id)
        .flat_map(|s| &s.attempts)
        .filter(|a| a.score.question == question)
        .count();
    past + session
        .answers
        .iter()
        .filter(|a| a.question == question)
        .count()
}

/// Whether `r` on the feedback tries the question again at once (practice
/// sessions only: a live session asks each question once).
pub fn can_retry_now(session: &MockSession) -> bool {
    session.mode == crate::domain::interview::InterviewMode::Practice
}
