//! The whole application state, one struct per screen, plus the overlays.
//! Data only (plus [`State::relayout`]): every transition lives in
//! `tui::update`, and renderers only read it.

pub mod bookmarks;
pub mod card_view;
pub mod drafts;
pub mod drill;
pub mod geometry;
pub mod interview;
pub mod interview_flow;
pub mod position;
pub mod reader;
pub mod search;

use crate::domain::content::Library;
use crate::domain::document::{self, OutlineItem};
use crate::domain::progress::Progress;
use crate::domain::schedule::ReviewRecord;
use crate::domain::schedule::day::Zone;
use crate::domain::schedule::{Scheduler, SchedulerConfig};
use crate::tui::keymap::{KeyMode, Keymap};
use bookmarks::BookmarksState;
use drill::DrillState;
use position::ReadingPosition;
use reader::{Focus, ReaderState};
use search::{JumpState, SearchState};

/// The main screens, switched with the number keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Reader,
    Drill,
    Bookmarks,
    Stats,
    Interview,
}

/// A pane drawn over the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Errors {
        scroll: usize,
    },
    Search, // full-text search, state in `State::search`
    Jump,   // quick jump to a title, state in `State::jump`
    /// A card (index into `progress.cards`) shown read-only, from search,
    /// quick jump or the bookmarks, with the option to study it now.
    CardPreview {
        card: usize,
        scroll: usize,
    },
}

pub struct State {
    pub library: Library,
    pub outline: Vec<OutlineItem>,
    pub keymap: Keymap,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// Terminal size in cells.
    pub size: (u16, u16),
    pub reader: ReaderState,
    pub drill: DrillState,
    pub bookmarks: BookmarksState,
    /// The mock interview (screen 5).
    pub interview: interview::InterviewState,
    /// Unsubmitted text of every box, kept in the store.
    pub drafts: drafts::DraftsState,
    /// A saved reading position to restore once the reader is laid out.
    pub pending_position: Option<ReadingPosition>,
    /// Cards, the review log and card states.
    pub progress: Progress,
    /// Whether the cards and the review log are still to come (start-up
    /// shows the first frame before reading them; see `tui::startup`).
    pub loading: bool,
    /// The numbers of the stats screen, computed when it is opened.
    pub stats: Option<crate::domain::stats::Stats>,
    /// The first row of the stats screen shown (narrow screens scroll it).
    pub stats_scroll: usize,
    /// Why answers are not being saved, when the store could not be opened.
    pub store_problem: Option<String>,
    pub search: SearchState,
    pub jump: JumpState,
    /// Whether `search` and `jump` hold their indexes yet: they are built
    /// the first time either is opened, so start-up does not pay for them.
    pub finders_built: bool,
    /// A one-line message for the status bar (cleared by the next key).
    pub message: Option<String>,
    /// The last sync with the other machines, short ("synced 21:03",
    /// "sync failed 21:03"), kept at the right of the status bar; `None`
    /// when no sync folder is set.
    pub sync_status: Option<String>,
    pub quit: bool,
}

impl State {
    /// A state with no review history and the default scheduler.
    pub fn new(library: Library, keymap: Keymap) -> Self {
        let scheduler = Scheduler::new(SchedulerConfig::default());
        Self::with_progress(library, keymap, scheduler, Vec::new(), Zone::utc())
    }

    /// A state with the review log read from the store.
    pub fn with_progress(
        library: Library,
        keymap: Keymap,
        scheduler: Scheduler,
        reviews: Vec<(i64, ReviewRecord)>,
        zone: Zone,
    ) -> Self {
        let outline = document::outline(&library);
        let progress = Progress::new(
            crate::domain::cards::all_cards(&library),
            reviews,
            scheduler,
            zone,
        );
        Self::assemble(library, outline, keymap, progress)
    }

    fn assemble(
        library: Library,
        outline: Vec<OutlineItem>,
        keymap: Keymap,
        progress: Progress,
    ) -> Self {
        let message = content_problems_message(&library);
        State {
            library,
            outline,
            keymap,
            screen: Screen::Reader,
            overlay: None,
            size: (0, 0),
            reader: ReaderState::default(),
            drill: DrillState::default(),
            bookmarks: BookmarksState::default(),
            interview: interview::InterviewState::default(),
            drafts: drafts::DraftsState::default(),
            pending_position: None,
            progress,
            loading: false,
            stats: None,
            stats_scroll: 0,
            store_problem: None,
            search: SearchState::default(),
            jump: JumpState::default(),
            finders_built: false,
            message,
            sync_status: None,
            quit: false,
        }
    }

    /// A state for the first frame: the library without the cards (no
    /// progress yet, `loading` set). `Action::Loaded` completes it.
    pub fn first_screen(
        library: Library,
        keymap: Keymap,
        scheduler: Scheduler,
        zone: Zone,
    ) -> Self {
        let outline = document::outline(&library);
        let progress = Progress::new(Vec::new(), Vec::new(), scheduler, zone);
        let mut state = Self::assemble(library, outline, keymap, progress);
        state.loading = true;
        state
    }

    /// The keymap section that applies now.
    pub fn key_mode(&self) -> KeyMode {
        if self.bookmarks.editing.is_some() {
            return KeyMode::Note;
        }
        match &self.overlay {
            Some(Overlay::Help { .. }) => KeyMode::Help,
            Some(Overlay::Errors { .. }) => KeyMode::Errors,
            Some(Overlay::Search) => KeyMode::Search,
            Some(Overlay::Jump) => KeyMode::Jump,
            Some(Overlay::CardPreview { .. }) => KeyMode::Preview,
            None => match self.screen {
                Screen::Reader => KeyMode::Reader,
                Screen::Drill if self.drill.is_typing(&self.progress) => KeyMode::Typing,
                Screen::Drill if self.drill.is_answering() => KeyMode::Answer,
                Screen::Drill => KeyMode::Drill,
                Screen::Bookmarks => KeyMode::Bookmarks,
                Screen::Stats => KeyMode::Stats,
                Screen::Interview if self.interview.is_answering() => KeyMode::InterviewAnswer,
                Screen::Interview if self.interview.view == interview::InterviewView::Feedback => {
                    KeyMode::InterviewFeedback
                }
                Screen::Interview => KeyMode::Interview,
            },
        }
    }

    /// Whether the reader shows both panes at the current width.
    pub fn reader_two_panes(&self) -> bool {
        self.size.0 >= geometry::TWO_PANE_WIDTH
    }

    /// Whether the outline is on screen (both panes, or it has focus).
    pub fn outline_visible(&self) -> bool {
        self.reader_two_panes() || self.reader.focus == Focus::Outline
    }

    /// Where the reader's panes go at the current size and focus.
    pub fn reader_geometry(&self) -> geometry::ReaderGeometry {
        let (w, h) = self.size;
        geometry::reader(w, h, self.reader_two_panes(), self.reader.outline_wants)
    }

    /// Lays the reader's document and the drill's card out for the current size.
    pub fn relayout(&mut self) {
        let (w, h) = self.size;
        self.drill
            .relayout(&self.progress, geometry::card_width(w) as usize);
        if self.reader.outline_wants == 0 {
            self.reader.outline_wants = geometry::outline_wants(self.outline.iter().map(|item| {
                2 * item.depth as usize + crate::domain::markdown::display_width(&item.title)
            }));
        }
        let g = self.reader_geometry();
        self.reader.outline_width = g.outline_width;
        self.reader.view_height = g.view_height as usize;
        self.reader.outline_height = geometry::body_height(h).saturating_sub(1) as usize;
        self.reader.relayout(&self.outline, g.text_width as usize);
        self.search.highlights.refresh(&self.reader.doc);
    }
}

/// "N content problem(s): press ! to see them", when there are errors.
pub fn content_problems_message(library: &Library) -> Option<String> {
    match library.errors().count() {
        0 => None,
        n => Some(format!("{n} content problem(s): press ! to see them")),
    }
}
