//! The feedback on one interview answer: the automatic signals with the
//! words that triggered them and the rubric checklist (suggested ticks
//! marked) on the left; the answer and the model advice on the right (below,
//! on a narrow screen).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::interview_text::{clock, key, wrap_with_cursor};
use super::text::truncate;
use crate::domain::interview::{AnswerScore, Hit, InterviewSet, LengthVerdict, Signals, StarPart};
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
            "{} words ≈ {} ({}–{}) {verdict}",
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
    let wide = area.width >= 70;
    let [left, right] = if wide {
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area)
    } else {
        Layout::vertical([Constraint::Min(0), Constraint::Length(0)]).areas(area)
    };
    let width = left.width as usize;
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
    let mut lines = vec![
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
        Line::from(Span::styled(
            format!(
                " {toggle} tick · {next} next question · {} more",
                key(state, KeyMode::Interview, Command::PageDown)
            ),
            theme.dim,
        )),
    ];
    for (i, id) in feedback.items.iter().enumerate() {
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
        lines.push(Line::from(vec![
            Span::styled(format!("{cursor}{mark} "), theme.accent),
            Span::styled(label.to_string(), style),
            Span::styled(why, theme.dim),
        ]));
    }
    lines.push(Line::from(Span::styled(" Signals", theme.title)));
    match &feedback.signals {
        Some(signals) => lines.extend(signal_lines(signals, theme)),
        None => lines.push(Line::from(Span::styled(
            " Answered aloud: only the time is kept; rate yourself above.",
            theme.dim,
        ))),
    }
    let mut lines: Vec<Line> = lines.into_iter().map(|l| fit(l, width, theme)).collect();
    let side_width = if wide { right.width } else { left.width };
    let mut side = advice_lines(state, answer, side_width as usize, theme);
    if !wide {
        lines.push(Line::default());
        lines.append(&mut side);
        frame.render_widget(Paragraph::new(scrolled(lines, feedback.scroll, left)), left);
        return;
    }
    frame.render_widget(Paragraph::new(lines), left);
    frame.render_widget(
        Paragraph::new(scrolled(side, feedback.scroll, right)),
        right,
    );
}

/// `lines` less the first `scroll`, stopping where the last line is at the
/// bottom of `area`.
fn scrolled(lines: Vec<Line<'_>>, scroll: usize, area: Rect) -> Vec<Line<'_>> {
    let most = lines.len().saturating_sub(area.height as usize);
    lines.into_iter().skip(scroll.min(most)).collect()
}

/// Cuts a line to `width`, keeping its spans' styles where it fits.
fn fit<'a>(line: Line<'a>, width: usize, theme: &Theme) -> Line<'a> {
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = crate::domain::markdown::display_width(&span.content);
        if used + w <= width {
            used += w;
            spans.push(span);
        } else {
            let rest = width.saturating_sub(used);
            if rest > 0 {
                spans.push(Span::styled(truncate(&span.content, rest), span.style));
            }
            break;
        }
    }
    if spans.is_empty() {
        return Line::from(Span::styled("", theme.base));
    }
    Line::from(spans)
}

/// `text` wrapped at `width` columns, each row indented by one space.
fn wrapped<'a>(text: &str, width: usize, style: ratatui::style::Style) -> Vec<Line<'a>> {
    let chars: Vec<char> = text.chars().collect();
    let (rows, _) = wrap_with_cursor(&chars, 0, width);
    rows.into_iter()
        .map(|(start, end)| {
            let row: String = chars.get(start..end).unwrap_or_default().iter().collect();
            Line::from(Span::styled(format!(" {row}"), style))
        })
        .collect()
}

/// The side pane: the question, the model advice (laid out as Markdown),
/// the answer, and the follow-ups an interviewer might ask next.
fn advice_lines<'a>(
    state: &State,
    answer: &AnswerScore,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let inner = width.saturating_sub(2).max(1);
    let mut lines = wrapped(&answer.prompt, inner, theme.heading[1]);
    lines.push(Line::from(Span::styled(
        " What a strong answer covers",
        theme.title,
    )));
    match super::super::update::interview::model_advice(state, &answer.question) {
        Some(advice) => {
            for laid in crate::domain::markdown::layout(advice, inner) {
                let mut spans = vec![Span::raw(" ")];
                spans.extend(
                    laid.spans
                        .iter()
                        .map(|s| Span::styled(s.text.clone(), theme.markdown(s.style))),
                );
                lines.push(Line::from(spans));
            }
        }
        None => lines.extend(wrapped(
            "No advice for this question: its set gives no model answer.",
            inner,
            theme.dim,
        )),
    }
    if let Some(text) = &answer.answer {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(" Your answer", theme.title)));
        lines.extend(wrapped(text, inner, theme.dim));
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
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            " They might follow up",
            theme.title,
        )));
        for f in follow_ups {
            lines.extend(wrapped(&format!("• {f}"), inner, theme.base));
        }
    }
    lines
}
