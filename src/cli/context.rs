//! The command context shared by the TUI start and the subcommands: loading
//! the library the flags ask for, and finding and opening the progress store.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::args::Cli;
use crate::cli::paths;
use crate::domain::content::{self, Library};
use crate::domain::schedule::ReviewRecord;
use crate::store::Store;
use crate::store::content_cache;

/// Loads the content the flags ask for: a directory (through the parsed-content
/// cache in the data directory), or the bundled chapters.
pub fn load_library(cli: &Cli) -> Library {
    match &cli.content {
        Some(dir) => {
            let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
            content_cache::load_dir_cached(dir, &content_cache::cache_dir(&data_dir)).0
        }
        None => content::bundled::load(),
    }
}

/// The store's file inside a data directory.
pub fn store_path(data_dir: &Path) -> PathBuf {
    data_dir.join("progress.sqlite3")
}

/// The store as opened for the TUI.
pub struct OpenedStore {
    pub store: Option<Store>,
    /// Why answers will not be saved, if they won't.
    pub problem: Option<String>,
    /// Something worth saying that does not stop saving (a failed backup).
    pub warning: Option<String>,
}

/// Opens the store: read-write, or read-only when the file cannot be written.
/// `today` (the study day) dates the daily backup.
pub fn open_store(path: &Path, today: NaiveDate) -> OpenedStore {
    match Store::open_on(path, today) {
        Ok(store) => {
            let warning = store
                .backup_warning()
                .map(|w| format!("Daily backup failed: {w}"));
            OpenedStore {
                store: Some(store),
                problem: None,
                warning,
            }
        }
        Err(e) => match Store::open_read_only(path) {
            Ok(store) => OpenedStore {
                store: Some(store),
                problem: Some(format!("{e} (opened read-only)")),
                warning: None,
            },
            Err(_) => OpenedStore {
                store: None,
                problem: Some(e.to_string()),
                warning: None,
            },
        },
    }
}

/// Reads the review log, or nothing when there is no store.
pub fn read_reviews(store: Option<&Store>) -> anyhow::Result<Vec<(i64, ReviewRecord)>> {
    match store {
        Some(store) => Ok(store.reviews()?),
        None => Ok(Vec::new()),
    }
}
