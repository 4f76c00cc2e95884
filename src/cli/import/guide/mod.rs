//! `import markdown` for any interview guide (CommonMark/GFM, front matter,
//! MDX, Obsidian, Notion exports): a page becomes a chapter whose sections
//! are its headings, cards for every answered question and every term,
//! mock-interview sets of its questions (one per heading that holds them),
//! and a deck of the questions to ask the interviewer. Every line is placed
//! in the chapter's text or named in a warning.

use std::collections::HashSet;
use std::ops::Range;

use super::guide_text::{
    has_notion_suffix, is_question, plain_markdown, question_text, stem_title, tidy,
};
use super::guide_tree::{Kind, Node, tree};
use super::guide_walk::{FoundQuestion, Walker};
use super::page_clean::{CleanPage, clean, lines_of};
use super::toml_out::{CardOut, ChapterFile, DeckFile, Ids, LintOut, SectionOut, slug};
use crate::domain::content::{CardKind, LineIndex, Problem, Severity};

/// Bodies longer than this are cut into several sections (`check` warns
/// about texts over 20,000 characters).
const MAX_BODY_CHARS: usize = 18_000;

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
    let first_h1 = roots.first().filter(|n| n.kind == Kind::Heading(1));
    let heading_title = first_h1.map(|n| tidy(&plain_markdown(&n.text)));
    let (title, title_at) = match (&clean.front.title, heading_title) {
        (Some(front), Some(h)) if h.eq_ignore_ascii_case(front) => (front.clone(), Some(0)),
        (Some(front), _) => (front.clone(), None),
        (None, Some(h)) if !h.is_empty() => (h, Some(0)),
        _ => (stem_title(page.stem), None),
    };
    let title = if title.trim().is_empty() {
        "Untitled page".to_string()
    } else {
        title.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let wanted_id = clean
        .front
        .id
        .as_deref()
        .map(|id| slug(id, 40))
        .filter(|s| !s.is_empty())
        .or_else(|| Some(slug(&title, 40)).filter(|s| !s.is_empty()))
        .or_else(|| Some(slug(&stem_title(page.stem), 40)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| {
            // No letters to make an id of (a title in another script): a
            // short hash of the title and file name keeps pages apart.
            let hash = xxhash_rust::xxh3::xxh3_64(format!("{title}\n{}", page.stem).as_bytes());
            format!("page-{:08x}", hash >> 32)
        });
    let mut tags = clean.front.tags.clone();
    let next = title_at.map_or(0, |t| t + 1);
    let properties = roots
        .get(next)
        .filter(|_| has_notion_suffix(page.stem))
        .filter(|n| n.kind == Kind::Paragraph)
        .and_then(|n| {
            let text = clean.text.get(n.range.clone())?;
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
            for (key, value) in pairs {
                if matches!(
                    key.to_lowercase().as_str(),
                    "tags" | "tag" | "category" | "type"
                ) {
                    tags.extend(
                        value
                            .split(',')
                            .map(|t| t.trim().to_string())
                            .filter(|t| !t.is_empty()),
                    );
                }
            }
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

/// Collects warnings located in the original page.
struct Notes<'a> {
    shown: &'a str,
    src: &'a str,
    index: LineIndex<'a>,
    list: Vec<Problem>,
}

impl Notes<'_> {
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
    let mut notes = Notes {
        shown: page.shown,
        src: page.src,
        index: LineIndex::new(page.src),
        list: Vec::new(),
    };
    let mut left_out = 0;
    if let Some(range) = &clean.front_range {
        let used = match &clean.front_error {
            Some(why) => format!("{why}; not used"),
            None if clean.front.unused.is_empty() => "read for the title, id and tags".into(),
            None => format!(
                "read for the title, id and tags; {} not used",
                clean.front.unused.join(", ")
            ),
        };
        notes.lines(range, format!("front matter {used}; not shown as text"));
    }
    for d in &clean.dropped {
        notes.lines(&d.range, format!("{} dropped", d.what));
        left_out += 1;
    }
    if let Some(range) = &properties {
        notes.lines(
            range,
            "Notion page properties read as metadata; not shown as text".into(),
        );
    }

    let text = clean.text.as_str();
    let cut = roots
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_at)
        .map(|(_, n)| n.level())
        .filter(|l| *l > 0)
        .min();
    let mut chapter = ChapterFile {
        id: id.to_string(),
        number: clean.front.chapter.unwrap_or(0),
        title: title.clone(),
        ..ChapterFile::default()
    };
    // The introduction: what comes before the first section heading.
    let first_section = roots
        .iter()
        .enumerate()
        .position(|(i, n)| Some(i) != title_at && cut.is_some_and(|c| n.level() == c))
        .unwrap_or(roots.len());
    let intro_start = title_at
        .and_then(|t| roots.get(t))
        .map_or(0, |n| n.range.end)
        .max(properties.as_ref().map_or(0, |r| r.end));
    let intro_end = roots
        .get(first_section)
        .map_or(text.len(), |n| n.range.start);
    let intro_nodes: Vec<Node> = roots
        .iter()
        .enumerate()
        .filter(|(i, n)| Some(*i) != title_at && *i < first_section && n.range.start >= intro_start)
        .map(|(_, n)| n.clone())
        .collect();
    let mut found = Vec::new();
    let mut cards_found = Vec::new();
    let mut intro_bodies = bodies(text, intro_start..intro_end, &intro_nodes);
    // What stands above the title heading (a link definition, a stray line;
    // front matter is blank by now) opens the introduction.
    let above_title = title_at
        .and_then(|t| roots.get(t))
        .and_then(|n| bodies(text, 0..n.range.start, &[]).into_iter().next());
    if let Some(above) = above_title {
        match intro_bodies.first_mut() {
            Some(first) => *first = format!("{above}\n\n{first}"),
            None => intro_bodies.push(above),
        }
    }
    for (k, body) in intro_bodies.into_iter().enumerate() {
        let title = if k == 0 {
            "Introduction".to_string()
        } else {
            format!("Introduction ({})", k + 1)
        };
        let section = SectionOut {
            id: ids.unique(&format!("{id}-intro")),
            title,
            body,
        };
        if k == 0 && chapter.introduction.is_none() {
            chapter.introduction = Some(section);
        } else {
            chapter.sections.push(section);
        }
    }
    let mut walker = Walker::new(text, None);
    walker.walk(&intro_nodes);
    found.append(&mut walker.found.questions);
    cards_found.append(&mut walker.found.cards);

    // The sections, each to the next heading of the cut level.
    let starts: Vec<usize> = (first_section..roots.len())
        .filter(|i| Some(*i) != title_at && cut.is_some_and(|c| roots[*i].level() == c))
        .collect();
    for (k, &at) in starts.iter().enumerate() {
        let heading = &roots[at];
        let next = starts.get(k + 1).copied().unwrap_or(roots.len());
        let body_nodes = roots.get(at + 1..next).unwrap_or_default();
        let end = roots.get(next).map_or(text.len(), |n| n.range.start);
        let heading_text = tidy(&plain_markdown(&heading.text));
        let asked = question_text(&heading.text);
        let parts = bodies(text, heading.range.end..end, body_nodes);
        if is_question(&asked) {
            // A heading that asks: its whole section answers it.
            let answer = parts.join("\n\n");
            let mut w = Walker::new(text, None);
            w.walk(std::slice::from_ref(heading));
            if let Some(mut q) = w.found.questions.pop() {
                q.text = plain_markdown(&asked);
                q.answer = (!answer.trim().is_empty()).then_some(answer);
                found.push(q);
            }
        } else {
            let mut w = Walker::new(text, Some((heading.level(), &heading_text)));
            w.walk(body_nodes);
            found.append(&mut w.found.questions);
            cards_found.append(&mut w.found.cards);
        }
        if parts.is_empty() {
            if !is_question(&asked) {
                notes.lines(
                    &heading.range,
                    format!("heading `{heading_text}` has no text under it; left out"),
                );
                left_out += 1;
            }
            continue;
        }
        let title = if heading_text.is_empty() {
            "Untitled section".to_string()
        } else {
            heading_text.clone()
        };
        for (n, body) in parts.into_iter().enumerate() {
            let title = if n == 0 {
                title.clone()
            } else {
                format!("{title} ({})", n + 1)
            };
            let sid = ids.unique(&format!("{id}-{}", slug(&title, 40)));
            chapter.sections.push(SectionOut {
                id: sid,
                title,
                body,
            });
        }
    }

    // Cards: answered questions (not those to ask), then terms and rows.
    let mut fronts: HashSet<String> = HashSet::new();
    let mut model_of: Vec<Option<String>> = Vec::new();
    for q in &found {
        let card = match (&q.answer, q.ask) {
            (Some(answer), false) if fronts.insert(q.text.clone()) => {
                let cid = ids.unique(&format!("{id}-{}", slug(&q.text, 40)));
                chapter.cards.push(CardOut {
                    id: cid.clone(),
                    kind: CardKind::Basic,
                    front: q.text.clone(),
                    back: answer.clone(),
                    tags: card_tags(&tags),
                    lint: None,
                });
                Some(cid)
            }
            _ => None,
        };
        // the page's own answer is the question's model advice
        model_of.push(card.and(q.answer.clone()));
    }
    for c in &cards_found {
        if !fronts.insert(c.front.clone()) {
            continue;
        }
        chapter.cards.push(CardOut {
            id: ids.unique(&format!("{id}-{}", slug(&c.front, 40))),
            kind: CardKind::Basic,
            front: c.front.clone(),
            back: c.back.clone(),
            tags: card_tags(&tags),
            lint: None,
        });
    }
    let sets = interview_sets(id, &title, &found, &model_of, ids);
    let ask = ask_deck(id, &title, &found, &tags, ids);
    if chapter.introduction.is_none() && chapter.sections.is_empty() {
        // A chapter needs some text: the title stands in.
        chapter.introduction = Some(SectionOut {
            id: ids.unique(&format!("{id}-intro")),
            title: "Introduction".into(),
            body: format!("*{}*", title.replace('*', "")),
        });
    }
    Guide {
        chapter,
        sets,
        ask,
        problems: notes.list,
        left_out,
    }
}

/// The text of `range` (its blocks in `nodes`) as one or more bodies, each
/// under [`MAX_BODY_CHARS`] where the blocks allow; none when it is empty.
fn bodies(text: &str, range: Range<usize>, nodes: &[Node]) -> Vec<String> {
    let mut cuts = vec![range.start];
    let mut size = 0;
    for n in nodes {
        let len = n.range.len();
        if size + len > MAX_BODY_CHARS && size > 0 && n.range.start > range.start {
            cuts.push(n.range.start);
            size = 0;
        }
        size += len;
    }
    cuts.push(range.end);
    cuts.windows(2)
        .filter_map(|w| {
            let body = tidy(&plain_markdown(text.get(w[0]..w[1].max(w[0]))?));
            (!body.is_empty()).then_some(body)
        })
        .collect()
}

/// A card's tags: the page's own (front matter, Notion properties).
fn card_tags(page_tags: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in page_tags
        .iter()
        .map(|t| slug(t, 30))
        .filter(|t| !t.is_empty())
    {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// The interview sets: one per heading holding two or more questions;
/// questions alone under their heading go together into one for the page.
fn interview_sets(
    id: &str,
    title: &str,
    found: &[FoundQuestion],
    model_of: &[Option<String>],
    ids: &mut Ids,
) -> Vec<SetOut> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, q) in found.iter().enumerate().filter(|(_, q)| !q.ask) {
        match index.get(q.group.as_str()).and_then(|&k| groups.get_mut(k)) {
            Some((_, members)) => members.push(i),
            None => {
                index.insert(&q.group, groups.len());
                groups.push((q.group.clone(), vec![i]));
            }
        }
    }
    let (mut kept, alone): (Vec<_>, Vec<_>) = groups
        .into_iter()
        .partition(|(g, m)| m.len() > 1 && !g.is_empty());
    let pooled: Vec<usize> = alone.into_iter().flat_map(|(_, m)| m).collect();
    if !pooled.is_empty() {
        kept.push((String::new(), pooled));
    }
    kept.sort_by_key(|(_, m)| m.first().copied());
    kept.into_iter()
        .map(|(group, members)| {
            let (set_title, base) = if group.is_empty() {
                (title.to_string(), format!("{id}-interview"))
            } else {
                (
                    format!("{title}: {group}"),
                    format!("{id}-{}-set", slug(&group, 24)),
                )
            };
            let set_id = ids.unique(&base);
            let mut prompts: HashSet<&str> = HashSet::new();
            let mut questions = Vec::new();
            for i in members {
                let q = &found[i];
                if !prompts.insert(&q.text) {
                    continue;
                }
                questions.push(SetQuestion {
                    id: ids.unique(&format!("{set_id}-q{}", questions.len() + 1)),
                    prompt: q.text.clone(),
                    guide_answer: model_of.get(i).cloned().flatten(),
                    story: super::guide_text::is_story(&q.text),
                });
            }
            SetOut {
                id: set_id,
                title: set_title,
                questions,
            }
        })
        .collect()
}

/// The questions to ask the interviewer, as a deck: the question in front,
/// the guide's note on it (or where it came from) on the back.
fn ask_deck(
    id: &str,
    title: &str,
    found: &[FoundQuestion],
    tags: &[String],
    ids: &mut Ids,
) -> Option<DeckFile> {
    let mut fronts: HashSet<&str> = HashSet::new();
    let mut cards = Vec::new();
    for q in found.iter().filter(|q| q.ask) {
        if !fronts.insert(&q.text) {
            continue;
        }
        let back = q
            .answer
            .clone()
            .unwrap_or_else(|| format!("A question to ask the interviewer (from {title})."));
        let mut card_tags = card_tags(tags);
        card_tags.push("ask-the-interviewer".into());
        // without a note of its own, every such card's back is the same
        // line (the linter's near-duplicate, allowed with a reason)
        let lint = q.answer.is_none().then(|| LintOut {
            allow: vec!["near-duplicate".into()],
            reason: "a question to ask the interviewer, kept to be read: the back only says \
                     where it comes from"
                .into(),
        });
        cards.push(CardOut {
            id: ids.unique(&format!("{id}-ask-{}", slug(&q.text, 40))),
            kind: CardKind::Basic,
            front: q.text.clone(),
            back,
            tags: card_tags,
            lint,
        });
    }
    // the first such card is the one the others repeat: it needs no allow
    if let Some(first) = cards.iter_mut().find(|c| c.lint.is_some()) {
        first.lint = None;
    }
    (!cards.is_empty()).then(|| DeckFile {
        kind: "deck",
        id: ids.unique(&format!("{id}-ask")),
        title: format!("{title}: questions to ask the interviewer"),
        cards,
    })
}
