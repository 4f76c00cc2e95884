//! The mock interview's data (screen 5): the set-up choices, the session
//! under way (plan, countdown start, the answer box, the answers given), the
//! feedback on the last answer and the past sessions for the stats trend.
//! Transitions live in `tui::update::interview`.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::domain::interview::{
    Countdown, DEFAULT_TIME_LIMIT, SessionLength, SessionScore, Signals, Suggestion, remaining,
};

/// The longest typed interview answer kept, in characters.
pub const MAX_INTERVIEW_ANSWER: usize = 6000;

/// What the screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InterviewView {
    /// Choosing a set, a length and a time per answer.
    #[default]
    Setup,
    /// A question with its countdown and the answer box.
    Question,
    /// Signals, the rubric checklist and the model advice for the last answer.
    Feedback,
    /// The session's scorecard.
    Scorecard,
}

/// The rows of the set-up screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SetupField {
    #[default]
    Set,
    Length,
    Minutes,
}

impl SetupField {
    pub const ALL: [SetupField; 3] = [SetupField::Set, SetupField::Length, SetupField::Minutes];
}

/// The `[interview]` settings of the config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InterviewSettings {
    /// Time per answer, 1 to 5 minutes.
    pub minutes: u64,
    /// Put the cards of missed rubric items into today's drill.
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
    pub length: SessionLength,
    pub minutes: u64,
}

/// The feedback on one answer, shown until the user moves on.
#[derive(Clone, Debug, PartialEq)]
pub struct Feedback {
    /// `None` for an answer given aloud.
    pub signals: Option<Signals>,
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
    pub input: Input,
    /// The answers given, in order; each is stored when submitted.
    pub answers: Vec<crate::domain::interview::AnswerScore>,
    /// The store's id of each answer, once it confirmed.
    pub saved: Vec<Option<i64>>,
    pub feedback: Option<Feedback>,
    /// `Esc` was pressed once with text in the box: a second one ends the
    /// session (the typed text is not kept); any key in the box resets it.
    pub confirm_end: bool,
}

impl MockSession {
    /// The countdown of the question on screen, at the last update.
    pub fn countdown(&self) -> Countdown {
        remaining(self.question_started, self.clock, self.limit)
    }
}

#[derive(Clone, Debug, Default)]
pub struct InterviewState {
    pub view: InterviewView,
    pub setup: Setup,
    pub settings: InterviewSettings,
    pub session: Option<MockSession>,
    /// Past sessions, oldest first (read from the store at start, then
    /// added to as sessions finish), for the stats trend.
    pub history: Vec<SessionScore>,
    /// Cards of rubric items missed in today's interviews, for the drill.
    pub missed_cards: Vec<String>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            field: SetupField::Set,
            set: 0,
            length: SessionLength::Three,
            minutes: InterviewSettings::default().minutes,
        }
    }
}

impl InterviewState {
    /// A state with the configured settings and past sessions.
    pub fn new(settings: InterviewSettings, history: Vec<SessionScore>) -> Self {
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

    /// Whether typed characters go to the answer box.
    pub fn is_answering(&self) -> bool {
        self.view == InterviewView::Question && self.session.is_some()
    }

    /// Whether the app loop should send `Tick`s (a countdown is on screen).
    pub fn countdown_running(&self) -> bool {
        self.is_answering()
    }
}

/// The model advice for a question: the back of the card or insight it
/// names, if that is loaded.
pub fn model_advice<'a>(state: &'a super::State, question: &str) -> Option<&'a str> {
    let session = state.interview.session.as_ref()?;
    let set = state.library.interviews.get(session.set)?;
    let model = set.question(question)?.model.as_deref()?;
    let card = state
        .progress
        .card(model)
        .or_else(|| state.progress.card(&format!("{model}::c1")))?;
    Some(&card.back)
}
