//! The feedback on one interview answer: the rubric checklist (suggested
//! ticks marked), every check that applies to the question with the words
//! that triggered it (and, for a gap, what would have counted), the talking
//! points covered or missed, and the follow-ups the gaps trigger, on the
//! left; the question, the model advice from the chapter, the answer and the
//! interviewer's follow-ups on the right (below, on a narrow screen). Every
//! line wraps; nothing is cut.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::interview_text::{clock, key, markdown_lines};
use crate::domain::advice::NO_ADVICE;
use crate::domain::interview::feedback::{CheckResult, FollowUp, PointResult, quoted};
use crate::domain::interview::{AnswerScore, Feedback as Coach, InterviewSet, Verdict};
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::interview::{Feedback, MockSession};
use crate::tui::ui::scrolled::visible_lines;
use crate::tui::ui::text::wrap_styled;

/// A row with its hanging indent (the columns later rows start at).
type Row = (Line<'static>, usize);

/// Each row wrapped at `width` with its own hanging indent.
fn wrap_all(lines: Vec<Row>, width: usize) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|(line, indent)| wrap_styled(&line, width, indent))
        .collect()
}

/// " ✓ " in the success style, or " ✗ " in the warning style.
fn mark(good: bool, theme: &Theme) -> Span<'static> {
    if good {
        Span::styled(" ✓ ", theme.success)
    } else {
        Span::styled(" ✗ ", theme.warning)
    }
}

/// The checks, talking points and follow-ups of the coach, each with its
/// hanging indent.
fn coach_lines(coach: &Coach, theme: &Theme) -> Vec<Row> {
    let mut lines = check_lines(&coach.checks, theme);
    lines.extend(point_lines(&coach.points, theme));
    lines.extend(follow_up_lines(&coach.follow_ups, theme));
    lines
}

/// "Checks", then each check that applies: its verdict, label and summary,
/// and for a gap what would have counted.
fn check_lines(checks: &[CheckResult], theme: &Theme) -> Vec<Row> {
    let mut lines = vec![(Line::from(Span::styled(" Checks", theme.title)), 1)];
    for c in checks {
        lines.push((
            Line::from(vec![
                mark(c.verdict == Verdict::Good, theme),
                Span::styled(format!("{}: ", c.check.label()), theme.dim),
                Span::styled(c.summary.clone(), theme.base),
            ]),
            5,
        ));
        if let Some(hint) = &c.would_count {
            lines.push((
                Line::from(vec![
                    Span::raw("     "),
                    Span::styled(format!("would count: {hint}"), theme.dim),
                ]),
                7,
            ));
        }
    }
    lines
}

/// "Talking points 2/3", then each point covered (with the words that
/// matched) or missed; nothing when the question has none.
fn point_lines(points: &[PointResult], theme: &Theme) -> Vec<Row> {
    if points.is_empty() {
        return Vec::new();
    }
    let covered = points.iter().filter(|p| p.covered).count();
    let mut lines = vec![(
        Line::from(Span::styled(
            format!(" Talking points {covered}/{}", points.len()),
            theme.title,
        )),
        1,
    )];
    for p in points {
        let mut spans = vec![
            mark(p.covered, theme),
            Span::styled(p.label.clone(), theme.base),
        ];
        if p.covered {
            spans.push(Span::styled(
                format!(": {}", quoted(&p.matched, 3)),
                theme.dim,
            ));
        }
        lines.push((Line::from(spans), 3));
    }
    lines
}

/// "They would ask next", then the follow-ups the gaps trigger; nothing
/// when there are none.
fn follow_up_lines(follow_ups: &[FollowUp], theme: &Theme) -> Vec<Row> {
    if follow_ups.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![(
        Line::from(Span::styled(" They would ask next", theme.title)),
        1,
    )];
    for f in follow_ups {
        lines.push((
            Line::from(Span::styled(format!(" • {}", f.ask), theme.base)),
            3,
        ));
    }
    lines
}

/// The answer's number, time (and overrun) and rubric score, then the keys
/// to tick, move on and scroll.
fn feedback_head(
    state: &State,
    session: &MockSession,
    feedback: &Feedback,
    answer: &AnswerScore,
    theme: &Theme,
) -> Vec<Row> {
    let over = if answer.overrun().is_zero() {
        String::new()
    } else {
        format!(", {} over", clock(answer.overrun()))
    };
    let ticked = feedback
        .items
        .iter()
        .filter(|i| answer.rating.is_ticked(i))
        .count();
    let toggle = key(state, KeyMode::Interview, Command::ToggleItem);
    let next = key(state, KeyMode::Interview, Command::Open);
    let more = key(state, KeyMode::Interview, Command::PageDown);
    vec![
        (
            Line::from(Span::styled(
                format!(
                    " Answer {}/{} · {}{over} · rubric {ticked}/{} = {:.0}%",
                    session.current + 1,
                    session.plan.len(),
                    clock(answer.time_taken),
                    feedback.items.len(),
                    answer.score() * 100.0
                ),
                theme.title,
            )),
            1,
        ),
        (
            Line::from(Span::styled(
                format!(" {toggle} tick · {next} next question · {more} more"),
                theme.dim,
            )),
            1,
        ),
    ]
}

/// The rubric checklist: each item ticked or not, the cursor's row marked,
/// with why the signals suggest it (or not).
fn rubric_rows(
    feedback: &Feedback,
    answer: &AnswerScore,
    set: &InterviewSet,
    theme: &Theme,
) -> Vec<Row> {
    feedback
        .items
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let label = set
                .rubric_item(id)
                .map_or(id.as_str(), |r| r.label.as_str());
            let mark = if answer.rating.is_ticked(id) {
                "[x]"
            } else {
                "[ ]"
            };
            let cursor = if i == feedback.selected { "›" } else { " " };
            let why = feedback
                .suggestions
                .iter()
                .find(|s| s.item == *id)
                .map(|s| {
                    let head = if s.suggested {
                        "suggested"
                    } else {
                        "not suggested"
                    };
                    format!(" · {head}: {}", s.why)
                })
                .unwrap_or_default();
            let style = if i == feedback.selected {
                theme.selected
            } else {
                theme.base
            };
            (
                Line::from(vec![
                    Span::styled(format!("{cursor}{mark} "), theme.accent),
                    Span::styled(label.to_string(), style),
                    Span::styled(why, theme.dim),
                ]),
                5,
            )
        })
        .collect()
}

/// The feedback on the last answer: the head, the checklist and the coach
/// on the left, the advice pane on the right; on a narrow screen one column,
/// the advice under the rest, scrolled as one.
pub fn render_feedback(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    session: &MockSession,
    set: &InterviewSet,
    theme: &Theme,
) {
    let (Some(feedback), Some(answer)) = (&session.feedback, session.answers.last()) else {
        return;
    };
    let wide = area.width >= 70;
    let [left, right] = if wide {
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area)
    } else {
        Layout::vertical([Constraint::Min(0), Constraint::Length(0)]).areas(area)
    };
    let mut rows = feedback_head(state, session, feedback, answer, theme);
    rows.extend(rubric_rows(feedback, answer, set, theme));
    match &feedback.coach {
        Some(coach) => rows.extend(coach_lines(coach, theme)),
        None => rows.push((
            Line::from(Span::styled(
                " Answered aloud: only the time is kept; rate yourself above.",
                theme.dim,
            )),
            1,
        )),
    }
    let mut lines = wrap_all(rows, left.width as usize);
    let side_width = if wide { right.width } else { left.width };
    let mut side = advice_lines(state, answer, side_width as usize, theme);
    if !wide {
        lines.push(Line::default());
        lines.append(&mut side);
    }
    frame.render_widget(
        Paragraph::new(visible_lines(lines, feedback.scroll, left)),
        left,
    );
    if wide {
        frame.render_widget(
            Paragraph::new(visible_lines(side, feedback.scroll, right)),
            right,
        );
    }
}

/// The side pane: the question, the model advice from the chapter (with
/// where each piece comes from; general advice marked as such), the answer,
/// and the follow-ups an interviewer might ask next.
fn advice_lines(
    state: &State,
    answer: &AnswerScore,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let text = |t: &str, style: Style| (Line::from(Span::styled(format!(" {t}"), style)), 1);
    let mut lines = vec![text(&answer.prompt, theme.heading[1])];
    lines.push(text("What a strong answer covers", theme.title));
    let advice = crate::tui::state::interview::model_advice(state, &answer.question);
    if advice.is_empty() {
        lines.push(text(NO_ADVICE, theme.dim));
    }
    let mut out = wrap_all(lines, width);
    for piece in advice {
        out.extend(wrap_all(vec![text(&piece.source, theme.dim)], width));
        out.extend(markdown_lines(&piece.text, width, theme));
    }
    let mut rest = Vec::new();
    if let Some(typed) = &answer.answer {
        rest.push((Line::default(), 0));
        rest.push(text("Your answer", theme.title));
        rest.push(text(typed, theme.dim));
    }
    let follow_ups = state
        .interview
        .session
        .as_ref()
        .and_then(|s| state.library.interviews.get(s.set))
        .and_then(|set| set.question(&answer.question))
        .map(|q| q.follow_ups.clone())
        .unwrap_or_default();
    if !follow_ups.is_empty() {
        rest.push((Line::default(), 0));
        rest.push(text("They might follow up", theme.title));
        for f in follow_ups {
            rest.push((Line::from(Span::styled(format!(" • {f}"), theme.base)), 3));
        }
    }
    out.extend(wrap_all(rest, width));
    out
}
