//! The bookmarks screen's data: the list mirroring the store, selection and
//! scroll, the note editor, and the list lines (built here so drawing and
//! clicks agree). Its transitions live in `tui::update::bookmarks`.

use crate::domain::bookmarks::Bookmark;
use crate::domain::bookmarks::{self, Bookmarks};
use crate::tui::state::{State, geometry};

/// The longest note kept, in characters.
pub const MAX_NOTE: usize = 2000;

/// The note being typed for a bookmark.
#[derive(Clone, Debug)]
pub struct NoteEdit {
    pub item_id: String,
    pub title: String,
    pub editor: crate::tui::editor::Editor,
    /// The bookmark as it was when the editor opened: its note tells an
    /// edit made in another window meanwhile, and the rest puts it back if
    /// another window deleted it.
    pub opened_on: Bookmark,
    /// Whether a kept draft of the note was looked for.
    pub draft_checked: bool,
}

/// A note box holding `text`.
pub fn note_editor(text: &str) -> crate::tui::editor::Editor {
    crate::tui::editor::Editor::new(MAX_NOTE).with_text(text)
}

#[derive(Clone, Debug, Default)]
pub struct BookmarksState {
    /// The bookmarks, mirroring the store.
    pub list: Bookmarks,
    /// Index of the selected entry, in display order.
    pub selected: usize,
    /// First list line shown.
    pub scroll: usize,
    /// The note editor, while open.
    pub editing: Option<NoteEdit>,
}

impl BookmarksState {
    pub fn new(list: Vec<Bookmark>) -> Self {
        BookmarksState {
            list: Bookmarks::new(list),
            ..Self::default()
        }
    }
}

/// What a line of the bookmarks list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListLine {
    Heading(String),
    Title {
        entry: usize,
        text: String,
        missing: bool,
    },
    Preview {
        entry: usize,
        text: String,
    },
    Note {
        entry: usize,
        text: String,
    },
    Gap,
}

impl ListLine {
    pub fn entry(&self) -> Option<usize> {
        match self {
            ListLine::Title { entry, .. }
            | ListLine::Preview { entry, .. }
            | ListLine::Note { entry, .. } => Some(*entry),
            _ => None,
        }
    }
}

/// One listed bookmark: its id and where it leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedEntry {
    pub id: String,
    pub title: String,
    pub item: Option<usize>,
    pub missing: bool,
}

/// The bookmarks list as shown: its entries in order and its lines.
pub fn list_view(state: &State) -> (Vec<ListedEntry>, Vec<ListLine>) {
    let groups = bookmarks::grouped(
        state.bookmarks.list.all(),
        &state.outline,
        &state.library,
        &state.progress.cards,
    );
    let mut entries = Vec::new();
    let mut lines = Vec::new();
    for group in groups {
        if !lines.is_empty() {
            lines.push(ListLine::Gap);
        }
        lines.push(ListLine::Heading(group.heading.clone()));
        for e in &group.entries {
            let entry = entries.len();
            let b = e.bookmark;
            lines.push(ListLine::Title {
                entry,
                text: b.title.clone(),
                missing: e.missing,
            });
            lines.push(ListLine::Preview {
                entry,
                text: e.preview(&state.outline),
            });
            if !b.note.is_empty() {
                // one row: a note's line breaks become spaces here
                lines.push(ListLine::Note {
                    entry,
                    text: crate::domain::content::sanitize::sanitize_line(&b.note),
                });
            }
            entries.push(ListedEntry {
                id: b.item_id.clone(),
                title: b.title.clone(),
                item: e.item,
                missing: e.missing,
            });
        }
    }
    (entries, lines)
}

/// Rows the list has on screen: the body less its title row.
pub fn list_height(state: &State) -> usize {
    (geometry::body_height(state.size.1).saturating_sub(1) as usize).max(1)
}

/// The scroll that shows the selected entry, starting from `scroll`.
pub fn visible_scroll(lines: &[ListLine], selected: usize, scroll: usize, height: usize) -> usize {
    let first = lines.iter().position(|l| l.entry() == Some(selected));
    let last = lines.iter().rposition(|l| l.entry() == Some(selected));
    let (Some(first), Some(last)) = (first, last) else {
        return 0;
    };
    // show the chapter heading above the first entry of a group when it fits
    let first = match first.checked_sub(1).and_then(|i| lines.get(i)) {
        Some(ListLine::Heading(_)) => first - 1,
        _ => first,
    };
    crate::tui::scroll::reveal(scroll, first, last, height, lines.len())
}
