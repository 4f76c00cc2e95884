//! The stats screen: reviews per day over twelve weeks as a heatmap,
//! retention, streak, card counts and a forecast of the next 14 days.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::domain::stats::Stats;

/// Shades from no reviews to many.
const SHADES: [&str; 5] = ["·", "░", "▒", "▓", "█"];

fn shade(count: u32, max: u32) -> &'static str {
    if count == 0 || max == 0 {
        return SHADES[0];
    }
    let level = 1 + ((count - 1) * 4 / max.max(1)).min(3);
    SHADES[level as usize]
}

pub fn render_stats(frame: &mut Frame, area: Rect, stats: Option<&Stats>, theme: &Theme) {
    let Some(stats) = stats else { return };
    let wide = area.width >= 70;
    let [left, right] = if wide {
        Layout::horizontal([Constraint::Length(40), Constraint::Min(20)]).areas(area)
    } else {
        Layout::vertical([Constraint::Length(14), Constraint::Min(0)]).areas(area)
    };
    render_heatmap(frame, left, stats, theme);
    render_numbers(frame, right, stats, theme);
}

fn render_heatmap(frame: &mut Frame, area: Rect, stats: &Stats, theme: &Theme) {
    let max = stats
        .reviews_per_day
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    let mut lines = vec![
        Line::from(Span::styled(" Reviews, last 12 weeks", theme.title)),
        Line::default(),
    ];
    // rows Monday..Sunday, one column per week, oldest on the left
    let first = stats
        .reviews_per_day
        .first()
        .map(|(d, _)| d.weekday().num_days_from_monday())
        .unwrap_or(0) as usize;
    let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    for (row, name) in names.iter().enumerate() {
        let mut spans = vec![Span::styled(format!(" {name} "), theme.dim)];
        let mut index = row as isize - first as isize;
        while index < stats.reviews_per_day.len() as isize {
            if index < 0 {
                spans.push(Span::raw("  "));
            } else {
                let (_, n) = stats.reviews_per_day[index as usize];
                let style = if n > 0 { theme.success } else { theme.dim };
                spans.push(Span::styled(format!("{} ", shade(n, max)), style));
            }
            index += 7;
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    let legend: Vec<Span> = std::iter::once(Span::styled(" less ", theme.dim))
        .chain(
            SHADES
                .iter()
                .map(|s| Span::styled(format!("{s} "), theme.success)),
        )
        .chain(std::iter::once(Span::styled("more", theme.dim)))
        .collect();
    lines.push(Line::from(legend));
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_numbers(frame: &mut Frame, area: Rect, stats: &Stats, theme: &Theme) {
    let row = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!(" {k:<16}"), theme.dim),
            Span::styled(v, theme.base),
        ])
    };
    let retention = stats
        .retention_30d
        .map_or("no reviews yet".to_string(), |r| {
            format!("{:.0}%", r * 100.0)
        });
    let mut lines = vec![
        Line::from(Span::styled(" Progress", theme.title)),
        Line::default(),
        row("Reviews today", stats.reviews_today.to_string()),
        row("Reviews in all", stats.total_reviews.to_string()),
        row(
            "Streak",
            format!(
                "{} day{}",
                stats.streak_days,
                if stats.streak_days == 1 { "" } else { "s" }
            ),
        ),
        row("Retention (30d)", retention),
        row("New cards", stats.cards_new.to_string()),
        row("Learning", stats.cards_learning.to_string()),
        row("In review", stats.cards_review.to_string()),
        Line::default(),
        Line::from(Span::styled(" Due in the next 14 days", theme.title)),
    ];
    let max = stats
        .forecast
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let bar_room = area.width.saturating_sub(16) as u32;
    for (day, n) in &stats.forecast {
        let bar = "▇".repeat((n * bar_room.min(30) / max) as usize);
        lines.push(Line::from(vec![
            Span::styled(format!(" {} {:>3} ", day.format("%a %d"), n), theme.dim),
            Span::styled(bar, theme.accent),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
