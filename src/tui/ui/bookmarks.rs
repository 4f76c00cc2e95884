//! The bookmarks screen (chapter headings, each bookmark's title, a preview
//! line and its note; missing ones marked) and the one-line note editor drawn
//! at the bottom of whatever screen opened it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::Theme;
use super::text::MARK;
use super::text::truncate;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::bookmarks::{ListLine, list_view, visible_scroll};
use crate::tui::state::geometry::text_box;

pub fn render_bookmarks(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [title, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let (entries, lines) = list_view(state);
    let heading = match entries.len() {
        0 => " Bookmarks".to_string(),
        n => format!(" Bookmarks ({n})"),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(&heading, title.width as usize),
            theme.title,
        )),
        title,
    );
    if entries.is_empty() {
        render_empty(frame, list, state, theme);
        return;
    }
    let selected = state.bookmarks.selected.min(entries.len() - 1);
    let height = list.height as usize;
    let scroll = visible_scroll(&lines, selected, state.bookmarks.scroll, height);
    let width = list.width as usize;
    let rows: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .take(height)
        .map(|line| list_line(line, selected, width, theme))
        .collect();
    frame.render_widget(Paragraph::new(rows), list);
}

fn list_line<'a>(line: &ListLine, selected: usize, width: usize, theme: &Theme) -> Line<'a> {
    let is_selected = line.entry() == Some(selected);
    let pick = |normal| if is_selected { theme.selected } else { normal };
    let padded = |text: String| pad_to(&text, width);
    match line {
        ListLine::Heading(text) => Line::from(Span::styled(
            truncate(&format!(" {text}"), width),
            theme.accent,
        )),
        ListLine::Gap => Line::default(),
        ListLine::Title { text, missing, .. } => {
            let suffix = if *missing { " (missing)" } else { "" };
            let mark = Span::styled(format!(" {MARK} "), pick(theme.bookmark_mark));
            let body = pad_to(&format!("{text}{suffix}"), width.saturating_sub(3));
            let style = if *missing { theme.warning } else { theme.base };
            Line::from(vec![mark, Span::styled(body, pick(style))])
        }
        ListLine::Preview { text, .. } => {
            Line::from(Span::styled(padded(format!("   {text}")), pick(theme.dim)))
        }
        ListLine::Note { text, .. } => Line::from(Span::styled(
            padded(format!("   Note: {text}")),
            pick(theme.quote),
        )),
    }
}

/// `text` cut or padded with spaces to exactly `width` columns.
fn pad_to(text: &str, width: usize) -> String {
    let text = truncate(text, width);
    let pad = width.saturating_sub(crate::domain::markdown::display_width(&text));
    format!("{text}{}", " ".repeat(pad))
}

fn render_empty(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let key = |mode, command| {
        state
            .keymap
            .label_for(mode, command)
            .unwrap_or_else(|| "?".into())
    };
    let text = vec![
        Line::default(),
        Line::from(Span::styled(" No bookmarks yet.", theme.base)),
        Line::default(),
        Line::from(Span::styled(
            format!(
                " In the reader ({}) or the drill ({}), press {} to bookmark the selected item or card; press it again to remove the bookmark. Bookmarks are listed here by chapter, with a note you add with {}.",
                key(KeyMode::Global, Command::GoReader),
                key(KeyMode::Global, Command::GoDrill),
                key(KeyMode::Reader, Command::ToggleBookmark),
                key(KeyMode::Bookmarks, Command::EditNote),
            ),
            theme.dim,
        )),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), area);
}

/// The note editor: a framed box at the bottom of `area` that grows with
/// the note to about a third of the screen, then scrolls; the counts on its
/// bottom border.
pub fn render_note_box(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(edit) = &state.bookmarks.editing else {
        return;
    };
    if area.height < 3 || area.width < 6 {
        return;
    }
    let (width, max_rows) = text_box::note(state.size.0, state.size.1);
    let view = edit.editor.view(width, max_rows);
    let height = (view.rows.len() as u16 + 2).min(area.height);
    let rect = Rect {
        y: area.y + area.height - height,
        height,
        ..area
    };
    let keys = |c| state.keymap.label_for(KeyMode::Note, c).unwrap_or_default();
    let title = truncate(
        &format!(
            " Note: {} · {} save · {} new line · {} close (text kept) ",
            edit.title,
            keys(Command::Submit),
            keys(Command::Newline),
            keys(Command::Cancel)
        ),
        rect.width as usize - 2,
    );
    let counts = super::editor::counts(&edit.editor, &view);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(title, theme.title))
        .title_bottom(Span::styled(
            truncate(&format!(" {counts} "), rect.width as usize - 2),
            super::editor::counts_style(&edit.editor, theme),
        ));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    super::editor::render_view(frame, inner, &view, None, true, theme);
}
