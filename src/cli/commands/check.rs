//! `studyguide check [DIR]`: load a content directory (or the bundled content)
//! and report every problem, as `file:line:col: severity: message` lines or JSON.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use crate::domain::content::{self, Library, Problem, Severity};

/// What `check --json` prints.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub problems: &'a [Problem],
}

/// The number of files a library came from (loaded or refused).
fn file_count(library: &Library) -> usize {
    let mut files: BTreeSet<&str> = BTreeSet::new();
    files.extend(library.chapters.iter().map(|c| c.source.as_str()));
    files.extend(library.decks.iter().map(|d| d.source.as_str()));
    files.extend(library.interviews.iter().map(|s| s.source.as_str()));
    files.extend(library.problems.iter().map(|p| p.path.as_str()));
    files.len()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Builds the report for a library.
pub fn report(library: &Library) -> Report<'_> {
    let count = |s| library.problems.iter().filter(|p| p.severity == s).count();
    Report {
        files: file_count(library),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        problems: &library.problems,
    }
}

/// The summary line: "2 errors, 1 warning in 3 files".
pub fn summary(report: &Report) -> String {
    format!(
        "{}, {} in {}",
        plural(report.errors, "error"),
        plural(report.warnings, "warning"),
        plural(report.files, "file")
    )
}

pub fn run(dir: Option<&Path>, json: bool) -> anyhow::Result<i32> {
    let library = match dir {
        Some(dir) => crate::store::content_dir::load_dir(dir),
        None => content::bundled::load(),
    };
    let report = report(&library);
    let mut text = String::new();
    if json {
        text.push_str(&serde_json::to_string_pretty(&report)?);
        text.push('\n');
    } else {
        for p in report.problems {
            text.push_str(&format!("{p}\n"));
        }
        text.push_str(&summary(&report));
        text.push('\n');
    }
    crate::cli::output::write_output(None, &text)?;
    Ok(if report.errors > 0 { 1 } else { 0 })
}
