//! The command line: arguments, config, paths, and what the binary does once
//! its arguments are parsed: load config and content, open the progress
//! store, then start the TUI or run a subcommand.
//!
//! Rule: the top layer. It may use `domain`, `store` and `tui`; nothing below
//! uses it.

pub mod args;
pub mod commands;
pub mod config;
pub mod context;
pub mod exit;
pub mod html;
pub mod import;
pub mod output;
pub mod paths;

use std::path::Path;

use anyhow::Context;
use chrono::Utc;

use crate::cli::args::Cli;
use crate::cli::context::{OpenedStore, load_library_deferred, open_store_dated, store_path};
use crate::domain::content::sanitize::escape_controls;
use crate::domain::schedule::Scheduler;
use crate::domain::schedule::day::{DayBoundary, Zone};
use crate::store::Store;
use crate::tui::state::position::ReadingPosition;
use crate::tui::{app, startup, ui::Theme};

/// Runs the program; the returned code is the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    file_too_large_is_an_error()?;
    let config_path = cli
        .config
        .clone()
        .unwrap_or_else(paths::default_config_file);
    if let Some(command) = &cli.command {
        // Subcommands work on content files and need no data directory.
        return crate::cli::commands::run(command, &cli, &config_path);
    }
    run_app(&cli, &config_path)
}

/// Past `ulimit -f` a write then fails with "file too large" (and the
/// atomic writer removes its temporary file) instead of SIGXFSZ killing the
/// process half way.
fn file_too_large_is_an_error() -> anyhow::Result<()> {
    #[cfg(unix)]
    signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    )
    .context("cannot watch for SIGXFSZ")?;
    Ok(())
}

/// The interactive app: the config read, the data directory made, the store
/// opened and synced, the first screen's content loaded; then the TUI until
/// the user quits, and the sync on quit.
fn run_app(cli: &Cli, config_path: &Path) -> anyhow::Result<i32> {
    let loaded = config::load(config_path)?;
    let data_dir = crate::cli::context::data_dir(cli);
    paths::ensure_data_dir(&data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let now = cli.now.unwrap_or_else(Utc::now);
    let study_days = DayBoundary::new(Zone::Local, loaded.config.scheduler.day_starts_at);
    let scheduler = Scheduler::new(loaded.config.scheduler.to_config());
    let sync_folder = commands::sync::sync_folder(cli, &loaded.config, config_path);
    let (opened, synced) = open_synced_store(
        cli,
        &data_dir,
        sync_folder.as_deref(),
        study_days,
        &scheduler,
        now,
    );
    let saved = startup::saved_position(opened.store.as_ref());
    // The first frame needs the chapters' outline and the text it shows
    // (from the saved place), not the cards: the rest of a big chapter, a
    // deck file's cards, the review log and what depends on them are read
    // right after it (`tui::startup`).
    let shown = saved.as_ref().map(ReadingPosition::shown);
    let (library, deferred_content) = load_library_deferred(cli, shown);
    let start = startup::Start {
        library,
        deferred_content,
        keymap: loaded.keymap,
        scheduler: scheduler.clone(),
        zone: Zone::Local,
        position: saved,
        interview: loaded.interview,
        // sessions and attempts get unique ids from this run's random seed
        interview_ids: crate::domain::interview::IdSource::new(uuid::Uuid::new_v4().as_u128()),
        config_warning: config_warning(&loaded.warnings, config_path),
        store_warning: opened.warning,
        store_problem: opened.problem,
        sync: synced,
    };
    let (state, deferred) = startup::first_screen(start, opened.store.as_ref());
    app::run(app::AppOptions {
        state,
        store: opened.store,
        theme: Theme::from_config(&loaded.theme),
        start_time: cli.now,
        exit_after_first_frame: cli.exit_after_first_frame,
        deferred: Some(deferred),
    })?;
    if let Some(folder) = &sync_folder {
        quit_sync(&data_dir, folder, &scheduler, study_days, cli.now);
    }
    Ok(0)
}

/// The progress store of the data directory as the app starts on it: opened
/// (read-write, or read-only when it must be), merged with the sync folder
/// when one is set, and then keeping its card states up to date with every
/// answer and undo. Also what the app shows of the sync.
fn open_synced_store(
    cli: &Cli,
    data_dir: &Path,
    sync_folder: Option<&Path>,
    study_days: DayBoundary,
    scheduler: &Scheduler,
    now: chrono::DateTime<Utc>,
) -> (OpenedStore, Option<startup::SyncShown>) {
    let mut opened = open_store_dated(
        &store_path(data_dir),
        backup_day(cli.now.is_some(), study_days.day(now)),
        study_days,
    );
    let synced = start_sync(opened.store.as_mut(), data_dir, sync_folder, scheduler, now);
    if let Some(store) = opened.store.as_mut() {
        store.keep_card_states(scheduler);
    }
    (opened, synced)
}

/// The first of the config file's warnings, if any, naming the file.
fn config_warning(warnings: &[String], config_path: &Path) -> Option<String> {
    warnings.first().map(|warning| {
        format!(
            "{}: {}",
            escape_controls(&config_path.display().to_string()),
            escape_controls(warning)
        )
    })
}

/// The sync on start, when a sync folder is set (before the store is read,
/// so the app opens on the merged progress). The device's identity is
/// checked in any case, before anything is logged (see `sync::device`).
/// Returns what the app shows of it.
fn start_sync(
    store: Option<&mut Store>,
    data_dir: &std::path::Path,
    folder: Option<&std::path::Path>,
    scheduler: &Scheduler,
    now: chrono::DateTime<Utc>,
) -> Option<startup::SyncShown> {
    let store = store.filter(|s| !s.is_read_only())?;
    let _ = crate::sync::device::ensure(store, data_dir);
    let folder = folder?;
    let when = now.with_timezone(&chrono::Local).format("%H:%M");
    Some(
        match commands::sync::sync_store(store, data_dir, folder, scheduler, now) {
            Ok(report) => startup::SyncShown {
                // the first conflict, if any, in full (`sync --status` lists them all)
                message: match report.conflicts.first() {
                    None => format!("Synced: {}", escape_controls(&report.line())),
                    Some(first) => format!(
                        "Synced with {}: {}",
                        match report.conflicts.len() {
                            1 => "a conflict".to_string(),
                            n => format!("{n} conflicts (sync --status lists them)"),
                        },
                        escape_controls(first)
                    ),
                },
                status: format!("synced {when}"),
            },
            Err(e) => startup::SyncShown {
                message: format!("Sync failed: {}", escape_controls(&e.to_string())),
                status: format!("sync failed {when}"),
            },
        },
    )
}

/// The sync on quit, after the terminal is restored: the store is opened
/// again (the app has closed it) and the result is printed on one line.
fn quit_sync(
    data_dir: &std::path::Path,
    folder: &std::path::Path,
    scheduler: &Scheduler,
    days: DayBoundary,
    now: Option<chrono::DateTime<Utc>>,
) {
    let now = now.unwrap_or_else(Utc::now);
    let Ok(mut store) = Store::open_counting_days(store_path(data_dir), days.day(now), days) else {
        return;
    };
    match commands::sync::sync_store(&mut store, data_dir, folder, scheduler, now) {
        Ok(report) => {
            crate::cli::output::say(&format!(
                "studyguide: synced: {}",
                escape_controls(&report.line())
            ));
            for conflict in &report.conflicts {
                crate::cli::output::say(&format!(
                    "studyguide: conflict: {}",
                    escape_controls(conflict)
                ));
            }
        }
        Err(e) => crate::cli::output::say(&format!(
            "studyguide: sync failed: {}",
            escape_controls(&e.to_string())
        )),
    }
}

/// The day that dates the daily backup: a `--now` day is made up, and its
/// backups are kept apart from the real ones.
fn backup_day(simulated: bool, day: chrono::NaiveDate) -> crate::store::backup::Day {
    use crate::store::backup::Day;
    if simulated {
        Day::Simulated(day)
    } else {
        Day::Real(day)
    }
}
