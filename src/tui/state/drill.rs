//! The drill's data: the deck choices, the session, the card on screen (laid
//! out at the card width) and the undo stack. Its transitions live in
//! `tui::update::drill`.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::cards::Card;
use crate::domain::content::CardKind;
use crate::domain::markdown::{self, LaidLine};
use crate::domain::progress::Progress;
use crate::domain::schedule::queue::DeckCounts;
use crate::domain::schedule::{CardState, Grade, Outcome};
use crate::tui::editor::Editor;

/// The longest typed answer kept, in characters.
pub const MAX_ANSWER: usize = 4000;

/// An empty typed-answer box.
pub fn answer_editor() -> Editor {
    Editor::new(MAX_ANSWER)
}

/// Learning cards due within this long are shown early when nothing else is due.
pub const LEARN_AHEAD: Duration = Duration::minutes(20);

/// How long after another window's answer took the card on screen away a
/// key is taken as typed for that card (a person cannot have read the next
/// card yet: seeing a change and reacting alone takes about a quarter of a
/// second): it is dropped, not applied to the next one.
pub const KEY_GRACE: Duration = Duration::milliseconds(500);

/// Which cards a deck choice covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeckFilter {
    All,
    Deck(String),
    Tag(String),
    /// One card, by id (studying a card from its preview).
    Card(String),
    /// These cards.
    Cards(Vec<String>),
}

impl DeckFilter {
    pub fn matches(&self, card: &Card) -> bool {
        match self {
            DeckFilter::All => true,
            DeckFilter::Deck(d) => *card.deck == **d,
            DeckFilter::Tag(t) => card.tags.iter().any(|x| x == t),
            DeckFilter::Card(id) => card.id == *id,
            DeckFilter::Cards(ids) => ids.iter().any(|id| card.id == *id),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeckChoice {
    pub label: String,
    pub filter: DeckFilter,
    /// What a session started now serves: `counts.total()` cards.
    pub counts: DeckCounts,
    /// Learning cards due later today, not yet served.
    pub learning_later: u32,
    /// When the first of those is due.
    pub next_learning: Option<DateTime<Utc>>,
    pub cards: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DrillView {
    #[default]
    Chooser,
    Card,
    Summary,
}

/// The card on screen.
#[derive(Clone, Debug)]
pub struct CurrentCard {
    pub card_id: String,
    pub revealed: bool,
    pub shown_at: DateTime<Utc>,
    /// What the user typed (typed cards), once submitted.
    pub typed: Option<String>,
    /// What each grade gives, worked out once when the answer is shown
    /// (`None` before): a grade key applies exactly the outcome on it.
    pub shown: Option<ShownOutcomes>,
    /// Which answers the card had when it was shown: a change means another
    /// window answered it (or undid an answer to it).
    pub answers_when_shown: AnswerMark,
    pub front: Vec<LaidLine>,
    pub back: Vec<LaidLine>,
    /// The user's answer from last time (typed cards), laid out.
    pub previous: Vec<LaidLine>,
    /// An answer sent to the store and not yet confirmed.
    pub pending: Option<Grade>,
    /// The first row of the card shown (cards taller than the screen scroll).
    pub scroll: usize,
}

/// A card's answers as far as another window can change them: how many,
/// and when the last was given.
pub type AnswerMark = (u32, Option<DateTime<Utc>>);

/// The [`AnswerMark`] of a card in `state`.
pub fn answer_mark(state: &CardState) -> AnswerMark {
    (state.reps, state.last_review)
}

/// The outcomes of the four grades as the keys show them.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownOutcomes {
    /// The study day they were worked out for: a key on it applies them.
    pub day: NaiveDate,
    /// The card's state they start from.
    pub from: CardState,
    /// Again, Hard, Good, Easy.
    pub outcomes: [Outcome; 4],
}

impl ShownOutcomes {
    /// Works out what each grade gives the card `card_id` now.
    pub fn now(progress: &Progress, card_id: &str, now: DateTime<Utc>) -> ShownOutcomes {
        let from = progress.state(card_id);
        let day = progress.day(now);
        ShownOutcomes {
            outcomes: progress.scheduler.outcomes(card_id, &from, day),
            day,
            from,
        }
    }

    /// The outcome of `grade`.
    pub fn of(&self, grade: Grade) -> &Outcome {
        let i = match grade {
            Grade::Again => 0,
            Grade::Hard => 1,
            Grade::Good => 2,
            Grade::Easy => 3,
        };
        &self.outcomes[i]
    }

    /// The interval each grade gives, Again first.
    pub fn intervals(&self) -> [Duration; 4] {
        Grade::ALL.map(|g| self.of(g).interval())
    }
}

/// One answer that `u` (or Ctrl-Z) can take back.
#[derive(Clone, Debug, PartialEq)]
pub struct UndoEntry {
    pub card_id: String,
    /// The store's id of the review (None in cram, which saves nothing).
    pub review_id: Option<i64>,
    pub grade: Grade,
    /// Given in a cram session: undone only in a cram session.
    pub cram: bool,
    /// What was typed (typed cards), put back in the box by undo.
    pub typed: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub filter: DeckFilter,
    pub label: String,
    pub cram: bool,
    pub started: DateTime<Utc>,
    pub answered: u32,
    pub again: u32,
    pub time_ms: u64,
    /// Cram: the cards still to go, in order.
    pub cram_queue: Vec<String>,
    /// Cards left when the current one was shown (for the progress gauge).
    pub remaining: usize,
    /// When the session ended.
    pub ended: Option<DateTime<Utc>>,
    /// Cards still waiting when it was ended early (`Esc`); 0 when done.
    pub left: usize,
    /// The due queue, kept between answers (not in cram); `None` when it
    /// must be built again (undo, another window's answers).
    pub queue: Option<crate::domain::session_queue::SessionQueue>,
}

impl Session {
    /// A session of the cards `filter` picks, started `now` with nothing
    /// answered yet (`cram_queue`: a cram session's cards, in order).
    pub fn new(
        filter: DeckFilter,
        label: String,
        cram: bool,
        cram_queue: Vec<String>,
        now: DateTime<Utc>,
    ) -> Session {
        Session {
            filter,
            label,
            cram,
            started: now,
            answered: 0,
            again: 0,
            time_ms: 0,
            cram_queue,
            remaining: 0,
            ended: None,
            left: 0,
            queue: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct DrillState {
    pub view: DrillView,
    pub choices: Vec<DeckChoice>,
    pub selected: usize,
    pub session: Option<Session>,
    pub current: Option<CurrentCard>,
    /// The typed-answer box.
    pub editor: Editor,
    /// The card whose kept draft was last looked for (see `update::drafts`).
    pub draft_checked: Option<String>,
    pub undo: Vec<UndoEntry>,
    /// The finished session, for the summary.
    pub finished: Option<Session>,
    /// When the next card of the finished deck is due.
    pub next_due: Option<DateTime<Utc>>,
    /// Width cards are laid out at.
    pub width: usize,
    /// The typed-answer box was left with `Esc` (the card stays on screen).
    pub left_box: bool,
    /// The last change in the drill was a bookmark (`b`): undo takes it back
    /// before any answer.
    pub bookmark_last: bool,
    /// When the choices were counted (for "next in 8m").
    pub choices_at: Option<DateTime<Utc>>,
    /// A message for the status bar from the last transition.
    pub notice: Option<String>,
    /// When another window's answer last took the card on screen away (see
    /// [`KEY_GRACE`]).
    pub replaced_at: Option<DateTime<Utc>>,
}

impl Default for DrillState {
    fn default() -> Self {
        DrillState {
            view: DrillView::default(),
            choices: Vec::new(),
            selected: 0,
            session: None,
            current: None,
            editor: answer_editor(),
            draft_checked: None,
            undo: Vec::new(),
            finished: None,
            next_due: None,
            width: 0,
            left_box: false,
            bookmark_last: false,
            choices_at: None,
            notice: None,
            replaced_at: None,
        }
    }
}

impl DrillState {
    /// Whether typed characters go to the answer box.
    pub fn is_typing(&self, progress: &Progress) -> bool {
        self.view == DrillView::Card
            && !self.left_box
            && self.current.as_ref().is_some_and(|c| {
                !c.revealed
                    && progress
                        .card(&c.card_id)
                        .is_some_and(|card| card.kind == CardKind::Typed)
            })
    }

    /// Whether grade keys apply (the back is shown).
    pub fn is_answering(&self) -> bool {
        self.view == DrillView::Card && self.current.as_ref().is_some_and(|c| c.revealed)
    }

    /// Lays the current card out again at `width`.
    pub fn relayout(&mut self, progress: &Progress, width: usize) {
        self.width = width;
        if let Some(cur) = &mut self.current {
            lay_out_card(cur, progress, width);
        }
    }
}

pub(crate) fn lay_out_card(cur: &mut CurrentCard, progress: &Progress, width: usize) {
    let width = width.max(1);
    let Some(card) = progress.card(&cur.card_id) else {
        return;
    };
    cur.front = markdown::layout(&card.front, width);
    cur.back = markdown::layout(&card.back, width);
    cur.previous = progress
        .last_typed
        .get(&card.id)
        .map(|t| typed_lines(t, width))
        .unwrap_or_default();
}

/// What the user typed, as laid-out lines: plain text (never read as
/// Markdown), its line breaks and paragraphs kept, word-wrapped at `width`.
pub fn typed_lines(text: &str, width: usize) -> Vec<LaidLine> {
    let text = crate::domain::content::sanitize::sanitize_text(text);
    crate::domain::text::wrap::wrap(&text, width)
        .into_iter()
        .map(|row| match text.get(row.range) {
            Some(part) if !part.is_empty() => LaidLine {
                spans: vec![markdown::StyledSpan {
                    text: part.to_string(),
                    style: markdown::SpanStyle::default(),
                }],
                kind: markdown::LineKind::Text,
            },
            _ => LaidLine::blank(),
        })
        .collect()
}
