//! Every time `--now` accepts can be stored and read back (issue 27 item
//! 1): a review, a bookmark, a reading position, an interview session and a
//! daily backup written at any time from 1970 to 9000 read back equal, the
//! card-state table follows, and the store opens read-write again and takes
//! the next answer. Times outside the range are refused by `--now`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use studyguide::domain::bookmarks::Bookmark;
use studyguide::domain::interview::InterviewSession;
use studyguide::domain::interview::{AnswerScore, InterviewMode, RubricRating};
use studyguide::domain::schedule::day::{DayBoundary, Zone};
use studyguide::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};
use studyguide::domain::time_range;
use studyguide::store::{Store, backup};

use crate::cli_common::Sandbox;

fn review(card: &str, at: DateTime<Utc>, grade: Grade) -> ReviewRecord {
    ReviewRecord {
        card_id: card.into(),
        at,
        day: DayBoundary::new(Zone::utc(), 4).day(at),
        grade,
        elapsed_ms: 1500,
        typed_answer: Some(format!("typed at {at}")),
    }
}

fn answer() -> AnswerScore {
    AnswerScore {
        question: "q1".into(),
        prompt: "Tell me about a time".into(),
        answer: Some("An answer.".into()),
        time_taken: StdDuration::from_millis(61_000),
        limit: StdDuration::from_secs(120),
        signals: None,
        rated_against: vec!["star".into()],
        rating: RubricRating::default(),
    }
}

/// Writes each kind of row at `at`, reopens, and checks it reads back.
fn round_trip(at: DateTime<Utc>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let days = DayBoundary::new(Zone::utc(), 4);
    let scheduler = Scheduler::new(SchedulerConfig::default());
    let fingerprint = scheduler.config().state_fingerprint();
    let at = DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap();
    // the first open makes the file; the second makes the day's backup
    drop(Store::open_on(&path, days.day(at)).unwrap());
    let mut store = Store::open_on(&path, days.day(at)).unwrap();
    store.keep_card_states(&scheduler);
    // as the app's start does: the table is made current, then followed
    store.rebuild_card_states().unwrap();
    let first = review("card", at, Grade::Good);
    store.append_review(&first).unwrap();
    let bookmark = Bookmark {
        item_id: "item".into(),
        chapter_id: "ch".into(),
        title: "A title".into(),
        preview: "A preview".into(),
        note: "A note".into(),
        created: at,
    };
    store.upsert_bookmark(&bookmark).unwrap();
    store.set_position("reader", &format!("at {at}")).unwrap();
    let session = InterviewSession {
        id: "session-1".into(),
        set: "set".into(),
        mode: InterviewMode::Live,
        started_at: at,
        planned: 2,
        limit: StdDuration::from_secs(120),
    };
    store
        .save_interview_answer(&session, 0, "attempt-1", &answer(), at)
        .unwrap();
    drop(store);

    let mut store = Store::open_on(&path, days.day(at)).unwrap();
    prop_assert!(!store.is_read_only());
    prop_assert_eq!(store.set_aside(), Default::default());
    store.keep_card_states(&scheduler);
    let (reviews, invalid) = store.valid_reviews().unwrap();
    prop_assert_eq!(invalid, 0);
    prop_assert_eq!(reviews.len(), 1);
    prop_assert_eq!(&reviews[0].1, &first);
    prop_assert_eq!(store.bookmarks_read().unwrap(), (vec![bookmark], 0));
    prop_assert_eq!(store.position("reader").unwrap(), Some(format!("at {at}")));
    let sessions = store.interviews().unwrap();
    prop_assert_eq!(sessions.len(), 1);
    prop_assert_eq!(sessions[0].started_at, at);
    prop_assert_eq!(sessions[0].attempts[0].answered_at, at);
    let states = store.card_states(&fingerprint).unwrap().expect("current");
    prop_assert_eq!(states.len(), 1);
    prop_assert_eq!(states[0].first_answer, at);
    let listed: Vec<_> = backup::list_daily(&path)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    prop_assert_eq!(listed, vec![days.day(at)]);
    // and it takes the next answer, a minute on
    let next = review("card", at + Duration::minutes(1), Grade::Again);
    store.append_review(&next).unwrap();
    prop_assert!(store.card_states_current().unwrap());
    prop_assert_eq!(store.valid_reviews().unwrap().0.len(), 2);
    Ok(())
}

fn supported_time() -> impl Strategy<Value = DateTime<Utc>> {
    let first = time_range::FIRST.timestamp_millis();
    // a minute short of the end, for the next answer
    let last = (time_range::last() - Duration::minutes(1)).timestamp_millis();
    (first..=last).prop_map(|ms| DateTime::from_timestamp_millis(ms).unwrap())
}

proptest! {
    // each case opens a store three times and syncs every write: a few cases
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn every_row_written_at_a_supported_time_reads_back_equal(at in supported_time()) {
        round_trip(at)?;
    }
}

#[test]
fn rows_written_at_the_ends_of_the_supported_times_read_back_equal() {
    for at in [time_range::FIRST, time_range::last() - Duration::minutes(1)] {
        round_trip(at).unwrap();
    }
}

#[test]
fn now_outside_the_supported_times_is_refused_with_exit_2() {
    let sb = Sandbox::new();
    for now in [
        "0000-01-01T09:00:00Z",
        "1969-12-31T23:59:59Z",
        "9001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
    ] {
        let out = sb.run(&["--now", now, "due"]);
        assert_eq!(out.code, 2, "{now}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("outside the times studyguide can store: 1970-01-01T00:00:00Z"),
            "{now}: {}",
            out.stderr
        );
        assert!(!sb.path("data/progress.sqlite3").exists(), "{now}");
    }
    for now in ["1970-01-01T00:00:00Z", "9000-12-31T23:59:59Z"] {
        let out = sb.run(&["--now", now, "due"]);
        assert_eq!(out.code, 0, "{now}: {}", out.stderr);
    }
}
