//! Markdown read as a list of top-level blocks (pulldown-cmark offsets), and
//! the `**Label**: value` pairs of a paragraph: the pieces `md_import` uses to
//! recognise the book's chapter shape.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A top-level Markdown block.
#[derive(Debug, Clone)]
pub struct Block {
    pub heading: u8,
    /// The heading's text (headings only).
    pub title: String,
    pub range: Range<usize>,
    /// Source ranges of the items, for a list.
    pub items: Vec<Range<usize>>,
}

/// The top-level blocks of a Markdown text.
pub fn blocks(src: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new(src).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let heading = match tag {
                        Tag::Heading { level, .. } => level as u8,
                        _ => 0,
                    };
                    out.push(Block {
                        heading,
                        title: String::new(),
                        range: range.clone(),
                        items: Vec::new(),
                    });
                } else if depth == 1
                    && matches!(tag, Tag::Item)
                    && let Some(b) = out.last_mut()
                {
                    b.items.push(range.clone());
                }
                depth += 1;
            }
            Event::End(TagEnd::Heading(_)) | Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if depth > 0 => {
                if let Some(b) = out.last_mut().filter(|b| b.heading > 0) {
                    b.title.push_str(&t);
                }
            }
            _ if depth == 0 => out.push(Block {
                heading: 0,
                title: String::new(),
                range,
                items: Vec::new(),
            }),
            _ => {}
        }
    }
    out
}

/// `**Label**: value` pairs in a paragraph: (label, value, offset of the label).
/// A bold run counts as a label when a colon ends it or follows it.
pub fn labels(text: &str) -> Vec<(String, String, usize)> {
    let mut found: Vec<(String, usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|t| t.find("**")) {
        let start = from + rel;
        let Some(inner) = text
            .get(start + 2..)
            .and_then(|t| t.find("**").and_then(|len| t.get(..len)))
        else {
            break;
        };
        let after = start + 2 + inner.len() + 2;
        let rest = text.get(after..).unwrap_or_default();
        let value_at = if let Some(label) = inner.trim_end().strip_suffix(':') {
            Some((label.trim().to_string(), after))
        } else {
            let trimmed = rest.trim_start();
            trimmed.strip_prefix(':').map(|_| {
                (
                    inner.trim().to_string(),
                    after + (rest.len() - trimmed.len()) + 1,
                )
            })
        };
        match value_at {
            Some((label, at)) if !label.is_empty() => {
                found.push((label, start, at));
                from = at;
            }
            _ => from = after,
        }
    }
    let mut out = Vec::new();
    for (i, (label, start, at)) in found.iter().enumerate() {
        let end = found.get(i + 1).map_or(text.len(), |n| n.1);
        let value = text.get(*at..end).unwrap_or_default();
        out.push((label.clone(), value.trim().to_string(), *start));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_a_paragraph_of_bold_names() {
        let found =
            labels("**Interviewee** : Sarah Johnson **Background**: She *is* **very** good.");
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|(l, v, _)| (l.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("Interviewee", "Sarah Johnson"),
                ("Background", "She *is* **very** good.")
            ]
        );
        assert_eq!(labels("**Role:** CTO")[0].1, "CTO");
        assert!(labels("plain **bold** text").is_empty());
    }

    #[test]
    fn blocks_keep_headings_lists_and_items() {
        let src = "Title\n=====\n\ntext\n\n* a\n* b\n\n## Sub\n";
        let b = blocks(src);
        assert_eq!(b.len(), 4);
        assert_eq!((b[0].heading, b[0].title.as_str()), (1, "Title"));
        assert_eq!(b[2].items.len(), 2);
        assert_eq!((b[3].heading, b[3].title.as_str()), (2, "Sub"));
    }
}
