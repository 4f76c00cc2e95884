//! Overlays drawn over a screen: the help (generated from the keymap) and the
//! content problems pane.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Theme;
use crate::domain::content::Severity;
use crate::tui::state::{Overlay, State, geometry};
use crate::tui::ui::scrolled::visible_lines;

pub fn render_overlay(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    match &state.overlay {
        Some(Overlay::Help { scroll }) => render_help(frame, area, state, theme, *scroll),
        Some(Overlay::Errors { scroll }) => render_errors(frame, area, state, theme, *scroll),
        Some(Overlay::Search) => super::search::render_search(frame, state, theme),
        Some(Overlay::Jump) => super::search::render_jump(frame, state, theme),
        // drawn by `preview`, which uses this module's frame helpers
        Some(Overlay::CardPreview { .. }) => {}
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

pub fn framed<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {title} "), theme.title))
}

fn render_help(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, scroll: usize) {
    let mut lines: Vec<Line> = Vec::new();
    let sections = crate::tui::keymap::HELP_SECTIONS;
    let key_col = sections
        .iter()
        .flat_map(|(m, _)| state.keymap.help_rows(*m))
        .map(|(k, _)| crate::domain::markdown::display_width(&k))
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
    let mut block = framed("Keys", theme);
    let inner = block.inner(rect);
    let inner_h = inner.height as usize;
    let total = lines.len();
    let scroll = scroll.min(crate::tui::scroll::max_offset(total, inner_h));
    let below = total.saturating_sub(scroll + inner_h);
    let more = match (scroll > 0, below > 0) {
        (_, true) => Some(format!(" ↓ {below} more: j PgDn G ")),
        (true, false) => Some(" ↑ k PgUp g ".to_string()),
        (false, false) => None,
    };
    if let Some(more) = more {
        block = block.title_bottom(
            Line::from(Span::styled(
                super::text::truncate(&more, rect.width.saturating_sub(2) as usize),
                theme.accent,
            ))
            .right_aligned(),
        );
    }
    frame.render_widget(
        Paragraph::new(visible_lines(lines, scroll, inner)).block(block),
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
    let inner_width = geometry::errors_inner_width(area.width) as usize;
    for p in problems {
        let style = if p.severity == Severity::Error {
            theme.error
        } else {
            theme.warning
        };
        // "path:line:col: " dim, "error: " coloured, the message plain
        let text = p.to_string();
        let location = format!("{}:{}:{}: ", p.path, p.line, p.col).len();
        let label = location + if p.severity == Severity::Error { 7 } else { 9 };
        for row in crate::domain::markdown::hard_wrap(&text, inner_width) {
            let mut spans = Vec::new();
            for (range, part_style) in [
                (0..location, theme.dim),
                (location..label, style),
                (label..text.len(), theme.base),
            ] {
                let start = range.start.max(row.start);
                let end = range.end.min(row.end);
                if let Some(part) = text.get(start..end).filter(|part| !part.is_empty()) {
                    spans.push(Span::styled(part.to_string(), part_style));
                }
            }
            lines.push(Line::from(spans));
        }
    }
    let rect = centered(
        area,
        geometry::errors_inner_width(area.width) + 2,
        area.height,
    );
    frame.render_widget(Clear, rect);
    let title = format!("Content problems ({})", problems.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {title} "), theme.title));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(u16::MAX as usize) as u16, 0)),
        rect,
    );
}
