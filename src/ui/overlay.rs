//! Overlays drawn over a screen: the help (generated from the keymap) and the
//! content problems pane.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::Theme;
use crate::content::Severity;
use crate::state::{Overlay, State};

pub fn render_overlay(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    match &state.overlay {
        Some(Overlay::Help { scroll }) => render_help(frame, area, state, theme, *scroll),
        Some(Overlay::Errors { scroll }) => render_errors(frame, area, state, theme, *scroll),
        Some(Overlay::Search) => super::search::render_search(frame, state, theme),
        Some(Overlay::Jump) => super::search::render_jump(frame, state, theme),
        None => {}
    }
}

/// A centred rectangle of at most `w` x `h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    rect
}

fn framed<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {title} "), theme.title))
}

fn render_help(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, scroll: usize) {
    let mut lines: Vec<Line> = Vec::new();
    let sections = crate::keymap::HELP_SECTIONS;
    let key_col = sections
        .iter()
        .flat_map(|(m, _)| state.keymap.help_rows(*m))
        .map(|(k, _)| crate::markdown::display_width(&k))
        .max()
        .unwrap_or(4)
        .min(18);
    for (mode, title) in sections {
        let rows = state.keymap.help_rows(mode);
        if rows.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(title, theme.title)));
        for (keys, what) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<key_col$}  "), theme.accent),
                Span::styled(what, theme.base),
            ]));
        }
    }
    let rect = centered(area, 64, area.height);
    frame.render_widget(Clear, rect);
    let block = framed("Keys", theme);
    let inner_h = block.inner(rect).height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(inner_h));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        rect,
    );
}

fn render_errors(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, scroll: usize) {
    let problems = &state.library.problems;
    let mut lines: Vec<Line> = Vec::new();
    if problems.is_empty() {
        lines.push(Line::from(Span::styled(
            "No problems in the content.",
            theme.success,
        )));
    }
    for p in problems {
        let style = if p.severity == Severity::Error {
            theme.error
        } else {
            theme.warning
        };
        let label = if p.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}:{}:{}: ", p.path, p.line, p.col), theme.dim),
            Span::styled(format!("{label}: "), style),
            Span::styled(p.message.as_str(), theme.base),
        ]));
    }
    let rect = centered(area, area.width.saturating_sub(4).max(10), area.height);
    frame.render_widget(Clear, rect);
    let title = format!("Content problems ({})", problems.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {title} "), theme.title));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll.min(u16::MAX as usize) as u16, 0)),
        rect,
    );
}
