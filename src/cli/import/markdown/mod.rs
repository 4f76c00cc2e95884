//! `studyguide import markdown FILE` for the book's Markdown shape: a
//! chapter -> a chapter TOML file with fresh ids (any other guide is read
//! by `guide`; `markdown_run` chooses). Blocks are found with
//! pulldown-cmark and kept as their Markdown source; the shape (title,
//! introduction, interviews, insights, conclusion) is recognised from them.
//! Where the file strays from the shape a warning names `file:line:col`; no
//! text is dropped (unrecognised sections become `[[sections]]`).

mod insights;
mod interview;

use super::markdown_blocks::{Block, blocks, labels};
use super::toml_out::*;
use crate::domain::content::{LineIndex, Problem, Severity};

/// Strips a list marker (`* `, `- `, `+ `, `1. `) and the item's indentation.
fn item_text(src: &str) -> String {
    let trimmed = src.trim_start();
    let marker = if trimmed.starts_with(['*', '-', '+']) {
        1
    } else {
        let d = trimmed.chars().take_while(char::is_ascii_digit).count();
        d + usize::from(trimmed.get(d..).is_some_and(|r| r.starts_with(['.', ')'])))
    };
    let body = trimmed.get(marker..).unwrap_or_default().trim_start();
    let indent = src.len() - trimmed.len() + marker + 1;
    let mut lines = body.lines();
    let mut out = lines.next().unwrap_or_default().to_string();
    for line in lines {
        out.push('\n');
        // Only ASCII indentation is stripped: other white space (U+3000) is text.
        let strip = line.len() - line.trim_start_matches([' ', '\t']).len();
        out.push_str(line.get(strip.min(indent)..).unwrap_or(line));
    }
    out.trim_end().to_string()
}

/// Collects warnings located in the source.
struct Warnings<'a> {
    path: &'a str,
    index: LineIndex<'a>,
    list: Vec<Problem>,
}

impl Warnings<'_> {
    fn at(&mut self, offset: usize, message: String) {
        let (line, col) = self.index.position(offset);
        self.list.push(Problem {
            path: self.path.to_string(),
            line,
            col,
            severity: Severity::Warning,
            message,
        });
    }
}

fn source<'s>(src: &'s str, block: &Block) -> &'s str {
    src.get(block.range.clone()).unwrap_or_default().trim()
}

fn join(src: &str, blocks: &[Block]) -> String {
    let parts: Vec<&str> = blocks.iter().map(|b| source(src, b)).collect();
    parts.join("\n\n")
}

/// Parses `Chapter 17: Title` into its number and title.
fn chapter_title(text: &str) -> Option<(u32, String)> {
    let rest = text.trim().strip_prefix("Chapter")?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().ok()?;
    let title = rest
        .get(digits.len()..)
        .unwrap_or_default()
        .trim_start_matches([':', '.', ' ', '-', '—'])
        .trim();
    (!title.is_empty()).then(|| (number, title.to_string()))
}

/// A chapter file as it is made from the source: the source, the
/// warnings, the ids handed out and the prefix they start with.
struct Conversion<'a> {
    src: &'a str,
    w: Warnings<'a>,
    ids: Ids,
    /// `ch17` for chapter 17, else made of the title.
    prefix: String,
    file: ChapterFile,
}

/// Converts Markdown source into a chapter file, with warnings.
pub fn convert(path: &str, src: &str) -> (ChapterFile, Vec<Problem>) {
    let mut w = Warnings {
        path,
        index: LineIndex::new(src),
        list: Vec::new(),
    };
    let all = blocks(src);
    let title_at = all.iter().position(|b| b.heading == 1);
    let (number, title) = chapter_heading(title_at.and_then(|i| all.get(i)), &mut w);
    let prefix = id_prefix(number, &title);
    let mut ids = Ids::default();
    let file = ChapterFile {
        id: ids.unique(&prefix),
        number,
        title,
        ..ChapterFile::default()
    };
    let (intro, sections) = split_sections(&all, title_at, &mut w);
    let mut c = Conversion {
        src,
        w,
        ids,
        prefix,
        file,
    };
    if !intro.is_empty() {
        c.file.introduction = Some(SectionOut {
            id: c.ids.unique(&format!("{}-intro", c.prefix)),
            title: "Introduction".into(),
            body: join(src, &intro),
        });
    }
    for (heading, body) in sections {
        c.section(&heading, &body);
    }
    (c.file, c.w.list)
}

/// The chapter's number and title from its level-1 heading (`Chapter 17:
/// Title`); number 0 and a warning when it has none or another shape.
fn chapter_heading(heading: Option<&Block>, w: &mut Warnings) -> (u32, String) {
    match heading {
        Some(b) => chapter_title(&b.title).unwrap_or_else(|| {
            w.at(
                b.range.start,
                "expected a title like `Chapter 17: Title`; the chapter gets number 0".into(),
            );
            (0, b.title.trim().to_string())
        }),
        None => {
            w.at(
                0,
                "expected a level-1 title `Chapter N: Title` (`#` or `===`)".into(),
            );
            (0, "Untitled".to_string())
        }
    }
}

/// What the chapter's ids start with: `ch17` for chapter 17, else the
/// title made an id (`chapter` when that is empty).
fn id_prefix(number: u32, title: &str) -> String {
    let prefix = if number > 0 {
        format!("ch{number}")
    } else {
        slug(title, 20)
    };
    if prefix.is_empty() {
        "chapter".to_string()
    } else {
        prefix
    }
}

/// A section: its heading and its blocks.
type SectionBlocks = (Block, Vec<Block>);

/// The blocks but the title (at `title_at`) split into the introduction
/// (those before the first level-2 heading) and the level-2 sections (a
/// second `#` title counts as one), with a warning for each stray.
fn split_sections(
    all: &[Block],
    title_at: Option<usize>,
    w: &mut Warnings,
) -> (Vec<Block>, Vec<SectionBlocks>) {
    let mut intro: Vec<Block> = Vec::new();
    let mut sections: Vec<SectionBlocks> = Vec::new();
    for (i, b) in all.iter().enumerate() {
        if Some(i) == title_at {
            continue;
        }
        if b.heading == 1 || b.heading == 2 {
            if b.heading == 1 {
                w.at(
                    b.range.start,
                    "a second level-1 title; read as a level-2 section".into(),
                );
            }
            sections.push((b.clone(), Vec::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push(b.clone());
        } else {
            if title_at.is_some_and(|t| i < t) {
                w.at(
                    b.range.start,
                    "text before the chapter title; put in the introduction".into(),
                );
            }
            intro.push(b.clone());
        }
    }
    (intro, sections)
}

/// Whether a block is an interview's `**Interviewee**: Name` line.
fn is_interviewee_line(src: &str, b: &Block) -> bool {
    b.heading == 0
        && labels(source(src, b))
            .first()
            .is_some_and(|(l, _, at)| *at == 0 && l.eq_ignore_ascii_case("interviewee"))
}

impl Conversion<'_> {
    /// One level-2 section, by what it holds: an interview (it has an
    /// `**Interviewee**:` line), the conclusion, the insights (so named, or
    /// all lists), or else a plain section (with a warning).
    fn section(&mut self, heading: &Block, body: &[Block]) {
        let src = self.src;
        let title = heading.title.trim().to_string();
        let lower = title.to_ascii_lowercase();
        let is_interview = body.iter().any(|b| is_interviewee_line(src, b));
        if body.is_empty() {
            self.w.at(
                heading.range.start,
                format!("section `{title}` has no text; left out"),
            );
        } else if is_interview {
            self.interview(&title, body);
        } else if lower.starts_with("conclusion") && self.file.conclusion.is_none() {
            self.file.conclusion = Some(SectionOut {
                id: self.ids.unique(&format!("{}-conclusion", self.prefix)),
                title,
                body: join(src, body),
            });
        } else if self.file.insights.is_none()
            && (lower.contains("insight")
                || body.iter().all(|b| !b.items.is_empty() || b.heading == 0)
                    && body.iter().any(|b| !b.items.is_empty()))
        {
            self.insights(title, body);
        } else {
            self.w.at(heading.range.start, format!("section `{title}` is not an interview, insights or conclusion; kept as a plain section"));
            let id = self
                .ids
                .unique(&format!("{}-{}", self.prefix, slug(&title, 40)));
            self.file.sections.push(SectionOut {
                id,
                title,
                body: join(src, body),
            });
        }
    }
}

/// Whether a page has the book's shape: a `Chapter N: Title` heading and an
/// interview's `**Interviewee**:` line.
pub fn looks_like_book(src: &str) -> bool {
    let all = blocks(src);
    let titled = all
        .iter()
        .find(|b| b.heading == 1)
        .is_some_and(|b| chapter_title(&b.title).is_some());
    titled && all.iter().any(|b| is_interviewee_line(src, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_continuation_line_starting_with_ideographic_space_is_kept() {
        assert_eq!(item_text("* a\n\u{3000}b"), "a\n\u{3000}b");
        assert_eq!(item_text("1. a\n   \u{3000}b"), "a\n\u{3000}b");
        let (chapter, _) = convert(
            "x.md",
            "# Chapter 1: T\n\n## Insights\n\n* **A**: one\n\u{3000}two\n",
        );
        assert_eq!(chapter.number, 1);
    }
}
