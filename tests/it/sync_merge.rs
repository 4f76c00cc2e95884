//! Studying on several machines: what changes two machines made without
//! seeing each other's become (see `sync::merge_rules`): a delete against a
//! note edit, two notes, interview attempts with their marks and missed
//! points, drafts (which stay their device's).

use studyguide::domain::schedule::Grade;

use crate::sync::{Machine, bookmark, folder, minutes, nothing_moved, scratch, t0};

#[test]
fn a_bookmark_deleted_on_one_machine_and_noted_on_the_other_comes_back_with_its_note() {
    let root = scratch();
    let sync_dir = folder(root.path());
    let mut a = Machine::new(root.path(), "a");
    let mut b = Machine::new(root.path(), "b");
    a.store.add_bookmark(&bookmark("tip", "", t0())).unwrap();
    a.sync(&sync_dir, t0() + minutes(1));
    b.sync(&sync_dir, t0() + minutes(2));
    // offline: a deletes it, b writes a note on it
    a.store.delete_bookmark("tip").unwrap();
    assert!(b.store.set_bookmark_note("tip", "use numbers").unwrap());
    a.sync(&sync_dir, t0() + minutes(3));
    let met = b.sync(&sync_dir, t0() + minutes(4));
    assert_eq!(
        met.conflicts,
        [
            "the bookmark \"Title of tip\" was deleted on one machine and changed on another: it is kept, with its note"
        ]
    );
    let back = a.sync(&sync_dir, t0() + minutes(5));
    assert_eq!(back.applied.bookmarks, 1, "{}", back.line());
    // each machine tells it once, when it first meets it
    assert_eq!(back.conflicts, met.conflicts);
    assert!(a.sync(&sync_dir, t0() + minutes(5)).conflicts.is_empty());
    let rows = a.rows();
    assert_eq!(rows, b.rows());
    assert_eq!(rows.bookmarks.len(), 1);
    assert_eq!(rows.bookmarks[0].note, "use numbers");
    // a delete made after seeing the note deletes it everywhere
    a.store.delete_bookmark("tip").unwrap();
    a.sync(&sync_dir, t0() + minutes(6));
    b.sync(&sync_dir, t0() + minutes(7));
    assert!(b.rows().bookmarks.is_empty());
}

#[test]
fn notes_written_on_two_machines_at_once_are_both_kept() {
    let root = scratch();
    let sync_dir = folder(root.path());
    let mut a = Machine::new(root.path(), "a");
    let mut b = Machine::new(root.path(), "b");
    a.store.add_bookmark(&bookmark("tip", "", t0())).unwrap();
    a.sync(&sync_dir, t0() + minutes(1));
    b.sync(&sync_dir, t0() + minutes(2));
    a.store.set_bookmark_note("tip", "from the laptop").unwrap();
    b.store
        .set_bookmark_note("tip", "from the desktop")
        .unwrap();
    a.sync(&sync_dir, t0() + minutes(3));
    let report = b.sync(&sync_dir, t0() + minutes(4));
    assert_eq!(
        report.conflicts,
        [
            "the note on the bookmark \"Title of tip\" was written on two machines: both texts are kept, one after a --- line (edit the note to tidy it)"
        ],
        "{}",
        report.line()
    );
    assert!(report.line().ends_with("1 conflict"), "{}", report.line());
    a.sync(&sync_dir, t0() + minutes(5));
    let note = a.rows().bookmarks[0].note.clone();
    assert_eq!(b.rows().bookmarks[0].note, note);
    assert!(
        note.contains("from the laptop") && note.contains("from the desktop"),
        "{note}"
    );
    // the joined note is stable: syncing again writes nothing
    assert!(nothing_moved(&b.sync(&sync_dir, t0() + minutes(6))));
    assert!(nothing_moved(&a.sync(&sync_dir, t0() + minutes(7))));
}

#[test]
fn interview_attempts_their_marks_and_missed_points_travel() {
    use studyguide::domain::interview::InterviewSession;
    use studyguide::domain::interview::{
        AnswerScore, FollowUpAnswer, InterviewMode, MissedPoint, RubricRating,
    };
    let root = scratch();
    let sync_dir = folder(root.path());
    let mut a = Machine::new(root.path(), "a");
    let mut b = Machine::new(root.path(), "b");
    let session = InterviewSession {
        id: "session-1".into(),
        set: "behavioural".into(),
        mode: InterviewMode::Live,
        started_at: t0(),
        planned: 3,
        limit: std::time::Duration::from_secs(120),
    };
    let answer = AnswerScore {
        question: "q1".into(),
        prompt: "Tell me about a conflict".into(),
        answer: Some("I listened first".into()),
        time_taken: std::time::Duration::from_secs(70),
        limit: std::time::Duration::from_secs(120),
        signals: None,
        rated_against: vec!["star".into()],
        rating: RubricRating::default(),
    };
    a.store
        .save_interview_answer(&session, 0, "attempt-1", &answer, t0() + minutes(1))
        .unwrap();
    let point = MissedPoint {
        card_id: "interview:behavioural:q1:result".into(),
        set: "behavioural".into(),
        question: "q1".into(),
        item: "result".into(),
        teaching_card: None,
        prompt: "Tell me about a conflict".into(),
        label: "Result".into(),
        description: "Say how it ended".into(),
        first_attempt: "attempt-1".into(),
        created_at: t0() + minutes(2),
    };
    a.store.save_missed_points(&[point], &[]).unwrap();
    a.sync(&sync_dir, t0() + minutes(3));
    let pulled = b.sync(&sync_dir, t0() + minutes(4));
    assert_eq!(pulled.applied.attempts, 1, "{}", pulled.line());
    assert_eq!(pulled.applied.points, 1, "{}", pulled.line());
    // marks given on one machine, the point deleted on the other
    let mut rating = RubricRating::default();
    rating.toggle("star");
    a.store
        .rate_interview_answer("attempt-1", &rating, Some(Grade::Good))
        .unwrap();
    a.store
        .save_follow_ups(
            "attempt-1",
            &[FollowUpAnswer {
                prompt: "And then?".into(),
                answer: Some("We shipped".into()),
                time_taken: std::time::Duration::from_secs(20),
            }],
        )
        .unwrap();
    assert!(
        b.store
            .delete_missed_point("interview:behavioural:q1:result", t0() + minutes(5))
            .unwrap()
    );
    a.sync(&sync_dir, t0() + minutes(6));
    let rated = b.sync(&sync_dir, t0() + minutes(7));
    assert_eq!(rated.applied.marks, 1, "{}", rated.line());
    a.sync(&sync_dir, t0() + minutes(8));
    let rows = a.rows();
    assert_eq!(rows, b.rows());
    assert_eq!(rows.attempts.len(), 1);
    assert!(rows.points[0].deleted_ms.is_some());
    let sessions = b.store.interviews().unwrap();
    let attempt = &sessions[0].attempts[0];
    assert!(attempt.score.rating.is_ticked("star"));
    assert_eq!(attempt.self_rating, Some(Grade::Good));
    assert_eq!(attempt.follow_ups[0].answer.as_deref(), Some("We shipped"));
    assert!(a.store.missed_points().unwrap().is_empty());
    // rated again on both machines offline: the later rating is kept, and
    // the sync that meets the two says so
    a.store
        .rate_interview_answer("attempt-1", &rating, Some(Grade::Hard))
        .unwrap();
    b.store
        .rate_interview_answer("attempt-1", &rating, Some(Grade::Easy))
        .unwrap();
    a.sync(&sync_dir, t0() + minutes(9));
    let met = b.sync(&sync_dir, t0() + minutes(10));
    assert_eq!(
        met.conflicts,
        [
            "the interview answer to \"Tell me about a conflict\" was marked on two machines: the later marks are kept"
        ]
    );
    a.sync(&sync_dir, t0() + minutes(11));
    assert_eq!(a.rows(), b.rows());
}

#[test]
fn drafts_travel_as_their_device_s_and_never_into_another_s_boxes() {
    let root = scratch();
    let sync_dir = folder(root.path());
    let mut a = Machine::new(root.path(), "a");
    let mut b = Machine::new(root.path(), "b");
    a.store
        .save_draft("card:c1", "half an answer", None, t0())
        .unwrap();
    a.sync(&sync_dir, t0() + minutes(1));
    b.sync(&sync_dir, t0() + minutes(2));
    assert!(b.store.drafts().unwrap().is_empty(), "not in b's boxes");
    let status = studyguide::sync::status::status(&b.store, &b.dir, &sync_dir).unwrap();
    let a_id = a.store.device_id().unwrap();
    let seen = status.devices.iter().find(|d| d.id == a_id).unwrap();
    assert_eq!(seen.drafts, 1);
    // submitted (gone) on a: gone from a's part of the documents too
    assert!(a.store.delete_draft("card:c1", "half an answer").unwrap());
    a.sync(&sync_dir, t0() + minutes(3));
    let status = studyguide::sync::status::status(&b.store, &b.dir, &sync_dir).unwrap();
    assert_eq!(
        status.devices.iter().find(|d| d.id == a_id).unwrap().drafts,
        0
    );
    assert!(nothing_moved(&b.sync(&sync_dir, t0() + minutes(4))));
}
