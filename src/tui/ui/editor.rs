//! Drawing a text box: the rows its editor shows (wrapped, scrolled to the
//! cursor by `tui::editor`), the cursor, a placeholder while it is empty,
//! and the line of counts every box shows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use crate::tui::editor::{Editor, EditorView};

/// Draws the rows of `view` in `area` and, when `focused`, puts the
/// terminal's cursor where the editor's is. A view of an empty editor
/// shows `placeholder` (dimmed) instead.
pub fn render_view(
    frame: &mut Frame,
    area: Rect,
    view: &EditorView,
    placeholder: Option<&str>,
    focused: bool,
    theme: &Theme,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let empty = view.total <= 1 && view.rows.iter().all(String::is_empty);
    match placeholder.filter(|_| empty) {
        Some(text) => frame.render_widget(
            Paragraph::new(Span::styled(text, theme.dim)).wrap(Wrap { trim: false }),
            area,
        ),
        None => {
            let lines: Vec<Line> = view
                .rows
                .iter()
                .map(|r| Line::from(Span::styled(r.as_str(), theme.base)))
                .collect();
            frame.render_widget(Paragraph::new(lines), area);
        }
    }
    if focused {
        let (row, column) = view.cursor;
        frame.set_cursor_position((
            area.x + column.min(area.width - 1),
            area.y + row.min(area.height - 1),
        ));
    }
}

/// "12 words · 80/4000 characters", with "rows 4–9 of 12" while the box
/// shows part of the text.
pub fn counts(editor: &Editor, view: &EditorView) -> String {
    let words = editor.word_count();
    let mut text = format!(
        "{words} word{} · {}/{} characters",
        if words == 1 { "" } else { "s" },
        editor.char_count(),
        editor.limit()
    );
    if view.total > view.rows.len() {
        text.push_str(&format!(
            " · rows {}–{} of {}",
            view.first + 1,
            view.first + view.rows.len(),
            view.total
        ));
    }
    text
}

/// The counts' style: a warning once the box is full.
pub fn counts_style(editor: &Editor, theme: &Theme) -> Style {
    if editor.char_count() >= editor.limit() {
        theme.warning
    } else {
        theme.dim
    }
}
