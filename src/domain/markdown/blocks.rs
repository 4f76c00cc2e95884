//! What laying out Markdown needs to know beyond one event at a time:
//! which lists are loose (looked up before a block is walked), and the last
//! clean-up of the finished lines (no leading, trailing or doubled blank
//! lines), done one line at a time so a big document can be printed while
//! it is laid out.

use pulldown_cmark::{Event, Tag};

use super::{LaidLine, LineKind};

/// For each list, in order of appearance: whether it is loose. pulldown-cmark
/// wraps item text in paragraphs exactly when the list is loose.
pub(super) fn loose_lists(events: &[Event]) -> Vec<bool> {
    enum Open {
        List(usize),
        Item,
        Other,
    }
    let mut loose = Vec::new();
    let mut open = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::List(_)) => {
                open.push(Open::List(loose.len()));
                loose.push(false);
            }
            Event::Start(Tag::Item) => open.push(Open::Item),
            Event::Start(Tag::Paragraph) => {
                if let [.., Open::List(list), Open::Item] = open.as_slice()
                    && let Some(flag) = loose.get_mut(*list)
                {
                    *flag = true;
                }
                open.push(Open::Other);
            }
            Event::Start(_) => open.push(Open::Other),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    loose
}

/// The final clean-up of the laid-out lines, one line at a time: no
/// leading, trailing or doubled blank lines (the first of a run is kept).
#[derive(Default)]
pub(super) struct BlankRuns {
    /// Whether a line that is not blank has been handed on.
    started: bool,
    /// The first blank line of a run, handed on only if text follows.
    held: Option<LaidLine>,
}

impl BlankRuns {
    pub(super) fn push(&mut self, line: LaidLine, sink: &mut impl FnMut(LaidLine)) {
        if line.kind == LineKind::Blank {
            if self.started && self.held.is_none() {
                self.held = Some(line);
            }
            return;
        }
        if let Some(blank) = self.held.take() {
            sink(blank);
        }
        self.started = true;
        sink(line);
    }
}
