//! The scorecard at the end of a mock interview: the totals, then each
//! answer with its time (and overrun), words, STAR parts, score and
//! self-rating, and what was read from a typed answer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::interview::{AnswerScore, InterviewSet, SignalSummary};
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::interview::MockSession;
use crate::tui::ui::Theme;
use crate::tui::ui::interview_text::{clock, key};
use crate::tui::ui::text::{truncate_at_word, wrap_styled};

/// `text` in `style`, wrapped at `width` with later rows indented `indent`.
fn wrapped_row(text: String, style: Style, width: usize, indent: usize) -> Vec<Line<'static>> {
    wrap_styled(&Line::from(Span::styled(text, style)), width, indent)
}

/// The scorecard: the set and the totals, a few rows per answer, and the
/// keys back to the set-up and to the history.
pub(super) fn render_scorecard(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    session: &MockSession,
    set: &InterviewSet,
    theme: &Theme,
) {
    let width = area.width as usize;
    let mut lines = totals(session, set, width, theme);
    lines.push(Line::default());
    for (i, answer) in session.answers.iter().enumerate() {
        lines.extend(answer_rows(session, i, answer, width, theme));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        truncate_at_word(
            &format!(
                " Enter or Esc: back to the set-up · {}: your answers per question",
                key(state, KeyMode::Interview, Command::History)
            ),
            width,
        ),
        theme.dim,
    )));
    frame.render_widget(Paragraph::new(lines), area);
}

/// The title, then how many questions were answered, the time in all and
/// the mean rubric score.
fn totals(
    session: &MockSession,
    set: &InterviewSet,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let total: std::time::Duration = session.answers.iter().map(|a| a.time_taken).sum();
    let mean = if session.answers.is_empty() {
        0.0
    } else {
        session.answers.iter().map(|a| a.score()).sum::<f64>() / session.answers.len() as f64
    };
    let mut lines = wrapped_row(format!(" Scorecard · {}", set.title), theme.title, width, 1);
    lines.extend(wrapped_row(
        format!(
            " {} of {} answered · {} in all · rubric score {:.0}%",
            session.answers.len(),
            session.plan.len(),
            clock(total),
            mean * 100.0
        ),
        theme.base,
        width,
        1,
    ));
    lines
}

/// The `i`th answer: its number and prompt, its figures (in the warning
/// style when it ran over), and what was read from it when it was typed.
fn answer_rows(
    session: &MockSession,
    i: usize,
    answer: &AnswerScore,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = wrapped_row(
        format!(" {}. {}", i + 1, answer.prompt),
        theme.base,
        width,
        4,
    );
    let style = if answer.overrun().is_zero() {
        theme.dim
    } else {
        theme.warning
    };
    lines.extend(wrapped_row(
        format!("   {}", answer_figures(session, i, answer)),
        style,
        width,
        4,
    ));
    if let Some(signals) = &answer.signals {
        lines.extend(wrapped_row(
            format!("    {}", signal_notes(signals)),
            theme.dim,
            width,
            4,
        ));
    }
    lines
}

/// " 1:08 (+0:08) · 120 words, STAR 3/4 · 75% · rated 3 good": the time
/// (and overrun), the words (STAR only where the question was rated on
/// it; "aloud" for a spoken answer), the score and the self-rating.
fn answer_figures(session: &MockSession, i: usize, answer: &AnswerScore) -> String {
    let over = if answer.overrun().is_zero() {
        String::new()
    } else {
        format!(" (+{})", clock(answer.overrun()))
    };
    let words = match &answer.signals {
        Some(s) if answer.rated_against.iter().any(|r| r == "star") => {
            format!("{} words, STAR {}/4", s.words, s.star.len())
        }
        Some(s) => format!("{} words", s.words),
        None => "aloud".to_string(),
    };
    let rated = session
        .attempts
        .get(i)
        .and_then(|info| info.self_rating)
        .map(|g| {
            format!(
                " · rated {} {}",
                g.as_u8(),
                crate::tui::ui::interview_rating::grade_name(g)
            )
        })
        .unwrap_or_default();
    format!(
        " {}{over} · {words} · {:.0}%{rated}",
        clock(answer.time_taken),
        answer.score() * 100.0
    )
}

/// "2 filler/hedge · 1 negative · I 5 / we 2 · asked a question": what was
/// read from a typed answer.
fn signal_notes(signals: &SignalSummary) -> String {
    let mut notes = Vec::new();
    if signals.filler + signals.hedging > 0 {
        notes.push(format!("{} filler/hedge", signals.filler + signals.hedging));
    }
    if signals.negativity > 0 {
        notes.push(format!("{} negative", signals.negativity));
    }
    notes.push(format!("I {} / we {}", signals.i_count, signals.we_count));
    if signals.asked_question {
        notes.push("asked a question".into());
    }
    notes.join(" · ")
}
