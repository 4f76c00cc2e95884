//! The search index, built once (when search is first opened): the plain text of every outline
//! item (titles and bodies) and every card (front and back), split into
//! lines, folded, and joined into one haystack so a query is a single scan.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, TagEnd};

use super::fold::{Folded, fold, query_words};
use crate::domain::cards::Card;
use crate::domain::content::Library;
use crate::domain::document::OutlineItem;

/// Where a result leads when chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An outline item (index into the outline).
    Item(usize),
    /// A card that is no outline item (index into the cards): shown in the
    /// card preview.
    Card(usize),
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
    /// Items and cards that hold every word.
    pub total_places: usize,
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
                part: item.title_with_speaker(),
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
        for (n, card) in cards
            .iter()
            .enumerate()
            .filter(|(_, c)| !by_id.contains_key(c.id.as_str()))
        {
            let chapter = library.chapter_of_deck(&card.deck);
            let target = Target::Card(n);
            let mut lines = plain_lines(&card.front);
            let title = format!("Card: {}", lines.join(" "));
            lines.extend(plain_lines(&card.back));
            let doc = IndexedDoc {
                target,
                chapter: chapter.map_or_else(|| card.deck.title().to_string(), label),
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

    /// Finds the words of `query` (folded here; hyphens count as spaces)
    /// in every item and card. A place matches when it holds every word, in
    /// any order; it gives one hit, on its line with the most of the words
    /// (a line that only repeats the place's title comes last). Keeps the
    /// first `limit` places and counts the rest.
    pub fn search(&self, query: &str, limit: usize) -> SearchResults {
        let query = fold(query.replace(['\n', '\r', '\t'], " ").trim());
        let mut results = SearchResults {
            query,
            ..SearchResults::default()
        };
        let words = query_words(&results.query);
        if words.is_empty() || self.lines.is_empty() {
            return results;
        }
        // every match: (line, word, folded range within the line)
        let mut found: Vec<(usize, usize, Range<usize>)> = Vec::new();
        for (w, word) in words.iter().enumerate() {
            let finder = memchr::memmem::Finder::new(word.as_bytes());
            let mut line = 0;
            for at in finder.find_iter(self.haystack.as_bytes()) {
                line += self.lines[line..]
                    .partition_point(|l| l.start <= at)
                    .saturating_sub(1);
                if let Some(entry) = self.lines.get(line) {
                    found.push((line, w, at - entry.start..at - entry.start + word.len()));
                }
            }
        }
        found.sort_by_key(|(line, _, range)| (*line, range.start));
        let all_words = (1u64 << words.len().min(63)) - 1;
        let mut rest = found.as_slice();
        while let Some((first_line, _, _)) = rest.first() {
            let doc = self.lines.get(*first_line).map_or(usize::MAX, |l| l.doc);
            let len = rest.partition_point(|(line, _, _)| {
                self.lines.get(*line).map_or(usize::MAX, |l| l.doc) == doc
            });
            let (place, after) = rest.split_at(len.max(1));
            rest = after;
            let mask = place
                .iter()
                .fold(0u64, |m, (_, w, _)| m | (1u64 << (*w).min(63)));
            if mask & all_words != all_words {
                continue;
            }
            results.total_matches += place.len();
            results.total_places += 1;
            if results.hits.len() < limit {
                results.hits.push(self.best_hit(doc, place));
            }
        }
        results
    }

    /// The hit for one place: its line with the most distinct words.
    fn best_hit(&self, doc: usize, place: &[(usize, usize, Range<usize>)]) -> Hit {
        let title = self
            .docs
            .get(doc)
            .map(|d| fold(d.part.strip_prefix("Card: ").unwrap_or(&d.part)));
        let mut best: Option<(usize, bool, usize)> = None; // (words, not the title, line)
        let mut i = 0;
        while let Some((line, _, _)) = place.get(i) {
            let n = place[i..].partition_point(|(l, _, _)| l == line);
            let mut seen = 0u64;
            for (_, w, _) in &place[i..i + n] {
                seen |= 1u64 << (*w).min(63);
            }
            let words = seen.count_ones() as usize;
            let not_title = self
                .lines
                .get(*line)
                .is_none_or(|l| Some(&l.folded.text) != title.as_ref());
            let better = best.is_none_or(|(bw, bt, _)| (words, not_title) > (bw, bt));
            if better {
                best = Some((words, not_title, *line));
            }
            i += n.max(1);
        }
        let line = best.map_or(0, |(_, _, l)| l);
        let occurrence = place.iter().take_while(|(l, _, _)| *l < line).count();
        let mut ranges: Vec<Range<usize>> = Vec::new();
        if let Some(entry) = self.lines.get(line) {
            for (_, _, local) in place.iter().filter(|(l, _, _)| *l == line) {
                let r = entry.folded.original_range(&entry.text, local.clone());
                match ranges.last_mut() {
                    Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                    _ => ranges.push(r),
                }
            }
        }
        Hit {
            doc,
            line,
            ranges,
            occurrence,
        }
    }
}
