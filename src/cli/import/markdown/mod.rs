//! `studyguide import markdown FILE` for the book's Markdown shape: a
//! chapter -> a chapter TOML file with fresh ids (any other guide is read
//! by `guide`; `markdown_run` chooses). Blocks are found with
//! pulldown-cmark and kept as their Markdown source; the shape (title,
//! introduction, interviews, insights, conclusion) is recognised from them.
//! Where the file strays from the shape a warning names `file:line:col`; no
//! text is dropped (unrecognised sections become `[[sections]]`).

use super::markdown_blocks::{Block, blocks, labels};
use super::toml_out::*;
use crate::domain::content::{LineIndex, Problem, Severity};

/// The question of a `**Q1. Question?**` paragraph or a `### Q1. ...` heading.
fn question_text(src: &str, block: &Block) -> Option<String> {
    let inner = if block.heading >= 3 {
        block.title.trim()
    } else if block.heading == 0 {
        src.strip_prefix("**")?.strip_suffix("**")?.trim()
    } else {
        return None;
    };
    let rest = inner.strip_prefix('Q')?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = rest
        .get(digits..)
        .unwrap_or_default()
        .trim_start_matches(['.', ':', ')'])
        .trim();
    (!rest.is_empty() && !rest.contains("**")).then(|| rest.to_string())
}

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

/// Converts Markdown source into a chapter file, with warnings.
pub fn convert(path: &str, src: &str) -> (ChapterFile, Vec<Problem>) {
    let mut w = Warnings {
        path,
        index: LineIndex::new(src),
        list: Vec::new(),
    };
    let all = blocks(src);
    let title_at = all.iter().position(|b| b.heading == 1);
    let (number, title) = match title_at.map(|i| &all[i]) {
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
    };
    let prefix = if number > 0 {
        format!("ch{number}")
    } else {
        slug(&title, 20)
    };
    let prefix = if prefix.is_empty() {
        "chapter".to_string()
    } else {
        prefix
    };
    let mut ids = Ids::default();
    let mut file = ChapterFile {
        id: ids.unique(&prefix),
        number,
        title,
        ..ChapterFile::default()
    };
    // Split into the introduction and level-2 sections (a second `#` title counts as one).
    let mut intro: Vec<Block> = Vec::new();
    let mut sections: Vec<(Block, Vec<Block>)> = Vec::new();
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
    if !intro.is_empty() {
        file.introduction = Some(SectionOut {
            id: ids.unique(&format!("{prefix}-intro")),
            title: "Introduction".into(),
            body: join(src, &intro),
        });
    }
    for (heading, body) in sections {
        let title = heading.title.trim().to_string();
        let lower = title.to_ascii_lowercase();
        let is_interview = body.iter().any(|b| {
            b.heading == 0
                && labels(source(src, b))
                    .first()
                    .is_some_and(|(l, _, at)| *at == 0 && l.eq_ignore_ascii_case("interviewee"))
        });
        if body.is_empty() {
            w.at(
                heading.range.start,
                format!("section `{title}` has no text; left out"),
            );
        } else if is_interview {
            interview(src, &mut w, &mut ids, &prefix, &title, &body, &mut file);
        } else if lower.starts_with("conclusion") && file.conclusion.is_none() {
            file.conclusion = Some(SectionOut {
                id: ids.unique(&format!("{prefix}-conclusion")),
                title,
                body: join(src, &body),
            });
        } else if file.insights.is_none()
            && (lower.contains("insight")
                || body.iter().all(|b| !b.items.is_empty() || b.heading == 0)
                    && body.iter().any(|b| !b.items.is_empty()))
        {
            insights(src, &mut w, &mut ids, &prefix, title, &body, &mut file);
        } else {
            w.at(heading.range.start, format!("section `{title}` is not an interview, insights or conclusion; kept as a plain section"));
            let id = ids.unique(&format!("{prefix}-{}", slug(&title, 40)));
            file.sections.push(SectionOut {
                id,
                title,
                body: join(src, &body),
            });
        }
    }
    (file, w.list)
}

fn interview(
    src: &str,
    w: &mut Warnings,
    ids: &mut Ids,
    prefix: &str,
    title: &str,
    body: &[Block],
    file: &mut ChapterFile,
) {
    let short = slug(title, 60);
    let short = short
        .strip_prefix("interview-with-")
        .map(|s| {
            s.trim_start_matches("a-")
                .trim_start_matches("an-")
                .trim_start_matches("the-")
        })
        .unwrap_or(&short);
    let id = ids.unique(&format!("{prefix}-{}", slug(short, 40)));
    let mut interviewee = String::new();
    let (mut background, mut role): (Option<String>, Option<String>) = (None, None);
    let mut answerer: Option<String> = None;
    let mut questions: Vec<(String, Vec<String>, usize)> = Vec::new();
    let mut stray: Vec<Block> = Vec::new();
    for b in body {
        let text = source(src, b);
        if let Some(q) = question_text(text, b) {
            questions.push((q, Vec::new(), b.range.start));
            continue;
        }
        let found = if b.heading == 0 {
            labels(text)
        } else {
            Vec::new()
        };
        let first = found.first().filter(|(_, _, at)| *at == 0);
        if let Some((label, _, _)) = first.filter(|(l, _, _)| l.eq_ignore_ascii_case("interviewee"))
        {
            let _ = label;
            for (label, value, at) in &found {
                match label.to_ascii_lowercase().as_str() {
                    "interviewee" => interviewee = value.clone(),
                    "background" => background = Some(value.clone()),
                    "role" => role = Some(value.clone()),
                    _ => {
                        w.at(b.range.start + at, format!("unknown label `{label}`; expected Interviewee, Background or Role; added to the background"));
                        let extra = format!("**{label}**: {value}");
                        background = Some(match background.take() {
                            Some(bg) => format!("{bg} {extra}"),
                            None => extra,
                        });
                    }
                }
            }
            continue;
        }
        let Some((_, answer, _)) = questions.last_mut() else {
            w.at(b.range.start, format!("expected `**Interviewee**: Name` or a question `**Q1. ...**` in `{title}`; kept in a plain section"));
            stray.push(b.clone());
            continue;
        };
        match first {
            Some((name, value, _)) if answer.is_empty() => {
                match &answerer {
                    Some(a) if a != name => w.at(
                        b.range.start,
                        format!(
                            "answer by `{name}`, but earlier answers in `{title}` are by `{a}`"
                        ),
                    ),
                    Some(_) => {}
                    None => answerer = Some(name.clone()),
                }
                let from_value = text
                    .find(value.as_str())
                    .and_then(|at| text.get(at..))
                    .unwrap_or(text);
                answer.push(from_value.trim().to_string());
            }
            _ => {
                if answer.is_empty() {
                    w.at(b.range.start, "expected the answer to start with the answerer's name in bold, like `**Sarah**: ...`".into());
                }
                answer.push(text.to_string());
            }
        }
    }
    if interviewee.is_empty() {
        w.at(
            body[0].range.start,
            format!("no `**Interviewee**: Name` line in `{title}`; the title is used"),
        );
        interviewee = title.to_string();
    }
    let answerer = answerer.unwrap_or_else(|| {
        interviewee
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_string()
    });
    let who = slug(&answerer, 20);
    let questions = questions
        .into_iter()
        .enumerate()
        .map(|(n, (question, answer, at))| {
            let answer = if answer.is_empty() {
                w.at(at, format!("question `{question}` has no answer"));
                "(no answer in the source)".to_string()
            } else {
                answer.join("\n\n")
            };
            QuestionOut {
                id: ids.unique(&format!("{prefix}-{who}-q{}", n + 1)),
                question,
                answer,
            }
        })
        .collect();
    file.interviews.push(InterviewOut {
        id,
        title: title.to_string(),
        interviewee,
        answerer,
        background,
        role,
        questions,
    });
    if !stray.is_empty() {
        let id = ids.unique(&format!("{prefix}-{}-notes", slug(short, 30)));
        file.sections.push(SectionOut {
            id,
            title: format!("{title} (notes)"),
            body: join(src, &stray),
        });
    }
}

fn insights(
    src: &str,
    w: &mut Warnings,
    ids: &mut Ids,
    prefix: &str,
    title: String,
    body: &[Block],
    file: &mut ChapterFile,
) {
    let id = ids.unique(&format!("{prefix}-insights"));
    let mut intro: Vec<Block> = Vec::new();
    let mut items = Vec::new();
    for b in body {
        if b.items.is_empty() {
            if !items.is_empty() {
                w.at(
                    b.range.start,
                    "text after the list of insights; added to the insights' introduction".into(),
                );
            }
            intro.push(b.clone());
            continue;
        }
        for item in &b.items {
            let text = item_text(src.get(item.clone()).unwrap_or_default());
            let (item_title, item_body) = match labels(&text).into_iter().next() {
                Some((label, _, 0)) => {
                    let after = text.find(':').map_or(0, |c| c + 1);
                    let rest = text
                        .get(after..)
                        .unwrap_or_default()
                        .trim_start_matches("**")
                        .trim();
                    (label, rest.to_string())
                }
                _ => {
                    w.at(item.start, "expected an insight as `* **Title**: text`; the first words are used as its title".into());
                    let words: Vec<&str> = text.split_whitespace().take(6).collect();
                    (words.join(" "), text.clone())
                }
            };
            let item_id = ids.unique(&format!("{prefix}-insight-{}", slug(&item_title, 30)));
            let item_body = if item_body.is_empty() {
                w.at(item.start, format!("insight `{item_title}` has no text"));
                item_title.clone()
            } else {
                item_body
            };
            items.push(SectionOut {
                id: item_id,
                title: item_title,
                body: item_body,
            });
        }
    }
    let intro = (!intro.is_empty()).then(|| join(src, &intro));
    file.insights = Some(InsightsOut {
        id,
        title,
        intro,
        items,
    });
}

/// Whether a page has the book's shape: a `Chapter N: Title` heading and an
/// interview's `**Interviewee**:` line.
pub fn looks_like_book(src: &str) -> bool {
    let all = blocks(src);
    let titled = all
        .iter()
        .find(|b| b.heading == 1)
        .is_some_and(|b| chapter_title(&b.title).is_some());
    titled
        && all.iter().any(|b| {
            b.heading == 0
                && labels(source(src, b))
                    .first()
                    .is_some_and(|(l, _, at)| *at == 0 && l.eq_ignore_ascii_case("interviewee"))
        })
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
