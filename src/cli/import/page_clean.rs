//! A Markdown page made ready to read: its front matter (YAML between `---`
//! lines or TOML between `+++` lines, at the very start) taken apart into a
//! title, an id and tags, and what is no text for a reader blanked out: MDX
//! `import`/`export` lines, HTML comments, `<head>`-like blocks and lines
//! that are only an HTML or JSX tag. Each drop comes with a note naming its
//! lines. Blanking replaces bytes with spaces, so every offset still points
//! into the original file and `file:line:col` stays right. Used by
//! `import markdown` and `print`.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What the front matter says (the fields an import uses).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub id: Option<String>,
    pub tags: Vec<String>,
    /// `chapter: N`, for a page that is a numbered chapter.
    pub chapter: Option<u32>,
    /// The keys present but not used (`description`, `sidebar_position`...).
    pub unused: Vec<String>,
}

/// Something taken out of the page, with the byte range it covered.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub range: Range<usize>,
    pub what: String,
}

/// A page with its front matter parsed and its non-text blanked out.
#[derive(Debug, Clone)]
pub struct CleanPage {
    /// The page, as long as the original, with dropped bytes as spaces.
    pub text: String,
    pub front: FrontMatter,
    /// Where the front matter was, if there was one.
    pub front_range: Option<Range<usize>>,
    /// A problem reading the front matter (it is dropped all the same).
    pub front_error: Option<String>,
    /// What was dropped besides the front matter, in page order.
    pub dropped: Vec<Dropped>,
}

/// Tags whose whole block is markup for a browser, never text.
const HEAD_TAGS: [&str; 6] = ["head", "script", "style", "noscript", "template", "meta"];

/// Cleans a page. `src` should have no byte order mark.
pub fn clean(src: &str) -> CleanPage {
    if is_plain(src) {
        return CleanPage {
            text: src.to_string(),
            front: FrontMatter::default(),
            front_range: None,
            front_error: None,
            dropped: Vec::new(),
        };
    }
    let mut bytes = src.as_bytes().to_vec();
    let (front_range, front, front_error) = match front_matter(src) {
        Some((range, kind, body)) => {
            let (front, error) = parse_front(kind, &body);
            (Some(range), front, error)
        }
        None => (None, FrontMatter::default(), None),
    };
    if let Some(r) = &front_range {
        blank(&mut bytes, r.clone());
    }
    let body_from = front_range.as_ref().map_or(0, |r| r.end);
    let dropped = dropped_blocks(src, body_from);
    for d in &dropped {
        blank(&mut bytes, d.range.clone());
    }
    // Only ASCII bytes were replaced by ASCII spaces: still UTF-8.
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    CleanPage {
        text,
        front,
        front_range,
        front_error,
        dropped,
    }
}

/// Whether a page has nothing to drop (most have none): no front matter,
/// no tag, no MDX.
fn is_plain(src: &str) -> bool {
    !src.starts_with("---")
        && !src.starts_with("+++")
        && !src.contains('<')
        && !src.contains("import ")
        && !src.contains("export ")
}

/// What is no text for a reader in the page's top-level blocks from
/// `body_from` on (after the front matter): MDX lines in paragraphs, HTML
/// blocks that are comments, markup or lone tags; in page order, none
/// inside another.
fn dropped_blocks(src: &str, body_from: usize) -> Vec<Dropped> {
    let mut dropped = Vec::new();
    let body = src.get(body_from..).unwrap_or_default();
    let mut depth = 0usize;
    // The paragraphs, headings and list items being read (innermost last),
    // each with the inline tags met directly in it: a tight list item's
    // text comes with no paragraph of its own.
    let mut inline: Vec<(Range<usize>, Vec<Range<usize>>)> = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        let range = range.start + body_from..range.end + body_from;
        match event {
            Event::Start(tag) => {
                match tag {
                    Tag::Paragraph if depth == 0 => mdx(src, range.clone(), &mut dropped),
                    Tag::HtmlBlock if depth == 0 => html(src, range.clone(), &mut dropped),
                    // In a list item: `  </TabItem>` under the item's text.
                    Tag::HtmlBlock => tag_lines(src, range.clone(), &mut dropped),
                    _ => {}
                }
                if matches!(tag, Tag::Paragraph | Tag::Heading { .. } | Tag::Item) {
                    inline.push((range, Vec::new()));
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if matches!(end, TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
                    && let Some((block, tags)) = inline.pop()
                {
                    inline_tag_lines(src, block, &tags, &mut dropped);
                }
            }
            Event::InlineHtml(_) => {
                if let Some((_, tags)) = inline.last_mut() {
                    tags.push(range);
                }
            }
            _ => {}
        }
    }
    dropped.sort_by_key(|d| d.range.start);
    // A `<head>` block runs to its closing tag, which may lie in a later block.
    dropped.dedup_by(|later, earlier| {
        let inside = later.range.end <= earlier.range.end;
        inside && later.range.start >= earlier.range.start
    });
    dropped
}

/// Replaces every byte of `range` but line ends with a space.
fn blank(bytes: &mut [u8], range: Range<usize>) {
    let end = range.end.min(bytes.len());
    for b in bytes.iter_mut().take(end).skip(range.start) {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum FrontKind {
    Yaml,
    Toml,
}

/// The front matter at the start of the page: its range and text.
fn front_matter(src: &str) -> Option<(Range<usize>, FrontKind, String)> {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut events = Parser::new_ext(src, options).into_offset_iter();
    let (first, range) = events.next()?;
    let kind = match first {
        Event::Start(Tag::MetadataBlock(pulldown_cmark::MetadataBlockKind::YamlStyle)) => {
            FrontKind::Yaml
        }
        Event::Start(Tag::MetadataBlock(pulldown_cmark::MetadataBlockKind::PlusesStyle)) => {
            FrontKind::Toml
        }
        _ => return None,
    };
    if range.start != 0 {
        return None;
    }
    let mut body = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) => body.push_str(&t),
            _ => break,
        }
    }
    // The closing line and its line end belong to the front matter too.
    let end = src
        .get(range.end..)
        .and_then(|rest| {
            rest.find('\n')
                .filter(|n| rest.get(..*n).is_some_and(|l| l.trim().is_empty()))
        })
        .map_or(range.end, |n| range.end + n + 1);
    Some((0..end, kind, body))
}

/// Reads the fields of the front matter; an error says why none were read.
fn parse_front(kind: FrontKind, body: &str) -> (FrontMatter, Option<String>) {
    match front_entries(kind, body) {
        Ok(entries) => (front_fields(entries), None),
        Err(why) => (FrontMatter::default(), Some(why)),
    }
}

/// The front matter's `key: value` entries, or why they cannot be read.
fn front_entries(kind: FrontKind, body: &str) -> Result<Vec<(String, Value)>, String> {
    match kind {
        FrontKind::Yaml => match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(body) {
            Ok(serde_yaml_ng::Value::Mapping(m)) => Ok(m
                .into_iter()
                .filter_map(|(k, v)| Some((yaml_scalar(&k)?, Value::from_yaml(v))))
                .collect()),
            Ok(serde_yaml_ng::Value::Null) => Ok(Vec::new()),
            Ok(_) => Err("the YAML front matter is not a list of `key: value` lines".into()),
            Err(e) => Err(format!("the YAML front matter does not parse ({e})")),
        },
        FrontKind::Toml => match toml::from_str::<toml::Table>(body) {
            Ok(table) => Ok(table
                .into_iter()
                .map(|(k, v)| (k, Value::from_toml(v)))
                .collect()),
            Err(e) => {
                let why = e.message().trim().replace('\n', " ");
                Err(format!("the TOML front matter does not parse ({why})"))
            }
        },
    }
}

/// The fields an import uses (title, id or slug, tags, chapter) from the
/// front matter's entries; the other keys are named as unused.
fn front_fields(entries: Vec<(String, Value)>) -> FrontMatter {
    let mut front = FrontMatter::default();
    for (key, value) in entries {
        match key.to_ascii_lowercase().as_str() {
            "title" => front.title = value.text().filter(|t| !t.is_empty()),
            "id" | "slug" => {
                // A slug may be a path (`/behavioral/intro`): its last part.
                let id = value.text().map(|t| {
                    t.trim_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_string()
                });
                if front.id.is_none() || key == "id" {
                    front.id = id.filter(|t| !t.is_empty());
                }
            }
            "tags" | "keywords" | "tag" => {
                for tag in value.list() {
                    if !front.tags.contains(&tag) {
                        front.tags.push(tag);
                    }
                }
            }
            "chapter" => front.chapter = value.text().and_then(|t| t.parse().ok()),
            _ => front.unused.push(key),
        }
    }
    front
}

/// A front matter value, whatever format it came in.
enum Value {
    Text(String),
    List(Vec<String>),
    Other,
}

impl Value {
    fn from_yaml(v: serde_yaml_ng::Value) -> Value {
        match v {
            serde_yaml_ng::Value::Sequence(items) => {
                Value::List(items.iter().filter_map(yaml_scalar).collect())
            }
            other => yaml_scalar(&other).map_or(Value::Other, Value::Text),
        }
    }

    fn from_toml(v: toml::Value) -> Value {
        match v {
            toml::Value::String(s) => Value::Text(s),
            toml::Value::Integer(n) => Value::Text(n.to_string()),
            toml::Value::Float(n) => Value::Text(n.to_string()),
            toml::Value::Boolean(b) => Value::Text(b.to_string()),
            toml::Value::Array(items) => Value::List(
                items
                    .into_iter()
                    .filter_map(|i| match i {
                        toml::Value::String(s) => Some(s),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => Value::Other,
        }
    }

    fn text(&self) -> Option<String> {
        match self {
            Value::Text(t) => Some(t.trim().to_string()),
            _ => None,
        }
    }

    /// A list of tags: a list, or one text of words split at commas.
    fn list(&self) -> Vec<String> {
        let items: Vec<String> = match self {
            Value::List(items) => items.clone(),
            Value::Text(t) => t.split(',').map(str::to_string).collect(),
            Value::Other => Vec::new(),
        };
        items
            .iter()
            .map(|t| t.trim().trim_start_matches('#').trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }
}

fn yaml_scalar(v: &serde_yaml_ng::Value) -> Option<String> {
    match v {
        serde_yaml_ng::Value::String(s) => Some(s.clone()),
        serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
        serde_yaml_ng::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whether a line is an MDX `import` or `export` statement.
pub fn is_mdx_line(line: &str) -> bool {
    let t = line.trim_end();
    if let Some(rest) = t.strip_prefix("import ") {
        let rest = rest.trim_start();
        return rest.starts_with(['\'', '"'])
            || rest.contains(" from ") && (rest.contains('\'') || rest.contains('"'));
    }
    if let Some(rest) = t.strip_prefix("export ") {
        let word = rest.split([' ', '{', '*', '(']).next().unwrap_or_default();
        return rest.starts_with(['{', '*'])
            || matches!(
                word,
                "const" | "let" | "var" | "default" | "function" | "async" | "class"
            );
    }
    false
}

/// A top-level paragraph that begins with an MDX statement is code, not text.
fn mdx(src: &str, range: Range<usize>, dropped: &mut Vec<Dropped>) {
    let text = src.get(range.clone()).unwrap_or_default();
    if text.lines().next().is_some_and(is_mdx_line) {
        let word = if text.starts_with("import") {
            "import"
        } else {
            "export"
        };
        dropped.push(Dropped {
            range: line_range(src, range),
            what: format!("an MDX `{word}` statement"),
        });
    }
}

/// The range widened to whole lines.
fn line_range(src: &str, range: Range<usize>) -> Range<usize> {
    let start = src
        .get(..range.start)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |n| n + 1);
    let end = src
        .get(range.end.saturating_sub(1)..)
        .and_then(|r| r.find('\n'))
        .map_or(src.len(), |n| range.end.saturating_sub(1) + n);
    start..end.max(start)
}

/// An HTML block: a comment or a `<head>`-like block goes whole; in others,
/// only lines that are nothing but tags.
fn html(src: &str, range: Range<usize>, dropped: &mut Vec<Dropped>) {
    let text = src.get(range.clone()).unwrap_or_default();
    let trimmed = text.trim_start();
    if trimmed.starts_with("<!--") {
        dropped.push(Dropped {
            range: line_range(src, range),
            what: "an HTML comment".into(),
        });
        return;
    }
    let tag = tag_name(trimmed).to_ascii_lowercase();
    if HEAD_TAGS.contains(&tag.as_str()) {
        // To the line of the closing tag (or the block's end, when there is none).
        let rest = src
            .get(range.start..)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let close = format!("</{tag}");
        let end = match rest.find(&close) {
            Some(at) if tag != "meta" => range.start + at + close.len(),
            _ => range.end,
        };
        dropped.push(Dropped {
            range: line_range(src, range.start..end.max(range.end)),
            what: format!("a `<{tag}>` block"),
        });
        return;
    }
    tag_lines(src, range, dropped);
}

/// The lines of an HTML block (at `range`) that are only tags, whole lines
/// of the page: in a list item or a quote, a line that holds the item's
/// marker or a `>` too is kept.
fn tag_lines(src: &str, range: Range<usize>, dropped: &mut Vec<Dropped>) {
    let lines = line_range(src, range);
    let text = src.get(lines.clone()).unwrap_or_default();
    let mut at = lines.start;
    for line in text.split_inclusive('\n') {
        if is_tag_line(line) {
            let start = at + (line.len() - line.trim_start().len());
            dropped.push(tag_line(src, start..at + line.trim_end().len()));
        }
        at += line.len();
    }
}

/// A tag line at `range` (its tags, without the white space around them).
fn tag_line(src: &str, range: Range<usize>) -> Dropped {
    let shown: String = src
        .get(range.clone())
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect();
    Dropped {
        range,
        what: format!("the HTML/JSX tag line `{shown}`"),
    }
}

/// The lines of a paragraph or heading (`block`) that are only inline tags
/// (`tags`, as the parser found them): a JSX tag such as `<Tabs>` or
/// `</TabItem>` right under a line of text is no block of its own in
/// CommonMark, but it is markup all the same. A tag that runs over
/// several lines keeps its lines.
fn inline_tag_lines(
    src: &str,
    block: Range<usize>,
    tags: &[Range<usize>],
    dropped: &mut Vec<Dropped>,
) {
    let text = src.get(block.clone()).unwrap_or_default();
    let mut at = block.start;
    for line in text.split_inclusive('\n') {
        let end = at + line.trim_end().len();
        let start = at + (line.len() - line.trim_start().len());
        at += line.len();
        if start >= end {
            continue;
        }
        let mut covered = start;
        for tag in tags.iter().filter(|t| t.start < end && t.end > start) {
            let inside = tag.start >= start && tag.end <= end;
            let gap = src.get(covered..tag.start).unwrap_or("x");
            if !inside || !gap.trim().is_empty() {
                covered = start;
                break;
            }
            covered = tag.end;
        }
        if covered == end {
            dropped.push(tag_line(src, start..end));
        }
    }
}

/// The name of the tag a text starts with (`<Head>` gives `Head`).
fn tag_name(text: &str) -> &str {
    let rest = text.strip_prefix('<').unwrap_or_default();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or_default()
}

/// A line made only of tags (`<TabItem value="a">`, `</Tabs>`, `<br/>`).
pub fn is_tag_line(line: &str) -> bool {
    let mut rest = line.trim();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let Some(after) = rest.strip_prefix('<') else {
            return false;
        };
        let named = after.trim_start_matches('/');
        if !named.starts_with(|c: char| c.is_ascii_alphabetic()) && !after.starts_with('>') {
            return false;
        }
        let Some(close) = after.find('>') else {
            return false;
        };
        rest = after.get(close + 1..).unwrap_or_default().trim_start();
    }
    true
}

/// 1-based first and last line of a byte range.
pub fn lines_of(src: &str, range: &Range<usize>) -> (usize, usize) {
    // Bytes, not text: `at` may fall inside a character.
    let line = |at: usize| {
        let before = src.as_bytes().get(..at.min(src.len())).unwrap_or_default();
        before.iter().filter(|b| **b == b'\n').count() + 1
    };
    let last = line(range.end.saturating_sub(1).max(range.start));
    (line(range.start), last)
}

#[cfg(test)]
#[path = "page_clean_tests.rs"]
mod tests;
