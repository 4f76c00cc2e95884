//! A question (or a follow-up) being answered: the head row with the
//! countdown, the prompt, the answer box (the editor, its title naming the
//! keys, its counts on the bottom border), and a footer with the words typed
//! and the time to aim for.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use crate::domain::interview::{Countdown, InterviewSet, Question, Target, remaining};
use crate::domain::markdown::display_width;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;
use crate::tui::state::geometry::text_box;
use crate::tui::state::interview::{InterviewView, MockSession};
use crate::tui::state::interview_flow::FollowUpStep;
use crate::tui::ui::Theme;
use crate::tui::ui::editor;
use crate::tui::ui::interview_text::{clock, key};
use crate::tui::ui::text::truncate;

/// The question (or the follow-up on screen) with its countdown, the answer
/// box and the footer.
pub(super) fn render_question(
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
    let follow_up = session
        .follow_up
        .as_ref()
        .filter(|_| state.interview.view == InterviewView::FollowUp);
    let countdown = match follow_up {
        Some(f) => remaining(f.started, session.clock, session.limit),
        None => session.countdown(),
    };
    let prompt = follow_up.map_or(question.prompt.as_str(), |f| f.prompt.as_str());
    let [top, prompt_area, box_area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(prompt_rows(prompt, area.width)),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let head = question_head(state, session, question, follow_up);
    render_head_row(frame, top, &head, countdown_span(countdown, theme), theme);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(prompt, theme.heading[1])))
            .block(Block::default().padding(Padding::horizontal(1)))
            .wrap(Wrap { trim: false }),
        prompt_area,
    );
    render_answer_box(frame, box_area, state, session, countdown, theme);
    let words = crate::domain::interview::text::Tokens::new(session.editor.text()).word_count();
    let width = foot.width as usize;
    let foot_text = match follow_up {
        Some(_) => follow_up_footer(state, words, width),
        None => answer_footer(session, question, set, words, width),
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            truncate(&foot_text, width),
            theme.dim,
        ))),
        foot,
    );
}

/// "Question 2 of 5 · try 2 · ownership" (the try only on a retry), or
/// "Follow-up 1 · why it is asked".
fn question_head(
    state: &State,
    session: &MockSession,
    question: &Question,
    follow_up: Option<&FollowUpStep>,
) -> String {
    let tries = crate::tui::state::interview::tries_before(state, session, &question.id);
    match follow_up {
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
    }
}

/// The head row: `head` cut to leave room for the countdown at the right.
fn render_head_row(frame: &mut Frame, top: Rect, head: &str, timer: Span<'_>, theme: &Theme) {
    let timer_width = timer.content.chars().count() as u16;
    let head_width = top.width.saturating_sub(timer_width) as usize;
    let head = truncate(head, head_width);
    let gap = head_width.saturating_sub(display_width(&head));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(head, theme.title),
            Span::raw(" ".repeat(gap)),
            timer,
        ])),
        top,
    );
}

/// The countdown as shown: time left, or the overrun once time is up.
fn countdown_span(countdown: Countdown, theme: &Theme) -> Span<'static> {
    if countdown.is_over() {
        Span::styled(format!(" {} over ", countdown.label()), theme.warning)
    } else {
        Span::styled(format!(" {} left ", countdown.label()), theme.accent)
    }
}

/// Rows the prompt takes when wrapped at `width` (at most 4).
fn prompt_rows(prompt: &str, width: u16) -> u16 {
    // one column of padding on each side
    let rows = crate::domain::text::wrap::wrap(prompt, usize::from(width.saturating_sub(2)));
    (rows.len() as u16 + 1).min(4)
}

/// The answer box's title: the keys to submit, add a line and leave (or,
/// once left, to come back and to end the interview).
fn answer_box_title(state: &State, session: &MockSession) -> String {
    if session.left_box {
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
    }
}

/// The bordered answer box (warning-coloured once time is up, dimmed once
/// left) with the editor inside and its counts on the bottom border.
fn render_answer_box(
    frame: &mut Frame,
    box_area: Rect,
    state: &State,
    session: &MockSession,
    countdown: Countdown,
    theme: &Theme,
) {
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
    let room = box_area.width.saturating_sub(2) as usize;
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .border_style(border)
        .title(Span::styled(
            truncate(&answer_box_title(state, session), room),
            theme.dim,
        ))
        .title_bottom(Span::styled(
            truncate(
                &format!(" {} ", editor::counts(&session.editor, &view)),
                room,
            ),
            editor::counts_style(&session.editor, theme),
        ));
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    editor::render_view(
        frame,
        inner,
        &view,
        Some("type your answer, or answer aloud and press Enter when done"),
        !session.left_box,
        theme,
    );
}

/// The footer under an answer: the words typed, the length to aim for typed
/// and aloud (never past the time limit) and the limit, in the longest form
/// that fits `width` (numbers are never cut; the shortest form otherwise).
fn answer_footer(
    session: &MockSession,
    question: &Question,
    set: &InterviewSet,
    words: usize,
    width: usize,
) -> String {
    // The targets never reach past the time limit.
    let aloud = question.target.within(session.limit);
    let typed = question
        .target
        .typed(set.thresholds.typed_min_percent)
        .within(session.limit);
    let span = |t: Target| {
        if t.min == t.max {
            clock(t.max)
        } else {
            format!("{}–{}", clock(t.min), clock(t.max))
        }
    };
    let minutes = session.limit.as_secs() / 60;
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
    forms
        .iter()
        .find(|t| display_width(t) <= width)
        .or(forms.last())
        .cloned()
        .unwrap_or_default()
}

/// The footer under a follow-up: the words typed and the keys to answer
/// and to skip, in the longest form that fits `width` (empty if none does).
fn follow_up_footer(state: &State, words: usize, width: usize) -> String {
    let submit = key(state, KeyMode::InterviewAnswer, Command::Submit);
    let skip = key(state, KeyMode::InterviewAnswer, Command::Cancel);
    [
        format!(" {words} words · {submit} answers the follow-up · {skip} skips it"),
        format!(" {words} words · {skip} skips the follow-up"),
        format!(" {skip} skips the follow-up"),
    ]
    .into_iter()
    .find(|f| display_width(f) <= width)
    .unwrap_or_default()
}
