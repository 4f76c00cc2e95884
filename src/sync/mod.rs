//! Studying on several machines through a folder the user already syncs.
//!
//! The live SQLite store stays local and is the only thing the app touches;
//! a sync never opens another machine's SQLite file. Each device publishes
//! what it has seen as an automerge document (a CRDT, see [`document`]) in
//! the sync folder ([`folder`]), and merges the other devices' documents
//! into its own. [`sync`] does one round:
//!
//! 1. adds what changed in the store since the last sync to this device's
//!    document ([`changes::publish`]), as of the document the store last
//!    matched (so a change it did not see stays concurrent with its own);
//! 2. reads every device file in the folder, conflict copies included,
//!    skipping (with a warning) files that are torn, truncated, foreign,
//!    from a newer format, or over the caps on what reading one may cost
//!    ([`load_limits`]); a file whose every change the document has is not
//!    loaded at all;
//! 3. merges them all into this device's document ([`round`] has the
//!    steps);
//! 4. writes this device's file (atomically) and a local copy of the
//!    document beside the store, unless the document is what both already
//!    hold (the folder is written before the store, so a folder that is
//!    missing, read-only, full or removed mid-sync stops the sync with the
//!    store untouched); the files are saved and written on a second
//!    thread while step 5's transaction is made, and it commits only once
//!    both are written;
//! 5. writes the merged result into the store in one transaction: reviews
//!    by unique id (so a second sync changes nothing), undone flags,
//!    bookmarks and notes, interview answers and ratings, and the state of
//!    every card whose log changed, replayed from its log in (time, id)
//!    order with the same scheduler every machine uses (a large sync
//!    replays from the rows it holds, see `store::sync_replay`).
//!
//! A sync killed at any point leaves every file whole (each is either the
//! old or the new one) and the store either before or after its one
//! transaction; the next sync does every step again from what is there, and
//! every step is idempotent (ids, not counts), so nothing is lost or
//! counted twice.
//!
//! Rule: uses `domain` and `store`; used by `cli` (and so by the app's start
//! and quit); never by the domain.

pub mod batch;
pub mod changes;
pub mod device;
pub mod document;
pub mod error;
pub mod fault;
pub mod folder;
pub mod load_limits;
pub mod merge_rules;
pub mod report;
mod round;
pub mod status;
pub mod validate;

#[cfg(test)]
mod golden_tests;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::domain::schedule::Scheduler;
use crate::store::Store;
use error::SyncError;
use fault::{Step, checkpoint};
use folder::SyncFolder;
pub use report::{LastSync, SyncReport};
use round::Round;

/// The `sync_state` key of the document heads the store last matched.
const SYNCED_HEADS_KEY: &str = "synced_heads";

/// This device's copy of its document, in the data directory.
pub fn local_copy_path(data_dir: &Path) -> PathBuf {
    data_dir.join("sync-document.automerge")
}

/// What a sync needs.
pub struct SyncRequest<'a> {
    /// The store, open for writing.
    pub store: &'a mut Store,
    /// The data directory the store is in (for the device's identity, the
    /// local copy of the document and the lock).
    pub data_dir: &'a Path,
    /// The sync folder.
    pub folder: &'a Path,
    /// Replays the cards whose logs change.
    pub scheduler: &'a Scheduler,
    pub now: DateTime<Utc>,
}

/// One sync (see the module doc). On an error the store is as it was.
pub fn sync(request: SyncRequest<'_>) -> Result<SyncReport, SyncError> {
    let SyncRequest {
        store,
        data_dir,
        folder,
        scheduler,
        now,
    } = request;
    let now_ms = now.timestamp_millis();
    let _lock = lock(data_dir)?;
    let folder = SyncFolder::open(folder)?;
    folder.check_writable()?;
    let mut report = SyncReport::default();
    let mut round = Round::start(store, data_dir, &folder, &mut report)?;
    round.publish(now_ms, &mut report)?;
    checkpoint(Step::LocalChanges);
    let merged_files = round.merge_folder(&folder, &mut report);
    checkpoint(Step::Merged);
    fault::remove_folder_at(Step::Merged, folder.root());
    let import = round.import(store, now, &mut report);
    report.applied = round.write_and_apply(store, scheduler, &import, &folder, data_dir)?;
    let device = round.device.clone();
    report.files = folder.own_file(&device);
    checkpoint(Step::StoreWritten);
    folder.tidy(&device, &merged_files);
    let last = LastSync {
        at: now,
        result: report.line(),
        ok: true,
    };
    // best effort: the sync itself is done
    let _ = store.set_sync_values(&[(report::LAST_SYNC_KEY, &last.encode())]);
    Ok(report)
}

/// Records a sync that failed, for the status line and `config`.
pub fn record_failure(store: &Store, now: DateTime<Utc>, error: &SyncError) {
    let last = LastSync {
        at: now,
        result: error.to_string(),
        ok: false,
    };
    let _ = store.set_sync_values(&[(report::LAST_SYNC_KEY, &last.encode())]);
}

/// The conflicts recent syncs met (see [`report::RecentConflicts`]).
pub fn recent_conflicts(store: &Store) -> report::RecentConflicts {
    store
        .sync_value(report::CONFLICTS_KEY)
        .ok()
        .flatten()
        .map(|text| report::RecentConflicts::decode(&text))
        .unwrap_or_default()
}

/// The last sync recorded in the store, if any.
pub fn last_sync(store: &Store) -> Option<LastSync> {
    store
        .sync_value(report::LAST_SYNC_KEY)
        .ok()
        .flatten()
        .and_then(|text| LastSync::decode(&text))
}

/// One sync at a time per data directory: two at once would each publish
/// the same local changes and race to write the device's file and its
/// copy (the later write dropping what only the earlier one merged). The
/// lock goes with the process, also when it is killed. A sync waits up to
/// [`LOCK_WAIT`] for another to finish, then gives up.
fn lock(data_dir: &Path) -> Result<std::fs::File, SyncError> {
    let path = data_dir.join("sync.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| SyncError::LocalCopy {
            path: path.clone(),
            source,
        })?;
    let start = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(SyncError::Busy { path }),
            Err(std::fs::TryLockError::Error(source)) => {
                return Err(SyncError::LocalCopy { path, source });
            }
        }
    }
}

/// How long a sync waits for another sync of the same data directory.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The device a file name belongs to: the name up to its first character
/// that cannot be in a device id (so a conflict copy counts as its device).
fn device_of(name: &str) -> String {
    name.chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}
