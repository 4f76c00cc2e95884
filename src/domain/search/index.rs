//! The search index, built once (when search is first opened): the plain text of every outline
//! item (titles and bodies) and every card (front and back), split into
//! lines, folded, and joined into one haystack so a query is a single scan.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, TagEnd};

use super::fold::{Folded, fold};
use crate::domain::cards::Card;
use crate::domain::content::Library;
use crate::domain::document::{ItemKind, OutlineItem};

/// Where a result leads when chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An outline item (index into the outline).
    Item(usize),
    /// Nowhere in the reader (a card of a deck with no chapter).
    Nowhere,
}

/// One searchable text: an outline item or a card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedDoc {
    pub target: Target,
    /// "Ch 17", or a deck's title.
    pub chapter: String,
    /// The part: the item's title, or "Card: …".
    pub part: String,
    /// True for an outline item: its matches are the reader's matches, in order.
    pub in_reader: bool,
}

#[derive(Clone, Debug)]
struct IndexedLine {
    doc: usize,
    /// Byte offset of the folded line in the haystack.
    start: usize,
    text: String,
    folded: Folded,
}

/// A line with matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    /// The line's number in the index.
    pub line: usize,
    /// The matches, as byte ranges of the line's text.
    pub ranges: Vec<Range<usize>>,
    /// How many matches come before this line's first one in the same doc.
    pub occurrence: usize,
}

/// The answer to a query: the first lines with matches, and totals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// The folded query.
    pub query: String,
    pub hits: Vec<Hit>,
    pub total_matches: usize,
    pub total_lines: usize,
}

#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    docs: Vec<IndexedDoc>,
    lines: Vec<IndexedLine>,
    haystack: String,
}

/// The text of some Markdown without its markup, one line per paragraph,
/// heading, list item, table row or code line.
pub fn plain_lines(markdown: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let line = current.trim();
        if !line.is_empty() {
            lines.push(line.to_string());
        }
        current.clear();
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(text) | Event::Code(text) => {
                for (n, piece) in text.split('\n').enumerate() {
                    if n > 0 {
                        flush(&mut current);
                    }
                    current.push_str(&piece.replace('\t', "    "));
                }
            }
            Event::SoftBreak => current.push(' '),
            Event::HardBreak => flush(&mut current),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => flush(&mut current),
            Event::End(TagEnd::TableCell) => current.push_str("  "),
            _ => {}
        }
    }
    flush(&mut current);
    lines
}

impl SearchIndex {
    /// Indexes every outline item, then every card.
    pub fn build(library: &Library, outline: &[OutlineItem], cards: &[Card]) -> SearchIndex {
        let mut index = SearchIndex::default();
        let label = |chapter: usize| library.chapter_label(chapter);
        for (n, item) in outline.iter().enumerate() {
            let doc = IndexedDoc {
                target: Target::Item(n),
                chapter: label(item.chapter),
                part: item.title.clone(),
                in_reader: true,
            };
            index.add(doc, plain_lines(&item.markdown));
        }
        let by_id: HashMap<&str, usize> = outline
            .iter()
            .enumerate()
            .map(|(n, i)| (i.id.as_str(), n))
            .collect();
        // A card derived from a question or insight has that item's id and
        // text: searching the item already finds it.
        for card in cards.iter().filter(|c| !by_id.contains_key(c.id.as_str())) {
            let chapter = library.chapter_of_deck(&card.deck);
            let target = match by_id.get(card.id.as_str()) {
                Some(&item) => Target::Item(item),
                None => chapter
                    .and_then(|c| {
                        outline
                            .iter()
                            .position(|i| i.chapter == c && i.kind == ItemKind::Chapter)
                    })
                    .map_or(Target::Nowhere, Target::Item),
            };
            let mut lines = plain_lines(&card.front);
            let title = format!("Card: {}", lines.join(" "));
            lines.extend(plain_lines(&card.back));
            let doc = IndexedDoc {
                target,
                chapter: chapter.map_or_else(|| card.deck_title.clone(), label),
                part: title,
                in_reader: false,
            };
            index.add(doc, lines);
        }
        index
    }

    fn add(&mut self, doc: IndexedDoc, lines: Vec<String>) {
        let id = self.docs.len();
        self.docs.push(doc);
        for text in lines {
            let folded = Folded::new(&text);
            if !self.haystack.is_empty() {
                self.haystack.push('\n');
            }
            let start = self.haystack.len();
            self.haystack.push_str(&folded.text);
            self.lines.push(IndexedLine {
                doc: id,
                start,
                text,
                folded,
            });
        }
    }

    pub fn doc(&self, doc: usize) -> Option<&IndexedDoc> {
        self.docs.get(doc)
    }

    /// The original text of an indexed line.
    pub fn line_text(&self, line: usize) -> &str {
        self.lines.get(line).map_or("", |l| l.text.as_str())
    }

    /// Finds `query` (folded here) in every line; keeps the first `limit`
    /// lines with matches and counts the rest.
    pub fn search(&self, query: &str, limit: usize) -> SearchResults {
        let query = fold(query.replace(['\n', '\r', '\t'], " ").trim());
        let mut results = SearchResults {
            query,
            ..SearchResults::default()
        };
        if results.query.is_empty() || self.lines.is_empty() {
            return results;
        }
        // matches come in haystack order: work per line, not per match
        let mut line = usize::MAX;
        let mut line_end = 0;
        let mut doc = usize::MAX;
        let mut occurrence = 0;
        let mut collecting = false;
        let needle = results.query.len();
        let finder = memchr::memmem::Finder::new(results.query.as_bytes());
        for at in finder.find_iter(self.haystack.as_bytes()) {
            results.total_matches += 1;
            if line == usize::MAX || at >= line_end {
                let from = if line == usize::MAX { 0 } else { line };
                line = from
                    + self.lines[from..]
                        .partition_point(|l| l.start <= at)
                        .saturating_sub(1);
                line_end = self.lines.get(line + 1).map_or(usize::MAX, |l| l.start);
                let entry_doc = self.lines.get(line).map_or(usize::MAX, |l| l.doc);
                if entry_doc != doc {
                    doc = entry_doc;
                    occurrence = 0;
                }
                results.total_lines += 1;
                collecting = results.hits.len() < limit;
                if collecting {
                    results.hits.push(Hit {
                        doc,
                        line,
                        ranges: Vec::new(),
                        occurrence,
                    });
                }
            }
            if collecting
                && let (Some(hit), Some(entry)) = (results.hits.last_mut(), self.lines.get(line))
            {
                let local = at - entry.start..at - entry.start + needle;
                hit.ranges
                    .push(entry.folded.original_range(&entry.text, local));
            }
            occurrence += 1;
        }
        results
    }
}
