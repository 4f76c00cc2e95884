//! One page's files as texts, without touching the disk: for the book's
//! shape the chapter (in parts when over the content limit); for a guide
//! also its interview sets (`NAME-interview.toml`, `NAME-interview-2.toml`,
//! …) and its deck of questions to ask (`NAME-ask.toml`).

use std::path::{Path, PathBuf};

use super::BookPage;
use super::counts::Counts;
use crate::cli::import::guide::Guide;
use crate::cli::import::guide_out::General;
use crate::cli::import::page_clean;
use crate::cli::import::part_files::{ChapterPieces, DeckPieces};
use crate::cli::import::parts;
use crate::domain::content::{LineIndex, MAX_FILE_BYTES, Problem, Severity};

/// A file to write and its text.
pub(super) type Named = (PathBuf, String);

/// A page's files, its text for standard output, what it made, its warnings.
pub(super) type Files = (Vec<Named>, Option<String>, Counts, Vec<Problem>);

/// The book shape: the chapter, in parts when it is over the content limit.
pub(super) fn book(
    shown: &str,
    text: &str,
    read: BookPage,
    base: Option<&Path>,
) -> anyhow::Result<Files> {
    let (page, chapter, mut problems) = read;
    let mut notes = Vec::new();
    let index = LineIndex::new(text);
    for (range, what) in page
        .front_range
        .iter()
        .map(|r| (r, "front matter".to_string()))
        .chain(page.dropped.iter().map(|d| (&d.range, d.what.clone())))
    {
        let (line, col) = index.position(range.start);
        let (first, last) = page_clean::lines_of(text, range);
        let lines = if last > first {
            format!("lines {first}-{last}: ")
        } else {
            String::new()
        };
        notes.push(Problem {
            path: shown.to_string(),
            line,
            col,
            severity: Severity::Warning,
            message: format!("{lines}{what} dropped"),
        });
    }
    notes.append(&mut problems);
    let counts = Counts {
        book_pages: 1,
        interviews: chapter.interviews.len(),
        book_questions: chapter.interviews.iter().map(|i| i.questions.len()).sum(),
        insights: chapter.insights.as_ref().map_or(0, |i| i.items.len()),
        sections: chapter.sections.len()
            + chapter.interviews.len()
            + usize::from(chapter.introduction.is_some())
            + usize::from(chapter.insights.is_some())
            + usize::from(chapter.conclusion.is_some()),
        left_out: page.dropped.len(),
        ..Counts::default()
    };
    let pieces = ChapterPieces::new(&chapter, shown);
    let (texts, stdout) = split(&pieces, shown, base)?;
    Ok((texts, stdout, counts, notes))
}

/// A guide page's files: the chapter (in parts if need be), its sets, the
/// deck of questions to ask. Without an output file only the chapter is
/// given (on standard output), with a warning naming what is not.
pub(super) fn guide_files(
    g: &Guide,
    shown: &str,
    base: Option<&Path>,
    general: &General,
) -> anyhow::Result<Files> {
    let counts = Counts {
        guide_pages: 1,
        questions: g.interview_questions(),
        sets: g.sets.len(),
        cards: g.chapter.cards.len(),
        sections: g.sections(),
        ask: g.ask.as_ref().map_or(0, |d| d.cards.len()),
        left_out: g.left_out,
        ..Counts::default()
    };
    let mut problems = g.problems.clone();
    let pieces = ChapterPieces::new(&g.chapter, shown);
    let (mut texts, stdout) = split(&pieces, shown, base)?;
    match base {
        Some(base) => texts.extend(practice_files(g, shown, base, general)?),
        None if !g.sets.is_empty() || g.ask.is_some() => {
            problems.push(written_only_with_output(g, shown));
        }
        None => {}
    }
    Ok((texts, stdout, counts, problems))
}

/// The files of a guide's interview sets and its deck of questions to
/// ask, beside the chapter file `base`.
fn practice_files(
    g: &Guide,
    shown: &str,
    base: &Path,
    general: &General,
) -> anyhow::Result<Vec<Named>> {
    let mut texts = Vec::new();
    for (k, set) in g.sets.iter().enumerate() {
        let suffix = match k {
            0 => "-interview".to_string(),
            k => format!("-interview-{}", k + 1),
        };
        texts.push((sibling(base, &suffix), general.set_toml(set, shown)?));
    }
    if let Some(deck) = &g.ask {
        let deck_pieces = DeckPieces {
            deck,
            origin: shown,
        };
        let whole = parts::cut(&deck_pieces, shown, MAX_FILE_BYTES, false)?;
        for text in whole {
            texts.push((sibling(base, "-ask"), text));
        }
    }
    Ok(texts)
}

/// The warning that a guide's sets (and deck) were not written, for want
/// of an output file.
fn written_only_with_output(g: &Guide, shown: &str) -> Problem {
    Problem {
        path: shown.to_string(),
        line: 1,
        col: 1,
        severity: Severity::Warning,
        message: format!(
            "{} interview set{}{} written only with -o: give an output file",
            g.sets.len(),
            if g.sets.len() == 1 { "" } else { "s" },
            match (g.ask.is_some(), g.sets.len()) {
                (true, _) => " and the deck of questions to ask are",
                (false, 1) => " is",
                (false, _) => " are",
            }
        ),
    }
}

/// `NAME.toml` -> `NAME{suffix}.toml` beside it.
fn sibling(base: &Path, suffix: &str) -> PathBuf {
    let mut name = base
        .file_stem()
        .map_or_else(|| "import".into(), std::ffi::OsStr::to_os_string);
    name.push(suffix);
    name.push(".toml");
    base.with_file_name(name)
}

/// The chapter's texts: with a base path, the files (in parts when over
/// the limit); without, the one text for standard output.
fn split(
    pieces: &ChapterPieces,
    shown: &str,
    base: Option<&Path>,
) -> anyhow::Result<(Vec<Named>, Option<String>)> {
    let texts = parts::cut(pieces, shown, MAX_FILE_BYTES, base.is_some())?;
    match base {
        None => Ok((Vec::new(), texts.into_iter().next())),
        Some(base) => Ok((
            texts
                .into_iter()
                .enumerate()
                .map(|(k, t)| (parts::part_path(base, k + 1), t))
                .collect(),
            None,
        )),
    }
}
