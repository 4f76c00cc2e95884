//! Zero-width and bidi characters in content or stored notes (issue 27
//! item 12): no cell of any screen holds a bidi control, another control or
//! a line separator, the columns after such a character stay in place, and
//! zero-width characters take no column in the layout.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use studyguide::domain::bookmarks::Bookmark;
use studyguide::tui::action::{Action, Command};
use studyguide::tui::state::State;
use studyguide::tui::state::bookmarks::BookmarksState;
use studyguide::tui::ui::Theme;
use studyguide::tui::update::update;

use crate::common::*;

/// Text a note written by another program (or an older build) may hold:
/// a right-to-left override, an isolate, a mark, separators, zero-width
/// characters, a C1 control and an escape sequence.
const HOSTILE: &str =
    "ab\u{202e}cd\u{2028}ef\u{200b}gh\u{2066}ij\u{200f}kl\u{feff}mn\u{2029}op\u{85}qr\u{1b}[31mst";

fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
                | '\u{2028}' | '\u{2029}'
        )
}

/// Every cell of the drawn screen, row by row.
fn rows(state: &State) -> Vec<Vec<String>> {
    let terminal = draw_with(state, &Theme::plain());
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

fn assert_safe(state: &State, what: &str) {
    for (y, row) in rows(state).iter().enumerate() {
        for (x, cell) in row.iter().enumerate() {
            assert!(
                !cell.chars().any(unsafe_char),
                "{what}: cell ({x}, {y}) holds {cell:?}"
            );
        }
    }
}

#[test]
fn a_stored_note_with_bidi_and_separators_draws_nothing_unsafe() {
    for (width, height) in [(40, 12), (80, 24), (200, 50)] {
        let mut state = bundled_state(width, height);
        let bookmark = Bookmark {
            item_id: "ch17-intro".into(),
            chapter_id: "ch17".into(),
            title: format!("Intro {HOSTILE}"),
            preview: format!("Preview {HOSTILE}"),
            note: HOSTILE.into(),
            created: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        };
        state.bookmarks = BookmarksState::new(vec![bookmark]);
        update(&mut state, Action::Command(Command::GoBookmarks), t0());
        assert_safe(&state, &format!("bookmarks {width}x{height}"));
        let text = screen(&state);
        assert!(text.contains("abcd"), "the text around is kept:\n{text}");
        // the reader's status line shows the selected part's note
        update(&mut state, Action::Command(Command::GoReader), t0());
        update(&mut state, Action::Command(Command::Down), t0());
        assert_safe(&state, &format!("reader {width}x{height}"));
    }
}

/// A chapter whose introduction is `body`.
fn chapter(body: &str) -> studyguide::domain::content::Library {
    let text = format!(
        "id = \"z\"\nnumber = 3\ntitle = \"Zero\"\n[introduction]\nid = \"z-intro\"\n\
         title = \"Introduction\"\nbody = \"\"\"\n{body}\n\"\"\"\n"
    );
    studyguide::domain::content::load_files([("z.toml", text.as_bytes())])
}

#[test]
fn zero_width_characters_take_no_column_in_the_layout() {
    let words = "interview preparation rapport enthusiasm questions answers ";
    let plain = words.repeat(12);
    // a zero-width space after every word, a joiner and a BOM inside some
    let hidden = words
        .split(' ')
        .map(|w| format!("{w}\u{200b}"))
        .collect::<Vec<_>>()
        .join(" ")
        .replace("rapport", "rap\u{200d}port")
        .replace("answers", "ans\u{feff}wers")
        .repeat(12);
    for (width, height) in [(40, 12), (80, 24)] {
        let mut shown = Vec::new();
        for body in [&plain, &hidden] {
            let mut state = state_for(chapter(body), width, height);
            update(&mut state, Action::Command(Command::Down), t0());
            update(&mut state, Action::Command(Command::Open), t0());
            assert_safe(&state, "reader");
            // a joiner stays inside the cell of the letter before it
            let text: Vec<String> = rows(&state)
                .iter()
                .map(|r| r.concat().replace('\u{200d}', ""))
                .collect();
            shown.push(text);
        }
        assert_eq!(
            shown[0], shown[1],
            "{width}x{height}: the same rows, columns"
        );
        assert!(shown[0].iter().any(|r| r.contains("rapport")), "{shown:#?}");
    }
}
