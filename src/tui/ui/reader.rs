//! The reader screen: the outline pane on the left, the chapter text on the
//! right with the current item marked in the gutter, a scrollbar and a percentage.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::text::MARK;
use super::text::truncate;
use crate::domain::document::ItemKind;
use crate::tui::state::reader::{Focus, outline_rows};
use crate::tui::state::{State, geometry};
use crate::tui::ui::scrolled::scrollbar;

/// The reader: both panes side by side when they fit, else the one with
/// the focus; a note instead when there is no chapter.
pub fn render_reader(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if state.outline.is_empty() {
        render_no_chapter(frame, area, state, theme);
        return;
    }
    let two = state.reader_two_panes();
    let g = geometry::reader(area.width, area.height + 2, two, state.reader.outline_wants);
    if two {
        let [left, right] =
            Layout::horizontal([Constraint::Length(g.outline_width), Constraint::Min(1)])
                .areas(area);
        render_outline(frame, left, state, theme);
        render_content(frame, right, state, theme);
    } else if state.reader.focus == Focus::Outline {
        render_outline(frame, area, state, theme);
    } else {
        render_content(frame, area, state, theme);
    }
}

/// A pane's title, bright when the pane has the focus.
fn pane_title<'a>(text: &str, focused: bool, width: u16, theme: &Theme) -> Line<'a> {
    let style = if focused { theme.title } else { theme.dim };
    Line::from(Span::styled(
        truncate(&format!(" {text}"), width as usize),
        style,
    ))
}

/// The outline pane: its title, then the items that fit (long titles
/// wrapped over several rows), the selected one highlighted; a border at
/// its right when the content pane is beside it.
fn render_outline(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let focused = state.reader.focus == Focus::Outline;
    let two = state.reader_two_panes();
    let block = if two {
        Block::default()
            .borders(Borders::RIGHT)
            .border_style(if focused {
                theme.border_focused
            } else {
                theme.border
            })
    } else {
        Block::default()
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let [title, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(pane_title("Contents", focused, title.width, theme)),
        title,
    );
    let width = list.width.saturating_sub(1) as usize;
    let shown = outline_rows(&state.outline, &state.reader, width, list.height as usize);
    let lines: Vec<Line> = shown
        .iter()
        .flat_map(|(index, rows)| {
            rows.iter()
                .enumerate()
                .map(move |(n, row)| (*index, n, row))
        })
        .take(list.height as usize)
        .map(|(index, n, text)| outline_row(state, index, n == 0, text, width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// One row of outline item `index`, padded to `width`: chapters in the
/// accent style, the selected item highlighted, and on an item's `first`
/// row the bookmark mark when it has one.
fn outline_row<'a>(
    state: &State,
    index: usize,
    first: bool,
    text: &str,
    width: usize,
    theme: &Theme,
) -> Line<'a> {
    let Some(item) = state.outline.get(index) else {
        return Line::default();
    };
    let pad = width.saturating_sub(crate::domain::markdown::display_width(text));
    let padded = format!("{text}{}", " ".repeat(pad));
    let style = if index == state.reader.selected {
        if state.reader.focus == Focus::Outline {
            theme.selected
        } else {
            theme.selected_unfocused
        }
    } else if item.kind == ItemKind::Chapter {
        theme.accent
    } else {
        theme.base
    };
    let mark = if first && state.bookmarks.list.contains(&item.id) {
        Span::styled(MARK, style.patch(theme.bookmark_mark))
    } else {
        Span::styled(" ", style)
    };
    Line::from(vec![mark, Span::styled(padded, style)])
}

/// The content pane: the chapter's title with how far in the reader is,
/// the text column (centred on a wide pane) with its gutter, and the
/// scrollbar.
fn render_content(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    render_content_title(frame, title, state, theme);
    let reader = &state.reader;
    let lines = content_lines(state, body.height as usize, theme);
    // wide panes centre the text column at its comfortable width, as glow does
    let column = reader.doc.width as u16 + geometry::GUTTER;
    let spare = body.width.saturating_sub(column + 2);
    let text_area = Rect {
        x: body.x + spare / 2,
        width: body.width - spare / 2,
        ..body
    };
    frame.render_widget(Paragraph::new(lines), text_area);

    // the document is laid out as it is read: its length is an estimate
    // until then, and never less than what is laid out
    let total = reader.doc.estimated_len().max(reader.doc.lines.len());
    scrollbar(
        frame,
        body,
        total,
        usize::from(body.height),
        reader.scroll,
        theme,
    );
}

/// The chapter's heading, and at the right the percentage read.
fn render_content_title(frame: &mut Frame, title: Rect, state: &State, theme: &Theme) {
    let reader = &state.reader;
    let focused = reader.focus == Focus::Content;
    let chapter = state
        .library
        .chapters
        .get(reader.doc.chapter)
        .map(|c| c.heading())
        .unwrap_or_default();
    let percent = format!(" {}% ", reader.percent());
    let title_width = title.width.saturating_sub(percent.len() as u16);
    let mut title_line = pane_title(&chapter, focused, title_width, theme);
    let pad = title_width as usize - title_line.width().min(title_width as usize);
    title_line.spans.push(Span::raw(" ".repeat(pad)));
    title_line.spans.push(Span::styled(percent, theme.dim));
    frame.render_widget(Paragraph::new(title_line), title);
}

/// The `height` lines of the chapter in view, search matches marked, each
/// behind a gutter: the bookmark mark on a bookmarked item's first line, a
/// bar beside the selected item.
fn content_lines<'a>(state: &'a State, height: usize, theme: &Theme) -> Vec<Line<'a>> {
    let reader = &state.reader;
    let selected_range = reader.doc.range_of(reader.selected);
    let marked = bookmarked_starts(state, reader.scroll..reader.scroll + height);
    reader
        .doc
        .lines
        .iter()
        .enumerate()
        .skip(reader.scroll)
        .take(height)
        .map(|(n, laid)| {
            let current = selected_range.is_some_and(|(s, e)| n >= s && n < e);
            let mark = if marked.contains(&n) {
                Span::styled(format!("{MARK} "), theme.bookmark_mark)
            } else if current {
                Span::styled("▌ ", theme.current_mark)
            } else {
                Span::raw("  ")
            };
            let mut spans = Vec::with_capacity(laid.spans.len() + 1);
            spans.push(mark);
            spans.extend(super::text::highlighted(
                laid,
                n,
                &state.search.highlights,
                theme,
            ));
            Line::from(spans)
        })
        .collect()
}

/// The first lines of the bookmarked items that start within `shown`.
fn bookmarked_starts(state: &State, shown: std::ops::Range<usize>) -> Vec<usize> {
    state
        .reader
        .doc
        .spans
        .iter()
        .skip_while(|(_, start, _)| *start < shown.start)
        .take_while(|(_, start, _)| *start < shown.end)
        .filter(|(i, _, _)| {
            state
                .outline
                .get(*i)
                .is_some_and(|item| state.bookmarks.list.contains(&item.id))
        })
        .map(|(_, start, _)| *start)
        .collect()
}

/// Content with decks but no chapter (or nothing at all): say so, and point
/// at the drill when there are cards.
fn render_no_chapter(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let cards = state.progress.cards.len();
    let mut decks: Vec<&str> = state.progress.cards.iter().map(|c| &*c.deck).collect();
    decks.dedup();
    let drill = state
        .keymap
        .label_for(
            crate::tui::keymap::KeyMode::Global,
            crate::tui::action::Command::GoDrill,
        )
        .unwrap_or_else(|| "2".into());
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled(" No chapter to read here.", theme.title)),
        Line::default(),
    ];
    let deck_files = state.library.decks.len();
    if state.loading && deck_files > 0 {
        // the first frame comes before the cards are read
        lines.push(Line::from(Span::styled(
            format!(
                " The content holds {deck_files} deck{}; reading their cards…",
                if deck_files == 1 { "" } else { "s" },
            ),
            theme.base,
        )));
    } else if cards > 0 {
        lines.push(Line::from(Span::styled(
            format!(
                " The content holds {} deck{} with {cards} card{}: press {drill} to drill them.",
                decks.len(),
                if decks.len() == 1 { "" } else { "s" },
                if cards == 1 { "" } else { "s" },
            ),
            theme.base,
        )));
    } else {
        lines.push(Line::from(Span::styled(
            " The content holds no chapters and no cards.",
            theme.base,
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}
