//! The subcommands for content authors (`check`, `print`, `import`, `export`,
//! `completions`, `config`) and for your data (`due`, `stats`, `bookmarks`,
//! `interviews`). Each module turns content into text; this one
//! dispatches them.
//! The TUI lives elsewhere.

pub mod ansi;
pub mod bookmarks;
pub mod check;
pub mod config;
pub mod export;
pub mod interviews;
pub mod print;
pub mod report;
pub mod study;
pub mod sync;

use std::path::{Path, PathBuf};

use crate::cli::args::Cli;
use crate::cli::args::{CliCommand, ExportCommand, ImportCommand};
use crate::cli::import;

/// Runs one subcommand; the returned value is the exit code. An error of
/// no kind of its own (see `cli::exit`) is about what the command was given:
/// exit 2.
pub fn run(command: &CliCommand, cli: &Cli, config_path: &Path) -> anyhow::Result<i32> {
    crate::cli::exit::or_default(
        dispatch(command, cli, config_path),
        crate::cli::exit::BAD_INPUT,
    )
}

fn dispatch(command: &CliCommand, cli: &Cli, config_path: &Path) -> anyhow::Result<i32> {
    if matches!(
        command,
        CliCommand::Print { .. }
            | CliCommand::Export(_)
            | CliCommand::Bookmarks { .. }
            | CliCommand::Interviews { .. }
    ) {
        crate::cli::context::require_content_dir(cli)?;
    }

    match command {
        CliCommand::Due { json } => study::due(cli, config_path, *json),
        CliCommand::Stats { json } => study::stats(cli, config_path, *json),
        CliCommand::Check { dir, format, json } => {
            let dir = dir.as_ref().or(cli.content.as_ref());
            if let Some(dir) = dir.filter(|d| !d.is_dir()) {
                anyhow::bail!(
                    "the content directory {} does not exist or is not a directory",
                    dir.display()
                );
            }
            let json = *json || *format == crate::cli::args::CheckFormat::Json;
            check::run(dir.map(PathBuf::as_path), json)
        }
        CliCommand::Print {
            chapter,
            width,
            color,
        } => print::run(cli, config_path, chapter.as_deref(), *width, *color),
        CliCommand::Import(ImportCommand::Markdown {
            file,
            output,
            shape,
        }) => import::markdown_run::run(file, output.as_deref(), *shape),
        CliCommand::Import(ImportCommand::Anki { file, output }) => {
            import::anki::run(file, output.as_deref())
        }
        CliCommand::Export(ExportCommand::Anki { deck, output }) => {
            let library = crate::cli::context::load_library(cli);
            export::run(&library, deck.as_deref(), output.as_deref())
        }
        CliCommand::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command, "studyguide", &mut script);
            crate::cli::output::write_output(None, &String::from_utf8_lossy(&script))?;
            Ok(0)
        }
        CliCommand::Config => config::run(cli, config_path),
        CliCommand::Bookmarks { format } => crate::cli::commands::bookmarks::run(cli, *format),
        CliCommand::Interviews { format } => interviews::run(cli, *format),
        CliCommand::Sync { status } => sync::run(cli, config_path, *status),
    }
}
