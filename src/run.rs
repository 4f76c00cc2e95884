//! What the binary does once its arguments are parsed: load config and
//! content, open the progress store, then start the TUI or run a subcommand.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Offset, Utc};

use crate::cli::Cli;
use crate::content::{self, Library};
use crate::schedule::Scheduler;
use crate::state::bookmarks::BookmarksState;
use crate::state::position::{self, ReadingPosition};
use crate::store::{ReviewRecord, Store};
use crate::{app, config, paths, state::State, ui::Theme};

/// Loads the content the flags ask for: a directory (through the parsed-content
/// cache in the data directory), or the bundled chapters.
pub fn load_library(cli: &Cli) -> Library {
    match &cli.content {
        Some(dir) => {
            let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
            content::load_dir_cached(dir, &content::cache::cache_dir(&data_dir)).0
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
pub fn open_store(path: &Path, now: DateTime<Utc>) -> OpenedStore {
    match Store::open_at(path, now) {
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

/// Runs the program; the returned code is the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let config_path = cli
        .config
        .clone()
        .unwrap_or_else(paths::default_config_file);
    if let Some(command) = &cli.command {
        // Subcommands work on content files and need no data directory.
        return crate::commands::run(command, &cli, &config_path);
    }
    let loaded = config::load(&config_path)?;
    let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
    paths::ensure_data_dir(&data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let now = cli.now.unwrap_or_else(Utc::now);
    let library = load_library(&cli);
    let OpenedStore {
        store,
        problem,
        warning,
    } = open_store(&store_path(&data_dir), now);
    let reviews = read_reviews(store.as_ref())?;
    let scheduler = Scheduler::new(loaded.config.scheduler.to_config());
    let offset = chrono::Local::now().offset().fix();
    let mut state = State::with_progress(library, loaded.keymap, scheduler, reviews, offset);
    restore_bookmarks(&mut state, store.as_ref());
    if let Some(warning) = warning {
        state.message = Some(warning);
    }
    if let Some(problem) = problem {
        state.message = Some(problem.clone());
        state.store_problem = Some(problem);
    }
    app::run(app::AppOptions {
        state,
        store,
        theme: Theme::from_config(&loaded.theme),
        start_time: cli.now,
        exit_after_first_frame: cli.exit_after_first_frame,
    })?;
    Ok(0)
}

/// Puts the stored bookmarks and reading position into a new state.
fn restore_bookmarks(state: &mut State, store: Option<&Store>) {
    let Some(store) = store else {
        return;
    };
    match store.bookmarks() {
        Ok(list) => state.bookmarks = BookmarksState::new(list),
        Err(e) => state.message = Some(format!("Bookmarks could not be read: {e}")),
    }
    state.pending_position = store
        .position(position::KEY)
        .ok()
        .flatten()
        .and_then(|v| ReadingPosition::decode(&v));
}
