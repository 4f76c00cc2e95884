//! The `[theme]` section of the config file: when to use colours, and
//! per-role colour overrides (`accent = "magenta"`). Names are checked here,
//! with `line:col` errors; `ui::Theme::from_config` applies the result.

use std::str::FromStr;

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

/// `[theme]` as written in the file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSection {
    /// `auto` (colours unless NO_COLOR is set), `always` or `never`.
    pub colors: Option<Spanned<String>>,
    pub accent: Option<Spanned<String>>,
    pub heading: Option<Spanned<String>>,
    pub code: Option<Spanned<String>>,
    pub link: Option<Spanned<String>>,
    pub error: Option<Spanned<String>>,
    pub warning: Option<Spanned<String>>,
    pub success: Option<Spanned<String>>,
    pub bookmark: Option<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorMode {
    #[default]
    Auto,
    Always,
    Never,
}

/// The parts of the theme a user can recolour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Every place the default theme uses its accent colour (cyan).
    Accent,
    Heading,
    Code,
    Link,
    Error,
    Warning,
    Success,
    Bookmark,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Accent => "accent",
            Role::Heading => "heading",
            Role::Code => "code",
            Role::Link => "link",
            Role::Error => "error",
            Role::Warning => "warning",
            Role::Success => "success",
            Role::Bookmark => "bookmark",
        }
    }
}

/// The checked theme settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThemeConfig {
    pub colors: ColorMode,
    pub overrides: Vec<(Role, Color)>,
}

/// A bad value in `[theme]`: the byte offset of the value and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct ThemeError {
    pub offset: usize,
    pub message: String,
}

impl ThemeSection {
    /// Checks the names and colours.
    pub fn check(&self) -> Result<ThemeConfig, ThemeError> {
        let colors = match &self.colors {
            None => ColorMode::Auto,
            Some(v) => match v.get_ref().as_str() {
                "auto" => ColorMode::Auto,
                "always" => ColorMode::Always,
                "never" => ColorMode::Never,
                other => {
                    return Err(ThemeError {
                        offset: v.span().start,
                        message: format!(
                            "[theme] colors: unknown value `{other}`; expected \"auto\", \"always\" or \"never\""
                        ),
                    });
                }
            },
        };
        let mut overrides = Vec::new();
        for (role, value) in [
            (Role::Accent, &self.accent),
            (Role::Heading, &self.heading),
            (Role::Code, &self.code),
            (Role::Link, &self.link),
            (Role::Error, &self.error),
            (Role::Warning, &self.warning),
            (Role::Success, &self.success),
            (Role::Bookmark, &self.bookmark),
        ] {
            let Some(value) = value else { continue };
            let color = Color::from_str(value.get_ref()).map_err(|_| ThemeError {
                offset: value.span().start,
                message: format!(
                    "[theme] {}: unknown colour `{}`; expected a name like red, lightblue, darkgray, a number 0-255 or #rrggbb",
                    role.name(),
                    value.get_ref()
                ),
            })?;
            overrides.push((role, color));
        }
        Ok(ThemeConfig { colors, overrides })
    }
}

impl ThemeConfig {
    /// The settings as `key = value` lines, for `studyguide config`.
    pub fn describe(&self) -> String {
        let mode = match self.colors {
            ColorMode::Auto => "auto",
            ColorMode::Always => "always",
            ColorMode::Never => "never",
        };
        let mut out = format!("colors = \"{mode}\"");
        for (role, color) in &self.overrides {
            out.push_str(&format!(
                "\n{} = \"{}\"",
                role.name(),
                color.to_string().to_lowercase()
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::ui::Theme;

    #[test]
    fn never_is_plain_and_accent_recolours_every_accent_style() {
        let never = ThemeConfig {
            colors: ColorMode::Never,
            overrides: vec![(Role::Accent, Color::Red)],
        };
        assert_eq!(Theme::from_config(&never), Theme::plain());
        let always = ThemeConfig {
            colors: ColorMode::Always,
            overrides: vec![(Role::Accent, Color::Magenta), (Role::Code, Color::Green)],
        };
        let theme = Theme::from_config(&always);
        assert_eq!(theme.accent.fg, Some(Color::Magenta));
        assert_eq!(theme.title.fg, Some(Color::Magenta));
        assert_eq!(theme.code.fg, Some(Color::Green));
        assert_eq!(theme.error, Theme::color().error);
    }
}
