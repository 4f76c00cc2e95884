//! The subcommands for content authors (`check`, `print`, `import`, `export`,
//! `completions`, `config`). Each module turns content into text; this one
//! dispatches and owns the "write to a file or standard output" plumbing.
//! The TUI lives elsewhere.

pub mod anki_export;
pub mod anki_import;
pub mod ansi;
pub mod args;
pub mod check;
pub mod html;
pub mod md_blocks;
pub mod md_import;
pub mod print;
pub mod show_config;
pub mod study;
pub mod toml_out;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::Cli;
use args::{CliCommand, ExportCommand, ImportCommand};

/// Runs one subcommand; the returned value is the exit code.
pub fn run(command: &CliCommand, cli: &Cli, config_path: &Path) -> anyhow::Result<i32> {
    match command {
        CliCommand::Due { json } => study::due(cli, config_path, *json),
        CliCommand::Stats { json } => study::stats(cli, config_path, *json),
        CliCommand::Check { dir, json } => {
            let dir = dir.as_ref().or(cli.content.as_ref());
            check::run(dir.map(PathBuf::as_path), *json)
        }
        CliCommand::Print {
            chapter,
            width,
            color,
        } => print::run(cli, chapter.as_deref(), *width, *color),
        CliCommand::Import(ImportCommand::Markdown { file, output }) => {
            md_import::run(file, output.as_deref())
        }
        CliCommand::Import(ImportCommand::Anki { file, output }) => {
            anki_import::run(file, output.as_deref())
        }
        CliCommand::Export(ExportCommand::Anki { deck, output }) => {
            let library = crate::run::load_library(cli);
            anki_export::run(&library, deck.as_deref(), output.as_deref())
        }
        CliCommand::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = std::io::stdout().lock();
            clap_complete::generate(*shell, &mut command, "studyguide", &mut out);
            Ok(0)
        }
        CliCommand::Config => show_config::run(cli, config_path),
        CliCommand::Bookmarks { format } => crate::bookmarks_export::run(cli, *format),
    }
}

/// Writes `text` to `path`, or to standard output when there is none.
pub fn write_output(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`| head`) is not an error worth reporting.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(e).context("cannot write to standard output"),
            }
        }
    }
}

/// Prints import warnings to standard error, one `file:line:col: warning: ...` a line.
pub fn print_problems(problems: &[crate::content::Problem]) {
    for p in problems {
        eprintln!("{p}");
    }
}
