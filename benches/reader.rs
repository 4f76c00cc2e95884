//! Reader benchmarks on the 1 MB chapter at 200x50, through the real
//! `State`, `update` and `ui::render` on a `TestBackend`: one frame after a
//! scroll, a keypress to its frame, laying out again for a new width, and one
//! keystroke in the search box and in quick jump.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, TimeZone, Utc};
use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use studyguide::domain::content;
use studyguide::generate;
use studyguide::tui::action::{Action, Command, Key, KeyCode};
use studyguide::tui::keymap::Keymap;
use studyguide::tui::state::State;
use studyguide::tui::ui::{Theme, render};
use studyguide::tui::update::update;

fn main() {
    divan::Divan::from_args()
        .sample_count(20)
        .min_time(std::time::Duration::from_secs(2))
        .main();
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The 1 MB chapter at 200x50, its text focused and 40 pages down.
fn large_state() -> State {
    let text = generate::chapter_toml(17, 900, 1_000_000);
    let lib = content::load_files([("gen.toml", text.as_bytes())]);
    let mut state = State::new(lib, Keymap::default());
    update(&mut state, Action::Resize(200, 50), now());
    update(&mut state, Action::Command(Command::SwitchFocus), now());
    for _ in 0..40 {
        update(&mut state, Action::Command(Command::PageDown), now());
    }
    state
}

/// One keystroke in an open text box: `letter` typed, then taken back, in
/// turn, so every iteration runs the whole query again.
fn bench_keystroke(bencher: Bencher, mut state: State, letter: char) {
    let mut grow = true;
    bencher.bench_local(|| {
        let code = if grow {
            KeyCode::Char(letter)
        } else {
            KeyCode::Backspace
        };
        grow = !grow;
        update(&mut state, Action::Key(Key::plain(code)), now());
    });
}

#[divan::bench]
fn frame_200x50(bencher: Bencher) {
    let theme = Theme::color();
    let state = large_state();
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    bencher.bench_local(|| {
        terminal.draw(|f| render(f, &state, &theme)).expect("draw");
    });
}

#[divan::bench]
fn key_to_frame_200x50(bencher: Bencher) {
    let theme = Theme::color();
    let mut state = large_state();
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut down = true;
    bencher.bench_local(|| {
        let command = if down {
            Command::PageDown
        } else {
            Command::PageUp
        };
        down = !down;
        update(&mut state, Action::Command(command), now());
        terminal.draw(|f| render(f, &state, &theme)).expect("draw");
    });
}

#[divan::bench]
fn relayout_width_80_120(bencher: Bencher) {
    let mut state = large_state();
    // text width is capped at 80 columns, so alternate between widths
    // that really lay the chapter out again
    let mut wide = true;
    bencher.bench_local(|| {
        wide = !wide;
        let w = if wide { 120 } else { 80 };
        update(&mut state, Action::Resize(w, 50), now());
    });
}

/// One keystroke in the search box: the query grows from "prepar" to
/// "prepara" and back, so every iteration searches the whole chapter.
#[divan::bench]
fn search_keystroke(bencher: Bencher) {
    let mut state = large_state();
    update(&mut state, Action::Command(Command::Search), now());
    for c in "prepar".chars() {
        update(&mut state, Action::Key(Key::plain(KeyCode::Char(c))), now());
    }
    bench_keystroke(bencher, state, 'a');
}

/// One keystroke in quick jump: "s" typed and taken back.
#[divan::bench]
fn jump_keystroke(bencher: Bencher) {
    let mut state = large_state();
    update(&mut state, Action::Command(Command::QuickJump), now());
    bench_keystroke(bencher, state, 's');
}
