//! Drawing: `render(frame, &State, &Theme)` and one module per screen. Renderers
//! only read state; sizes reach state through `Action::Resize`.

mod bookmarks;
mod drill;
mod editor;
mod interview;
mod interview_brief;
mod interview_feedback;
mod interview_history;
mod interview_rating;
mod interview_text;
mod interview_trend;
mod overlay;
mod preview;
mod reader;
mod safe_cells;
mod scrolled;
mod search;
mod stats;
mod status;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::state::{Screen, State, geometry};
pub use theme::Theme;

/// Draws the whole screen; no cell of it holds a control, bidi or
/// separator character ([`safe_cells`]).
pub fn render(frame: &mut Frame, state: &State, theme: &Theme) {
    render_screen(frame, state, theme);
    safe_cells::clean(frame.buffer_mut());
}

fn render_screen(frame: &mut Frame, state: &State, theme: &Theme) {
    let area = frame.area();
    if geometry::too_small(area.width, area.height) {
        render_too_small(frame, area, theme);
        return;
    }
    let [tabs, body, status_bar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    status::render_tabs(frame, tabs, state, theme);
    render_store_banner(frame, tabs, state, theme);
    match state.screen {
        Screen::Reader => reader::render_reader(frame, body, state, theme),
        Screen::Drill => drill::render_drill(frame, body, state, theme),
        Screen::Stats => {
            let [numbers, trend] = interview_trend::split(body, state);
            stats::render_stats(
                frame,
                numbers,
                state.stats.as_ref(),
                state.stats_scroll,
                theme,
            );
            interview_trend::render_interview_trend(frame, trend, state, theme);
        }
        Screen::Bookmarks => bookmarks::render_bookmarks(frame, body, state, theme),
        Screen::Interview => interview::render_interview(frame, body, state, theme),
    }
    bookmarks::render_note_box(frame, body, state, theme);
    status::render_status(frame, status_bar, state, theme);
    overlay::render_overlay(frame, body, state, theme);
    if let Some(crate::tui::state::Overlay::CardPreview { card, scroll }) = &state.overlay {
        preview::render_preview(frame, body, state, *card, *scroll, theme);
    }
}

/// While progress cannot be saved (a damaged or newer store, a read-only
/// directory), the right of the tab row says so on every screen: beside the
/// tabs when there is room, over their end when there is not.
fn render_store_banner(frame: &mut Frame, row: Rect, state: &State, theme: &Theme) {
    let Some(problem) = &state.store_problem else {
        return;
    };
    let buffer = frame.buffer_mut();
    let tabs_end = (row.x..row.right())
        .rev()
        .find(|x| buffer[(*x, row.y)].symbol() != " ")
        .map_or(0, |x| x + 1 - row.x);
    let beside = row.width.saturating_sub(tabs_end + 1) as usize;
    let problem = crate::domain::content::sanitize::escape_controls(problem);
    let (room, text) = if beside >= 40 {
        (beside, format!(" Progress is not saved: {problem} "))
    } else if beside >= 14 {
        (beside, format!(" Not saved: {problem} "))
    } else {
        let room = (row.width as usize * 2 / 3).max(20).min(row.width as usize);
        (room, format!(" Not saved: {problem} "))
    };
    let text = text::truncate(&text, room);
    let width = crate::domain::markdown::display_width(&text) as u16;
    let area = Rect {
        x: row.x + row.width.saturating_sub(width),
        width: width.min(row.width),
        ..row
    };
    frame.render_widget(Paragraph::new(Span::styled(text, theme.error)), area);
}

fn render_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = format!(
        "Terminal too small: need {}x{}",
        geometry::MIN_WIDTH,
        geometry::MIN_HEIGHT
    );
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(text, theme.warning))).wrap(Wrap { trim: true }),
        area,
    );
}
