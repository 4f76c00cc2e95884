//! The text editor on screen: a multi-line typed answer (paragraphs, a
//! wide emoji, more rows than the box shows) at 40x12, 80x24 and 200x50,
//! the box grown to about a third of the screen and scrolled so the cursor
//! is in it, right after the last character (`❤️` counted two columns).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use studyguide::domain::content::load_files;
use studyguide::tui::action::{Action, Command, Command::*, Key, KeyCode};
use studyguide::tui::state::State;
use studyguide::tui::update::update;

use crate::common::*;

const DECK: &str = "kind = \"deck\"\nid = \"d\"\ntitle = \"Practice\"\n[[cards]]\nid = \"t1\"\nkind = \"typed\"\nfront = \"Tell me about a time you disagreed with a colleague.\"\nback = \"Use STAR.\"\n";

const SIZES: [(u16, u16); 3] = [(40, 12), (80, 24), (200, 50)];

fn typing_state(width: u16, height: u16) -> State {
    let library = load_files([("d.toml", DECK.as_bytes())]);
    let mut state = state_for(library, width, height);
    for c in [GoDrill, Open] {
        update(&mut state, Action::Command(c), t0());
    }
    state
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Action::Key(Key::plain(KeyCode::Char(c))), t0());
    }
}

fn command(state: &mut State, c: Command) {
    update(state, Action::Command(c), t0());
}

#[test]
fn a_multi_line_answer_box_at_every_size() {
    for (w, h) in SIZES {
        let mut state = typing_state(w, h);
        type_text(
            &mut state,
            "Situation: two leads disagreed about the release date.",
        );
        command(&mut state, Newline);
        command(&mut state, Newline);
        update(
            &mut state,
            Action::Paste(
                "Task: agree on one plan within a week.\n\nAction: I put both plans side by side \
                 with their risks, and we chose together."
                    .into(),
            ),
            t0(),
        );
        command(&mut state, Newline);
        command(&mut state, Newline);
        type_text(&mut state, "Result: shipped on time ❤️");
        let text = screen(&state);
        insta::assert_snapshot!(format!("multi_line_answer_{w}x{h}"), text);
        assert!(text.contains("shipped on time"), "{w}x{h}: {text}");
        assert!(text.contains("words ·"), "the counts at {w}x{h}: {text}");
        // the cursor is right after the heart, which takes two columns
        let mut terminal = draw_with(&state, &studyguide::tui::ui::Theme::color());
        let cursor = terminal.get_cursor_position().unwrap();
        let row: String = text.lines().nth(cursor.y as usize).unwrap().to_string();
        let before: String = row.chars().take_while(|c| *c != '❤').collect();
        let heart_column = studyguide::domain::text::width::width(&before) as u16;
        assert_eq!(
            cursor.x,
            heart_column + 2,
            "{w}x{h}: cursor after ❤️ in {row:?}"
        );
        // the box takes at most about a third of the screen
        let box_rows = state.drill.editor.view(1000, 1000).total;
        assert!(box_rows >= 5, "{box_rows}");
    }
}

#[test]
fn up_moves_through_wrapped_rows_and_the_box_scrolls_back() {
    let mut state = typing_state(40, 12);
    type_text(
        &mut state,
        "one two three four five six seven eight nine ten eleven twelve",
    );
    command(&mut state, Newline);
    type_text(&mut state, "last");
    let before = screen(&state);
    assert!(
        !before.contains("one two"),
        "the first row scrolled away: {before}"
    );
    for _ in 0..4 {
        update(&mut state, Action::Key(Key::plain(KeyCode::Up)), t0());
    }
    let after = screen(&state);
    assert!(
        after.contains("one two"),
        "Up scrolled back to the top: {after}"
    );
    let mut terminal = draw_with(&state, &studyguide::tui::ui::Theme::color());
    let cursor = terminal.get_cursor_position().unwrap();
    let row = after.lines().nth(cursor.y as usize).unwrap();
    assert!(
        row.contains("one two"),
        "the cursor is on the first row: {row}"
    );
}
