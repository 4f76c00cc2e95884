//! Syncing two devices of 20,000 reviews each (issue 26): the second
//! device's first sync, which merges the first device's 20,000 reviews with
//! its own 20,000 (the same 5,000 cards, so every card is replayed from a
//! merged log). Each sample is one sync from a fresh copy of both
//! directories (copied before timing). Prints the device file's size once.
//! Run with TMPDIR on a real disk: the sync fsyncs what it writes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

#[path = "common/sync_set.rs"]
mod sync_set;

use divan::Bencher;
use studyguide::domain::schedule::{Scheduler, SchedulerConfig};
use studyguide::generate;
use studyguide::store::Store;

fn main() {
    divan::main();
}

/// Copies `from` into `to` and puts the copy on disk before the timer
/// starts: a sync's fsyncs would otherwise also write the copy's 8 MB out
/// (ext4 commits other files' pending data with them), which made the
/// samples of one build range over 200-360 ms.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
            std::fs::File::open(&target).unwrap().sync_all().unwrap();
        }
    }
    std::fs::File::open(to).unwrap().sync_all().unwrap();
}

/// 10 samples of one sync each (a sync cannot run twice on one copy).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn merge_20k_into_20k(bencher: Bencher) {
    let work = tempfile::tempdir().unwrap();
    let set = sync_set::write_sync_set(&work.path().join("template"), 17).unwrap();
    let scheduler = Scheduler::new(SchedulerConfig::default());
    let mut round = 0;
    let mut size = 0;
    bencher
        .with_inputs(|| {
            round += 1;
            let run = work.path().join(format!("run{round}"));
            copy_dir(&set.unsynced, &run.join("data"));
            copy_dir(&set.folder, &run.join("folder"));
            let store = Store::open_at(
                run.join("data").join("progress.sqlite3"),
                generate::reference_time(),
            )
            .unwrap();
            (run, store)
        })
        .bench_local_values(|(run, mut store): (PathBuf, Store)| {
            let report = studyguide::sync::sync(studyguide::sync::SyncRequest {
                store: &mut store,
                data_dir: &run.join("data"),
                folder: &run.join("folder"),
                scheduler: &scheduler,
                now: generate::reference_time(),
            })
            .unwrap();
            assert_eq!(report.applied.reviews, sync_set::SYNC_REVIEWS);
            size = std::fs::metadata(&report.files).unwrap().len();
            (run, store)
        });
    // on a line of its own after the name divan has just printed
    println!("\ndevice file after the merge: {} KB", size / 1024);
}
