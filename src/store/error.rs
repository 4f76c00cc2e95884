//! The store's error type: each message names the file and says what to do.

use std::path::PathBuf;

/// A progress-store failure. The message names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot create the directory {path}: {source}. Check its permissions or choose another data directory."
    )]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the progress store {path}: {source}. Check the file's permissions.")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the progress store {path} does not exist. Run studyguide once without read-only mode to create it."
    )]
    Missing { path: PathBuf },
    #[error(
        "the progress store {path} is empty (0 bytes), perhaps truncated. It was left untouched: restore a copy from the backups/ directory beside it, or move the file away to start afresh."
    )]
    Empty { path: PathBuf },
    #[error(
        "{path} is not a studyguide progress store ({detail}). It was left untouched: restore a copy from the backups/ directory beside it, or move the file away to start afresh."
    )]
    NotADatabase { path: PathBuf, detail: String },
    #[error(
        "the progress store {path} is damaged ({detail}). It was left untouched: restore a copy from the backups/ directory beside it, or move the file away to start afresh."
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "the progress store {path} was written by a newer studyguide (schema version {found}; this version knows up to {known}). It was left untouched: upgrade studyguide to use it."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{path} is a SQLite database but not a studyguide progress store ({detail}). It was left untouched: move it away or point studyguide at another data directory."
    )]
    WrongTables { path: PathBuf, detail: String },
    #[error(
        "the progress store {path} is marked read-only (no write permission), so answers will not be saved. Make it writable (chmod u+w) and restart studyguide to save progress."
    )]
    NotWritable { path: PathBuf },
    #[error(
        "the progress store {path} keeps answers in its write-ahead log ({path}-wal) that cannot be read: its index ({path}-shm) is missing and its directory cannot be written to make one. Make the directory writable, or copy the store with its -wal file to a directory you can write."
    )]
    WalWithoutIndex { path: PathBuf },
    #[error(
        "the progress store {path} is open read-only, so this change was not saved. Make the file writable and restart studyguide to save progress."
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "could not back up {path} to {target}: {source}. Nothing was changed; free some disk space or check permissions, then try again."
    )]
    Backup {
        path: PathBuf,
        target: PathBuf,
        source: std::io::Error,
    },
    #[error("review {id} is not in the progress store {path} (or was already undone).")]
    NoSuchReview { path: PathBuf, id: i64 },
    #[error(
        "the progress store {path} holds an invalid value ({detail}). Restore a copy from the backups/ directory beside it."
    )]
    BadData { path: PathBuf, detail: String },
    #[error(
        "the progress store {path} failed: {source}. If another studyguide is busy with it, try again; otherwise check disk space and permissions."
    )]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
