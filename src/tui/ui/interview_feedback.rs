//! The feedback on one interview answer: the automatic signals with the
//! words that triggered them and the rubric checklist (suggested ticks
//! marked) on the left; the answer and the model advice on the right (below,
//! on a narrow screen).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use super::interview::{clock, key};
use super::text::truncate;
use crate::domain::interview::{Hit, InterviewSet, LengthVerdict, Signals, StarPart};
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::interview::MockSession;

/// The first few matched words, quoted: `"last year", "I decided"`.
fn quoted(hits: &[Hit]) -> String {
    let mut words: Vec<String> = hits
        .iter()
        .take(3)
        .map(|h| format!("\"{}\"", h.text))
        .collect();
    if hits.len() > 3 {
        words.push(format!("+{}", hits.len() - 3));
    }
    words.join(", ")
}

fn signal_lines(signals: &Signals, theme: &Theme) -> Vec<Line<'static>> {
    let ok = |good: bool| {
        if good {
            Span::styled(" ✓ ", theme.success)
        } else {
            Span::styled(" ✗ ", theme.warning)
        }
    };
    let row = |good: bool, name: &str, text: String| {
        Line::from(vec![
            ok(good),
            Span::styled(format!("{name}: "), theme.dim),
            Span::styled(text, theme.base),
        ])
    };
    let len = &signals.length;
    let verdict = match len.verdict {
        LengthVerdict::Empty => "empty",
        LengthVerdict::TooShort => "too short",
        LengthVerdict::InRange => "in range",
        LengthVerdict::TooLong => "too long",
    };
    let mut lines = vec![row(
        len.verdict == LengthVerdict::InRange,
        "Length",
        format!(
            "{} words ≈ {} spoken, target {}–{}: {verdict}",
            len.words,
            clock(len.speaking_time),
            clock(len.target.min),
            clock(len.target.max)
        ),
    )];
    for part in StarPart::ALL {
        let hits = signals.star.hits(part);
        let text = if hits.is_empty() {
            "no sign".to_string()
        } else {
            quoted(hits)
        };
        let name = match part {
            StarPart::Situation => "Situation",
            StarPart::Task => "Task",
            StarPart::Action => "Action",
            StarPart::Result => "Result",
        };
        lines.push(row(signals.star.has(part), name, text));
    }
    if let Some(n) = signals.star.result.numbers.first() {
        lines.push(row(true, "Specific", format!("\"{}\"", n.text)));
    }
    lines.push(row(
        signals.i.len() >= signals.we.len(),
        "I vs we",
        format!("{} I, {} we", signals.i.len(), signals.we.len()),
    ));
    let fillers: Vec<Hit> = signals
        .filler
        .iter()
        .chain(&signals.hedging)
        .cloned()
        .collect();
    lines.push(row(
        fillers.len() <= signals.length.words.div_ceil(40),
        "Fillers",
        if fillers.is_empty() {
            "none".into()
        } else {
            format!("{} ({})", quoted(&fillers), fillers.len())
        },
    ));
    lines.push(row(
        signals.negativity.is_empty(),
        "Negativity",
        match signals.negativity.first() {
            Some(n) => format!("\"{}\" about \"{}\"", n.word.text, n.about.text),
            None => "none".into(),
        },
    ));
    lines.push(row(
        !signals.enthusiasm.is_empty(),
        "Enthusiasm",
        if signals.enthusiasm.is_empty() {
            "none".into()
        } else {
            quoted(&signals.enthusiasm)
        },
    ));
    lines.push(row(
        !signals.tailoring.is_empty(),
        "Tailored",
        if signals.tailoring.is_empty() {
            "none".into()
        } else {
            quoted(&signals.tailoring)
        },
    ));
    lines.push(row(
        signals.question.asked(),
        "Your question",
        match signals.question.last() {
            Some(q) => format!("\"{q}\""),
            None if signals.question.asked() => quoted(&signals.question.cues),
            None => "none asked".into(),
        },
    ));
    lines
}

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
    let wide = area.width >= 90;
    let [left, right] = if wide {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    } else {
        Layout::vertical([Constraint::Min(6), Constraint::Length(area.height / 3)]).areas(area)
    };
    let width = left.width as usize;
    let over = if answer.overrun().is_zero() {
        String::new()
    } else {
        format!(", {} over", clock(answer.overrun()))
    };
    let mut lines = vec![Line::from(Span::styled(
        truncate(
            &format!(
                " Feedback {}/{} · {}{over}",
                session.current + 1,
                session.plan.len(),
                clock(answer.time_taken)
            ),
            width,
        ),
        theme.title,
    ))];
    match &feedback.signals {
        Some(signals) => lines.extend(signal_lines(signals, theme)),
        None => lines.push(Line::from(Span::styled(
            " Answered aloud: only the time is kept. Rate yourself below.",
            theme.dim,
        ))),
    }
    let ticked = feedback
        .items
        .iter()
        .filter(|i| answer.rating.is_ticked(i))
        .count();
    let toggle = key(state, KeyMode::Interview, Command::ToggleItem);
    let next = key(state, KeyMode::Interview, Command::Open);
    lines.push(Line::from(vec![
        Span::styled(
            format!(
                " Rubric {ticked}/{} = {:.0}%",
                feedback.items.len(),
                answer.score() * 100.0
            ),
            theme.title,
        ),
        Span::styled(format!("  {toggle} tick · {next} next"), theme.dim),
    ]));
    for (i, id) in feedback.items.iter().enumerate() {
        let label = set.rubric_item(id).map_or(id.as_str(), |r| r.label.as_str());
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
                let head = if s.suggested { "suggested" } else { "not suggested" };
                format!(" ({head}: {})", s.why)
            })
            .unwrap_or_default();
        let style = if i == feedback.selected {
            theme.selected
        } else {
            theme.base
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{cursor}{mark} "), theme.accent),
            Span::styled(label.to_string(), style),
            Span::styled(why, theme.dim),
        ]));
    }
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            if crate::domain::markdown::display_width(&text) <= width {
                l
            } else {
                let style = l.spans.get(1).map_or(theme.base, |s| s.style);
                Line::from(Span::styled(truncate(&text, width), style))
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), left);

    let advice = super::super::update::interview::model_advice(state, &answer.question);
    let mut right_lines = vec![Line::from(Span::styled(" What a strong answer covers", theme.title))];
    right_lines.push(Line::from(Span::styled(
        format!(" {}", advice.unwrap_or("(no model advice for this question)")),
        theme.base,
    )));
    if let Some(text) = &answer.answer {
        right_lines.push(Line::default());
        right_lines.push(Line::from(Span::styled(" Your answer", theme.title)));
        right_lines.push(Line::from(Span::styled(format!(" {text}"), theme.dim)));
    }
    frame.render_widget(
        Paragraph::new(right_lines).wrap(Wrap { trim: false }),
        right,
    );
}
