//! Reader benchmarks on the 1 MB chapter at 200x50, through the real
//! `State`, `update` and `ui::render` on a `TestBackend`: one frame after a
//! scroll, a keypress to its frame, laying out again for a new width, and one
//! keystroke in the search box and in quick jump.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use studyguide::domain::content;
use studyguide::generate;
use studyguide::tui::action::{Action, Command, Key, KeyCode};
use studyguide::tui::keymap::Keymap;
use studyguide::tui::state::State;
use studyguide::tui::ui::{Theme, render};
use studyguide::tui::update::update;

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
}

fn large_state() -> State {
    let text = generate::chapter_toml(17, 900, 1_000_000);
    let lib = content::load_files([("gen.toml", text.as_bytes())]);
    let mut state = State::new(lib, Keymap::default());
    let now = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or_default();
    update(&mut state, Action::Resize(200, 50), now);
    update(&mut state, Action::Command(Command::SwitchFocus), now);
    for _ in 0..40 {
        update(&mut state, Action::Command(Command::PageDown), now);
    }
    state
}

/// One keystroke in an open text box: `letter` typed, then taken back, in
/// turn, so every iteration runs the whole query again.
fn bench_keystroke(c: &mut Criterion, state: &mut State, name: &str, letter: char) {
    let now = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let mut grow = true;
    c.bench_function(name, |b| {
        b.iter(|| {
            let code = if grow {
                KeyCode::Char(letter)
            } else {
                KeyCode::Backspace
            };
            grow = !grow;
            update(state, Action::Key(Key::plain(code)), now);
        })
    });
}

fn reader(c: &mut Criterion) {
    let now = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let theme = Theme::color();
    let mut state = large_state();
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    c.bench_function("reader/chapter_1mb/frame_200x50", |b| {
        b.iter(|| {
            terminal.draw(|f| render(f, &state, &theme)).expect("draw");
        })
    });
    let mut down = true;
    c.bench_function("reader/chapter_1mb/key_to_frame_200x50", |b| {
        b.iter(|| {
            let command = if down {
                Command::PageDown
            } else {
                Command::PageUp
            };
            down = !down;
            update(&mut state, Action::Command(command), now);
            terminal.draw(|f| render(f, &state, &theme)).expect("draw");
        })
    });
    c.bench_function("reader/chapter_1mb/relayout_width_80_120", |b| {
        // text width is capped at 80 columns, so alternate between widths
        // that really lay the chapter out again
        let mut wide = true;
        b.iter(|| {
            wide = !wide;
            let w = if wide { 120 } else { 80 };
            update(&mut state, Action::Resize(w, 50), now);
        })
    });
    update(&mut state, Action::Resize(200, 50), now);
    // One keystroke in the search box: the query grows from "prepar" to
    // "prepara" and back, so every iteration searches the whole chapter.
    update(&mut state, Action::Command(Command::Search), now);
    for c in "prepar".chars() {
        update(&mut state, Action::Key(Key::plain(KeyCode::Char(c))), now);
    }
    bench_keystroke(c, &mut state, "search/chapter_1mb/keystroke", 'a');
    update(&mut state, Action::Command(Command::Cancel), now);
    update(&mut state, Action::Command(Command::QuickJump), now);
    bench_keystroke(c, &mut state, "jump/chapter_1mb/keystroke", 's');
}

criterion_group! {
    name = benches;
    config = config();
    targets = reader
}
criterion_main!(benches);
