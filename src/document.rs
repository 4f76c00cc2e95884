//! The reader's document: a chapter turned into Markdown blocks, one per
//! outline item, laid out at a width into lines, with an index from each line
//! to its item and from each item to its lines. Pure; built once per width.

use crate::content::{Chapter, Library};
use crate::markdown::{self, LaidLine};

/// What an outline item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Chapter,
    Section,
    Interview,
    Question,
    Insights,
    Insight,
}

/// One entry of the outline: a part of a chapter a user can go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineItem {
    pub id: String,
    pub chapter: usize,
    pub kind: ItemKind,
    pub depth: u8,
    pub title: String,
    /// The item's text as Markdown, as the reader shows it.
    pub markdown: String,
}

/// The outline of every chapter, in reading order.
pub fn outline(library: &Library) -> Vec<OutlineItem> {
    let mut items = Vec::new();
    for (index, ch) in library.chapters.iter().enumerate() {
        chapter_items(index, ch, &mut items);
    }
    items
}

fn chapter_items(chapter: usize, ch: &Chapter, out: &mut Vec<OutlineItem>) {
    let mut push = |id: &str, kind, depth, title: String, markdown: String| {
        out.push(OutlineItem {
            id: id.to_string(),
            chapter,
            kind,
            depth,
            title,
            markdown,
        });
    };
    push(
        &ch.id,
        ItemKind::Chapter,
        0,
        ch.heading(),
        format!("# {}", ch.heading()),
    );
    if let Some(s) = &ch.introduction {
        push(
            &s.id,
            ItemKind::Section,
            1,
            s.title.clone(),
            format!("## {}\n\n{}", s.title, s.body),
        );
    }
    for iv in &ch.interviews {
        let mut who = format!("**Interviewee:** {}", iv.interviewee);
        if let Some(bg) = &iv.background {
            who.push_str(&format!("  \n**Background:** {bg}"));
        }
        if let Some(role) = &iv.role {
            who.push_str(&format!("  \n**Role:** {role}"));
        }
        push(
            &iv.id,
            ItemKind::Interview,
            1,
            iv.title.clone(),
            format!("## {}\n\n{who}", iv.title),
        );
        for (n, qa) in iv.questions.iter().enumerate() {
            let title = format!("Q{}. {}", n + 1, qa.question);
            let md = format!("### {title}\n\n**{}:** {}", iv.answerer, qa.answer);
            push(&qa.id, ItemKind::Question, 2, title, md);
        }
    }
    for s in &ch.sections {
        push(
            &s.id,
            ItemKind::Section,
            1,
            s.title.clone(),
            format!("## {}\n\n{}", s.title, s.body),
        );
    }
    if let Some(ins) = &ch.insights {
        let mut md = format!("## {}", ins.title);
        if let Some(intro) = &ins.intro {
            md.push_str("\n\n");
            md.push_str(intro);
        }
        push(&ins.id, ItemKind::Insights, 1, ins.title.clone(), md);
        for item in &ins.items {
            push(
                &item.id,
                ItemKind::Insight,
                2,
                item.title.clone(),
                format!("### {}\n\n{}", item.title, item.body),
            );
        }
    }
    if let Some(s) = &ch.conclusion {
        push(
            &s.id,
            ItemKind::Section,
            1,
            s.title.clone(),
            format!("## {}\n\n{}", s.title, s.body),
        );
    }
}

/// A chapter laid out at one width.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub chapter: usize,
    pub width: usize,
    pub lines: Vec<LaidLine>,
    /// For each line, the index (into the outline) of the item it belongs to.
    pub line_item: Vec<usize>,
    /// For each outline item of this chapter: (outline index, first line, end line).
    pub spans: Vec<(usize, usize, usize)>,
}

impl Document {
    /// Lays out the outline items of `chapter` at `width` columns.
    pub fn build(outline: &[OutlineItem], chapter: usize, width: usize) -> Document {
        let mut doc = Document {
            chapter,
            width,
            ..Document::default()
        };
        for (index, item) in outline
            .iter()
            .enumerate()
            .filter(|(_, i)| i.chapter == chapter)
        {
            if !doc.lines.is_empty() {
                doc.lines.push(LaidLine::blank());
                doc.line_item.push(index);
            }
            let start = doc.lines.len();
            let laid = markdown::layout(&item.markdown, width);
            doc.line_item.extend(std::iter::repeat_n(index, laid.len()));
            doc.lines.extend(laid);
            doc.spans.push((index, start, doc.lines.len()));
        }
        doc
    }

    /// The first line of an outline item, if it is in this document.
    pub fn line_of(&self, item: usize) -> Option<usize> {
        self.spans
            .iter()
            .find(|(i, _, _)| *i == item)
            .map(|(_, s, _)| *s)
    }

    /// The line range of an outline item.
    pub fn range_of(&self, item: usize) -> Option<(usize, usize)> {
        self.spans
            .iter()
            .find(|(i, _, _)| *i == item)
            .map(|(_, s, e)| (*s, *e))
    }

    /// The outline item shown at `line`.
    pub fn item_at(&self, line: usize) -> Option<usize> {
        self.line_item
            .get(line.min(self.line_item.len().saturating_sub(1)))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_of_bundled_chapter_lists_every_part() {
        let lib = crate::content::bundled::load();
        let items = outline(&lib);
        let questions = items
            .iter()
            .filter(|i| i.kind == ItemKind::Question)
            .count();
        let insights = items.iter().filter(|i| i.kind == ItemKind::Insight).count();
        assert_eq!((questions, insights), (6, 5));
        assert_eq!(items[0].kind, ItemKind::Chapter);
        assert_eq!(items.last().map(|i| i.id.as_str()), Some("ch17-conclusion"));
    }

    #[test]
    fn document_maps_lines_to_items_and_back() {
        let lib = crate::content::bundled::load();
        let items = outline(&lib);
        let doc = Document::build(&items, 0, 60);
        assert_eq!(doc.lines.len(), doc.line_item.len());
        for (index, start, end) in &doc.spans {
            assert!(start < end);
            assert_eq!(doc.item_at(*start), Some(*index));
        }
        assert!(doc.lines.iter().all(|l| l.width() <= 60));
    }
}
