//! The user's config file (TOML): key overrides per mode, and the settings of
//! later features. A missing file is fine; a bad one is an error naming
//! `file:line:col`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::content::LineIndex;
use crate::keymap::Keymap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[keys.MODE]` tables: key name -> action name.
    #[serde(default)]
    pub keys: BTreeMap<String, toml::Spanned<BTreeMap<String, toml::Spanned<String>>>>,
}

#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{col}: error: {message}")]
pub struct ConfigError {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// A loaded config with the keymap it gives.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub keymap: Keymap,
}

/// Reads the config file at `path`; a missing file gives the defaults.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded::default()),
        Err(e) => {
            return Err(ConfigError {
                path: shown,
                line: 1,
                col: 1,
                message: format!("cannot read the config file: {e}"),
            });
        }
    };
    parse(&shown, &text)
}

/// Parses config text; `path` is only used in messages.
pub fn parse(path: &str, text: &str) -> Result<Loaded, ConfigError> {
    let index = LineIndex::new(text);
    let error_at = |offset: usize, message: String| {
        let (line, col) = index.position(offset);
        ConfigError {
            path: path.to_string(),
            line,
            col,
            message,
        }
    };
    let config: Config = toml::from_str(text).map_err(|e| {
        error_at(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })?;
    let mut keymap = Keymap::default();
    for (mode, table) in &config.keys {
        for (key, action) in table.get_ref() {
            let binding = [(mode.clone(), key.clone(), action.get_ref().clone())];
            if let Some(err) = keymap.apply(&binding).into_iter().next() {
                let at = if err.message.contains("action") {
                    action.span().start
                } else {
                    table.span().start
                };
                return Err(error_at(
                    at,
                    format!("[keys.{mode}] {key}: {}", err.message),
                ));
            }
        }
    }
    Ok(Loaded { config, keymap })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_action_is_located() {
        let err = parse("c.toml", "[keys.reader]\nx = \"fly\"\n").expect_err("bad action");
        assert_eq!((err.line, err.col), (2, 5));
        assert!(
            err.message.contains("unknown action `fly`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn unknown_section_is_an_error() {
        let err = parse("c.toml", "[nope]\n").expect_err("unknown key");
        assert_eq!(err.line, 1);
    }

    #[test]
    fn override_applies() {
        let loaded = parse("c.toml", "[keys.reader]\nx = \"down\"\n").expect("valid");
        let key = crate::action::Key::plain(crate::action::KeyCode::Char('x'));
        assert_eq!(
            loaded.keymap.resolve(crate::keymap::KeyMode::Reader, key),
            Some(crate::action::Command::Down)
        );
    }
}
