//! The editor against a simple model: random sequences of typing, pastes,
//! deletions, motions, undo and redo keep the text equal to the model's and
//! the cursor on a cluster boundary inside the rows on screen.

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use super::*;
use crate::domain::text::width::width as text_width;

fn typed(editor: &mut Editor, text: &str) {
    for c in text.chars() {
        editor.apply(EditorAction::Type(c));
    }
}

#[test]
fn typing_a_paragraph_and_undoing_word_by_word() {
    let mut ed = Editor::new(100);
    typed(&mut ed, "one two");
    ed.apply(EditorAction::Newline);
    typed(&mut ed, "three");
    assert_eq!(ed.text(), "one two\nthree");
    ed.apply(EditorAction::Undo);
    assert_eq!(ed.text(), "one two\n");
    ed.apply(EditorAction::Undo);
    assert_eq!(ed.text(), "one two");
    ed.apply(EditorAction::Undo);
    assert_eq!(ed.text(), "one ");
    ed.apply(EditorAction::Redo);
    ed.apply(EditorAction::Redo);
    assert_eq!(ed.text(), "one two\n");
    // typing after undo drops the redo
    typed(&mut ed, "x");
    assert!(!ed.apply(EditorAction::Redo).changed);
    assert_eq!(ed.text(), "one two\nx");
}

#[test]
fn pastes_keep_newlines_and_the_limit_says_what_was_cut() {
    let mut ed = Editor::new(10);
    let out = ed.apply(EditorAction::Paste("ab\r\ncd\tx\u{1b}".into()));
    assert_eq!(ed.text(), "ab\ncd    x");
    assert_eq!(out.over_limit, 0);
    let out = ed.apply(EditorAction::Paste("more".into()));
    assert_eq!(
        out,
        Outcome {
            changed: false,
            over_limit: 4
        }
    );
    let out = ed.apply(EditorAction::Type('z'));
    assert_eq!(out.over_limit, 1);
    let mut one = Editor::single_line(20).with_text("a\nb");
    assert_eq!(one.text(), "a b");
    one.apply(EditorAction::Newline);
    assert_eq!(one.text(), "a b");
}

#[test]
fn kills_and_word_motions() {
    let mut ed = Editor::new(100).with_text("first line\nsecond line");
    ed.apply(EditorAction::WordLeft);
    ed.apply(EditorAction::DeleteToLineEnd);
    assert_eq!(ed.text(), "first line\nsecond ");
    ed.apply(EditorAction::DeleteWordBack);
    assert_eq!(ed.text(), "first line\n");
    ed.apply(EditorAction::DeleteToLineStart);
    assert_eq!(
        ed.text(),
        "first line",
        "at a line's start Ctrl-U joins the lines"
    );
    ed.apply(EditorAction::DeleteToLineStart);
    assert_eq!(ed.text(), "");
    ed.apply(EditorAction::Undo);
    assert_eq!(ed.text(), "first line");
}

#[test]
fn up_and_down_move_by_rows_on_screen() {
    let mut ed = Editor::new(100).with_text("abcdefgh ijkl");
    ed.set_viewport(6, 3); // wraps at 5
    ed.apply(EditorAction::Up);
    let view = ed.view(6, 3);
    assert_eq!(view.rows.len(), 3);
    ed.apply(EditorAction::RowStart);
    ed.apply(EditorAction::Down);
    ed.apply(EditorAction::Down);
    ed.apply(EditorAction::RowEnd);
    assert_eq!(ed.cursor(), ed.text().len());
}

#[test]
fn the_cursor_never_stops_inside_a_cluster() {
    let mut ed = Editor::new(100);
    typed(&mut ed, "a❤\u{fe0f}b");
    assert_eq!(ed.text(), "a❤️b");
    ed.apply(EditorAction::Left);
    ed.apply(EditorAction::Left);
    assert_eq!(ed.cursor(), 1);
    ed.apply(EditorAction::Delete);
    assert_eq!(ed.text(), "ab", "the heart goes whole");
    let view = Editor::new(10).with_text("❤️x").view(20, 1);
    assert_eq!(view.cursor, (0, 3));
}

/// One step of a random session.
#[derive(Clone, Debug)]
enum Step {
    Type(char),
    Paste(String),
    Newline,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    RowStart,
    RowEnd,
    WordLeft,
    WordRight,
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    let chars = prop::sample::select(vec![
        'a', 'b', ' ', ' ', 'é', '中', '❤', '\u{fe0f}', '\u{301}', '🇫', '🇷', '.',
    ]);
    let paste = prop::collection::vec(
        prop::sample::select(vec!["a", " ", "\n", "❤️", "中文", "word ", "\r\n", "\t"]),
        0..6,
    )
    .prop_map(|parts| parts.concat());
    prop_oneof![
        6 => chars.prop_map(Step::Type),
        1 => paste.prop_map(Step::Paste),
        1 => Just(Step::Newline),
        2 => Just(Step::Backspace),
        1 => Just(Step::Delete),
        2 => Just(Step::Left),
        1 => Just(Step::Right),
        1 => Just(Step::Up),
        1 => Just(Step::Down),
        1 => Just(Step::RowStart),
        1 => Just(Step::RowEnd),
        1 => Just(Step::WordLeft),
        1 => Just(Step::WordRight),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

/// The model: a string, a cursor, and whole-text snapshots for undo,
/// written the plainest way.
#[derive(Default)]
struct Model {
    text: String,
    cursor: usize,
    undo: Vec<(String, usize)>,
    redo: Vec<(String, usize)>,
    run: Option<&'static str>,
    last_space: bool,
}

const LIMIT: usize = 40;

impl Model {
    fn starts(&mut self, kind: &'static str, space: bool) {
        let joins = match (self.run, kind) {
            (Some("type"), "type") => !self.last_space || space,
            (Some(a), b) => a == b && a != "other",
            _ => false,
        };
        if !joins {
            self.undo.push((self.text.clone(), self.cursor));
        }
        self.redo.clear();
        self.run = (kind != "other").then_some(kind);
        self.last_space = space;
    }

    fn snap(&mut self) {
        if self.cursor > 0 {
            self.cursor = self
                .text
                .grapheme_indices(true)
                .map(|(i, _)| i)
                .find(|i| *i >= self.cursor)
                .unwrap_or(self.text.len());
        }
    }

    fn insert(&mut self, s: &str, kind: &'static str) {
        let room = LIMIT - self.text.chars().count();
        let s: String = s.chars().take(room).collect();
        if s.is_empty() {
            return;
        }
        let space = s.chars().all(char::is_whitespace);
        self.starts(kind, space);
        self.text.insert_str(self.cursor, &s);
        self.cursor += s.len();
        self.snap();
    }

    fn starts_of(&self) -> Vec<usize> {
        self.text.grapheme_indices(true).map(|(i, _)| i).collect()
    }

    fn remove(&mut self, from: usize, to: usize, kind: &'static str) {
        if from == to {
            return;
        }
        self.starts(kind, false);
        self.text.replace_range(from..to, "");
        self.cursor = from;
        self.snap();
    }

    fn apply(&mut self, step: &Step, editor_cursor: usize) {
        let starts = self.starts_of();
        let prev = starts
            .iter()
            .rev()
            .find(|i| **i < self.cursor)
            .copied()
            .unwrap_or(0);
        let next = starts
            .iter()
            .find(|i| **i > self.cursor)
            .copied()
            .unwrap_or(self.text.len());
        match step {
            Step::Type(c) => {
                let s = if *c == '\t' {
                    "    ".to_string()
                } else {
                    c.to_string()
                };
                self.insert(&s, "type");
            }
            Step::Paste(p) => {
                let p = p.replace("\r\n", "\n").replace('\t', "    ");
                self.insert(&p, "other");
            }
            Step::Newline => self.insert("\n", "other"),
            Step::Backspace => self.remove(prev, self.cursor, "back"),
            Step::Delete => self.remove(self.cursor, next, "del"),
            Step::Undo => {
                if let Some(back) = self.undo.pop() {
                    self.redo.push((self.text.clone(), self.cursor));
                    (self.text, self.cursor) = back;
                }
                self.run = None;
            }
            Step::Redo => {
                if let Some(fwd) = self.redo.pop() {
                    self.undo.push((self.text.clone(), self.cursor));
                    (self.text, self.cursor) = fwd;
                }
                self.run = None;
            }
            Step::Left => {
                self.cursor = prev;
                self.run = None;
            }
            Step::Right => {
                self.cursor = next;
                self.run = None;
            }
            // motions by rows and words: the model takes the editor's place
            // (checked to be a boundary below)
            _ => {
                self.cursor = editor_cursor;
                self.run = None;
            }
        }
    }
}

fn action(step: &Step) -> EditorAction {
    match step.clone() {
        Step::Type(c) => EditorAction::Type(c),
        Step::Paste(p) => EditorAction::Paste(p),
        Step::Newline => EditorAction::Newline,
        Step::Backspace => EditorAction::Backspace,
        Step::Delete => EditorAction::Delete,
        Step::Left => EditorAction::Left,
        Step::Right => EditorAction::Right,
        Step::Up => EditorAction::Up,
        Step::Down => EditorAction::Down,
        Step::RowStart => EditorAction::RowStart,
        Step::RowEnd => EditorAction::RowEnd,
        Step::WordLeft => EditorAction::WordLeft,
        Step::WordRight => EditorAction::WordRight,
        Step::Undo => EditorAction::Undo,
        Step::Redo => EditorAction::Redo,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn the_editor_follows_the_model(
        steps in prop::collection::vec(step(), 1..60),
        width in 2usize..12,
        rows in 1usize..4,
    ) {
        let mut editor = Editor::new(LIMIT);
        editor.set_viewport(width, rows);
        let mut model = Model::default();
        for step in &steps {
            editor.apply(action(step));
            model.apply(step, editor.cursor());
            prop_assert_eq!(editor.text(), model.text.as_str(), "after {:?}", step);
            prop_assert_eq!(editor.cursor(), model.cursor, "after {:?}", step);
            prop_assert!(motion::is_boundary(editor.text(), editor.cursor()));
            prop_assert!(editor.char_count() <= LIMIT);
            let view = editor.view(width, rows);
            prop_assert!(!view.rows.is_empty() && view.rows.len() <= rows);
            prop_assert!((view.cursor.0 as usize) < view.rows.len(), "{:?}", view);
            prop_assert!((view.cursor.1 as usize) < width, "{:?}", view);
            // the cursor's column is the width of what is before it on its row
            let row = &view.rows[view.cursor.0 as usize];
            prop_assert!(text_width(row) + 1 >= view.cursor.1 as usize || text_width(row) >= width);
        }
    }
}

#[test]
fn a_stored_text_past_the_limit_opens_whole_and_takes_nothing_more() {
    let mut ed = Editor::new(5).with_text("abcdefgh");
    assert_eq!(ed.text(), "abcdefgh");
    assert_eq!(ed.over_limit(), 3);
    assert_eq!(ed.apply(EditorAction::Type('z')).over_limit, 1);
    assert_eq!(ed.text(), "abcdefgh");
    ed.apply(EditorAction::Backspace);
    assert_eq!((ed.text(), ed.over_limit()), ("abcdefg", 2));
    assert_eq!(Editor::new(5).with_text("abc").over_limit(), 0);
}
