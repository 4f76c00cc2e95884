//! Every screen drawn at sizes from 1x1 to 300x100 on a `TestBackend`: no
//! panic, nothing drawn outside the buffer, and below the minimum size a
//! short note instead of a broken layout. Adding a screen is one line in
//! [`SCREENS`].
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use studyguide::domain::content::{Library, load_files};
use studyguide::tui::action::{Action, Command, Command::*, Key, KeyCode};
use studyguide::tui::state::{State, geometry};
use studyguide::tui::update::update;

const SIZES: &[(u16, u16)] = &[
    (1, 1),
    (2, 2),
    (10, 3),
    (20, 5),
    (40, 10),
    (80, 24),
    (100, 30),
    (120, 40),
    (200, 50),
    (300, 100),
];

const TYPED_DECK: &str = "kind = \"deck\"\nid = \"d\"\ntitle = \"Practice\"\n[[cards]]\nid = \"t1\"\nkind = \"typed\"\nfront = \"Tell me about a conflict you solved.\"\nback = \"Situation, Task, Action, Result.\"\n";
const BROKEN: &str = "id = \"x\"\nnumber = \"one\"\ntitle = \"Broken\"\n";

fn bundled_with(extra: &[(&'static str, &'static str)]) -> Library {
    let files = studyguide::domain::content::bundled::FILES
        .iter()
        .chain(extra)
        .map(|(n, t)| (*n, t.as_bytes()));
    load_files(files)
}

/// A screen: its name, the content it needs and the keys that reach it.
struct ScreenCase {
    name: &'static str,
    library: fn() -> Library,
    keys: &'static [Command],
    /// Characters typed after the keys.
    typed: &'static str,
}

const SCREENS: &[ScreenCase] = &[
    ScreenCase {
        name: "reader",
        library: studyguide::domain::content::bundled::load,
        keys: &[Down, Down, Down, Open],
        typed: "",
    },
    ScreenCase {
        name: "reader bottom",
        library: studyguide::domain::content::bundled::load,
        keys: &[Bottom, SwitchFocus, PageDown],
        typed: "",
    },
    ScreenCase {
        name: "drill chooser",
        library: studyguide::domain::content::bundled::load,
        keys: &[GoDrill],
        typed: "",
    },
    ScreenCase {
        name: "drill front",
        library: studyguide::domain::content::bundled::load,
        keys: &[GoDrill, Open],
        typed: "",
    },
    ScreenCase {
        name: "drill back",
        library: studyguide::domain::content::bundled::load,
        keys: &[GoDrill, Open, Reveal],
        typed: "",
    },
    ScreenCase {
        name: "typed answer",
        library: || load_files([("d.toml", TYPED_DECK.as_bytes())]),
        keys: &[GoDrill, Open],
        typed: "I mediated",
    },
    ScreenCase {
        name: "help",
        library: studyguide::domain::content::bundled::load,
        keys: &[Help],
        typed: "",
    },
    ScreenCase {
        name: "stats",
        library: studyguide::domain::content::bundled::load,
        keys: &[GoStats],
        typed: "",
    },
    ScreenCase {
        name: "errors pane",
        library: || bundled_with(&[("broken.toml", BROKEN)]),
        keys: &[ShowErrors],
        typed: "",
    },
];

fn reach(case: &ScreenCase, width: u16, height: u16) -> State {
    let mut state = state_for((case.library)(), width, height);
    press(&mut state, case.keys);
    for c in case.typed.chars() {
        update(&mut state, Action::Key(Key::plain(KeyCode::Char(c))), t0());
    }
    state
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn every_screen_draws_at_every_size() {
    for case in SCREENS {
        for &(w, h) in SIZES {
            // Reached at this size, and reached at 80x24 then resized.
            let direct = screen(&reach(case, w, h));
            let mut resized = reach(case, 80, 24);
            update(&mut resized, Action::Resize(w, h), t0());
            let after = screen(&resized);
            for (how, text) in [("direct", &direct), ("resized", &after)] {
                assert_eq!(
                    text.lines().count(),
                    h as usize,
                    "{} {how} {w}x{h}",
                    case.name
                );
                if geometry::too_small(w, h) {
                    if w * h >= 30 {
                        assert!(
                            squeeze(text).contains("Terminaltoosmall"),
                            "{} {how} {w}x{h} must say it is too small:\n{text}",
                            case.name
                        );
                    }
                } else {
                    assert!(
                        !text.contains("too small"),
                        "{} {how} {w}x{h}:\n{text}",
                        case.name
                    );
                    assert!(
                        !text.trim().is_empty(),
                        "{} {how} {w}x{h} is blank",
                        case.name
                    );
                }
            }
        }
    }
}

#[test]
fn screens_reach_what_their_names_say() {
    let text = |name: &str| {
        let case = SCREENS.iter().find(|c| c.name == name).expect("screen");
        screen(&reach(case, 100, 30))
    };
    assert!(text("drill back").contains("Good ·"));
    assert!(text("typed answer").contains("I mediated"));
    assert!(text("help").contains("move down"));
    assert!(text("errors pane").contains("broken.toml:2:"));
}
