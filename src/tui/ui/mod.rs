//! Drawing: `render(frame, &State, &Theme)` and one module per screen. Renderers
//! only read state; sizes reach state through `Action::Resize`.

mod bookmarks;
mod drill;
mod interview;
mod interview_feedback;
mod interview_text;
mod interview_trend;
mod overlay;
mod reader;
mod search;
mod stats;
mod status;
mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::state::{Screen, State, geometry};
pub use theme::Theme;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, state: &State, theme: &Theme) {
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
    match state.screen {
        Screen::Reader => reader::render_reader(frame, body, state, theme),
        Screen::Drill => drill::render_drill(frame, body, state, theme),
        Screen::Stats => {
            let [numbers, trend] = interview_trend::split(body, state);
            stats::render_stats(frame, numbers, state.stats.as_ref(), theme);
            interview_trend::render_interview_trend(frame, trend, state, theme);
        }
        Screen::Bookmarks => bookmarks::render_bookmarks(frame, body, state, theme),
        Screen::Interview => interview::render_interview(frame, body, state, theme),
    }
    bookmarks::render_note_box(frame, body, state, theme);
    status::render_status(frame, status_bar, state, theme);
    overlay::render_overlay(frame, body, state, theme);
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
