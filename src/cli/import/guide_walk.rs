//! Finding what can be studied in a guide's blocks: questions (a list item,
//! heading, bold paragraph, `Q:` line, `<summary>`, callout title or table
//! cell that asks something) with the answer written under them, and cards
//! (`**Term**: text` lines, definition lists, two-column tables). Each find
//! notes the heading it sits under (its group, for the interview sets) and
//! whether it is a question to ask the interviewer.

use std::ops::Range;

use super::guide_text::{
    callout, dedent, is_ask_heading, is_question, plain_markdown, question_text, term_line, tidy,
};
use super::guide_tree::{Kind, Node};

/// A question found in the page.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundQuestion {
    pub text: String,
    /// The Markdown written under it, if any.
    pub answer: Option<String>,
    /// The nearest heading (or list lead) above it; empty before any.
    pub group: String,
    /// A question to ask the interviewer.
    pub ask: bool,
    /// Where it starts in the page.
    pub at: usize,
}

/// A card that is no question: a term and its text, a table row.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundCard {
    pub front: String,
    pub back: String,
    pub group: String,
    pub at: usize,
}

/// What a walk found, in page order.
#[derive(Debug, Default)]
pub struct Found {
    pub questions: Vec<FoundQuestion>,
    pub cards: Vec<FoundCard>,
}

/// Walks blocks of one page (its cleaned text in `src`).
pub struct Walker<'a> {
    src: &'a str,
    /// The headings above the block being read: (level, text). List leads
    /// count as levels past 6.
    chain: Vec<(u8, String)>,
    /// A paragraph like "Questions to ask the interviewer:" came last.
    ask_lead: bool,
    pub found: Found,
}

impl<'a> Walker<'a> {
    /// A walker under the section heading `heading` (none for the
    /// introduction).
    pub fn new(src: &'a str, heading: Option<(u8, &str)>) -> Self {
        Walker {
            src,
            chain: heading
                .map(|(l, t)| (l, t.to_string()))
                .into_iter()
                .collect(),
            ask_lead: false,
            found: Found::default(),
        }
    }

    fn source(&self, range: Range<usize>) -> &'a str {
        self.src.get(range).unwrap_or_default()
    }

    fn group(&self) -> String {
        self.chain
            .last()
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    fn ask(&self) -> bool {
        self.ask_lead || self.chain.iter().any(|(_, t)| is_ask_heading(t))
    }

    fn question(&mut self, text: String, answer: Option<String>, at: usize) {
        let answer = answer
            .map(|a| tidy(&plain_markdown(&a)))
            .filter(|a| !a.is_empty());
        self.found.questions.push(FoundQuestion {
            text: plain_markdown(&text),
            answer,
            group: self.group(),
            ask: self.ask(),
            at,
        });
    }

    fn card(&mut self, front: &str, back: &str, at: usize) {
        let (front, back) = (tidy(&plain_markdown(front)), tidy(&plain_markdown(back)));
        if !front.is_empty() && !back.is_empty() {
            let group = self.group();
            self.found.cards.push(FoundCard {
                front,
                back,
                group,
                at,
            });
        }
    }

    /// The source of `nodes` from the first's start to the last's end.
    fn span(&self, nodes: &[Node]) -> Option<String> {
        let start = nodes.first()?.range.start;
        let end = nodes.last()?.range.end;
        let text = dedent(self.source(line_start(self.src, start)..end));
        (!text.trim().is_empty()).then_some(text)
    }

    /// Walks a run of sibling blocks.
    pub fn walk(&mut self, nodes: &[Node]) {
        let mut i = 0;
        while i < nodes.len() {
            let node = &nodes[i];
            i += 1;
            match node.kind {
                Kind::Heading(level) => i = self.heading(nodes, i, level),
                Kind::Paragraph => i = self.paragraph(nodes, i - 1),
                Kind::List => i = self.list(nodes, i),
                Kind::Quote => self.quote(node),
                Kind::DefinitionList => self.definitions(node),
                Kind::Table => self.table(node),
                Kind::Html => {
                    if let Some(summary) = summary(&node.text) {
                        i = self.details(nodes, i, summary);
                    }
                }
                _ => {}
            }
        }
    }

    /// A heading of `level` (the block before `next`): a question, which
    /// the blocks up to the next heading as high answer, or a new group
    /// for what follows. Returns the next block to read.
    fn heading(&mut self, nodes: &[Node], next: usize, level: u8) -> usize {
        let Some(node) = nodes.get(next.wrapping_sub(1)) else {
            return next;
        };
        self.ask_lead = false;
        self.chain.retain(|(l, _)| *l < level);
        let text = question_text(&node.text);
        if !is_question(&text) {
            self.chain.push((level, text));
            return next;
        }
        let end = nodes[next..]
            .iter()
            .position(|n| matches!(n.kind, Kind::Heading(l) if l <= level))
            .map_or(nodes.len(), |k| next + k);
        let answer = self.span(&nodes[next..end]);
        self.question(text, answer, node.range.start);
        end
    }

    /// A list (the block before `next`), item by item. A one-item question
    /// with nothing under it is answered by the paragraphs after the list.
    /// Returns the next block to read.
    fn list(&mut self, nodes: &[Node], next: usize) -> usize {
        let Some(node) = nodes.get(next.wrapping_sub(1)) else {
            return next;
        };
        let single = node.children.len() == 1;
        for item in &node.children {
            self.item(item);
        }
        self.ask_lead = false;
        let unanswered = single
            && self.found.questions.last().is_some_and(|last| {
                last.answer.is_none()
                    && node
                        .children
                        .first()
                        .is_some_and(|c| c.range.start == last.at)
            });
        if !unanswered {
            return next;
        }
        let end = answer_end(nodes, next);
        if end <= next {
            return next;
        }
        let answer = self.span(&nodes[next..end]);
        let answer = answer.map(|a| tidy(&plain_markdown(&a)));
        if let Some(q) = self.found.questions.last_mut() {
            q.answer = answer.filter(|a| !a.is_empty());
        }
        end
    }

    /// `<details><summary>Q?</summary> … </details>`: the summary asks, the
    /// rest (in the same block, or the blocks up to `</details>`) answers.
    /// `next` is the index after the `<details>` block; returns the next
    /// block to read.
    fn details(&mut self, nodes: &[Node], next: usize, summary: String) -> usize {
        let Some(node) = nodes.get(next.wrapping_sub(1)) else {
            return next;
        };
        let inline = after_summary(&node.text);
        let (answer, resume) = if node.text.contains("</details>") {
            (inline, next)
        } else {
            let end = nodes[next..]
                .iter()
                .position(|n| {
                    n.kind == Kind::Html && n.text.contains("</details>")
                        || matches!(n.kind, Kind::Heading(_))
                })
                .map_or(nodes.len(), |k| next + k);
            let closed = nodes.get(end).is_some_and(|n| n.kind == Kind::Html);
            let rest = self.span(&nodes[next..end]).unwrap_or_default();
            let answer = if inline.is_empty() {
                rest
            } else {
                format!("{inline}\n\n{rest}")
            };
            (answer, if closed { end + 1 } else { end })
        };
        let answer = (!answer.trim().is_empty()).then_some(answer);
        let text = question_text(&summary);
        if is_question(&text) {
            self.question(text, answer, node.range.start);
        } else if let Some(answer) = answer {
            self.card(&text, &answer, node.range.start);
        }
        resume
    }

    /// A paragraph at `at`: a bold or `Q:` question (answered by what
    /// follows), `**Term**: text` lines, or a lead-in to a list. Returns
    /// the index of the next block to read.
    fn paragraph(&mut self, nodes: &[Node], at: usize) -> usize {
        let Some(node) = nodes.get(at) else {
            return at + 1;
        };
        let source = self.source(node.range.clone()).trim();
        let text = question_text(&node.text);
        let lines: Vec<&str> = source.lines().collect();
        // One question a line, nothing under them.
        if lines.len() >= 2 && lines.iter().all(|l| is_question(&question_text(l))) {
            let mut offset = node.range.start;
            for line in lines {
                self.question(question_text(line), None, offset);
                offset += line.len() + 1;
            }
            return at + 1;
        }
        let marked = is_bold(source)
            || node.text.trim() != text && node.text.trim_start().starts_with('Q')
            || lines.len() == 1
                && self
                    .chain
                    .iter()
                    .any(|(_, t)| t.to_lowercase().contains("question"));
        if marked && is_question(&text) {
            let end = answer_end(nodes, at + 1);
            let answer = self
                .span(&nodes[at + 1..end])
                .map(|a| strip_answer_label(&a));
            self.question(text, answer, node.range.start);
            return end;
        }
        let lead_in = node.text.trim_end().ends_with(':') && node.text.chars().count() < 120;
        if lead_in {
            self.ask_lead = is_ask_heading(&node.text);
            return at + 1;
        }
        let mut offset = node.range.start;
        for line in source.lines() {
            if let Some((term, body)) = term_line(line) {
                let q = question_text(&term);
                if is_question(&q) {
                    self.question(q, Some(body), offset);
                } else {
                    self.card(&term, &body, offset);
                }
            }
            offset += line.len() + 1;
        }
        at + 1
    }

    /// A list item: a question (its nested text answers it), a term, or a
    /// lead whose nested lists hold more (like "Amazon" over its questions).
    fn item(&mut self, item: &Node) {
        let (lead, lead_range) = item.lead();
        let lead_source = match &lead_range {
            Some(r) => self.source(r.clone()).to_string(),
            None => {
                let end = item
                    .children
                    .first()
                    .map_or(item.range.end, |c| c.range.start);
                strip_marker(self.source(item.range.start..end)).to_string()
            }
        };
        let rest: &[Node] = match lead_range {
            Some(_) => item.children.get(1..).unwrap_or_default(),
            None => &item.children,
        };
        // `**Why us?** Because ...`: the bold question, then its answer.
        if let Some((q, inline)) = bold_then_text(&lead_source) {
            let q = question_text(&q);
            if is_question(&q) {
                let nested = self.span(rest).unwrap_or_default();
                let answer = format!("{inline}\n\n{nested}");
                self.question(q, Some(answer), item.range.start);
                return;
            }
        }
        let text = question_text(lead);
        if is_question(&text) {
            let answer = self.span(rest);
            self.question(text, answer, item.range.start);
            return;
        }
        if let Some((term, body)) = term_line(&lead_source) {
            let nested = self.span(rest).unwrap_or_default();
            self.card(&term, &format!("{body}\n\n{nested}"), item.range.start);
            return;
        }
        if rest.iter().any(|n| n.kind == Kind::List) {
            let depth = 7 + self.chain.iter().filter(|(l, _)| *l > 6).count() as u8;
            self.chain
                .push((depth, lead.trim().trim_end_matches(':').to_string()));
            let ask_before = self.ask_lead;
            self.ask_lead = ask_before || is_ask_heading(lead);
            self.walk(rest);
            self.ask_lead = ask_before;
            self.chain.pop();
        }
    }

    /// A quote: an Obsidian callout whose title asks something is a
    /// question answered by the callout's text; other quotes are read inside.
    fn quote(&mut self, node: &Node) {
        let source = self.source(node.range.clone());
        let first = source.lines().next().unwrap_or_default();
        let after = first.trim_start().trim_start_matches('>');
        if let Some((_, Some(title))) = callout(after) {
            let text = question_text(&title);
            let body: Vec<&str> = source
                .lines()
                .skip(1)
                .map(|l| {
                    let t = l.trim_start();
                    t.strip_prefix("> ")
                        .or_else(|| t.strip_prefix('>'))
                        .unwrap_or(t)
                })
                .collect();
            let body = body.join("\n");
            if is_question(&text) {
                let answer = (!body.trim().is_empty()).then_some(body);
                self.question(text, answer, node.range.start);
                return;
            }
        }
        self.walk(&node.children);
    }

    /// `Term` / `: definition` pairs.
    fn definitions(&mut self, node: &Node) {
        let mut term: Option<&Node> = None;
        let mut defs: Vec<String> = Vec::new();
        let flush = |w: &mut Self, term: Option<&Node>, defs: &mut Vec<String>| {
            if let Some(t) = term
                && !defs.is_empty()
            {
                w.card(t.text.trim(), &defs.join("\n\n"), t.range.start);
            }
            defs.clear();
        };
        for child in &node.children {
            match child.kind {
                Kind::Term => {
                    flush(self, term, &mut defs);
                    term = Some(child);
                }
                Kind::Definition => {
                    let text = self.source(child.range.clone());
                    let text = text.trim_start().trim_start_matches(':').trim();
                    defs.push(dedent(text));
                }
                _ => {}
            }
        }
        flush(self, term, &mut defs);
    }

    /// A two-column table of questions and answers (or terms and meanings):
    /// each row a card (a quiz, not interview questions).
    fn table(&mut self, node: &Node) {
        let rows: Vec<Vec<&Node>> = node
            .children
            .iter()
            .map(|r| r.children.iter().filter(|c| c.kind == Kind::Cell).collect())
            .collect();
        let Some((head, body)) = rows.split_first() else {
            return;
        };
        if head.len() != 2 || body.is_empty() {
            return;
        }
        let first = head[0].text.trim().to_lowercase();
        let named = [
            "question",
            "questions",
            "q",
            "term",
            "concept",
            "prompt",
            "front",
            "word",
            "acronym",
        ]
        .iter()
        .any(|w| first == *w || first.starts_with(&format!("{w} ")));
        let asking = body
            .iter()
            .filter(|r| {
                r.first()
                    .is_some_and(|c| is_question(&question_text(&c.text)))
            })
            .count();
        if !named && asking * 2 < body.len() {
            return;
        }
        for row in body {
            let (Some(front), Some(back)) = (row.first(), row.get(1)) else {
                continue;
            };
            let cell = |n: &Node| self.source(n.range.clone()).trim().trim_matches('|').trim();
            self.card(cell(front), cell(back), front.range.start);
        }
    }
}

/// Where the answer to a question ends: before the next heading, the next
/// bold question, or a list that is mostly questions.
fn answer_end(nodes: &[Node], from: usize) -> usize {
    let stops = |n: &Node| match n.kind {
        Kind::Heading(_) => true,
        Kind::Paragraph => {
            let q = question_text(&n.text);
            is_question(&q) && (n.text.trim() != q || n.text.contains('?'))
        }
        Kind::List => {
            let asking = n
                .children
                .iter()
                .filter(|c| is_question(&question_text(c.lead().0)))
                .count();
            asking * 2 > n.children.len()
        }
        Kind::Html => summary(&n.text).is_some(),
        _ => false,
    };
    nodes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .position(stops)
        .map_or(nodes.len(), |k| from + k)
        .max(from)
}

/// The offset where the line holding `at` starts.
fn line_start(src: &str, at: usize) -> usize {
    src.get(..at)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |n| n + 1)
}

/// Whether a paragraph's source is one bold run (`**…**` or `__…__`).
fn is_bold(source: &str) -> bool {
    ["**", "__"].iter().any(|m| {
        source.len() > 4
            && source.starts_with(m)
            && source.ends_with(m)
            && source
                .get(2..source.len() - 2)
                .is_some_and(|inner| !inner.contains(m))
    })
}

/// `**Question?** rest`: the bold text and what follows it.
fn bold_then_text(source: &str) -> Option<(String, String)> {
    let inner = source.trim().strip_prefix("**")?;
    let close = inner.find("**")?;
    let bold = inner.get(..close)?;
    let rest = inner
        .get(close + 2..)?
        .trim_start_matches([':', ' ', '-', '—', '–'])
        .trim();
    (!rest.is_empty()).then(|| (bold.to_string(), rest.to_string()))
}

/// `A:` or `Answer:` off the start of an answer.
fn strip_answer_label(text: &str) -> String {
    let t = text.trim_start();
    for label in [
        "**A:**",
        "**A**:",
        "**Answer:**",
        "**Answer**:",
        "A:",
        "Answer:",
    ] {
        if let Some(rest) = t.strip_prefix(label) {
            return rest.trim_start().to_string();
        }
    }
    text.to_string()
}

/// A list marker (and a task box) off the start of an item's first line.
fn strip_marker(text: &str) -> &str {
    let t = text.trim_start();
    let t = if let Some(rest) = t.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = t.trim_start_matches(|c: char| c.is_ascii_digit());
        digits.strip_prefix(['.', ')']).unwrap_or(t)
    };
    let t = t.trim_start();
    ["[ ]", "[x]", "[X]"]
        .iter()
        .find_map(|b| t.strip_prefix(b))
        .unwrap_or(t)
        .trim()
}

/// The text of a `<summary>` in an HTML block.
fn summary(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<summary")?;
    let start = open + lower.get(open..)?.find('>')? + 1;
    let end = start + lower.get(start..)?.find("</summary>")?;
    let text = html.get(start..end)?;
    let plain = strip_tags(text);
    (!plain.trim().is_empty()).then(|| plain.trim().to_string())
}

/// Text after `</summary>` in the same HTML block (tags taken out).
fn after_summary(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let Some(end) = lower.find("</summary>") else {
        return String::new();
    };
    let rest = html.get(end + "</summary>".len()..).unwrap_or_default();
    strip_tags(rest).trim().to_string()
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
#[path = "guide_walk_tests.rs"]
mod tests;
