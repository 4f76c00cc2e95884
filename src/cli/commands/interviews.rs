//! `studyguide interviews`: past mock-interview sessions with every attempt,
//! its time, words, signals, rubric score, self-rating and follow-ups, and
//! for a question tried again what changed since the try before, as
//! Markdown (to keep or share with a coach) or JSON. Reads the store
//! read-only; stored text goes through the sanitiser; a closed pipe ends
//! quietly.

use std::path::Path;

use chrono::SecondsFormat;
use serde::Serialize;

use crate::cli::args::{Cli, ExportFormat};
use crate::domain::content::Library;
use crate::domain::content::sanitize::{sanitize_line, sanitize_text};
use crate::domain::interview::{Attempt, SessionRecord, SignalSummary, by_question, change};
use crate::store::{Store, StoreError};

#[derive(Debug, Serialize)]
pub struct ExportedSession {
    /// The session's unique id.
    pub id: String,
    pub set: String,
    /// `live` or `practice`.
    pub mode: String,
    /// RFC 3339.
    pub started_at: String,
    pub planned: usize,
    pub limit_secs: u64,
    /// Mean rubric score of the answers, 0 to 1.
    pub score: f64,
    pub answers: Vec<ExportedAnswer>,
}

#[derive(Debug, Serialize)]
pub struct ExportedAnswer {
    /// The attempt's unique id.
    pub id: String,
    /// RFC 3339.
    pub answered_at: String,
    /// Which try at this question it was, from 1 (over every session).
    pub attempt: usize,
    /// The id of the try before, if any.
    pub previous: Option<String>,
    /// What changed since the try before.
    pub change: Option<ExportedChange>,
    /// 1 (again) to 4 (easy), after reading the model advice.
    pub self_rating: Option<u8>,
    pub follow_ups: Vec<ExportedFollowUp>,
    pub question: String,
    pub prompt: String,
    /// `null` for an answer given aloud.
    pub answer: Option<String>,
    pub time_secs: f64,
    pub overrun_secs: f64,
    pub words: usize,
    pub rated_against: Vec<String>,
    pub ticked: Vec<String>,
    pub missed: Vec<String>,
    pub score: f64,
    pub signals: Option<SignalSummary>,
}

#[derive(Debug, Serialize)]
pub struct ExportedChange {
    pub words: i64,
    pub time_secs: i64,
    /// Talking points covered, now minus before.
    pub covered: i64,
    pub gained: Vec<String>,
    pub lost: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ExportedFollowUp {
    pub prompt: String,
    /// `null` when answered aloud.
    pub answer: Option<String>,
    pub time_secs: f64,
}

/// Each attempt's place among the tries at its question: its number from
/// 1 and the try before it.
fn tries(sessions: &[SessionRecord]) -> Vec<(&str, usize, Option<&Attempt>)> {
    let mut out = Vec::new();
    for q in by_question(sessions) {
        for (i, a) in q.attempts.iter().enumerate() {
            let before = i.checked_sub(1).and_then(|j| q.attempts.get(j).copied());
            out.push((a.id.as_str(), i + 1, before));
        }
    }
    out
}

/// The sessions as printed, text sanitised.
pub fn gather(sessions: &[SessionRecord]) -> Vec<ExportedSession> {
    let tries = tries(sessions);
    sessions
        .iter()
        .map(|s| ExportedSession {
            id: sanitize_text(&s.id),
            set: sanitize_text(&s.set),
            mode: s.mode.name().to_string(),
            started_at: rfc3339(s.started_at),
            planned: s.planned,
            limit_secs: s.limit.as_secs(),
            score: s.score().score().unwrap_or(0.0),
            answers: s
                .attempts
                .iter()
                .map(|attempt| {
                    let (number, before) = tries
                        .iter()
                        .find(|(id, _, _)| *id == attempt.id)
                        .map_or((1, None), |(_, n, b)| (*n, *b));
                    exported_answer(attempt, number, before)
                })
                .collect(),
        })
        .collect()
}

/// A time as printed: RFC 3339, to the second, in UTC.
fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One attempt as printed, text sanitised: try `number` at its question,
/// `before` the try before it.
fn exported_answer(attempt: &Attempt, number: usize, before: Option<&Attempt>) -> ExportedAnswer {
    let a = &attempt.score;
    ExportedAnswer {
        id: sanitize_text(&attempt.id),
        answered_at: rfc3339(attempt.answered_at),
        attempt: number,
        previous: before.map(|b| sanitize_text(&b.id)),
        change: before.map(|b| exported_change(b, attempt)),
        self_rating: attempt.self_rating.map(|g| g.as_u8()),
        follow_ups: attempt
            .follow_ups
            .iter()
            .map(|f| ExportedFollowUp {
                prompt: sanitize_text(&f.prompt),
                answer: f.answer.as_deref().map(sanitize_text),
                time_secs: f.time_taken.as_secs_f64(),
            })
            .collect(),
        question: sanitize_text(&a.question),
        prompt: sanitize_text(&a.prompt),
        answer: a.answer.as_deref().map(sanitize_text),
        time_secs: a.time_taken.as_secs_f64(),
        overrun_secs: a.overrun().as_secs_f64(),
        words: a.words(),
        rated_against: a.rated_against.iter().map(|i| sanitize_text(i)).collect(),
        ticked: a
            .rated_against
            .iter()
            .filter(|i| a.rating.is_ticked(i))
            .map(|i| sanitize_text(i))
            .collect(),
        missed: a.missed().map(sanitize_text).collect(),
        score: a.score(),
        signals: a.signals.clone(),
    }
}

/// What changed from the try `before` to `attempt`, as printed.
fn exported_change(before: &Attempt, attempt: &Attempt) -> ExportedChange {
    let c = change(before, attempt);
    ExportedChange {
        words: c.words,
        time_secs: c.seconds,
        covered: c.covered,
        gained: c.gained.iter().map(|i| sanitize_text(i)).collect(),
        lost: c.lost.iter().map(|i| sanitize_text(i)).collect(),
    }
}

fn label(library: &Library, item: &str) -> String {
    library
        .interviews
        .iter()
        .find_map(|s| s.rubric_item(item))
        .map_or_else(|| sanitize_line(item), |r| sanitize_line(&r.label))
}

fn clock(secs: f64) -> String {
    let s = secs as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The sessions as a Markdown report.
pub fn to_markdown(sessions: &[ExportedSession], library: &Library) -> String {
    let mut out = String::from("# Mock interviews\n");
    if sessions.is_empty() {
        out.push_str("\nNo sessions yet. Press 5 in the app to start one.\n");
    }
    for s in sessions {
        out.push_str(&format!(
            "\n## {} · {} ({})\n\n{} of {} questions answered · {} min per answer · rubric score {:.0}%\n",
            s.started_at,
            sanitize_line(&s.set),
            s.mode,
            s.answers.len(),
            s.planned,
            s.limit_secs / 60,
            s.score * 100.0
        ));
        for (i, a) in s.answers.iter().enumerate() {
            out.push_str(&answer_markdown(i + 1, a, library));
        }
    }
    out
}

/// Answer `number` of its session as Markdown: its question as a heading,
/// the time, words and score, the answer quoted, the talking points done and
/// missed, then the [`attempt_notes`].
fn answer_markdown(number: usize, a: &ExportedAnswer, library: &Library) -> String {
    let try_no = if a.attempt > 1 {
        format!(" (try {})", a.attempt)
    } else {
        String::new()
    };
    // one line: a question of several lines cannot start headings
    let mut out = format!("\n### {number}. {}{try_no}\n\n", sanitize_line(&a.prompt));
    let over = if a.overrun_secs > 0.0 {
        format!(" ({} over)", clock(a.overrun_secs))
    } else {
        String::new()
    };
    match &a.answer {
        Some(text) => out.push_str(&format!(
            "{}{over} · {} words · score {:.0}%\n\n> {}\n",
            clock(a.time_secs),
            a.words,
            a.score * 100.0,
            text.replace('\n', "\n> ")
        )),
        None => out.push_str(&format!(
            "{}{over} · answered aloud · score {:.0}%\n",
            clock(a.time_secs),
            a.score * 100.0
        )),
    }
    let ticked: Vec<String> = a.ticked.iter().map(|t| label(library, t)).collect();
    let missed: Vec<String> = a.missed.iter().map(|t| label(library, t)).collect();
    if !ticked.is_empty() {
        out.push_str(&format!("\n- Done: {}\n", ticked.join(", ")));
    }
    if !missed.is_empty() {
        let lead = if ticked.is_empty() { "\n" } else { "" };
        out.push_str(&format!("{lead}- Missed: {}\n", missed.join(", ")));
    }
    out.push_str(&attempt_notes(a, library));
    out
}

/// The self-rating, what changed since the try before and the follow-ups,
/// as Markdown lines.
fn attempt_notes(a: &ExportedAnswer, library: &Library) -> String {
    let mut out = String::new();
    if let Some(g) = a.self_rating {
        let name = ["again", "hard", "good", "easy"]
            .get(usize::from(g.saturating_sub(1)))
            .copied()
            .unwrap_or("?");
        out.push_str(&format!("- Self-rating: {g} ({name})\n"));
    }
    if let Some(c) = &a.change {
        let mut said = vec![
            format!("{:+} words", c.words),
            format!(
                "{}{} s",
                if c.time_secs < 0 { "" } else { "+" },
                c.time_secs
            ),
            format!("{:+} points", c.covered),
        ];
        if !c.gained.is_empty() {
            let names: Vec<String> = c.gained.iter().map(|t| label(library, t)).collect();
            said.push(format!("now covers {}", names.join(", ")));
        }
        if !c.lost.is_empty() {
            let names: Vec<String> = c.lost.iter().map(|t| label(library, t)).collect();
            said.push(format!("no longer covers {}", names.join(", ")));
        }
        out.push_str(&format!(
            "- Since try {}: {}\n",
            a.attempt - 1,
            said.join(", ")
        ));
    }
    for f in &a.follow_ups {
        let prompt = sanitize_line(&f.prompt);
        match &f.answer {
            Some(text) => out.push_str(&format!(
                "\n**Follow-up:** {prompt}\n\n> {}\n",
                text.replace('\n', "\n> ")
            )),
            None => out.push_str(&format!(
                "\n**Follow-up:** {prompt} (answered aloud, {})\n",
                clock(f.time_secs)
            )),
        }
    }
    out
}

pub fn to_json(sessions: &[ExportedSession]) -> String {
    let mut out = serde_json::to_string_pretty(sessions).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// Reads the store at `store_path` read-only (a missing store has no
/// sessions) and formats its sessions.
pub fn render(
    store_path: &Path,
    library: &Library,
    format: ExportFormat,
) -> Result<String, StoreError> {
    let sessions = match Store::open_read_only(store_path) {
        Ok(store) => store.interviews()?,
        Err(StoreError::Missing { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };
    let exported = gather(&sessions);
    Ok(match format {
        ExportFormat::Markdown => to_markdown(&exported, library),
        ExportFormat::Json => to_json(&exported),
    })
}

/// `studyguide interviews`.
pub fn run(cli: &Cli, format: ExportFormat) -> anyhow::Result<i32> {
    let library = crate::cli::context::load_library(cli);
    let text = render(&crate::cli::context::cli_store_path(cli), &library, format)?;
    crate::cli::output::write_output(None, &text)?;
    Ok(0)
}
