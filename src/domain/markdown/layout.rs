//! The event walker: turns pulldown-cmark events into `LaidLine`s. Keeps an
//! explicit stack of line prefixes (quote bars, list bullets and hanging
//! indents) instead of recursing, collects inline content of a block into
//! fragments for `wrap.rs`, and separates blocks with single blank lines.

use std::borrow::Cow;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::blocks::{BlankRuns, loose_lists};
use super::wrap::{
    Fragment, cut_to_width, fit_spans, push_span, trim_trailing_spaces, wrap_fragments,
};
use super::{
    LaidLine, LineKind, SpanStyle, StyledSpan, display_width, needs_inline_sanitizing,
    sanitize_code_line, sanitize_inline,
};

const QUOTE_BAR: &str = "│ ";
const BULLETS: [&str; 3] = ["• ", "◦ ", "▪ "];
const QUOTE_BAR_STYLE: SpanStyle = SpanStyle {
    quote: true,
    ..SpanStyle::MARKER
};
const RULE: &str = "─";
const TABLE_SEPARATOR: &str = "│";

/// Lays out `markdown` at `width` (already at least 1) columns.
pub(super) fn layout_markdown(markdown: &str, width: usize) -> Vec<LaidLine> {
    let mut lines = Vec::new();
    layout_markdown_each(markdown, width, |line| lines.push(line));
    lines
}

/// Lays out `markdown` at `width` (already at least 1) columns, handing each
/// line to `sink` as soon as it is final, so neither the laid-out document
/// nor its parse events are ever held whole: the events of one top-level
/// block are collected, walked, and their lines handed on. The lines are
/// those [`layout_markdown`] returns.
pub(super) fn layout_markdown_each(markdown: &str, width: usize, mut sink: impl FnMut(LaidLine)) {
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut block: Vec<Event> = Vec::new();
    let mut between = BetweenBlocks::default();
    let mut blanks = BlankRuns::default();
    let mut depth = 0usize;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        block.push(event);
        if depth == 0 {
            between = lay_out_block(&block, width, between, &mut |line| {
                blanks.push(line, &mut sink)
            });
            block.clear();
        }
    }
    lay_out_block(&block, width, between, &mut |line| {
        blanks.push(line, &mut sink)
    });
}

/// What one top-level block's walk leaves for the next: the blank line it
/// owes, and whether any line came before (no gap above the first).
#[derive(Clone, Copy, Default)]
struct BetweenBlocks {
    pending_gap: bool,
    lines_before: usize,
}

/// Walks the events of one top-level block, handing its lines to `sink`.
fn lay_out_block(
    events: &[Event],
    width: usize,
    between: BetweenBlocks,
    sink: &mut impl FnMut(LaidLine),
) -> BetweenBlocks {
    if events.is_empty() {
        return between;
    }
    let mut walker = Walker::new(width, loose_lists(events));
    walker.pending_gap = between.pending_gap;
    walker.lines_handed_on = between.lines_before;
    for event in events {
        walker.handle(event);
    }
    walker.flush_inline();
    let lines_before = walker.lines_handed_on + walker.lines.len();
    for line in walker.lines {
        sink(line);
    }
    BetweenBlocks {
        pending_gap: walker.pending_gap,
        lines_before,
    }
}

/// One level of line prefix.
enum Segment {
    Quote,
    Item {
        marker: String,
        width: usize,
        tight: bool,
        bullet_pending: bool,
    },
}

impl Segment {
    fn width(&self) -> usize {
        match self {
            Segment::Quote => display_width(QUOTE_BAR),
            Segment::Item { width, .. } => *width,
        }
    }
}

struct ListState {
    next_number: Option<u64>,
    loose: bool,
}

struct LinkState {
    url: String,
    text: String,
    is_email: bool,
}

#[derive(Default)]
struct Walker<'a> {
    width: usize,
    /// Widest prefix allowed, so at least max(width / 2, 1) columns stay for text.
    prefix_cap: usize,
    lines: Vec<LaidLine>,
    segments: Vec<Segment>,
    /// Indices into `segments` of items whose bullet has not been shown yet.
    pending_bullets: Vec<usize>,
    lists: Vec<ListState>,
    loose_lists: Vec<bool>,
    lists_seen: usize,
    inline: Vec<Fragment<'a>>,
    pending_gap: bool,
    emphasis: usize,
    strong: usize,
    strike: usize,
    heading: u8,
    quote_depth: usize,
    links: Vec<LinkState>,
    code_block: Option<String>,
    in_html_block: bool,
    in_table_head: bool,
    table_cell: usize,
    footnote_lead: Option<String>,
    /// Lines of earlier top-level blocks (see [`lay_out_block`]).
    lines_handed_on: usize,
}

impl<'a> Walker<'a> {
    fn new(width: usize, loose_lists: Vec<bool>) -> Self {
        Walker {
            width,
            prefix_cap: width - (width / 2).max(1),
            loose_lists,
            ..Walker::default()
        }
    }

    fn handle(&mut self, event: &'a Event<'a>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => {
                if let Some(code) = self.code_block.as_mut() {
                    code.push_str(text);
                } else if self.in_html_block {
                    self.push_html_lines(text);
                } else {
                    self.push_text(text.as_ref(), self.style());
                }
            }
            Event::Code(code) => {
                let style = SpanStyle {
                    code: true,
                    ..self.style()
                };
                let cleaned = clean_inline(Cow::Borrowed(code.as_ref()));
                self.note_link_text(&cleaned);
                self.push_fragment(Fragment::Atom(cleaned, style));
            }
            Event::Html(html) if self.in_html_block => self.push_html_lines(html),
            Event::Html(html) | Event::InlineHtml(html) => {
                self.push_text(html.as_ref(), self.style())
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                self.push_text(math.as_ref(), self.style())
            }
            Event::FootnoteReference(label) => self.push_text(format!("[^{label}]"), self.style()),
            Event::SoftBreak => self.push_text(" ", self.style()),
            Event::HardBreak => self.push_fragment(Fragment::HardBreak),
            Event::Rule => {
                self.begin_block();
                let (prefix, prefix_width) = self.render_prefix(false);
                let rule = RULE.repeat(self.width.saturating_sub(prefix_width));
                let mut spans = Vec::new();
                push_span(&mut spans, &rule, SpanStyle::MARKER);
                self.emit_line(prefix, spans, LineKind::Rule);
                self.end_block();
            }
            Event::TaskListMarker(checked) => {
                let mark = if *checked { "[x] " } else { "[ ] " };
                self.push_text(mark, SpanStyle::MARKER);
            }
        }
    }

    fn start(&mut self, tag: &'a Tag<'a>) {
        match tag {
            Tag::Paragraph => self.begin_block(),
            Tag::Heading { level, .. } => {
                self.begin_block();
                // HeadingLevel is a 1..=6 enum.
                self.heading = *level as u8;
            }
            Tag::BlockQuote(_) => {
                self.begin_block();
                self.segments.push(Segment::Quote);
                self.quote_depth += 1;
            }
            Tag::CodeBlock(_) => {
                self.begin_block();
                self.code_block = Some(String::new());
            }
            Tag::HtmlBlock => {
                self.begin_block();
                self.in_html_block = true;
            }
            Tag::List(start) => self.start_list(*start),
            Tag::Item => self.start_item(),
            Tag::FootnoteDefinition(label) => {
                self.begin_block();
                self.footnote_lead = Some(sanitize_inline(&format!("[^{label}]: ")));
            }
            Tag::Table(_) => self.begin_block(),
            Tag::TableHead => {
                self.flush_inline();
                self.in_table_head = true;
                self.table_cell = 0;
            }
            Tag::TableRow => {
                self.flush_inline();
                self.table_cell = 0;
            }
            Tag::TableCell => self.start_table_cell(),
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.links.push(LinkState {
                url: sanitize_inline(dest_url),
                text: String::new(),
                is_email: *link_type == LinkType::Email,
            }),
            Tag::Image { .. } => self.push_text("[image: ", self.style()),
            _ => {}
        }
    }

    /// A list: numbered from `start` (none: bulleted), loose or tight.
    fn start_list(&mut self, start: Option<u64>) {
        self.begin_block();
        let loose = self.loose_lists.get(self.lists_seen) == Some(&true);
        self.lists_seen += 1;
        self.lists.push(ListState {
            next_number: start,
            loose,
        });
    }

    /// A table cell: after the first of a row, a separator before it.
    fn start_table_cell(&mut self) {
        if self.table_cell > 0 {
            self.push_fragment(Fragment::Text(Cow::Borrowed(" "), SpanStyle::default()));
            self.push_fragment(Fragment::Atom(
                Cow::Borrowed(TABLE_SEPARATOR),
                SpanStyle::MARKER,
            ));
            self.push_fragment(Fragment::Text(Cow::Borrowed(" "), SpanStyle::default()));
        }
        self.table_cell += 1;
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock | TagEnd::Table | TagEnd::FootnoteDefinition => {
                self.flush_inline();
                self.in_html_block = false;
                self.footnote_lead = None;
                self.end_block();
            }
            TagEnd::Heading(_) => {
                self.flush_inline();
                self.heading = 0;
                self.end_block();
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                self.segments.pop();
                self.quote_depth = self.quote_depth.saturating_sub(1);
                self.end_block();
            }
            TagEnd::CodeBlock => {
                let code = self.code_block.take().unwrap_or_default();
                self.emit_code_block(&code);
                self.end_block();
            }
            TagEnd::List(_) => {
                self.flush_inline();
                self.lists.pop();
                self.end_block();
            }
            TagEnd::Item => self.end_item(),
            TagEnd::TableHead => {
                self.flush_inline();
                self.in_table_head = false;
            }
            TagEnd::TableRow => self.flush_inline(),
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => self.end_link(),
            TagEnd::Image => self.push_text("]", self.style()),
            _ => {}
        }
    }

    fn start_item(&mut self) {
        self.begin_block();
        let level = self.lists.len();
        let (marker, tight) = match self.lists.last_mut() {
            Some(list) => {
                let marker = match list.next_number.as_mut() {
                    Some(number) => {
                        let marker = format!("{number}. ");
                        *number = number.saturating_add(1);
                        marker
                    }
                    None => BULLETS[level.clamp(1, BULLETS.len()) - 1].to_owned(),
                };
                (marker, !list.loose)
            }
            None => (BULLETS[0].to_owned(), true),
        };
        self.pending_bullets.push(self.segments.len());
        self.segments.push(Segment::Item {
            width: display_width(&marker),
            marker,
            tight,
            bullet_pending: true,
        });
    }

    fn end_item(&mut self) {
        self.flush_inline();
        if let Some(Segment::Item { bullet_pending, .. }) = self.segments.last()
            && *bullet_pending
        {
            // An empty item still shows its bullet.
            let (mut prefix, _) = self.render_prefix(false);
            trim_trailing_spaces(&mut prefix);
            self.emit_line(prefix, Vec::new(), LineKind::Text);
        }
        let tight = match self.segments.pop() {
            Some(Segment::Item { tight, .. }) => tight,
            _ => false,
        };
        self.pending_gap = !tight;
    }

    fn end_link(&mut self) {
        let Some(link) = self.links.pop() else {
            return;
        };
        let mailto_text = link.is_email && link.url.strip_prefix("mailto:") == Some(&link.text);
        if link.url.is_empty() || link.url == link.text || mailto_text {
            return;
        }
        let style = SpanStyle {
            link: false,
            url: true,
            ..self.style()
        };
        self.push_text(format!(" ({})", link.url), style);
    }

    /// The style of inline text at this point.
    fn style(&self) -> SpanStyle {
        SpanStyle {
            bold: self.strong > 0 || self.heading > 0 || self.in_table_head,
            italic: self.emphasis > 0,
            strike: self.strike > 0,
            link: !self.links.is_empty(),
            heading: self.heading,
            quote: self.quote_depth > 0,
            ..SpanStyle::default()
        }
    }

    fn note_link_text(&mut self, text: &str) {
        if let Some(link) = self.links.last_mut() {
            link.text.push_str(text);
        }
    }

    fn push_text(&mut self, text: impl Into<Cow<'a, str>>, style: SpanStyle) {
        let cleaned = clean_inline(text.into());
        self.note_link_text(&cleaned);
        self.push_fragment(Fragment::Text(cleaned, style));
    }

    fn push_fragment(&mut self, fragment: Fragment<'a>) {
        if self.inline.is_empty()
            && let Some(lead) = self.footnote_lead.take()
        {
            self.inline
                .push(Fragment::Atom(Cow::Owned(lead), SpanStyle::MARKER));
        }
        self.inline.push(fragment);
    }

    /// HTML block text: each source line on its own line, wrapped like text.
    fn push_html_lines(&mut self, html: &'a str) {
        for (index, line) in html.split('\n').enumerate() {
            if index > 0 {
                self.push_fragment(Fragment::HardBreak);
            }
            self.push_text(line, self.style());
        }
    }

    /// Before a block: lay out any pending inline text, then the separator.
    fn begin_block(&mut self) {
        self.flush_inline();
        self.emit_gap_if_pending();
    }

    /// After a block: a blank line is owed unless we are directly in a tight list item.
    fn end_block(&mut self) {
        let in_tight_item = matches!(
            self.segments.last(),
            Some(Segment::Item { tight: true, .. })
        );
        self.pending_gap = !in_tight_item;
    }

    fn emit_gap_if_pending(&mut self) {
        if !std::mem::replace(&mut self.pending_gap, false)
            || (self.lines.is_empty() && self.lines_handed_on == 0)
        {
            return;
        }
        let (mut prefix, _) = self.render_prefix(true);
        trim_trailing_spaces(&mut prefix);
        self.lines.push(LaidLine {
            spans: prefix,
            kind: LineKind::Blank,
        });
    }

    fn flush_inline(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        self.emit_gap_if_pending();
        let mut fragments = std::mem::take(&mut self.inline);
        while matches!(fragments.last(), Some(Fragment::HardBreak)) {
            fragments.pop();
        }
        let (_, prefix_width) = self.render_prefix(false);
        let text_width = self.width.saturating_sub(prefix_width).max(1);
        let kind = match self.heading {
            0 => LineKind::Text,
            level => LineKind::Heading(level),
        };
        for wrapped in wrap_fragments(&fragments, text_width) {
            let (prefix, _) = self.render_prefix(false);
            self.emit_line(prefix, wrapped.spans, kind);
        }
    }

    fn emit_code_block(&mut self, code: &str) {
        let style = SpanStyle {
            code_block: true,
            quote: self.quote_depth > 0,
            ..SpanStyle::default()
        };
        let code = code.strip_suffix('\n').unwrap_or(code);
        if code.is_empty() {
            return;
        }
        for source_line in code.split('\n') {
            let (prefix, prefix_width) = self.render_prefix(false);
            let cleaned = sanitize_code_line(source_line);
            let text_width = self.width.saturating_sub(prefix_width).max(1);
            let cut = cut_to_width(&cleaned, style, text_width);
            self.emit_line(prefix, cut.spans, LineKind::CodeBlock);
        }
    }

    /// Pushes a content line and marks every pending bullet as shown.
    fn emit_line(&mut self, prefix: Vec<StyledSpan>, text: Vec<StyledSpan>, kind: LineKind) {
        for index in self.pending_bullets.drain(..) {
            if let Some(Segment::Item { bullet_pending, .. }) = self.segments.get_mut(index) {
                *bullet_pending = false;
            }
        }
        let mut spans = prefix;
        for span in text {
            match spans.last_mut() {
                Some(last) if last.style == span.style => last.text.push_str(&span.text),
                _ => spans.push(span),
            }
        }
        self.lines.push(LaidLine {
            spans: fit_spans(spans, self.width),
            kind,
        });
    }

    /// The prefix for the next line and its width, within `prefix_cap`:
    /// outer levels as far as they fit, always keeping room for the innermost
    /// level (its bullet or bar); levels beyond the cap collapse away. Costs
    /// O(prefix_cap), not O(depth). Blank lines show bars and indents but no bullets.
    fn render_prefix(&self, for_blank: bool) -> (Vec<StyledSpan>, usize) {
        let mut spans = Vec::new();
        let Some((innermost, outer)) = self.segments.split_last() else {
            return (spans, 0);
        };
        let cap = self.prefix_cap;
        let reserved = if innermost.width() <= cap {
            innermost.width()
        } else {
            0
        };
        let mut used = 0;
        for segment in outer {
            if used + segment.width() + reserved > cap {
                break;
            }
            push_segment(&mut spans, segment, for_blank);
            used += segment.width();
        }
        if used + innermost.width() <= cap {
            push_segment(&mut spans, innermost, for_blank);
            used += innermost.width();
        }
        (spans, used)
    }
}

/// Sanitized inline text, borrowing when nothing needed changing.
fn clean_inline(text: Cow<'_, str>) -> Cow<'_, str> {
    if !needs_inline_sanitizing(&text) {
        return text;
    }
    Cow::Owned(sanitize_inline(&text))
}

fn push_segment(spans: &mut Vec<StyledSpan>, segment: &Segment, for_blank: bool) {
    match segment {
        Segment::Quote => push_span(spans, QUOTE_BAR, QUOTE_BAR_STYLE),
        Segment::Item {
            marker,
            width,
            bullet_pending,
            ..
        } => {
            if *bullet_pending && !for_blank {
                push_span(spans, marker, SpanStyle::MARKER);
            } else {
                push_span(spans, &" ".repeat(*width), SpanStyle::default());
            }
        }
    }
}
