//! `studyguide config`: where the config file, data directory and content
//! are, and the effective settings (each mode's keys as `key = action`, theme).

use std::fmt::Write as _;
use std::path::Path;

use crate::cli::args::Cli;
use crate::cli::config;
use crate::domain::content::sanitize::escape_controls;
use crate::tui::action::{Key, KeyCode};
use crate::tui::keymap::KeyMode;

pub fn run(cli: &Cli, config_path: &Path) -> anyhow::Result<i32> {
    let loaded = config::load(config_path)?;
    let data_dir = crate::cli::context::data_dir(cli);
    let mut out = String::new();
    let exists = if config_path.is_file() {
        ""
    } else {
        " (not found; defaults apply)"
    };
    // every path printed with its control characters escaped
    let shown = shown_path(config_path);
    writeln!(out, "config file: {shown}{exists}")?;
    writeln!(out, "data dir:    {}", shown_path(&data_dir))?;
    match &cli.content {
        Some(dir) => writeln!(out, "content:     {}", shown_path(dir))?,
        None => writeln!(out, "content:     bundled")?,
    }
    match crate::cli::commands::sync::sync_folder(cli, &loaded.config, config_path) {
        Some(folder) => {
            writeln!(out, "sync dir:    {}", shown_path(&folder))?;
            writeln!(out, "last sync:   {}", last_sync(&data_dir))?;
        }
        None => writeln!(out, "sync dir:    none (see `studyguide sync --help`)")?,
    }
    for warning in loaded
        .warnings
        .iter()
        .cloned()
        .chain(config::conflicts(&loaded.keymap))
    {
        writeln!(out, "{shown}: warning: {}", escape_controls(&warning))?;
    }
    writeln!(out, "\n[theme]")?;
    writeln!(out, "{}", loaded.theme.describe())?;
    for mode in KeyMode::ALL {
        writeln!(out, "\n[keys.{}]", mode.name())?;
        for (key, command) in loaded.keymap.bindings(mode) {
            let name = serde_json::to_value(command)?;
            let name = name.as_str().unwrap_or_default().to_string();
            writeln!(out, "{} = \"{name}\"", toml_key(&key_name(*key)))?;
        }
    }
    crate::cli::output::write_output(None, &out)?;
    Ok(0)
}

/// The last sync recorded in the data directory's store (read-only).
fn last_sync(data_dir: &Path) -> String {
    match crate::store::Store::open_read_only(crate::cli::context::store_path(data_dir)) {
        Ok(store) => crate::cli::commands::sync::last_sync_text(&store),
        Err(_) => "never".into(),
    }
}

/// A path as `config` prints it: control characters shown escaped.
fn shown_path(path: &Path) -> String {
    escape_controls(&path.display().to_string())
}

/// A key as the config file names it (`j`, `space`, `ctrl-p`, `pagedown`).
pub fn key_name(key: Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "enter".into(),
        KeyCode::Esc => "esc".into(),
        KeyCode::Tab => "tab".into(),
        KeyCode::BackTab => "backtab".into(),
        KeyCode::Backspace => "backspace".into(),
        KeyCode::Delete => "delete".into(),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::Left => "left".into(),
        KeyCode::Right => "right".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::PageUp => "pageup".into(),
        KeyCode::PageDown => "pagedown".into(),
        KeyCode::F(n) => format!("f{n}"),
    };
    let ctrl = if key.ctrl { "ctrl-" } else { "" };
    let alt = if key.alt { "alt-" } else { "" };
    format!("{ctrl}{alt}{base}")
}

/// A key name as a TOML key: bare when it can be, quoted otherwise.
fn toml_key(label: &str) -> String {
    if label
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        label.to_string()
    } else {
        format!("{label:?}")
    }
}
