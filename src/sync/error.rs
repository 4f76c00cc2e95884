//! Why a sync stopped. Every message names the folder or file (through the
//! one sanitiser) and says what to do; a sync that stops has changed nothing
//! in the local store.

use std::path::{Path, PathBuf};

use crate::domain::content::sanitize::escape_controls;
use crate::store::StoreError;

/// A path as messages show it: control characters escaped.
pub fn shown(path: &Path) -> String {
    escape_controls(&path.display().to_string())
}

/// A sync that could not be done.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "no sync folder is set: put sync_dir = \"/path/to/a/synced/folder\" in the config file, or pass --sync-dir (or set STUDYGUIDE_SYNC_DIR)"
    )]
    NoFolder,
    #[error(
        "the sync folder {} does not exist (is the drive or share mounted?). Nothing was changed; create it or point sync_dir at another folder.",
        shown(.path)
    )]
    FolderMissing { path: PathBuf },
    #[error(
        "the sync folder {} is not a folder. Nothing was changed; point sync_dir at a folder.",
        shown(.path)
    )]
    NotAFolder { path: PathBuf },
    #[error(
        "cannot read the sync folder {}: {source}. Nothing was changed locally; check that it is there and readable.",
        shown(.path)
    )]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot write to the sync folder {}: {source}. Nothing was changed locally; check its permissions and free space (or that it is still there), then sync again.",
        shown(.path)
    )]
    Unwritable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot keep this device's copy of the sync document at {}: {source}. The local store was not changed; check the data directory's free space and permissions.",
        shown(.path)
    )]
    LocalCopy {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "this device's copy of the sync document {} {detail}. Nothing was changed; move it away to start it afresh from the store.",
        shown(.path)
    )]
    BadLocalCopy { path: PathBuf, detail: String },
    #[error(
        "another studyguide has been syncing this data directory for 10 seconds (its lock is {}). Nothing was changed; try again when it is done.",
        shown(.path)
    )]
    Busy { path: PathBuf },
    #[error("the sync document could not be changed: {0}")]
    Document(String),
    #[error("{0}")]
    Store(#[from] StoreError),
}
