//! The event loop: draw, read an event, resolve it through the keymap, update
//! the state, carry out the effects. The only place that touches the terminal.

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Utc};
use ratatui::crossterm::event;

use crate::action::Action;
use crate::state::State;
use crate::terminal;
use crate::ui::{self, Theme};
use crate::update::{Effect, update};

/// What the interactive app needs to start.
pub struct AppOptions {
    pub state: State,
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
        mut state,
        theme,
        start_time,
        exit_after_first_frame,
    } = options;
    let clock = Clock::new(start_time);
    let size = terminal.size()?;
    update(
        &mut state,
        Action::Resize(size.width, size.height),
        clock.now(),
    );
    loop {
        terminal.draw(|frame| ui::render(frame, &state, &theme))?;
        if exit_after_first_frame {
            return Ok(());
        }
        if !event::poll(Duration::from_millis(500))? {
            continue;
        }
        let ev = event::read()?;
        let Some(action) = terminal::action_from(ev, &state.keymap, state.key_mode()) else {
            continue;
        };
        let effects = update(&mut state, action, clock.now());
        if effects.contains(&Effect::Quit) {
            return Ok(());
        }
    }
}
