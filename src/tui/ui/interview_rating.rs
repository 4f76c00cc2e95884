//! The self-rating row under the feedback on an answer: the keys that rate
//! it (1-4, from the keymap), the rating given, how many missed points will
//! become cards, and (practice) the key that tries the question again. The
//! widest form that fits is drawn, so no key or number is ever cut.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::interview_text::key;
use crate::domain::markdown::display_width;
use crate::domain::schedule::Grade;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::interview::MockSession;

/// "again", "hard", "good", "easy".
pub fn grade_name(grade: Grade) -> &'static str {
    match grade {
        Grade::Again => "again",
        Grade::Hard => "hard",
        Grade::Good => "good",
        Grade::Easy => "easy",
    }
}

/// The keymap command that gives `grade`.
fn grade_command(grade: Grade) -> Command {
    match grade {
        Grade::Again => Command::GradeAgain,
        Grade::Hard => Command::GradeHard,
        Grade::Good => Command::GradeGood,
        Grade::Easy => Command::GradeEasy,
    }
}

/// The self-rating row in the widest form that fits (nothing when none
/// does).
pub fn render_rating(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    session: &MockSession,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    let width = area.width as usize;
    let rated = session.attempts.last().and_then(|a| a.self_rating);
    let missed = session.answers.last().map_or(0, |a| a.missed().count());
    let keys: Vec<(String, Grade)> = Grade::ALL
        .into_iter()
        .map(|g| (key(state, KeyMode::InterviewFeedback, grade_command(g)), g))
        .collect();
    let retry = crate::tui::state::interview::can_retry_now(session)
        .then(|| key(state, KeyMode::InterviewFeedback, Command::Retry));
    let cards = (state.interview.settings.drill_missed && missed > 0)
        .then(|| format!(" · {missed} missed → cards"));
    // (lead, with grade names, with the cards note, with retry)
    let forms = [
        (" How did it go?", true, true, true),
        (" Rate", true, true, true),
        (" Rate", true, false, true),
        (" Rate", false, false, true),
        (" Rate", false, false, false),
    ];
    for (lead, names, with_cards, with_retry) in forms {
        let line = rating_line(
            lead,
            &keys,
            rated,
            names,
            cards.as_deref().filter(|_| with_cards),
            retry.as_deref().filter(|_| with_retry),
            theme,
        );
        let fits = line
            .spans
            .iter()
            .map(|s| display_width(&s.content))
            .sum::<usize>()
            <= width;
        if fits {
            frame.render_widget(Paragraph::new(line), area);
            return;
        }
    }
}

/// One form of the row: `lead`, each grade's key (with its name when
/// `names`; the rating given in brackets, seen without colours too), then
/// the missed-cards note and the retry key when given.
fn rating_line<'a>(
    lead: &'static str,
    keys: &[(String, Grade)],
    rated: Option<Grade>,
    names: bool,
    cards: Option<&str>,
    retry: Option<&str>,
    theme: &Theme,
) -> Line<'a> {
    let mut spans = vec![Span::styled(lead.to_string(), theme.title)];
    for (k, g) in keys {
        let chosen = rated == Some(*g);
        let style = if chosen { theme.selected } else { theme.base };
        spans.push(Span::raw(if chosen { " [" } else { " " }));
        spans.push(Span::styled(k.clone(), theme.accent));
        if names {
            spans.push(Span::styled(format!(" {}", grade_name(*g)), style));
        }
        if chosen {
            spans.push(Span::raw("]"));
        }
    }
    if let Some(text) = cards {
        spans.push(Span::styled(text.to_string(), theme.dim));
    }
    if let Some(k) = retry {
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::styled(k.to_string(), theme.accent));
        spans.push(Span::styled(" retry", theme.dim));
    }
    Line::from(spans)
}
