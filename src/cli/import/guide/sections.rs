//! A guide page's text as its chapter's parts: the introduction (what comes
//! before the first section heading; what stands above the title opens it)
//! and one section per heading of the highest level under the title, each
//! cut into bodies under [`MAX_BODY_CHARS`]. What the walker finds in them
//! is kept for the cards and interview sets.

use std::ops::Range;

use super::Made;
use crate::cli::import::guide_text::{is_question, plain_markdown, question_text, tidy};
use crate::cli::import::guide_tree::Node;
use crate::cli::import::guide_walk::Walker;
use crate::cli::import::toml_out::{SectionOut, slug};

/// Bodies longer than this are cut into several sections (`check` warns
/// about texts over 20,000 characters).
const MAX_BODY_CHARS: usize = 18_000;

/// A page's top-level blocks, read as the parts of its chapter.
pub(super) struct Outline<'a> {
    /// The cleaned page.
    text: &'a str,
    roots: &'a [Node],
    /// The root that was the title heading.
    title_at: Option<usize>,
    /// The level of the headings that start sections: the highest of the
    /// page's headings but the title.
    cut: Option<u8>,
    /// The first section heading in `roots` (`roots.len()` when none).
    first_section: usize,
    /// Where the introduction starts: after the title heading and Notion's
    /// property lines.
    intro_start: usize,
}

impl<'a> Outline<'a> {
    pub(super) fn new(
        text: &'a str,
        roots: &'a [Node],
        title_at: Option<usize>,
        properties: Option<&Range<usize>>,
    ) -> Self {
        let cut = roots
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != title_at)
            .map(|(_, n)| n.level())
            .filter(|l| *l > 0)
            .min();
        let intro_start = title_at
            .and_then(|t| roots.get(t))
            .map_or(0, |n| n.range.end)
            .max(properties.map_or(0, |r| r.end));
        let mut outline = Outline {
            text,
            roots,
            title_at,
            cut,
            first_section: roots.len(),
            intro_start,
        };
        outline.first_section = (0..roots.len())
            .find(|i| outline.starts_section(*i))
            .unwrap_or(roots.len());
        outline
    }

    /// Whether root `i` is a heading that starts a section.
    fn starts_section(&self, i: usize) -> bool {
        Some(i) != self.title_at && self.cut.is_some_and(|c| self.roots[i].level() == c)
    }

    /// The introduction: the text before the first section heading, as the
    /// chapter's introduction (a long one goes on in sections
    /// "Introduction (2)", …). The walker reads its blocks.
    pub(super) fn introduction(&self, made: &mut Made) {
        let intro_end = self
            .roots
            .get(self.first_section)
            .map_or(self.text.len(), |n| n.range.start);
        let nodes: Vec<Node> = self
            .roots
            .iter()
            .enumerate()
            .filter(|(i, n)| {
                Some(*i) != self.title_at
                    && *i < self.first_section
                    && n.range.start >= self.intro_start
            })
            .map(|(_, n)| n.clone())
            .collect();
        let mut intro_bodies = bodies(self.text, self.intro_start..intro_end, &nodes);
        if let Some(above) = self.above_title() {
            match intro_bodies.first_mut() {
                Some(first) => *first = format!("{above}\n\n{first}"),
                None => intro_bodies.push(above),
            }
        }
        for (k, body) in intro_bodies.into_iter().enumerate() {
            let section = SectionOut {
                id: made.ids.unique(&format!("{}-intro", made.id)),
                title: numbered("Introduction", k),
                body,
            };
            if k == 0 && made.chapter.introduction.is_none() {
                made.chapter.introduction = Some(section);
            } else {
                made.chapter.sections.push(section);
            }
        }
        let mut walker = Walker::new(self.text, None);
        walker.walk(&nodes);
        made.found.questions.append(&mut walker.found.questions);
        made.found.cards.append(&mut walker.found.cards);
    }

    /// What stands above the title heading (a link definition, a stray
    /// line; front matter is blank by now), which opens the introduction.
    fn above_title(&self) -> Option<String> {
        self.title_at
            .and_then(|t| self.roots.get(t))
            .and_then(|n| bodies(self.text, 0..n.range.start, &[]).into_iter().next())
    }

    /// The sections, each from its heading to the next of the cut level.
    pub(super) fn sections(&self, made: &mut Made) {
        let starts: Vec<usize> = (self.first_section..self.roots.len())
            .filter(|i| self.starts_section(*i))
            .collect();
        for (k, &at) in starts.iter().enumerate() {
            let next = starts.get(k + 1).copied().unwrap_or(self.roots.len());
            self.section(at, next, made);
        }
    }

    /// The section of the heading at root `at`, up to root `next`: its
    /// bodies as sections ("Title", "Title (2)", …), what the walker finds
    /// under it, or the question it asks, which its whole text answers. A
    /// heading with no text is left out, with a warning, unless it asks.
    fn section(&self, at: usize, next: usize, made: &mut Made) {
        let roots = self.roots;
        let heading = &roots[at];
        let body_nodes = roots.get(at + 1..next).unwrap_or_default();
        let end = roots.get(next).map_or(self.text.len(), |n| n.range.start);
        let heading_text = tidy(&plain_markdown(&heading.text));
        let asked = question_text(&heading.text);
        let parts = bodies(self.text, heading.range.end..end, body_nodes);
        if is_question(&asked) {
            self.asking_heading(heading, &asked, &parts, made);
        } else {
            let mut w = Walker::new(self.text, Some((heading.level(), &heading_text)));
            w.walk(body_nodes);
            made.found.questions.append(&mut w.found.questions);
            made.found.cards.append(&mut w.found.cards);
        }
        if parts.is_empty() {
            if !is_question(&asked) {
                made.notes.lines(
                    &heading.range,
                    format!("heading `{heading_text}` has no text under it; left out"),
                );
                made.left_out += 1;
            }
            return;
        }
        let title = if heading_text.is_empty() {
            "Untitled section".to_string()
        } else {
            heading_text
        };
        for (n, body) in parts.into_iter().enumerate() {
            let title = numbered(&title, n);
            let sid = made
                .ids
                .unique(&format!("{}-{}", made.id, slug(&title, 40)));
            made.chapter.sections.push(SectionOut {
                id: sid,
                title,
                body,
            });
        }
    }

    /// A heading that asks (`asked`, its question): its whole section
    /// (`parts`) answers it.
    fn asking_heading(&self, heading: &Node, asked: &str, parts: &[String], made: &mut Made) {
        let answer = parts.join("\n\n");
        let mut w = Walker::new(self.text, None);
        w.walk(std::slice::from_ref(heading));
        if let Some(mut q) = w.found.questions.pop() {
            q.text = plain_markdown(asked);
            q.answer = (!answer.trim().is_empty()).then_some(answer);
            made.found.questions.push(q);
        }
    }
}

/// The title of body `n` of a part: "Title", then "Title (2)", "Title (3)".
fn numbered(title: &str, n: usize) -> String {
    if n == 0 {
        title.to_string()
    } else {
        format!("{title} ({})", n + 1)
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
