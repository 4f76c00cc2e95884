//! `studyguide sync` and `sync --status`, and the sync the app runs on
//! start and on quit when a sync folder is set: where the folder is (the
//! flag, the variable, then `sync_dir` in the config file), opening the
//! store for it, and printing what it did.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};

use crate::cli::args::Cli;
use crate::cli::{config, context, paths};
use crate::domain::content::sanitize::escape_controls;
use crate::domain::schedule::Scheduler;
use crate::domain::schedule::day::{DayBoundary, Zone};
use crate::store::Store;
use crate::sync::error::SyncError;
use crate::sync::{self, SyncReport, SyncRequest};

/// The sync folder: `--sync-dir` or `STUDYGUIDE_SYNC_DIR`, else `sync_dir`
/// of the config file (`~/` is the home directory; a relative path is
/// taken from the config file's directory). `None` when none is set.
pub fn sync_folder(cli: &Cli, config: &config::Config, config_path: &Path) -> Option<PathBuf> {
    if let Some(dir) = &cli.sync_dir {
        return Some(dir.clone());
    }
    let text = config.sync_dir.as_deref()?.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(rest) = text
        .strip_prefix("~/")
        .or(if text == "~" { Some("") } else { None })
    {
        let home = std::env::var_os("HOME").map(PathBuf::from)?;
        return Some(home.join(rest));
    }
    let path = PathBuf::from(text);
    if path.is_absolute() {
        return Some(path);
    }
    let base = config_path.parent().unwrap_or_else(|| Path::new(""));
    Some(base.join(path))
}

/// One sync of `store` with `folder`; a failure is recorded in the store
/// (for the status line and `config`) and returned.
pub fn sync_store(
    store: &mut Store,
    data_dir: &Path,
    folder: &Path,
    scheduler: &Scheduler,
    now: DateTime<Utc>,
) -> Result<SyncReport, SyncError> {
    let result = sync::sync(SyncRequest {
        store,
        data_dir,
        folder,
        scheduler,
        now,
    });
    if let Err(e) = &result {
        sync::record_failure(store, now, e);
    }
    result
}

pub fn run(cli: &Cli, config_path: &Path, status: bool) -> anyhow::Result<i32> {
    let loaded = config::load(config_path)?;
    let Some(folder) = sync_folder(cli, &loaded.config, config_path) else {
        crate::cli::output::say(&format!("studyguide: {}", SyncError::NoFolder));
        return Ok(1);
    };
    let data_dir = context::data_dir(cli);
    if let Err(e) = paths::ensure_data_dir(&data_dir) {
        crate::cli::output::say(&format!(
            "studyguide: cannot create the data directory {}: {e}",
            escape_controls(&data_dir.display().to_string())
        ));
        return Ok(1);
    }
    let now = cli.now.unwrap_or_else(Utc::now);
    let days = DayBoundary::new(Zone::Local, loaded.config.scheduler.day_starts_at);
    let mut store =
        match Store::open_counting_days(context::store_path(&data_dir), days.day(now), days) {
            Ok(store) => store,
            Err(e) => {
                crate::cli::output::say(&format!("studyguide: nothing was synced: {e}"));
                return Ok(1);
            }
        };
    if status {
        return print_status(&store, &data_dir, &folder);
    }
    let scheduler = Scheduler::new(loaded.config.scheduler.to_config());
    match sync_store(&mut store, &data_dir, &folder, &scheduler, now) {
        Ok(report) => {
            for warning in &report.warnings {
                crate::cli::output::say(&format!(
                    "studyguide: warning: {}",
                    escape_controls(warning)
                ));
            }
            let mut out = format!("{}\n", report.line());
            for conflict in &report.conflicts {
                writeln!(out, "  conflict: {}", escape_controls(conflict))?;
            }
            crate::cli::output::write_output(None, &out)?;
            Ok(0)
        }
        Err(e) => {
            crate::cli::output::say(&format!("studyguide: sync failed: {e}"));
            Ok(1)
        }
    }
}

/// `sync --status`: the folder, this device, the last sync and every
/// device seen.
fn print_status(store: &Store, data_dir: &Path, folder: &Path) -> anyhow::Result<i32> {
    let status = match sync::status::status(store, data_dir, folder) {
        Ok(status) => status,
        Err(e) => {
            crate::cli::output::say(&format!("studyguide: {e}"));
            return Ok(1);
        }
    };
    let mut out = String::new();
    let shown = |path: &Path| escape_controls(&path.display().to_string());
    writeln!(out, "sync folder: {}", shown(&status.folder))?;
    writeln!(out, "this device: {}", escape_controls(&status.device))?;
    writeln!(out, "last sync:   {}", last_sync_text(store))?;
    let recent = sync::recent_conflicts(store).0;
    if !recent.is_empty() {
        writeln!(out, "recent conflicts (what became of each):")?;
    }
    for conflict in &recent {
        writeln!(
            out,
            "  {}  {}",
            local_time(conflict.at),
            escape_controls(&conflict.text)
        )?;
    }
    writeln!(out, "devices seen:")?;
    if status.devices.is_empty() {
        writeln!(out, "  none yet (run `studyguide sync`)")?;
    }
    for device in &status.devices {
        let written = device
            .written
            .map_or_else(|| "never".to_string(), local_time);
        writeln!(
            out,
            "  {}  {:<16}  last write {written}  {} reviews{}{}",
            escape_controls(&device.id),
            escape_controls(&device.host),
            device.reviews,
            match device.drafts {
                0 => String::new(),
                1 => ", 1 unsubmitted draft".into(),
                n => format!(", {n} unsubmitted drafts"),
            },
            if device.this { "  (this device)" } else { "" }
        )?;
    }
    for warning in &status.warnings {
        crate::cli::output::say(&format!(
            "studyguide: warning: {}",
            escape_controls(warning)
        ));
    }
    crate::cli::output::write_output(None, &out)?;
    Ok(0)
}

/// A time as the user's clock shows it, to the minute.
fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The last sync as one line: "2026-12-06 21:03: pulled …", or "never".
pub fn last_sync_text(store: &Store) -> String {
    match sync::last_sync(store) {
        Some(last) => format!(
            "{}: {}{}",
            local_time(last.at),
            if last.ok { "" } else { "failed: " },
            escape_controls(&last.result)
        ),
        None => "never".into(),
    }
}
