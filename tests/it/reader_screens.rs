//! Reader screens on a `TestBackend`, compared with insta snapshots, at the
//! sizes people use; each built by dispatching the actions keys would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use ratatui::style::Modifier;
use studyguide::tui::action::{Action, Command::*};
use studyguide::tui::ui::Theme;
use studyguide::tui::update::{Effect, update};

#[test]
fn reader_opens_on_the_chapter_at_80x24() {
    let state = bundled_state(80, 24);
    insta::assert_snapshot!(screen(&state));
}

#[test]
fn reader_after_moving_to_a_question_at_80x24() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Down, Down, Down, Open]);
    insta::assert_snapshot!(screen(&state));
}

#[test]
fn reader_narrow_shows_one_pane_at_40x12() {
    let mut state = bundled_state(40, 12);
    insta::assert_snapshot!("narrow_outline", screen(&state));
    press(&mut state, &[Down, Open]);
    insta::assert_snapshot!("narrow_content", screen(&state));
}

#[test]
fn reader_wide_at_200x50() {
    let mut state = bundled_state(200, 50);
    press(&mut state, &[Bottom]);
    insta::assert_snapshot!(screen(&state));
}

#[test]
fn help_overlay_lists_keys_from_the_keymap() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Help]);
    let text = screen(&state);
    insta::assert_snapshot!(text);
    assert!(text.contains("move down"));
    press(&mut state, &[Close]);
    assert!(!screen(&state).contains("Keys"));
}

#[test]
fn selected_outline_row_is_highlighted() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Down]);
    let terminal = draw_with(&state, &Theme::color());
    let buffer = terminal.backend().buffer();
    // row 4 is the second outline entry (tab bar, pane title, the chapter's
    // title on two rows, introduction)
    let cell = &buffer[(2, 4)];
    assert!(
        cell.modifier.contains(Modifier::REVERSED),
        "selected row should be reversed: {cell:?}"
    );
    let other = &buffer[(2, 5)];
    assert!(!other.modifier.contains(Modifier::REVERSED));
}

#[test]
fn no_color_theme_uses_no_colours() {
    let state = bundled_state(80, 24);
    let terminal = draw_with(&state, &Theme::plain());
    for cell in terminal.backend().buffer().content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

#[test]
fn paging_scrolls_and_percentage_grows() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[SwitchFocus]);
    let before = state.reader.percent();
    press(&mut state, &[PageDown]);
    assert!(state.reader.scroll > 0);
    assert!(state.reader.percent() > before);
    press(&mut state, &[Bottom]);
    assert_eq!(state.reader.percent(), 100);
    press(&mut state, &[Top]);
    assert_eq!(state.reader.scroll, 0);
}

#[test]
fn too_small_terminal_gets_a_note_and_tiny_sizes_do_not_panic() {
    for (w, h) in [(1, 1), (2, 2), (10, 3), (19, 10)] {
        let state = bundled_state(w, h);
        let text = screen(&state);
        if w >= 10 {
            assert!(text.contains("Terminal"), "{w}x{h}: {text}");
        }
    }
}

#[test]
fn resize_keeps_the_reading_place() {
    let mut state = bundled_state(100, 30);
    press(&mut state, &[Down, Down, Down, Down, Down, Open]);
    let item = state.reader.selected;
    update(&mut state, Action::Resize(60, 20), t0());
    update(&mut state, Action::Resize(100, 30), t0());
    assert_eq!(state.reader.selected, item);
    assert_eq!(state.reader.doc.item_at(state.reader.scroll), Some(item));
}

#[test]
fn quit_gives_the_quit_effect() {
    let mut state = bundled_state(80, 24);
    let effects = press(&mut state, &[Quit]);
    assert_eq!(effects.last(), Some(&Effect::Quit));
    assert!(
        matches!(effects[..], [Effect::SavePosition(_), Effect::Quit]),
        "the reading position is saved first: {effects:?}"
    );
}

#[test]
fn help_scrolls_to_its_end_and_no_further() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Help]);
    press(&mut state, &[Down; 500]);
    let bottom = screen(&state);
    assert!(bottom.contains("This help"), "{bottom}");
    press(&mut state, &[Up]);
    assert_ne!(screen(&state), bottom, "one step up moves at once");
}

/// The sizes every screen is drawn at.
const SIZES: [(u16, u16); 3] = [(40, 12), (80, 24), (200, 50)];

#[test]
fn outline_names_interviews_by_person_and_role_at_every_size() {
    for (w, h) in SIZES {
        let state = bundled_state(w, h);
        let text = screen(&state);
        insta::assert_snapshot!(format!("outline_{w}x{h}"), text);
        assert!(text.contains("Sarah Johnson —"), "{w}x{h}:\n{text}");
        if h >= 24 {
            assert!(text.contains("John Mitchell — HR manager"), "{text}");
        }
        // the text pane keeps the chapter's own heading
        if w >= 80 {
            assert!(
                text.contains("Interview with a Successful Job Seeker"),
                "{text}"
            );
        }
    }
    // wide screens: the whole outline title on one row, the text column centred
    let state = bundled_state(200, 50);
    let text = screen(&state);
    assert!(text.contains("Sarah Johnson — successful job seeker"));
    let intro = text
        .lines()
        .find(|l| l.contains("In this chapter, we will"))
        .expect("introduction on screen");
    let divider = intro.find('│').expect("pane border");
    let start = intro.find("In this chapter").expect("text");
    assert!(start > divider + 10, "text not centred:\n{intro}");
}

#[test]
fn a_click_on_a_wrapped_outline_row_selects_its_item() {
    let mut state = bundled_state(80, 24);
    let text = screen(&state);
    // find the screen row of "John Mitchell"
    let row = text
        .lines()
        .position(|l| l.contains("John Mitchell"))
        .expect("John on screen") as u16;
    update(
        &mut state,
        Action::Mouse(studyguide::tui::action::Mouse::Click { column: 5, row }),
        t0(),
    );
    let selected = &state.outline[state.reader.selected];
    assert!(
        selected.title.starts_with("John Mitchell"),
        "{}",
        selected.title
    );
}

#[test]
fn quick_jump_finds_interviews_and_questions_by_person() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[QuickJump]);
    for c in "sarah".chars() {
        update(
            &mut state,
            Action::Key(studyguide::tui::action::Key::plain(
                studyguide::tui::action::KeyCode::Char(c),
            )),
            t0(),
        );
    }
    let text = screen(&state);
    assert!(
        text.contains("Sarah Johnson — successful job seeker"),
        "{text}"
    );
    assert!(text.contains("Sarah · Q2. How did you handle"), "{text}");
}

#[test]
fn help_scrolls_and_says_what_is_below_at_every_size() {
    for (w, h) in SIZES {
        let mut state = bundled_state(w, h);
        press(&mut state, &[Help]);
        let top = screen(&state);
        assert!(top.contains("more: j PgDn G"), "{w}x{h}:\n{top}");
        press(&mut state, &[PageDown]);
        let paged = screen(&state);
        assert_ne!(top, paged, "PgDn scrolls at {w}x{h}");
        insta::assert_snapshot!(format!("help_scrolled_{w}x{h}"), paged);
        press(&mut state, &[Bottom]);
        let bottom = screen(&state);
        assert!(!bottom.contains("more: j"), "{bottom}");
        assert!(bottom.contains("k PgUp g"), "{bottom}");
        press(&mut state, &[Top]);
        assert_eq!(screen(&state), top);
    }
}

#[test]
fn decks_without_a_chapter_say_so_and_offer_the_drill() {
    let deck = "kind = \"deck\"\nid = \"d\"\ntitle = \"Practice\"\n[[cards]]\nid = \"c1\"\nfront = \"Q?\"\nback = \"A.\"\n";
    let library = studyguide::domain::content::load_files([("d.toml", deck.as_bytes())]);
    for (w, h) in SIZES {
        let state = state_for(library.clone(), w, h);
        let text = screen(&state);
        assert!(text.contains("No chapter to read here."), "{text}");
        assert!(text.contains("press 2 to drill"), "{text}");
        assert!(!text.contains("100%"), "{text}");
    }
}
