//! The cross-check with py-fsrs through a sync: the `two_machines` log of
//! `tests/golden/fsrs_reference.py`, its reviews given alternately on two
//! machines that then sync, must leave the card on both machines in the
//! state py-fsrs gives for the whole log (fuzz off, as the golden table).

use chrono::DateTime;

use crate::domain::schedule::golden_tests::{GOLDEN, phase, py_fsrs_days};
use crate::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};
use crate::store::Store;

fn no_fuzz() -> Scheduler {
    Scheduler::new(SchedulerConfig {
        fuzz: false,
        ..SchedulerConfig::default()
    })
}

#[test]
fn a_card_studied_on_two_machines_ends_as_py_fsrs_says_for_the_merged_log() {
    let (name, rows) = GOLDEN
        .iter()
        .find(|(name, _)| *name == "two_machines")
        .unwrap();
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    let scheduler = no_fuzz();
    let start = DateTime::from_timestamp(rows[0].0, 0).unwrap();
    let mut machines: Vec<(std::path::PathBuf, Store)> = ["a", "b"]
        .iter()
        .map(|m| {
            let dir = root.path().join(m);
            std::fs::create_dir_all(&dir).unwrap();
            let mut store = Store::open_at(dir.join("progress.sqlite3"), start).unwrap();
            store.keep_card_states(&scheduler);
            store.rebuild_card_states().unwrap();
            (dir, store)
        })
        .collect();
    let days = py_fsrs_days(rows);
    for (i, (&(at_s, grade, ..), &day)) in rows.iter().zip(&days).enumerate() {
        machines[i % 2]
            .1
            .append_review(&ReviewRecord {
                card_id: (*name).into(),
                at: DateTime::from_timestamp(at_s, 0).unwrap(),
                day,
                grade: Grade::from_u8(grade).unwrap(),
                elapsed_ms: 1_000,
                typed_answer: None,
            })
            .unwrap();
    }
    for i in [0, 1, 0] {
        let (dir, store) = &mut machines[i];
        crate::sync::sync(crate::sync::SyncRequest {
            store,
            data_dir: dir,
            folder: &folder,
            scheduler: &scheduler,
            now: start,
        })
        .unwrap();
    }
    let &(_, _, due_s, ph, step, s, d) = rows.last().unwrap();
    let fingerprint = scheduler.config().state_fingerprint();
    for (_, store) in &machines {
        let states = store.card_states(&fingerprint).unwrap().unwrap();
        let state = &states[0].state;
        assert_eq!(state.reps as usize, rows.len());
        assert_eq!(state.due, DateTime::from_timestamp(due_s, 0));
        assert_eq!(state.phase, phase(ph));
        assert_eq!(state.step, step);
        assert!(
            (f64::from(state.stability) - s).abs() / s < 1e-4,
            "stability {}",
            state.stability
        );
        assert!(
            (f64::from(state.difficulty) - d).abs() < 1e-4,
            "difficulty {}",
            state.difficulty
        );
    }
}
