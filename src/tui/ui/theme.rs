//! The `Theme`: every style the screens use, in one place. Colours are the 16
//! named ANSI colours (which follow the terminal's own palette, so they read on
//! dark and light backgrounds); `NO_COLOR` gives a theme of modifiers only.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::markdown::SpanStyle;

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub base: Style,
    pub dim: Style,
    pub accent: Style,
    pub title: Style,
    pub border: Style,
    pub border_focused: Style,
    /// The selected row of a focused list.
    pub selected: Style,
    /// The selected row of an unfocused list.
    pub selected_unfocused: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub status: Style,
    pub status_key: Style,
    pub error: Style,
    pub warning: Style,
    pub success: Style,
    /// The gutter mark beside the current item.
    pub current_mark: Style,
    pub bookmark_mark: Style,
    pub search_match: Style,
    pub heading: [Style; 3],
    pub code: Style,
    pub link: Style,
    pub url: Style,
    pub quote: Style,
    pub marker: Style,
    pub grade: [Style; 4],
}

impl Theme {
    /// Colours from the terminal's palette.
    pub fn color() -> Self {
        let bold = Modifier::BOLD;
        Theme {
            base: Style::default(),
            dim: Style::default().add_modifier(Modifier::DIM),
            accent: Style::default().fg(Color::Cyan),
            title: Style::default().fg(Color::Cyan).add_modifier(bold),
            border: Style::default().add_modifier(Modifier::DIM),
            border_focused: Style::default().fg(Color::Cyan),
            selected: Style::default().add_modifier(Modifier::REVERSED | bold),
            selected_unfocused: Style::default().fg(Color::Cyan).add_modifier(bold),
            tab: Style::default().add_modifier(Modifier::DIM),
            tab_active: Style::default()
                .fg(Color::Cyan)
                .add_modifier(bold | Modifier::UNDERLINED),
            status: Style::default().add_modifier(Modifier::REVERSED),
            status_key: Style::default().add_modifier(Modifier::REVERSED | bold),
            error: Style::default().fg(Color::Red).add_modifier(bold),
            warning: Style::default().fg(Color::Yellow),
            success: Style::default().fg(Color::Green),
            current_mark: Style::default().fg(Color::Cyan).add_modifier(bold),
            bookmark_mark: Style::default().fg(Color::Yellow).add_modifier(bold),
            search_match: Style::default().fg(Color::Black).bg(Color::Yellow),
            heading: [
                Style::default()
                    .fg(Color::Magenta)
                    .add_modifier(bold | Modifier::UNDERLINED),
                Style::default().fg(Color::Cyan).add_modifier(bold),
                Style::default().add_modifier(bold),
            ],
            code: Style::default().fg(Color::Yellow),
            link: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            url: Style::default().add_modifier(Modifier::DIM),
            quote: Style::default().add_modifier(Modifier::ITALIC),
            marker: Style::default().fg(Color::Cyan),
            grade: [
                Style::default().fg(Color::Red).add_modifier(bold),
                Style::default().fg(Color::Yellow).add_modifier(bold),
                Style::default().fg(Color::Green).add_modifier(bold),
                Style::default().fg(Color::Blue).add_modifier(bold),
            ],
        }
    }

    /// No colours at all: bold, underline, reverse and dim only (`NO_COLOR`).
    pub fn plain() -> Self {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let none = Style::default();
        Theme {
            base: none,
            dim: none.add_modifier(Modifier::DIM),
            accent: bold,
            title: bold,
            border: none,
            border_focused: bold,
            selected: none.add_modifier(Modifier::REVERSED),
            selected_unfocused: bold.add_modifier(Modifier::UNDERLINED),
            tab: none,
            tab_active: bold.add_modifier(Modifier::REVERSED),
            status: none.add_modifier(Modifier::REVERSED),
            status_key: bold.add_modifier(Modifier::REVERSED),
            error: bold,
            warning: bold,
            success: none,
            current_mark: bold,
            bookmark_mark: bold,
            search_match: none.add_modifier(Modifier::REVERSED),
            heading: [bold.add_modifier(Modifier::UNDERLINED), bold, bold],
            code: none,
            link: none.add_modifier(Modifier::UNDERLINED),
            url: none.add_modifier(Modifier::DIM),
            quote: none.add_modifier(Modifier::ITALIC),
            marker: none,
            grade: [bold; 4],
        }
    }

    /// The theme for this environment: plain when `NO_COLOR` is set and not empty.
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::color(),
        }
    }

    /// The theme the config file asks for: `colors` picks colour or plain
    /// (`auto` follows `NO_COLOR`), then the colour overrides apply.
    pub fn from_config(config: &crate::tui::theme_config::ThemeConfig) -> Self {
        use crate::tui::theme_config::{ColorMode, Role};
        let mut theme = match config.colors {
            ColorMode::Auto => Theme::from_env(),
            ColorMode::Always => Theme::color(),
            ColorMode::Never => return Theme::plain(),
        };
        if theme == Theme::plain() {
            return theme;
        }
        for (role, color) in &config.overrides {
            let fg = |s: &mut Style| *s = s.fg(*color);
            match role {
                Role::Accent => {
                    for s in theme.styles_mut() {
                        if s.fg == Some(Color::Cyan) {
                            fg(s);
                        }
                    }
                }
                Role::Heading => theme.heading.iter_mut().take(2).for_each(fg),
                Role::Code => fg(&mut theme.code),
                Role::Link => fg(&mut theme.link),
                Role::Error => fg(&mut theme.error),
                Role::Warning => fg(&mut theme.warning),
                Role::Success => fg(&mut theme.success),
                Role::Bookmark => fg(&mut theme.bookmark_mark),
            }
        }
        theme
    }

    fn styles_mut(&mut self) -> impl Iterator<Item = &mut Style> {
        [
            &mut self.accent,
            &mut self.title,
            &mut self.border_focused,
            &mut self.selected_unfocused,
            &mut self.tab_active,
            &mut self.current_mark,
            &mut self.marker,
        ]
        .into_iter()
        .chain(self.heading.iter_mut())
    }

    /// The style of a span of laid-out Markdown.
    pub fn markdown(&self, s: SpanStyle) -> Style {
        let mut style = self.base;
        if s.heading > 0 {
            style = style.patch(self.heading[(s.heading as usize - 1).min(2)]);
        }
        if s.quote {
            style = style.patch(self.quote);
        }
        if s.code || s.code_block {
            style = style.patch(self.code);
        }
        if s.link {
            style = style.patch(self.link);
        }
        if s.url {
            style = style.patch(self.url);
        }
        if s.marker {
            style = style.patch(self.marker);
        }
        if s.bold {
            style = style.add_modifier(Modifier::BOLD);
        }
        if s.italic {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if s.strike {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        style
    }
}
