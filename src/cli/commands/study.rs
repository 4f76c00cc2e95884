//! `studyguide due` and `studyguide stats`: the drill's numbers on the command
//! line. They read the progress store without writing to it.

use std::path::Path;

use chrono::Utc;

use crate::cli::args::Cli;
use crate::cli::commands::report;
use crate::cli::{config, context};
use crate::domain::cards;
use crate::domain::content::sanitize::escape_controls;
use crate::domain::progress::Progress;
use crate::domain::schedule::Scheduler;
use crate::domain::schedule::day::Zone;
use crate::store::Store;

/// Loads content, config and the review log (read-only) into a `Progress`.
fn load_progress(cli: &Cli, config_path: &Path) -> anyhow::Result<Progress> {
    let loaded = config::load(config_path)?;
    context::require_content_dir(cli)?;
    let mut library = context::load_library(cli);
    for problem in library.errors() {
        eprintln!("{problem}");
    }
    let data_dir = crate::cli::context::data_dir(cli);
    let path = context::store_path(&data_dir);
    let reviews = if path.exists() {
        let (reviews, left_out) = Store::open_read_only(&path)?.valid_reviews()?;
        if left_out > 0 {
            eprintln!(
                "{}: warning: {left_out} review(s) with invalid values were left out",
                escape_controls(&path.display().to_string())
            );
        }
        reviews
    } else {
        Vec::new()
    };
    let scheduler = Scheduler::new(loaded.config.scheduler.to_config());
    Ok(Progress::new(
        cards::take_all_cards(&mut library),
        reviews,
        scheduler,
        Zone::Local,
    ))
}

pub fn due(cli: &Cli, config_path: &Path, json: bool) -> anyhow::Result<i32> {
    let progress = load_progress(cli, config_path)?;
    let report = report::due_report(&progress, cli.now.unwrap_or_else(Utc::now));
    if json {
        crate::cli::output::write_json_to_stdout(&report)?;
    } else {
        crate::cli::output::write_output(None, &report.to_text())?;
    }
    // The process ends right after: the OS takes the memory back at once,
    // where freeing 100,000 cards and reviews piece by piece takes longer.
    std::mem::forget(report);
    std::mem::forget(progress);
    Ok(0)
}

pub fn stats(cli: &Cli, config_path: &Path, json: bool) -> anyhow::Result<i32> {
    let progress = load_progress(cli, config_path)?;
    let stats = report::stats_report(&progress, cli.now.unwrap_or_else(Utc::now));
    if json {
        crate::cli::output::write_json_to_stdout(&stats)?;
    } else {
        crate::cli::output::write_output(None, &report::stats_text(&stats))?;
    }
    // Not freed, as in `due`.
    std::mem::forget(progress);
    Ok(0)
}
