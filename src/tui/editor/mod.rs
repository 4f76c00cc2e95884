//! The one text editor every text box uses (typed card answers, interview
//! answers, bookmark notes, the search and jump queries): a `String` and a
//! cursor that is always on a grapheme-cluster boundary, paragraphs
//! (newlines), word wrap at the box width with the cursor always shown,
//! undo and redo of typing, the usual motions and kills, and a length cap
//! that says when it cut something (and never cuts a stored text it opens).
//!
//! Pure: driven by [`EditorAction`]s that `update` makes from our own key
//! and command types (see [`EditorAction::from_command`] and
//! [`EditorAction::from_key`]). The widths and the wrap are
//! `domain::text`'s, so the cursor sits where the text is drawn.
//!
//! Why not a textarea crate: the maintained ones (`tui-textarea-2`,
//! `ratatui-textarea`) move the cursor and delete by `char`, so the cursor
//! can stop inside a cluster (between `❤` and its U+FE0F, inside a flag),
//! and they measure width per `char` (`❤️` one column where the terminal
//! draws two): the very bug this editor exists to fix. Their wrap and
//! rendering would also be a second measure beside `domain::text`.

mod history;
mod input;
pub mod layout;
pub mod motion;

#[cfg(test)]
mod tests;

pub use input::{EditorAction, Outcome};
pub use layout::EditorView;

use history::{EditKind, History, Snapshot};

/// A text box's contents and everything about editing it.
#[derive(Clone, Debug)]
pub struct Editor {
    text: String,
    /// A byte offset into `text`, always a cluster boundary.
    cursor: usize,
    /// The most characters (`char`s) the text may hold.
    limit: usize,
    /// Newlines are not allowed (the search box): they become spaces.
    single_line: bool,
    history: History,
    /// The column Up and Down aim for, kept across rows of other lengths.
    goal_column: Option<usize>,
    /// The box's width in columns (0 until known: rows are then lines).
    width: usize,
    /// How many rows the box shows at most.
    max_rows: usize,
    /// The first row shown (kept while it shows the cursor).
    scroll: usize,
}

/// An empty box of [`DEFAULT_LIMIT`] characters (each box sets its own).
impl Default for Editor {
    fn default() -> Self {
        Editor::new(DEFAULT_LIMIT)
    }
}

/// The limit of a box made with `Editor::default()`.
pub const DEFAULT_LIMIT: usize = 2000;

impl Editor {
    /// An empty editor holding at most `limit` characters.
    pub fn new(limit: usize) -> Self {
        Editor {
            text: String::new(),
            cursor: 0,
            limit,
            single_line: false,
            history: History::default(),
            goal_column: None,
            width: 0,
            max_rows: 1,
            scroll: 0,
        }
    }

    /// An editor for one line of text (newlines typed or pasted become spaces).
    pub fn single_line(limit: usize) -> Self {
        Editor {
            single_line: true,
            ..Editor::new(limit)
        }
    }

    /// The same editor holding `text` (cleaned), the cursor at its end,
    /// with no undo history. A stored text longer than the limit (a note
    /// from an older version or another device) is kept whole, never cut:
    /// the box then takes nothing more until it is shorter
    /// ([`Editor::over_limit`] says by how much).
    pub fn with_text(mut self, text: &str) -> Self {
        self.text = self.clean(text);
        self.cursor = self.text.len();
        self.history = History::default();
        self.follow_cursor();
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The cursor, a byte offset on a cluster boundary.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Characters in the text.
    pub fn char_count(&self) -> usize {
        self.text.chars().count()
    }

    /// How many characters the text holds past the limit (a stored text
    /// opened whole in a box it outgrew; 0 for anything typed here).
    pub fn over_limit(&self) -> usize {
        self.char_count().saturating_sub(self.limit)
    }

    /// What to say when the box opened on a stored text past its limit,
    /// which it keeps whole (see [`Editor::with_text`]): nothing of it was
    /// cut, and nothing more goes in until it is shorter. The caller names
    /// the text ("Note kept whole, ...").
    pub fn kept_whole(&self) -> Option<String> {
        let over = self.over_limit();
        (over > 0).then(|| {
            format!(
                "kept whole, {over} characters over its limit of {}: shorten it to add more",
                self.limit
            )
        })
    }

    /// Words in the text (runs of non-space characters).
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }

    /// Tells the editor its box: `width` columns, at most `max_rows` rows.
    pub fn set_viewport(&mut self, width: usize, max_rows: usize) {
        self.width = width;
        self.max_rows = max_rows.max(1);
        self.follow_cursor();
    }

    /// What a box `width` wide and at most `max_rows` tall shows.
    pub fn view(&self, width: usize, max_rows: usize) -> EditorView {
        layout::view(&self.text, self.cursor, self.scroll, width, max_rows)
    }

    /// Carries out one action; says what changed.
    pub fn apply(&mut self, action: EditorAction) -> Outcome {
        let outcome = input::apply(self, action);
        self.follow_cursor();
        outcome
    }

    /// Keeps the cursor's row among the rows shown.
    fn follow_cursor(&mut self) {
        let rows = layout::rows(&self.text, self.width);
        let (row, _) = layout::locate(&self.text, &rows, self.cursor);
        let shown = rows.len().min(self.max_rows.max(1));
        self.scroll = layout::first_shown(self.scroll, row, shown, rows.len());
    }

    /// Text as it may go in the box: line ends made `\n` (spaces in a
    /// single-line box), tabs four spaces, other control characters and
    /// bidi controls dropped.
    fn clean(&self, text: &str) -> String {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\n' if self.single_line => out.push(' '),
                '\n' => out.push('\n'),
                '\t' => out.push_str("    "),
                c if crate::domain::content::sanitize::is_forbidden(c) => {}
                c => out.push(c),
            }
        }
        out
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            text: self.text.clone(),
            cursor: self.cursor,
        }
    }

    fn restore(&mut self, snap: Snapshot) {
        self.text = snap.text;
        self.cursor = motion::boundary_at_or_after(&self.text, snap.cursor.min(self.text.len()));
        self.goal_column = None;
    }

    /// Inserts `text` (already clean) at the cursor, as much as the limit
    /// allows. Returns how many characters did not fit.
    fn insert(&mut self, text: &str, kind: EditKind) -> usize {
        let room = self.limit.saturating_sub(self.char_count());
        let total = text.chars().count();
        let taken: String = text.chars().take(room).collect();
        if taken.is_empty() {
            return total;
        }
        self.history.before_edit(kind, self.snapshot());
        let (before, after) = self
            .text
            .split_at_checked(self.cursor)
            .unwrap_or((&self.text, ""));
        let joined = format!("{before}{taken}{after}");
        let end = self.cursor + taken.len();
        self.text = joined;
        // the insert may join clusters (a combining mark, a second flag
        // letter): the cursor goes to the end of the cluster it is in
        self.cursor = motion::boundary_at_or_after(&self.text, end);
        self.goal_column = None;
        total - taken.chars().count()
    }

    /// Removes the bytes between two boundaries; false when there are none.
    fn remove(&mut self, from: usize, to: usize, kind: EditKind) -> bool {
        let (from, to) = (from.min(to), from.max(to).min(self.text.len()));
        if from == to {
            return false;
        }
        self.history.before_edit(kind, self.snapshot());
        let kept = format!(
            "{}{}",
            self.text.get(..from).unwrap_or_default(),
            self.text.get(to..).unwrap_or_default()
        );
        self.text = kept;
        self.cursor = motion::boundary_at_or_after(&self.text, from);
        self.goal_column = None;
        true
    }

    /// Moves the cursor (a motion ends a typing run).
    fn move_to(&mut self, at: usize) -> bool {
        self.history.end_run();
        let at = motion::boundary_at_or_after(&self.text, at.min(self.text.len()));
        let moved = at != self.cursor;
        self.cursor = at;
        moved
    }
}
