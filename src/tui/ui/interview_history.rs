//! The mock interview's history: the questions answered (tries, points
//! covered first and last), and one question's attempts side by side
//! (date, mode, time, words, points, self-rating, each talking point, and
//! what changed from the try before), with the cards its missed points
//! became and when each is due. Columns that do not fit are left out whole
//! (the latest attempts are kept); no number is ever cut.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::interview_text::{clock, key, wrapped};
use super::text::{truncate, truncate_at_word};
use crate::domain::interview::missed_point::question_points;
use crate::domain::interview::{
    Attempt, InterviewMode, MissedPoint, QuestionAttempts, by_question, change, covered,
};
use crate::domain::markdown::display_width;
use crate::domain::schedule::day::Zone;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::ui::scrolled::render_lines;

fn title_line<'a>(text: &str, width: usize, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(truncate_at_word(text, width), theme.title))
}

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

/// Column widths for a screen `width` wide: the row labels (as wide as the
/// longest, up to two fifths of the screen), each attempt.
fn columns(width: usize, longest_label: usize) -> (usize, usize) {
    let attempt = match width {
        0..60 => 9,
        60..120 => 12,
        _ => 14,
    };
    let label = (longest_label + 2).clamp(11, (width * 2 / 5).max(11));
    (label, attempt)
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn signed_clock(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "+" };
    let s = seconds.unsigned_abs();
    format!("{sign}{}:{:02}", s / 60, s % 60)
}

/// One row of the table: a label and a cell per attempt shown.
fn table_row<'a>(
    label: &str,
    cells: Vec<(String, ratatui::style::Style)>,
    (label_w, col_w): (usize, usize),
    theme: &Theme,
) -> Line<'a> {
    let label = truncate(label, label_w.saturating_sub(2));
    let mut spans = vec![Span::styled(
        format!(" {label:<w$}", w = label_w.saturating_sub(1)),
        theme.dim,
    )];
    for (cell, style) in cells {
        let cell = truncate_at_word(&cell, col_w.saturating_sub(1));
        let pad = col_w.saturating_sub(display_width(&cell));
        spans.push(Span::styled(cell, style));
        spans.push(Span::raw(" ".repeat(pad)));
    }
    Line::from(spans)
}

/// The rows of the table every attempt has a value in.
const ROWS: [&str; 6] = ["Date", "Mode", "Time", "Words", "Points", "Self-rating"];

/// An attempt's value in one of [`ROWS`] (dates in the local zone, with
/// the time of day where the column has room).
fn row_value(row: &str, a: &Attempt, zone: Zone, col_w: usize) -> String {
    match row {
        "Date" if col_w > 12 => zone.local(a.answered_at).format("%d %b %H:%M").to_string(),
        "Date" => zone.local(a.answered_at).format("%d %b").to_string(),
        "Mode" => match a.mode {
            InterviewMode::Live => "live",
            InterviewMode::Practice => "practice",
        }
        .to_string(),
        "Time" => clock(a.score.time_taken),
        "Words" => match a.score.answer {
            Some(_) => a.score.words().to_string(),
            None => "aloud".into(),
        },
        "Points" => format!("{}/{}", covered(a).len(), a.score.rated_against.len()),
        _ => match a.self_rating {
            Some(g) => format!("{} {}", g.as_u8(), super::interview_rating::grade_name(g)),
            None => "–".into(),
        },
    }
}

/// When a missed point's card is due, as of `now`.
fn card_status(state: &State, point: &MissedPoint, now: Option<DateTime<Utc>>) -> String {
    match (state.progress.state_of(&point.card_id), now) {
        (None, _) => "new".into(),
        (Some(s), Some(now)) => match s.due {
            Some(due) if due > now => format!(
                "due in {}",
                crate::domain::schedule::format_interval(due - now)
            ),
            Some(_) => "due now".into(),
            None => s.phase.as_str().into(),
        },
        (Some(s), None) => s.phase.as_str().into(),
    }
}

pub fn render_attempts(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let width = area.width as usize;
    let view = &state.interview.history_view;
    let Some((set_id, question_id)) = &view.open else {
        return;
    };
    let questions = by_question(&state.interview.history);
    let set = state.library.interviews.iter().find(|s| s.id == *set_id);
    let retry = key(state, KeyMode::Interview, Command::Retry);
    let back = key(state, KeyMode::Interview, Command::Close);
    let Some(q) = questions
        .iter()
        .find(|q| q.set == set_id.as_str() && q.question == question_id.as_str())
    else {
        let lines = vec![
            title_line(" No tries of this question yet", width, theme),
            dim_line(&format!(" {retry} try it · {back} back"), width, theme),
        ];
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    let longest = q
        .attempts
        .iter()
        .flat_map(|a| &a.score.rated_against)
        .map(|id| {
            set.and_then(|s| s.rubric_item(id))
                .map_or(display_width(id), |r| display_width(&r.label))
        })
        .chain(ROWS.iter().map(|r| display_width(r)))
        .max()
        .unwrap_or(0);
    let (label_w, col_w) = columns(width, longest);
    let fit = (width.saturating_sub(label_w) / col_w).max(1);
    let shown: Vec<&Attempt> = q
        .attempts
        .iter()
        .copied()
        .skip(q.attempts.len().saturating_sub(fit))
        .collect();
    let earlier = q.attempts.len() - shown.len();
    let mut lines = wrapped(&one_line(q.prompt), width, theme.heading[1]);
    let head = if earlier > 0 {
        format!(
            " {} tries · the last {} shown · {retry} try again · {back} back",
            q.attempts.len(),
            shown.len()
        )
    } else {
        format!(
            " {} {} · {retry} try again · {back} back",
            q.attempts.len(),
            if q.attempts.len() == 1 {
                "try"
            } else {
                "tries"
            }
        )
    };
    lines.push(dim_line(&head, width, theme));
    let cols = (label_w, col_w);
    let cell = |text: String| (text, theme.base);
    let number_of = |a: &Attempt| {
        q.attempts
            .iter()
            .position(|b| b.id == a.id)
            .map_or(0, |i| i + 1)
    };
    lines.push(table_row(
        "",
        shown
            .iter()
            .map(|a| (format!("#{}", number_of(a)), theme.title))
            .collect(),
        cols,
        theme,
    ));
    for label in ROWS {
        lines.push(table_row(
            label,
            shown
                .iter()
                .map(|a| cell(row_value(label, a, state.progress.days.zone, col_w)))
                .collect(),
            cols,
            theme,
        ));
    }
    // each talking point: covered (✓), missed (✗), not asked about
    let mut points: Vec<String> = Vec::new();
    for a in &shown {
        for id in &a.score.rated_against {
            if !points.contains(id) {
                points.push(id.clone());
            }
        }
    }
    if let Some(set) = set {
        points.sort_by_key(|id| set.rubric.iter().position(|r| r.id == *id));
    }
    for id in &points {
        let label = set
            .and_then(|s| s.rubric_item(id))
            .map_or(id.as_str(), |r| r.label.as_str());
        let cells = shown
            .iter()
            .map(|a| {
                if !a.score.rated_against.contains(id) {
                    (" ".to_string(), theme.dim)
                } else if a.score.rating.is_ticked(id) {
                    ("✓".to_string(), theme.success)
                } else {
                    ("✗".to_string(), theme.warning)
                }
            })
            .collect();
        lines.push(table_row(label, cells, cols, theme));
    }
    // what changed from the try before each one
    let before = |a: &Attempt| {
        q.attempts
            .iter()
            .position(|b| b.id == a.id)
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| q.attempts.get(i).copied())
    };
    let changes: Vec<Option<crate::domain::interview::AttemptChange>> = shown
        .iter()
        .map(|a| before(a).map(|b| change(b, a)))
        .collect();
    let delta = |f: &dyn Fn(&crate::domain::interview::AttemptChange) -> String| {
        changes
            .iter()
            .map(|c| match c {
                Some(c) => (f(c), theme.base),
                None => ("—".to_string(), theme.dim),
            })
            .collect::<Vec<_>>()
    };
    lines.push(table_row(
        "Δ words",
        delta(&|c| signed(c.words)),
        cols,
        theme,
    ));
    lines.push(table_row(
        "Δ time",
        delta(&|c| signed_clock(c.seconds)),
        cols,
        theme,
    ));
    lines.push(table_row(
        "Δ points",
        delta(&|c| signed(c.covered)),
        cols,
        theme,
    ));
    if let Some(Some(last)) = changes.last() {
        let name = |id: &String| {
            set.and_then(|s| s.rubric_item(id))
                .map_or(id.clone(), |r| r.label.clone())
        };
        let mut said = Vec::new();
        if !last.gained.is_empty() {
            let names: Vec<String> = last.gained.iter().map(name).collect();
            said.push(format!("now covers {}", names.join(", ")));
        }
        if !last.lost.is_empty() {
            let names: Vec<String> = last.lost.iter().map(name).collect();
            said.push(format!("no longer covers {}", names.join(", ")));
        }
        if !said.is_empty() {
            lines.extend(wrapped(
                &format!("Last try: {}.", said.join("; ")),
                width,
                theme.base,
            ));
        }
    }
    lines.push(Line::default());
    let cards = question_points(&state.interview.missed, set_id, question_id);
    let delete = key(state, KeyMode::Interview, Command::Delete);
    lines.push(title_line(
        &format!(" Cards from missed points ({})", cards.len()),
        width,
        theme,
    ));
    if cards.is_empty() {
        lines.push(dim_line(" none", width, theme));
    } else {
        lines.push(dim_line(
            &format!(" j k choose · {delete} delete the card (u undoes)"),
            width,
            theme,
        ));
    }
    for (i, point) in cards.iter().enumerate() {
        let chosen = i == view.card;
        let status = card_status(state, point, view.now);
        let room = width.saturating_sub(3 + display_width(&status) + 3);
        let label = truncate(&point.label, room);
        lines.push(Line::from(vec![
            Span::styled(if chosen { " › " } else { "   " }, theme.accent),
            Span::styled(label, if chosen { theme.selected } else { theme.base }),
            Span::styled(format!(" · {status}"), theme.dim),
        ]));
    }
    if let Some(text) = q.last().and_then(|a| a.score.answer.as_deref()) {
        lines.push(Line::default());
        lines.push(title_line(" Your last answer", width, theme));
        lines.extend(wrapped(text, width, theme.dim));
    }
    render_lines(frame, lines, view.scroll, area);
}
