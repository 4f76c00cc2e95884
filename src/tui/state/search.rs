//! The search and quick-jump overlays' state (the query box, the results and
//! the selection), the search highlights in the reader's laid-out lines, and
//! the overlays' geometry shared by `update` and the renderer.

use ratatui::layout::Rect;

use super::geometry;
use crate::domain::cards::Card;
use crate::domain::content::Library;
use crate::domain::document::{Document, OutlineItem};
use crate::domain::search::quick_jump::{self, JumpEntry, MAX_ENTRIES, Ranked};
use crate::domain::search::{self, MAX_RESULTS, SearchIndex, SearchResults};
use crate::tui::editor::{Editor, EditorAction};

/// Longest query kept, in chars.
const MAX_QUERY: usize = 200;
/// Rows each search result takes: the place, then the line.
pub const SEARCH_ROWS: u16 = 2;

/// A selection in a list that scrolls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListCursor {
    pub selected: usize,
    /// First entry shown.
    pub scroll: usize,
}

impl ListCursor {
    /// Selects `index` (clamped to `len`) and scrolls it into a view of `visible` entries.
    pub fn select(&mut self, index: usize, len: usize, visible: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.scroll =
            crate::tui::scroll::reveal(self.scroll, self.selected, self.selected, visible, len);
    }

    pub fn step(&mut self, delta: isize, len: usize, visible: usize) {
        self.select(self.selected.saturating_add_signed(delta), len, visible);
    }
}

/// The full-text search overlay and the reader highlights it leaves behind.
#[derive(Clone, Debug)]
pub struct SearchState {
    pub index: SearchIndex,
    pub input: Editor,
    pub results: SearchResults,
    pub cursor: ListCursor,
    pub highlights: ReaderMatches,
    /// The previous query is selected (on reopening): typing or pasting
    /// replaces it, Backspace clears it, any other key keeps it.
    pub query_selected: bool,
}

impl Default for SearchState {
    fn default() -> Self {
        SearchState {
            index: SearchIndex::default(),
            input: query_editor(),
            results: SearchResults::default(),
            cursor: ListCursor::default(),
            highlights: ReaderMatches::default(),
            query_selected: false,
        }
    }
}

impl Default for JumpState {
    fn default() -> Self {
        JumpState {
            entries: Vec::new(),
            input: query_editor(),
            ranked: Vec::new(),
            total: 0,
            cursor: ListCursor::default(),
        }
    }
}

/// An empty query box (one line).
pub fn query_editor() -> Editor {
    Editor::single_line(MAX_QUERY)
}

impl SearchState {
    /// Runs the query in the box again, selecting the first result.
    pub fn refresh(&mut self) {
        self.results = self.index.search(self.input.text(), MAX_RESULTS);
        self.cursor = ListCursor::default();
    }
}

/// The quick-jump overlay.
#[derive(Clone, Debug)]
pub struct JumpState {
    pub entries: Vec<JumpEntry>,
    pub input: Editor,
    pub ranked: Vec<Ranked>,
    pub total: usize,
    pub cursor: ListCursor,
}

impl JumpState {
    pub fn refresh(&mut self) {
        (self.ranked, self.total) = quick_jump::rank(&self.entries, self.input.text(), MAX_ENTRIES);
        self.cursor = ListCursor::default();
    }
}

/// Builds both overlays' data (once, when one of them is first opened).
pub fn build(
    library: &Library,
    outline: &[OutlineItem],
    cards: &[Card],
) -> (SearchState, JumpState) {
    let search = SearchState {
        index: SearchIndex::build(library, outline, cards),
        ..SearchState::default()
    };
    let jump = JumpState {
        entries: quick_jump::entries(library, outline, cards),
        ..JumpState::default()
    };
    (search, jump)
}

/// A match in the reader: a laid-out line and display columns `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineMatch {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// The last submitted query's matches in the reader's document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReaderMatches {
    /// The folded query (empty: nothing highlighted).
    pub query: String,
    /// The document the matches were found in: chapter, width, line count.
    laid_for: Option<(usize, usize, usize)>,
    /// In document order.
    pub matches: Vec<LineMatch>,
    /// The match last gone to with Enter, `n` or `N`.
    pub current: Option<usize>,
}

impl ReaderMatches {
    /// Sets the query and finds it in `doc`.
    pub fn set_query(&mut self, query: &str, doc: &Document) {
        self.query = query.to_string();
        self.laid_for = None;
        self.refresh(doc);
    }

    /// Finds the matches again if `doc` was laid out anew.
    pub fn refresh(&mut self, doc: &Document) {
        let key = (doc.chapter, doc.width, doc.lines.len());
        if self.laid_for == Some(key) {
            return;
        }
        self.laid_for = Some(key);
        self.current = None;
        self.matches.clear();
        if self.query.is_empty() {
            return;
        }
        for (line, laid) in doc.lines.iter().enumerate() {
            for (start, end) in search::find_columns(&laid.plain(), &self.query) {
                self.matches.push(LineMatch { line, start, end });
            }
        }
    }

    /// The matches on one line, in order.
    pub fn on_line(&self, line: usize) -> &[LineMatch] {
        let from = self.matches.partition_point(|m| m.line < line);
        let to = from + self.matches[from..].partition_point(|m| m.line == line);
        &self.matches[from..to]
    }
}

/// Where an overlay's parts are on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FinderGeometry {
    /// The framed box.
    pub frame: Rect,
    /// The query row.
    pub input: Rect,
    /// The row with the count.
    pub summary: Rect,
    /// The rows of results.
    pub list: Rect,
}

/// The overlay over the body (between tab bar and status bar) of a `width` x `height` terminal.
pub fn finder_geometry(width: u16, height: u16) -> FinderGeometry {
    let frame_width = if width > 44 {
        (width - 4).min(100)
    } else {
        width
    };
    let frame = Rect::new(
        (width - frame_width) / 2,
        1,
        frame_width,
        geometry::body_height(height),
    );
    let inner = Rect::new(
        frame.x + 1,
        frame.y + 1,
        frame.width.saturating_sub(2),
        frame.height.saturating_sub(2),
    );
    let row = |n: u16| {
        Rect::new(
            inner.x,
            inner.y + n.min(inner.height),
            inner.width,
            1.min(inner.height.saturating_sub(n)),
        )
    };
    FinderGeometry {
        frame,
        input: row(0),
        summary: row(1),
        list: Rect::new(
            inner.x,
            inner.y + 2.min(inner.height),
            inner.width,
            inner.height.saturating_sub(2),
        ),
    }
}

/// How many search results fit (each takes `SEARCH_ROWS` rows).
pub fn visible_results(width: u16, height: u16) -> usize {
    (finder_geometry(width, height).list.height / SEARCH_ROWS).max(1) as usize
}

/// How many jump entries fit (one row each).
pub fn visible_entries(width: u16, height: u16) -> usize {
    finder_geometry(width, height).list.height.max(1) as usize
}

/// Edits a query box; true when the query changed.
pub fn edit(input: &mut Editor, action: EditorAction) -> bool {
    input.apply(action).changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_edit_the_query_by_grapheme() {
        let mut input = query_editor();
        for c in "café 面接".chars() {
            edit(&mut input, EditorAction::Type(c));
        }
        assert_eq!(input.text(), "café 面接");
        edit(&mut input, EditorAction::Backspace);
        assert_eq!(input.text(), "café 面");
        edit(&mut input, EditorAction::DeleteWordBack);
        assert_eq!(input.text(), "café ");
        assert!(edit(&mut input, EditorAction::Paste("a\nb".into())));
        assert_eq!(input.text(), "café a b");
    }

    #[test]
    fn geometry_fits_tiny_terminals() {
        for (w, h) in [(1, 1), (20, 5), (40, 10), (80, 24)] {
            let g = finder_geometry(w, h);
            assert!(g.frame.right() <= w, "{w}x{h}: {g:?}");
            assert!(g.list.height == 0 || g.list.bottom() < h, "{w}x{h}: {g:?}");
        }
    }

    #[test]
    fn cursor_keeps_the_selection_in_view() {
        let mut cursor = ListCursor::default();
        cursor.step(5, 10, 3);
        assert_eq!((cursor.selected, cursor.scroll), (5, 3));
        cursor.step(100, 10, 3);
        assert_eq!((cursor.selected, cursor.scroll), (9, 7));
        cursor.step(-100, 10, 3);
        assert_eq!((cursor.selected, cursor.scroll), (0, 0));
    }
}
