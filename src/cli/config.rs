//! The user's config file (TOML): key overrides per mode, and the settings of
//! later features. A missing file is fine; a bad one is an error naming
//! `file:line:col`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::domain::content::LineIndex;
use crate::domain::content::sanitize::escape_controls;
use crate::domain::interview::TIME_LIMIT_MINUTES;
use crate::tui::action::{Command, Key};
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::state::interview::InterviewSettings;
use crate::tui::theme_config::{ThemeConfig, ThemeSection};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[keys.MODE]` tables: key name -> action name.
    #[serde(default)]
    pub keys: BTreeMap<String, toml::Spanned<BTreeMap<String, toml::Spanned<String>>>>,
    /// `[scheduler]`: spaced-repetition settings.
    #[serde(default)]
    pub scheduler: SchedulerSettings,
    /// `[theme]`: `colors = "auto" | "always" | "never"` and colour overrides.
    #[serde(default)]
    pub theme: ThemeSection,
    /// `[interview]`: the mock interview's time per answer and whether missed
    /// rubric items put their cards into today's drill.
    #[serde(default)]
    pub interview: InterviewSection,
    /// The folder synced between machines (`studyguide sync`); `~/` is the
    /// home directory, a relative path is taken from the config file's
    /// directory.
    #[serde(default)]
    pub sync_dir: Option<String>,
}

/// The `[interview]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InterviewSection {
    /// Minutes per answer, 1 to 5 (default 2).
    pub minutes: Option<toml::Spanned<i64>>,
    /// Default true.
    pub drill_missed: Option<bool>,
}

impl InterviewSection {
    /// The checked settings, or the offset of the bad value and why.
    pub fn check(&self) -> Result<InterviewSettings, (usize, String)> {
        let defaults = InterviewSettings::default();
        let minutes = match &self.minutes {
            None => defaults.minutes,
            Some(m) => match u64::try_from(*m.get_ref()) {
                Ok(n) if TIME_LIMIT_MINUTES.contains(&n) => n,
                _ => {
                    return Err((
                        m.span().start,
                        format!(
                            "[interview] minutes = {} is out of range; expected {} to {}",
                            m.get_ref(),
                            TIME_LIMIT_MINUTES.start(),
                            TIME_LIMIT_MINUTES.end()
                        ),
                    ));
                }
            },
        };
        Ok(InterviewSettings {
            minutes,
            drill_missed: self.drill_missed.unwrap_or(defaults.drill_missed),
        })
    }
}

/// The `[scheduler]` table. Steps are written like "1m", "10m", "1h", "1d".
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SchedulerSettings {
    pub desired_retention: f32,
    pub learning_steps: Vec<String>,
    pub relearning_steps: Vec<String>,
    pub new_per_day: u32,
    /// Of the new cards, how many typed ones a day.
    pub typed_new_per_day: u32,
    pub maximum_interval_days: u32,
    pub fuzz: bool,
    /// The local hour (0-23) a new study day starts.
    pub day_starts_at: u32,
    /// Keep siblings of an answered card away until the next day.
    pub bury_siblings: bool,
}

impl Default for SchedulerSettings {
    fn default() -> Self {
        SchedulerSettings {
            desired_retention: 0.9,
            learning_steps: vec!["1m".into(), "10m".into()],
            relearning_steps: vec!["10m".into()],
            new_per_day: 20,
            typed_new_per_day: 2,
            maximum_interval_days: 36500,
            fuzz: true,
            day_starts_at: 4,
            bury_siblings: true,
        }
    }
}

/// The longest learning or relearning step: a year.
pub const MAX_STEP_DAYS: i64 = 365;

/// The longest `maximum_interval_days`: a hundred years.
pub const MAX_INTERVAL_DAYS: u32 = 36500;

/// Parses a step such as "30s", "1m", "10m", "2h" or "1d", of at most
/// [`MAX_STEP_DAYS`] days.
pub fn parse_step(text: &str) -> Option<chrono::Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at_checked(split)?;
    let n: i64 = number.parse().ok().filter(|n| *n > 0)?;
    let step = match unit {
        "s" => chrono::Duration::try_seconds(n),
        "m" => chrono::Duration::try_minutes(n),
        "h" => chrono::Duration::try_hours(n),
        "d" => chrono::Duration::try_days(n),
        _ => None,
    }?;
    (step <= chrono::Duration::days(MAX_STEP_DAYS)).then_some(step)
}

impl SchedulerSettings {
    /// Checks the values; the message names the field and what is expected,
    /// and the text to point at (the bad step), if there is one.
    fn check(&self) -> Result<(), (String, Option<String>)> {
        if self.day_starts_at > 23 {
            return Err((
                format!(
                    "[scheduler] day_starts_at = {} is not an hour; expected 0 to 23 (4 means a new day starts at 04:00)",
                    self.day_starts_at
                ),
                Some("day_starts_at".into()),
            ));
        }
        if !(0.7..=0.99).contains(&self.desired_retention) {
            return Err((
                format!(
                    "[scheduler] desired_retention = {} is out of range; expected 0.70 to 0.99",
                    self.desired_retention
                ),
                Some("desired_retention".into()),
            ));
        }
        for (field, steps) in [
            ("learning_steps", &self.learning_steps),
            ("relearning_steps", &self.relearning_steps),
        ] {
            if let Some(bad) = steps.iter().find(|s| parse_step(s).is_none()) {
                return Err((
                    format!(
                        "[scheduler] {field}: `{bad}` is not a step; expected a number and a unit from \"1s\" to \"{MAX_STEP_DAYS}d\", like \"1m\", \"10m\", \"1h\", \"1d\""
                    ),
                    Some(bad.clone()),
                ));
            }
        }
        if !(1..=MAX_INTERVAL_DAYS).contains(&self.maximum_interval_days) {
            return Err((
                format!(
                    "[scheduler] maximum_interval_days = {} is out of range; expected 1 to {MAX_INTERVAL_DAYS}",
                    self.maximum_interval_days
                ),
                Some("maximum_interval_days".into()),
            ));
        }
        Ok(())
    }

    /// The scheduler configuration these settings give.
    pub fn to_config(&self) -> crate::domain::schedule::SchedulerConfig {
        crate::domain::schedule::SchedulerConfig {
            desired_retention: self.desired_retention,
            learning_steps: self
                .learning_steps
                .iter()
                .filter_map(|s| parse_step(s))
                .collect(),
            relearning_steps: self
                .relearning_steps
                .iter()
                .filter_map(|s| parse_step(s))
                .collect(),
            maximum_interval_days: self.maximum_interval_days,
            fuzz: self.fuzz,
            new_per_day: self.new_per_day,
            typed_new_per_day: self.typed_new_per_day,
            day_starts_at: self.day_starts_at,
            bury_siblings: self.bury_siblings,
        }
    }
}

/// A config problem at `path:line:col`; shown with every control character
/// escaped, since the path, key names and values come from the user.
#[derive(Debug, thiserror::Error)]
#[error(
    "{}:{line}:{col}: error: {}",
    escape_controls(path),
    escape_controls(message)
)]
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
    pub theme: ThemeConfig,
    /// Things that work but are likely mistakes (no quit key, a key spelled
    /// two ways); shown by `studyguide config` and in the app's status line.
    pub warnings: Vec<String>,
    pub interview: InterviewSettings,
}

/// A config file is small; anything larger is not one.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads the config file at `path`; a missing file gives the defaults.
/// Anything but a regular file (a FIFO, a device, a directory) is refused
/// before it is opened, so it can neither hang the program nor fill memory.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let shown = path.display().to_string();
    let refuse = |message: String| ConfigError {
        path: shown.clone(),
        line: 1,
        col: 1,
        message,
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded::default()),
        Err(e) => return Err(refuse(format!("cannot read the config file: {e}"))),
    };
    if !meta.is_file() {
        return Err(refuse(
            "the config file is not a regular file; give the path of a TOML file".into(),
        ));
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(refuse(format!(
            "the config file is {} bytes, over the limit of {MAX_CONFIG_BYTES}",
            meta.len()
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| refuse(format!("cannot read the config file: {e}")))?;
    if let Some(kind) = crate::domain::content::encoding::utf16(&bytes) {
        return Err(refuse(crate::domain::content::encoding::utf16_message(
            kind,
            "the config file",
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        refuse(format!(
            "the config file is not UTF-8 text (byte {} is not); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    parse(&shown, &text)
}

/// Parses config text; `path` is only used in messages.
pub fn parse(path: &str, text: &str) -> Result<Loaded, ConfigError> {
    let at = Locator {
        path,
        index: LineIndex::new(text),
    };
    let config: Config = toml::from_str(text).map_err(|e| {
        at.error(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })?;
    if let Err((message, quoted)) = config.scheduler.check() {
        return Err(at.error(scheduler_error_at(text, quoted.as_deref()), message));
    }
    let mut keymap = Keymap::default();
    let mut warnings = Vec::new();
    for (mode, table) in &config.keys {
        warnings.extend(same_key_warnings(mode, table.get_ref()));
        apply_keys(&mut keymap, mode, table, &at)?;
    }
    let theme = config
        .theme
        .check()
        .map_err(|e| at.error(e.offset, e.message))?;
    // A keymap that leaves a screen with no way to quit, or an overlay with
    // no way back, is refused at the binding that took the way out.
    if let Some(stuck) = crate::tui::keymap_check::without_a_way_out(&keymap).first() {
        return Err(at.error(way_out_taken_at(&config, stuck.mode), stuck.message.clone()));
    }
    let interview = config
        .interview
        .check()
        .map_err(|(offset, message)| at.error(offset, message))?;
    Ok(Loaded {
        config,
        keymap,
        theme,
        warnings,
        interview,
    })
}

/// Where in the config file the way out of `mode` was taken: the first
/// binding (in the file's order), in that mode or a mode it falls back to, of a key that quits or
/// leaves by default; else its `[keys.MODE]` table, else the start.
fn way_out_taken_at(config: &Config, mode: KeyMode) -> usize {
    use Command::{Cancel, Close, Help, Quit, ShowErrors, Submit};
    let defaults = &Keymap::default();
    let mut chain = vec![mode];
    while let Some(parent) = chain.last().and_then(|m| m.parent()) {
        chain.push(parent);
    }
    let table = |m: KeyMode| config.keys.get(m.name());
    let taken = chain
        .iter()
        .filter_map(|m| table(*m).map(|t| (*m, t)))
        .flat_map(|(m, table)| {
            table.get_ref().iter().filter_map(move |(key, action)| {
                let default =
                    crate::tui::keymap::parse_key(key).and_then(|k| defaults.resolve(m, k));
                matches!(
                    default,
                    Some(Quit | Close | Cancel | Submit | Help | ShowErrors)
                )
                .then(|| action.span().start)
            })
        })
        .min();
    if let Some(at) = taken {
        return at;
    }
    chain
        .iter()
        .find_map(|m| table(*m))
        .map_or(0, |t| t.span().start)
}

/// Turns an offset in the config text into the error at its line and
/// column.
struct Locator<'a> {
    path: &'a str,
    index: LineIndex<'a>,
}

impl Locator<'_> {
    fn error(&self, offset: usize, message: String) -> ConfigError {
        let (line, col) = self.index.position(offset);
        ConfigError {
            path: self.path.to_string(),
            line,
            col,
            message,
        }
    }
}

/// Where a `[scheduler]` error points: at the value it quotes, within the
/// section (else at the section).
fn scheduler_error_at(text: &str, quoted: Option<&str>) -> usize {
    let section = text.find("[scheduler]").unwrap_or(0);
    quoted
        .and_then(|q| {
            let after = text.get(section..)?;
            after
                .find(&format!("\"{q}\""))
                .or_else(|| after.find(&format!("'{q}'")))
                .or_else(|| after.find(q))
                .map(|i| section + i)
        })
        .unwrap_or(section)
}

/// A warning for each key of `[keys.MODE]` spelt twice (`ctrl-a` and
/// `C-a`): only one binding is kept.
fn same_key_warnings(mode: &str, table: &BTreeMap<String, toml::Spanned<String>>) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut spellings: Vec<(Key, &str)> = Vec::new();
    for key in table.keys() {
        let Some(parsed) = crate::tui::keymap::parse_key(key) else {
            continue;
        };
        match spellings.iter().find(|(k, _)| *k == parsed) {
            Some((_, first)) => warnings.push(format!(
                "[keys.{mode}] `{first}` and `{key}` are the same key; only one binding is kept"
            )),
            None => spellings.push((parsed, key)),
        }
    }
    warnings
}

/// Binds the keys of `[keys.MODE]`; the first that cannot be bound is an
/// error at its action (or at the table).
fn apply_keys(
    keymap: &mut Keymap,
    mode: &str,
    table: &toml::Spanned<BTreeMap<String, toml::Spanned<String>>>,
    at: &Locator,
) -> Result<(), ConfigError> {
    for (key, action) in table.get_ref() {
        let binding = [(mode.to_string(), key.clone(), action.get_ref().clone())];
        if let Some(err) = keymap.apply(&binding).into_iter().next() {
            let offset = if err.message.contains("action") {
                action.span().start
            } else {
                table.span().start
            };
            return Err(at.error(offset, format!("[keys.{mode}] {key}: {}", err.message)));
        }
    }
    Ok(())
}

/// Where a mode's binding hides a global binding of another command (the
/// global one is then out of reach in that mode). Shadowings the default
/// keymap itself has (drill's `1`-`4` grade) are not reported.
pub fn conflicts(keymap: &Keymap) -> Vec<String> {
    let defaults = shadowings(&Keymap::default());
    shadowings(keymap)
        .into_iter()
        .filter(|s| !defaults.contains(s))
        .map(|(mode, key, command, global)| {
            let name = |c: Command| {
                serde_json::to_value(c)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            let key = crate::tui::keymap::key_label(key);
            format!(
                "[keys.{}] {key} = \"{}\" hides the global binding {key} = \"{}\" in that mode",
                mode.name(),
                name(command),
                name(global)
            )
        })
        .collect()
}

fn shadowings(keymap: &Keymap) -> Vec<(KeyMode, Key, Command, Command)> {
    let mut out = Vec::new();
    for mode in KeyMode::ALL
        .into_iter()
        .filter(|m| *m != KeyMode::Global && m.uses_global())
    {
        for (key, command) in keymap.bindings(mode) {
            if let Some((_, global)) = keymap
                .bindings(KeyMode::Global)
                .iter()
                .find(|(k, _)| k == key)
                && global != command
            {
                out.push((mode, *key, *command, *global));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
