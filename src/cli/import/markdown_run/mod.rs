//! `studyguide import markdown PATH [-o OUT] [--shape auto|book|guide]`: one
//! page or a folder of pages (every `.md`, `.markdown` and `.mdx` under it,
//! hidden folders skipped) to content files. Each page gives a chapter file
//! and, for a guide, its interview sets and its deck of questions to ask,
//! named after the chapter file: `NAME.toml`, `NAME-interview.toml`,
//! `NAME-interview-2.toml`, …, `NAME-ask.toml` (and `NAME-part2.toml`, …
//! for a chapter over the content limit). Ids are unique across the pages
//! and against the other files already in the output folder. Everything
//! is checked as `check` would load it, then written together; one summary
//! closes the run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::guide::{self, Guide, Page};
use super::guide_out::General;
use super::markdown;
use super::output_ids::{Target, assign_ids, owned_by};
use super::page_clean;
use super::part_files::{ChapterPieces, DeckPieces};
use super::parts;
use crate::cli::args::MarkdownShape;
use crate::cli::output::say;
use crate::domain::content::sanitize::escape_controls;
use crate::domain::content::{MAX_FILE_BYTES, Problem};

/// One page read and converted.
struct Converted {
    input: PathBuf,
    shown: String,
    /// The chapter file's path (none: standard output).
    base: Option<PathBuf>,
    texts: Vec<(PathBuf, String)>,
    stdout: Option<String>,
    counts: Counts,
}

/// What the run made, added up over the pages.
#[derive(Default)]
struct Counts {
    guide_pages: usize,
    questions: usize,
    sets: usize,
    cards: usize,
    sections: usize,
    ask: usize,
    left_out: usize,
    /// Pages in the book's shape, their interviews, questions and insights.
    book_pages: usize,
    interviews: usize,
    book_questions: usize,
    insights: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.guide_pages += o.guide_pages;
        self.questions += o.questions;
        self.sets += o.sets;
        self.cards += o.cards;
        self.sections += o.sections;
        self.ask += o.ask;
        self.left_out += o.left_out;
        self.book_pages += o.book_pages;
        self.interviews += o.interviews;
        self.book_questions += o.book_questions;
        self.insights += o.insights;
    }

    /// "29 interview questions in 2 sets, 41 cards, 12 sections; 0 left out"
    fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if self.guide_pages > 0 || self.book_pages == 0 {
            parts.push(format!(
                "{} in {}, {}",
                plural(self.questions, "interview question", "interview questions"),
                plural(self.sets, "set", "sets"),
                plural(self.cards, "card", "cards"),
            ));
        }
        if self.book_pages > 0 {
            let which = match self.book_pages {
                1 => "the book's chapter shape".to_string(),
                n => format!("{n} chapters in the book's shape"),
            };
            parts.push(format!(
                "{which}: {}, {}, {}",
                plural(self.interviews, "interview", "interviews"),
                plural(self.book_questions, "question", "questions"),
                plural(self.insights, "insight", "insights"),
            ));
        }
        parts.push(plural(self.sections, "section", "sections"));
        if self.ask > 0 {
            parts.push(plural(self.ask, "question to ask", "questions to ask"));
        }
        let mut line = format!("{}; {} left out", parts.join(", "), self.left_out);
        if self.left_out > 0 {
            line.push_str(" (named above)");
        }
        line
    }
}

pub fn run(input: &Path, output: Option<&Path>, shape: MarkdownShape) -> anyhow::Result<i32> {
    let folder = input.is_dir();
    let pages = if folder {
        find_pages(input)?
    } else {
        vec![input.to_path_buf()]
    };
    let target = match output {
        None if folder => bail!(
            "{} is a folder; give the content folder to write its pages to with -o DIR",
            input.display()
        ),
        None => Target::Stdout,
        Some(o) if o.is_dir() || folder || o.as_os_str().to_string_lossy().ends_with('/') => {
            if o.exists() && !o.is_dir() {
                bail!(
                    "{} is not a folder; a folder import writes one file per page into a folder",
                    o.display()
                );
            }
            std::fs::create_dir_all(o).with_context(|| format!("cannot create {}", o.display()))?;
            Target::Dir(o.to_path_buf())
        }
        Some(o) => Target::File(o.to_path_buf()),
    };
    if let Target::File(o) = &target {
        super::refuse_overwriting_input(input, Some(o))?;
    }
    let general = General::from_bundled()?;

    // Read every page and the id each wants.
    let mut read: Vec<(PathBuf, String, String, Read)> = Vec::new();
    let mut unreadable = 0;
    for path in &pages {
        let shown = path.display().to_string();
        let text = match super::read_input(path) {
            Ok(text) => text,
            Err(e) if folder => {
                say(&escape_controls(&format!(
                    "{shown}: warning: {e:#}; page left out"
                )));
                unreadable += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let r = if let Some(page) = book_page(&text, shape) {
            let (chapter, problems) = markdown::convert(&shown, &page.text);
            Read::Book(Box::new((page, chapter, problems)))
        } else {
            Read::Guide(Box::new(guide::read(&Page {
                shown: &shown,
                stem: &stem,
                src: &text,
            })))
        };
        read.push((path.clone(), shown, text, r));
    }

    // Ids: unique across the pages and against the files left alone.
    let wanted: Vec<String> = read
        .iter()
        .map(|(_, _, _, r)| match r {
            Read::Guide(g) => g.wanted_id.clone(),
            Read::Book(b) => b.1.id.clone(),
        })
        .collect();
    let (page_ids, mut ids) = assign_ids(&wanted, &target)?;

    let mut done = Vec::new();
    for ((path, shown, text, r), id) in read.into_iter().zip(page_ids) {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let base = match &target {
            Target::Stdout => None,
            Target::File(o) => Some(o.clone()),
            Target::Dir(d) => Some(d.join(format!("{id}.toml"))),
        };
        let (texts, stdout, counts, problems) = match r {
            Read::Book(b) => book(&shown, &text, *b, base.as_deref())?,
            Read::Guide(g) => {
                let page = Page {
                    shown: &shown,
                    stem: &stem,
                    src: &text,
                };
                let converted = guide::convert(&page, *g, &id, &mut ids);
                guide_files(&converted, &shown, base.as_deref(), &general)?
            }
        };
        crate::cli::output::print_problems(&problems);
        done.push(Converted {
            input: path,
            shown,
            base,
            texts,
            stdout,
            counts,
        });
    }
    write_all(&done, &pages)?;

    let mut total = Counts::default();
    for c in &done {
        total.add(&c.counts);
    }
    total.left_out += unreadable;
    let files: usize = done.iter().map(|c| c.texts.len()).sum();
    let summary = match (&target, done.as_slice()) {
        (Target::Stdout, [one]) => format!("{}: {}", one.shown, total.line()),
        (Target::File(o), [one]) => format!(
            "{}: {}; written to {}{}",
            one.shown,
            total.line(),
            o.display(),
            match files {
                0 | 1 => String::new(),
                n => format!(" and {} files beside it", n - 1),
            }
        ),
        (Target::Dir(d), _) => format!(
            "{} page{}: {}; {files} files written to {}",
            done.len(),
            if done.len() == 1 { "" } else { "s" },
            total.line(),
            d.display()
        ),
        _ => total.line(),
    };
    say(&escape_controls(&summary));
    for c in &done {
        if let Some(text) = &c.stdout {
            crate::cli::output::write_output(None, text)?;
        }
    }
    Ok(0)
}

/// One page's files as texts, with its warnings, without touching the disk:
/// what `run` would write for it to `page.toml` (for tests and tools).
pub fn page_texts(
    shown: &str,
    stem: &str,
    text: &str,
    shape: MarkdownShape,
) -> anyhow::Result<(Vec<String>, Vec<Problem>)> {
    let base = Path::new("page.toml");
    let (files, _, _, problems) = if let Some(page) = book_page(text, shape) {
        let (chapter, problems) = markdown::convert(shown, &page.text);
        book(shown, text, (page, chapter, problems), Some(base))?
    } else {
        let page = Page {
            shown,
            stem,
            src: text,
        };
        let read = guide::read(&page);
        let id = read.wanted_id.clone();
        let mut ids = super::toml_out::Ids::default();
        ids.reserve(&id);
        let converted = guide::convert(&page, read, &id, &mut ids);
        guide_files(&converted, shown, Some(base), &General::from_bundled()?)?
    };
    Ok((files.into_iter().map(|(_, t)| t).collect(), problems))
}

/// A page in the book's shape: cleaned, converted, with the warnings.
type BookPage = (
    page_clean::CleanPage,
    super::toml_out::ChapterFile,
    Vec<Problem>,
);

enum Read {
    Book(Box<BookPage>),
    Guide(Box<guide::ReadPage>),
}

/// The page cleaned, when it is read in the book's chapter shape: asked
/// for, or (auto) a `Chapter N: Title` heading and an `**Interviewee**:` line.
fn book_page(text: &str, shape: MarkdownShape) -> Option<page_clean::CleanPage> {
    match shape {
        MarkdownShape::Guide => None,
        MarkdownShape::Book => Some(page_clean::clean(text)),
        MarkdownShape::Auto => {
            let page = page_clean::clean(text);
            markdown::looks_like_book(&page.text).then_some(page)
        }
    }
}

/// Every Markdown page under `dir`, sorted; hidden entries (`.obsidian`,
/// `.git`) and `node_modules` skipped.
fn find_pages(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut pages = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let entries =
            std::fs::read_dir(&d).with_context(|| format!("cannot read {}", d.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "node_modules" {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                todo.push(path);
            } else if kind.is_file() {
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase());
                if matches!(ext.as_deref(), Some("md" | "markdown" | "mdx")) {
                    pages.push(path);
                }
            }
        }
    }
    pages.sort();
    if pages.is_empty() {
        bail!(
            "no Markdown pages (.md, .markdown, .mdx) in {}",
            dir.display()
        );
    }
    Ok(pages)
}

/// A file to write and its text.
type Named = (PathBuf, String);

/// A page's files, its text for standard output, what it made, its warnings.
type Files = (Vec<Named>, Option<String>, Counts, Vec<Problem>);

/// The book shape: the chapter, in parts when it is over the content limit.
fn book(shown: &str, text: &str, read: BookPage, base: Option<&Path>) -> anyhow::Result<Files> {
    let (page, chapter, mut problems) = read;
    let mut notes = Vec::new();
    let index = crate::domain::content::LineIndex::new(text);
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
            severity: crate::domain::content::Severity::Warning,
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
/// deck of questions to ask.
fn guide_files(
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
        Some(base) => {
            for (k, set) in g.sets.iter().enumerate() {
                let path = sibling(
                    base,
                    &match k {
                        0 => "-interview".to_string(),
                        k => format!("-interview-{}", k + 1),
                    },
                );
                texts.push((path, general.set_toml(set, shown)?));
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
        }
        None if !g.sets.is_empty() || g.ask.is_some() => problems.push(Problem {
            path: shown.to_string(),
            line: 1,
            col: 1,
            severity: crate::domain::content::Severity::Warning,
            message: format!(
                "{} interview set{}{} written only with -o: give an output file",
                g.sets.len(),
                if g.sets.len() == 1 { "" } else { "s" },
                if g.ask.is_some() {
                    " and the deck of questions to ask are"
                } else {
                    " are"
                }
            ),
        }),
        None => {}
    }
    Ok((texts, stdout, counts, problems))
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

/// Checks every file as `check` loads it, refuses to write over an input,
/// writes them all together, and names files an earlier import left.
fn write_all(done: &[Converted], inputs: &[PathBuf]) -> anyhow::Result<()> {
    let mut paths = Vec::new();
    let mut texts = Vec::new();
    let mut names = Vec::new();
    for c in done {
        for (path, text) in &c.texts {
            paths.push(path.clone());
            names.push(path.display().to_string());
            texts.push(text.clone());
        }
        if let Some(text) = &c.stdout {
            names.push(c.shown.clone());
            texts.push(text.clone());
        }
    }
    parts::check_all(&texts, &names)?;
    for path in &paths {
        for input in inputs {
            super::refuse_overwriting_input(input, Some(path))?;
        }
    }
    let files: Vec<(PathBuf, &[u8])> = done
        .iter()
        .flat_map(|c| c.texts.iter().map(|(p, t)| (p.clone(), t.as_bytes())))
        .collect();
    if files.is_empty() {
        return Ok(());
    }
    crate::store::atomic_file::write_all_atomically(&files)
        .with_context(|| format!("cannot write the {} files of the import", files.len()))?;
    // Files an earlier, bigger import left: they would load stale ids.
    let written: BTreeSet<&PathBuf> = paths.iter().collect();
    for c in done {
        let Some(base) = &c.base else { continue };
        let dir = base
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &dir
        }) else {
            continue;
        };
        let mut stale: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| owned_by(base, &e.file_name().to_string_lossy()))
            .map(|e| base.with_file_name(e.file_name()))
            .filter(|p| !written.contains(p))
            .collect();
        stale.sort();
        for p in stale {
            say(&escape_controls(&format!(
                "{}: warning: left from an earlier import of {}, and not made this time; remove it",
                p.display(),
                c.input.display()
            )));
        }
    }
    Ok(())
}
