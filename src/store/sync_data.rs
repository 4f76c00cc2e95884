//! The rows that travel between the store and the sync (`crate::sync`):
//! what a snapshot reads ([`SyncSnapshot`]), what a sync writes back
//! ([`SyncImport`]) and what that changed ([`SyncApplied`]). Read and
//! written by `sync_rows`; `sync_replay` works out card states from them.

use compact_str::CompactString;

use super::sync_interviews::{MarksUpdate, PointUpdate, SyncAttempt, SyncMissedPoint};
use crate::domain::bookmarks::Bookmark;
use crate::domain::drafts::Draft;

/// Whether the store was written since a snapshot (see
/// `sync_replay::mark`): the connection's `data_version` (it changes when
/// another connection commits) and the rows its own statements changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SnapshotMark {
    pub(super) data_version: i64,
    pub(super) own_changes: u64,
    /// The log's position (its last id and undone count, see
    /// `card_states::log_position`): what another writer's answer or undo
    /// moves, read again when `data_version` moved for this connection's
    /// own reasons (`Store::apply_sync` leaving WAL mode).
    pub(super) log: (i64, i64),
}

/// One review row as it travels between devices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncReview {
    /// Globally unique: `<device id>:<local id>`, or `~<ms>:<card>` for a
    /// review logged before reviews had ids (see `schema::migrate_v7_sync`).
    /// Both ids are compact strings: as long as they usually are (up to 24
    /// bytes), they are kept inline, with no allocation of their own (a
    /// first sync of two devices of 20,000 reviews holds 100,000 of them).
    pub uid: CompactString,
    pub card_id: CompactString,
    pub at_ms: i64,
    /// 1 to 4.
    pub grade: u8,
    pub elapsed_ms: i64,
    pub typed_answer: Option<String>,
    pub undone: bool,
    /// The study day the answer was logged on (days since 1970-01-01), as
    /// the machine it was given on counted it; `None` for a row without one.
    pub day: Option<i64>,
}

/// Everything of the store that travels, read in one read transaction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncSnapshot {
    /// In id order.
    pub reviews: Vec<SyncReview>,
    pub bookmarks: Vec<Bookmark>,
    pub attempts: Vec<SyncAttempt>,
    pub points: Vec<SyncMissedPoint>,
    /// This device's drafts (they travel, but only as this device's).
    pub drafts: Vec<Draft>,
    /// Whether the store was written since (`None`: taken as written).
    pub mark: Option<SnapshotMark>,
}

/// A bookmark to write: `new` (`None` deletes it), only when the row still
/// is `expected` (what the snapshot read), so a bookmark or note changed
/// here while the sync ran is kept (and travels on the next sync).
#[derive(Clone, Debug, PartialEq)]
pub struct BookmarkUpdate {
    pub item_id: String,
    pub expected: Option<Bookmark>,
    pub new: Option<Bookmark>,
}

/// What one sync writes into the store, in one transaction.
#[derive(Clone, Debug, Default)]
pub struct SyncImport {
    /// Reviews to add (one whose uid is already here is left as it is).
    pub reviews: Vec<SyncReview>,
    /// Uids of reviews to mark undone.
    pub undone: Vec<String>,
    pub bookmarks: Vec<BookmarkUpdate>,
    /// Attempts to add (one already here is left as it is).
    pub attempts: Vec<SyncAttempt>,
    pub marks: Vec<MarksUpdate>,
    /// Missed points to add (one already here is left as it is).
    pub points: Vec<SyncMissedPoint>,
    pub point_marks: Vec<PointUpdate>,
    /// `sync_state` pairs to set in the same transaction.
    pub state: Vec<(String, String)>,
}

/// What [`Store::apply_sync`] changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncApplied {
    pub reviews: usize,
    pub undone: usize,
    pub bookmarks: usize,
    /// Interview attempts added.
    pub attempts: usize,
    /// Attempts whose ticks, self-rating or follow-ups changed.
    pub marks: usize,
    /// Missed points added, deleted or brought back.
    pub points: usize,
    /// Bookmarks, marks and points changed here while the sync ran, so
    /// left as they are now.
    pub kept_local: usize,
    /// Cards whose stored state was worked out again.
    pub cards: usize,
    /// Whether they were replayed from the rows the sync held in memory
    /// (a large sync, nothing else writing the store meanwhile), not from
    /// the log read back (see `sync_replay`).
    pub replayed_in_memory: bool,
}
