use chrono::{Duration, TimeZone};
use proptest::prelude::*;

use super::*;
use crate::domain::cards::CardId;
use crate::domain::schedule::{Grade, SchedulerConfig};
use crate::store::StatsSource;

fn t(mins: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap() + Duration::minutes(mins)
}

fn review(card: &str, mins: i64, grade: Grade) -> ReviewRecord {
    ReviewRecord {
        card_id: card.into(),
        // not on a whole millisecond: the table keeps what the log keeps
        at: t(mins) + Duration::microseconds(1500),
        day: crate::domain::schedule::day::test_day(t(mins) + Duration::microseconds(1500)),
        grade,
        elapsed_ms: 1,
        typed_answer: None,
    }
}

fn kept_store(dir: &tempfile::TempDir) -> (Store, Scheduler) {
    let scheduler = Scheduler::new(SchedulerConfig::default());
    let mut store = Store::open_at(dir.path().join("p.db"), t(0)).unwrap();
    store.keep_card_states(&scheduler);
    (store, scheduler)
}

/// The table as a map, or `None` when it is not current.
fn table(store: &Store, scheduler: &Scheduler) -> Option<Vec<(CardId, CardState, DateTime<Utc>)>> {
    let fingerprint = scheduler.config().state_fingerprint();
    let mut rows: Vec<_> = store
        .card_states(&fingerprint)
        .unwrap()?
        .into_iter()
        .map(|s| (s.card_id, s.state, s.first_answer))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Some(rows)
}

/// What a replay of the whole log gives.
fn replayed(store: &Store, scheduler: &Scheduler) -> Vec<(CardId, CardState, DateTime<Utc>)> {
    let reviews = store.reviews().unwrap();
    let states = replay_all(scheduler, &reviews);
    let mut rows: Vec<_> = states
        .into_iter()
        .map(|(id, state)| {
            let first = reviews
                .iter()
                .filter(|(_, r)| r.card_id == id)
                .map(|(_, r)| r.at)
                .min()
                .unwrap();
            (id, state, first)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

#[test]
fn a_fresh_store_has_a_stale_table_until_it_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (store, scheduler) = kept_store(&dir);
    assert!(!store.card_states_current().unwrap());
    assert_eq!(table(&store, &scheduler), None);
    store.rebuild_card_states().unwrap();
    assert!(store.card_states_current().unwrap());
    assert_eq!(table(&store, &scheduler), Some(Vec::new()));
}

#[test]
fn answers_and_undos_keep_the_table_equal_to_a_replay_of_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let (store, scheduler) = kept_store(&dir);
    store.rebuild_card_states().unwrap();
    let a1 = store.append_review(&review("a", 0, Grade::Good)).unwrap();
    store.append_review(&review("b", 1, Grade::Again)).unwrap();
    store.append_review(&review("a", 12, Grade::Good)).unwrap();
    let a3 = store
        .append_review(&review("a", 2000, Grade::Easy))
        .unwrap();
    // dated before the card's last answer: the card is replayed
    store.append_review(&review("a", 5, Grade::Hard)).unwrap();
    assert_eq!(
        table(&store, &scheduler),
        Some(replayed(&store, &scheduler))
    );
    store.undo_review(a3).unwrap();
    assert_eq!(
        table(&store, &scheduler),
        Some(replayed(&store, &scheduler))
    );
    // undoing the first answer moves the first-answer time on
    store.undo_review(a1).unwrap();
    let rows = table(&store, &scheduler).unwrap();
    assert_eq!(rows, replayed(&store, &scheduler));
    assert_eq!(
        rows[0].2,
        DateTime::from_timestamp_millis(review("a", 5, Grade::Hard).at.timestamp_millis()).unwrap()
    );
}

#[test]
fn a_card_whose_only_answer_is_undone_loses_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let (store, scheduler) = kept_store(&dir);
    store.rebuild_card_states().unwrap();
    let id = store.append_review(&review("a", 0, Grade::Good)).unwrap();
    store.undo_review(id).unwrap();
    assert_eq!(table(&store, &scheduler), Some(Vec::new()));
}

#[test]
fn a_write_the_table_did_not_follow_leaves_it_stale_until_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (store, scheduler) = kept_store(&dir);
    store.append_review(&review("a", 0, Grade::Good)).unwrap();
    store.rebuild_card_states().unwrap();
    assert_eq!(
        table(&store, &scheduler),
        Some(replayed(&store, &scheduler))
    );
    // a bulk append (imports, generated data)
    store
        .append_reviews(&[review("b", 1, Grade::Good)])
        .unwrap();
    assert_eq!(table(&store, &scheduler), None);
    // answers while stale do not make it current
    store.append_review(&review("c", 2, Grade::Good)).unwrap();
    assert_eq!(table(&store, &scheduler), None);
    store.rebuild_card_states().unwrap();
    assert_eq!(
        table(&store, &scheduler),
        Some(replayed(&store, &scheduler))
    );
    // an older build appending or undoing by hand
    store
        .conn
        .execute_batch(
            "INSERT INTO reviews (card_id, at_ms, grade, elapsed_ms) VALUES ('d', 0, 3, 1)",
        )
        .unwrap();
    assert_eq!(table(&store, &scheduler), None);
    store.rebuild_card_states().unwrap();
    store
        .conn
        .execute_batch("UPDATE reviews SET undone = 1 WHERE card_id = 'a'")
        .unwrap();
    assert_eq!(table(&store, &scheduler), None);
}

#[test]
fn other_scheduler_settings_do_not_read_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let (store, scheduler) = kept_store(&dir);
    store.append_review(&review("a", 0, Grade::Good)).unwrap();
    store.rebuild_card_states().unwrap();
    let other = SchedulerConfig {
        desired_retention: 0.85,
        ..SchedulerConfig::default()
    };
    assert_eq!(store.card_states(&other.state_fingerprint()).unwrap(), None);
    // the daily limit does not change a state
    let same = SchedulerConfig {
        new_per_day: 3,
        ..SchedulerConfig::default()
    };
    assert_eq!(
        same.state_fingerprint(),
        scheduler.config().state_fingerprint()
    );
}

#[test]
fn a_read_only_store_reads_a_current_table_and_never_writes_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    {
        let (store, _) = kept_store(&dir);
        store.rebuild_card_states().unwrap();
        store.append_review(&review("a", 0, Grade::Good)).unwrap();
    }
    let scheduler = Scheduler::new(SchedulerConfig::default());
    let mut read_only = Store::open_read_only(&path).unwrap();
    read_only.keep_card_states(&scheduler);
    assert_eq!(
        table(&read_only, &scheduler).map(|rows| rows.len()),
        Some(1)
    );
    read_only.rebuild_card_states().unwrap();
    assert!(
        read_only
            .append_review(&review("b", 1, Grade::Good))
            .is_err()
    );
}

#[test]
fn a_store_made_by_an_older_build_has_no_table_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    {
        let store = Store::open_at(&path, t(0)).unwrap();
        store.append_review(&review("a", 0, Grade::Good)).unwrap();
        store
            .conn
            .execute_batch("DROP TABLE card_states; DROP TABLE card_states_stamp;")
            .unwrap();
    }
    let read_only = Store::open_read_only(&path).unwrap();
    let fingerprint = SchedulerConfig::default().state_fingerprint();
    assert_eq!(read_only.card_states(&fingerprint).unwrap(), None);
}

#[test]
fn a_row_made_invalid_in_place_is_left_out_of_what_stats_reads() {
    let dir = tempfile::tempdir().unwrap();
    let (store, scheduler) = kept_store(&dir);
    store.rebuild_card_states().unwrap();
    for (i, card) in ["a", "b", "c"].iter().enumerate() {
        store
            .append_review(&review(card, i as i64, Grade::Good))
            .unwrap();
    }
    let fingerprint = scheduler.config().state_fingerprint();
    let read = |store: &Store| {
        let source: StatsSource = store.stats_source(&fingerprint, t(-60)).unwrap().unwrap();
        let cards: Vec<String> = source.recent_histories.into_iter().map(|h| h.0).collect();
        (source.answer_times.len(), cards)
    };
    // every row valid: the check per row is left out, nothing else changes
    assert_eq!(store.valid_row_condition(&store.conn).unwrap(), "1");
    assert_eq!(read(&store), (3, vec!["a".into(), "b".into(), "c".into()]));
    // edited by hand: the log's position is the same, the table still
    // current, and the row is left out as every reader leaves it out
    store
        .conn
        .execute_batch("UPDATE reviews SET at_ms = 'soon' WHERE card_id = 'b'")
        .unwrap();
    assert_eq!(store.valid_row_condition(&store.conn).unwrap(), VALID_ROW);
    assert_eq!(read(&store), (2, vec!["a".into(), "c".into()]));
    // a store without the partial index checks each row
    store
        .conn
        .execute_batch("DROP INDEX reviews_invalid")
        .unwrap();
    assert_eq!(store.valid_row_condition(&store.conn).unwrap(), VALID_ROW);
    assert_eq!(read(&store), (2, vec!["a".into(), "c".into()]));
}

#[test]
fn answer_times_read_apart_belong_to_the_states_read_at_the_same_mark() {
    let dir = tempfile::tempdir().unwrap();
    let (store, scheduler) = kept_store(&dir);
    store.rebuild_card_states().unwrap();
    let first = store.append_review(&review("a", 0, Grade::Good)).unwrap();
    store.append_review(&review("b", 1, Grade::Again)).unwrap();
    let fingerprint = scheduler.config().state_fingerprint();
    let apart = |store: &Store| -> StatsSource {
        store
            .stats_source_without_times(&fingerprint, t(-60))
            .unwrap()
            .unwrap()
    };
    let whole: StatsSource = store.stats_source(&fingerprint, t(-60)).unwrap().unwrap();
    let second = Store::open_read_only(dir.path().join("p.db")).unwrap();
    let (mark, times) = second.answer_times().unwrap();
    let without = apart(&store);
    assert!(without.answer_times.is_empty());
    assert_eq!(mark, without.mark);
    assert_eq!(times, whole.answer_times);
    assert_eq!(times.len(), 2);
    // an answer, and an undo, each move the mark
    store.append_review(&review("c", 2, Grade::Good)).unwrap();
    let after_answer = apart(&store);
    assert_ne!(after_answer.mark, mark);
    store.undo_review(first).unwrap();
    let after_undo = apart(&store);
    assert_ne!(after_undo.mark, after_answer.mark);
    assert_eq!(second.answer_times().unwrap().0, after_undo.mark);
}

#[test]
fn the_undone_count_is_read_from_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = kept_store(&dir);
    let plan = crate::store::query_plan(
        &store.conn,
        "SELECT count(*) FROM reviews WHERE undone <> 0",
    );
    assert!(
        plan.iter().any(|s| s.contains("reviews_undone")),
        "{plan:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any mix of answers (in and out of time order) and undos keeps the
    /// table equal to a replay of the log.
    #[test]
    fn the_table_always_equals_a_replay(
        steps in proptest::collection::vec((0usize..4, -30i64..3000, 1u8..=4, 0u8..5), 1..30)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (store, scheduler) = kept_store(&dir);
        store.rebuild_card_states().unwrap();
        let mut ids = Vec::new();
        for (card, mins, grade, undo) in steps {
            if undo == 0 && !ids.is_empty() {
                let id = ids.remove(mins.unsigned_abs() as usize % ids.len());
                store.undo_review(id).unwrap();
            } else {
                let card = ["a", "b", "c", "d"][card];
                let grade = Grade::from_u8(grade).unwrap();
                ids.push(store.append_review(&review(card, mins, grade)).unwrap());
            }
        }
        prop_assert_eq!(table(&store, &scheduler), Some(replayed(&store, &scheduler)));
    }
}

/// The SQL of the partial index of unreadable card states, if it is there.
fn invalid_index_sql(store: &Store) -> Option<String> {
    store
        .conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'card_states_invalid'",
            [],
            |r| r.get(0),
        )
        .optional()
        .unwrap()
}

#[test]
fn many_states_written_at_once_leave_the_index_of_unreadable_rows_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (store, scheduler) = kept_store(&dir);
    let made = invalid_index_sql(&store).expect("made on a read-write open");
    let cards: Vec<String> = (0..MANY_STATES + 10).map(|i| format!("c{i:05}")).collect();
    let reviews: Vec<ReviewRecord> = cards
        .iter()
        .enumerate()
        .map(|(i, card)| review(card, i as i64, Grade::Good))
        .collect();
    store.append_reviews(&reviews).unwrap();
    // the whole table rebuilt, then every card replayed again as a sync does
    store.rebuild_card_states().unwrap();
    assert_eq!(invalid_index_sql(&store), Some(made.clone()));
    let logged = store.reviews().unwrap();
    let states = replay_all(&scheduler, &logged);
    let ids: Vec<&str> = cards.iter().map(String::as_str).collect();
    store
        .write_replayed(&store.conn, &ids, &logged, &states)
        .unwrap();
    assert_eq!(invalid_index_sql(&store), Some(made));
    assert_eq!(
        table(&store, &scheduler),
        Some(replayed(&store, &scheduler))
    );
    // and it holds a row made unreadable in place afterwards
    store
        .conn
        .execute_batch("UPDATE card_states SET phase = 9 WHERE card_id = 'c00007'")
        .unwrap();
    let found: Vec<String> = store
        .conn
        .prepare(&format!(
            "SELECT card_id FROM card_states INDEXED BY card_states_invalid \
             WHERE NOT ({})",
            crate::store::quarantine::VALID_STATE
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(found, vec!["c00007".to_string()]);
}
