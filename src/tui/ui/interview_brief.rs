//! Practice: the question with what a strong answer covers (the model
//! advice from the chapter), its talking points and the rubric it is rated
//! against, before answering.
//! `Enter` starts the answer and its countdown; the brief scrolls on small
//! screens.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Theme;
use super::interview_text::{key, markdown_lines, wrapped};
use super::text::truncate_at_word;
use crate::domain::interview::InterviewSet;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::interview::MockSession;
use crate::tui::ui::scrolled::render_lines;

pub fn render_brief(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    session: &MockSession,
    set: &InterviewSet,
    theme: &Theme,
) {
    let Some(question) = session
        .plan
        .get(session.current)
        .and_then(|id| set.question(id))
    else {
        return;
    };
    let width = area.width as usize;
    let start = key(state, KeyMode::Interview, Command::Open);
    let tries = crate::tui::state::interview::tries_before(state, session, &question.id);
    let head = if tries > 0 {
        format!(
            " Practice · question {} of {} · try {}",
            session.current + 1,
            session.plan.len(),
            tries + 1
        )
    } else {
        format!(
            " Practice · question {} of {}",
            session.current + 1,
            session.plan.len()
        )
    };
    let mut lines = vec![
        Line::from(Span::styled(truncate_at_word(&head, width), theme.title)),
        Line::from(Span::styled(
            truncate_at_word(
                &format!(" {start} start answering (the clock starts then)"),
                width,
            ),
            theme.dim,
        )),
    ];
    lines.extend(wrapped(&question.prompt, width, theme.heading[1]));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " What a strong answer covers",
        theme.title,
    )));
    let advice = crate::tui::state::interview::model_advice(state, &question.id);
    if advice.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(" {}", crate::domain::advice::NO_ADVICE),
            theme.dim,
        )));
    }
    for piece in &advice {
        lines.extend(wrapped(&piece.source, width, theme.dim));
        lines.extend(markdown_lines(&piece.text, width, theme));
    }
    if !question.points.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(" Talking points", theme.title)));
        for point in &question.points {
            lines.extend(wrapped(&format!("• {}", point.label), width, theme.base));
        }
    }
    let items = set.rubric_for(question);
    if !items.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(" Rated on", theme.title)));
        for item in items {
            lines.extend(wrapped(
                &format!("• {}: {}", item.label, item.description),
                width,
                theme.base,
            ));
        }
    }
    render_lines(frame, lines, session.brief_scroll, area);
}
