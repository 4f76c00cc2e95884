//! The mock interview's history: the questions answered (tries, points
//! covered first and last), one row each; `attempts` draws one question's
//! tries side by side.

mod attempts;
pub use attempts::render_attempts;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::interview_text::key;
use super::text::truncate_at_word;
use crate::domain::interview::{Attempt, QuestionAttempts, by_question, covered};
use crate::domain::markdown::display_width;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;

/// A title row, cut between words to `width`.
fn title_line<'a>(text: &str, width: usize, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(truncate_at_word(text, width), theme.title))
}

/// A dim row (hints, notes), cut between words to `width`.
fn dim_line<'a>(text: &str, width: usize, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(truncate_at_word(text, width), theme.dim))
}

/// "2 tries · 1/4 → 3/4" (points covered, first and last try).
fn tries_summary(q: &QuestionAttempts<'_>) -> String {
    let points = |a: &Attempt| format!("{}/{}", covered(a).len(), a.score.rated_against.len());
    let n = q.attempts.len();
    match (q.attempts.first(), q.attempts.last()) {
        (Some(first), Some(last)) if n > 1 => {
            format!("{n} tries · {} → {}", points(first), points(last))
        }
        (Some(only), _) => format!("1 try · {}", points(only)),
        _ => String::new(),
    }
}

/// The questions answered, one row each with its tries and points
/// covered, the chosen one marked; the list keeps the chosen row in view.
pub fn render_history(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let width = area.width as usize;
    let questions = by_question(&state.interview.history);
    let open = key(state, KeyMode::Interview, Command::Open);
    let retry = key(state, KeyMode::Interview, Command::Retry);
    let back = key(state, KeyMode::Interview, Command::Close);
    let mut lines = vec![
        title_line(
            &format!(
                " Your answers per question · {} question{}",
                questions.len(),
                if questions.len() == 1 { "" } else { "s" }
            ),
            width,
            theme,
        ),
        dim_line(
            &format!(" {open} compare tries · {retry} try again · {back} back"),
            width,
            theme,
        ),
    ];
    if questions.is_empty() {
        lines.push(dim_line(
            " Nothing answered yet: start a session first.",
            width,
            theme,
        ));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let rows = (area.height as usize).saturating_sub(lines.len()).max(1);
    let selected = state.interview.history_view.selected;
    let first = selected.saturating_sub(rows - 1);
    for (i, q) in questions.iter().enumerate().skip(first).take(rows) {
        let chosen = i == selected;
        let marker = if chosen { " › " } else { "   " };
        let summary = tries_summary(q);
        let room = width.saturating_sub(3 + display_width(&summary) + 2);
        let prompt = truncate_at_word(&one_line(q.prompt), room);
        let gap = width.saturating_sub(3 + display_width(&prompt) + display_width(&summary));
        let style = if chosen { theme.selected } else { theme.base };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.accent),
            Span::styled(prompt, style),
            Span::raw(" ".repeat(gap)),
            Span::styled(summary, theme.dim),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A prompt on one line (a multi-line prompt's breaks become spaces).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
