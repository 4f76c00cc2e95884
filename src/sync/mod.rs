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
//!    skipping (with a warning) files that are torn, truncated, foreign or
//!    from a newer format;
//! 3. merges them all into this device's document;
//! 4. writes this device's file (atomically) and a local copy of the
//!    document beside the store (the folder is written before the store,
//!    so a folder that is missing, read-only, full or removed mid-sync
//!    stops the sync with the store untouched);
//! 5. writes the merged result into the store in one transaction: reviews
//!    by unique id (so a second sync changes nothing), undone flags,
//!    bookmarks and notes, interview answers and ratings, and the state of
//!    every card whose log changed, replayed from its log in (time, id)
//!    order with the same scheduler every machine uses.
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
pub mod merge_rules;
pub mod report;
pub mod status;
pub mod validate;

#[cfg(test)]
mod golden_tests;

use std::path::{Path, PathBuf};

use automerge::ChangeHash;
use chrono::{DateTime, Utc};

use crate::domain::schedule::Scheduler;
use crate::store::Store;
use document::{DeviceDoc, LoadProblem};
use error::{SyncError, shown};
use fault::{Step, checkpoint};
use folder::{DeviceFile, SyncFolder};
pub use report::{LastSync, SyncReport};

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
    let identity = device::ensure(store, data_dir)?;
    let mut device = identity.id().to_string();
    let mut report = SyncReport::default();
    let mut files = folder.device_files(&device)?;

    let mut doc = base_document(data_dir, &folder, &files, &device, &mut report)?;
    let synced = synced_heads(store, &doc)?;
    let mut snapshot = store.sync_snapshot()?;
    let known = doc.reviews().reviews;
    let reused = changes::reused_uids(&known, &device, &snapshot);
    if !reused.is_empty() {
        let previous = device;
        device = store.renew_device_id_and_rekey(&reused)?;
        doc.write_as(&device);
        files = folder.device_files(&device)?;
        snapshot = store.sync_snapshot()?;
        report.warn(format!(
            "this data directory went back to an older copy and {} answer(s) logged since took ids already used; they were given new ones, and this device is now {device} (it was {previous})",
            reused.len()
        ));
    }
    // What changed here is written as of the document the store last
    // matched: when the document has more (a sync killed after merging and
    // before the store took the result, a data directory put back from a
    // backup), the local changes go into a fork at that point and are
    // merged back, concurrent with what the store has not seen, so a note
    // written on the other machine meanwhile is joined, not overwritten.
    let ahead = synced
        .as_deref()
        .filter(|heads| !same_heads(heads, &doc.heads()));
    let mut fork = match ahead {
        Some(heads) => Some(doc.fork_at(heads, &device).map_err(SyncError::Document)?),
        None => None,
    };
    let target = fork.as_mut().unwrap_or(&mut doc);
    let published = changes::publish(target, &device, &snapshot, synced.as_deref(), &known)
        .map_err(SyncError::Document)?;
    target
        .put_device(&device, &device::host_name(), now_ms)
        .map_err(SyncError::Document)?;
    target.commit(now_ms);
    if let Some(mut fork) = fork {
        doc.merge(&mut fork).map_err(SyncError::Document)?;
    }
    report.pushed = published.total();
    checkpoint(Step::LocalChanges);

    let before = changes::conflicts(&doc);
    let mut merged_files = Vec::new();
    let mut devices_read = std::collections::BTreeSet::new();
    for file in &files {
        match read_device_file(&folder, file, &device) {
            Ok(mut other) => match doc.merge(&mut other) {
                Ok(_) => {
                    if !file.own && !file.own_copy {
                        devices_read.insert(device_of(&file.name));
                    }
                    if file.own_copy {
                        report.conflict_copies += 1;
                    }
                    merged_files.push(file.clone());
                }
                Err(why) => report.warn(format!(
                    "skipped {}: it could not be merged ({why})",
                    shown(&file.path)
                )),
            },
            Err(why) => report.warn(format!("skipped {}: {why}", shown(&file.path))),
        }
    }
    report.devices = devices_read.len();
    report.conflicts = changes::conflicts(&doc)
        .into_iter()
        .filter(|(key, _)| !before.contains_key(key))
        .map(|(_, text)| text)
        .collect();
    let reviews = doc.reviews();
    for (key, why) in &reviews.bad_batches {
        report.warn(format!("skipped a batch of reviews ({key}): {why}"));
    }
    checkpoint(Step::Merged);
    fault::remove_folder_at(Step::Merged, folder.root());

    let bytes = doc.save();
    folder.write_own(&device, &bytes)?;
    checkpoint(Step::OwnFileWritten);
    let copy = local_copy_path(data_dir);
    fault::write_atomically(&copy, &bytes, Step::WriteLocalCopy)
        .map_err(|source| SyncError::LocalCopy { path: copy, source })?;
    checkpoint(Step::LocalCopyWritten);

    let (mut import, left_out) = changes::import(&doc, &snapshot, &reviews.reviews);
    for warning in left_out.warnings() {
        report.warn(warning);
    }
    let heads = doc
        .heads()
        .iter()
        .map(ChangeHash::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    import.state.push((SYNCED_HEADS_KEY.to_string(), heads));
    if !report.conflicts.is_empty() {
        // with the merge they came from: the next sync does not meet them again
        let mut recent = recent_conflicts(store);
        recent.add(now, &report.conflicts);
        import
            .state
            .push((report::CONFLICTS_KEY.to_string(), recent.encode()));
    }
    store.keep_card_states(scheduler);
    let applied = store.apply_sync(&import)?;
    report.applied = applied;
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

/// This device's document as the last sync left it: the local copy with
/// its own file in the folder merged in when the two differ (a sync killed
/// between writing them, a data directory restored from a backup: the
/// file holds what this device published since, which the answers' ids
/// are checked against), else whichever of them there is, else a new one.
/// Local changes are written as of the state the store last matched (see
/// the fork in [`sync`]), so what this adds is not taken as seen.
fn base_document(
    data_dir: &Path,
    folder: &SyncFolder,
    files: &[DeviceFile],
    device: &str,
    report: &mut SyncReport,
) -> Result<DeviceDoc, SyncError> {
    let copy = local_copy_path(data_dir);
    let mut local = None;
    match std::fs::read(&copy) {
        Ok(bytes) => match DeviceDoc::load(&bytes, device) {
            Ok(doc) => local = Some((doc, bytes)),
            Err(LoadProblem::Newer(format)) => {
                return Err(SyncError::BadLocalCopy {
                    path: copy,
                    detail: LoadProblem::Newer(format).to_string(),
                });
            }
            Err(why) => report.warn(format!(
                "this device's copy of the sync document {} was not used: {why}",
                shown(&copy)
            )),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(SyncError::LocalCopy { path: copy, source }),
    }
    let own = files
        .iter()
        .find(|f| f.own)
        .and_then(|file| folder.read(file).ok());
    match (local, own) {
        (Some((doc, bytes)), Some(own)) if own == bytes => Ok(doc),
        (Some((mut doc, _)), Some(own)) => {
            // unreadable, it is skipped with a warning when merged later
            if let Ok(mut own) = DeviceDoc::load(&own, device) {
                let _ = doc.merge(&mut own);
            }
            Ok(doc)
        }
        (Some((doc, _)), None) => Ok(doc),
        (None, Some(own)) => {
            Ok(DeviceDoc::load(&own, device).unwrap_or_else(|_| DeviceDoc::new(device)))
        }
        (None, None) => Ok(DeviceDoc::new(device)),
    }
}

fn read_device_file(
    folder: &SyncFolder,
    file: &DeviceFile,
    device: &str,
) -> Result<DeviceDoc, String> {
    let bytes = folder
        .read(file)
        .map_err(|e| format!("it could not be read ({e})"))?;
    DeviceDoc::load(&bytes, device).map_err(|why| why.to_string())
}

/// The heads the store last matched, when the document has them all.
fn synced_heads(store: &Store, doc: &DeviceDoc) -> Result<Option<Vec<ChangeHash>>, SyncError> {
    let Some(text) = store.sync_value(SYNCED_HEADS_KEY)? else {
        return Ok(None);
    };
    let heads: Option<Vec<ChangeHash>> = text
        .split_whitespace()
        .map(|h| h.parse::<ChangeHash>().ok())
        .collect();
    Ok(heads.filter(|heads| doc.has_heads(heads)))
}

/// Whether two sets of heads are the same changes.
fn same_heads(a: &[ChangeHash], b: &[ChangeHash]) -> bool {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort();
    b.sort();
    a == b
}

/// The device a file name belongs to: the name up to its first character
/// that cannot be in a device id (so a conflict copy counts as its device).
fn device_of(name: &str) -> String {
    name.chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}
