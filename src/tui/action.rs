//! What can happen to the app: `Command`s are what keys are bound to (named in
//! the keymap TOML), `Action`s are everything `update` accepts.

use serde::{Deserialize, Serialize};

/// A user command, the target of a key binding. Serialised in snake_case, as
/// written in the keymap (`j = "down"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Quit,
    Help,
    Close,
    ShowErrors,
    GoReader,
    GoDrill,
    GoBookmarks,
    GoStats,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    SwitchFocus,
    NextChapter,
    PrevChapter,
    Reveal,
    GradeAgain,
    GradeHard,
    GradeGood,
    GradeEasy,
    Undo,
    ToggleBookmark,
    EditNote,
    Delete,
    Search,
    QuickJump,
    NextMatch,
    PrevMatch,
    Cram,
    Submit,
    Cancel,
    GoInterview,
    PrevOption,
    NextOption,
    ToggleItem,
    /// Text boxes (the `[editor]` keys, shared by every box).
    Newline,
    UndoTyping,
    RedoTyping,
    LineStart,
    LineEnd,
    WordLeft,
    WordRight,
    DeleteWordBack,
    DeleteToLineStart,
    DeleteToLineEnd,
    Retry,
    History,
}

impl Command {
    /// A short description for the help overlay.
    pub fn describe(self) -> &'static str {
        use Command::*;
        match self {
            Quit => "quit",
            Help => "show or hide this help",
            Close => "close the overlay or go back",
            ShowErrors => "show content problems",
            GoReader => "reader",
            GoDrill => "drill flashcards",
            GoBookmarks => "bookmarks",
            GoStats => "statistics",
            Up => "move up",
            Down => "move down",
            PageUp => "page up",
            PageDown => "page down",
            Top => "go to the top",
            Bottom => "go to the bottom",
            Open => "open the selection",
            SwitchFocus => "switch pane",
            NextChapter => "next chapter",
            PrevChapter => "previous chapter",
            Reveal => "reveal the answer",
            GradeAgain => "grade: again",
            GradeHard => "grade: hard",
            GradeGood => "grade: good",
            GradeEasy => "grade: easy",
            Undo => "undo",
            ToggleBookmark => "toggle bookmark",
            EditNote => "edit the note",
            Delete => "delete",
            Search => "search everything",
            QuickJump => "jump to a title",
            NextMatch => "next match",
            PrevMatch => "previous match",
            Cram => "cram (ignore due dates)",
            Submit => "submit",
            Cancel => "leave the box or close the overlay",
            GoInterview => "mock interview",
            PrevOption => "previous choice",
            NextOption => "next choice",
            ToggleItem => "tick or untick the item",
            Newline => "new line (Enter submits)",
            UndoTyping => "undo typing",
            RedoTyping => "redo typing",
            LineStart => "start of the row",
            LineEnd => "end of the row",
            WordLeft => "back a word",
            WordRight => "forward a word",
            DeleteWordBack => "delete the word before",
            DeleteToLineStart => "delete to the line's start",
            DeleteToLineEnd => "delete to the line's end",
            Retry => "try the question again",
            History => "past answers per question",
        }
    }

    /// A one-word label for the status-bar hints.
    pub fn hint(self) -> &'static str {
        use Command::*;
        match self {
            Quit => "quit",
            Help => "help",
            SwitchFocus => "pane",
            Open => "open",
            Reveal => "reveal",
            GradeAgain => "again",
            GradeHard => "hard",
            GradeGood => "good",
            GradeEasy => "easy",
            ToggleBookmark => "mark",
            EditNote => "note",
            Search => "search",
            GoDrill => "drill",
            GoReader => "read",
            GoBookmarks => "marks",
            Undo => "undo",
            Close => "back",
            Cancel => "leave",
            Submit => "submit",
            Cram => "cram",
            GoInterview => "interview",
            PrevOption | NextOption => "change",
            ToggleItem => "tick",
            Newline => "new line",
            UndoTyping => "undo typing",
            RedoTyping => "redo",
            Retry => "retry",
            History => "history",
            Delete => "delete",
            _ => self.describe(),
        }
    }
}

/// A key press as the app sees it, independent of the terminal library.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    /// Shift, where it is not already in the character: only with Enter
    /// (`Shift-Enter`, where the terminal reports it) and with Ctrl and a
    /// letter (`Ctrl-Shift-Z`).
    pub shift: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }
}

/// A mouse event reduced to what the app uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mouse {
    ScrollUp { column: u16, row: u16 },
    ScrollDown { column: u16, row: u16 },
    Click { column: u16, row: u16 },
}

/// Everything `update` accepts.
#[derive(Clone, Debug)]
pub enum Action {
    Command(Command),
    /// A key not bound in the current mode, for text boxes.
    Key(Key),
    /// Pasted text, for text boxes.
    Paste(String),
    Mouse(Mouse),
    /// The terminal's size in cells.
    Resize(u16, u16),
    /// Finish laying out a long chapter whose first screen alone was laid
    /// out for the first frame (every action but `Resize` does this first).
    CompleteLayout,
    /// The store logged a review under this id.
    ReviewSaved {
        id: i64,
        review: crate::domain::schedule::ReviewRecord,
    },
    /// An effect failed; the message says what happened and what to do.
    Failed(String),
    /// Another instance changed the store: its review log, bookmarks and
    /// drafts as they are now.
    StoreChanged {
        reviews: Vec<(i64, crate::domain::schedule::ReviewRecord)>,
        bookmarks: Vec<crate::domain::bookmarks::Bookmark>,
        drafts: Vec<crate::domain::drafts::Draft>,
    },
    /// Time passed while a countdown runs (the app loop sends it; `now`
    /// comes with every update).
    Tick,
    /// The store kept the interview answer at `position` under this id.
    InterviewAnswerSaved {
        position: usize,
        id: i64,
    },
    /// The store kept missed talking points and logged these answers (the
    /// self-rating) to their cards.
    MissedPointsSaved {
        points: Vec<crate::domain::interview::MissedPoint>,
        reviews: Vec<(i64, crate::domain::schedule::ReviewRecord)>,
    },
    /// What start-up left until after the first frame, read.
    Loaded(Box<Loaded>),
}

/// What start-up left until after the first frame, as `tui::startup` read
/// it: domain types only.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Deck cards and chapter bodies from the content cache.
    pub content: Option<crate::domain::content::deferred::DeferredParts>,
    /// The review log (rows with invalid values left out).
    pub reviews: Vec<(i64, crate::domain::schedule::ReviewRecord)>,
    /// What was left out of the review log, or why it could not be read.
    pub review_problem: Option<String>,
    /// The kept drafts (text typed in boxes and not submitted).
    pub drafts: Vec<crate::domain::drafts::Draft>,
    /// Missed talking points with a card (their cards join the drill).
    pub missed: Vec<crate::domain::interview::MissedPoint>,
    /// Why the missed points could not be read, if they could not.
    pub missed_problem: Option<String>,
}

impl From<Command> for Action {
    fn from(c: Command) -> Self {
        Action::Command(c)
    }
}
