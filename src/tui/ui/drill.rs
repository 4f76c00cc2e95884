//! The drill screen: the deck chooser with new / learning / due counts, the
//! card (front, then back with the grade buttons and their intervals), the
//! typed-answer box, and the end-of-session summary.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Padding, Paragraph, Row, Table};

use super::Theme;
use super::text::{laid_line, truncate};
use crate::domain::schedule::format_interval;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::card_view::{
    AnswerBox, CardRow, CardView, Footer, GRADE_GAP, GradeLabel, card_view, grade_line_width,
    interval_gap,
};
use crate::tui::state::drill::{DrillView, Session};
use crate::tui::ui::scrolled::scrollbar;

/// The drill screen in its view: the chooser, a card, or the summary.
pub fn render_drill(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    // A store problem is shown on every screen (the tab row), not here.
    match state.drill.view {
        DrillView::Chooser => render_chooser(frame, area, state, theme),
        DrillView::Card => render_card(frame, area, state, theme),
        DrillView::Summary => render_summary(frame, area, state, theme),
    }
}

/// The key bound to `command` in `mode`, or "?" when none is.
fn key(state: &State, mode: KeyMode, command: Command) -> String {
    state
        .keymap
        .label_for(mode, command)
        .unwrap_or_else(|| "?".into())
}

/// The deck chooser: a title, a row per deck with its new, learning and due
/// counts (the chosen one kept in view), and the keys to study and to cram.
fn render_chooser(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [title, table_area, hint] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            " Choose a deck to study",
            theme.title,
        ))),
        title,
    );
    let narrow = area.width < 50;
    let header = if narrow {
        Row::new([" Deck", "New", "Lrn", "Due"])
    } else {
        Row::new([" Deck", "New", "Learning", "Due", "Cards"])
    }
    .style(theme.dim);
    frame.render_widget(
        Table::new(
            deck_rows(state, table_area, narrow, theme),
            deck_columns(narrow),
        )
        .header(header)
        .column_spacing(1),
        table_area,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(&chooser_hint(state), hint.width as usize),
            theme.dim,
        )),
        hint,
    );
}

/// The rows of the decks that fit `table_area` under its header, the chosen
/// one in view and highlighted; counts of zero are dimmed, and a narrow
/// table leaves out the cards column.
fn deck_rows<'a>(state: &'a State, table_area: Rect, narrow: bool, theme: &Theme) -> Vec<Row<'a>> {
    let drill = &state.drill;
    // the deck column takes what the numbers leave, less one column of gap
    let numbers: u16 = if narrow { 3 * 4 + 3 } else { 6 + 9 + 6 + 6 + 4 };
    let deck_width = table_area.width.saturating_sub(numbers).saturating_sub(1) as usize;
    let visible = table_area.height.saturating_sub(1) as usize;
    let skip = drill.selected.saturating_sub(visible.saturating_sub(1));
    drill
        .choices
        .iter()
        .enumerate()
        .skip(skip)
        .take(visible)
        .map(|(i, c)| {
            let style = if i == drill.selected {
                theme.selected
            } else {
                theme.base
            };
            let n = |v: u32, s| Span::styled(v.to_string(), if v > 0 { s } else { theme.dim });
            let mut cells = vec![
                Line::from(truncate(&format!(" {}", c.label), deck_width)),
                Line::from(n(c.counts.new, theme.accent)),
                // learning today: due now and later today
                Line::from(n(c.counts.learning + c.learning_later, theme.warning)),
                Line::from(n(c.counts.due, theme.success)),
            ];
            if !narrow {
                cells.push(Line::from(Span::styled(c.cards.to_string(), theme.dim)));
            }
            Row::new(cells).style(style)
        })
        .collect()
}

/// The chooser's column widths: the deck name, then the counts.
fn deck_columns(narrow: bool) -> Vec<Constraint> {
    if narrow {
        vec![
            Constraint::Min(8),
            Constraint::Length(4),
            Constraint::Length(4),
            Constraint::Length(4),
        ]
    } else {
        vec![
            Constraint::Min(20),
            Constraint::Length(6),
            Constraint::Length(9),
            Constraint::Length(6),
            Constraint::Length(6),
        ]
    }
}

/// The keys to study and to cram, and when the chosen deck's next learning
/// card comes due.
fn chooser_hint(state: &State) -> String {
    let drill = &state.drill;
    let next = drill
        .choices
        .get(drill.selected)
        .and_then(|c| c.next_learning)
        .zip(drill.choices_at)
        .map(|(at, now)| format!("  next learning card in {}", format_interval(at - now)))
        .unwrap_or_default();
    format!(
        " {} study   {} cram (schedule unchanged){next}",
        key(state, KeyMode::Drill, Command::Open),
        key(state, KeyMode::Drill, Command::Cram)
    )
}

/// One row of the card, styled by its kind.
fn card_line<'a>(row: &CardRow<'a>, width: usize, theme: &Theme) -> Line<'a> {
    match row {
        CardRow::Text(line) => laid_line(line, theme),
        CardRow::Blank => Line::default(),
        CardRow::Rule => Line::from(Span::styled("─".repeat(width), theme.border)),
        CardRow::Heading(text) => Line::from(Span::styled(*text, theme.title)),
        CardRow::Typed(text) => Line::from(Span::styled(text.clone(), theme.base)),
        CardRow::Collapsed(text) => Line::from(Span::styled(text.clone(), theme.dim)),
    }
}

/// A card being studied: the session's progress bar, the card box (as
/// tall as its rows, scrolling on a short screen) and under it, as wide,
/// the reveal hint, the answer box or the grade row.
fn render_card(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let drill = &state.drill;
    let (Some(cur), Some(session), Some(view)) = (&drill.current, &drill.session, card_view(state))
    else {
        return;
    };
    let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    render_progress(frame, top, session, theme);
    // the card as tall as its rows (scrolling when the screen is shorter),
    // the answer box or the grade row right below, both the same width
    let footer_h = view.footer.height();
    let spare = body
        .height
        .saturating_sub(view.box_height + footer_h)
        .min(2);
    let [_, card_row, _, footer, _] = Layout::vertical([
        Constraint::Length(u16::from(spare > 1)),
        Constraint::Length(view.box_height),
        Constraint::Length(u16::from(spare > 0)),
        Constraint::Length(footer_h),
        Constraint::Min(0),
    ])
    .areas(body);
    let [rect] = Layout::horizontal([Constraint::Length(view.box_width.min(body.width))])
        .flex(Flex::Center)
        .areas(card_row);
    let deck = state
        .progress
        .card(&cur.card_id)
        .map(|c| c.deck.title())
        .unwrap_or("");
    render_card_box(frame, rect, deck, &view, theme);
    let [footer] = Layout::horizontal([Constraint::Length(view.box_width.min(footer.width))])
        .flex(Flex::Center)
        .areas(footer);
    render_card_footer(frame, footer, state, &view.footer, theme);
}

/// The progress bar: the session's name (cram marked) and cards done of all.
fn render_progress(frame: &mut Frame, top: Rect, session: &Session, theme: &Theme) {
    let done = session.answered as usize;
    let total = done + session.remaining;
    let label = format!(
        "{}{}  {done}/{total}",
        session.label,
        if session.cram { " (cram)" } else { "" }
    );
    let ratio = if total == 0 {
        0.0
    } else {
        done as f64 / total as f64
    };
    frame.render_widget(
        Gauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(truncate(&label, top.width as usize))
            .gauge_style(theme.accent)
            .use_unicode(true),
        top,
    );
}

/// The card in a bordered box titled with its deck: the rows in view, and a
/// scrollbar when they do not all fit.
fn render_card_box(frame: &mut Frame, rect: Rect, deck: &str, view: &CardView, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .border_style(theme.border)
        .title(Span::styled(
            truncate(&format!(" {deck} "), rect.width.saturating_sub(2) as usize),
            theme.dim,
        ));
    let inner = block.inner(rect);
    let lines: Vec<Line> = view
        .rows
        .iter()
        .skip(view.scroll)
        .take(view.viewport)
        .map(|row| card_line(row, inner.width as usize, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    scrollbar(
        frame,
        rect.inner(Margin::new(0, 1)),
        view.rows.len(),
        view.viewport,
        view.scroll,
        theme,
    );
}

/// What goes under the card: "saving…", the key that shows the answer, the
/// grade row, or the answer box.
fn render_card_footer(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    footer: &Footer,
    theme: &Theme,
) {
    match footer {
        Footer::Saving => {
            frame.render_widget(Paragraph::new(Span::styled(" saving…", theme.dim)), area)
        }
        Footer::RevealHint => frame.render_widget(Paragraph::new(reveal_hint(state, theme)), area),
        Footer::Grades(rows) => render_grades(frame, area, rows, theme),
        Footer::Answer(answer) => render_answer_box(frame, area, state, answer, theme),
    }
}

/// "Space show the answer", and the key back to the answer box once left.
fn reveal_hint<'a>(state: &State, theme: &Theme) -> Line<'a> {
    let back = if state.drill.left_box {
        format!(
            "   {} back to the answer box",
            key(state, KeyMode::Drill, Command::Open)
        )
    } else {
        String::new()
    };
    Line::from(vec![
        Span::styled(
            format!(" {}", key(state, KeyMode::Drill, Command::Reveal)),
            theme.accent,
        ),
        Span::styled(" show the answer", theme.dim),
        Span::styled(back, theme.dim),
    ])
}

/// The grade buttons with their intervals, one line per row; when a row is
/// wider than the card it uses the whole screen width.
fn render_grades(frame: &mut Frame, area: Rect, rows: &[Vec<GradeLabel>], theme: &Theme) {
    let lines: Vec<Line> = rows
        .iter()
        .map(|row| {
            let mut spans = Vec::new();
            for label in row {
                let style = theme.grade.get(label.grade).copied().unwrap_or(theme.base);
                spans.push(Span::raw(GRADE_GAP));
                spans.push(Span::styled(label.name.clone(), style));
                spans.push(Span::styled(
                    format!("{}{}", interval_gap(label), label.interval),
                    theme.dim,
                ));
            }
            Line::from(spans)
        })
        .collect();
    // wider than the card: let the grade row use the whole screen width
    let wide = Rect {
        x: frame.area().x,
        width: frame.area().width,
        ..area
    };
    let target = if rows
        .iter()
        .all(|r| grade_line_width(r) <= area.width as usize)
    {
        area
    } else {
        wide
    };
    frame.render_widget(Paragraph::new(lines), target);
}

/// The typed-answer box: a top border titled with its keys, the editor, and
/// its counts on the last row.
fn render_answer_box(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    answer: &AnswerBox,
    theme: &Theme,
) {
    let title = format!(
        " Your answer · {} reveal · {} new line · {} undo last answer ",
        key(state, KeyMode::Typing, Command::Submit),
        key(state, KeyMode::Typing, Command::Newline),
        key(state, KeyMode::Typing, Command::Undo)
    );
    let editor = &state.drill.editor;
    let block = Block::default()
        .borders(Borders::TOP)
        .padding(Padding::horizontal(2))
        .border_style(theme.border)
        .title(Span::styled(
            truncate(&title, area.width.saturating_sub(2) as usize),
            theme.accent,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [text, counts] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    super::editor::render_view(frame, text, answer, None, true, theme);
    let line = super::editor::counts(editor, answer);
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(&line, counts.width as usize),
            super::editor::counts_style(editor, theme),
        )),
        counts,
    );
}

/// The end of a session: cards answered, how many again, the time, and
/// when the next card is due.
fn render_summary(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let drill = &state.drill;
    let Some(s) = &drill.finished else { return };
    let again_rate = if s.answered == 0 {
        0.0
    } else {
        f64::from(s.again) * 100.0 / f64::from(s.answered)
    };
    let secs = s.time_ms / 1000;
    let next = match (drill.next_due, s.ended) {
        (Some(due), Some(ended)) => format!("in {}", format_interval(due - ended)),
        _ => "nothing scheduled".into(),
    };
    let row = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("  {k:<14}"), theme.dim),
            Span::styled(v, theme.base),
        ])
    };
    let title = match (s.cram, s.left) {
        (true, 0) => format!(" Cram session complete: {}", s.label),
        (false, 0) => format!(" Session complete: {}", s.label),
        (true, 1) => format!(" Cram ended — 1 card left: {}", s.label),
        (true, left) => format!(" Cram ended — {left} cards left: {}", s.label),
        (false, 1) => format!(" Session ended — 1 card left: {}", s.label),
        (false, left) => format!(" Session ended — {left} cards left: {}", s.label),
    };
    // the deck's name may be long: cut with an ellipsis, like every title
    let title = truncate(&title, area.width as usize);
    let lines = vec![
        Line::from(Span::styled(title, theme.title)),
        Line::default(),
        row("Cards", s.answered.to_string()),
        row("Again", format!("{} ({again_rate:.0}%)", s.again)),
        row("Time", format!("{}m {:02}s", secs / 60, secs % 60)),
        row(
            "Next due",
            if s.cram {
                "nothing was scheduled (cram changes no schedule)".into()
            } else {
                next
            },
        ),
        Line::default(),
        Line::from(Span::styled(
            format!(
                "  {} back to the decks",
                key(state, KeyMode::Drill, Command::Open)
            ),
            theme.dim,
        )),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}
