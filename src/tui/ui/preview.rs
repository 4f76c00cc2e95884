//! The card preview overlay: a practice card's front and back, read-only,
//! framed over the screen, with the keys to study it now or close it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::Theme;
use super::overlay::{centered, framed};
use super::text::{laid_line, truncate};
use crate::domain::markdown::LaidLine;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::card_view::preview_lines;
use crate::tui::state::{State, geometry};
use crate::tui::ui::scrolled::render_lines;

/// The card preview: the card framed in the middle of the screen (as tall
/// as it is, up to the whole body; scrolled, with how much is below), and
/// a row of keys under the text.
pub fn render_preview(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    card: usize,
    scroll: usize,
    theme: &Theme,
) {
    let Some(card) = state.progress.cards.get(card) else {
        return;
    };
    let width = geometry::card_width(state.size.0);
    let (front, back) = preview_lines(card, width as usize);
    let lines = card_lines(&front, &back, width, theme);
    // as tall as the card, up to the whole body; a row of keys below the text
    let height = (lines.len() as u16 + 3).min(area.height);
    let rect = centered(area, width + 4, height);
    frame.render_widget(Clear, rect);
    let title = truncate(
        &format!("Card · {}", card.deck.title()),
        rect.width.saturating_sub(6) as usize,
    );
    let mut block = framed(&title, theme);
    let inner = block.inner(rect);
    let [text_area, keys_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    let visible = text_area.height as usize;
    let scroll = scroll.min(crate::tui::scroll::max_offset(lines.len(), visible));
    let below = lines.len().saturating_sub(scroll + visible);
    if below > 0 {
        block = block.title_bottom(
            Line::from(Span::styled(format!(" ↓ {below} more: j "), theme.accent)).right_aligned(),
        );
    }
    frame.render_widget(block, rect);
    let text_area = Rect {
        x: text_area.x + 1,
        width: text_area.width.saturating_sub(2),
        ..text_area
    };
    render_lines(frame, lines, scroll, text_area);
    frame.render_widget(Paragraph::new(preview_keys(state, theme)), keys_area);
}

/// The card's front, a rule `width` wide, and its back.
fn card_lines<'a>(
    front: &'a [LaidLine],
    back: &'a [LaidLine],
    width: u16,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut lines: Vec<Line> = front.iter().map(|l| laid_line(l, theme)).collect();
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "─".repeat(width as usize),
        theme.border,
    )));
    lines.push(Line::default());
    lines.extend(back.iter().map(|l| laid_line(l, theme)));
    lines
}

/// The keys to study the card now and to close the preview.
fn preview_keys<'a>(state: &State, theme: &Theme) -> Line<'a> {
    let key = |command| {
        state
            .keymap
            .label_for(KeyMode::Preview, command)
            .unwrap_or_else(|| "?".into())
    };
    Line::from(vec![
        Span::styled(format!(" {}", key(Command::Open)), theme.accent),
        Span::styled(" study it now  ", theme.dim),
        Span::styled(key(Command::Close), theme.accent),
        Span::styled(" close", theme.dim),
    ])
}
