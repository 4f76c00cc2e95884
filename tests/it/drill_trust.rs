//! A drill you can trust, through `update` and the real effect runner with a
//! real store in a temporary data directory: the interval on a key is the one
//! stored, chooser counts are what a session serves, undo reaches every
//! answer (typed, cram, bookmark add, note edit), and two instances on one
//! data directory see each other's answers and notes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::instance::{Instance, grade_command, review, shown_interval, stored_progress};
use crate::common::*;
use chrono::Duration;
use studyguide::domain::content::load_files;
use studyguide::domain::schedule::{Grade, Phase, ReviewRecord, Scheduler, SchedulerConfig};
use studyguide::store::Store;
use studyguide::tui::action::{Action, Command::*, Key, KeyCode};
use studyguide::tui::keymap::KeyMode;
use studyguide::tui::state::drill::{DeckFilter, DrillView};
use studyguide::tui::update::{Effect, update};

#[test]
fn the_interval_on_the_key_is_the_one_stored_for_every_grade_and_phase() {
    let card = "ch17-sarah-q1";
    // history that puts the first card of the chapter in each phase at t0
    let histories: [(&str, Vec<ReviewRecord>, Phase); 4] = [
        ("new", vec![], Phase::New),
        (
            "learning",
            vec![review(card, t0() - Duration::minutes(12), Grade::Good)],
            Phase::Learning,
        ),
        (
            "review",
            vec![
                review(card, t0() - Duration::days(300), Grade::Good),
                review(card, t0() - Duration::days(299), Grade::Good),
                review(card, t0() - Duration::days(290), Grade::Good),
            ],
            Phase::Review,
        ),
        (
            "relearning",
            vec![
                review(card, t0() - Duration::days(300), Grade::Easy),
                review(card, t0() - Duration::minutes(12), Grade::Again),
            ],
            Phase::Relearning,
        ),
    ];
    for (name, history, phase) in histories {
        for grade in Grade::ALL {
            let dir = tempfile::tempdir().expect("temp dir");
            {
                let store =
                    Store::open_at(dir.path().join("progress.sqlite3"), t0()).expect("store");
                store.append_reviews(&history).expect("history");
            }
            let mut app = Instance::bundled(dir.path(), t0());
            assert_eq!(app.state.progress.state(card).phase, phase, "{name}");
            app.press(&[GoDrill, Down, Open], t0());
            assert_eq!(app.current().as_deref(), Some(card), "{name}: served first");
            let revealed = t0() + Duration::seconds(20);
            app.act(Reveal, revealed);
            let label = shown_interval(&app, grade);
            let shown = studyguide::domain::schedule::format_interval(label);
            assert!(
                screen(&app.state).contains(&format!("· {shown}")),
                "{name} {grade:?}: the key shows {shown}"
            );
            // graded a little later than the answer was shown
            let graded = revealed + Duration::seconds(9);
            app.act(grade_command(grade), graded);
            let stored = stored_progress(app.store());
            let (_, last) = stored.reviews.last().expect("the answer was stored");
            assert_eq!((last.card_id.as_str(), last.grade), (card, grade));
            let due = stored.state(card).due.expect("scheduled");
            assert_eq!(due - last.at, label, "{name} {grade:?}: stored = label");
        }
    }
}

#[test]
fn chooser_counts_are_the_session_length_for_every_deck_and_tag() {
    let dir = tempfile::tempdir().expect("temp dir");
    // some history: a few cards answered yesterday, one learning card due now
    {
        let store = Store::open_at(dir.path().join("progress.sqlite3"), t0()).expect("store");
        let day = Duration::days(1);
        store
            .append_reviews(&[
                review("ch17-sarah-q1", t0() - day * 3, Grade::Good),
                review(
                    "ch17-sarah-q1",
                    t0() - day * 3 + Duration::minutes(10),
                    Grade::Good,
                ),
                review(
                    "ch17p-story-disagreement",
                    t0() - Duration::minutes(15),
                    Grade::Again,
                ),
                review(
                    "ch17p-story-change",
                    t0() - Duration::minutes(1),
                    Grade::Good,
                ),
            ])
            .expect("history");
    }
    let mut app = Instance::bundled(dir.path(), t0());
    app.press(&[GoDrill], t0());
    let choices = app.state.drill.choices.clone();
    assert!(
        choices
            .iter()
            .any(|c| matches!(c.filter, DeckFilter::Tag(_)))
    );
    for (index, choice) in choices.iter().enumerate() {
        app.state.drill.selected = index;
        app.press(&[Open], t0());
        let served = app.state.drill.session.as_ref().map_or(0, |s| s.remaining);
        assert_eq!(
            served as u32,
            choice.counts.total(),
            "{}: chooser says {:?}",
            choice.label,
            choice.counts
        );
        // the card still in learning for 9 more minutes counts as learning today
        if choice.filter == DeckFilter::All {
            assert_eq!(choice.learning_later, 1, "{}", choice.label);
            assert_eq!(choice.counts.learning, 1, "{}", choice.label);
        }
        app.press(&[Close], t0());
        assert_eq!(app.state.drill.view, DrillView::Chooser);
    }
    // `studyguide due` counts the same way
    let report = studyguide::cli::commands::report::due_report(&app.state.progress, t0());
    for deck in &report.decks {
        let choice = choices
            .iter()
            .find(|c| c.filter == DeckFilter::Deck(deck.deck.clone()))
            .expect("a choice per deck");
        assert_eq!(
            (deck.new, deck.learning, deck.due),
            (choice.counts.new, choice.counts.learning, choice.counts.due),
            "{}",
            deck.title
        );
    }
}

#[test]
fn esc_ends_early_with_cards_left_and_the_drill_reopens_at_the_chooser() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = Instance::bundled(dir.path(), t0());
    app.press(&[GoDrill, Down, Open, Reveal, GradeEasy], t0());
    app.press(&[Close], t0());
    assert_eq!(app.state.drill.view, DrillView::Summary);
    let text = screen(&app.state);
    // the chapter serves 7 cards on day one (one per note: the insights
    // repeat the interviews), one of them answered
    assert!(text.contains("Session ended — 6 cards left"), "{text}");
    assert!(!text.contains("Session complete"), "{text}");
    app.press(&[GoReader, GoDrill], t0());
    assert_eq!(app.state.drill.view, DrillView::Chooser);
}

#[test]
fn enter_on_a_deck_with_nothing_to_study_says_so_and_offers_cram() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = Instance::bundled(dir.path(), t0());
    app.press(&[GoDrill, Down, Open], t0());
    for _ in 0..11 {
        app.press(&[Reveal, GradeEasy], t0());
    }
    app.press(&[Close, Open], t0());
    assert_eq!(app.state.drill.view, DrillView::Chooser);
    let message = app.state.message.clone().unwrap_or_default();
    assert!(
        message.starts_with("Nothing to study now, next card due in"),
        "{message}"
    );
    assert!(message.contains("c crams it"), "{message}");
    assert!(
        message
            .ends_with("(Chapter 17: Interviews with Successful Job Seekers and Hiring Managers)"),
        "{message}"
    );
}

#[test]
fn undo_reaches_the_answer_before_a_typed_card_and_brings_back_the_text() {
    let deck = "kind = \"deck\"\nid = \"d\"\ntitle = \"Practice\"\n\
        [[cards]]\nid = \"b1\"\nfront = \"Basic?\"\nback = \"Yes.\"\n\
        [[cards]]\nid = \"t1\"\nkind = \"typed\"\nfront = \"Conflict?\"\nback = \"STAR.\"\n\
        [[cards]]\nid = \"t2\"\nkind = \"typed\"\nfront = \"Change?\"\nback = \"STAR.\"\n";
    let library = || load_files([("d.toml", deck.as_bytes())]);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = Instance::open(dir.path(), library(), t0());
    app.press(&[GoDrill, Open, Reveal, GradeGood], t0());
    assert_eq!(app.current().as_deref(), Some("t1"));
    assert_eq!(app.state.key_mode(), KeyMode::Typing);
    app.type_text("I listened", t0());
    app.press(&[Submit, GradeGood], t0());
    assert_eq!(app.current().as_deref(), Some("t2"));
    app.type_text("u", t0());
    assert_eq!(app.state.drill.editor.text(), "u", "u is text in the box");
    // Ctrl-Z undoes typing in the box; Alt-U takes back the last answer,
    // and the box says so
    let key = |c: char, ctrl: bool, alt: bool| Key {
        code: KeyCode::Char(c),
        ctrl,
        alt,
        shift: false,
    };
    let keymap = &app.state.keymap;
    assert_eq!(
        keymap.resolve(KeyMode::Typing, key('z', true, false)),
        Some(UndoTyping)
    );
    assert_eq!(
        keymap.resolve(KeyMode::Typing, key('u', false, true)),
        Some(Undo)
    );
    assert!(screen(&app.state).contains("Alt-u undo last answer"));
    app.act(Undo, t0());
    assert_eq!(app.current().as_deref(), Some("t1"));
    assert_eq!(
        app.state.drill.editor.text(),
        "I listened",
        "the typed text is back"
    );
    // what was typed on the other card is kept as its draft
    let drafts = app.store().drafts().expect("drafts");
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert_eq!(
        (drafts[0].key.as_str(), drafts[0].text.as_str()),
        ("card:t2", "u")
    );
    assert_eq!(app.store().reviews().expect("reviews").len(), 1);
    // and once more: the basic card before it
    app.act(Undo, t0());
    assert_eq!(app.current().as_deref(), Some("b1"));
    assert!(app.store().reviews().expect("reviews").is_empty());
    // the text t1's box held when its answer went is its draft now, and
    // comes back with the card
    app.press(&[Reveal, GradeGood], t0());
    assert_eq!(app.current().as_deref(), Some("t1"));
    assert_eq!(app.state.drill.editor.text(), "I listened");
    assert!(screen(&app.state).contains("Draft restored"));
    // Esc in the box leaves the box, not the session
    app.act(DeleteToLineStart, t0());
    app.type_text("half", t0());
    app.act(Cancel, t0());
    assert_eq!(app.state.drill.view, DrillView::Card);
    assert_eq!(app.state.key_mode(), KeyMode::Drill);
    assert_eq!(app.current().as_deref(), Some("t1"));
    app.act(Open, t0());
    assert_eq!(app.state.key_mode(), KeyMode::Typing);
    assert_eq!(app.state.drill.editor.text(), "half");
}

#[test]
fn a_cram_answer_is_never_undone_into_a_normal_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = Instance::bundled(dir.path(), t0());
    app.press(&[GoDrill, Down, Cram, Reveal], t0());
    let crammed = app.current();
    let footer = screen(&app.state);
    assert!(
        footer.contains("3 Good") && !footer.contains("Good ·"),
        "{footer}"
    );
    app.press(&[GradeGood, Close], t0());
    let summary = screen(&app.state);
    assert!(summary.contains("nothing was scheduled"), "{summary}");
    app.press(&[Close, Open], t0());
    assert_eq!(app.state.drill.view, DrillView::Card);
    let normal_card = app.current();
    app.act(Undo, t0());
    // refused: the card on screen is still the normal session's
    assert_eq!(app.current(), normal_card);
    assert!(
        app.state
            .message
            .as_deref()
            .is_some_and(|m| m.contains("cram")),
        "{:?}",
        app.state.message
    );
    // outside a session the cram answer comes back in a cram session,
    // where grading saves nothing
    app.press(&[Close], t0());
    app.act(Undo, t0());
    assert_eq!(app.current(), crammed);
    assert!(app.state.drill.session.as_ref().is_some_and(|s| s.cram));
    app.press(&[Reveal, GradeEasy], t0());
    assert!(app.store().reviews().expect("reviews").is_empty());
}

#[test]
fn undo_takes_back_a_bookmark_added_in_the_drill_and_a_note_edit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = Instance::bundled(dir.path(), t0());
    app.press(
        &[GoDrill, Down, Open, Reveal, GradeGood, ToggleBookmark],
        t0(),
    );
    let card = app.current().expect("a card");
    assert_eq!(app.store().bookmarks().expect("bookmarks").len(), 1);
    app.act(Undo, t0());
    assert!(app.store().bookmarks().expect("bookmarks").is_empty());
    assert_eq!(
        app.current().as_deref(),
        Some(card.as_str()),
        "the answer stays"
    );
    assert_eq!(app.store().reviews().expect("reviews").len(), 1);
    // a note cleared and brought back
    app.press(&[GoReader], t0());
    app.press(&[Down, Down, Down, EditNote], t0());
    app.type_text("ask about the team", t0());
    app.press(&[Submit], t0());
    app.press(&[EditNote], t0());
    for _ in 0.."ask about the team".len() {
        app.act(Action::Key(Key::plain(KeyCode::Backspace)), t0());
    }
    app.press(&[Submit, Undo], t0());
    let stored = app.store().bookmarks().expect("bookmarks");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].note, "ask about the team");
}

#[test]
fn two_instances_on_one_data_dir_see_each_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut first = Instance::bundled(dir.path(), t0());
    let mut second = Instance::bundled(dir.path(), t0());
    first.press(&[GoDrill, Down, Open], t0());
    second.press(&[GoDrill, Down, Open], t0());
    let card = first.current();
    assert_eq!(second.current(), card, "both start on the same card");
    // Good: a learning step of 10 minutes, still "due soon"
    first.press(&[Reveal, GradeGood], t0());
    // the second window's next key replays the first's answer (the key,
    // typed for the card that went, is dropped)
    second.press(&[Reveal], t0());
    assert_ne!(second.current(), card, "not served again");
    let later = t0() + Duration::seconds(2);
    second.press(&[Reveal, GradeEasy], later);
    let reviews = second.store().reviews().expect("reviews");
    let answered: Vec<&str> = reviews.iter().map(|(_, r)| r.card_id.as_str()).collect();
    assert_eq!(answered.len(), 2);
    assert_ne!(answered[0], answered[1], "no card answered twice");
    // the chooser in the first window counts the second's answer (the
    // first key finds the card on screen answered there, and is dropped)
    first.press(&[Close], later);
    first.press(&[Close, GoReader, GoDrill], later + Duration::seconds(2));
    let chapter = &first.state.drill.choices[1];
    assert_eq!(
        chapter.counts.new, 5,
        "the 7 of day one (one per note) less the two answered"
    );

    // a note saved in one window survives a bookmark toggle in the other,
    // even one made before that window had looked at the store again
    first.press(&[GoReader, Down, Down, Down], t0());
    second.press(&[GoReader, Down, Down, Down, EditNote], t0());
    second.type_text("keep me", t0());
    second.press(&[Submit], t0());
    let effects = update(&mut first.state, Action::Command(ToggleBookmark), t0());
    let [Effect::SaveBookmark(added)] = &effects[..] else {
        panic!("an add: {effects:?}");
    };
    first
        .store()
        .add_bookmark(added)
        .expect("the runner's write");
    let stored = first.store().bookmarks().expect("bookmarks");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].note, "keep me");
    // and the first window's next key shows the note
    first.press(&[GoBookmarks], t0());
    assert!(screen(&first.state).contains("Note: keep me"));
}

#[test]
fn adding_a_bookmark_keeps_a_note_stored_by_another_instance() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = Instance::bundled(dir.path(), t0());
    let mut second = Instance::bundled(dir.path(), t0());
    second.press(&[Down, Down, Down, EditNote], t0());
    second.type_text("mine", t0());
    second.press(&[Submit], t0());
    // the first window never looked at the store again: its add must not
    // wipe the note
    let item = second.state.outline[3].clone();
    let candidate = studyguide::domain::bookmarks::from_item(&item, &first.state.library, t0());
    first.store().add_bookmark(&candidate).expect("add");
    let stored = first.store().bookmarks().expect("bookmarks");
    assert_eq!(stored[0].note, "mine");
}

/// The outcomes on the keys hold for the study day they were worked out
/// on: a key pressed after the next day began (04:00) is not applied, the
/// keys show the new day's intervals with a message naming the day, and the
/// next key applies what they show.
#[test]
fn a_grade_after_the_study_day_ended_shows_the_new_days_intervals_first() {
    let card = "ch17-sarah-q1";
    let last = t0() - Duration::days(40);
    let history = [
        review(card, last - Duration::days(10), Grade::Good),
        review(card, last - Duration::days(9), Grade::Good),
        review(card, last, Grade::Good),
    ];
    let sched = Scheduler::new(SchedulerConfig::default());
    let state = sched.replay(card, history.iter().map(|r| (r.at, r.day, r.grade)));
    let due = state.due.expect("in review");
    // the start of the study day (04:00 UTC) after the one the card is due on
    let boundary = (due.date_naive() + chrono::Days::new(1))
        .and_hms_opt(4, 0, 0)
        .expect("04:00")
        .and_utc();
    let dir = tempfile::tempdir().expect("temp dir");
    Store::open_at(dir.path().join("progress.sqlite3"), t0())
        .expect("store")
        .append_reviews(&history)
        .expect("history");
    let before = boundary - Duration::seconds(10);
    let after = boundary + Duration::seconds(10);
    let mut app = Instance::bundled(dir.path(), before);
    app.press(&[GoDrill, Down, Open, Reveal], before);
    assert_eq!(app.current().as_deref(), Some(card));
    app.act(GradeGood, after);
    assert_eq!(
        app.store().reviews().expect("reviews").len(),
        3,
        "not applied"
    );
    let message = app.state.message.clone().unwrap_or_default();
    let new_day = after.format("%a %-d %b").to_string();
    assert_eq!(
        message,
        format!("New study day ({new_day}): key not applied")
    );
    // the keys now show the new day's outcomes, and the next press applies
    // exactly the one on its key
    let label = shown_interval(&app, Grade::Good);
    let want = sched
        .answer(card, &state, Grade::Good, after, study_day(after))
        .due
        .map(|d| d - after);
    assert_eq!(Some(label), want);
    let graded = after + Duration::seconds(3);
    app.act(GradeGood, graded);
    let stored = stored_progress(app.store());
    let (_, last_answer) = stored.reviews.last().expect("stored");
    assert_eq!(last_answer.at, graded);
    assert_eq!(last_answer.day, study_day(after));
    assert_eq!(
        stored.state(card).due.map(|d| d - last_answer.at),
        Some(label)
    );
}

/// The session keeps its queue between answers; an answer given in another
/// window while this one shows the reader still reaches it: the card
/// answered there is not served here after the next grade.
#[test]
fn a_card_answered_in_another_window_while_this_one_reads_is_not_served_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut first = Instance::bundled(dir.path(), t0());
    let second = Instance::bundled(dir.path(), t0());
    first.press(&[GoDrill, Down, Open], t0());
    let shown = first.current().expect("a card");
    // the card after it in the session's queue
    let filter = first
        .state
        .drill
        .session
        .as_ref()
        .expect("session")
        .filter
        .clone();
    let queue = first
        .state
        .progress
        .due_queue(|c| filter.matches(c), t0(), t0());
    let next = first.state.progress.cards[queue.entries()[1].card]
        .id
        .clone();
    // the first window goes to the reader; the other answers `next`
    first.press(&[GoReader], t0());
    second
        .store()
        .append_review(&review(&next, t0(), Grade::Good))
        .expect("the other window's answer");
    // back in the drill, the first window answers its card: `next` was
    // answered elsewhere and is not served
    first.press(&[GoDrill], t0());
    assert_eq!(first.current().as_deref(), Some(shown.as_str()));
    first.press(&[Reveal, GradeGood], t0());
    let after = first.current().expect("a card after");
    assert_ne!(after, next, "answered in the other window");
    assert_ne!(after, shown);
}
