//! Drawing a scrolled view, in one place: the lines a view of `area` shows
//! from an offset (clamped so the last line can rest at the bottom), and the
//! scrollbar beside a view taller than its area. The offsets themselves are
//! worked out by `tui::scroll`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::tui::scroll::max_offset;
use crate::tui::ui::theme::Theme;

/// `lines` less the first `offset` (at most until the last line rests at the
/// bottom of `area`).
pub fn visible_lines(lines: Vec<Line<'_>>, offset: usize, area: Rect) -> Vec<Line<'_>> {
    let most = max_offset(lines.len(), usize::from(area.height));
    lines.into_iter().skip(offset.min(most)).collect()
}

/// Draws `lines` from `offset` in `area`.
pub fn render_lines(frame: &mut Frame, lines: Vec<Line<'_>>, offset: usize, area: Rect) {
    frame.render_widget(Paragraph::new(visible_lines(lines, offset, area)), area);
}

/// Draws a vertical bar at the right edge of `area` for a view of `viewport`
/// rows over `total` rows scrolled to `offset`; nothing when all rows fit.
pub fn scrollbar(
    frame: &mut Frame,
    area: Rect,
    total: usize,
    viewport: usize,
    offset: usize,
    theme: &Theme,
) {
    if total <= viewport || area.height == 0 {
        return;
    }
    let mut bar_state = ScrollbarState::new(max_offset(total, viewport) + 1)
        .position(offset)
        .viewport_content_length(viewport);
    let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .track_symbol(Some("│"))
        .thumb_style(theme.accent)
        .track_style(theme.border);
    frame.render_stateful_widget(bar, area, &mut bar_state);
}
