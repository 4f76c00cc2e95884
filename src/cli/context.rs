//! The command context shared by the TUI start and the subcommands: loading
//! the library the flags ask for, and finding and opening the progress store.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::args::Cli;
use crate::cli::paths;
use crate::domain::content::bodies::Shown;
use crate::domain::content::{self, Library};
use crate::domain::schedule::day::DayBoundary;
use crate::store::Store;
use crate::store::content_cache::{self, DeferredContent};

/// Loads the content the flags ask for: a directory (through the parsed-content
/// cache in the data directory), or the bundled chapters.
pub fn load_library(cli: &Cli) -> Library {
    match &cli.content {
        Some(dir) => {
            let data_dir = data_dir(cli);
            content_cache::load_dir_cached(dir, &content_cache::cache_dir(&data_dir)).0
        }
        None => content::bundled::load(),
    }
}

/// [`load_library`] for `due` and `stats`, which count cards and never show
/// them: a deck file's cards from the content cache come without their
/// texts (`content_cache::load_dir_for_counting`).
pub fn load_library_for_counting(cli: &Cli) -> Library {
    match &cli.content {
        Some(dir) => {
            let data_dir = data_dir(cli);
            content_cache::load_dir_for_counting(dir, &content_cache::cache_dir(&data_dir)).0
        }
        None => content::bundled::load(),
    }
}

/// [`load_library`] for the TUI's first frame: a deck file's cards and a
/// big chapter's bodies other than those a reader opening at `shown` shows
/// first, found in the content cache, are left there, to be read right
/// after (`tui::startup`); the bundled content comes through the cache too
/// (the TUI has its data directory; subcommands need none, and parse it).
pub fn load_library_deferred(
    cli: &Cli,
    shown: Option<Shown<'_>>,
) -> (Library, Option<DeferredContent>) {
    match &cli.content {
        Some(dir) => {
            let data_dir = data_dir(cli);
            let cache = content_cache::cache_dir(&data_dir);
            let (library, deferred, _) = content_cache::load_dir_deferred(dir, &cache, shown);
            (library, deferred)
        }
        None => (
            content_cache::load_bundled_cached(&content_cache::cache_dir(&data_dir(cli))).0,
            None,
        ),
    }
}

/// Fails when `--content` names something that is not a directory, so a
/// command working on content does not report on nothing and exit 0.
pub fn require_content_dir(cli: &Cli) -> anyhow::Result<()> {
    match cli.content.as_ref().filter(|dir| !dir.is_dir()) {
        Some(dir) => anyhow::bail!(
            "the content directory {} does not exist or is not a directory",
            dir.display()
        ),
        None => Ok(()),
    }
}

/// The data directory the flags name, or the platform's.
pub fn data_dir(cli: &Cli) -> PathBuf {
    cli.data_dir.clone().unwrap_or_else(paths::default_data_dir)
}

/// The store's file of the data directory the flags name.
pub fn cli_store_path(cli: &Cli) -> PathBuf {
    store_path(&data_dir(cli))
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
/// `today` (the study day) dates the daily backup; `days` (how study days
/// are counted) dates the answers an older store logged without a day.
pub fn open_store(path: &Path, today: NaiveDate, days: DayBoundary) -> OpenedStore {
    open_store_dated(path, crate::store::backup::Day::Real(today), days)
}

/// [`open_store`] with the daily backup dated by `day` (a day `--now`
/// made up keeps its backups apart).
pub fn open_store_dated(
    path: &Path,
    day: crate::store::backup::Day,
    days: DayBoundary,
) -> OpenedStore {
    match Store::open_dated(path, day, days) {
        Ok(store) => {
            let set_aside = store.set_aside().warning(store.path());
            let backup = store
                .backup_warning()
                .map(|w| format!("Daily backup failed: {w}"));
            let warning = match (set_aside, backup) {
                (Some(a), Some(b)) => Some(format!("{a}. {b}")),
                (a, b) => a.or(b),
            };
            OpenedStore {
                store: Some(store),
                problem: None,
                warning,
            }
        }
        Err(e) => match Store::open_read_only(path) {
            Ok(store) => OpenedStore {
                store: Some(store.count_days_with(days)),
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
