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

mod counts;
mod files;
mod write;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::guide::{self, Page};
use super::guide_out::General;
use super::markdown;
use super::output_ids::{Target, assign_ids};
use super::page_clean;
use super::toml_out::Ids;
use crate::cli::args::MarkdownShape;
use crate::cli::output::say;
use crate::domain::content::Problem;
use crate::domain::content::sanitize::escape_controls;
use counts::Counts;
use files::{Named, book, guide_files};

/// One page read and converted.
struct Converted {
    input: PathBuf,
    shown: String,
    /// The chapter file's path (none: standard output).
    base: Option<PathBuf>,
    texts: Vec<Named>,
    stdout: Option<String>,
    counts: Counts,
}

/// One page read: its path, how messages name it, its file stem, its text,
/// and what it was read as.
struct Input {
    path: PathBuf,
    shown: String,
    stem: String,
    text: String,
    read: Read,
}

pub fn run(input: &Path, output: Option<&Path>, shape: MarkdownShape) -> anyhow::Result<i32> {
    let folder = input.is_dir();
    let pages = if folder {
        find_pages(input)?
    } else {
        vec![input.to_path_buf()]
    };
    let target = target(input, output, folder)?;
    if let Target::File(o) = &target {
        super::refuse_overwriting_input(input, Some(o))?;
    }
    let general = General::from_bundled()?;
    let (inputs, unreadable) = read_pages(&pages, folder, shape)?;
    // Ids: unique across the pages and against the files left alone.
    let wanted: Vec<String> = inputs
        .iter()
        .map(|i| match &i.read {
            Read::Guide(g) => g.wanted_id.clone(),
            Read::Book(b) => b.1.id.clone(),
        })
        .collect();
    let (page_ids, mut ids) = assign_ids(&wanted, &target)?;
    let mut done = Vec::new();
    for (input, id) in inputs.into_iter().zip(page_ids) {
        done.push(convert(input, &id, &target, &mut ids, &general)?);
    }
    write::write_all(&done, &pages)?;
    say(&escape_controls(&summary(&target, &done, unreadable)));
    for c in &done {
        if let Some(text) = &c.stdout {
            crate::cli::output::write_output(None, text)?;
        }
    }
    Ok(0)
}

/// Where the output goes: standard output (one page, no `-o`), a file, or
/// a folder (made when missing) for a folder import or `-o DIR`.
fn target(input: &Path, output: Option<&Path>, folder: bool) -> anyhow::Result<Target> {
    Ok(match output {
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
    })
}

/// Reads every page far enough to know the id it wants. In a folder a page
/// that cannot be read is left out with a warning (and counted: the second
/// value); alone, it ends the run.
fn read_pages(
    pages: &[PathBuf],
    folder: bool,
    shape: MarkdownShape,
) -> anyhow::Result<(Vec<Input>, usize)> {
    let mut inputs = Vec::new();
    let mut unreadable = 0;
    for path in pages {
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
        let read = if let Some(page) = book_page(&text, shape) {
            let (chapter, problems) = markdown::convert(&shown, &page.text);
            Read::Book(Box::new((page, chapter, problems)))
        } else {
            Read::Guide(Box::new(guide::read(&Page {
                shown: &shown,
                stem: &stem,
                src: &text,
            })))
        };
        inputs.push(Input {
            path: path.clone(),
            shown,
            stem,
            text,
            read,
        });
    }
    Ok((inputs, unreadable))
}

/// Converts a page read into its files (under its unique `id`), and prints
/// its warnings.
fn convert(
    input: Input,
    id: &str,
    target: &Target,
    ids: &mut Ids,
    general: &General,
) -> anyhow::Result<Converted> {
    let Input {
        path,
        shown,
        stem,
        text,
        read,
    } = input;
    let base = match target {
        Target::Stdout => None,
        Target::File(o) => Some(o.clone()),
        Target::Dir(d) => Some(d.join(format!("{id}.toml"))),
    };
    let (texts, stdout, counts, problems) = match read {
        Read::Book(b) => book(&shown, &text, *b, base.as_deref())?,
        Read::Guide(g) => {
            let page = Page {
                shown: &shown,
                stem: &stem,
                src: &text,
            };
            let converted = guide::convert(&page, *g, id, ids);
            guide_files(&converted, &shown, base.as_deref(), general)?
        }
    };
    crate::cli::output::print_problems(&problems);
    Ok(Converted {
        input: path,
        shown,
        base,
        texts,
        stdout,
        counts,
    })
}

/// The run's closing line: what the pages made (and how many could not be
/// read), and where it was written.
fn summary(target: &Target, done: &[Converted], unreadable: usize) -> String {
    let mut total = Counts::default();
    for c in done {
        total.add(&c.counts);
    }
    total.left_out += unreadable;
    let files: usize = done.iter().map(|c| c.texts.len()).sum();
    match (target, done) {
        (Target::Stdout, [one]) => format!("{}: {}", one.shown, total.line()),
        (Target::File(o), [one]) => format!(
            "{}: {}; written to {}{}",
            one.shown,
            total.line(),
            o.display(),
            match files {
                0 | 1 => String::new(),
                2 => " and 1 file beside it".to_string(),
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
    }
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
        let mut ids = Ids::default();
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
