//! What the binary does once its arguments are parsed: load config and
//! content, then start the TUI or run a subcommand.

use anyhow::Context;

use crate::cli::Cli;
use crate::content::{self, Library};
use crate::{app, config, paths, state::State, ui::Theme};

/// Loads the content the flags ask for: a directory, or the bundled chapters.
pub fn load_library(cli: &Cli) -> Library {
    match &cli.content {
        Some(dir) => content::load_dir(dir),
        None => content::bundled::load(),
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
    let library = load_library(&cli);
    let state = State::new(library, loaded.keymap);
    app::run(app::AppOptions {
        state,
        theme: Theme::from_config(&loaded.theme),
        start_time: cli.now,
        exit_after_first_frame: cli.exit_after_first_frame,
    })?;
    Ok(0)
}
