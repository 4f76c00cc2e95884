//! Drill screens on a `TestBackend` with insta snapshots: the deck chooser,
//! a card's front, its back with interval labels, a typed answer, the
//! session summary and the stats view. Built by dispatching actions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use chrono::Duration;
use studyguide::domain::content::load_files;
use studyguide::tui::action::{Action, Command::*, Key, KeyCode};
use studyguide::tui::state::State;
use studyguide::tui::state::drill::DrillView;
use studyguide::tui::update::{Effect, update};

/// Dispatches an action and plays the store's part: every saved review gets
/// the next id, as the real effect runner would give.
fn act(state: &mut State, action: Action, now: chrono::DateTime<chrono::Utc>, next_id: &mut i64) {
    let mut pending = vec![action];
    while let Some(a) = pending.pop() {
        for effect in update(state, a, now) {
            if let Effect::SaveReview(review) = effect {
                *next_id += 1;
                pending.push(Action::ReviewSaved {
                    id: *next_id,
                    review,
                });
            }
        }
    }
}

/// The drill's deck chooser with the chapter's own deck (11 cards) selected.
fn drill_state(width: u16, height: u16) -> State {
    let mut state = bundled_state(width, height);
    press(&mut state, &[GoDrill, Down]);
    state
}

#[test]
fn chooser_lists_decks_with_counts() {
    let state = drill_state(80, 24);
    let text = screen(&state);
    insta::assert_snapshot!(text);
    assert!(text.contains("All cards"));
}

#[test]
fn front_then_back_with_interval_labels() {
    let mut state = drill_state(80, 24);
    press(&mut state, &[Open]);
    assert_eq!(state.drill.view, DrillView::Card);
    insta::assert_snapshot!("card_front", screen(&state));
    press(&mut state, &[Reveal]);
    let back = screen(&state);
    insta::assert_snapshot!("card_back", back);
    assert!(back.contains("Again · 1m"), "{back}");
    assert!(back.contains("Good · 10m"), "{back}");
}

#[test]
fn grading_moves_on_and_undo_brings_the_card_back() {
    let mut state = drill_state(80, 24);
    let mut id = 0;
    let now = t0();
    act(&mut state, Action::Command(Open), now, &mut id);
    let first = state.drill.current.as_ref().map(|c| c.card_id.clone());
    act(&mut state, Action::Command(Reveal), now, &mut id);
    act(
        &mut state,
        Action::Command(GradeGood),
        now + Duration::seconds(5),
        &mut id,
    );
    assert_eq!(state.progress.reviews.len(), 1);
    assert_ne!(
        state.drill.current.as_ref().map(|c| c.card_id.clone()),
        first
    );
    let effects = update(&mut state, Action::Command(Undo), now);
    assert_eq!(effects, vec![Effect::UndoReview(1)]);
    assert_eq!(
        state.drill.current.as_ref().map(|c| c.card_id.clone()),
        first
    );
    assert!(state.progress.reviews.is_empty());
    assert!(state.progress.all_states().next().is_none());
}

#[test]
fn typed_answer_is_kept_and_shown_next_time() {
    let deck = "kind = \"deck\"\nid = \"d\"\ntitle = \"Practice\"\n[[cards]]\nid = \"t1\"\nkind = \"typed\"\nfront = \"Tell me about a conflict you solved.\"\nback = \"Situation, Task, Action, Result.\"\n";
    let mut state = state_for(load_files([("d.toml", deck.as_bytes())]), 80, 24);
    let mut id = 0;
    let now = t0();
    act(&mut state, Action::Command(GoDrill), now, &mut id);
    act(&mut state, Action::Command(Open), now, &mut id);
    assert_eq!(state.key_mode(), studyguide::tui::keymap::KeyMode::Typing);
    for c in "I mediated q".chars() {
        act(
            &mut state,
            Action::Key(Key::plain(KeyCode::Char(c))),
            now,
            &mut id,
        );
    }
    insta::assert_snapshot!("typed_front", screen(&state));
    act(&mut state, Action::Command(Submit), now, &mut id);
    insta::assert_snapshot!("typed_back", screen(&state));
    act(&mut state, Action::Command(GradeAgain), now, &mut id);
    assert_eq!(
        state.progress.reviews[0].1.typed_answer.as_deref(),
        Some("I mediated q")
    );
    // Again brings it back after the 1 minute step: the previous answer is shown after revealing.
    act(&mut state, Action::Command(Close), now, &mut id);
    assert_eq!(state.drill.view, DrillView::Summary);
    act(&mut state, Action::Command(Close), now, &mut id);
    act(
        &mut state,
        Action::Command(Open),
        now + Duration::minutes(2),
        &mut id,
    );
    act(
        &mut state,
        Action::Command(Submit),
        now + Duration::minutes(2),
        &mut id,
    );
    let text = screen(&state);
    assert!(text.contains("Your previous answer"), "{text}");
    assert!(text.contains("I mediated q"), "{text}");
}

#[test]
fn session_summary_after_the_last_card() {
    let mut state = drill_state(80, 24);
    let mut id = 0;
    let mut now = t0();
    act(&mut state, Action::Command(Open), now, &mut id);
    // the chapter's 7 cards of day one (one per note)
    for grade in [GradeEasy; 7] {
        act(&mut state, Action::Command(Reveal), now, &mut id);
        now += Duration::seconds(7);
        act(&mut state, Action::Command(grade), now, &mut id);
    }
    assert_eq!(state.drill.view, DrillView::Summary);
    let text = screen(&state);
    insta::assert_snapshot!(text);
    assert!(text.contains("Cards         7"), "{text}");
}

#[test]
fn cram_changes_no_schedule() {
    let mut state = drill_state(80, 24);
    let mut id = 0;
    act(&mut state, Action::Command(Cram), t0(), &mut id);
    act(&mut state, Action::Command(Reveal), t0(), &mut id);
    act(&mut state, Action::Command(GradeGood), t0(), &mut id);
    assert_eq!(id, 0, "cram saves nothing");
    assert!(state.progress.all_states().next().is_none());
    assert_eq!(state.drill.session.as_ref().map(|s| s.answered), Some(1));
}

#[test]
fn stats_view_after_some_days_of_reviews() {
    let mut state = drill_state(100, 30);
    let mut id = 0;
    for day in 0..5 {
        let now = t0() + Duration::days(day);
        act(&mut state, Action::Command(GoDrill), now, &mut id);
        act(&mut state, Action::Command(Top), now, &mut id);
        act(&mut state, Action::Command(Down), now, &mut id);
        act(&mut state, Action::Command(Open), now, &mut id);
        for _ in 0..3 {
            assert_eq!(
                state.drill.view,
                DrillView::Card,
                "day {day}: a card to answer"
            );
            act(&mut state, Action::Command(Reveal), now, &mut id);
            act(&mut state, Action::Command(GradeGood), now, &mut id);
        }
        act(&mut state, Action::Command(Close), now, &mut id);
        assert_eq!(
            state.progress.reviews.len() as i64,
            3 * (day + 1),
            "day {day}"
        );
    }
    assert_eq!(id, 15, "three answers a day for five days");
    act(
        &mut state,
        Action::Command(GoStats),
        t0() + Duration::days(4),
        &mut id,
    );
    let text = screen(&state);
    insta::assert_snapshot!(text);
    assert!(text.contains("Streak          5 days"), "{text}");
}

#[test]
fn drill_screens_fit_small_terminals() {
    for (w, h) in [(1, 1), (20, 5), (40, 12), (300, 100)] {
        let mut state = drill_state(w, h);
        let fits = |text: &str| {
            text.lines().count() == usize::from(h)
                && text.lines().all(|l| l.chars().count() <= usize::from(w))
        };
        let chooser = screen(&state);
        assert!(fits(&chooser), "{w}x{h}\n{chooser}");
        press(&mut state, &[Open]);
        let front = screen(&state);
        assert!(fits(&front), "{w}x{h}\n{front}");
        // the first card of the bundled chapter, whatever the size
        let card = state.drill.current.as_ref().map(|c| c.card_id.clone());
        assert_eq!(card.as_deref(), Some("ch17-sarah-q1"), "{w}x{h}");
        press(&mut state, &[Reveal]);
        let back = screen(&state);
        assert!(fits(&back), "{w}x{h}\n{back}");
        if w >= 40 && h >= 12 {
            assert!(front.contains("Sarah Johnson"), "{front}");
            assert!(!front.contains("Preparation"), "{front}");
            assert!(back.contains("Preparation"), "{back}");
        }
    }
}

#[test]
fn ended_early_and_cram_screens_say_what_happened() {
    let mut state = drill_state(80, 24);
    let mut id = 0;
    let now = t0();
    for c in [Open, Reveal, GradeEasy, Reveal, GradeGood, Close] {
        act(&mut state, Action::Command(c), now, &mut id);
    }
    let text = screen(&state);
    insta::assert_snapshot!("ended_early_summary", text);
    assert!(text.contains("Session ended — 5 cards left"), "{text}");
    // cram: the keys show no intervals, the summary says nothing was scheduled
    for c in [Close, Cram, Reveal] {
        act(&mut state, Action::Command(c), now, &mut id);
    }
    let text = screen(&state);
    insta::assert_snapshot!("cram_back_40x12", {
        update(&mut state, Action::Resize(40, 12), now);
        screen(&state)
    });
    assert!(
        text.contains("3 Good") && !text.contains("Good ·"),
        "{text}"
    );
    assert!(!text.contains("10m"), "no interval on any key:\n{text}");
    update(&mut state, Action::Resize(80, 24), now);
    for c in [GradeHard, Close] {
        act(&mut state, Action::Command(c), now, &mut id);
    }
    let text = screen(&state);
    insta::assert_snapshot!("cram_summary", text);
    assert!(text.contains("nothing was scheduled"), "{text}");
    assert_eq!(id, 2, "cram saved nothing");
}

/// The sizes every screen is drawn at.
const SIZES: [(u16, u16); 3] = [(40, 12), (80, 24), (200, 50)];

/// A practice deck with one typed card (and the previous answer, if given,
/// as an earlier review).
fn typed_state(width: u16, height: u16) -> State {
    let deck = "kind = \"deck\"\nid = \"d\"\ntitle = \"Behavioural practice for the hiring manager round\"\n[[cards]]\nid = \"t1\"\nkind = \"typed\"\nfront = \"Tell me about a time you had a conflict with a colleague and how you resolved it.\"\nback = \"Use STAR: the **Situation**, your **Task**, the **Action** you took and the **Result**, with a number if you can.\"\n";
    state_for(load_files([("d.toml", deck.as_bytes())]), width, height)
}

const LONG_ANSWER: &str = "In my last role two engineers disagreed about whether to rewrite the billing service. I set up a meeting, asked each to write down the risks they saw, and we agreed on a staged migration with a rollback plan. We shipped it in six weeks with no outage and the team kept using the same review format afterwards, which everyone called zebrafinch.";

/// Whether every grade label is on screen whole: each key with its interval.
fn assert_grade_labels_whole(text: &str, state: &State) {
    let Some(cur) = state.drill.current.as_ref() else {
        panic!("no card on screen:\n{text}");
    };
    let shown = cur.shown.as_ref().expect("the answer is shown");
    for (i, interval) in shown.intervals().iter().enumerate() {
        let label = studyguide::domain::schedule::format_interval(*interval);
        let key = i + 1;
        assert!(
            text.contains(&format!("{key} {label}"))
                || text.contains(&format!(
                    "{key} {} · {label}",
                    ["Again", "Hard", "Good", "Easy"][i]
                )),
            "grade {key} ({label}) is cut or missing:\n{text}"
        );
    }
}

#[test]
fn card_front_and_back_at_every_size() {
    for (w, h) in SIZES {
        let mut state = drill_state(w, h);
        press(&mut state, &[Open]);
        let front = screen(&state);
        insta::assert_snapshot!(format!("front_{w}x{h}"), front);
        assert!(front.contains("key strategy"), "{front}");
        press(&mut state, &[Reveal]);
        let back = screen(&state);
        insta::assert_snapshot!(format!("back_{w}x{h}"), back);
        assert_grade_labels_whole(&back, &state);
        // the tab row is never cut: the last tab's key is there
        let tabs = back.lines().next().unwrap_or_default();
        assert!(tabs.contains("F4"), "tab row cut at {w}x{h}: {tabs}");
        // the answer's first words are on screen after Space, even at 40x12
        assert!(
            back.contains("Preparation."),
            "answer not visible at {w}x{h}:\n{back}"
        );
    }
}

#[test]
fn typed_long_answer_wraps_and_shows_its_last_word() {
    for (w, h) in SIZES {
        let mut state = typed_state(w, h);
        press(&mut state, &[GoDrill, Open]);
        update(&mut state, Action::Paste(LONG_ANSWER.into()), t0());
        let text = screen(&state);
        insta::assert_snapshot!(format!("typed_300_{w}x{h}"), text);
        assert!(
            text.contains("zebrafinch."),
            "last word not on screen at {w}x{h}:\n{text}"
        );
        // the box has several rows when the screen has room for them
        if h >= 24 {
            assert!(
                text.contains("In my last role"),
                "first row kept at {w}x{h}:\n{text}"
            );
        }
        // the cursor is on screen, right after the last word
        let mut terminal = draw_with(&state, &studyguide::tui::ui::Theme::color());
        let cursor = terminal.get_cursor_position().expect("cursor");
        assert!(cursor.x < w && cursor.y < h, "cursor off screen at {w}x{h}");
    }
}

#[test]
fn typed_with_previous_answer_at_every_size() {
    for (w, h) in SIZES {
        let mut state = typed_state(w, h);
        let mut id = 0;
        let now = t0();
        act(&mut state, Action::Command(GoDrill), now, &mut id);
        act(&mut state, Action::Command(Open), now, &mut id);
        act(&mut state, Action::Paste(LONG_ANSWER.into()), now, &mut id);
        act(&mut state, Action::Command(Submit), now, &mut id);
        act(&mut state, Action::Command(GradeAgain), now, &mut id);
        act(&mut state, Action::Command(Close), now, &mut id);
        act(&mut state, Action::Command(Close), now, &mut id);
        let later = now + Duration::minutes(2);
        act(&mut state, Action::Command(Open), later, &mut id);
        act(
            &mut state,
            Action::Paste("Second try, shorter.".into()),
            later,
            &mut id,
        );
        act(&mut state, Action::Command(Submit), later, &mut id);
        let mut text = screen(&state);
        insta::assert_snapshot!(format!("typed_previous_{w}x{h}"), text);
        assert_grade_labels_whole(&text, &state);
        // scrolling to the bottom shows the previous answer's last word
        act(&mut state, Action::Command(Bottom), later, &mut id);
        text = screen(&state);
        assert!(text.contains("Your previous answer") || h < 24, "{text}");
        assert!(
            text.contains("zebrafinch."),
            "previous answer cut at {w}x{h}:\n{text}"
        );
    }
}

#[test]
fn a_tall_card_scrolls_with_a_scrollbar() {
    let front = "word ".repeat(1000);
    let deck = format!(
        "kind = \"deck\"\nid = \"d\"\ntitle = \"Long\"\n[[cards]]\nid = \"b1\"\nfront = \"{front}END\"\nback = \"The answer.\"\n"
    );
    let mut state = state_for(load_files([("d.toml", deck.as_bytes())]), 80, 24);
    press(&mut state, &[GoDrill, Open]);
    let top = screen(&state);
    assert!(!top.contains("END"), "{top}");
    press(&mut state, &[Bottom]);
    let bottom = screen(&state);
    assert!(bottom.contains("END"), "{bottom}");
    assert_ne!(top, bottom);
    press(&mut state, &[Top, PageDown]);
    let paged = screen(&state);
    assert_ne!(paged, top, "PgDn moves the card");
    press(&mut state, &[PageUp]);
    assert_eq!(screen(&state), top, "PgUp comes back");
    // the answer is reachable after revealing
    press(&mut state, &[Reveal, Bottom]);
    assert!(screen(&state).contains("The answer."));
}

/// A state after five days of three Good answers a day, on the stats screen.
fn stats_state(width: u16, height: u16) -> State {
    let mut state = drill_state(width, height);
    let mut id = 0;
    for day in 0..5 {
        let now = t0() + Duration::days(day);
        act(&mut state, Action::Command(GoDrill), now, &mut id);
        act(&mut state, Action::Command(Top), now, &mut id);
        act(&mut state, Action::Command(Down), now, &mut id);
        act(&mut state, Action::Command(Open), now, &mut id);
        for _ in 0..3 {
            act(&mut state, Action::Command(Reveal), now, &mut id);
            act(&mut state, Action::Command(GradeGood), now, &mut id);
        }
        act(&mut state, Action::Command(Close), now, &mut id);
    }
    let today = t0() + Duration::days(4);
    act(&mut state, Action::Command(GoStats), today, &mut id);
    state
}

/// The forecast rows ("Mon 02 ...") on a screen.
fn forecast_days(text: &str, state: &State) -> usize {
    let Some(stats) = state.stats.as_ref() else {
        return 0;
    };
    stats
        .forecast
        .iter()
        .filter(|(day, _)| text.contains(&day.format(" %a %d ").to_string()))
        .count()
}

#[test]
fn stats_at_every_size_show_all_14_forecast_days() {
    for (w, h) in SIZES {
        let mut state = stats_state(w, h);
        let text = screen(&state);
        insta::assert_snapshot!(format!("stats_{w}x{h}"), text);
        assert!(text.contains("Reviews, last 12 weeks"), "{text}");
        // five days of reviews: retention has nothing to say yet, and says why
        assert!(!text.contains("no reviews yet"), "{text}");
        if h >= 24 {
            assert_eq!(forecast_days(&text, &state), 14, "{w}x{h}:\n{text}");
            assert!(text.contains("Mar"), "month label at {w}x{h}:\n{text}");
        } else {
            // stacked: scrolling to the bottom shows the end of the forecast
            press(&mut state, &[Bottom]);
            let bottom = screen(&state);
            insta::assert_snapshot!(format!("stats_{w}x{h}_bottom"), bottom);
            let last = state
                .stats
                .as_ref()
                .and_then(|s| s.forecast.last())
                .map(|(d, _)| *d);
            let last = last.expect("forecast");
            assert!(
                bottom.contains(&last.format(" %a %d ").to_string()),
                "{bottom}"
            );
            assert_ne!(text, bottom);
        }
    }
}

#[test]
fn stats_beside_the_interview_trend_still_reach_the_last_forecast_day() {
    let mut state = stats_state(80, 24);
    state
        .interview
        .history
        .push(studyguide::domain::interview::SessionRecord {
            id: "s-1".into(),
            set: "s".into(),
            mode: studyguide::domain::interview::InterviewMode::Live,
            started_at: t0(),
            planned: 3,
            limit: std::time::Duration::from_secs(120),
            attempts: Vec::new(),
        });
    press(&mut state, &[GoStats, Bottom]);
    let text = screen(&state);
    let last = state
        .stats
        .as_ref()
        .and_then(|s| s.forecast.last())
        .map(|(d, _)| d.format(" %a %d ").to_string())
        .unwrap_or_default();
    assert!(
        text.contains(&last),
        "last forecast day {last:?} not reached:\n{text}"
    );
}
