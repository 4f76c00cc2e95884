//! A committed random-action test of `update` + `render`: hundreds of runs,
//! each a random mix of terminal sizes, keys resolved through the keymap as
//! the terminal would, pastes (huge ones too), clicks, wheel turns and
//! grades, with effects carried out by the real effect runner (no store).
//! Nothing may panic. Seeds are fixed, so a failure replays; the run count
//! keeps it to seconds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{screen, t0};
use chrono::Duration;
use studyguide::tui::action::{Action, Command, Key, KeyCode, Mouse};
use studyguide::tui::effect_runner::EffectRunner;
use studyguide::tui::keymap::Keymap;
use studyguide::tui::state::State;
use studyguide::tui::state::interview::MAX_INTERVIEW_ANSWER as MAX_PASTE_CHARS;

/// xorshift64*: small, deterministic, good enough to pick actions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const CHARS: &[char] = &[
    'j', 'k', 'g', 'G', 'q', '/', ':', '!', '?', '1', '2', '3', '4', ' ', 'b', 'e', 'u', 'n', 'N',
    'c', 'd', '[', ']', 'x', 'é', '中', '\u{1b}', '\u{202e}',
];

const CODES: &[KeyCode] = &[
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Backspace,
    KeyCode::Delete,
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Left,
    KeyCode::Right,
    KeyCode::Home,
    KeyCode::End,
    KeyCode::PageUp,
    KeyCode::PageDown,
    KeyCode::F(1),
];

const PASTES: &[&str] = &[
    "hello",
    "two\nlines\tand tabs",
    "\u{1b}]0;title\u{7}",
    "中文 テキスト",
    "",
];

const GRADES: &[Command] = &[
    Command::Reveal,
    Command::GradeAgain,
    Command::GradeHard,
    Command::GradeGood,
    Command::GradeEasy,
    Command::Undo,
];

fn random_action(rng: &mut Rng, state: &State) -> Action {
    match rng.below(100) {
        0..=44 => {
            let code = if rng.below(3) == 0 {
                *rng.pick(CODES)
            } else {
                KeyCode::Char(*rng.pick(CHARS))
            };
            let key = Key {
                code,
                ctrl: rng.below(12) == 0,
                alt: rng.below(20) == 0,
                shift: false,
            };
            match state.keymap.resolve(state.key_mode(), key) {
                Some(command) => Action::Command(command),
                None => Action::Key(key),
            }
        }
        45..=64 => Action::Command(*rng.pick(GRADES)),
        65..=72 => {
            let text = if rng.below(10) == 0 {
                "x".repeat(MAX_PASTE_CHARS + 1 + rng.below(5000) as usize)
            } else {
                rng.pick(PASTES).to_string()
            };
            Action::Paste(text)
        }
        73..=86 => {
            let (w, h) = state.size;
            let column = rng.below(u64::from(w) + 2) as u16;
            let row = rng.below(u64::from(h) + 2) as u16;
            Action::Mouse(match rng.below(3) {
                0 => Mouse::Click { column, row },
                1 => Mouse::ScrollUp { column, row },
                _ => Mouse::ScrollDown { column, row },
            })
        }
        87..=89 => Action::Resize(1 + rng.below(220) as u16, 1 + rng.below(70) as u16),
        _ => Action::Command(*rng.pick(&[
            Command::GoReader,
            Command::GoDrill,
            Command::GoBookmarks,
            Command::GoStats,
            Command::EditNote,
            Command::ToggleBookmark,
            Command::Submit,
            Command::Close,
        ])),
    }
}

/// After each of many random actions at random sizes (no store: answers
/// are kept in memory): the screen fills the terminal and no more, the
/// reader's selection is a part of the outline, and every answer kept is to
/// a card of the library, in the order given.
#[test]
fn random_actions_keep_the_state_whole() {
    let library = studyguide::domain::content::bundled::load();
    let mut answered = 0usize;
    for seed in 1..=200u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let mut state = State::new(library.clone(), Keymap::default());
        let mut effects = EffectRunner::new(None);
        let mut now = t0();
        let size = Action::Resize(10 + rng.below(190) as u16, 4 + rng.below(60) as u16);
        effects.dispatch(&mut state, size, now);
        for step in 0..30 {
            let action = random_action(&mut rng, &state);
            now += Duration::seconds(rng.below(4000) as i64);
            if effects.dispatch(&mut state, action, now) {
                break;
            }
            assert!(
                state.reader.selected < state.outline.len().max(1),
                "seed {seed} step {step}: selected {} of {}",
                state.reader.selected,
                state.outline.len()
            );
            if step % 6 == 0 {
                assert_fits(&state, seed);
            }
        }
        assert_fits(&state, seed);
        let reviews = &state.progress.reviews;
        for (_, r) in reviews {
            assert!(
                state.progress.card(&r.card_id).is_some(),
                "seed {seed}: an answer to {}, no such card",
                r.card_id
            );
        }
        assert!(
            reviews.windows(2).all(|w| w[0].1.at <= w[1].1.at),
            "seed {seed}: answers out of order"
        );
        answered += reviews.len();
    }
    assert!(
        answered > 0,
        "no run answered a card: the actions miss the drill"
    );
}

/// The screen drawn is the terminal's size: as many lines, none wider.
fn assert_fits(state: &State, seed: u64) {
    let (w, h) = state.size;
    let text = screen(state);
    assert_eq!(text.lines().count(), usize::from(h), "seed {seed}\n{text}");
    assert!(
        text.lines().all(|l| l.chars().count() <= usize::from(w)),
        "seed {seed}\n{text}"
    );
}

#[test]
fn a_huge_paste_is_cut_with_a_message() {
    let mut state = crate::common::bundled_state(80, 24);
    let mut effects = EffectRunner::new(None);
    for command in [Command::Down, Command::ToggleBookmark, Command::GoBookmarks] {
        effects.dispatch(&mut state, Action::Command(command), t0());
    }
    effects.dispatch(&mut state, Action::Command(Command::EditNote), t0());
    assert!(state.bookmarks.editing.is_some(), "the note editor is open");
    // 5 MB, as a terminal would deliver one bracketed paste.
    effects.dispatch(&mut state, Action::Paste("ab\n".repeat(1_700_000)), t0());
    let message = state.message.clone().unwrap_or_default();
    assert!(
        message.contains("The note is at its limit of 2000 characters"),
        "{message}"
    );
    assert!(
        message.contains("the last 5098000 character(s) of the paste were not added"),
        "{message}"
    );
    let editing = state.bookmarks.editing.as_ref().unwrap();
    assert!(
        editing.editor.text().starts_with("ab\nab\n"),
        "newlines kept"
    );
    assert_eq!(editing.editor.char_count(), 2000);
    assert!(screen(&state).contains("at its limit of 2000"));
}
