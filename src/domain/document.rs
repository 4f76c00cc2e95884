//! The reader's document: a chapter turned into Markdown blocks, one per
//! outline item, laid out at a width into lines, with an index from each line
//! to its item and from each item to its lines. Pure; built once per width.

use crate::domain::content::{Chapter, Insights, Interview, Library, Section};
use crate::domain::markdown::{self, LaidLine};

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
    /// Who answers a question ("Sarah"): search and quick jump show it
    /// before the title, where the interview above it is not in sight.
    pub speaker: Option<String>,
    /// The item's text as Markdown, as the reader shows it (without its
    /// body while that is still to come: see `pending_bytes`).
    pub markdown: String,
    /// The bytes of the item's body still in the content cache (start-up
    /// puts it in place right after the first frame); 0 when it is in
    /// `markdown`. The document lays out no further than such an item.
    pub pending_bytes: usize,
}

impl OutlineItem {
    /// The title with the speaker in front ("Sarah · Q2. How did you…"),
    /// for lists that show items out of their outline.
    pub fn title_with_speaker(&self) -> String {
        match &self.speaker {
            Some(who) => format!("{who} · {}", self.title),
            None => self.title.clone(),
        }
    }
}

/// The pieces in one string of exactly their length: an item's Markdown is
/// copied once, not regrown (a big chapter's bodies are megabytes of fresh
/// memory the first frame waits for).
fn joined(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// The outline of every chapter, in reading order.
pub fn outline(library: &Library) -> Vec<OutlineItem> {
    let mut items = Vec::new();
    for (index, ch) in library.chapters.iter().enumerate() {
        chapter_items(index, ch, &mut items);
    }
    items
}

/// Adds a chapter's items to `out`: the chapter, its introduction, each
/// interview and its questions, the sections, the insights and each
/// insight, the conclusion.
fn chapter_items(chapter: usize, ch: &Chapter, out: &mut Vec<OutlineItem>) {
    let first = out.len();
    let mut items = ChapterItems {
        chapter,
        out,
        pending: ch.pending_bodies.iter().copied(),
    };
    items.push(
        &ch.id,
        ItemKind::Chapter,
        0,
        ch.heading(),
        format!("# {}", ch.heading()),
        0,
    );
    if let Some(s) = &ch.introduction {
        items.section(s);
    }
    for iv in &ch.interviews {
        items.interview(iv);
    }
    for s in &ch.sections {
        items.section(s);
    }
    if let Some(ins) = &ch.insights {
        items.insights(ins);
    }
    if let Some(s) = &ch.conclusion {
        items.section(s);
    }
    set_speakers(ch, out.get_mut(first..).unwrap_or_default());
}

/// One chapter's outline items as they are added.
struct ChapterItems<'a, P: Iterator<Item = usize>> {
    chapter: usize,
    out: &'a mut Vec<OutlineItem>,
    /// The bytes of each body still to come (`Chapter::pending_bodies`),
    /// in the order the bodies are added.
    pending: P,
}

impl<P: Iterator<Item = usize>> ChapterItems<'_, P> {
    fn push(
        &mut self,
        id: &str,
        kind: ItemKind,
        depth: u8,
        title: String,
        markdown: String,
        pending_bytes: usize,
    ) {
        self.out.push(OutlineItem {
            id: id.to_string(),
            chapter: self.chapter,
            kind,
            depth,
            title,
            speaker: None,
            markdown,
            pending_bytes,
        });
    }

    /// The bytes still to come of the next body added.
    fn pending_of_next_body(&mut self) -> usize {
        self.pending.next().unwrap_or(0)
    }

    /// The introduction, a section or the conclusion, under a `##` heading.
    fn section(&mut self, s: &Section) {
        let pending = self.pending_of_next_body();
        self.push(
            &s.id,
            ItemKind::Section,
            1,
            s.title.clone(),
            joined(&["## ", &s.title, "\n\n", &s.body]),
            pending,
        );
    }

    /// An interview: who is interviewed (with their background and role),
    /// then each question with its answer.
    fn interview(&mut self, iv: &Interview) {
        let mut who = format!("**Interviewee:** {}", iv.interviewee);
        if let Some(bg) = &iv.background {
            who.push_str(&format!("  \n**Background:** {bg}"));
        }
        if let Some(role) = &iv.role {
            who.push_str(&format!("  \n**Role:** {role}"));
        }
        // the outline names the interview by person and role; the text
        // keeps the chapter's own heading
        self.push(
            &iv.id,
            ItemKind::Interview,
            1,
            iv.outline_title(),
            format!("## {}\n\n{who}", iv.title),
            0,
        );
        for (n, qa) in iv.questions.iter().enumerate() {
            let title = format!("Q{}. {}", n + 1, qa.question);
            let md = joined(&["### ", &title, "\n\n**", &iv.answerer, ":** ", &qa.answer]);
            let pending = self.pending_of_next_body();
            self.push(&qa.id, ItemKind::Question, 2, title, md, pending);
        }
    }

    /// The insights (with their introduction), then each insight.
    fn insights(&mut self, ins: &Insights) {
        let mut md = format!("## {}", ins.title);
        if let Some(intro) = &ins.intro {
            md.push_str("\n\n");
            md.push_str(intro);
        }
        self.push(&ins.id, ItemKind::Insights, 1, ins.title.clone(), md, 0);
        for item in &ins.items {
            let pending = self.pending_of_next_body();
            self.push(
                &item.id,
                ItemKind::Insight,
                2,
                item.title.clone(),
                joined(&["### ", &item.title, "\n\n", &item.body]),
                pending,
            );
        }
    }
}

/// Each question's speaker: the answerer of the interview above it.
fn set_speakers(ch: &Chapter, items: &mut [OutlineItem]) {
    let mut speaker: Option<String> = None;
    for item in items {
        match item.kind {
            ItemKind::Interview => {
                speaker = ch
                    .interviews
                    .iter()
                    .find(|iv| iv.id == item.id)
                    .map(|iv| iv.answerer.clone())
            }
            ItemKind::Question => item.speaker.clone_from(&speaker),
            _ => speaker = None,
        }
    }
}

/// Chapters with more Markdown than this are laid out in two steps: first
/// up to what the screen shows ([`Document::build_upto`]), the rest right
/// after the first frame ([`Document::complete`]). Smaller ones in one go.
pub const PARTIAL_LAYOUT_BYTES: usize = 64 * 1024;

/// A chapter laid out at one width (completely, or its first items only).
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub chapter: usize,
    pub width: usize,
    pub lines: Vec<LaidLine>,
    /// For each line, the index (into the outline) of the item it belongs to.
    pub line_item: Vec<usize>,
    /// For each outline item of this chapter: (outline index, first line, end line).
    pub spans: Vec<(usize, usize, usize)>,
    /// The outline index of the next item to lay out, while only a first
    /// part of the chapter is laid out.
    next_item: Option<usize>,
    /// Markdown bytes of the whole chapter, and of the items laid out.
    total_bytes: usize,
    done_bytes: usize,
    /// Whether the last layout stopped short of what it was asked for at
    /// an item whose body is still to come (`OutlineItem::pending_bytes`).
    waits_for_bodies: bool,
    /// While the items above a restored place are not laid out yet
    /// ([`Self::with_gap`]): the outline index of the first item laid out;
    /// the lines before its blank line are stand-ins.
    gap: Option<usize>,
}

impl Document {
    /// Lays out the outline items of `chapter` at `width` columns.
    pub fn build(outline: &[OutlineItem], chapter: usize, width: usize) -> Document {
        Self::build_upto(outline, chapter, width, None)
    }

    /// Lays out `chapter` at `width`; with `upto = Some((item, lines))` and a
    /// chapter over [`PARTIAL_LAYOUT_BYTES`], stops once outline item `item`
    /// and `lines` lines after its start are laid out (see [`Self::complete`]).
    pub fn build_upto(
        outline: &[OutlineItem],
        chapter: usize,
        width: usize,
        upto: Option<(usize, usize)>,
    ) -> Document {
        let in_chapter = || outline.iter().filter(|i| i.chapter == chapter);
        let total_bytes = in_chapter()
            .map(|i| i.markdown.len() + i.pending_bytes)
            .sum();
        let mut doc = Document {
            chapter,
            width,
            next_item: outline.iter().position(|i| i.chapter == chapter),
            total_bytes,
            ..Document::default()
        };
        doc.extend(outline, upto.filter(|_| total_bytes > PARTIAL_LAYOUT_BYTES));
        doc
    }

    /// A chapter laid out from outline item `item` on, known to start at
    /// line `item_line` when the whole chapter is laid out at `width` (as
    /// it was when a reading position was saved): the lines above are
    /// blank stand-ins, counted as laid out, until [`Self::fill_gap`]
    /// lays them out. Nothing is laid out yet; extend it as usual. A
    /// restored place then needs none of the text above it.
    pub fn with_gap(
        outline: &[OutlineItem],
        chapter: usize,
        width: usize,
        item: usize,
        item_line: usize,
    ) -> Document {
        let in_chapter = || {
            outline
                .iter()
                .enumerate()
                .filter(|(_, i)| i.chapter == chapter)
        };
        let bytes = |i: &OutlineItem| i.markdown.len() + i.pending_bytes;
        let first = in_chapter().next().map_or(item, |(index, _)| index);
        // the blank line before `item` comes with it, as in `extend`
        let stand_ins = item_line.saturating_sub(1);
        Document {
            chapter,
            width,
            lines: vec![LaidLine::blank(); stand_ins],
            line_item: vec![first; stand_ins],
            next_item: Some(item),
            total_bytes: in_chapter().map(|(_, i)| bytes(i)).sum(),
            done_bytes: in_chapter()
                .filter(|(index, _)| *index < item)
                .map(|(_, i)| bytes(i))
                .sum(),
            gap: Some(item),
            ..Document::default()
        }
    }

    /// Lays out the items above a restored place ([`Self::with_gap`]) in
    /// place of their stand-ins. Returns how many lines everything after
    /// moved (0 when the saved line count held; then the document is what
    /// a layout from the top gives). Waits, changing nothing, while one of
    /// those items' bodies is still to come.
    pub fn fill_gap(&mut self, outline: &[OutlineItem]) -> isize {
        let Some(item) = self.gap else {
            return 0;
        };
        let first = outline.iter().position(|i| i.chapter == self.chapter);
        let above_items = outline
            .iter()
            .enumerate()
            .skip(first.unwrap_or(item))
            .take_while(|(index, _)| *index < item);
        if above_items.clone().any(|(_, i)| i.pending_bytes > 0) {
            self.waits_for_bodies = true;
            return 0;
        }
        self.gap = None;
        let mut above = Document {
            chapter: self.chapter,
            width: self.width,
            next_item: first,
            ..Document::default()
        };
        for (index, _) in above_items {
            // one item at a time: up to its start and no line further
            above.extend(outline, Some((index, 0)));
        }
        let laid_out = self.line_of(item);
        let old_start = laid_out.unwrap_or(self.lines.len());
        if !above.lines.is_empty() && laid_out.is_some() {
            above.lines.push(LaidLine::blank());
            above.line_item.push(item);
        }
        let shift = above.lines.len() as isize - old_start as isize;
        self.lines.splice(..old_start, above.lines);
        self.line_item.splice(..old_start, above.line_item);
        for span in &mut self.spans {
            span.1 = span.1.saturating_add_signed(shift);
            span.2 = span.2.saturating_add_signed(shift);
        }
        self.spans.splice(..0, above.spans);
        shift
    }

    /// Lays out the rest of a partly laid-out chapter (nothing when
    /// complete), up to the first item whose body is still to come, and the
    /// lines above a restored place (see [`Self::fill_gap`]; the returned
    /// shift is its).
    pub fn complete(&mut self, outline: &[OutlineItem]) -> isize {
        self.extend(outline, None);
        let waits = self.waits_for_bodies;
        let shift = self.fill_gap(outline);
        self.waits_for_bodies |= waits;
        shift
    }

    /// Lays out more of a partly laid-out chapter, until outline item `item`
    /// and `lines` lines after its start are laid out (or the chapter ends);
    /// the rest is left for [`Self::complete`]. Nothing when complete.
    pub fn extend_upto(&mut self, outline: &[OutlineItem], item: usize, lines: usize) {
        self.extend(outline, Some((item, lines)));
    }

    /// Whether only a part of the chapter is laid out.
    pub fn is_partial(&self) -> bool {
        self.next_item.is_some() || self.gap.is_some()
    }

    /// The chapter's Markdown bytes (bodies still to come included).
    pub fn total_bytes(&self) -> usize {
        self.total_bytes
    }

    /// Whether the last layout stopped before what it was asked to lay
    /// out, at an item whose body start-up has not put in place yet.
    pub fn waits_for_bodies(&self) -> bool {
        self.waits_for_bodies
    }

    /// The number of lines of the whole chapter: exact when complete,
    /// estimated from the bytes per line so far while partial.
    pub fn estimated_len(&self) -> usize {
        if !self.is_partial() || self.done_bytes == 0 {
            return self.lines.len();
        }
        let estimate = self.lines.len() as f64 * self.total_bytes as f64 / self.done_bytes as f64;
        (estimate as usize).max(self.lines.len())
    }

    fn extend(&mut self, outline: &[OutlineItem], upto: Option<(usize, usize)>) {
        self.waits_for_bodies = false;
        while let Some(index) = self.next_item {
            if let Some((item, lines)) = upto
                && index > item
                && self.lines.len() >= self.line_of(item).unwrap_or(0) + lines
            {
                return;
            }
            let Some(item) = outline.get(index).filter(|i| i.chapter == self.chapter) else {
                self.next_item = None;
                return;
            };
            if item.pending_bytes > 0 {
                self.waits_for_bodies = true;
                return;
            }
            if !self.lines.is_empty() {
                self.lines.push(LaidLine::blank());
                self.line_item.push(index);
            }
            let start = self.lines.len();
            let laid = markdown::layout(&item.markdown, self.width);
            self.line_item
                .extend(std::iter::repeat_n(index, laid.len()));
            self.lines.extend(laid);
            self.spans.push((index, start, self.lines.len()));
            self.done_bytes += item.markdown.len();
            self.next_item = Some(index + 1);
        }
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
        let lib = crate::domain::content::bundled::load();
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
        let lib = crate::domain::content::bundled::load();
        let items = outline(&lib);
        let doc = Document::build(&items, 0, 60);
        assert_eq!(doc.lines.len(), doc.line_item.len());
        for (index, start, end) in &doc.spans {
            assert!(start < end);
            assert_eq!(doc.item_at(*start), Some(*index));
        }
        assert!(doc.lines.iter().all(|l| l.width() <= 60));
    }

    #[test]
    fn a_document_laid_out_below_a_gap_completes_to_the_whole_layout() {
        let lib = crate::domain::content::bundled::load();
        let items = outline(&lib);
        let full = Document::build(&items, 0, 60);
        for &(item, start, _) in full.spans.iter().skip(1) {
            for wrong_by in [0isize, -3, 5] {
                let saved = start.saturating_add_signed(wrong_by);
                let mut doc = Document::with_gap(&items, 0, 60, item, saved);
                assert!(doc.is_partial());
                doc.extend_upto(&items, item, 10);
                assert_eq!(doc.line_of(item), Some(doc_start(saved) as usize));
                assert_eq!(doc.line_of(0), None, "the top waits");
                let shift = doc.complete(&items);
                assert_eq!(doc.line_of(item), Some(start));
                assert_eq!(shift, start as isize - doc_start(saved));
                assert!(!doc.is_partial());
                assert_eq!(doc.lines, full.lines);
                assert_eq!(doc.line_item, full.line_item);
                assert_eq!(doc.spans, full.spans);
            }
        }
    }

    /// Where `with_gap` puts the item for a saved start line.
    fn doc_start(saved: usize) -> isize {
        if saved > 1 { saved as isize } else { 0 }
    }
}
