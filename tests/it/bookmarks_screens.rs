//! Bookmark screens on a `TestBackend` (insta snapshots): the reader's marks,
//! the bookmarks list, the note editor, the empty and missing cases; plus
//! delete/undo, jumping, the mouse, the drill and the saved reading position,
//! each built by dispatching the actions a user's keys would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use chrono::{TimeZone, Utc};
use studyguide::domain::bookmarks::Bookmark;
use studyguide::tui::action::{Action, Command::*, Key, KeyCode, Mouse};
use studyguide::tui::keymap::KeyMode;
use studyguide::tui::state::bookmarks::BookmarksState;
use studyguide::tui::state::position::ReadingPosition;
use studyguide::tui::state::reader::Focus;
use studyguide::tui::state::{Screen, State};
use studyguide::tui::ui::Theme;
use studyguide::tui::update::{Effect, update};

/// Outline index of the "Rapport Building" insight in the bundled chapter.
const RAPPORT: usize = 13;
/// Outline index of the first interview question.
const Q1: usize = 3;

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Action::Key(Key::plain(KeyCode::Char(c))), t0());
    }
}

fn down(n: usize) -> Vec<studyguide::tui::action::Command> {
    vec![Down; n]
}

/// Rapport Building and the first question bookmarked, the question with a note.
fn with_two_bookmarks(width: u16, height: u16) -> State {
    let mut state = bundled_state(width, height);
    press(&mut state, &down(Q1));
    press(&mut state, &[ToggleBookmark, EditNote]);
    type_text(&mut state, "retell with STAR");
    press(&mut state, &[Submit]);
    press(&mut state, &down(RAPPORT - Q1));
    press(&mut state, &[ToggleBookmark]);
    state
}

#[test]
fn reader_shows_the_mark_in_outline_and_gutter() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &down(RAPPORT));
    let effects = press(&mut state, &[ToggleBookmark]);
    assert!(
        matches!(&effects[..], [Effect::SaveBookmark(b)] if b.item_id == "ch17-insight-rapport")
    );
    assert_eq!(
        state.message.as_deref(),
        Some("Bookmarked: Rapport Building")
    );
    let text = screen(&state);
    insta::assert_snapshot!(text);
    assert!(
        text.contains("★    Rapport Building"),
        "outline mark:\n{text}"
    );
    assert!(text.contains("│★ Rapport Building"), "gutter mark:\n{text}");
}

#[test]
fn the_mark_uses_the_bookmark_style() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &down(RAPPORT));
    press(&mut state, &[ToggleBookmark, Up]);
    for theme in [Theme::color(), Theme::plain()] {
        let terminal = draw_with(&state, &theme);
        let buffer = terminal.backend().buffer();
        let marks: Vec<_> = buffer
            .content()
            .iter()
            .filter(|c| c.symbol() == "★")
            .collect();
        assert_eq!(marks.len(), 2, "one in the outline, one in the gutter");
        for cell in marks {
            assert_eq!(cell.fg, theme.bookmark_mark.fg.unwrap_or_default());
            assert!(cell.modifier.contains(theme.bookmark_mark.add_modifier));
        }
    }
}

#[test]
fn toggling_again_removes_and_u_undoes() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &down(RAPPORT));
    press(&mut state, &[ToggleBookmark]);
    let effects = press(&mut state, &[ToggleBookmark]);
    assert_eq!(
        effects,
        vec![Effect::DeleteBookmark("ch17-insight-rapport".into())]
    );
    assert_eq!(
        state.message.as_deref(),
        Some("Bookmark removed (u to undo)")
    );
    assert!(!screen(&state).contains('★'));
    let effects = press(&mut state, &[Undo]);
    assert!(matches!(&effects[..], [Effect::RestoreBookmark(b)] if b.title == "Rapport Building"));
    assert!(screen(&state).contains('★'));
    // and the add before it: undo takes the bookmark away again
    let effects = press(&mut state, &[Undo]);
    assert_eq!(
        effects,
        vec![Effect::DeleteBookmark("ch17-insight-rapport".into())]
    );
    assert!(!state.bookmarks.list.contains("ch17-insight-rapport"));
    assert!(!screen(&state).contains('★'));
}

#[test]
fn bookmarks_list_groups_by_chapter_with_preview_and_note() {
    let mut state = with_two_bookmarks(80, 24);
    press(&mut state, &[GoBookmarks]);
    let text = screen(&state);
    insta::assert_snapshot!(text);
    assert!(text.contains("Chapter 17: Interviews"));
    assert!(text.contains("Note: retell with STAR"));
    assert!(text.contains("d delete"), "hints from the keymap:\n{text}");
    update(&mut state, Action::Resize(40, 12), t0());
    insta::assert_snapshot!("bookmarks_list_40x12", screen(&state));
}

#[test]
fn note_editing_box_saves_on_enter_and_cancels_on_esc() {
    let mut state = with_two_bookmarks(80, 24);
    press(&mut state, &[GoBookmarks, Down, EditNote]);
    assert_eq!(state.key_mode(), KeyMode::Note);
    type_text(&mut state, "smile, ask questions");
    update(&mut state, Action::Paste(" (quit)".into()), t0());
    insta::assert_snapshot!(screen(&state));
    let effects = press(&mut state, &[Submit]);
    assert_eq!(
        effects,
        vec![Effect::SaveNote {
            item_id: "ch17-insight-rapport".into(),
            note: "smile, ask questions (quit)".into()
        }]
    );
    assert_eq!(state.key_mode(), KeyMode::Bookmarks);
    // Esc closes the box without saving the note, and keeps the text
    press(&mut state, &[EditNote]);
    type_text(&mut state, "zzz");
    let effects = press(&mut state, &[Cancel]);
    assert!(
        matches!(&effects[..], [Effect::SaveDraft(d)]
            if d.key == "note:ch17-insight-rapport"
                && d.text == "smile, ask questions (quit)zzz"
                && d.base.as_deref() == Some("smile, ask questions (quit)")),
        "{effects:?}"
    );
    let shown = screen(&state);
    assert!(shown.contains("smile, ask questions (quit)"), "{shown}");
    assert!(
        !shown.contains("zzz"),
        "the note itself is unchanged: {shown}"
    );
    assert!(shown.contains("Note not saved: your text is ke"), "{shown}");
    // and it comes back when the note is edited again
    press(&mut state, &[EditNote]);
    let edit = state.bookmarks.editing.as_ref().expect("editor open");
    assert_eq!(edit.editor.text(), "smile, ask questions (quit)zzz");
    assert!(screen(&state).contains("Draft restored"));
}

#[test]
fn delete_and_undo_several_levels_restore_notes() {
    let mut state = with_two_bookmarks(80, 24);
    press(&mut state, &[GoBookmarks]);
    let first = press(&mut state, &[Delete]);
    let second = press(&mut state, &[Delete]);
    assert_eq!(first, vec![Effect::DeleteBookmark("ch17-sarah-q1".into())]);
    assert_eq!(
        second,
        vec![Effect::DeleteBookmark("ch17-insight-rapport".into())]
    );
    assert!(state.bookmarks.list.is_empty());
    insta::assert_snapshot!("bookmarks_empty", screen(&state));
    press(&mut state, &[Undo]);
    let effects = press(&mut state, &[Undo]);
    assert!(matches!(&effects[..], [Effect::RestoreBookmark(b)] if b.note == "retell with STAR"));
    assert_eq!(state.bookmarks.list.all().len(), 2);
    // then the changes that made them: the second add, the note, the first add
    assert_eq!(
        press(&mut state, &[Undo]),
        vec![Effect::DeleteBookmark("ch17-insight-rapport".into())]
    );
    assert_eq!(
        press(&mut state, &[Undo]),
        vec![Effect::SaveNote {
            item_id: "ch17-sarah-q1".into(),
            note: String::new()
        }]
    );
    assert_eq!(
        press(&mut state, &[Undo]),
        vec![Effect::DeleteBookmark("ch17-sarah-q1".into())]
    );
    assert_eq!(press(&mut state, &[Undo]), vec![]);
    assert_eq!(state.message.as_deref(), Some("Nothing to undo"));
}

#[test]
fn clearing_a_note_can_be_undone() {
    let mut state = with_two_bookmarks(80, 24);
    press(&mut state, &[GoBookmarks, Top, EditNote]);
    for _ in 0.."retell with STAR".len() {
        update(
            &mut state,
            Action::Key(studyguide::tui::action::Key::plain(
                studyguide::tui::action::KeyCode::Backspace,
            )),
            t0(),
        );
    }
    press(&mut state, &[Submit]);
    assert_eq!(
        state
            .bookmarks
            .list
            .get("ch17-sarah-q1")
            .map(|b| b.note.as_str()),
        Some("")
    );
    assert!(
        state
            .message
            .as_deref()
            .is_some_and(|m| m.contains("u to undo")),
        "{:?}",
        state.message
    );
    let effects = press(&mut state, &[Undo]);
    assert_eq!(
        effects,
        vec![Effect::SaveNote {
            item_id: "ch17-sarah-q1".into(),
            note: "retell with STAR".into()
        }]
    );
    assert!(screen(&state).contains("Note: retell with STAR"));
}

#[test]
fn enter_jumps_to_the_item_in_the_reader() {
    let mut state = with_two_bookmarks(80, 24);
    press(&mut state, &[Top, GoBookmarks, Down, Open]);
    assert_eq!(state.screen, Screen::Reader);
    assert_eq!(state.reader.selected, RAPPORT);
    assert_eq!(state.reader.focus, Focus::Content);
    assert_eq!(state.reader.doc.item_at(state.reader.scroll), Some(RAPPORT));
    assert!(screen(&state).contains("Ch 17 › Rapport Building"));
}

#[test]
fn missing_bookmarks_are_listed_and_explained() {
    let mut state = bundled_state(80, 24);
    state.bookmarks = BookmarksState::new(vec![Bookmark {
        item_id: "ch17-insight-renamed".into(),
        chapter_id: "ch17".into(),
        title: "Follow Up Quickly".into(),
        preview: "Send a thank-you note within a day.".into(),
        note: String::new(),
        created: Utc
            .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
            .single()
            .expect("time"),
    }]);
    press(&mut state, &[GoBookmarks]);
    let text = screen(&state);
    assert!(text.contains("Follow Up Quickly (missing)"), "{text}");
    assert!(text.contains("Send a thank-you note within a day."));
    press(&mut state, &[Open]);
    assert_eq!(state.screen, Screen::Bookmarks);
    assert!(
        state
            .message
            .as_deref()
            .is_some_and(|m| m.contains("no longer in the content"))
    );
}

#[test]
fn mouse_click_selects_and_wheel_moves() {
    let mut state = with_two_bookmarks(80, 24);
    press(&mut state, &[GoBookmarks]);
    // rows: tab bar, title, chapter heading, then entry 0 (title, preview, note), entry 1
    update(
        &mut state,
        Action::Mouse(Mouse::Click { column: 5, row: 6 }),
        t0(),
    );
    assert_eq!(state.bookmarks.selected, 1);
    update(
        &mut state,
        Action::Mouse(Mouse::ScrollUp { column: 5, row: 6 }),
        t0(),
    );
    assert_eq!(state.bookmarks.selected, 0);
    update(
        &mut state,
        Action::Mouse(Mouse::ScrollDown { column: 5, row: 6 }),
        t0(),
    );
    assert_eq!(state.bookmarks.selected, 1);
    update(
        &mut state,
        Action::Mouse(Mouse::Click { column: 5, row: 2 }),
        t0(),
    );
    assert_eq!(state.bookmarks.selected, 1, "a heading row selects nothing");
}

#[test]
fn drill_bookmarks_the_current_card() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[GoDrill, ToggleBookmark]);
    assert_eq!(state.message.as_deref(), Some("Open a card to bookmark it"));
    press(&mut state, &[Open]);
    let card = state
        .drill
        .current
        .as_ref()
        .map(|c| c.card_id.clone())
        .expect("a card");
    let effects = press(&mut state, &[ToggleBookmark]);
    assert!(matches!(&effects[..], [Effect::SaveBookmark(b)] if b.item_id == card));
    assert!(
        state
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("Bookmarked: "))
    );
    press(&mut state, &[ToggleBookmark]);
    assert!(
        state
            .message
            .as_deref()
            .is_some_and(|m| m.contains("bookmarks screen"))
    );
}

#[test]
fn reading_position_is_saved_and_restored_at_another_width() {
    let mut state = bundled_state(100, 30);
    press(&mut state, &down(Q1));
    press(&mut state, &[SwitchFocus, Down, Down]);
    let effects = press(&mut state, &[GoBookmarks]);
    let [Effect::SavePosition(value)] = &effects[..] else {
        panic!("expected the position to be saved: {effects:?}");
    };
    let pos = ReadingPosition::decode(value).expect("readable position");
    assert_eq!(
        (pos.item.as_str(), pos.line, pos.content_focus),
        ("ch17-sarah-q1", 2, true)
    );

    for (w, h) in [(100, 30), (70, 20)] {
        let mut again = State::new(
            studyguide::domain::content::bundled::load(),
            Default::default(),
        );
        again.pending_position = Some(pos.clone());
        update(&mut again, Action::Resize(w, h), t0());
        assert_eq!(again.reader.selected, Q1);
        assert_eq!(again.reader.focus, Focus::Content);
        let start = again.reader.doc.line_of(Q1).expect("laid out");
        assert_eq!(
            again.reader.scroll,
            (start + 2).min(again.reader.max_scroll())
        );
    }

    let mut gone = State::new(
        studyguide::domain::content::bundled::load(),
        Default::default(),
    );
    gone.pending_position = ReadingPosition::decode(r#"{"item":"nope","line":9}"#);
    update(&mut gone, Action::Resize(100, 30), t0());
    assert_eq!((gone.reader.selected, gone.reader.scroll), (0, 0));
}

#[test]
fn markdown_and_json_exports() {
    let state = with_two_bookmarks(80, 24);
    let export = studyguide::cli::commands::bookmarks::gather(
        state.bookmarks.list.all(),
        &state.outline,
        &state.library,
        &state.progress.cards,
    );
    let md = studyguide::cli::commands::bookmarks::to_markdown(&export);
    insta::assert_snapshot!(md);
    assert!(md.starts_with("# Bookmarks\n\n## Chapter 17: "));
    let json: serde_json::Value =
        serde_json::from_str(&studyguide::cli::commands::bookmarks::to_json(&export))
            .expect("json");
    assert_eq!(json[1]["id"], "ch17-insight-rapport");
    assert_eq!(json[0]["note"], "retell with STAR");
    assert_eq!(json[0]["created"], "2026-03-02T09:00:00Z");
    assert_eq!(json[0]["missing"], false);
}

#[test]
fn the_reader_shows_a_bookmark_note_when_its_part_is_selected() {
    let mut state = with_two_bookmarks(80, 24);
    // Rapport Building is selected: bookmarked, no note
    state.message = None;
    assert!(!screen(&state).contains("retell with STAR"));
    for _ in 0..(RAPPORT - Q1) {
        press(&mut state, &[Up]);
    }
    state.message = None;
    let text = screen(&state);
    let status = text.lines().last().unwrap_or_default();
    assert!(status.contains("★ retell with STAR"), "{text}");
}

#[test]
fn a_card_bookmark_opens_the_card_preview_without_repeating_the_front() {
    let mut state = bundled_state(80, 24);
    let card = state
        .progress
        .cards
        .iter()
        .find(|c| c.id == "ch17p-ask-team")
        .expect("practice card")
        .clone();
    state.bookmarks =
        BookmarksState::new(vec![studyguide::domain::bookmarks::from_card(&card, t0())]);
    press(&mut state, &[GoBookmarks]);
    let list = screen(&state);
    let front_rows = list
        .lines()
        .filter(|l| l.contains("how the team really works"))
        .count();
    assert_eq!(front_rows, 1, "the front once, as the title:\n{list}");
    assert!(
        list.contains("How does the team usually work"),
        "the preview line is the back:\n{list}"
    );
    press(&mut state, &[Open]);
    assert_eq!(state.key_mode(), KeyMode::Preview);
    let text = screen(&state);
    assert!(
        text.contains("How does the team usually work together"),
        "{text}"
    );
}

/// Issue 27 item 6: a stored note longer than the box (2,000 characters: a
/// note from an older version or another device) opens whole and is saved
/// whole, never cut to the box; the box says so, and takes nothing more
/// until it is shorter.
#[test]
fn a_stored_note_past_the_box_limit_opens_whole_and_is_saved_whole() {
    let mut state = bundled_state(80, 24);
    let long = format!("{}END", "word ".repeat(500));
    state.bookmarks = BookmarksState::new(vec![Bookmark {
        item_id: "ch17-insight-rapport".into(),
        chapter_id: "ch17".into(),
        title: "Rapport Building".into(),
        preview: "Build rapport.".into(),
        note: long.clone(),
        created: Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).single().unwrap(),
    }]);
    press(&mut state, &[GoBookmarks, EditNote]);
    assert_eq!(
        state.message.as_deref(),
        Some("Note kept whole, 503 characters over its limit of 2000: shorten it to add more")
    );
    let edit = state.bookmarks.editing.as_ref().expect("editor open");
    assert_eq!(edit.editor.text(), long);
    type_text(&mut state, "x");
    assert_eq!(
        state.message.as_deref(),
        Some("The note is at its limit of 2000 characters: 1 character(s) were not added")
    );
    update(
        &mut state,
        Action::Key(Key::plain(KeyCode::Backspace)),
        t0(),
    );
    let effects = press(&mut state, &[Submit]);
    assert_eq!(
        effects,
        vec![Effect::SaveNote {
            item_id: "ch17-insight-rapport".into(),
            note: long.strip_suffix('D').unwrap().into()
        }]
    );
    // a draft past the limit (Esc keeps the text) comes back whole too
    press(&mut state, &[EditNote]);
    update(
        &mut state,
        Action::Key(Key::plain(KeyCode::Backspace)),
        t0(),
    );
    press(&mut state, &[Cancel, EditNote]);
    assert_eq!(
        state.message.as_deref(),
        Some(
            "Draft restored and kept whole, 501 characters over its limit of 2000: shorten \
             it to add more"
        )
    );
    let edit = state.bookmarks.editing.as_ref().expect("editor open");
    assert_eq!(edit.editor.text(), long.strip_suffix("ND").unwrap());
}
