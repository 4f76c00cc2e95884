//! Command-line arguments (clap). `main.rs` parses them and hands over here.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Parser;

#[derive(Debug, Parser)]
#[command(
    name = "studyguide",
    version,
    propagate_version = true,
    about = "Read a chapter, drill its questions, keep the tips you want."
)]
pub struct Cli {
    /// Where progress, bookmarks and backups are kept.
    #[arg(long, env = "STUDYGUIDE_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The config file (a missing file is fine).
    #[arg(long, env = "STUDYGUIDE_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Load chapter files from this directory instead of the bundled content.
    #[arg(long, env = "STUDYGUIDE_CONTENT", global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Act as if the time were this (RFC 3339, e.g. 2026-01-31T09:00:00Z).
    #[arg(long, global = true, value_name = "TIME", value_parser = parse_time)]
    pub now: Option<DateTime<Utc>>,
    /// Draw the first frame and exit (for timing start-up).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

pub use crate::cli::commands::args::CliCommand;

fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}; expected an RFC 3339 time like 2026-01-31T09:00:00Z"))
}
