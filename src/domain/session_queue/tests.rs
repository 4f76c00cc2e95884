//! The kept queue against a queue built afresh before every card, over
//! random collections, histories and sessions of answers.

use super::*;
use crate::domain::content::CardKind;
use crate::domain::schedule::day::Zone;
use crate::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};
use chrono::{Duration, TimeZone};
use proptest::prelude::*;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

const GRADES: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

/// Cards: (deck 0..2, note 0..6); reviews: (card, minutes before the
/// start, grade).
fn progress(
    cards: &[(usize, usize)],
    reviews: &[(usize, i64, usize)],
    bury: bool,
    new_per_day: u32,
) -> Progress {
    let cards: Vec<Card> = cards
        .iter()
        .enumerate()
        .map(|(i, &(deck, note))| Card {
            id: format!("c{i}").into(),
            deck: crate::domain::cards::DeckRef::new(&format!("d{deck}"), &format!("Deck {deck}")),
            front: "".into(),
            back: "".into(),
            tags: Box::new([]),
            kind: CardKind::Basic,
            from_note: (note < 3).then(|| format!("n{note}").into()),
        })
        .collect();
    let mut log: Vec<(i64, ReviewRecord)> = reviews
        .iter()
        .enumerate()
        .map(|(i, &(card, mins, grade))| {
            (
                i as i64 + 1,
                ReviewRecord {
                    card_id: format!("c{card}").into(),
                    at: start() - Duration::minutes(mins),
                    day: crate::domain::schedule::day::test_day(start() - Duration::minutes(mins)),
                    grade: GRADES[grade],
                    elapsed_ms: 0,
                    typed_answer: None,
                },
            )
        })
        .collect();
    log.sort_by_key(|(id, r)| (r.at, *id));
    let config = SchedulerConfig {
        bury_siblings: bury,
        new_per_day,
        ..SchedulerConfig::default()
    };
    Progress::new(cards, log, Scheduler::new(config), Zone::utc())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// Before every card of a session, the kept queue shows the same next
    /// card and the same number left as a queue built afresh, whatever the
    /// answers and however much time passes between them (across a day's
    /// end too).
    #[test]
    fn the_kept_queue_matches_a_fresh_one_before_every_card(
        cards in proptest::collection::vec((0usize..2, 0usize..6), 1..14),
        reviews in proptest::collection::vec((0usize..14, 0i64..6000, 0usize..4), 0..30),
        bury in any::<bool>(),
        new_per_day in 0u32..6,
        deck in proptest::option::of(0usize..2),
        answers in proptest::collection::vec((0usize..4, 0i64..900), 1..25),
    ) {
        let mut p = progress(&cards, &reviews, bury, new_per_day);
        let wanted = deck.map(|d| format!("d{d}"));
        let include = |c: &Card| wanted.as_deref().is_none_or(|d| *c.deck == *d);
        let mut now = start();
        let mut kept = SessionQueue::build(&p, include, now);
        let mut next_id = 1000;
        for (grade, seconds) in answers {
            if !kept.is_current(&p, now) {
                kept = SessionQueue::build(&p, include, now);
            }
            let fresh = p.due_queue(include, now, now);
            prop_assert_eq!(kept.len(), fresh.len());
            prop_assert_eq!(kept.first().map(|e| e.card), fresh.first().map(|e| e.card));
            let Some(entry) = kept.first() else { break };
            let id = p.cards[entry.card].id.clone();
            next_id += 1;
            p.record(next_id, ReviewRecord {
                card_id: id.clone(),
                at: now,
                day: crate::domain::schedule::day::test_day(now),
                grade: GRADES[grade],
                elapsed_ms: 0,
                typed_answer: None,
            });
            kept.answered(&p, &id);
            now += Duration::seconds(seconds * 20);
        }
    }
}

#[test]
fn an_answer_takes_the_card_out_and_a_card_with_siblings_has_the_queue_built_again() {
    // c0 and c1 are gaps of one note, c2 a card of its own
    let mut p = progress(&[(0, 0), (0, 0), (0, 5)], &[], true, 20);
    let mut kept = SessionQueue::build(&p, |_| true, start());
    // one card of a note a day: c0 and c2 wait
    assert_eq!(kept.len(), 2);
    let answer = |p: &mut Progress, id: &str, n: i64| {
        p.record(
            n,
            ReviewRecord {
                card_id: id.into(),
                at: start(),
                day: crate::domain::schedule::day::test_day(start()),
                grade: Grade::Good,
                elapsed_ms: 0,
                typed_answer: None,
            },
        );
    };
    answer(&mut p, "c2", 1);
    kept.answered(&p, "c2");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept.first().map(|e| e.card), Some(0));
    // c2 is back in learning in 10 minutes: the queue is built again then
    assert!(kept.is_current(&p, start() + Duration::minutes(9)));
    assert!(!kept.is_current(&p, start() + Duration::minutes(10)));
    // c0 has a sibling: its answer has the queue built again at once
    answer(&mut p, "c0", 2);
    kept.answered(&p, "c0");
    assert!(!kept.is_current(&p, start()));
}
