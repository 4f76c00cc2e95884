//! The drill screen: the deck chooser with new / learning / due counts, the
//! card (front, then back with the grade buttons and their intervals), the
//! typed-answer box, and the end-of-session summary.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Padding, Paragraph, Row, Table, Wrap};

use super::Theme;
use super::text::truncate;
use crate::domain::markdown::LaidLine;
use crate::domain::schedule::format_interval;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::drill::{CurrentCard, DrillView};
use crate::tui::state::{State, geometry};

pub fn render_drill(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let area = match &state.store_problem {
        Some(problem) if area.height > 3 => {
            let [banner, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
            let text = truncate(
                &format!(" Answers are not saved: {problem}"),
                banner.width as usize,
            );
            frame.render_widget(Paragraph::new(Span::styled(text, theme.error)), banner);
            rest
        }
        _ => area,
    };
    match state.drill.view {
        DrillView::Chooser => render_chooser(frame, area, state, theme),
        DrillView::Card => render_card(frame, area, state, theme),
        DrillView::Summary => render_summary(frame, area, state, theme),
    }
}

fn key(state: &State, mode: KeyMode, command: Command) -> String {
    state
        .keymap
        .label_for(mode, command)
        .unwrap_or_else(|| "?".into())
}

fn render_chooser(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let drill = &state.drill;
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
    let visible = table_area.height.saturating_sub(1) as usize;
    let skip = drill.selected.saturating_sub(visible.saturating_sub(1));
    let rows = drill
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
                Line::from(format!(" {}", c.label)),
                Line::from(n(c.counts.new, theme.accent)),
                // learning today: due now and later today
                Line::from(n(c.counts.learning + c.learning_later, theme.warning)),
                Line::from(n(c.counts.due, theme.success)),
            ];
            if !narrow {
                cells.push(Line::from(Span::styled(c.cards.to_string(), theme.dim)));
            }
            Row::new(cells).style(style)
        });
    let widths: Vec<Constraint> = if narrow {
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
    };
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table_area,
    );
    let next = drill
        .choices
        .get(drill.selected)
        .and_then(|c| c.next_learning)
        .zip(drill.choices_at)
        .map(|(at, now)| format!("  next learning card in {}", format_interval(at - now)))
        .unwrap_or_default();
    let text = format!(
        " {} study   {} cram (schedule unchanged){next}",
        key(state, KeyMode::Drill, Command::Open),
        key(state, KeyMode::Drill, Command::Cram)
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(&text, hint.width as usize),
            theme.dim,
        )),
        hint,
    );
}

fn laid_lines<'a>(lines: &'a [LaidLine], theme: &Theme) -> impl Iterator<Item = Line<'a>> {
    lines.iter().map(|l| {
        Line::from(
            l.spans
                .iter()
                .map(|s| Span::styled(s.text.as_str(), theme.markdown(s.style)))
                .collect::<Vec<_>>(),
        )
    })
}

fn render_card(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let drill = &state.drill;
    let (Some(cur), Some(session)) = (&drill.current, &drill.session) else {
        return;
    };
    let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
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

    let card_w = geometry::card_width(area.width) + 4;
    let mut lines: Vec<Line> = laid_lines(&cur.front, theme).collect();
    if cur.revealed {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "─".repeat(card_w.min(body.width).saturating_sub(4) as usize),
            theme.border,
        )));
        lines.push(Line::default());
        lines.extend(laid_lines(&cur.back, theme));
        if let Some(typed) = &cur.typed {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled("Your answer", theme.title)));
            lines.push(Line::from(Span::styled(typed.as_str(), theme.base)));
        }
        if !cur.previous.is_empty() {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                "Your previous answer",
                theme.title,
            )));
            lines.extend(laid_lines(&cur.previous, theme));
        }
    }
    // the card is as tall as its text (at least a few rows), the keys right below it
    let room = body.height.saturating_sub(2);
    let height = (lines.len() as u16 + 2).max(7).min(room);
    let gap = u16::from(room > height);
    let [_, card_row, footer, _] = Layout::vertical([
        Constraint::Length(gap),
        Constraint::Length(height),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(body);
    let [rect] = Layout::horizontal([Constraint::Length(card_w.min(body.width))])
        .flex(Flex::Center)
        .areas(card_row);
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .border_style(theme.border)
        .title(Span::styled(
            format!(
                " {} ",
                state
                    .progress
                    .card(&cur.card_id)
                    .map(|c| c.deck_title.as_str())
                    .unwrap_or("")
            ),
            theme.dim,
        ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
    render_card_footer(frame, footer, state, cur, theme);
}

fn render_card_footer(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    cur: &CurrentCard,
    theme: &Theme,
) {
    let line = if cur.pending.is_some() {
        Line::from(Span::styled(" saving…", theme.dim))
    } else if cur.revealed {
        let mut spans = vec![Span::raw(" ")];
        let commands = [
            Command::GradeAgain,
            Command::GradeHard,
            Command::GradeGood,
            Command::GradeEasy,
        ];
        let names = ["Again", "Hard", "Good", "Easy"];
        // cram schedules nothing, so it shows no intervals
        let cram = state.drill.session.as_ref().is_some_and(|s| s.cram);
        for (i, ((_, interval), command)) in cur.preview.iter().zip(commands).enumerate() {
            let k = key(state, KeyMode::Answer, command);
            spans.push(Span::styled(format!("{k} {}", names[i]), theme.grade[i]));
            let after = if cram {
                "   ".to_string()
            } else {
                format!(" · {}   ", format_interval(*interval))
            };
            spans.push(Span::styled(after, theme.dim));
        }
        Line::from(spans)
    } else if state.drill.is_typing(&state.progress) {
        let value = state.drill.input.value();
        let width = area.width.saturating_sub(4) as usize;
        let scroll = state.drill.input.visual_scroll(width);
        let shown: String = value.chars().skip(scroll).collect();
        let prompt = if value.is_empty() {
            format!(
                "type your answer, {} to reveal, {} to undo the last answer",
                key(state, KeyMode::Typing, Command::Submit),
                key(state, KeyMode::Typing, Command::Undo)
            )
        } else {
            shown
        };
        let style = if value.is_empty() {
            theme.dim
        } else {
            theme.base
        };
        Line::from(vec![
            Span::styled(" › ", theme.accent),
            Span::styled(truncate(&prompt, width), style),
        ])
    } else {
        Line::from(vec![
            Span::styled(
                format!(" {}", key(state, KeyMode::Drill, Command::Reveal)),
                theme.accent,
            ),
            Span::styled(" show the answer", theme.dim),
            Span::styled(
                if state.drill.left_box {
                    format!(
                        "   {} back to the answer box",
                        key(state, KeyMode::Drill, Command::Open)
                    )
                } else {
                    String::new()
                },
                theme.dim,
            ),
        ])
    };
    frame.render_widget(Paragraph::new(line), area);
    if state.drill.is_typing(&state.progress) && area.width > 4 {
        let width = area.width.saturating_sub(4) as usize;
        let input = &state.drill.input;
        let x = input
            .visual_cursor()
            .saturating_sub(input.visual_scroll(width)) as u16
            + 3;
        frame.set_cursor_position((area.x + x.min(area.width - 1), area.y));
    }
}

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
