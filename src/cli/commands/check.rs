//! `studyguide check [DIR]`: load a content directory (or the bundled content)
//! and report every problem, as `file:line:col: severity: message` lines or JSON.
//! The card linter (`domain::lint`) adds its warnings, each with a code and
//! a suggestion; the ones a card allows (`lint.allow`) are counted apart.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use crate::domain::content::parse::{Parsed, assemble, parse_bytes_with_sources};
use crate::domain::content::sanitize::escape_controls;
use crate::domain::content::{self, CardSource, Library, Problem, Severity};
use crate::domain::lint::{self, Finding, LintReport};

/// What `check --format json` prints.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub files: usize,
    pub errors: usize,
    /// Warnings, the card linter's included (not those a card allows).
    pub warnings: usize,
    /// Loading problems, then the card linter's warnings (which add
    /// `code`, `card` and `suggestion`).
    pub problems: Vec<Entry<'a>>,
    /// The card linter's warnings that cards allow, with their reasons.
    pub allowed: &'a [Finding],
}

/// One line of the report: a loading problem or a card-linter warning.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Entry<'a> {
    Problem(&'a Problem),
    Lint(LintEntry<'a>),
}

/// A card-linter warning, shaped like a problem.
#[derive(Debug, Serialize)]
pub struct LintEntry<'a> {
    severity: Severity,
    #[serde(flatten)]
    finding: &'a Finding,
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

/// Builds the report for a library and what the linter found in it.
pub fn report<'a>(library: &'a Library, lint: &'a LintReport) -> Report<'a> {
    let count = |s| library.problems.iter().filter(|p| p.severity == s).count();
    let problems = library
        .problems
        .iter()
        .map(Entry::Problem)
        .chain(lint.warnings.iter().map(|finding| {
            Entry::Lint(LintEntry {
                severity: Severity::Warning,
                finding,
            })
        }))
        .collect();
    Report {
        files: file_count(library),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning) + lint.warnings.len(),
        problems,
        allowed: &lint.allowed,
    }
}

/// The summary line: "2 errors, 1 warning in 3 files", and when the card
/// linter found anything, its warnings by code and the allowed ones.
pub fn summary(report: &Report, lint: &LintReport) -> String {
    let mut line = format!(
        "{}, {} in {}",
        plural(report.errors, "error"),
        plural(report.warnings, "warning"),
        plural(report.files, "file")
    );
    let (warned, allowed) = lint.counts();
    if !warned.is_empty() || !allowed.is_empty() {
        let by_code: Vec<String> = warned.iter().map(|(c, n)| format!("{c} {n}")).collect();
        line.push_str("\ncard linter: ");
        line.push_str(&if by_code.is_empty() {
            "no warnings".to_string()
        } else {
            by_code.join(", ")
        });
        if !allowed.is_empty() {
            let by_code: Vec<String> = allowed.iter().map(|(c, n)| format!("{c} {n}")).collect();
            line.push_str(&format!("; allowed with a reason: {}", by_code.join(", ")));
        }
    }
    line
}

/// A card-linter warning as a line (`file:line:col: warning: [code] ...`)
/// and its suggestion on the next.
fn lint_lines(f: &Finding) -> String {
    let problem = Problem {
        path: f.path.clone(),
        line: f.line,
        col: f.col,
        severity: Severity::Warning,
        message: format!("[{}] card `{}`: {}", f.code, f.card, f.message),
    };
    format!("{problem}\n  help: {}\n", escape_controls(&f.suggestion))
}

/// Loads a content directory (or the bundled content) with where each card
/// is written, for the linter.
pub fn load_with_sources(dir: Option<&Path>) -> (Library, Vec<CardSource>) {
    let mut sources = Vec::new();
    let mut parse = |name: &str, bytes: &[u8]| -> (Option<Parsed>, Vec<Problem>) {
        let (parsed, problems, mut found) = parse_bytes_with_sources(name, bytes);
        sources.append(&mut found);
        (parsed, problems)
    };
    let (parsed, problems) = match dir {
        Some(dir) => crate::store::content_dir::read_dir_with(dir, |file| {
            Ok(parse(file.name, &file.read()?))
        }),
        None => {
            let mut all = (Vec::new(), Vec::new());
            for (name, text) in content::bundled::FILES {
                let (parsed, mut problems) = parse(name, text.as_bytes());
                all.0.extend(parsed);
                all.1.append(&mut problems);
            }
            all
        }
    };
    (assemble(parsed, problems), sources)
}

pub fn run(dir: Option<&Path>, json: bool) -> anyhow::Result<i32> {
    let (library, sources) = load_with_sources(dir);
    let lint = lint::lint(&library, &sources);
    let report = report(&library, &lint);
    let mut text = String::new();
    if json {
        text.push_str(&serde_json::to_string_pretty(&report)?);
        text.push('\n');
    } else {
        for p in &library.problems {
            text.push_str(&format!("{p}\n"));
        }
        for f in &lint.warnings {
            text.push_str(&lint_lines(f));
        }
        text.push_str(&summary(&report, &lint));
        text.push('\n');
    }
    crate::cli::output::write_output(None, &text)?;
    Ok(if report.errors > 0 { 1 } else { 0 })
}
