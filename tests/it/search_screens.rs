//! Search and quick-jump screens on a `TestBackend`, compared with insta
//! snapshots; each built by dispatching the actions a user's keys would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use ratatui::style::Color;
use studyguide::domain::search::fold;
use studyguide::tui::action::{Action, Command::*, Key, KeyCode, Mouse};
use studyguide::tui::keymap::KeyMode;
use studyguide::tui::state::search::finder_geometry;
use studyguide::tui::state::{Screen, State};
use studyguide::tui::ui::Theme;
use studyguide::tui::update::update;

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Action::Key(Key::plain(KeyCode::Char(c))), t0());
    }
}

/// The text of the cells painted with the search-match background, per row.
fn highlighted_cells(state: &State) -> Vec<String> {
    let terminal = draw_with(state, &Theme::color());
    let buffer = terminal.backend().buffer();
    let mut out = Vec::new();
    for y in 0..buffer.area.height {
        let mut run = String::new();
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            if cell.bg == Color::Yellow {
                run.push_str(cell.symbol());
            } else if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            out.push(run);
        }
    }
    out
}

#[test]
fn search_results_for_prep_at_80x24() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Search]);
    assert_eq!(state.key_mode(), KeyMode::Search);
    type_text(&mut state, "prep");
    let text = screen(&state);
    insta::assert_snapshot!(text);
    assert!(text.contains("› prep"));
    assert!(text.contains("Enter submit"), "hints come from the keymap");
    assert!(state.search.results.total_matches > 0);
    for run in highlighted_cells(&state) {
        assert_eq!(fold(&run), "prep", "highlighted: {run:?}");
    }
}

#[test]
fn enter_opens_the_reader_with_matches_highlighted_and_n_walks_them() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Search]);
    type_text(&mut state, "prep");
    press(&mut state, &[Down, Submit]);
    assert_eq!(state.overlay, None);
    assert_eq!(state.screen, Screen::Reader);
    assert_eq!(state.key_mode(), KeyMode::Reader);
    let highlights = &state.search.highlights;
    let total = highlights.matches.len();
    assert!(total >= 2);
    let current = highlights.current.expect("a current match");
    let line = highlights.matches[current].line;
    let reader = &state.reader;
    assert!(line >= reader.scroll && line < reader.scroll + reader.view_height);
    assert_eq!(
        state.message.as_deref(),
        Some(format!("match {} of {total}", current + 1).as_str())
    );
    let text = screen(&state);
    insta::assert_snapshot!(text);
    let runs = highlighted_cells(&state);
    assert!(!runs.is_empty());
    for run in runs {
        assert_eq!(fold(&run), "prep", "highlighted: {run:?}");
    }

    press(&mut state, &[NextMatch]);
    let next = (current + 1) % total;
    assert_eq!(state.search.highlights.current, Some(next));
    assert_eq!(
        state.message,
        Some(format!("match {} of {total}", next + 1))
    );
    press(&mut state, &[PrevMatch, PrevMatch]);
    assert_eq!(
        state.search.highlights.current,
        Some((current + total - 1) % total)
    );
    for _ in 0..total {
        press(&mut state, &[NextMatch]);
    }
    assert_eq!(
        state.search.highlights.current,
        Some((current + total - 1) % total),
        "n wraps around"
    );
}

#[test]
fn highlights_follow_a_relayout_at_another_width() {
    let mut state = bundled_state(100, 30);
    press(&mut state, &[Search]);
    type_text(&mut state, "PRÉP");
    press(&mut state, &[Submit]);
    for (w, h) in [(57, 20), (130, 40), (80, 24)] {
        update(&mut state, Action::Resize(w, h), t0());
        let doc = &state.reader.doc;
        for m in &state.search.highlights.matches {
            let plain = doc.lines[m.line].plain();
            assert!(m.end <= studyguide::domain::markdown::display_width(&plain));
        }
        assert!(!state.search.highlights.matches.is_empty());
    }
}

#[test]
fn n_without_a_search_says_how_to_search() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[NextMatch]);
    assert_eq!(
        state.message.as_deref(),
        Some("No search yet: press / to search")
    );
}

#[test]
fn quick_jump_overlay_ranks_titles() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[QuickJump]);
    assert_eq!(state.key_mode(), KeyMode::Jump);
    insta::assert_snapshot!("quick_jump_empty", screen(&state));
    type_text(&mut state, "enth");
    let text = screen(&state);
    insta::assert_snapshot!("quick_jump_enth", text);
    press(&mut state, &[Submit]);
    assert_eq!(state.overlay, None);
    let item = &state.outline[state.reader.selected];
    assert_eq!(item.title, "Enthusiasm Is Key");
    let start = state
        .reader
        .doc
        .line_of(state.reader.selected)
        .expect("in the document");
    let reader = &state.reader;
    assert!(start >= reader.scroll && start < reader.scroll + reader.view_height);
}

#[test]
fn escape_cancels_and_the_query_is_kept_for_next_time() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Search]);
    type_text(&mut state, "sarah");
    press(&mut state, &[Cancel]);
    assert_eq!(state.overlay, None);
    assert!(state.search.highlights.query.is_empty());
    press(&mut state, &[Search]);
    assert_eq!(state.search.input.text(), "sarah");
}

#[test]
fn mouse_wheel_and_click_choose_rows() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Search]);
    type_text(&mut state, "e");
    update(
        &mut state,
        Action::Mouse(Mouse::ScrollDown {
            column: 10,
            row: 10,
        }),
        t0(),
    );
    update(
        &mut state,
        Action::Mouse(Mouse::ScrollDown {
            column: 10,
            row: 10,
        }),
        t0(),
    );
    assert_eq!(state.search.cursor.selected, 2);
    update(
        &mut state,
        Action::Mouse(Mouse::ScrollUp {
            column: 10,
            row: 10,
        }),
        t0(),
    );
    assert_eq!(state.search.cursor.selected, 1);
    let list = finder_geometry(80, 24).list;
    // the second row of the third result
    let click = Mouse::Click {
        column: list.x + 3,
        row: list.y + 5,
    };
    update(&mut state, Action::Mouse(click), t0());
    assert_eq!(state.search.cursor.selected, 2);
    press(&mut state, &[Cancel, QuickJump]);
    let click = Mouse::Click {
        column: list.x + 3,
        row: list.y + 4,
    };
    update(&mut state, Action::Mouse(click), t0());
    assert_eq!(state.jump.cursor.selected, 4);
}

/// At any size, even one where the box cannot be drawn, the overlays take
/// typing, a paste (its newline and tab as spaces), clicks, moves and
/// deletions as they would at a full size: the query is what was typed, and
/// where the box fits it shows the query.
#[test]
fn overlays_work_at_tiny_sizes() {
    for (w, h) in [(1, 1), (20, 5), (40, 10), (2, 30), (120, 3)] {
        for open in [Search, QuickJump] {
            let mut state = bundled_state(w, h);
            press(&mut state, &[open]);
            let query = |state: &State| match open {
                Search => state.search.input.text().to_string(),
                _ => state.jump.input.text().to_string(),
            };
            type_text(&mut state, "prép 面接 🎉");
            assert_eq!(query(&state), "prép 面接 🎉", "{w}x{h} {open:?}");
            if w >= 40 && h >= 5 {
                let text = screen(&state);
                assert!(text.contains("› prép 面接 🎉"), "{w}x{h} {open:?}\n{text}");
            }
            update(&mut state, Action::Paste("a\nlong\tpaste".into()), t0());
            // the newline a space, the tab four (the editor's one-line rule)
            assert_eq!(
                query(&state),
                "prép 面接 🎉a long    paste",
                "{w}x{h} {open:?}"
            );
            for row in 0..h {
                update(
                    &mut state,
                    Action::Mouse(Mouse::Click { column: w / 2, row }),
                    t0(),
                );
            }
            press(&mut state, &[Down, Down, Up]);
            for _ in 0..16 {
                update(
                    &mut state,
                    Action::Key(Key::plain(KeyCode::Backspace)),
                    t0(),
                );
            }
            // 24 characters less 16
            assert_eq!(query(&state), "prép 面接 ", "{w}x{h} {open:?}");
            type_text(&mut state, "e");
            assert_eq!(query(&state), "prép 面接 e", "{w}x{h} {open:?}");
            press(&mut state, &[Submit]);
            // Enter closes the box on the place chosen
            assert_eq!(state.overlay, None, "{w}x{h} {open:?}");
            press(&mut state, &[NextMatch, PrevMatch]);
            let text = screen(&state);
            assert_eq!(text.lines().count(), usize::from(h), "{w}x{h}\n{text}");
        }
    }
}

/// The sizes every screen is drawn at.
const SIZES: [(u16, u16); 3] = [(40, 12), (80, 24), (200, 50)];

#[test]
fn two_word_query_matches_places_holding_both_words_in_any_order() {
    for (w, h) in SIZES {
        let mut state = bundled_state(w, h);
        press(&mut state, &[Search]);
        type_text(&mut state, "company research");
        let text = screen(&state);
        insta::assert_snapshot!(format!("two_words_{w}x{h}"), text);
        let results = &state.search.results;
        assert!(!results.hits.is_empty(), "{text}");
        // every place holds both words, in either order
        for hit in &results.hits {
            let doc = state.search.index.doc(hit.doc).expect("doc");
            let shown = fold(state.search.index.line_text(hit.line));
            assert!(
                shown.contains("company") || shown.contains("research"),
                "{}: {shown}",
                doc.part
            );
        }
        // one hit per place
        let mut docs: Vec<usize> = results.hits.iter().map(|h| h.doc).collect();
        docs.dedup();
        assert_eq!(docs.len(), results.hits.len(), "a place listed twice");
        // result rows keep a column before the right border
        for line in text.lines() {
            let chars: Vec<char> = line.chars().collect();
            if let Some(border) = chars.iter().rposition(|c| *c == '│')
                && border > 2
                && chars[..border].contains(&'›')
            {
                assert_eq!(
                    chars.get(border - 1),
                    Some(&' '),
                    "runs into the border: {line}"
                );
            }
        }
    }
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Search]);
    type_text(&mut state, "research company");
    let reversed = state.search.results.total_places;
    press(&mut state, &[Close, Search]);
    type_text(&mut state, "company research");
    assert_eq!(state.search.results.total_places, reversed);
}

#[test]
fn hyphens_and_spaces_are_the_same() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Search]);
    type_text(&mut state, "problem solving");
    let spaced = state.search.results.clone();
    assert!(
        spaced.total_places > 0,
        "the bundled chapter says problem-solving"
    );
    press(&mut state, &[Close, Search]);
    update(
        &mut state,
        Action::Key(Key::plain(KeyCode::Backspace)),
        t0(),
    );
    type_text(&mut state, "problem-solving");
    assert_eq!(state.search.results.total_places, spaced.total_places);
}

#[test]
fn one_hit_per_place() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Search]);
    type_text(&mut state, "enthusiasm");
    let index = &state.search.index;
    let parts: Vec<&str> = state
        .search
        .results
        .hits
        .iter()
        .filter_map(|h| index.doc(h.doc).map(|d| d.part.as_str()))
        .collect();
    let key = parts
        .iter()
        .filter(|p| p.contains("Enthusiasm Is Key"))
        .count();
    assert_eq!(key, 1, "{parts:?}");
}

#[test]
fn reopening_search_selects_the_query_so_typing_replaces_it() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[Search]);
    type_text(&mut state, "STAR");
    press(&mut state, &[Close, Search]);
    assert!(state.search.query_selected);
    assert_eq!(state.search.input.text(), "STAR");
    type_text(&mut state, "enthusiasm");
    assert_eq!(state.search.input.text(), "enthusiasm");
    // after the first key the text is edited as usual
    press(&mut state, &[Close, Search]);
    update(&mut state, Action::Key(Key::plain(KeyCode::End)), t0());
    type_text(&mut state, "!");
    assert_eq!(state.search.input.text(), "enthusiasm!");
}

/// Search for a practice card and press Enter on the hit.
fn preview_from_search(width: u16, height: u16) -> State {
    let mut state = bundled_state(width, height);
    press(&mut state, &[Search]);
    type_text(&mut state, "success look like");
    let hits = &state.search.results.hits;
    let index = &state.search.index;
    let Some(card_hit) = hits.iter().position(|h| {
        index
            .doc(h.doc)
            .is_some_and(|d| d.part.contains("doing this job"))
    }) else {
        panic!("the #asking card is not found");
    };
    for _ in 0..card_hit {
        press(&mut state, &[Down]);
    }
    press(&mut state, &[Submit]);
    state
}

#[test]
fn a_practice_card_hit_opens_the_card_preview_at_every_size() {
    for (w, h) in SIZES {
        let state = preview_from_search(w, h);
        assert_eq!(state.key_mode(), KeyMode::Preview);
        let text = screen(&state);
        insta::assert_snapshot!(format!("card_preview_{w}x{h}"), text);
        assert!(
            text.contains("Which question asks"),
            "front at {w}x{h}:\n{text}"
        );
        assert!(text.contains("study it now"), "{text}");
        if h >= 24 {
            assert!(
                text.contains("What would success look like"),
                "back:\n{text}"
            );
        }
    }
}

#[test]
fn study_it_now_starts_a_session_with_that_card() {
    let mut state = preview_from_search(80, 24);
    let Some(studyguide::tui::state::Overlay::CardPreview { card, .. }) = state.overlay.clone()
    else {
        panic!("preview open");
    };
    let id = state.progress.cards[card].id.clone();
    press(&mut state, &[Open]);
    assert_eq!(state.overlay, None);
    assert_eq!(state.screen, Screen::Drill);
    assert_eq!(
        state.drill.current.as_ref().map(|c| c.card_id.as_str()),
        Some(id.as_str())
    );
    // Esc closes the preview without studying
    let mut state = preview_from_search(80, 24);
    press(&mut state, &[Close]);
    assert_eq!(state.overlay, None);
    assert_eq!(state.screen, Screen::Reader);
}

#[test]
fn quick_jump_to_a_practice_card_opens_its_preview() {
    let mut state = bundled_state(80, 24);
    press(&mut state, &[QuickJump]);
    type_text(&mut state, "connects you with the interviewer");
    press(&mut state, &[Submit]);
    assert_eq!(state.key_mode(), KeyMode::Preview, "{}", screen(&state));
    assert!(screen(&state).contains("What do you enjoy most about working here?"));
}
