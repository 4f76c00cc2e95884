//! Two windows on one data directory, through the real effect runner: a
//! key typed for a card that the other window answered before the key
//! arrived (noticed with the key, or by the idle check just before it) is
//! dropped with a message, never applied to the next card; a card answered
//! elsewhere while this window looked away has its intervals shown again
//! before a key grades it.

use crate::common::instance::Instance;
use crate::common::*;
use chrono::Duration;
use studyguide::domain::schedule::Grade;
use studyguide::tui::action::Command::*;

const DROPPED: &str = "Answered in another window: key not applied";

/// Two windows on one directory, both showing the first card of the
/// session on all cards (its answer revealed in the first when `revealed`).
fn two_windows(dir: &std::path::Path, revealed: bool) -> (Instance, Instance, String) {
    let mut first = Instance::bundled(dir, t0());
    let mut second = Instance::bundled(dir, t0());
    first.press(&[GoDrill, Down, Open], t0());
    second.press(&[GoDrill, Down, Open], t0());
    if revealed {
        first.press(&[Reveal], t0());
    }
    let card = first.current().expect("a card");
    assert_eq!(second.current().as_deref(), Some(card.as_str()));
    (first, second, card)
}

#[test]
fn a_grade_key_for_a_card_answered_in_another_window_is_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut first, mut second, card) = two_windows(dir.path(), true);
    second.press(&[Reveal, GradeGood], t0());
    // the first window's key was typed for the card it showed
    first.act(GradeEasy, t0() + Duration::seconds(4));
    let reviews = first.store().reviews().expect("reviews");
    let answers: Vec<(&str, Grade)> = reviews
        .iter()
        .map(|(_, r)| (r.card_id.as_str(), r.grade))
        .collect();
    assert_eq!(answers, [(card.as_str(), Grade::Good)], "only the other's");
    let next = first.state.drill.current.as_ref().expect("the next card");
    assert_ne!(next.card_id, card);
    assert!(!next.revealed, "the key did not reach the next card");
    assert_eq!(first.state.message.as_deref(), Some(DROPPED));
    // the next key acts on the card on screen
    let next = next.card_id.clone();
    first.press(&[Reveal, GradeGood], t0() + Duration::seconds(9));
    let reviews = first.store().reviews().expect("reviews");
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[1].1.card_id.as_str(), next);
}

#[test]
fn a_reveal_key_for_a_card_answered_in_another_window_does_not_reveal_the_next() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut first, mut second, card) = two_windows(dir.path(), false);
    second.press(&[Reveal, GradeGood], t0());
    first.act(Reveal, t0() + Duration::seconds(2));
    let next = first.state.drill.current.as_ref().expect("the next card");
    assert_ne!(next.card_id, card);
    assert!(!next.revealed, "the next card's answer stays hidden");
    assert_eq!(first.state.message.as_deref(), Some(DROPPED));
    // a key with no change in the store acts as usual
    first.act(Reveal, t0() + Duration::seconds(3));
    assert!(first.state.drill.current.as_ref().expect("card").revealed);
}

/// The idle check took the card away a moment before the key: the key,
/// read in the next card's key mode (where `3` opens the bookmarks), was
/// still typed for the card that went, and is dropped; a key a second
/// later acts as usual.
#[test]
fn a_key_just_after_the_idle_check_took_the_card_away_is_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut first, mut second, card) = two_windows(dir.path(), true);
    second.press(&[Reveal, GradeGood], t0());
    let synced = t0() + Duration::seconds(3);
    first.runner.sync(&mut first.state, synced);
    assert_ne!(first.current().as_deref(), Some(card.as_str()));
    assert_eq!(
        first.state.message.as_deref(),
        Some("That card was answered in another window")
    );
    first.act(GoBookmarks, synced + Duration::milliseconds(300));
    assert_eq!(first.state.message.as_deref(), Some(DROPPED));
    assert_eq!(first.state.screen, studyguide::tui::state::Screen::Drill);
    first.act(Reveal, synced + Duration::milliseconds(1500));
    assert!(first.state.drill.current.as_ref().expect("card").revealed);
}

#[test]
fn a_card_answered_elsewhere_while_this_window_read_is_shown_again_before_grading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut first, mut second, card) = two_windows(dir.path(), true);
    let before = crate::common::instance::shown_interval(&first, Grade::Good);
    // the first window goes to the reader; the second answers the card
    first.press(&[GoReader], t0());
    second.press(&[Reveal, GradeGood], t0());
    first.press(&[GoDrill], t0() + Duration::seconds(5));
    assert_eq!(first.current().as_deref(), Some(card.as_str()));
    first.act(GradeGood, t0() + Duration::seconds(6));
    assert_eq!(first.store().reviews().expect("reviews").len(), 1);
    let message = first.state.message.clone().unwrap_or_default();
    assert_eq!(message, "Answered in another window: key not applied");
    // the keys show what a Good gives now (a second answer of the day)
    let now = crate::common::instance::shown_interval(&first, Grade::Good);
    assert_ne!(now, before);
    first.act(GradeGood, t0() + Duration::seconds(8));
    let stored = crate::common::instance::stored_progress(first.store());
    let (_, last) = stored.reviews.last().expect("stored");
    assert_eq!(last.card_id.as_str(), card);
    assert_eq!(stored.state(&card).due, Some(last.at + now));
}
