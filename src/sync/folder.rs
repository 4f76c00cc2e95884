//! The sync folder: a folder the user already syncs between machines
//! (Syncthing, Dropbox, iCloud Drive, OneDrive, a git repository, a USB
//! stick). studyguide keeps `studyguide/devices/<device id>.automerge` in
//! it, one file per device, each written only by its device, atomically
//! (a temporary file beside it, fsynced, renamed over it).
//!
//! Every `*.automerge` file in `devices/` is read, whatever its name, so the
//! copies a sync tool makes when it sees two versions of one file
//! (`<id> (conflicted copy …).automerge`, `<id>.sync-conflict-….automerge`,
//! `<id> 2.automerge`) are merged too. A copy of this device's own file is
//! removed once its contents are in the file; copies of another device's
//! file are left for that device to remove. Temporary files (dot names) and
//! files of any other kind are ignored.

use std::path::{Path, PathBuf};

use super::error::SyncError;

/// The file extension of a device file.
const EXTENSION: &str = "automerge";

/// The sync folder, checked to be there.
#[derive(Clone, Debug)]
pub struct SyncFolder {
    root: PathBuf,
    devices: PathBuf,
}

/// A device file found in `devices/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceFile {
    pub path: PathBuf,
    /// The file's name, for messages.
    pub name: String,
    /// A sync tool's copy of this device's own file.
    pub own_copy: bool,
    /// This device's own file.
    pub own: bool,
}

impl SyncFolder {
    /// The folder at `root`, which must exist; `studyguide/devices/` inside
    /// it is made when missing (and so is proven writable).
    pub fn open(root: &Path) -> Result<SyncFolder, SyncError> {
        let folder = SyncFolder::existing(root)?;
        std::fs::create_dir_all(&folder.devices).map_err(|source| SyncError::Unwritable {
            path: folder.devices.clone(),
            source,
        })?;
        Ok(folder)
    }

    /// The folder at `root`, which must exist, without making anything in
    /// it (for reading only).
    pub fn existing(root: &Path) -> Result<SyncFolder, SyncError> {
        match std::fs::metadata(root) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(SyncError::NotAFolder {
                    path: root.to_path_buf(),
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SyncError::FolderMissing {
                    path: root.to_path_buf(),
                });
            }
            Err(source) => {
                return Err(SyncError::Unreadable {
                    path: root.to_path_buf(),
                    source,
                });
            }
        }
        let devices = root.join("studyguide").join("devices");
        Ok(SyncFolder {
            root: root.to_path_buf(),
            devices,
        })
    }

    /// The folder as given.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `device`'s own file is.
    pub fn own_file(&self, device: &str) -> PathBuf {
        self.devices.join(format!("{device}.{EXTENSION}"))
    }

    /// Checks that a file can be made in `devices/` (a probe, removed at
    /// once), before anything is changed.
    pub fn check_writable(&self) -> Result<(), SyncError> {
        let probe = self
            .devices
            .join(format!(".write-check-{}", std::process::id()));
        // a probe, not a user's file: made new (never over a file of that
        // name; one left by a killed run of this pid goes first) and
        // removed at once, so no temp-and-rename is needed
        let _ = std::fs::remove_file(&probe);
        let made = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .map(drop);
        if made.is_ok() {
            let _ = std::fs::remove_file(&probe);
        }
        made.map_err(|source| SyncError::Unwritable {
            path: self.devices.clone(),
            source,
        })
    }

    /// Every device file, by name; `device` names this device's own.
    pub fn device_files(&self, device: &str) -> Result<Vec<DeviceFile>, SyncError> {
        let entries = match std::fs::read_dir(&self.devices) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(SyncError::Unreadable {
                    path: self.devices.clone(),
                    source,
                });
            }
        };
        let own_name = format!("{device}.{EXTENSION}");
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| SyncError::Unreadable {
                path: self.devices.clone(),
                source,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let is_device_file = !name.starts_with('.')
                && path.extension().is_some_and(|x| x == EXTENSION)
                && entry.file_type().is_ok_and(|t| t.is_file());
            if !is_device_file {
                continue;
            }
            let own = name == own_name;
            files.push(DeviceFile {
                own_copy: !own && name.starts_with(device),
                own,
                path,
                name,
            });
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(files)
    }

    /// Reads a device file, refusing one over the size cap (see
    /// `load_limits`; a bigger one is skipped with a warning).
    pub fn read(&self, file: &DeviceFile) -> std::io::Result<Vec<u8>> {
        super::load_limits::read_file(&file.path)
    }

    /// Writes this device's own file atomically.
    pub fn write_own(&self, device: &str, bytes: &[u8]) -> Result<(), SyncError> {
        super::fault::write_atomically(
            &self.own_file(device),
            bytes,
            super::fault::Step::WriteOwnFile,
        )
        .map_err(|source| SyncError::Unwritable {
            path: self.devices.clone(),
            source,
        })
    }

    /// Removes a file whose contents are now in this device's own file (a
    /// sync tool's copy of it), and temporary files an interrupted write
    /// of this device left (an hour old or more). Best effort.
    pub fn tidy(&self, device: &str, merged_copies: &[DeviceFile]) {
        for copy in merged_copies.iter().filter(|f| f.own_copy) {
            let _ = std::fs::remove_file(&copy.path);
        }
        let temp_prefix = format!(".{device}.{EXTENSION}.tmp-");
        let stale = |entry: &std::fs::DirEntry| {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() >= 3600)
        };
        if let Ok(entries) = std::fs::read_dir(&self.devices) {
            for entry in entries.flatten() {
                if entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(&temp_prefix)
                    && stale(&entry)
                {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}
