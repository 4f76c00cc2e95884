//! What must reach the store when the app loop cannot put it there: the
//! text of every box (as drafts) and the reading position. The loop
//! refreshes this small snapshot after every update; the signal watchdog
//! (when the loop is stuck reading a terminal that went away) and the
//! panic hook write it through a store connection of their own, before
//! they restore the terminal.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::store::Store;
use crate::tui::state::State;
use crate::tui::state::drafts::LiveBox;
use crate::tui::state::position::{KEY as POSITION_KEY, ReadingPosition};
use crate::tui::update::drafts::live_boxes;

/// What a rescue writes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Boxes with text worth keeping.
    pub drafts: Vec<LiveBox>,
    /// The encoded reading position, once there is one.
    pub position: Option<String>,
}

impl Snapshot {
    /// What the state holds that must not be lost.
    pub fn of(state: &State) -> Self {
        Snapshot {
            drafts: live_boxes(state)
                .into_iter()
                .filter(|b| !b.text.trim().is_empty() && b.base.as_deref() != Some(&b.text))
                .collect(),
            position: ReadingPosition::capture(state).map(|p| p.encode()),
        }
    }
}

/// The snapshot shared between the loop, the watchdog and the panic hook.
#[derive(Clone, Debug, Default)]
pub struct Rescue {
    snapshot: Arc<Mutex<Snapshot>>,
    /// The store file, when the store is open for writing.
    store: Option<PathBuf>,
    /// Set once the loop has saved everything itself on its way out.
    saved_by_loop: Arc<AtomicBool>,
}

impl Rescue {
    pub fn new(store: Option<PathBuf>) -> Self {
        Rescue {
            store,
            ..Rescue::default()
        }
    }

    /// Takes a new snapshot of `state` (after each update).
    pub fn refresh(&self, state: &State) {
        let now = Snapshot::of(state);
        let mut kept = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        if *kept != now {
            *kept = now;
        }
    }

    /// The loop saved everything itself: nothing left to rescue.
    pub fn mark_saved(&self) {
        self.saved_by_loop.store(true, Ordering::SeqCst);
    }

    pub fn saved_by_loop(&self) -> bool {
        self.saved_by_loop.load(Ordering::SeqCst)
    }

    /// Writes the snapshot through a connection of its own. Errors are
    /// ignored: this runs on the way out, with no screen to show them.
    pub fn write(&self, now: DateTime<Utc>) {
        let Some(path) = &self.store else {
            return;
        };
        let snapshot = self
            .snapshot
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if snapshot == Snapshot::default() {
            return;
        }
        // no daily backup: `now` may be made up by `--now`, and this runs
        // on the way out
        let Ok(store) = Store::open_without_backup(path, now) else {
            return;
        };
        for b in &snapshot.drafts {
            let _ = store.save_draft(&b.key, &b.text, b.base.as_deref(), now);
        }
        if let Some(position) = &snapshot.position {
            let _ = store.set_position(POSITION_KEY, position);
        }
    }
}
