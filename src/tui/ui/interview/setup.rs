//! The mock interview's set-up screen: the choices (set, length, time,
//! mode), notes on past sessions and missed-point cards, and the sets to
//! choose from.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::interview::InterviewMode;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::interview::SetupField;
use crate::tui::ui::Theme;
use crate::tui::ui::interview_text::key;
use crate::tui::ui::text::truncate;

/// The set-up screen: a title, the choices, the notes under them and, where
/// there is room, every set with the chosen one marked.
pub(super) fn render_setup(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(" Mock interview", theme.title)),
        Line::default(),
    ];
    if state.library.interviews.is_empty() {
        lines.push(Line::from(Span::styled(
            " No interview sets are loaded. A content file with kind = \"interview\" adds one.",
            theme.dim,
        )));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        return;
    }
    lines.extend(choice_rows(state, width, theme));
    lines.push(Line::default());
    lines.extend(setup_notes(state, width, theme));
    // Every set, the chosen one marked, as far as the screen allows.
    let sets = &state.library.interviews;
    let room = (area.height as usize).saturating_sub(lines.len() + 2);
    if sets.len() > 1 && room >= 2 {
        lines.push(Line::default());
        lines.extend(set_list(state, width, room, theme));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// A row per choice ("Length  ‹ 5 questions ›"), the chosen one marked.
fn choice_rows<'a>(state: &State, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let setup = &state.interview.setup;
    let sets = &state.library.interviews;
    // The title gives way, so that "2 of 5" always shows.
    let count = format!(" {} of {}", setup.set + 1, sets.len());
    let room = width.saturating_sub(3 + 8 + 4 + count.chars().count());
    let set_title = sets.get(setup.set).map_or(String::new(), |s| {
        format!("{} ›{count}", set_title_in(&s.title, room.max(1)))
    });
    let mode = match setup.mode {
        InterviewMode::Live => "live (timed, advice after)",
        InterviewMode::Practice => "practice (advice first, retry)",
    };
    let rows = [
        (SetupField::Set, "Set", set_title),
        (
            SetupField::Length,
            "Length",
            format!("{} questions", setup.length.questions()),
        ),
        (
            SetupField::Minutes,
            "Time",
            format!("{} min per answer", setup.minutes),
        ),
        (SetupField::Mode, "Mode", mode.to_string()),
    ];
    rows.into_iter()
        .map(|(field, name, value)| {
            let chosen = field == setup.field;
            let marker = if chosen { " › " } else { "   " };
            let style = if chosen { theme.selected } else { theme.base };
            let close = if field == SetupField::Set { "" } else { " ›" };
            let text = format!("{name:<7} ‹ {value}{close}");
            Line::from(vec![
                Span::styled(marker, theme.accent),
                Span::styled(truncate(&text, width.saturating_sub(3)), style),
            ])
        })
        .collect()
}

/// The dim notes under the choices: the keys, the history (once there is
/// one), the last score, and the cards made from missed points, each
/// wrapped at `width` under its first word.
fn setup_notes(state: &State, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let note = |text: String| Line::from(Span::styled(text, theme.dim));
    let start = key(state, KeyMode::Interview, Command::Open);
    let change = key(state, KeyMode::Interview, Command::NextOption);
    let mut lines = vec![note(format!(
        " {start} start · {change} change · every session ends with \"Do you have any questions for us?\""
    ))];
    let past = &state.interview.history;
    if !past.is_empty() {
        let history = key(state, KeyMode::Interview, Command::History);
        lines.push(note(format!(
            " {history} your answers per question: compare attempts, try one again"
        )));
    }
    if let Some(last) = past.last().and_then(|s| s.score().score()) {
        lines.push(note(format!(
            " {} past session{} · last score {:.0}% (trend on the stats screen)",
            past.len(),
            if past.len() == 1 { "" } else { "s" },
            last * 100.0
        )));
    }
    let cards = state.interview.missed.len();
    if cards > 0 {
        lines.push(note(format!(
            " {cards} card{} from missed points, scheduled in the drill (\"{}\")",
            if cards == 1 { "" } else { "s" },
            crate::domain::interview::MISSED_DECK_TITLE
        )));
    }
    lines
        .iter()
        .flat_map(|line| crate::tui::ui::text::wrap_styled(line, width, 1))
        .collect()
}

/// The sets to choose from, one a row: a window of `room` rows around the
/// chosen set, with what lies above and below counted.
fn set_list<'a>(state: &State, width: usize, room: usize, theme: &Theme) -> Vec<Line<'a>> {
    let sets = &state.library.interviews;
    let chosen = state.interview.setup.set;
    let shown = room.min(sets.len());
    // Rows for "… N more" when the list is cut.
    let cut = shown < sets.len();
    let fit = if cut {
        shown.saturating_sub(2).max(1)
    } else {
        shown
    };
    let first = chosen
        .saturating_sub(fit / 2)
        .min(sets.len().saturating_sub(fit));
    let mut lines = Vec::new();
    if cut && first > 0 {
        lines.push(Line::from(Span::styled(
            format!("   … {first} more above"),
            theme.dim,
        )));
    }
    for (i, set) in sets.iter().enumerate().skip(first).take(fit) {
        let asked = set.questions.iter().filter(|q| !q.closing).count();
        let noun = if asked == 1 { "question" } else { "questions" };
        let room = width.saturating_sub(3 + 4 + noun.len() + asked.to_string().len());
        let text = format!("{} · {asked} {noun}", set_title_in(&set.title, room.max(1)));
        let (marker, style) = if i == chosen {
            (" › ", theme.selected)
        } else {
            ("   ", theme.dim)
        };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.accent),
            Span::styled(truncate(&text, width.saturating_sub(3)), style),
        ]));
    }
    let below = sets.len().saturating_sub(first + fit);
    if cut && below > 0 {
        lines.push(Line::from(Span::styled(
            format!("   … {below} more below"),
            theme.dim,
        )));
    }
    lines
}

/// A set's title in `room` columns. Imported sets are "Page: Heading" and
/// differ at the end, so the page's part gives way first ("Behav…: Airbnb").
fn set_title_in(title: &str, room: usize) -> String {
    let width = crate::domain::markdown::display_width;
    if width(title) <= room {
        return title.to_string();
    }
    match title.rsplit_once(": ") {
        Some((page, heading)) if width(heading) + 6 <= room => {
            let head_room = room - width(heading) - 2;
            format!("{}: {heading}", truncate(page, head_room))
        }
        _ => truncate(title, room),
    }
}
