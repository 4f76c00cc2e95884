//! `sync --status`: the devices seen in the sync folder (and in this
//! device's copy of its document), each with its host name, its last write
//! and how many reviews it published. Reads only; changes nothing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::document::DeviceDoc;
use super::error::{SyncError, shown};
use super::folder::SyncFolder;
use crate::store::Store;

/// One device as the merged documents know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceStatus {
    pub id: String,
    pub host: String,
    pub written: Option<DateTime<Utc>>,
    /// Reviews it published (its own, and on a first sync any older ones).
    pub reviews: usize,
    /// Text it has typed and not submitted (kept only on it).
    pub drafts: usize,
    /// This device.
    pub this: bool,
}

/// What `sync --status` shows.
#[derive(Clone, Debug)]
pub struct FolderStatus {
    pub folder: PathBuf,
    pub device: String,
    pub devices: Vec<DeviceStatus>,
    /// Files that could not be read, and why.
    pub warnings: Vec<String>,
}

/// Reads every device file of `folder` and this device's local copy.
pub fn status(store: &Store, data_dir: &Path, folder: &Path) -> Result<FolderStatus, SyncError> {
    let device = store.device_id()?;
    let folder = SyncFolder::existing(folder)?;
    let mut merged = DeviceDoc::new(&device);
    let mut warnings = Vec::new();
    if let Ok(bytes) = super::load_limits::read_file(&super::local_copy_path(data_dir))
        && let Ok(mut copy) = DeviceDoc::load(&bytes, &device)
    {
        let _ = merged.merge(&mut copy);
    }
    for file in folder.device_files(&device)? {
        let loaded = folder
            .read(&file)
            .map_err(|e| format!("it could not be read ({e})"))
            .and_then(|bytes| DeviceDoc::load(&bytes, &device).map_err(|why| why.to_string()));
        match loaded.and_then(|mut doc| merged.merge(&mut doc)) {
            Ok(_) => {}
            Err(why) => warnings.push(format!("{}: {why}", shown(&file.path))),
        }
    }
    let published = merged.reviews().published;
    let drafts = merged.draft_counts();
    let mut ids: std::collections::BTreeSet<String> = published.keys().cloned().collect();
    let infos = merged.devices();
    ids.extend(infos.keys().cloned());
    ids.extend(drafts.keys().cloned());
    let devices = ids
        .into_iter()
        .map(|id| {
            let info = infos.get(&id).cloned().unwrap_or_default();
            DeviceStatus {
                host: info.host,
                written: info.written_ms.and_then(DateTime::from_timestamp_millis),
                reviews: published.get(&id).copied().unwrap_or(0),
                drafts: drafts.get(&id).copied().unwrap_or(0),
                this: id == device,
                id,
            }
        })
        .collect();
    Ok(FolderStatus {
        folder: folder.root().to_path_buf(),
        device,
        devices,
        warnings,
    })
}
