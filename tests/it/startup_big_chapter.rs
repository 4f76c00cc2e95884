//! A returning user's start on big chapters with a warm content cache, as
//! the app makes it (`load_dir_deferred`, `State::first_screen`, the saved
//! position, the first resize), against a start from the whole library
//! read before the first frame: the first frame is the same to the cell,
//! and once what start-up left for later is in place (`Action::Loaded`,
//! then `Action::CompleteLayout`) the outline, the laid-out chapter, the
//! place and what keys do are the same too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use crate::common::*;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use studyguide::domain::content::Library;
use studyguide::domain::schedule::day::Zone;
use studyguide::domain::schedule::{Scheduler, SchedulerConfig};
use studyguide::store::content_cache::{load_dir_cached, load_dir_deferred};
use studyguide::tui::action::{Action, Command};
use studyguide::tui::keymap::Keymap;
use studyguide::tui::startup::Deferred;
use studyguide::tui::state::State;
use studyguide::tui::state::position::ReadingPosition;
use studyguide::tui::state::reader::Focus;
use studyguide::tui::ui::Theme;
use studyguide::tui::update::update;

/// A content directory with two generated chapters (about 300 KB and
/// 120 KB), its cache warmed, and the library read whole from it: made
/// once for the module's tests, which only read them (a warm cache is not
/// written to).
struct Fixture {
    _root: tempfile::TempDir,
    content: PathBuf,
    cache: PathBuf,
    library: Library,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        std::fs::create_dir(&content).unwrap();
        let big = studyguide::generate::chapter_toml(7, 900, 300_000);
        let small = studyguide::generate::chapter_toml(8, 901, 120_000);
        std::fs::write(content.join("chapter-900.toml"), big).unwrap();
        std::fs::write(content.join("chapter-901.toml"), small).unwrap();
        let cache = root.path().join("cache");
        load_dir_cached(&content, &cache);
        let library = studyguide::store::content_dir::load_dir(&content);
        Fixture {
            _root: root,
            content,
            cache,
            library,
        }
    });
    &FIXTURE
}

fn buffer(state: &State) -> Buffer {
    draw_with(state, &Theme::color()).backend().buffer().clone()
}

/// After the first frame: what start-up left is read and put in place and
/// the rest of the chapter is laid out, as the app loop does.
fn finish(state: &mut State, deferred: Option<Deferred>) {
    if let Some(deferred) = deferred {
        let loaded = deferred.load(None);
        update(state, Action::Loaded(Box::new(loaded)), t0());
    }
    while state.reader.doc.is_partial() {
        assert!(!state.reader.doc.waits_for_bodies());
        update(state, Action::CompleteLayout, t0());
    }
}

/// Before the first frame, as the app loop does: when the first screen
/// needs bodies start-up did not read, the rest is read first.
fn before_first_frame(state: &mut State, deferred: Deferred) -> Option<Deferred> {
    if !state.reader.doc.waits_for_bodies() {
        return Some(deferred);
    }
    let loaded = deferred.load(None);
    update(state, Action::Loaded(Box::new(loaded)), t0());
    None
}

fn deferred(content: Option<studyguide::store::content_cache::DeferredContent>) -> Deferred {
    Deferred { content }
}

/// The app's start: the library through the warm cache, the saved position.
fn start_from_cache(
    content: &Path,
    cache: &Path,
    saved: Option<&ReadingPosition>,
    size: (u16, u16),
) -> (State, Deferred) {
    let (library, rest, _) = load_dir_deferred(content, cache, saved.map(ReadingPosition::shown));
    start(library, deferred(rest), saved, size)
}

fn start(
    library: studyguide::domain::content::Library,
    rest: Deferred,
    saved: Option<&ReadingPosition>,
    size: (u16, u16),
) -> (State, Deferred) {
    let scheduler = Scheduler::new(SchedulerConfig::default());
    let mut state = State::first_screen(library, Keymap::default(), scheduler, Zone::utc());
    state.pending_position = saved.cloned();
    update(&mut state, Action::Resize(size.0, size.1), t0());
    (state, rest)
}

/// The position a previous session at `size` saves when it quits at the
/// outline item at `pick` (a fraction of the outline), `line` lines into it.
fn saved_by_a_previous_session(
    library: &studyguide::domain::content::Library,
    pick: f64,
    line: i64,
    content_focus: bool,
    size: (u16, u16),
) -> ReadingPosition {
    let (mut before, _) = start(library.clone(), deferred(None), None, size);
    finish(&mut before, None);
    let item = ((before.outline.len() as f64 * pick) as usize).min(before.outline.len() - 1);
    before.reader.focus = if content_focus {
        Focus::Content
    } else {
        Focus::Outline
    };
    before.reader.select(&before.outline, item);
    // the item's chapter, laid out whole
    before.relayout();
    finish(&mut before, None);
    let reader = &mut before.reader;
    let start = reader.doc.line_of(item).unwrap();
    reader.scroll = start.saturating_add_signed(line as isize);
    reader.clamp_scroll();
    let saved = ReadingPosition::capture(&before).unwrap();
    assert_eq!(saved.item, before.outline[item].id);
    saved
}

/// Compares a start through the cache with one from the whole library
/// laid out from the top (a position without `laid_out`, as before it was
/// kept); with `legacy`, the start through the cache has no `laid_out`
/// either. True when the first screen needed bodies start-up had not read.
fn check(pick: f64, line: i64, content_focus: bool, size: (u16, u16), legacy: bool) -> bool {
    let Fixture {
        content,
        cache,
        library,
        ..
    } = fixture();
    let whole_library = library.clone();
    let saved = saved_by_a_previous_session(&whole_library, pick, line, content_focus, size);
    let from_the_top = ReadingPosition {
        laid_out: None,
        ..saved.clone()
    };
    let ours_saved = if legacy { &from_the_top } else { &saved };
    let (mut ours, rest) = start_from_cache(content, cache, Some(ours_saved), size);
    assert!(
        ours.library
            .chapters
            .iter()
            .any(|c| !c.pending_bodies.is_empty()),
        "bodies are left for after the first frame"
    );
    let (mut whole, whole_rest) = start(whole_library, deferred(None), Some(&from_the_top), size);
    let waited = ours.reader.doc.waits_for_bodies();
    let rest = before_first_frame(&mut ours, rest);
    let whole_rest = before_first_frame(&mut whole, whole_rest);
    assert_eq!(buffer(&ours), buffer(&whole), "the first frame");
    assert_eq!(ours.reader.selected, whole.reader.selected);
    assert_eq!(ours.reader.scroll, whole.reader.scroll);

    finish(&mut ours, rest);
    finish(&mut whole, whole_rest);
    assert_eq!(ours.outline, whole.outline);
    assert_eq!(ours.reader.doc.lines, whole.reader.doc.lines);
    assert_eq!(ours.reader.doc.spans, whole.reader.doc.spans);
    assert_eq!(ours.reader.scroll, whole.reader.scroll);
    assert_eq!(buffer(&ours), buffer(&whole), "after loading");
    assert_eq!(
        ReadingPosition::capture(&ours),
        ReadingPosition::capture(&whole)
    );
    // keys act on the whole chapter: the end, the next chapter, back
    for command in [
        Command::Bottom,
        Command::PageUp,
        Command::NextChapter,
        Command::Bottom,
        Command::PrevChapter,
        Command::Top,
    ] {
        update(&mut ours, Action::Command(command), t0());
        update(&mut whole, Action::Command(command), t0());
        assert_eq!(buffer(&ours), buffer(&whole), "after {command:?}");
    }
    waited
}

#[test]
fn a_new_user_sees_the_same_first_frame_and_chapter() {
    let Fixture {
        content,
        cache,
        library,
        ..
    } = fixture();
    let whole_library = library.clone();
    let (mut ours, rest) = start_from_cache(content, cache, None, (80, 24));
    let (mut whole, whole_rest) = start(whole_library, deferred(None), None, (80, 24));
    assert!(!ours.reader.doc.waits_for_bodies());
    assert_eq!(buffer(&ours), buffer(&whole));
    finish(&mut ours, Some(rest));
    finish(&mut whole, Some(whole_rest));
    assert_eq!(ours.outline, whole.outline);
    assert_eq!(ours.reader.doc.lines, whole.reader.doc.lines);
    assert_eq!(buffer(&ours), buffer(&whole));
}

#[test]
fn a_saved_place_near_the_end_of_a_big_chapter_is_restored_the_same() {
    for legacy in [false, true] {
        assert!(!check(0.45, 2, true, (80, 24), legacy));
    }
}

#[test]
fn a_saved_line_far_into_its_item_on_a_tall_screen_is_restored_the_same() {
    check(0.1, 400, false, (200, 120), false);
}

#[test]
fn a_first_screen_past_the_bodies_read_at_start_reads_the_rest_before_it_is_drawn() {
    assert!(check(0.02, 3000, true, (200, 120), false));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn a_saved_place_anywhere_is_restored_the_same(
        pick in 0.0f64..1.0,
        line in -3i64..60,
        content_focus in any::<bool>(),
        size in prop_oneof![Just((80u16, 24u16)), Just((40, 12)), Just((200, 50)), Just((120, 200))],
        legacy in any::<bool>(),
    ) {
        check(pick, line, content_focus, size, legacy);
    }
}

#[test]
fn a_deep_saved_place_is_drawn_before_the_text_above_it_is_laid_out() {
    let Fixture {
        content,
        cache,
        library,
        ..
    } = fixture();
    let whole_library = library.clone();
    let saved = saved_by_a_previous_session(&whole_library, 0.4, 5, true, (80, 24));
    assert!(saved.laid_out.is_some(), "{saved:?}");
    let (mut ours, rest) = start_from_cache(content, cache, Some(&saved), (80, 24));
    let doc = &ours.reader.doc;
    assert!(
        doc.line_of(0).is_none(),
        "the chapter's top is not laid out yet"
    );
    assert!(doc.spans.len() < 30, "{} items laid out", doc.spans.len());
    assert!(
        ours.library.chapters[0].pending_bodies[0] > 0,
        "nor read: the introduction waits in the cache"
    );
    let legacy = ReadingPosition {
        laid_out: None,
        ..saved.clone()
    };
    let (mut whole, whole_rest) = start(whole_library, deferred(None), Some(&legacy), (80, 24));
    assert!(whole.reader.doc.line_of(0).is_some());
    assert!(
        whole.reader.doc.spans.len() > 60,
        "{}",
        whole.reader.doc.spans.len()
    );
    assert_eq!(buffer(&ours), buffer(&whole));
    finish(&mut ours, Some(rest));
    finish(&mut whole, Some(whole_rest));
    assert_eq!(ours.reader.doc.lines, whole.reader.doc.lines);
    assert_eq!(ours.reader.scroll, whole.reader.scroll);
    assert_eq!(buffer(&ours), buffer(&whole));
}

#[test]
fn a_saved_line_count_that_no_longer_holds_keeps_the_place_once_laid_out() {
    // The same width and chapter size, but the item starts elsewhere (an
    // edit that kept the size): the first frame shows the saved item, and
    // laying out the text above moves the view with it.
    let Fixture {
        content,
        cache,
        library,
        ..
    } = fixture();
    let whole_library = library.clone();
    let saved = saved_by_a_previous_session(&whole_library, 0.3, 0, false, (80, 24));
    for wrong_by in [-7isize, 9] {
        let mut off = saved.clone();
        if let Some(at) = &mut off.laid_out {
            at.item_line = at.item_line.saturating_add_signed(wrong_by);
        }
        let (mut ours, rest) = start_from_cache(content, cache, Some(&off), (80, 24));
        let first = ours.reader.doc.item_at(ours.reader.scroll);
        assert_eq!(
            first,
            Some(ours.reader.selected),
            "the saved item is on top"
        );
        let legacy = ReadingPosition {
            laid_out: None,
            ..saved.clone()
        };
        let (mut whole, whole_rest) = start(
            whole_library.clone(),
            deferred(None),
            Some(&legacy),
            (80, 24),
        );
        finish(&mut ours, Some(rest));
        finish(&mut whole, Some(whole_rest));
        assert_eq!(ours.reader.doc.lines, whole.reader.doc.lines);
        assert_eq!(ours.reader.doc.line_item, whole.reader.doc.line_item);
        assert_eq!(ours.reader.doc.spans, whole.reader.doc.spans);
        assert_eq!(ours.reader.scroll, whole.reader.scroll);
        assert_eq!(buffer(&ours), buffer(&whole));
    }
}
