//! Shared helpers for integration tests: build a state by dispatching the
//! actions a user's keys would, and draw it on a `TestBackend`.
#![allow(dead_code)]

pub mod instance;
pub mod pty;

use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use studyguide::domain::content::Library;
use studyguide::tui::action::{Action, Command};
use studyguide::tui::keymap::Keymap;
use studyguide::tui::state::State;
use studyguide::tui::ui::{Theme, render};
use studyguide::tui::update::{Effect, update};

/// The study day of `at` as the tests count days: UTC, from 04:00 (the
/// default start hour).
pub fn study_day(at: DateTime<Utc>) -> chrono::NaiveDate {
    studyguide::domain::schedule::day::DayBoundary::new(
        studyguide::domain::schedule::day::Zone::utc(),
        4,
    )
    .day(at)
}

/// A fixed time for tests.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("valid time")
}

pub fn bundled_state(width: u16, height: u16) -> State {
    state_for(studyguide::domain::content::bundled::load(), width, height)
}

pub fn state_for(library: Library, width: u16, height: u16) -> State {
    let mut state = State::new(library, Keymap::default());
    update(&mut state, Action::Resize(width, height), t0());
    state
}

/// Dispatches commands in order, returning every effect.
pub fn press(state: &mut State, commands: &[Command]) -> Vec<Effect> {
    commands
        .iter()
        .flat_map(|c| update(state, Action::Command(*c), t0()))
        .collect()
}

pub fn draw_with(state: &State, theme: &Theme) -> Terminal<TestBackend> {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| render(f, state, theme)).expect("draw");
    terminal
}

/// The screen as text, one line per row.
pub fn screen(state: &State) -> String {
    let terminal = draw_with(state, &Theme::color());
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buffer[(x, y)];
            line.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
