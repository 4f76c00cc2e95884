//! Test hooks, hidden from users: with `STUDYGUIDE_SYNC_ABORT_AT=<step>`
//! a sync aborts the process at that step, the way `kill -9` would (no
//! destructors, no clean-up), so the tests can prove that the next sync
//! finishes the job whatever point the last one died at; with
//! `STUDYGUIDE_SYNC_REMOVE_FOLDER_AT=<step>` it removes the sync folder
//! there, as an unmounted drive would. Nothing else reads the variables.

use std::path::Path;

/// The variable naming the step to abort at.
pub const ABORT_ENV: &str = "STUDYGUIDE_SYNC_ABORT_AT";

/// The points a sync can be stopped at, in the order it passes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Local changes are in the document (in memory only).
    LocalChanges,
    /// Every device file is read and merged (in memory only).
    Merged,
    /// Half of this device's own file is in its temporary file.
    WriteOwnFile,
    /// This device's own file is written.
    OwnFileWritten,
    /// Half of the local copy is in its temporary file.
    WriteLocalCopy,
    /// The local copy is written; the store is not.
    LocalCopyWritten,
    /// The store has the merged result.
    StoreWritten,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 7] = [
        Step::LocalChanges,
        Step::Merged,
        Step::WriteOwnFile,
        Step::OwnFileWritten,
        Step::WriteLocalCopy,
        Step::LocalCopyWritten,
        Step::StoreWritten,
    ];

    /// The name the variable gives.
    pub fn name(self) -> &'static str {
        match self {
            Step::LocalChanges => "local-changes",
            Step::Merged => "merged",
            Step::WriteOwnFile => "write-own-file",
            Step::OwnFileWritten => "own-file-written",
            Step::WriteLocalCopy => "write-local-copy",
            Step::LocalCopyWritten => "local-copy-written",
            Step::StoreWritten => "store-written",
        }
    }
}

fn abort_at(step: Step) -> bool {
    std::env::var(ABORT_ENV).is_ok_and(|v| v == step.name())
}

/// The variable naming the step to remove the sync folder at.
pub const REMOVE_FOLDER_ENV: &str = "STUDYGUIDE_SYNC_REMOVE_FOLDER_AT";

/// Removes the sync folder `root` when the variable names `step`.
pub fn remove_folder_at(step: Step, root: &Path) {
    if std::env::var(REMOVE_FOLDER_ENV).is_ok_and(|v| v == step.name()) {
        let _ = std::fs::remove_dir_all(root);
    }
}

/// Aborts here when the variable names `step`.
pub fn checkpoint(step: Step) {
    if abort_at(step) {
        std::process::abort();
    }
}

/// Writes `path` atomically (`store::atomic_file`); when the variable
/// names `step`, writes half the bytes to the temporary file a real write
/// would use and aborts, as a kill in the middle of the write would.
pub fn write_atomically(path: &Path, bytes: &[u8], step: Step) -> std::io::Result<()> {
    if abort_at(step) {
        // the torn write a kill leaves: only ever in the temporary file,
        // named and opened as `atomic_file` does (made new, never over an
        // existing file), and never over `path` itself
        let temp = crate::store::atomic_file::temp_path(path);
        let half = bytes.get(..bytes.len() / 2).unwrap_or_default();
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp)
            .and_then(|mut file| std::io::Write::write_all(&mut file, half));
        std::process::abort();
    }
    crate::store::atomic_file::write_atomically(path, bytes)
}
