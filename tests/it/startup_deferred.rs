//! The start with a warm content cache: the first frame is drawn from the
//! chapters and deck names while a deck file's cards wait in the cache; the
//! cards, the review log and the typed-answer draft are read right after
//! (`tui::startup`) and `Action::Loaded` puts them in place. The finished
//! state matches a start that read everything before the first frame.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use studyguide::domain::schedule::day::Zone;
use studyguide::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};
use studyguide::store::Store;
use studyguide::store::content_cache::{load_dir_cached, load_dir_deferred};
use studyguide::tui::action::{Action, Command};
use studyguide::tui::keymap::Keymap;
use studyguide::tui::startup::{Deferred, Start, first_screen};
use studyguide::tui::state::State;
use studyguide::tui::state::interview::InterviewSettings;
use studyguide::tui::update::update;

const DECK: &str = "kind = \"deck\"\nid = \"d1\"\ntitle = \"Deck one\"\n\n[[cards]]\nid = \"d1-a\"\nfront = \"Front A\"\nback = \"Back A\"\n\n[[cards]]\nid = \"d1-b\"\nfront = \"Front B\"\nback = \"Back B\"\n\n[[cards]]\nid = \"d1-c\"\nfront = \"Use {{c1::STAR}} for {{c2::stories}}\"\nback = \"\"\nkind = \"cloze\"\n";

fn scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig::default())
}

#[test]
fn the_first_frame_comes_before_the_cards_and_the_rest_follows_before_any_key() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::fs::write(content.join("deck.toml"), DECK).unwrap();
    let cache = tmp.path().join("cache");
    load_dir_cached(&content, &cache);
    let store = Store::open_at(tmp.path().join("progress.sqlite3"), t0()).unwrap();
    store
        .append_review(&ReviewRecord {
            card_id: "d1-a".into(),
            at: t0(),
            day: crate::common::study_day(t0()),
            grade: Grade::Good,
            elapsed_ms: 1000,
            typed_answer: None,
        })
        .unwrap();

    // a typed answer left half written last time (to a card not answered since)
    store
        .save_draft("card:d1-b", "half an ans", None, t0())
        .unwrap();

    let (library, cards, _) = load_dir_deferred(&content, &cache, None);
    assert!(cards.is_some(), "the deck's cards wait in the cache");
    // as the app starts: the one function that builds the start-up state
    let start = Start {
        library,
        deferred_content: cards,
        keymap: Keymap::default(),
        scheduler: scheduler(),
        zone: Zone::utc(),
        position: None,
        interview: InterviewSettings::default(),
        interview_ids: studyguide::domain::interview::IdSource::new(7),
        config_warning: None,
        store_warning: None,
        store_problem: None,
        sync: None,
    };
    let (mut state, rest) = first_screen(start, Some(&store));
    update(&mut state, Action::Resize(80, 24), t0());
    assert!(state.loading && state.progress.cards.is_empty());
    let first = screen(&state);
    assert!(
        first.contains("The content holds 1 deck; reading their cards…"),
        "{first}"
    );

    let loaded = rest.load(Some(&store));
    update(&mut state, Action::Loaded(Box::new(loaded)), t0());
    assert!(!state.loading);
    let ids: Vec<&str> = state.progress.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["d1-a", "d1-b", "d1-c::c1", "d1-c::c2"]);
    assert_eq!(state.progress.reviews.len(), 1);
    assert_eq!(
        state
            .drafts
            .stored
            .get("card:d1-b")
            .map(|d| d.text.as_str()),
        Some("half an ans"),
        "the draft is back"
    );
    let after = screen(&state);
    assert!(
        after.contains("The content holds 1 deck with 4 cards: press 2 to drill them."),
        "{after}"
    );

    // The same as a start that read everything first.
    let full = studyguide::store::content_dir::load_dir(&content);
    let reviews = store.reviews().unwrap();
    let mut whole =
        State::with_progress(full, Keymap::default(), scheduler(), reviews, Zone::utc());
    update(&mut whole, Action::Resize(80, 24), t0());
    for s in [&mut state, &mut whole] {
        update(s, Action::Command(Command::GoDrill), t0());
    }
    assert_eq!(screen(&state), screen(&whole));
}

#[test]
fn without_a_store_or_a_cache_the_state_completes_with_the_cards_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::fs::write(content.join("deck.toml"), DECK).unwrap();
    // A cold cache: everything is parsed, nothing is left for later.
    let (library, cards, _) = load_dir_deferred(&content, &tmp.path().join("cache"), None);
    assert!(cards.is_none());
    let mut state = State::first_screen(library, Keymap::default(), scheduler(), Zone::utc());
    let loaded = Deferred { content: cards }.load(None);
    update(&mut state, Action::Loaded(Box::new(loaded)), t0());
    assert_eq!(state.progress.cards.len(), 4);
    assert!(state.progress.reviews.is_empty());
    assert!(state.message.is_none(), "{:?}", state.message);
}
