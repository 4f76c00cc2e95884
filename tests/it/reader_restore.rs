//! A returning user's start on a big chapter: the saved reading position is
//! restored with only the part of the chapter it shows laid out; the rest is
//! laid out after the first frame (`Action::CompleteLayout`) and then equals
//! a layout of the whole chapter in one go. (How fast, the benches measure.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use studyguide::domain::content;
use studyguide::domain::document::Document;
use studyguide::tui::action::Action;
use studyguide::tui::keymap::Keymap;
use studyguide::tui::state::State;
use studyguide::tui::state::position::ReadingPosition;
use studyguide::tui::state::reader::Focus;
use studyguide::tui::update::update;

/// A state on a generated 1 MB chapter whose saved position is `line` lines
/// into the outline item at `item`, after the first resize (what the app
/// draws as its first frame).
fn restored(item: usize, line: i64, content_focus: bool, width: u16, height: u16) -> State {
    let text = studyguide::generate::chapter_toml(17, 900, 1_000_000);
    let library = content::load_files([("chapter-900.toml", text.as_bytes())]);
    assert!(
        library.problems.is_empty(),
        "{:?}",
        library.problems.first()
    );
    let mut state = State::new(library, Keymap::default());
    state.pending_position = Some(ReadingPosition {
        item: state.outline[item].id.clone(),
        line,
        content_focus,
        laid_out: None,
    });
    update(&mut state, Action::Resize(width, height), t0());
    state
}

/// The text rows of the screen that show document lines `first..first + rows`.
fn shows_lines(screen: &str, doc: &Document, first: usize, rows: usize) {
    for line in doc.lines.iter().skip(first).take(rows) {
        let text = line.plain();
        let text = text.trim();
        if !text.is_empty() {
            assert!(screen.contains(text), "{text:?} not on screen:\n{screen}");
        }
    }
}

fn check_restore(item_of: fn(usize) -> usize, line: i64, content_focus: bool, w: u16, h: u16) {
    let probe = restored(0, 0, false, w, h);
    let item = item_of(probe.outline.len());
    let mut state = restored(item, line, content_focus, w, h);
    let reader = &state.reader;
    let full = Document::build(&state.outline, 0, reader.doc.width);
    assert!(
        reader.doc.is_partial(),
        "only the saved place is laid out before the first frame ({} of {} lines)",
        reader.doc.lines.len(),
        full.lines.len()
    );
    assert!(reader.doc.lines.len() < full.lines.len() / 4);
    assert_eq!(reader.selected, item);
    assert_eq!(
        reader.focus,
        if content_focus {
            Focus::Content
        } else {
            Focus::Outline
        }
    );
    let start = full.line_of(item).expect("item laid out");
    assert_eq!(
        reader.scroll,
        start + line as usize,
        "scrolled to the saved line"
    );
    assert_eq!(reader.doc.lines[..], full.lines[..reader.doc.lines.len()]);
    shows_lines(&screen(&state), &full, reader.scroll, reader.view_height);

    update(&mut state, Action::CompleteLayout, t0());
    let reader = &state.reader;
    assert!(!reader.doc.is_partial());
    assert_eq!(reader.doc.lines, full.lines);
    assert_eq!(reader.doc.line_item, full.line_item);
    assert_eq!(reader.doc.spans, full.spans);
    assert_eq!(
        reader.scroll,
        start + line as usize,
        "completing keeps the place"
    );
    assert_eq!(reader.selected, item);
    shows_lines(&screen(&state), &full, reader.scroll, reader.view_height);
}

#[test]
fn saved_position_in_the_middle_lays_out_only_up_to_it_before_the_first_frame() {
    check_restore(|n| n / 5, 3, true, 80, 24);
}

#[test]
fn saved_position_restores_on_a_narrow_terminal_with_the_text_focused() {
    // Under 60 columns the focused text takes the whole width: the restore
    // lays out again at that width and must still find the saved item.
    check_restore(|n| n / 6, 2, true, 40, 12);
}

#[test]
fn saved_position_far_into_an_item_lays_out_enough_to_show_it() {
    check_restore(|n| n / 7, 120, false, 200, 50);
}
