//! `studyguide interviews`: past mock-interview sessions with every answer,
//! its time, words, signals and rubric score, as Markdown (to keep or share
//! with a coach) or JSON. Reads the store read-only; stored text goes through
//! the sanitiser; a closed pipe ends quietly.

use std::path::Path;

use chrono::SecondsFormat;
use serde::Serialize;

use crate::cli::args::{Cli, ExportFormat};
use crate::domain::content::Library;
use crate::domain::content::sanitize::sanitize_text;
use crate::domain::interview::SignalSummary;
use crate::store::{Store, StoreError, StoredInterview};

#[derive(Debug, Serialize)]
pub struct ExportedSession {
    pub set: String,
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

/// The sessions as printed, text sanitised.
pub fn gather(sessions: &[StoredInterview]) -> Vec<ExportedSession> {
    sessions
        .iter()
        .map(|s| ExportedSession {
            set: sanitize_text(&s.score.set),
            started_at: s
                .score
                .started_at
                .to_rfc3339_opts(SecondsFormat::Secs, true),
            planned: s.planned,
            limit_secs: s.limit.as_secs(),
            score: s.score.score().unwrap_or(0.0),
            answers: s
                .score
                .answers
                .iter()
                .map(|a| ExportedAnswer {
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
                })
                .collect(),
        })
        .collect()
}

fn label(library: &Library, item: &str) -> String {
    library
        .interviews
        .iter()
        .find_map(|s| s.rubric_item(item))
        .map_or_else(|| item.to_string(), |r| r.label.clone())
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
            "\n## {} · {}\n\n{} of {} questions answered · {} min per answer · rubric score {:.0}%\n",
            s.started_at,
            s.set,
            s.answers.len(),
            s.planned,
            s.limit_secs / 60,
            s.score * 100.0
        ));
        for (i, a) in s.answers.iter().enumerate() {
            out.push_str(&format!("\n### {}. {}\n\n", i + 1, a.prompt));
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
