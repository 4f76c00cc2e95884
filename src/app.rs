//! The event loop: draw, read an event, resolve it through the keymap, update
//! the state, carry out the effects. The only place that touches the terminal.

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Utc};
use ratatui::crossterm::event;

use crate::action::Action;
use crate::state::State;
use crate::store::Store;
use crate::terminal;
use crate::ui::{self, Theme};
use crate::update::{Effect, update};

/// What the interactive app needs to start.
pub struct AppOptions {
    pub state: State,
    /// The progress store, when it could be opened.
    pub store: Option<Store>,
    pub theme: Theme,
    /// Acts as if the clock read this at start (`--now`).
    pub start_time: Option<DateTime<Utc>>,
    /// Draw the first frame, then exit (for timing start-up).
    pub exit_after_first_frame: bool,
}

/// A clock that starts at `--now` when given and runs in real time from there.
pub struct Clock {
    start: Instant,
    base: DateTime<Utc>,
}

impl Clock {
    pub fn new(start_time: Option<DateTime<Utc>>) -> Self {
        Clock {
            start: Instant::now(),
            base: start_time.unwrap_or_else(Utc::now),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.base + chrono::Duration::from_std(self.start.elapsed()).unwrap_or_default()
    }
}

/// Runs the TUI until the user quits. The terminal is restored on every exit path.
pub fn run(options: AppOptions) -> anyhow::Result<()> {
    let mut terminal = terminal::enter().context("cannot set up the terminal")?;
    let result = event_loop(&mut terminal, options);
    terminal::leave();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, options: AppOptions) -> anyhow::Result<()> {
    let AppOptions {
        state,
        store,
        theme,
        start_time,
        exit_after_first_frame,
    } = options;
    // The state is not freed at exit: the OS takes the memory back at once,
    // where freeing 100,000 cards piece by piece costs tens of milliseconds.
    // (The store, which must be closed, is dropped as usual.)
    let mut state = std::mem::ManuallyDrop::new(state);
    let mut effects = EffectRunner::new(store);
    let clock = Clock::new(start_time);
    let size = terminal.size()?;
    effects.dispatch(
        &mut state,
        Action::Resize(size.width, size.height),
        clock.now(),
    );
    loop {
        terminal.draw(|frame| ui::render(frame, &state, &theme))?;
        if exit_after_first_frame {
            return Ok(());
        }
        if state.reader.doc.is_partial() {
            // The first frame showed the start of a long chapter: lay out the
            // rest (a resize to the same size) before waiting for a key.
            let (w, h) = state.size;
            effects.dispatch(&mut state, Action::Resize(w, h), clock.now());
            continue;
        }
        if !event::poll(Duration::from_millis(500))? {
            continue;
        }
        let ev = event::read()?;
        let Some(action) = terminal::action_from(ev, &state.keymap, state.key_mode()) else {
            continue;
        };
        if effects.dispatch(&mut state, action, clock.now()) {
            return Ok(());
        }
    }
}

/// Carries out effects against the store and feeds their results back.
pub struct EffectRunner {
    pub store: Option<Store>,
    /// Ids for answers kept in memory only (no store): negative, counting down.
    next_memory_id: i64,
}

impl EffectRunner {
    pub fn new(store: Option<Store>) -> Self {
        EffectRunner {
            store,
            next_memory_id: -1,
        }
    }

    /// Updates the state with `action` and every action its effects give
    /// back. Returns true when the app should quit.
    pub fn dispatch(&mut self, state: &mut State, action: Action, now: DateTime<Utc>) -> bool {
        let mut pending = vec![action];
        let mut quit = false;
        while let Some(action) = pending.pop() {
            for effect in update(state, action, now) {
                match self.apply(effect) {
                    Outcome::Quit => quit = true,
                    Outcome::Then(next) => pending.push(next),
                    Outcome::Done => {}
                }
            }
        }
        quit
    }

    fn apply(&mut self, effect: Effect) -> Outcome {
        match effect {
            Effect::Quit => Outcome::Quit,
            Effect::SaveReview(review) => match &self.store {
                Some(store) if !store.is_read_only() => match store.append_review(&review) {
                    Ok(id) => Outcome::Then(Action::ReviewSaved { id, review }),
                    Err(e) => {
                        Outcome::Then(Action::Failed(format!("The answer was not saved: {e}")))
                    }
                },
                _ => {
                    let id = self.next_memory_id;
                    self.next_memory_id -= 1;
                    Outcome::Then(Action::ReviewSaved { id, review })
                }
            },
            Effect::UndoReview(id) if id < 0 => Outcome::Done,
            Effect::UndoReview(id) => match &self.store {
                Some(store) => match store.undo_review(id) {
                    Ok(()) => Outcome::Done,
                    Err(e) => Outcome::Then(Action::Failed(format!("Undo was not saved: {e}"))),
                },
                None => Outcome::Done,
            },
        }
    }
}

enum Outcome {
    Quit,
    Then(Action),
    Done,
}
