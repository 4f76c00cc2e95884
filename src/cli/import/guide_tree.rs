//! A Markdown page as a tree of blocks (CommonMark with GFM tables, task
//! lists, strikethrough, footnotes and definition lists, read by
//! pulldown-cmark): headings, paragraphs, lists and their items, quotes,
//! tables, definition lists, code and HTML. Each block keeps its source
//! range and its inline text as plain words (emphasis and link targets
//! dropped), which is what the guide importer recognises questions by.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Heading(u8),
    Paragraph,
    List,
    Item,
    Quote,
    Code,
    Html,
    Table,
    /// A table row (the header row included).
    Row,
    Cell,
    DefinitionList,
    Term,
    Definition,
    /// A thematic break, a footnote or anything else.
    Other,
}

/// One block with its children.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub range: Range<usize>,
    /// The inline text directly in this block, as plain words.
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    fn new(kind: Kind, range: Range<usize>) -> Node {
        Node {
            kind,
            range,
            text: String::new(),
            children: Vec::new(),
        }
    }

    /// The heading level, or 0 for any other block.
    pub fn level(&self) -> u8 {
        match self.kind {
            Kind::Heading(l) => l,
            _ => 0,
        }
    }

    /// An item's lead: its own text, or its first paragraph's.
    pub fn lead(&self) -> (&str, Option<Range<usize>>) {
        if !self.text.trim().is_empty() {
            return (self.text.as_str(), None);
        }
        match self.children.first() {
            Some(p) if p.kind == Kind::Paragraph => (p.text.as_str(), Some(p.range.clone())),
            _ => ("", None),
        }
    }
}

/// The options pages are read with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_DEFINITION_LIST
}

/// The top-level blocks of `src`.
pub fn tree(src: &str) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if let Some(kind) = block_kind(&tag) {
                    stack.push(Node::new(kind, range));
                }
            }
            Event::End(end) => {
                if !is_block_end(end) {
                    continue;
                }
                let Some(done) = stack.pop() else { continue };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => roots.push(done),
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&t);
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&t);
                }
            }
            Event::SoftBreak => {
                if let Some(node) = stack.last_mut() {
                    node.text.push(' ');
                }
            }
            Event::HardBreak => {
                if let Some(node) = stack.last_mut() {
                    node.text.push('\n');
                }
            }
            Event::Rule => {
                let node = Node::new(Kind::Other, range);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => roots.push(node),
                }
            }
            _ => {}
        }
    }
    // Unclosed blocks cannot happen with pulldown-cmark; keep them anyway.
    while let Some(done) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(done),
            None => roots.push(done),
        }
    }
    roots
}

fn block_kind(tag: &Tag) -> Option<Kind> {
    Some(match tag {
        Tag::Heading { level, .. } => Kind::Heading(*level as u8),
        Tag::Paragraph => Kind::Paragraph,
        Tag::List(_) => Kind::List,
        Tag::Item => Kind::Item,
        Tag::BlockQuote(_) => Kind::Quote,
        Tag::CodeBlock(_) => Kind::Code,
        Tag::HtmlBlock => Kind::Html,
        Tag::Table(_) => Kind::Table,
        Tag::TableHead | Tag::TableRow => Kind::Row,
        Tag::TableCell => Kind::Cell,
        Tag::DefinitionList => Kind::DefinitionList,
        Tag::DefinitionListTitle => Kind::Term,
        Tag::DefinitionListDefinition => Kind::Definition,
        Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_) => Kind::Other,
        _ => return None,
    })
}

fn is_block_end(end: pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd as E;
    matches!(
        end,
        E::Heading(_)
            | E::Paragraph
            | E::List(_)
            | E::Item
            | E::BlockQuote(_)
            | E::CodeBlock
            | E::HtmlBlock
            | E::Table
            | E::TableHead
            | E::TableRow
            | E::TableCell
            | E::DefinitionList
            | E::DefinitionListTitle
            | E::DefinitionListDefinition
            | E::FootnoteDefinition
            | E::MetadataBlock(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_items_tables_and_definitions_nest() {
        let src = "# T\n\n- **Why us?**\n  - a\n- tight\n\nTerm\n: def\n\n| Q | A |\n|---|---|\n| x? | y |\n";
        let t = tree(src);
        let kinds: Vec<Kind> = t.iter().map(|n| n.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Heading(1),
                Kind::List,
                Kind::DefinitionList,
                Kind::Table
            ]
        );
        let item = &t[1].children[0];
        assert_eq!(item.lead().0, "Why us?");
        assert_eq!(item.children[0].kind, Kind::List);
        assert_eq!(t[2].children[0].text, "Term");
        assert_eq!(t[3].children.len(), 2);
        assert_eq!(t[3].children[1].children[0].text, "x?");
    }
}
