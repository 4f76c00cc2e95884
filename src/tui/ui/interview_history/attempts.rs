//! One question's attempts side by side: a column per try (date, mode,
//! time, words, points, self-rating, each talking point, and what changed
//! from the try before), then the cards its missed points became and when
//! each is due, and the last answer. Columns that do not fit are left out
//! whole (the latest attempts are kept); no number is ever cut.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{dim_line, one_line, title_line};
use crate::domain::interview::missed_point::question_points;
use crate::domain::interview::{
    Attempt, AttemptChange, InterviewMode, InterviewSet, MissedPoint, QuestionAttempts,
    by_question, change, covered,
};
use crate::domain::markdown::display_width;
use crate::domain::schedule::day::Zone;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::ui::Theme;
use crate::tui::ui::interview_text::{clock, key, wrapped};
use crate::tui::ui::scrolled::render_lines;
use crate::tui::ui::text::{truncate, truncate_at_word};

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
    cells: Vec<(String, Style)>,
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
            Some(g) => format!(
                "{} {}",
                g.as_u8(),
                crate::tui::ui::interview_rating::grade_name(g)
            ),
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

/// A talking point's label in `set` (its id when the set no longer has it).
fn point_label<'s>(set: Option<&'s InterviewSet>, id: &'s str) -> &'s str {
    set.and_then(|s| s.rubric_item(id))
        .map_or(id, |r| r.label.as_str())
}

/// One question's tries as the table lays them out: the attempts shown
/// (the latest that fit), the set they were rated in, the column widths.
struct AttemptTable<'a> {
    question: &'a QuestionAttempts<'a>,
    set: Option<&'a InterviewSet>,
    shown: Vec<&'a Attempt>,
    cols: (usize, usize),
    theme: &'a Theme,
}

impl<'a> AttemptTable<'a> {
    /// The table for a screen `width` wide: labels as wide as the longest
    /// row or point, then as many of the latest attempts as fit.
    fn new(
        question: &'a QuestionAttempts<'a>,
        set: Option<&'a InterviewSet>,
        width: usize,
        theme: &'a Theme,
    ) -> Self {
        let longest = question
            .attempts
            .iter()
            .flat_map(|a| &a.score.rated_against)
            .map(|id| display_width(point_label(set, id)))
            .chain(ROWS.iter().map(|r| display_width(r)))
            .max()
            .unwrap_or(0);
        let (label_w, col_w) = columns(width, longest);
        let fit = (width.saturating_sub(label_w) / col_w).max(1);
        let shown = question
            .attempts
            .iter()
            .copied()
            .skip(question.attempts.len().saturating_sub(fit))
            .collect();
        AttemptTable {
            question,
            set,
            shown,
            cols: (label_w, col_w),
            theme,
        }
    }

    /// Where `attempt` is among all the question's tries (oldest first).
    fn index_of(&self, attempt: &Attempt) -> Option<usize> {
        self.question
            .attempts
            .iter()
            .position(|b| b.id == attempt.id)
    }

    /// The prompt, then how many tries there are (and how many are shown)
    /// with the keys to try again and to go back.
    fn heading(&self, retry: &str, back: &str, width: usize) -> Vec<Line<'static>> {
        let tries = self.question.attempts.len();
        let mut lines = wrapped(
            &one_line(self.question.prompt),
            width,
            self.theme.heading[1],
        );
        let head = if tries > self.shown.len() {
            format!(
                " {tries} tries · the last {} shown · {retry} try again · {back} back",
                self.shown.len()
            )
        } else {
            format!(
                " {tries} {} · {retry} try again · {back} back",
                if tries == 1 { "try" } else { "tries" }
            )
        };
        lines.push(dim_line(&head, width, self.theme));
        lines
    }

    /// The attempts' numbers (`#1`, `#2`…), then a row per entry of [`ROWS`].
    fn attempt_rows(&self, zone: Zone) -> Vec<Line<'static>> {
        let (theme, col_w) = (self.theme, self.cols.1);
        let numbers = self
            .shown
            .iter()
            .map(|a| {
                let number = self.index_of(a).map_or(0, |i| i + 1);
                (format!("#{number}"), theme.title)
            })
            .collect();
        let mut lines = vec![table_row("", numbers, self.cols, theme)];
        for label in ROWS {
            let cells = self
                .shown
                .iter()
                .map(|a| (row_value(label, a, zone, col_w), theme.base))
                .collect();
            lines.push(table_row(label, cells, self.cols, theme));
        }
        lines
    }

    /// A row per talking point any shown attempt was rated against, in
    /// rubric order: covered (✓), missed (✗), or not asked about.
    fn point_rows(&self) -> Vec<Line<'static>> {
        let theme = self.theme;
        let mut points: Vec<&str> = Vec::new();
        for a in &self.shown {
            for id in &a.score.rated_against {
                if !points.contains(&id.as_str()) {
                    points.push(id);
                }
            }
        }
        if let Some(set) = self.set {
            points.sort_by_key(|id| set.rubric.iter().position(|r| r.id == *id));
        }
        points
            .iter()
            .map(|id| {
                let cells = self
                    .shown
                    .iter()
                    .map(|a| {
                        if !a.score.rated_against.iter().any(|r| r.as_str() == *id) {
                            (" ".to_string(), theme.dim)
                        } else if a.score.rating.is_ticked(id) {
                            ("✓".to_string(), theme.success)
                        } else {
                            ("✗".to_string(), theme.warning)
                        }
                    })
                    .collect();
                table_row(point_label(self.set, id), cells, self.cols, theme)
            })
            .collect()
    }

    /// What changed from the try before each shown attempt (`None` for the
    /// first try).
    fn changes(&self) -> Vec<Option<AttemptChange>> {
        self.shown
            .iter()
            .map(|a| {
                let before = self
                    .index_of(a)
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| self.question.attempts.get(i).copied());
                before.map(|b| change(b, a))
            })
            .collect()
    }

    /// The Δ words, Δ time and Δ points rows, then a sentence naming the
    /// points the last try gained and lost.
    fn change_rows(&self, width: usize) -> Vec<Line<'static>> {
        let theme = self.theme;
        let changes = self.changes();
        let delta = |f: &dyn Fn(&AttemptChange) -> String| {
            changes
                .iter()
                .map(|c| match c {
                    Some(c) => (f(c), theme.base),
                    None => ("—".to_string(), theme.dim),
                })
                .collect::<Vec<_>>()
        };
        let mut lines = vec![
            table_row("Δ words", delta(&|c| signed(c.words)), self.cols, theme),
            table_row(
                "Δ time",
                delta(&|c| signed_clock(c.seconds)),
                self.cols,
                theme,
            ),
            table_row("Δ points", delta(&|c| signed(c.covered)), self.cols, theme),
        ];
        if let Some(Some(last)) = changes.last() {
            lines.extend(self.last_change(last, width));
        }
        lines
    }

    /// "Last try: now covers …; no longer covers …." (nothing when the
    /// points covered did not change).
    fn last_change(&self, last: &AttemptChange, width: usize) -> Vec<Line<'static>> {
        let names = |ids: &[String]| {
            ids.iter()
                .map(|id| point_label(self.set, id))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut said = Vec::new();
        if !last.gained.is_empty() {
            said.push(format!("now covers {}", names(&last.gained)));
        }
        if !last.lost.is_empty() {
            said.push(format!("no longer covers {}", names(&last.lost)));
        }
        if said.is_empty() {
            return Vec::new();
        }
        wrapped(
            &format!("Last try: {}.", said.join("; ")),
            width,
            self.theme.base,
        )
    }
}

/// The cards a question's missed points became, each with when it is due,
/// the chosen one marked.
fn missed_point_cards(
    state: &State,
    (set_id, question_id): (&str, &str),
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let view = &state.interview.history_view;
    let cards = question_points(&state.interview.missed, set_id, question_id);
    let delete = key(state, KeyMode::Interview, Command::Delete);
    let mut lines = vec![title_line(
        &format!(" Cards from missed points ({})", cards.len()),
        width,
        theme,
    )];
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
    lines
}

/// The last answer typed to the question, under a blank row and a title
/// (nothing when it was given aloud).
fn last_answer(question: &QuestionAttempts<'_>, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let Some(text) = question.last().and_then(|a| a.score.answer.as_deref()) else {
        return Vec::new();
    };
    let mut lines = vec![
        Line::default(),
        title_line(" Your last answer", width, theme),
    ];
    lines.extend(wrapped(text, width, theme.dim));
    lines
}

/// The open question's tries side by side, its missed-point cards and its
/// last answer, scrolled.
pub fn render_attempts(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let width = area.width as usize;
    let view = &state.interview.history_view;
    let Some((set_id, question_id)) = &view.open else {
        return;
    };
    let questions = by_question(&state.interview.history);
    let retry = key(state, KeyMode::Interview, Command::Retry);
    let back = key(state, KeyMode::Interview, Command::Close);
    let Some(question) = questions
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
    let set = state.library.interviews.iter().find(|s| s.id == *set_id);
    let table = AttemptTable::new(question, set, width, theme);
    let mut lines = table.heading(&retry, &back, width);
    lines.extend(table.attempt_rows(state.progress.days.zone));
    lines.extend(table.point_rows());
    lines.extend(table.change_rows(width));
    lines.push(Line::default());
    lines.extend(missed_point_cards(
        state,
        (set_id, question_id),
        width,
        theme,
    ));
    lines.extend(last_answer(question, width, theme));
    render_lines(frame, lines, view.scroll, area);
}
