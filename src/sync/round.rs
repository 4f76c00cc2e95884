//! The steps of one sync (see [`sync`](super::sync) and the module doc),
//! each a method of [`Round`]: what the round has read and made so far.

use std::collections::BTreeSet;
use std::path::Path;

use automerge::ChangeHash;
use chrono::{DateTime, Utc};

use super::changes;
use super::device;
use super::document::{DeviceDoc, LoadProblem, PublishedBatch, ReviewSet, ReviewsByUid};
use super::error::{SyncError, shown};
use super::fault::{self, Step};
use super::folder::{DeviceFile, SyncFolder};
use super::load_limits;
use super::report::{self, SyncReport};
use super::{SYNCED_HEADS_KEY, local_copy_path, recent_conflicts};
use crate::domain::schedule::Scheduler;
use crate::store::{Store, SyncApplied, SyncImport, SyncSnapshot};

/// One sync under way.
pub(super) struct Round {
    pub device: String,
    /// The device files in the folder.
    files: Vec<DeviceFile>,
    pub doc: DeviceDoc,
    /// The document's heads as read (see [`Round::changed`]).
    read_heads: Vec<ChangeHash>,
    /// Whether this device's file in the folder and its local copy held
    /// the same document when read (else both are written again).
    files_agree: bool,
    /// The heads the store last matched, when the document has them.
    synced: Option<Vec<ChangeHash>>,
    snapshot: SyncSnapshot,
    /// The document's reviews as read.
    known: ReviewsByUid,
    /// The batch of reviews this round published (its import takes it as
    /// it is instead of decoding it again).
    published: Option<PublishedBatch>,
    /// The other devices' files, loaded and their batches decoded on a
    /// second thread while the store is read and the local changes
    /// published (see [`prefetch`]); joined when the folder is merged.
    prefetch: Option<std::thread::JoinHandle<Vec<Prefetched>>>,
    /// Their batches, for the import (see `DeviceDoc::reviews_with`).
    decoded: Vec<PublishedBatch>,
}

/// A device file as the thread of [`prefetch`] read and loaded it, and the
/// review batches it holds, decoded.
struct Prefetched {
    bytes: Vec<u8>,
    doc: DeviceDoc,
    batches: Vec<PublishedBatch>,
}

impl Round {
    /// Reads what a round starts from: this device's identity and
    /// document, the folder's files, the store's rows. A store whose new
    /// answers took ids this device had already given (it went back to an
    /// older copy) gives them new ones, under a new device id, first.
    pub fn start(
        store: &mut Store,
        data_dir: &Path,
        folder: &SyncFolder,
        report: &mut SyncReport,
    ) -> Result<Round, SyncError> {
        let identity = device::ensure(store, data_dir)?;
        let mut device = identity.id().to_string();
        let mut files = folder.device_files(&device)?;
        let (mut doc, files_agree) = base_document(data_dir, folder, &files, &device, report)?;
        let prefetch = prefetch(folder, &files, &doc, &device);
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
        Ok(Round {
            read_heads: doc.heads(),
            device,
            files,
            doc,
            files_agree,
            synced,
            snapshot,
            known,
            published: None,
            prefetch,
            decoded: Vec::new(),
        })
    }

    /// Step 1: what changed here goes into the document, as of the state
    /// the store last matched. When the document has more (a sync killed
    /// after merging and before the store took the result, a data
    /// directory put back from a backup), the local changes go into a fork
    /// at that point and are merged back, concurrent with what the store
    /// has not seen, so a note written on the other machine meanwhile is
    /// joined, not overwritten.
    pub fn publish(&mut self, now_ms: i64, report: &mut SyncReport) -> Result<(), SyncError> {
        let ahead = self
            .synced
            .as_deref()
            .filter(|heads| !same_heads(heads, &self.doc.heads()));
        let mut fork = match ahead {
            Some(heads) => Some(
                self.doc
                    .fork_at(heads, &self.device)
                    .map_err(SyncError::Document)?,
            ),
            None => None,
        };
        let target = fork.as_mut().unwrap_or(&mut self.doc);
        let (published, batch) = changes::publish(
            target,
            &self.device,
            &self.snapshot,
            self.synced.as_deref(),
            &self.known,
        )
        .map_err(SyncError::Document)?;
        if target.has_pending() {
            stamp(target, &self.device, now_ms)?;
        }
        if let Some(mut fork) = fork {
            self.doc.merge(&mut fork).map_err(SyncError::Document)?;
        }
        report.pushed = published.total();
        self.published = batch;
        Ok(())
    }

    /// Steps 2 and 3: merges every device file of the folder into the
    /// document (a file whose every change the document has is not
    /// loaded); returns the files merged.
    pub fn merge_folder(
        &mut self,
        folder: &SyncFolder,
        report: &mut SyncReport,
    ) -> Vec<DeviceFile> {
        let before = changes::conflicts(&self.doc);
        let mut merged_files = Vec::new();
        let mut devices_read = BTreeSet::new();
        let mut loaded = Vec::new();
        let prefetched = self.prefetch.take().and_then(|thread| thread.join().ok());
        for Prefetched {
            bytes,
            doc,
            batches,
        } in prefetched.unwrap_or_default()
        {
            loaded.push((bytes, doc));
            self.decoded.extend(batches);
        }
        for file in &self.files {
            match merge_file(&mut self.doc, folder, file, &self.device, &mut loaded) {
                Ok(()) => {
                    if !file.own && !file.own_copy {
                        devices_read.insert(super::device_of(&file.name));
                    }
                    if file.own_copy {
                        report.conflict_copies += 1;
                    }
                    merged_files.push(file.clone());
                }
                Err(why) => report.warn(format!("skipped {}: {why}", shown(&file.path))),
            }
        }
        report.devices = devices_read.len();
        report.conflicts = changes::conflicts(&self.doc)
            .into_iter()
            .filter(|(key, _)| !before.contains_key(key))
            .map(|(_, text)| text)
            .collect();
        merged_files
    }

    /// Whether this device's file and its local copy must be written: the
    /// document changed since it was read, or they did not hold it both.
    fn changed(&mut self) -> bool {
        !self.files_agree || !same_heads(&self.read_heads, &self.doc.heads())
    }

    /// Step 5, first half: what the merged document has that the store
    /// lacks (read from the document and the snapshot; nothing written).
    pub fn import(
        &mut self,
        store: &Store,
        now: DateTime<Utc>,
        report: &mut SyncReport,
    ) -> SyncImport {
        let ReviewSet {
            reviews,
            undone_held_back,
            bad_batches,
            ..
        } = self
            .doc
            .reviews_with(self.published.take(), std::mem::take(&mut self.decoded));
        for (key, why) in &bad_batches {
            report.warn(format!("skipped a batch of reviews ({key}): {why}"));
        }
        let (mut import, left_out) =
            changes::import(&self.doc, &self.snapshot, reviews, undone_held_back);
        for warning in left_out.warnings() {
            report.warn(warning);
        }
        let heads = self
            .doc
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
        import
    }

    /// Steps 4 and 5: writes this device's file (atomically) and its local
    /// copy, unless the document is what both already hold, and `import`
    /// into the store in one transaction, with the heads it now matches.
    /// The files are saved and written on a second thread while the
    /// transaction is made, and the transaction commits only once both
    /// are written: the store never gets ahead of the folder.
    pub fn write_and_apply(
        &mut self,
        store: &mut Store,
        scheduler: &Scheduler,
        import: &SyncImport,
        folder: &SyncFolder,
        data_dir: &Path,
    ) -> Result<SyncApplied, SyncError> {
        let changed = self.changed();
        let (doc, device, snapshot) = (&mut self.doc, &self.device, &self.snapshot);
        store.keep_card_states(scheduler);
        let store = &*store;
        std::thread::scope(|scope| {
            let mut writer = changed.then(|| {
                scope.spawn(move || {
                    let bytes = doc.save();
                    write_files(folder, data_dir, device, &bytes)
                })
            });
            let mut written = Ok(());
            let applied = store.apply_sync(import, snapshot, || {
                written = finished(writer.take(), data_dir);
                if written.is_ok() {
                    fault::checkpoint(Step::LocalCopyWritten);
                }
                written.is_ok()
            });
            // the store stopped before asking: the files are still waited for
            let _ = finished(writer.take(), data_dir);
            written?;
            applied?.ok_or_else(|| SyncError::LocalCopy {
                path: local_copy_path(data_dir),
                source: std::io::Error::other("the store was not written"),
            })
        })
    }
}

/// Starts loading, on a second thread, the other devices' files whose
/// changes `doc` lacks (the ones [`Round::merge_folder`] will merge) and
/// decoding their review batches: on a first sync, a 250 KB document and
/// 20,000 reviews are read while the store is read and this device's
/// changes published, not after. The merge takes a loaded document whose
/// file still has the bytes read here, and the import the batches (by their
/// bytes, see `DeviceDoc::reviews_with`); a file that cannot be read or
/// loaded here is met again when merged.
fn prefetch(
    folder: &SyncFolder,
    files: &[DeviceFile],
    doc: &DeviceDoc,
    device: &str,
) -> Option<std::thread::JoinHandle<Vec<Prefetched>>> {
    let unknown: Vec<Vec<u8>> = files
        .iter()
        .filter(|file| !file.own)
        .filter_map(|file| folder.read(file).ok())
        .filter(|bytes| {
            !load_limits::document_heads(bytes)
                .is_some_and(|heads| !heads.is_empty() && doc.has_heads(&heads))
        })
        .collect();
    if unknown.is_empty() {
        return None;
    }
    let device = device.to_string();
    std::thread::Builder::new()
        .name("sync-prefetch".into())
        .spawn(move || {
            unknown
                .into_iter()
                .filter_map(|bytes| {
                    let doc = DeviceDoc::load(&bytes, &device).ok()?;
                    let batches = doc.decoded_batches();
                    Some(Prefetched {
                        bytes,
                        doc,
                        batches,
                    })
                })
                .collect()
        })
        .ok()
}

/// How the thread writing the files ended (`None`: there was none).
fn finished(
    writer: Option<std::thread::ScopedJoinHandle<'_, Result<(), SyncError>>>,
    data_dir: &Path,
) -> Result<(), SyncError> {
    match writer.map(std::thread::ScopedJoinHandle::join) {
        Some(Ok(result)) => result,
        Some(Err(_)) => Err(SyncError::LocalCopy {
            path: local_copy_path(data_dir),
            source: std::io::Error::other("the thread writing it stopped"),
        }),
        None => Ok(()),
    }
}

/// Step 4's writing (on the writer thread of [`Round::write_and_apply`]):
/// this device's file (atomically), then its local copy.
fn write_files(
    folder: &SyncFolder,
    data_dir: &Path,
    device: &str,
    bytes: &[u8],
) -> Result<(), SyncError> {
    folder.write_own(device, bytes)?;
    fault::checkpoint(Step::OwnFileWritten);
    let copy = local_copy_path(data_dir);
    fault::write_atomically(&copy, bytes, Step::WriteLocalCopy)
        .map_err(|source| SyncError::LocalCopy { path: copy, source })
}

/// Records the device's host name and the time of this write, and ends
/// the changes made as one change dated `now_ms`.
fn stamp(doc: &mut DeviceDoc, device: &str, now_ms: i64) -> Result<(), SyncError> {
    doc.put_device(device, &device::host_name(), now_ms)
        .map_err(SyncError::Document)?;
    doc.commit(now_ms);
    Ok(())
}

/// Merges one device file into `doc`, unless `doc` has all its changes.
/// A document in `loaded` (read and loaded beforehand) is taken when its
/// bytes are the file's.
fn merge_file(
    doc: &mut DeviceDoc,
    folder: &SyncFolder,
    file: &DeviceFile,
    device: &str,
    loaded: &mut Vec<(Vec<u8>, DeviceDoc)>,
) -> Result<(), String> {
    let bytes = folder
        .read(file)
        .map_err(|e| format!("it could not be read ({e})"))?;
    let known = load_limits::document_heads(&bytes)
        .is_some_and(|heads| !heads.is_empty() && doc.has_heads(&heads));
    if known {
        return Ok(());
    }
    let mut other = match loaded.iter().position(|(read, _)| *read == bytes) {
        Some(at) => loaded.swap_remove(at).1,
        None => DeviceDoc::load(&bytes, device).map_err(|why| why.to_string())?,
    };
    doc.merge(&mut other)
        .map(drop)
        .map_err(|why| format!("it could not be merged ({why})"))
}

/// This device's document as the last sync left it, and whether its two
/// copies agreed: the local copy with its own file in the folder merged
/// in when the two differ (a sync killed between writing them, a data
/// directory restored from a backup: the file holds what this device
/// published since, which the answers' ids are checked against), else
/// whichever of them there is, else a new one. Local changes are written
/// as of the state the store last matched (see [`Round::publish`]), so
/// what this adds is not taken as seen.
fn base_document(
    data_dir: &Path,
    folder: &SyncFolder,
    files: &[DeviceFile],
    device: &str,
    report: &mut SyncReport,
) -> Result<(DeviceDoc, bool), SyncError> {
    let copy = local_copy_path(data_dir);
    let mut local = None;
    match load_limits::read_file(&copy) {
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
        Err(e) if load_limits::is_refusal(&e) => report.warn(format!(
            "this device's copy of the sync document {} was not used: {e}",
            shown(&copy)
        )),
        Err(source) => return Err(SyncError::LocalCopy { path: copy, source }),
    }
    let own = files
        .iter()
        .find(|f| f.own)
        .and_then(|file| folder.read(file).ok());
    Ok(match (local, own) {
        (Some((doc, bytes)), Some(own)) if own == bytes => (doc, true),
        (Some((mut doc, _)), Some(own)) => {
            // unreadable, it is skipped with a warning when merged later
            if let Ok(mut own) = DeviceDoc::load(&own, device) {
                let _ = doc.merge(&mut own);
            }
            (doc, false)
        }
        (Some((doc, _)), None) => (doc, false),
        (None, Some(own)) => (
            DeviceDoc::load(&own, device).unwrap_or_else(|_| DeviceDoc::new(device)),
            false,
        ),
        (None, None) => (DeviceDoc::new(device), false),
    })
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
