//! The mock interview screen (5): the set-up choices, a question (or a
//! follow-up) with its countdown and the answer box (wrapped over several
//! lines), and the scorecard. The feedback on an answer is drawn by
//! `interview_feedback` with the self-rating row of `interview_rating`
//! under it; the practice brief by `interview_brief`; the history by
//! `interview_history`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use super::Theme;
use super::interview_text::{clock, key};
use super::text::{truncate, truncate_at_word};
use crate::domain::interview::{Countdown, InterviewSet, remaining};
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::geometry::text_box;
use crate::tui::state::interview::{InterviewView, MockSession, SetupField};

pub fn render_interview(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let session = state.interview.session.as_ref();
    let set = session.and_then(|s| state.library.interviews.get(s.set));
    match (state.interview.view, session, set) {
        (InterviewView::Question | InterviewView::FollowUp, Some(s), Some(set)) => {
            render_question(frame, area, state, s, set, theme)
        }
        (InterviewView::Brief, Some(s), Some(set)) => {
            super::interview_brief::render_brief(frame, area, state, s, set, theme)
        }
        (InterviewView::Feedback, Some(s), Some(set)) => {
            let [feedback, rating] =
                Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
            super::interview_feedback::render_feedback(frame, feedback, state, s, set, theme);
            super::interview_rating::render_rating(frame, rating, state, s, theme);
        }
        (InterviewView::Scorecard, Some(s), Some(set)) => {
            render_scorecard(frame, area, state, s, set, theme)
        }
        (InterviewView::History, _, _) => {
            super::interview_history::render_history(frame, area, state, theme)
        }
        (InterviewView::Attempts, _, _) => {
            super::interview_history::render_attempts(frame, area, state, theme)
        }
        _ => render_setup(frame, area, state, theme),
    }
}

fn render_setup(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let setup = &state.interview.setup;
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
    let sets = &state.library.interviews;
    // The title gives way, so that "2 of 5" always shows.
    let count = format!(" {} of {}", setup.set + 1, sets.len());
    let room = width.saturating_sub(3 + 8 + 4 + count.chars().count());
    let set_title = sets.get(setup.set).map_or(String::new(), |s| {
        format!("{} ›{count}", set_title_in(&s.title, room.max(1)))
    });
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
        (
            SetupField::Mode,
            "Mode",
            match setup.mode {
                crate::domain::interview::InterviewMode::Live => "live (timed, advice after)",
                crate::domain::interview::InterviewMode::Practice => {
                    "practice (advice first, retry)"
                }
            }
            .to_string(),
        ),
    ];
    for (field, name, value) in rows {
        let chosen = field == setup.field;
        let marker = if chosen { " › " } else { "   " };
        let style = if chosen { theme.selected } else { theme.base };
        let close = if field == SetupField::Set { "" } else { " ›" };
        let text = format!("{name:<7} ‹ {value}{close}");
        lines.push(Line::from(vec![
            Span::styled(marker, theme.accent),
            Span::styled(truncate(&text, width.saturating_sub(3)), style),
        ]));
    }
    lines.push(Line::default());
    let start = key(state, KeyMode::Interview, Command::Open);
    let change = key(state, KeyMode::Interview, Command::NextOption);
    lines.push(Line::from(Span::styled(
        format!(
            " {start} start · {change} change · every session ends with \"Do you have any questions for us?\""
        ),
        theme.dim,
    )));
    let past = &state.interview.history;
    if !past.is_empty() {
        let history = key(state, KeyMode::Interview, Command::History);
        lines.push(Line::from(Span::styled(
            format!(" {history} your answers per question: compare attempts, try one again"),
            theme.dim,
        )));
    }
    if let Some(last) = past.last().and_then(|s| s.score().score()) {
        lines.push(Line::from(Span::styled(
            format!(
                " {} past session{} · last score {:.0}% (trend on the stats screen)",
                past.len(),
                if past.len() == 1 { "" } else { "s" },
                last * 100.0
            ),
            theme.dim,
        )));
    }
    let cards = state.interview.missed.len();
    if cards > 0 {
        lines.push(Line::from(Span::styled(
            format!(
                " {cards} card{} from missed points, scheduled in the drill (\"{}\")",
                if cards == 1 { "" } else { "s" },
                crate::domain::interview::MISSED_DECK_TITLE
            ),
            theme.dim,
        )));
    }
    // Every set, the chosen one marked, as far as the screen allows.
    let room = (area.height as usize).saturating_sub(lines.len() + 2);
    if sets.len() > 1 && room >= 2 {
        lines.push(Line::default());
        lines.extend(set_list(state, width, room, theme));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
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

/// The countdown as shown: time left, or the overrun once time is up.
fn countdown_span(countdown: Countdown, theme: &Theme) -> Span<'static> {
    if countdown.is_over() {
        Span::styled(format!(" {} over ", countdown.label()), theme.warning)
    } else {
        Span::styled(format!(" {} left ", countdown.label()), theme.accent)
    }
}

fn render_question(
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
    let follow_up = session
        .follow_up
        .as_ref()
        .filter(|_| state.interview.view == InterviewView::FollowUp);
    let countdown = match follow_up {
        Some(f) => remaining(f.started, session.clock, session.limit),
        None => session.countdown(),
    };
    let timer = countdown_span(countdown, theme);
    let timer_width = timer.content.chars().count() as u16;
    let tries = crate::tui::state::interview::tries_before(state, session, &question.id);
    let head = match follow_up {
        Some(f) => format!(" Follow-up {} · {}", f.asked, f.why),
        None if tries > 0 => format!(
            " Question {} of {} · try {} · {}",
            session.current + 1,
            session.plan.len(),
            tries + 1,
            question.skills.join(", ")
        ),
        None => format!(
            " Question {} of {} · {}",
            session.current + 1,
            session.plan.len(),
            question.skills.join(", ")
        ),
    };
    let prompt = follow_up.map_or(question.prompt.as_str(), |f| f.prompt.as_str());
    let [top, prompt_area, box_area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(prompt_rows(prompt, area.width)),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let head_width = top.width.saturating_sub(timer_width) as usize;
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(truncate(&head, head_width), theme.title),
            Span::raw(" ".repeat(head_width.saturating_sub(
                crate::domain::markdown::display_width(&truncate(&head, head_width)),
            ))),
            timer,
        ])),
        top,
    );
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(prompt, theme.heading[1])))
            .block(Block::default().padding(Padding::horizontal(1)))
            .wrap(Wrap { trim: false }),
        prompt_area,
    );
    let title = if session.left_box {
        format!(
            " Your answer · {} back in · {} again ends the interview ",
            key(state, KeyMode::Interview, Command::Open),
            key(state, KeyMode::Interview, Command::Close)
        )
    } else if state.interview.view == InterviewView::FollowUp {
        format!(
            " Your answer · {} submit · {} new line · {} skip (what you typed is kept) ",
            key(state, KeyMode::InterviewAnswer, Command::Submit),
            key(state, KeyMode::InterviewAnswer, Command::Newline),
            key(state, KeyMode::InterviewAnswer, Command::Cancel)
        )
    } else {
        format!(
            " Your answer · {} submit (empty: aloud) · {} new line · {} leave ",
            key(state, KeyMode::InterviewAnswer, Command::Submit),
            key(state, KeyMode::InterviewAnswer, Command::Newline),
            key(state, KeyMode::InterviewAnswer, Command::Cancel)
        )
    };
    let border = if countdown.is_over() {
        theme.warning
    } else if session.left_box {
        theme.border
    } else {
        theme.border_focused
    };
    let (width, rows) = text_box::interview_answer(state.size.0, state.size.1);
    let view = session
        .editor
        .view(width, rows.min(box_area.height.saturating_sub(2) as usize));
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .border_style(border)
        .title(Span::styled(
            truncate(&title, box_area.width.saturating_sub(2) as usize),
            theme.dim,
        ))
        .title_bottom(Span::styled(
            truncate(
                &format!(" {} ", super::editor::counts(&session.editor, &view)),
                box_area.width.saturating_sub(2) as usize,
            ),
            super::editor::counts_style(&session.editor, theme),
        ));
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    super::editor::render_view(
        frame,
        inner,
        &view,
        Some("type your answer, or answer aloud and press Enter when done"),
        !session.left_box,
        theme,
    );
    let words = crate::domain::interview::text::Tokens::new(session.editor.text()).word_count();
    // The targets never reach past the time limit.
    let aloud = question.target.within(session.limit);
    let typed = question
        .target
        .typed(set.thresholds.typed_min_percent)
        .within(session.limit);
    let span = |t: crate::domain::interview::Target| {
        if t.min == t.max {
            clock(t.max)
        } else {
            format!("{}–{}", clock(t.min), clock(t.max))
        }
    };
    let minutes = session.limit.as_secs() / 60;
    // The longest form that fits: numbers are never cut.
    let forms = [
        format!(
            " {words} words · aim for {} typed, {} aloud · {minutes} min limit",
            span(typed),
            span(aloud)
        ),
        format!(
            " {words} words · aim {} typed · {minutes} min limit",
            span(typed)
        ),
        format!(" {words} words · aim {} · max {minutes} min", span(typed)),
        format!(" {words} w · {} · {minutes}m", span(typed)),
    ];
    let fits = |t: &&String| crate::domain::markdown::display_width(t) <= foot.width as usize;
    let foot_text = if follow_up.is_some() {
        let submit = key(state, KeyMode::InterviewAnswer, Command::Submit);
        let skip = key(state, KeyMode::InterviewAnswer, Command::Cancel);
        // the longest form that fits
        [
            format!(" {words} words · {submit} answers the follow-up · {skip} skips it"),
            format!(" {words} words · {skip} skips the follow-up"),
            format!(" {skip} skips the follow-up"),
        ]
        .into_iter()
        .find(|f| crate::domain::markdown::display_width(f) <= foot.width as usize)
        .unwrap_or_default()
    } else {
        forms
            .iter()
            .find(fits)
            .or(forms.last())
            .cloned()
            .unwrap_or_default()
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            truncate(&foot_text, foot.width as usize),
            theme.dim,
        ))),
        foot,
    );
}

/// Rows the prompt takes when wrapped at `width` (at most 4).
fn prompt_rows(prompt: &str, width: u16) -> u16 {
    // one column of padding on each side
    let rows = crate::domain::text::wrap::wrap(prompt, usize::from(width.saturating_sub(2)));
    (rows.len() as u16 + 1).min(4)
}

fn render_scorecard(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    session: &MockSession,
    set: &InterviewSet,
    theme: &Theme,
) {
    let width = area.width as usize;
    let total: std::time::Duration = session.answers.iter().map(|a| a.time_taken).sum();
    let mean = if session.answers.is_empty() {
        0.0
    } else {
        session.answers.iter().map(|a| a.score()).sum::<f64>() / session.answers.len() as f64
    };
    let wrap = |line: Line<'static>, indent: usize| super::text::wrap_styled(&line, width, indent);
    let mut lines = wrap(
        Line::from(Span::styled(
            format!(" Scorecard · {}", set.title),
            theme.title,
        )),
        1,
    );
    lines.extend(wrap(
        Line::from(Span::styled(
            format!(
                " {} of {} answered · {} in all · rubric score {:.0}%",
                session.answers.len(),
                session.plan.len(),
                clock(total),
                mean * 100.0
            ),
            theme.base,
        )),
        1,
    ));
    lines.push(Line::default());
    for (i, a) in session.answers.iter().enumerate() {
        let over = if a.overrun().is_zero() {
            String::new()
        } else {
            format!(" (+{})", clock(a.overrun()))
        };
        let words = match &a.signals {
            // STAR only where the question was rated on it.
            Some(s) if a.rated_against.iter().any(|r| r == "star") => {
                format!("{} words, STAR {}/4", s.words, s.star.len())
            }
            Some(s) => format!("{} words", s.words),
            None => "aloud".to_string(),
        };
        let rated = session
            .attempts
            .get(i)
            .and_then(|info| info.self_rating)
            .map(|g| {
                format!(
                    " · rated {} {}",
                    g.as_u8(),
                    super::interview_rating::grade_name(g)
                )
            })
            .unwrap_or_default();
        let stats = format!(
            " {}{over} · {words} · {:.0}%{rated}",
            clock(a.time_taken),
            a.score() * 100.0
        );
        lines.extend(wrap(
            Line::from(Span::styled(
                format!(" {}. {}", i + 1, a.prompt),
                theme.base,
            )),
            4,
        ));
        let style = if a.overrun().is_zero() {
            theme.dim
        } else {
            theme.warning
        };
        lines.extend(wrap(
            Line::from(Span::styled(format!("   {stats}"), style)),
            4,
        ));
        if let Some(s) = &a.signals {
            let mut notes = Vec::new();
            if s.filler + s.hedging > 0 {
                notes.push(format!("{} filler/hedge", s.filler + s.hedging));
            }
            if s.negativity > 0 {
                notes.push(format!("{} negative", s.negativity));
            }
            notes.push(format!("I {} / we {}", s.i_count, s.we_count));
            if s.asked_question {
                notes.push("asked a question".into());
            }
            lines.extend(wrap(
                Line::from(Span::styled(
                    format!("    {}", notes.join(" · ")),
                    theme.dim,
                )),
                4,
            ));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        truncate_at_word(
            &format!(
                " Enter or Esc: back to the set-up · {}: your answers per question",
                key(state, KeyMode::Interview, Command::History)
            ),
            width,
        ),
        theme.dim,
    )));
    frame.render_widget(Paragraph::new(lines), area);
}
