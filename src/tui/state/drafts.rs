//! The drafts as this window knows them: what the store holds (read at
//! start-up and whenever another window writes, and kept up to date with
//! this window's own writes) and the box edited since its draft was last
//! saved. The transitions (debounced saving, restoring, keeping text on
//! every way out of a box) live in `tui::update::drafts`.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use crate::domain::drafts::Draft;

/// A draft is saved this long after the last keystroke...
pub const SAVE_AFTER: Duration = Duration::seconds(1);
/// ...or this long after the first unsaved one, while typing goes on.
pub const SAVE_WHILE_TYPING: Duration = Duration::seconds(5);

/// Edits not yet in the store: which box, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsaved {
    pub key: String,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
}

#[derive(Clone, Debug, Default)]
pub struct DraftsState {
    /// The store's drafts by key, as last read or written here.
    pub stored: BTreeMap<String, Draft>,
    /// The box edited since its draft was saved, if any.
    pub unsaved: Option<Unsaved>,
    /// Keys whose text was just submitted (an answer stored, a note saved):
    /// their box closing is not a draft to keep. Cleared after each update.
    pub submitted: Vec<String>,
}

impl DraftsState {
    pub fn new(drafts: Vec<Draft>) -> Self {
        DraftsState {
            stored: drafts.into_iter().map(|d| (d.key.clone(), d)).collect(),
            ..DraftsState::default()
        }
    }

    /// Whether a save is waiting for its time (the app loop then sends
    /// idle ticks).
    pub fn waiting(&self) -> bool {
        self.unsaved.is_some()
    }
}

/// A box that holds text now: its draft key, the text, and for a note the
/// note it opened on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveBox {
    pub key: String,
    pub text: String,
    pub base: Option<String>,
}
