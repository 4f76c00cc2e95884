//! The search and quick-jump overlays (a query box over a list of results with
//! the matches marked), and the search highlights in the reader's lines.

use ratatui::Frame;
use ratatui::layout::Position;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::text::truncate;
use crate::domain::markdown::display_width;
use crate::domain::search::{Hit, MAX_RESULTS, snippet};
use crate::tui::state::State;
use crate::tui::state::search::{FinderGeometry, SEARCH_ROWS, finder_geometry};

/// The frame, the query row (with the cursor) and the summary of an overlay.
fn draw_frame(
    frame: &mut Frame,
    title: &str,
    input: &crate::tui::editor::Editor,
    query_selected: bool,
    summary: String,
    theme: &Theme,
) -> FinderGeometry {
    let area = frame.area();
    let g = finder_geometry(area.width, area.height);
    let g = FinderGeometry {
        frame: g.frame.intersection(area),
        input: g.input.intersection(area),
        summary: g.summary.intersection(area),
        list: g.list.intersection(area),
    };
    frame.render_widget(Clear, g.frame);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {title} "), theme.title));
    frame.render_widget(block, g.frame);
    if g.input.width > 2 && g.input.height > 0 {
        let room = g.input.width as usize - 2;
        // a long query wraps; the box shows the row with the cursor
        let view = input.view(room, 1);
        let shown = view.rows.first().map_or("", String::as_str);
        let line = Line::from(vec![
            Span::styled("› ", theme.accent),
            Span::styled(
                shown,
                if query_selected {
                    theme.selected
                } else {
                    theme.base
                },
            ),
        ]);
        frame.render_widget(Paragraph::new(line), g.input);
        let x = g.input.x + 2 + view.cursor.1.min(room as u16);
        frame.set_cursor_position(Position::new(
            x.min(g.input.right().saturating_sub(1)),
            g.input.y,
        ));
    }
    if g.summary.height > 0 {
        let text = truncate(&summary, g.summary.width as usize);
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), g.summary);
    }
    g
}

/// A row padded to `width`, in the row style, with `spans` inside.
fn row<'a>(mut spans: Vec<Span<'a>>, width: usize, selected: bool, theme: &Theme) -> Line<'a> {
    let used: usize = spans.iter().map(|s| s.width()).sum();
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    let line = Line::from(spans);
    if selected {
        line.patch_style(theme.selected)
    } else {
        line
    }
}

/// The search overlay: the query, a summary of the matches, and two rows
/// per place found (where it is, then the line with the matches marked).
pub fn render_search(frame: &mut Frame, state: &State, theme: &Theme) {
    let search = &state.search;
    let g = draw_frame(
        frame,
        "Search",
        &search.input,
        search.query_selected,
        search_summary(state),
        theme,
    );
    let width = g.list.width as usize;
    if width == 0 || g.list.height == 0 {
        return;
    }
    let visible = (g.list.height / SEARCH_ROWS).max(1) as usize;
    let lines: Vec<Line> = search
        .results
        .hits
        .iter()
        .enumerate()
        .skip(search.cursor.scroll)
        .take(visible)
        .flat_map(|(n, hit)| hit_rows(state, hit, n == search.cursor.selected, width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), g.list);
}

/// What to type, that nothing matches, or how many matches in how many
/// places (and that only the first are listed).
fn search_summary(state: &State) -> String {
    let results = &state.search.results;
    if results.query.is_empty() {
        return " Type to search every chapter and card".to_string();
    }
    if results.total_matches == 0 {
        return " No matches".to_string();
    }
    let mut s = format!(
        " {} match{} in {} place{}",
        results.total_matches,
        if results.total_matches == 1 { "" } else { "es" },
        results.total_places,
        if results.total_places == 1 { "" } else { "s" },
    );
    if results.total_places > results.hits.len() {
        s.push_str(&format!(", showing the first {MAX_RESULTS}"));
    }
    s
}

/// A place found: its chapter and part, then a snippet of its line with the
/// matches marked (the chosen place highlighted, its snippet bold); nothing
/// when its document is gone.
fn hit_rows<'a>(
    state: &'a State,
    hit: &Hit,
    selected: bool,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let search = &state.search;
    let Some(doc) = search.index.doc(hit.doc) else {
        return Vec::new();
    };
    let place = truncate(
        &format!("{} › {}", doc.chapter, doc.part),
        // a column of space before the border
        width.saturating_sub(2),
    );
    let place = row(
        vec![Span::raw(" "), Span::styled(place, theme.accent)],
        width,
        selected,
        theme,
    );
    let text = search.index.line_text(hit.line);
    let mut spans = vec![Span::raw("   ")];
    for (piece, is_match) in snippet(text, &hit.ranges, width.saturating_sub(4)) {
        let style = if is_match {
            theme.search_match
        } else {
            theme.base
        };
        spans.push(Span::styled(piece, style));
    }
    let line = row(spans, width, false, theme);
    let line = if selected {
        line.patch_style(Style::default().add_modifier(Modifier::BOLD))
    } else {
        line
    };
    vec![place, line]
}

pub fn render_jump(frame: &mut Frame, state: &State, theme: &Theme) {
    let jump = &state.jump;
    let summary = match jump.total {
        0 => " No titles match".to_string(),
        n if n == jump.entries.len() => format!(" {n} titles"),
        n => format!(" {n} of {} titles", jump.entries.len()),
    };
    let g = draw_frame(frame, "Jump to", &jump.input, false, summary, theme);
    let width = g.list.width as usize;
    if width == 0 || g.list.height == 0 {
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    for (n, ranked) in jump
        .ranked
        .iter()
        .enumerate()
        .skip(jump.cursor.scroll)
        .take(g.list.height as usize)
    {
        let Some(entry) = jump.entries.get(ranked.entry) else {
            continue;
        };
        let selected = n == jump.cursor.selected;
        let tail = format!(" {} · {} ", entry.kind, entry.chapter);
        let tail_width = display_width(&tail);
        let room = if width > tail_width + 12 {
            width - tail_width - 1
        } else {
            width.saturating_sub(1)
        };
        let mut spans = vec![Span::raw(" ")];
        spans.extend(marked_title(&entry.title, &ranked.indices, room, theme));
        let used: usize = spans.iter().map(|s| s.width()).sum();
        if room + 1 < width {
            spans.push(Span::raw(
                " ".repeat(width.saturating_sub(used + tail_width)),
            ));
            spans.push(Span::styled(tail, theme.dim));
        }
        lines.push(row(spans, width, selected, theme));
    }
    frame.render_widget(Paragraph::new(lines), g.list);
}

/// A title cut to `room` columns with the fuzzy-matched graphemes marked.
fn marked_title<'a>(title: &str, indices: &[u32], room: usize, theme: &Theme) -> Vec<Span<'a>> {
    let total = display_width(title);
    let room = if total > room {
        room.saturating_sub(1)
    } else {
        room
    };
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    for (n, g) in title.graphemes(true).enumerate() {
        let w = g.width();
        if used + w > room {
            spans.push(Span::styled("…", theme.dim));
            break;
        }
        used += w;
        let hit = u32::try_from(n).is_ok_and(|n| indices.binary_search(&n).is_ok());
        let style = if hit { theme.search_match } else { theme.base };
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(g),
            _ => spans.push(Span::styled(g.to_string(), style)),
        }
    }
    spans
}
