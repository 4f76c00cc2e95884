//! The mock-interview trend on the stats screen: the rubric score of each
//! past session as a row of bars, and the rubric items missed most often.
//! Drawn below the stats in its own strip, only once there is a session.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::truncate;
use crate::domain::interview::trend;
use crate::tui::state::State;

/// Bars from a score of 0 to 100%.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Splits the stats screen's body: the stats above, the trend below (no
/// rows when there is no session yet or the screen is short).
pub fn split(body: Rect, state: &State) -> [Rect; 2] {
    let rows = crate::tui::state::geometry::interview_trend_rows(
        body.height,
        !state.interview.history.is_empty(),
    );
    Layout::vertical([Constraint::Min(0), Constraint::Length(rows)]).areas(body)
}

fn bar(score: f64) -> char {
    let level = (score.clamp(0.0, 1.0) * (BARS.len() - 1) as f64).round() as usize;
    BARS.get(level).copied().unwrap_or('▁')
}

pub fn render_interview_trend(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let width = area.width as usize;
    let scores: Vec<_> = state.interview.history.iter().map(|s| s.score()).collect();
    let t = trend(&scores);
    let room = width.saturating_sub(20).max(1);
    let recent = t.scores.len().saturating_sub(room);
    let bars: String = t.scores.iter().skip(recent).map(|(_, s)| bar(*s)).collect();
    let last = t.scores.last().map_or(0.0, |(_, s)| *s);
    let mut lines = vec![
        Line::from(Span::styled(
            truncate(" Mock interviews: rubric score per session", width),
            theme.title,
        )),
        Line::from(vec![
            Span::styled(" ", theme.base),
            Span::styled(bars, theme.accent),
            Span::styled(
                format!(
                    "  last {:.0}%, {} session{}",
                    last * 100.0,
                    t.scores.len(),
                    if t.scores.len() == 1 { "" } else { "s" }
                ),
                theme.dim,
            ),
        ]),
        Line::from(Span::styled(" Missed most often", theme.title)),
    ];
    let set_label = |id: &str| {
        state
            .library
            .interviews
            .iter()
            .find_map(|s| s.rubric_item(id))
            .map_or(id.to_string(), |r| r.label.clone())
    };
    let missed: Vec<String> = t
        .missed
        .iter()
        .take(3)
        .map(|m| format!("{} {}/{}", set_label(&m.item), m.missed, m.rated))
        .collect();
    let text = if missed.is_empty() {
        " nothing missed yet".to_string()
    } else {
        format!(" {}", missed.join(" · "))
    };
    lines.push(Line::from(Span::styled(truncate(&text, width), theme.base)));
    frame.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_rise_with_the_score() {
        assert_eq!(bar(0.0), '▁');
        assert_eq!(bar(1.0), '█');
        assert!(bar(0.3) < bar(0.7));
    }
}
