//! The stats screen: reviews per day over twelve weeks as a heatmap (month
//! labels above, weekday labels beside, week numbers below), the progress
//! numbers with an honest retention line, and the forecast of the next 14
//! days. Three columns on wide screens, two at 80 columns, one scrolled
//! column on narrow ones (the row counts live in `state::geometry`).

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::domain::stats::Stats;
use crate::tui::scroll::max_offset;
use crate::tui::state::geometry::{self, StatsLayout};
use crate::tui::ui::scrolled::{render_lines, scrollbar};

/// Shades from no reviews to many.
const SHADES: [&str; 5] = ["·", "░", "▒", "▓", "█"];

fn shade(count: u32, max: u32) -> &'static str {
    if count == 0 || max == 0 {
        return SHADES[0];
    }
    let level = 1 + ((count - 1) * 4 / max.max(1)).min(3);
    SHADES.get(level as usize).copied().unwrap_or("█")
}

pub fn render_stats(
    frame: &mut Frame,
    area: Rect,
    stats: Option<&Stats>,
    scroll: usize,
    theme: &Theme,
) {
    let Some(stats) = stats else { return };
    match geometry::stats_layout(area.width, area.height) {
        StatsLayout::ThreeColumns => {
            let [heat, numbers, forecast] = Layout::horizontal([
                Constraint::Length(5 + 13 * 3 + 8),
                Constraint::Length(geometry::STATS_COLUMN_WIDTH + 4),
                Constraint::Min(geometry::STATS_COLUMN_WIDTH),
            ])
            .areas(area);
            paragraph(frame, heat, heatmap_lines(stats, 3, theme));
            paragraph(frame, numbers, number_lines(stats, theme));
            paragraph(
                frame,
                forecast,
                forecast_lines(stats, forecast.width, theme),
            );
        }
        StatsLayout::TwoColumns => {
            let [left, right] = Layout::horizontal([
                Constraint::Length(geometry::STATS_COLUMN_WIDTH + 2),
                Constraint::Min(geometry::STATS_COLUMN_WIDTH),
            ])
            .areas(area);
            let mut lines = heatmap_lines(stats, 2, theme);
            lines.push(Line::default());
            lines.extend(number_lines(stats, theme));
            paragraph(frame, left, lines);
            paragraph(frame, right, forecast_lines(stats, right.width, theme));
        }
        StatsLayout::Stacked => {
            let mut lines = heatmap_lines(stats, 2, theme);
            lines.push(Line::default());
            lines.extend(number_lines(stats, theme));
            lines.push(Line::default());
            lines.extend(forecast_lines(stats, area.width.saturating_sub(1), theme));
            let total = lines.len();
            let visible = area.height as usize;
            let scroll = scroll.min(max_offset(total, visible));
            render_lines(frame, lines, scroll, area);
            scrollbar(frame, area, total, visible, scroll, theme);
        }
    }
}

fn paragraph(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Paragraph::new(lines), area);
}

/// The heatmap: a title, a row of month names, Monday to Sunday with one
/// column per week (`cell` columns wide, oldest on the left), the week
/// numbers and a legend. `geometry::STATS_HEATMAP_ROWS` rows.
fn heatmap_lines(stats: &Stats, cell: usize, theme: &Theme) -> Vec<Line<'static>> {
    let days = &stats.reviews_per_day;
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let first = days
        .first()
        .map(|(d, _)| d.weekday().num_days_from_monday())
        .unwrap_or(0) as usize;
    // the Monday of each week column
    let weeks: Vec<NaiveDate> = days
        .iter()
        .enumerate()
        .filter(|(i, (d, _))| *i == 0 || d.weekday().num_days_from_monday() == 0)
        .map(|(_, (d, _))| *d)
        .collect();
    let label_col = " Mon ".len();
    let mut lines = vec![Line::from(Span::styled(
        " Reviews, last 12 weeks",
        theme.title,
    ))];
    lines.push(Line::from(Span::styled(
        week_labels(&weeks, label_col, cell, |d, prev| {
            (prev.is_none_or(|p| p.month() != d.month())).then(|| d.format("%b").to_string())
        }),
        theme.dim,
    )));
    let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    for (row, name) in names.iter().enumerate() {
        let mut spans = vec![Span::styled(format!(" {name} "), theme.dim)];
        let mut index = row as isize - first as isize;
        while index < days.len() as isize {
            match usize::try_from(index).ok().and_then(|i| days.get(i)) {
                None => spans.push(Span::raw(" ".repeat(cell))),
                Some((_, n)) => {
                    let style = if *n > 0 { theme.success } else { theme.dim };
                    spans.push(Span::styled(format!("{:<cell$}", shade(*n, max)), style));
                }
            }
            index += 7;
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(Span::styled(
        week_labels(&weeks, label_col, cell, |d, _| {
            (d.iso_week().week() % 4 == 0).then(|| format!("w{}", d.iso_week().week()))
        }),
        theme.dim,
    )));
    let legend: Vec<Span> = std::iter::once(Span::styled(" less ", theme.dim))
        .chain(
            SHADES
                .iter()
                .map(|s| Span::styled(format!("{s} "), theme.success)),
        )
        .chain(std::iter::once(Span::styled("more", theme.dim)))
        .collect();
    lines.push(Line::from(legend));
    lines
}

/// A row of labels placed over the week columns: `label` names a week (given
/// the previous week) or leaves it blank; a label that would run into the
/// previous one is skipped.
fn week_labels(
    weeks: &[NaiveDate],
    indent: usize,
    cell: usize,
    label: impl Fn(&NaiveDate, Option<&NaiveDate>) -> Option<String>,
) -> String {
    let mut out = " ".repeat(indent);
    let mut prev: Option<&NaiveDate> = None;
    for (i, week) in weeks.iter().enumerate() {
        let column = indent + i * cell;
        if let Some(text) = label(week, prev)
            && out.chars().count() <= column
        {
            out.push_str(&" ".repeat(column - out.chars().count()));
            out.push_str(&text);
        }
        prev = Some(week);
    }
    out
}

/// What the retention line can truthfully say.
fn retention_text(stats: &Stats) -> String {
    match stats.retention_30d {
        Some(r) => format!("{:.0}% of {}", r * 100.0, stats.retention_answers),
        None => stats.no_retention_reason().into(),
    }
}

/// The progress numbers: `geometry::STATS_NUMBER_ROWS` rows.
fn number_lines(stats: &Stats, theme: &Theme) -> Vec<Line<'static>> {
    let row = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!(" {k:<16}"), theme.dim),
            Span::styled(v, theme.base),
        ])
    };
    let plural = |n: u32, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    vec![
        Line::from(Span::styled(" Progress", theme.title)),
        row("Reviews today", stats.reviews_today.to_string()),
        row("Reviews in all", stats.total_reviews.to_string()),
        row("Days reviewed", plural(stats.days_reviewed, "day")),
        row("Streak", plural(stats.streak_days, "day")),
        row("Retention (30d)", retention_text(stats)),
        row("New cards", stats.cards_new.to_string()),
        row("Learning", stats.cards_learning.to_string()),
        row("In review", stats.cards_review.to_string()),
    ]
}

/// The forecast: a title and one row per day with a bar, `width` columns at most.
fn forecast_lines(stats: &Stats, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        " Due in the next 14 days",
        theme.title,
    ))];
    let max = stats
        .forecast
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let bar_room = u32::from(width.saturating_sub(12)).min(60);
    for (day, n) in &stats.forecast {
        let bar = "▇".repeat((n * bar_room / max) as usize);
        lines.push(Line::from(vec![
            Span::styled(format!(" {} {:>3} ", day.format("%a %d"), n), theme.dim),
            Span::styled(bar, theme.accent),
        ]));
    }
    lines
}
