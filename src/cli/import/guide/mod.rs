//! `import markdown` for any interview guide (CommonMark/GFM, front matter,
//! MDX, Obsidian, Notion exports): a page becomes a chapter whose sections
//! are its headings, cards for every answered question and every term,
//! mock-interview sets of its questions (one per heading that holds them),
//! and a deck of the questions to ask the interviewer. Every line is placed
//! in the chapter's text or named in a warning. Reading the page (its
//! title, id and tags) and the steps of a conversion live here; the
//! chapter's text in [`sections`], what is made to practise in [`practice`].

mod practice;
mod sections;

use std::ops::Range;

use super::guide_text::{has_notion_suffix, plain_markdown, stem_title, tidy};
use super::guide_tree::{Kind, Node, tree};
use super::guide_walk::Found;
use super::page_clean::{CleanPage, clean, lines_of};
use super::toml_out::{ChapterFile, DeckFile, Ids, SectionOut, slug};
use crate::domain::content::{LineIndex, Problem, Severity};
use sections::Outline;

/// A page to import: how it is named in messages, its file stem, its text.
pub struct Page<'a> {
    pub shown: &'a str,
    pub stem: &'a str,
    pub src: &'a str,
}

/// A page read far enough to know its title and the id it asks for.
pub struct ReadPage {
    pub clean: CleanPage,
    roots: Vec<Node>,
    pub title: String,
    /// The root that was the title heading.
    title_at: Option<usize>,
    /// The id wanted (front matter, title or file name), not yet unique.
    pub wanted_id: String,
    pub tags: Vec<String>,
    /// Notion's property lines under the title, read as metadata.
    properties: Option<Range<usize>>,
}

/// One mock-interview set made from a page.
#[derive(Debug, Clone, PartialEq)]
pub struct SetOut {
    pub id: String,
    pub title: String,
    pub questions: Vec<SetQuestion>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SetQuestion {
    pub id: String,
    pub prompt: String,
    /// The guide's own answer under the question, as the model advice.
    pub guide_answer: Option<String>,
    /// It asks for a story (rated on STAR).
    pub story: bool,
}

/// Everything one page gives.
#[derive(Debug)]
pub struct Guide {
    pub chapter: ChapterFile,
    pub sets: Vec<SetOut>,
    /// The questions to ask the interviewer, as a deck.
    pub ask: Option<DeckFile>,
    pub problems: Vec<Problem>,
    /// Things dropped (MDX, comments, empty headings), each named in `problems`.
    pub left_out: usize,
}

impl Guide {
    pub fn interview_questions(&self) -> usize {
        self.sets.iter().map(|s| s.questions.len()).sum()
    }

    pub fn sections(&self) -> usize {
        self.chapter.sections.len() + usize::from(self.chapter.introduction.is_some())
    }
}

/// Reads a page: cleans it, finds its title and the id it wants.
pub fn read(page: &Page) -> ReadPage {
    let clean = clean(page.src);
    let roots = tree(&clean.text);
    let (title, title_at) = title(&clean, &roots, page.stem);
    let wanted_id = wanted_id(&clean, &title, page.stem);
    let mut tags = clean.front.tags.clone();
    let next = title_at.map_or(0, |t| t + 1);
    let properties = roots
        .get(next)
        .filter(|_| has_notion_suffix(page.stem))
        .and_then(|n| {
            tags.extend(notion_property_tags(&clean.text, n)?);
            Some(n.range.clone())
        });
    ReadPage {
        clean,
        roots,
        title,
        title_at,
        wanted_id,
        tags,
        properties,
    }
}

/// The page's title (the front matter's, a first `#` heading's, or one
/// made of the file name `stem`), its white space made single spaces; and
/// the root that was the title heading, if one was.
fn title(clean: &CleanPage, roots: &[Node], stem: &str) -> (String, Option<usize>) {
    let first_h1 = roots.first().filter(|n| n.kind == Kind::Heading(1));
    let heading_title = first_h1.map(|n| tidy(&plain_markdown(&n.text)));
    let (title, title_at) = match (&clean.front.title, heading_title) {
        (Some(front), Some(h)) if h.eq_ignore_ascii_case(front) => (front.clone(), Some(0)),
        (Some(front), _) => (front.clone(), None),
        (None, Some(h)) if !h.is_empty() => (h, Some(0)),
        _ => (stem_title(stem), None),
    };
    let title = if title.trim().is_empty() {
        "Untitled page".to_string()
    } else {
        title.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    (title, title_at)
}

/// The id a page asks for (not yet unique): its front matter's, else one
/// made of its title or of its file name `stem`.
fn wanted_id(clean: &CleanPage, title: &str, stem: &str) -> String {
    clean
        .front
        .id
        .as_deref()
        .map(|id| slug(id, 40))
        .filter(|s| !s.is_empty())
        .or_else(|| Some(slug(title, 40)).filter(|s| !s.is_empty()))
        .or_else(|| Some(slug(&stem_title(stem), 40)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| {
            // No letters to make an id of (a title in another script): a
            // short hash of the title and file name keeps pages apart.
            let hash = xxhash_rust::xxh3::xxh3_64(format!("{title}\n{stem}").as_bytes());
            format!("page-{:08x}", hash >> 32)
        })
}

/// When `node` is a paragraph of Notion's page properties (every line a
/// `Key: value`, each key a few letters, digits and spaces): the tags its
/// `Tags`, `Category` or `Type` lines name. `text` is the cleaned page.
fn notion_property_tags(text: &str, node: &Node) -> Option<Vec<String>> {
    if node.kind != Kind::Paragraph {
        return None;
    }
    let text = text.get(node.range.clone())?;
    let pairs: Vec<(&str, &str)> = text
        .lines()
        .map(|l| l.split_once(": "))
        .collect::<Option<Vec<_>>>()?;
    let ok = pairs.iter().all(|(k, _)| {
        k.chars().count() <= 30 && k.chars().all(|c| c.is_alphanumeric() || c == ' ')
    });
    if !ok {
        return None;
    }
    let tagging = |key: &str| {
        matches!(
            key.to_lowercase().as_str(),
            "tags" | "tag" | "category" | "type"
        )
    };
    let tags = pairs
        .into_iter()
        .filter(|(key, _)| tagging(key))
        .flat_map(|(_, value)| value.split(','))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    Some(tags)
}

/// Collects warnings located in the original page.
struct Notes<'a> {
    shown: &'a str,
    src: &'a str,
    index: LineIndex<'a>,
    list: Vec<Problem>,
}

impl<'a> Notes<'a> {
    fn new(page: &Page<'a>) -> Self {
        Notes {
            shown: page.shown,
            src: page.src,
            index: LineIndex::new(page.src),
            list: Vec::new(),
        }
    }

    fn at(&mut self, offset: usize, message: String) {
        let (line, col) = self.index.position(offset);
        self.list.push(Problem {
            path: self.shown.to_string(),
            line,
            col,
            severity: Severity::Warning,
            message,
        });
    }

    /// A warning naming every line of `range` ("lines 3-8: ...").
    fn lines(&mut self, range: &Range<usize>, message: String) {
        let (first, last) = lines_of(self.src, range);
        let message = if last > first {
            format!("lines {first}-{last}: {message}")
        } else {
            message
        };
        self.at(range.start, message);
    }

    /// Names what cleaning took out of the page's text (its front matter,
    /// MDX and comments, Notion's property lines); returns how many of
    /// them count as left out (the dropped ones).
    fn unshown(&mut self, clean: &CleanPage, properties: Option<&Range<usize>>) -> usize {
        if let Some(range) = &clean.front_range {
            let used = match &clean.front_error {
                Some(why) => format!("{why}; not used"),
                None if clean.front.unused.is_empty() => "read for the title, id and tags".into(),
                None => format!(
                    "read for the title, id and tags; {} not used",
                    clean.front.unused.join(", ")
                ),
            };
            self.lines(range, format!("front matter {used}; not shown as text"));
        }
        for d in &clean.dropped {
            self.lines(&d.range, format!("{} dropped", d.what));
        }
        if let Some(range) = properties {
            self.lines(
                range,
                "Notion page properties read as metadata; not shown as text".into(),
            );
        }
        clean.dropped.len()
    }
}

/// What a page is made into, while it is made: the chapter file, what the
/// walker found in its text (for the cards and sets), the warnings.
struct Made<'a> {
    /// The page's unique id.
    id: &'a str,
    /// Hands out every other id.
    ids: &'a mut Ids,
    chapter: ChapterFile,
    found: Found,
    notes: Notes<'a>,
    /// Things dropped (MDX, comments, empty headings), each named in `notes`.
    left_out: usize,
}

/// Converts a read page into its chapter, cards, sets and deck; `id` is the
/// page's unique id and `ids` hands out every other id.
pub fn convert(page: &Page, read: ReadPage, id: &str, ids: &mut Ids) -> Guide {
    let ReadPage {
        clean,
        roots,
        title,
        title_at,
        tags,
        properties,
        ..
    } = read;
    let mut notes = Notes::new(page);
    let left_out = notes.unshown(&clean, properties.as_ref());
    let mut made = Made {
        id,
        ids,
        chapter: ChapterFile {
            id: id.to_string(),
            number: clean.front.chapter.unwrap_or(0),
            title: title.clone(),
            ..ChapterFile::default()
        },
        found: Found::default(),
        notes,
        left_out,
    };
    let outline = Outline::new(&clean.text, &roots, title_at, properties.as_ref());
    outline.introduction(&mut made);
    outline.sections(&mut made);
    let model_of = practice::cards(&mut made, &tags);
    let questions = &made.found.questions;
    let sets = practice::interview_sets(id, &title, questions, &model_of, made.ids);
    let ask = practice::ask_deck(id, &title, questions, &tags, made.ids);
    title_stands_in(&mut made, &title);
    Guide {
        chapter: made.chapter,
        sets,
        ask,
        problems: made.notes.list,
        left_out: made.left_out,
    }
}

/// A chapter needs some text: for a page that gave none, the title stands
/// in as its introduction.
fn title_stands_in(made: &mut Made, title: &str) {
    let chapter = &mut made.chapter;
    if chapter.introduction.is_none() && chapter.sections.is_empty() {
        chapter.introduction = Some(SectionOut {
            id: made.ids.unique(&format!("{}-intro", made.id)),
            title: "Introduction".into(),
            body: format!("*{}*", title.replace('*', "")),
        });
    }
}
