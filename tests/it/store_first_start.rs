//! Instances started at the same moment on a fresh data directory: each
//! opens the one store for reading and writing, none sees a file another is
//! still making (a 0-byte file once made the second say "Progress is not
//! saved"), two never make the same daily backup at once (the loser once
//! failed with "disk I/O error"), and every answer lands in the same store.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Barrier};

use chrono::{DateTime, TimeZone, Utc};
use studyguide::cli::context::{open_store, store_path};
use studyguide::domain::schedule::day::{DayBoundary, Zone};
use studyguide::domain::schedule::{Grade, ReviewRecord};
use studyguide::store::{Store, backup};

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().unwrap()
}

fn review(card: &str) -> ReviewRecord {
    ReviewRecord {
        card_id: card.into(),
        at: at(),
        day: crate::common::study_day(at()),
        grade: Grade::Good,
        elapsed_ms: 1000,
        typed_answer: None,
    }
}

/// How many instances start together, and how many fresh directories.
const INSTANCES: usize = 4;
const ROUNDS: usize = 6;

#[test]
fn instances_starting_together_on_a_fresh_directory_share_one_writable_store() {
    let days = DayBoundary::new(Zone::utc(), 4);
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().unwrap();
        let path = store_path(&dir.path().join("data"));
        let start = Arc::new(Barrier::new(INSTANCES));
        let instances: Vec<_> = (0..INSTANCES)
            .map(|i| {
                let (path, start) = (path.clone(), Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    let opened = open_store(&path, at().date_naive(), days);
                    let answered = match &opened.store {
                        Some(store) if !store.is_read_only() => store
                            .append_review(&review(&format!("card-{i}")))
                            .map_err(|e| e.to_string()),
                        Some(_) => Err("opened read-only".into()),
                        None => Err("no store".into()),
                    };
                    (opened.problem, opened.warning, answered)
                })
            })
            .collect();
        for (i, instance) in instances.into_iter().enumerate() {
            let (problem, warning, answered) = instance.join().unwrap();
            assert_eq!(problem, None, "round {round}, instance {i}");
            assert_eq!(warning, None, "round {round}, instance {i}");
            assert!(
                answered.is_ok(),
                "round {round}, instance {i}: {answered:?}"
            );
        }
        let store = Store::open_read_only(&path).unwrap();
        let (reviews, invalid) = store.valid_reviews().unwrap();
        assert_eq!((reviews.len(), invalid), (INSTANCES, 0), "round {round}");
        // one daily backup between them (the maker of the store makes none)
        assert_eq!(backup::list_daily(&path).len(), 1, "round {round}");
        // no store or backup half made is left beside them
        let backups = backup::backups_dir(&path);
        assert!(
            std::fs::read_dir(&backups).unwrap().all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')),
            "round {round}"
        );
        let left: Vec<String> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert_eq!(left, Vec::<String>::new(), "round {round}");
    }
}
