//! Undo and redo of typing inside one text box: snapshots of the text and
//! cursor taken before each edit that starts a new step. Typing a word is
//! one step (a step starts where a word starts after a space or newline);
//! so are a run of Backspaces, a run of Deletes, a paste, a newline and
//! each kill (Ctrl-W, Ctrl-U, Ctrl-K). Moving the cursor ends a run.

/// How many steps back undo reaches.
pub const MAX_STEPS: usize = 500;

/// The kind of an edit, for joining runs of the same kind into one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditKind {
    /// A typed character; `space` when it was whitespace.
    Typing {
        space: bool,
    },
    Backspace,
    Delete,
    /// Anything that is a step of its own (paste, newline, kills).
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub text: String,
    pub cursor: usize,
}

#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The kind of the last edit while a run goes on.
    run: Option<EditKind>,
}

impl History {
    /// Called before an edit of `kind` to the state `before`: starts a new
    /// step unless the edit continues the run.
    pub fn before_edit(&mut self, kind: EditKind, before: Snapshot) {
        let joins = match (self.run, kind) {
            // a word and the spaces after it are one step; a new word starts a new one
            (Some(EditKind::Typing { space: prev }), EditKind::Typing { space }) => !prev || space,
            (Some(EditKind::Backspace), EditKind::Backspace) => true,
            (Some(EditKind::Delete), EditKind::Delete) => true,
            _ => false,
        };
        if !joins {
            self.undo.push(before);
            if self.undo.len() > MAX_STEPS {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.run = (kind != EditKind::Other).then_some(kind);
    }

    /// The cursor moved: the next edit starts a new step.
    pub fn end_run(&mut self) {
        self.run = None;
    }

    /// Steps back from `now`, if there is a step; `now` goes to redo.
    pub fn undo(&mut self, now: Snapshot) -> Option<Snapshot> {
        self.run = None;
        let back = self.undo.pop()?;
        self.redo.push(now);
        Some(back)
    }

    /// Steps forward again from `now`, if undo was the last thing done.
    pub fn redo(&mut self, now: Snapshot) -> Option<Snapshot> {
        self.run = None;
        let forward = self.redo.pop()?;
        self.undo.push(now);
        Some(forward)
    }
}
