//! The tab bar at the top and the status bar at the bottom: where you are, a
//! message when there is one, and key hints taken from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{MARK, truncate};
use crate::domain::content::sanitize::sanitize_line;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::drill::DrillView;
use crate::tui::state::interview::InterviewView;
use crate::tui::state::reader::Focus;
use crate::tui::state::{Screen, State, geometry};

pub fn render_tabs(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let tabs = [
        (Screen::Reader, Command::GoReader, "Read"),
        (Screen::Drill, Command::GoDrill, "Drill"),
        (Screen::Bookmarks, Command::GoBookmarks, "Bookmarks"),
        (Screen::Stats, Command::GoStats, "Stats"),
        (Screen::Interview, Command::GoInterview, "Interview"),
    ];
    // While answering or typing, 1-4 grade or are text: the tabs then name
    // the keys that still switch screens there (F1-F5 by default).
    let mode = match state.key_mode() {
        mode @ (KeyMode::Answer
        | KeyMode::Typing
        | KeyMode::InterviewAnswer
        | KeyMode::InterviewFeedback) => mode,
        _ => KeyMode::Global,
    };
    // the widest form that fits: title and named tabs, then named tabs,
    // then only the current tab named (a tab is never cut)
    let forms = [(true, true), (false, true), (false, false)];
    let line = forms
        .iter()
        .map(|&(title, all_named)| {
            let mut spans = if title {
                vec![Span::styled(" studyguide ", theme.title)]
            } else {
                Vec::new()
            };
            for (screen, command, name) in tabs {
                let key = state.keymap.label_for(mode, command).unwrap_or_default();
                let current = state.screen == screen;
                let style = if current { theme.tab_active } else { theme.tab };
                spans.push(Span::raw(" "));
                let text = if all_named || current {
                    format!("{key} {name}")
                } else {
                    key
                };
                spans.push(Span::styled(text, style));
            }
            Line::from(spans)
        })
        .find(|line| line.width() <= area.width as usize)
        .unwrap_or_default();
    frame.render_widget(Paragraph::new(line), area);
}

/// The commands the status bar offers hints for, in the key mode on show.
fn hint_commands(state: &State) -> &'static [Command] {
    match state.key_mode() {
        KeyMode::Help | KeyMode::Errors => &[Command::Close, Command::Down, Command::Up],
        KeyMode::Search | KeyMode::Jump => {
            &[Command::Submit, Command::Cancel, Command::Down, Command::Up]
        }
        KeyMode::Preview => &[Command::Open, Command::Close, Command::Down],
        KeyMode::Reader => reader_hints(state.reader.focus),
        KeyMode::Bookmarks => &[
            Command::Open,
            Command::EditNote,
            Command::Delete,
            Command::Undo,
            Command::Help,
            Command::Quit,
        ],
        KeyMode::Note => &[
            Command::Submit,
            Command::Cancel,
            Command::Newline,
            Command::UndoTyping,
        ],
        KeyMode::Stats if stats_scrolls(state) => &[
            Command::Down,
            Command::PageDown,
            Command::GoReader,
            Command::Help,
        ],
        KeyMode::Drill | KeyMode::Answer | KeyMode::Typing => drill_hints(state),
        KeyMode::Interview | KeyMode::InterviewAnswer | KeyMode::InterviewFeedback => {
            interview_hints(state)
        }
        _ => &[Command::GoReader, Command::Help, Command::Quit],
    }
}

/// Whether the stats page scrolls (narrow screens stack it).
fn stats_scrolls(state: &State) -> bool {
    geometry::stats_max_scroll(
        state.size.0,
        state.size.1,
        !state.interview.history.is_empty(),
    ) > 0
}

/// The reader's hints: moving and opening in the outline, scrolling in the
/// content.
fn reader_hints(focus: Focus) -> &'static [Command] {
    match focus {
        Focus::Outline => &[
            Command::Down,
            Command::Up,
            Command::Open,
            Command::SwitchFocus,
            Command::Search,
            Command::Help,
            Command::Quit,
        ],
        Focus::Content => &[
            Command::Down,
            Command::PageDown,
            Command::SwitchFocus,
            Command::Search,
            Command::Help,
            Command::Quit,
        ],
    }
}

/// The drill's hints: choosing a deck, a card's front, grading (the
/// answer shown) and typing an answer.
fn drill_hints(state: &State) -> &'static [Command] {
    match state.key_mode() {
        KeyMode::Drill if state.drill.view == DrillView::Card => &[
            Command::Reveal,
            Command::Undo,
            Command::Close,
            Command::Help,
            Command::Quit,
        ],
        KeyMode::Drill => &[
            Command::Open,
            Command::Cram,
            Command::Undo,
            Command::GoReader,
            Command::Help,
            Command::Quit,
        ],
        KeyMode::Answer => &[
            Command::Undo,
            Command::Close,
            Command::GoReader,
            Command::Help,
        ],
        _ => &[
            Command::Submit,
            Command::Cancel,
            Command::UndoTyping,
            Command::Undo,
            Command::GoReader,
        ],
    }
}

/// The mock interview's hints: typing an answer, rating the feedback, and
/// each of its other views.
fn interview_hints(state: &State) -> &'static [Command] {
    match (state.key_mode(), state.interview.view) {
        (KeyMode::InterviewAnswer, _) => &[
            Command::Submit,
            Command::Cancel,
            Command::UndoTyping,
            Command::Newline,
        ],
        (KeyMode::InterviewFeedback, _) => &[
            Command::ToggleItem,
            Command::Down,
            Command::Open,
            Command::Close,
        ],
        (_, InterviewView::Setup) => &[
            Command::Open,
            Command::NextOption,
            Command::Down,
            Command::History,
            Command::Help,
            Command::Quit,
        ],
        (_, InterviewView::Brief) => &[Command::Open, Command::PageDown, Command::Close],
        (_, InterviewView::History) => {
            &[Command::Open, Command::Retry, Command::Down, Command::Close]
        }
        (_, InterviewView::Attempts) => &[
            Command::Retry,
            Command::Delete,
            Command::PageDown,
            Command::Close,
        ],
        (_, InterviewView::Scorecard) => &[Command::Open, Command::History, Command::Quit],
        _ => &[Command::Open, Command::Close, Command::Help, Command::Quit],
    }
}

/// Where the user is, as a short text for the left of the status bar.
fn location(state: &State) -> String {
    match state.screen {
        Screen::Reader => match state.outline.get(state.reader.selected) {
            Some(item) => {
                let ch = state
                    .library
                    .chapters
                    .get(item.chapter)
                    .map(crate::domain::content::Chapter::label)
                    .unwrap_or_default();
                // a bookmarked part with a note: the note, which is on no other screen
                match state.bookmarks.list.get(&item.id) {
                    Some(b) if !b.note.is_empty() => {
                        format!("{MARK} {}", sanitize_line(&b.note))
                    }
                    _ => format!("{ch} › {}", item.title),
                }
            }
            None => "No chapters loaded".into(),
        },
        Screen::Drill => "Drill".into(),
        Screen::Bookmarks => "Bookmarks".into(),
        Screen::Stats => "Stats".into(),
        Screen::Interview => "Mock interview".into(),
    }
}

pub fn render_status(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let width = area.width as usize;
    let mut hints: Vec<Span> = Vec::new();
    let mut hints_width = 0;
    // A message goes first: hints take only the room it leaves.
    let room = match &state.message {
        Some(m) => width.saturating_sub(crate::domain::markdown::display_width(m) + 2),
        None => width / 2 + 8,
    };
    // the last sync, between the text and the hints, when the text keeps
    // at least 16 columns beside it and a message leaves it the room
    let sync = state
        .sync_status
        .as_deref()
        .map(|s| format!(" {} ", sanitize_line(s)))
        .filter(|s| {
            let w = crate::domain::markdown::display_width(s);
            w + 16 <= width / 2 && w <= room
        });
    let sync_width = sync
        .as_deref()
        .map_or(0, crate::domain::markdown::display_width);
    for (key, label) in state.keymap.hints(state.key_mode(), hint_commands(state)) {
        let piece = format!(" {key} {label} ");
        let w = crate::domain::markdown::display_width(&piece);
        if sync_width + hints_width + w > room.min(width / 2 + 8)
            && (!hints.is_empty() || state.message.is_some())
        {
            break;
        }
        hints_width += w;
        hints.push(Span::styled(format!(" {key}"), theme.status_key));
        hints.push(Span::styled(format!(" {label} "), theme.status));
    }
    if let Some(sync) = sync {
        hints_width += sync_width;
        hints.insert(0, Span::styled(sync, theme.status));
    }
    let left_text = match &state.message {
        Some(m) => m.clone(),
        None => location(state),
    };
    let left_width = width.saturating_sub(hints_width + 1);
    let left = truncate(&format!(" {left_text}"), left_width);
    let pad = width.saturating_sub(crate::domain::markdown::display_width(&left) + hints_width);
    let left_style = if state.message.is_some() {
        theme.status_key
    } else {
        theme.status
    };
    let mut spans = vec![
        Span::styled(left, left_style),
        Span::styled(" ".repeat(pad), theme.status),
    ];
    if hints_width <= width {
        spans.extend(hints);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
