//! The reader's state: outline selection, pane focus, scroll position and the
//! laid-out document, and how reader commands change them.

use crate::domain::document::{Document, OutlineItem};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Outline,
    Content,
}

#[derive(Clone, Debug, Default)]
pub struct ReaderState {
    /// Index into the outline of the selected item.
    pub selected: usize,
    pub focus: Focus,
    /// First document line shown.
    pub scroll: usize,
    /// The selected chapter laid out for the current width.
    pub doc: Document,
    /// Rows of text visible.
    pub view_height: usize,
    /// First outline row shown.
    pub outline_scroll: usize,
    /// Rows of the outline visible.
    pub outline_height: usize,
    /// Columns the outline would like (0: not measured yet).
    pub outline_wants: u16,
    /// Columns the outline pane has (0 when only the text shows).
    pub outline_width: u16,
}

impl ReaderState {
    /// Lays the chapter of the selected item out at `width` if needed, keeping
    /// the reading place (the item at the top and the offset into it).
    pub fn relayout(&mut self, outline: &[OutlineItem], width: usize) {
        let Some(item) = outline.get(self.selected) else {
            self.doc = Document::default();
            return;
        };
        if self.doc.width == width && self.doc.chapter == item.chapter && !self.doc.lines.is_empty()
        {
            // Same size again: a chapter whose first part alone was laid out
            // gets what the selected item needs on screen; the rest follows
            // after the frame (`Action::CompleteLayout`, or the next command).
            self.lay_out_upto(outline, self.selected, 0);
            return;
        }
        let anchor = (!self.doc.lines.is_empty() && self.doc.chapter == item.chapter).then(|| {
            let top_item = self.doc.item_at(self.scroll).unwrap_or(self.selected);
            let start = self.doc.line_of(top_item).unwrap_or(0);
            let (_, end) = self.doc.range_of(top_item).unwrap_or((start, start + 1));
            let fraction = (self.scroll.saturating_sub(start)) as f64 / (end - start).max(1) as f64;
            (top_item, fraction)
        });
        // Lay out what the screen shows first; the rest follows after the frame.
        let shown = anchor.map_or(self.selected, |(top_item, _)| top_item);
        let upto = Some((shown, self.view_height.max(1) * 2));
        self.doc = Document::build_upto(outline, item.chapter, width, upto);
        self.scroll = match anchor {
            Some((top_item, fraction)) => {
                let (start, end) = self.doc.range_of(top_item).unwrap_or((0, 1));
                start + (fraction * (end - start) as f64) as usize
            }
            None => self.doc.line_of(self.selected).unwrap_or(0),
        };
        self.clamp_scroll();
    }

    /// Lays out the rest of a partial chapter (the lines above a restored
    /// place included), keeping the same text in view.
    pub fn complete_layout(&mut self, outline: &[OutlineItem]) {
        let shift = self.doc.complete(outline);
        self.scroll = self.scroll.saturating_add_signed(shift);
    }

    /// Lays out a partial chapter up to outline item `item`, `offset` lines
    /// into it and two screens beyond (restoring a saved position needs no
    /// more before the first frame).
    pub fn lay_out_upto(&mut self, outline: &[OutlineItem], item: usize, offset: usize) {
        let lines = offset.saturating_add(self.view_height.max(1) * 2);
        self.doc.extend_upto(outline, item, lines);
    }

    pub fn max_scroll(&self) -> usize {
        crate::tui::scroll::max_offset(self.doc.lines.len(), self.view_height.max(1))
    }

    pub fn clamp_scroll(&mut self) {
        self.scroll = self.scroll.min(self.max_scroll());
    }

    /// Scrolls the document so the selected item starts at the top.
    pub fn scroll_to_selected(&mut self) {
        if let Some(line) = self.doc.line_of(self.selected) {
            self.scroll = line;
            self.clamp_scroll();
        }
    }

    /// Selects the item at the top of the view (the outline follows reading).
    fn follow_scroll(&mut self) {
        let probe = if self.scroll >= self.max_scroll() && self.max_scroll() > 0 {
            // at the end, the last visible item is the one being read
            self.doc.lines.len().saturating_sub(1)
        } else {
            self.scroll
        };
        if let Some(item) = self.doc.item_at(probe) {
            self.selected = item;
        }
    }

    /// Percentage of the document read (bottom of view over total lines).
    pub fn percent(&self) -> usize {
        let total = self.doc.estimated_len();
        if total == 0 {
            return 100;
        }
        ((self.scroll + self.view_height).min(total) * 100 / total).min(100)
    }

    /// Selects an outline item and brings it into view.
    pub fn select(&mut self, outline: &[OutlineItem], index: usize) {
        self.selected = index.min(outline.len().saturating_sub(1));
        self.scroll_to_selected();
        self.keep_outline_visible();
    }

    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll());
        self.follow_scroll();
        self.keep_outline_visible();
    }

    pub(crate) fn keep_outline_visible(&mut self) {
        let h = self.outline_height.max(1);
        if self.selected < self.outline_scroll {
            self.outline_scroll = self.selected;
        } else if self.selected >= self.outline_scroll + h {
            self.outline_scroll = self.selected + 1 - h;
        }
    }
}

/// An outline item's rows at `width` columns (after the mark): its title
/// indented by depth, on one row, or wrapped onto a second, further
/// indented row that ends with `…` if even that is not enough.
pub fn outline_item_rows(item: &OutlineItem, width: usize) -> Vec<String> {
    use crate::domain::markdown::display_width;
    let indent = "  ".repeat(item.depth as usize);
    // one column of space before the border
    let room = width.saturating_sub(indent.len() + 1).max(1);
    if display_width(&item.title) <= room {
        return vec![format!("{indent}{}", item.title)];
    }
    let rows = crate::domain::text::wrap::wrap(&item.title, room);
    let cut = rows.first().map_or(0, |row| row.range.end);
    let head = item.title.get(..cut).unwrap_or_default();
    let tail = item.title.get(cut..).unwrap_or_default();
    let second_room = room.saturating_sub(2).max(1);
    vec![
        format!("{indent}{}", head.trim_end()),
        format!(
            "{indent}  {}",
            crate::domain::markdown::truncate(tail.trim(), second_room)
        ),
    ]
}

/// The outline items on screen and their rows, from the first shown: it
/// starts at `outline_scroll`, moved down if wrapped rows would push the
/// selection (or the item after it) off the bottom, and fills `height` rows.
pub fn outline_rows(
    outline: &[OutlineItem],
    reader: &ReaderState,
    width: usize,
    height: usize,
) -> Vec<(usize, Vec<String>)> {
    let height = height.max(1);
    let selected = reader.selected.min(outline.len().saturating_sub(1));
    let mut start = reader.outline_scroll.min(selected);
    let rows_of = |i: usize| {
        outline
            .get(i)
            .map_or(1, |item| outline_item_rows(item, width).len())
    };
    // keep the item after the selection in sight too, when there is one
    let last = (selected + 1).min(outline.len().saturating_sub(1));
    let mut used: usize = (start..=last).map(rows_of).sum();
    while used > height && start < selected {
        used -= rows_of(start);
        start += 1;
    }
    let mut shown = Vec::new();
    let mut rows = 0;
    for (index, item) in outline.iter().enumerate().skip(start) {
        if rows >= height {
            break;
        }
        let item_rows = outline_item_rows(item, width);
        rows += item_rows.len();
        shown.push((index, item_rows));
    }
    shown
}
