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
use crate::domain::interview::{InterviewSet, Question};
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::interview::MockSession;
use crate::tui::ui::scrolled::render_lines;

/// The brief before a practice answer: the head with the key to start,
/// the question, the model advice, the talking points and the rubric,
/// scrolled.
pub fn render_brief(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    session: &MockSession,
    set: &InterviewSet,
    theme: &Theme,
) {
    let Some(question) = session.current_question(set) else {
        return;
    };
    let width = area.width as usize;
    let mut lines = brief_head(state, session, question, width, theme);
    lines.extend(wrapped(&question.prompt, width, theme.heading[1]));
    lines.push(Line::default());
    lines.extend(advice_lines(state, question, width, theme));
    lines.extend(bullet_section(
        " Talking points",
        question.points.iter().map(|p| p.label.clone()).collect(),
        width,
        theme,
    ));
    lines.extend(bullet_section(
        " Rated on",
        set.rubric_for(question)
            .iter()
            .map(|item| format!("{}: {}", item.label, item.description))
            .collect(),
        width,
        theme,
    ));
    render_lines(frame, lines, session.brief_scroll, area);
}

/// "Practice · question 2 of 5" (with the try on a retry), and the key that
/// starts the answer.
fn brief_head<'a>(
    state: &State,
    session: &MockSession,
    question: &Question,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
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
    vec![
        Line::from(Span::styled(truncate_at_word(&head, width), theme.title)),
        Line::from(Span::styled(
            truncate_at_word(
                &format!(" {start} start answering (the clock starts then)"),
                width,
            ),
            theme.dim,
        )),
    ]
}

/// "What a strong answer covers": each piece of the chapter's advice under
/// where it comes from, or a note that there is none.
fn advice_lines<'a>(
    state: &State,
    question: &Question,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut lines = vec![Line::from(Span::styled(
        " What a strong answer covers",
        theme.title,
    ))];
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
    lines
}

/// A blank row, `title`, then a bullet per entry; nothing when there are
/// no entries.
fn bullet_section<'a>(
    title: &'static str,
    bullets: Vec<String>,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    if bullets.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled(title, theme.title)),
    ];
    for bullet in bullets {
        lines.extend(wrapped(&format!("• {bullet}"), width, theme.base));
    }
    lines
}
