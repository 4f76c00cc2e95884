//! A large sync replays the cards it touches from the rows it holds in
//! memory (`store::sync_replay`), on a second thread while it inserts them.
//! The states it keeps must be the ones a replay of the merged log gives,
//! and a write it did not make between its snapshot and its transaction
//! (another window's answer, an answer on its own connection) sends it
//! back to reading the log, so that answer is in the state too.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use studyguide::domain::schedule::day::{DayBoundary, Zone};
use studyguide::domain::schedule::{CardState, Grade, ReviewRecord};
use studyguide::store::{Store, SyncImport, SyncReview};

use crate::sync::{Machine, folder, minutes, scheduler, scratch, t0};

const GRADES: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

/// Each card answered three times over three weeks, grades varied by card.
fn study(machine: &Machine, cards: std::ops::Range<usize>, offset: usize) {
    for round in 0..3_usize {
        for card in cards.clone() {
            let at = t0() + minutes((round * 7 * 24 * 60 + card) as i64);
            let grade = GRADES[(card * 3 + round + offset) % 4];
            machine.answer(&format!("card-{card}"), grade, at);
        }
    }
}

/// The kept states, with each card's first answer.
fn kept(machine: &Machine) -> BTreeMap<String, (CardState, DateTime<Utc>)> {
    machine
        .rows()
        .states
        .into_iter()
        .map(|s| (s.card_id.to_string(), (s.state, s.first_answer)))
        .collect()
}

/// What a replay of the whole log gives (its valid rows, as the app
/// reads it), with each card's first answer.
fn replayed(store: &Store) -> BTreeMap<String, (CardState, DateTime<Utc>)> {
    let (reviews, _) = store.valid_reviews().unwrap();
    let states = studyguide::domain::schedule::queue::replay_all(&scheduler(), &reviews);
    let mut first = BTreeMap::new();
    for (_, r) in &reviews {
        first.entry(r.card_id.to_string()).or_insert(r.at);
    }
    states
        .into_iter()
        .map(|(id, state)| {
            let id = id.to_string();
            let at = first[&id];
            (id, (state, at))
        })
        .collect()
}

#[test]
fn a_large_sync_replays_from_memory_and_keeps_the_states_of_the_merged_log() {
    let root = scratch();
    let sync_dir = folder(root.path());
    let mut laptop = Machine::new(root.path(), "laptop");
    let mut desktop = Machine::new(root.path(), "desktop");
    // 400 cards each, 200 of them on both; the shared ones answered at the
    // same millisecond on both machines, some with other grades. 1,200
    // answers: as many as the desktop has, so they go in as a bulk insert
    study(&laptop, 0..400, 0);
    study(&desktop, 200..600, 1);
    let last = desktop.answer("card-270", Grade::Easy, t0() + minutes(60_000));
    desktop.store.undo_review(last).unwrap();
    desktop.answer("card-271", Grade::Again, t0() + minutes(60_001));

    laptop.sync(&sync_dir, t0() + minutes(70_000));
    let pulled = desktop.sync(&sync_dir, t0() + minutes(70_001));
    assert_eq!(pulled.applied.reviews, 1_200, "{}", pulled.line());
    assert_eq!(pulled.applied.cards, 400);
    assert!(pulled.applied.replayed_in_memory, "{}", pulled.line());
    assert_eq!(kept(&desktop), replayed(&desktop.store));
    // the bulk insert set the uid trigger aside and put it back: an answer
    // given here still gets this device's uid
    let id = desktop.answer("card-1", Grade::Good, t0() + minutes(70_001));
    let file = rusqlite::Connection::open(desktop.dir.join("progress.sqlite3")).unwrap();
    let uid: Option<String> = file
        .query_row("SELECT uid FROM reviews WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    let device = desktop.store.device_id().unwrap();
    assert_eq!(uid, Some(format!("{device}:{id}")));

    // the laptop undoes one of the desktop's answers it has just taken in
    laptop.sync(&sync_dir, t0() + minutes(70_002));
    let taken_in = last_answer(&laptop, "card-271");
    laptop.store.undo_review(taken_in).unwrap();
    laptop.sync(&sync_dir, t0() + minutes(70_003));
    let back = desktop.sync(&sync_dir, t0() + minutes(70_004));
    assert_eq!(back.applied.undone, 1, "{}", back.line());
    laptop.sync(&sync_dir, t0() + minutes(70_005));
    for machine in [&laptop, &desktop] {
        let states = kept(machine);
        assert_eq!(states.len(), 600);
        assert_eq!(states, replayed(&machine.store));
    }
    assert_eq!(laptop.rows(), desktop.rows());
}

/// The id of the last answer to `card` in `machine`'s log.
fn last_answer(machine: &Machine, card: &str) -> i64 {
    let reviews = machine.store.reviews().unwrap();
    let (id, last) = reviews
        .iter()
        .rev()
        .find(|(_, r)| r.card_id.as_str() == card)
        .unwrap();
    assert_eq!(last.grade, Grade::Again, "the desktop's answer, taken in");
    *id
}

/// Another device's answers to `cards`, as a sync would bring them.
fn their_answers(cards: std::ops::Range<usize>) -> SyncImport {
    let reviews = cards
        .map(|card| SyncReview {
            uid: format!("0123456789abcdef:{}", card + 1).into(),
            card_id: format!("card-{card}").into(),
            at_ms: (t0() + minutes(card as i64 + 30)).timestamp_millis(),
            grade: 3,
            elapsed_ms: 2_000,
            typed_answer: None,
            undone: false,
            day: None,
        })
        .collect();
    SyncImport {
        reviews,
        ..SyncImport::default()
    }
}

fn answer_on(store: &Store, card: &str, at: DateTime<Utc>) {
    store
        .append_review(&ReviewRecord {
            card_id: card.into(),
            at,
            day: DayBoundary::new(Zone::utc(), 4).day(at),
            grade: Grade::Hard,
            elapsed_ms: 1_000,
            typed_answer: None,
        })
        .unwrap();
}

#[test]
fn an_answer_written_between_the_snapshot_and_the_sync_is_in_the_replayed_state() {
    // 1,200 taken in: the store leaves WAL mode for the transaction
    // (`store::journal`), which moves the mark's `data_version` itself
    for (by_another_window, taken) in [(true, 100), (false, 100), (true, 1_200), (false, 1_200)] {
        let root = scratch();
        let machine = Machine::new(root.path(), "laptop");
        study(&machine, 0..100, 0);
        let snapshot = machine.store.sync_snapshot().unwrap();
        // after the snapshot, before the sync's transaction: an answer to
        // a card the sync touches, from another window or from this one
        let at = t0() + minutes(50_000);
        if by_another_window {
            let mut other = Store::open_at(machine.dir.join("progress.sqlite3"), at).unwrap();
            other.keep_card_states(&scheduler());
            answer_on(&other, "card-5", at);
        } else {
            answer_on(&machine.store, "card-5", at);
        }
        let applied = machine
            .store
            .apply_sync(&their_answers(0..taken), &snapshot, || true)
            .unwrap()
            .unwrap();
        assert_eq!(applied.reviews, taken);
        let states = kept(&machine);
        assert_eq!(states, replayed(&machine.store));
        assert_eq!(
            states["card-5"].0.reps, 5,
            "three, theirs, and the late one"
        );
        assert!(
            !applied.replayed_in_memory,
            "another window: {by_another_window}, {taken} taken in"
        );
    }
}

/// Puts a row no reader accepts (a time past the year 9999) under the uid
/// of the answer to card-7 that `their_answers` brings: it is not in the
/// snapshot. Then, as a start does, the card-state table follows the log
/// again. Returns the connection it wrote with.
fn plant_unread_row(machine: &Machine) -> rusqlite::Connection {
    let file = rusqlite::Connection::open(machine.dir.join("progress.sqlite3")).unwrap();
    file.execute(
        "INSERT INTO reviews (card_id, at_ms, grade, elapsed_ms, uid) \
         VALUES ('card-7', 999999999999999999, 3, 1000, '0123456789abcdef:8')",
        [],
    )
    .unwrap();
    machine.store.rebuild_card_states().unwrap();
    file
}

#[test]
fn a_row_whose_uid_is_already_in_the_store_unread_sends_the_replay_to_the_log() {
    let root = scratch();
    let machine = Machine::new(root.path(), "laptop");
    study(&machine, 0..100, 0);
    // the sync's row with that uid is not added
    drop(plant_unread_row(&machine));
    let snapshot = machine.store.sync_snapshot().unwrap();
    // and a second answer of theirs to card-7, which is added
    let mut import = their_answers(0..100);
    let mut second = import.reviews[7].clone();
    second.uid = "0123456789abcdef:200".into();
    second.at_ms += 60_000;
    import.reviews.push(second);
    let applied = machine
        .store
        .apply_sync(&import, &snapshot, || true)
        .unwrap()
        .unwrap();
    assert_eq!(applied.reviews, 100);
    let states = kept(&machine);
    assert_eq!(states, replayed(&machine.store));
    assert_eq!(states["card-7"].0.reps, 4, "three, and their second");
    assert!(!applied.replayed_in_memory);
}

#[test]
fn with_nothing_written_between_the_store_api_replays_from_memory_alike() {
    let root = scratch();
    let machine = Machine::new(root.path(), "laptop");
    study(&machine, 0..100, 2);
    let snapshot = machine.store.sync_snapshot().unwrap();
    let applied = machine
        .store
        .apply_sync(&their_answers(0..100), &snapshot, || true)
        .unwrap()
        .unwrap();
    assert!(applied.replayed_in_memory);
    assert_eq!(kept(&machine), replayed(&machine.store));
}

#[test]
fn a_sync_whose_files_were_not_written_leaves_the_store_as_it_was() {
    let root = scratch();
    let machine = Machine::new(root.path(), "laptop");
    study(&machine, 0..400, 0);
    let before = machine.rows();
    let snapshot = machine.store.sync_snapshot().unwrap();
    // the store asks at its end whether the files are written: no
    let mut asked = false;
    let applied = machine
        .store
        .apply_sync(&their_answers(0..1_200), &snapshot, || {
            asked = true;
            false
        })
        .unwrap();
    assert!(asked);
    assert_eq!(applied, None);
    assert_eq!(machine.rows(), before);
    // and the bulk insert's index and trigger are as they were
    let id = machine.answer("card-1", Grade::Good, t0() + minutes(90_000));
    let file = rusqlite::Connection::open(machine.dir.join("progress.sqlite3")).unwrap();
    let uid: Option<String> = file
        .query_row("SELECT uid FROM reviews WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    assert_eq!(uid.map(|u| u.ends_with(&format!(":{id}"))), Some(true));
    assert_eq!(log_indexes(&file), 2);
}

/// How many of the log's two indexes (by card, by uid) the file has.
fn log_indexes(file: &rusqlite::Connection) -> i64 {
    file.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE name IN ('reviews_by_card', 'reviews_by_uid')",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_first_sync_meeting_a_uid_already_here_goes_row_by_row_and_keeps_the_one_here() {
    let root = scratch();
    let machine = Machine::new(root.path(), "laptop");
    study(&machine, 0..400, 0);
    // the import takes that uid for new, and the bulk insert's uid index
    // cannot be made again
    let file = plant_unread_row(&machine);
    let snapshot = machine.store.sync_snapshot().unwrap();
    let import = their_answers(0..1_200);
    let applied = machine
        .store
        .apply_sync(&import, &snapshot, || true)
        .unwrap()
        .unwrap();
    assert_eq!(applied.reviews, 1_199, "all but the one whose uid is here");
    let rows: i64 = file
        .query_row(
            "SELECT count(*) FROM reviews WHERE uid = '0123456789abcdef:8'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 1);
    let total: i64 = file
        .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 1_200 + 1 + 1_199);
    assert_eq!(log_indexes(&file), 2);
    assert!(!applied.replayed_in_memory);
    assert_eq!(kept(&machine), replayed(&machine.store));
}
