//! One app instance for tests: its state and the real effect runner over
//! a real store in a temporary data directory, driven by the actions a
//! user's keys give. Two of them on one directory are two windows.

use chrono::{DateTime, Duration, Utc};
use studyguide::domain::content::Library;
use studyguide::domain::progress::Progress;
use studyguide::domain::schedule::day::Zone;
use studyguide::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};
use studyguide::store::Store;
use studyguide::tui::action::{Action, Command, Command::*, Key, KeyCode};
use studyguide::tui::effect_runner::EffectRunner;
use studyguide::tui::keymap::Keymap;
use studyguide::tui::state::State;
use studyguide::tui::state::bookmarks::BookmarksState;

/// One app instance: its state and its effect runner over a store.
pub struct Instance {
    pub state: State,
    pub runner: EffectRunner,
}

impl Instance {
    /// Opens the store in `dir` as the app does at start.
    pub fn open(dir: &std::path::Path, library: Library, now: DateTime<Utc>) -> Instance {
        let store = Store::open_at(dir.join("progress.sqlite3"), now).expect("store");
        let reviews = store.reviews().expect("reviews");
        let bookmarks = store.bookmarks().expect("bookmarks");
        let scheduler = Scheduler::new(SchedulerConfig::default());
        let mut state =
            State::with_progress(library, Keymap::default(), scheduler, reviews, Zone::utc());
        state.bookmarks = BookmarksState::new(bookmarks);
        let mut runner = EffectRunner::new(Some(store));
        runner.dispatch(&mut state, Action::Resize(80, 24), now);
        Instance { state, runner }
    }

    pub fn bundled(dir: &std::path::Path, now: DateTime<Utc>) -> Instance {
        Self::open(dir, studyguide::domain::content::bundled::load(), now)
    }

    pub fn act(&mut self, action: impl Into<Action>, now: DateTime<Utc>) {
        self.runner.dispatch(&mut self.state, action.into(), now);
    }

    pub fn press(&mut self, commands: &[Command], now: DateTime<Utc>) {
        for c in commands {
            self.act(*c, now);
        }
    }

    pub fn type_text(&mut self, text: &str, now: DateTime<Utc>) {
        for c in text.chars() {
            self.act(Action::Key(Key::plain(KeyCode::Char(c))), now);
        }
    }

    pub fn current(&self) -> Option<String> {
        self.state.drill.current.as_ref().map(|c| c.card_id.clone())
    }

    pub fn store(&self) -> &Store {
        self.runner.store.as_ref().expect("a store")
    }
}

/// The interval the key of `grade` shows for the card on screen.
pub fn shown_interval(app: &Instance, grade: Grade) -> Duration {
    let shown = app
        .state
        .drill
        .current
        .as_ref()
        .and_then(|c| c.shown.as_ref());
    shown.expect("the answer is shown").of(grade).interval()
}

pub fn grade_command(g: Grade) -> Command {
    match g {
        Grade::Again => GradeAgain,
        Grade::Hard => GradeHard,
        Grade::Good => GradeGood,
        Grade::Easy => GradeEasy,
    }
}

pub fn review(card: &str, at: DateTime<Utc>, grade: Grade) -> ReviewRecord {
    ReviewRecord {
        card_id: card.into(),
        at,
        day: crate::common::study_day(at),
        grade,
        elapsed_ms: 1000,
        typed_answer: None,
    }
}

/// Every card's state replayed from what the store holds.
pub fn stored_progress(store: &Store) -> Progress {
    Progress::new(
        studyguide::domain::cards::all_cards(&studyguide::domain::content::bundled::load()),
        store.reviews().expect("reviews"),
        Scheduler::new(SchedulerConfig::default()),
        Zone::utc(),
    )
}
