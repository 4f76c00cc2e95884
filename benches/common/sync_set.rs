//! The data of the sync benchmark (issue 26), shared by `benches/sync.rs`
//! and the `generate` example (for `benches/compare.sh`): two devices that
//! studied the same 5,000 cards apart, 20,000 reviews each over a year. The
//! first has synced to the folder, the second not yet: its next sync merges
//! 20,000 reviews with its own 20,000, and replays every card from a merged
//! log.

use std::path::{Path, PathBuf};

use studyguide::domain::schedule::{Scheduler, SchedulerConfig};
use studyguide::generate;
use studyguide::store::Store;

/// Where [`write_sync_set`] put things.
#[derive(Clone, Debug)]
pub struct SyncSet {
    /// A data directory that has synced its 20,000 reviews.
    pub synced: PathBuf,
    /// A data directory with 20,000 reviews of the same cards, not synced.
    pub unsynced: PathBuf,
    /// The sync folder, holding the first directory's device file.
    pub folder: PathBuf,
}

/// Reviews on each device.
pub const SYNC_REVIEWS: usize = 20_000;

/// Writes the set under `dir` (created if needed), unless it is there.
pub fn write_sync_set(dir: &Path, seed: u64) -> anyhow::Result<SyncSet> {
    let set = SyncSet {
        synced: dir.join("sync-a"),
        unsynced: dir.join("sync-b"),
        folder: dir.join("sync-folder"),
    };
    if set.folder.join("studyguide").is_dir() {
        return Ok(set);
    }
    let ids: Vec<String> = generate::deck_card_ids(5_000, generate::CARDS_PER_FILE);
    let scheduler = Scheduler::new(SchedulerConfig::default());
    let now = generate::reference_time();
    std::fs::create_dir_all(&set.folder)?;
    for (n, data) in [&set.synced, &set.unsynced].into_iter().enumerate() {
        std::fs::create_dir_all(data)?;
        let log = generate::reviews(seed + n as u64, &ids, SYNC_REVIEWS, now);
        let mut store = Store::open_at(data.join("progress.sqlite3"), now)?;
        studyguide::sync::device::ensure(&store, data)?;
        store.append_reviews(&log)?;
        store.keep_card_states(&scheduler);
        store.rebuild_card_states()?;
        if n == 0 {
            studyguide::sync::sync(studyguide::sync::SyncRequest {
                store: &mut store,
                data_dir: data,
                folder: &set.folder,
                scheduler: &scheduler,
                now,
            })?;
        }
    }
    Ok(set)
}
