//! Schema version 7: study on several machines (`crate::sync`).

/// Version 6 (or any before it) to 7: sync between devices.
///
/// - `reviews.uid`, unique: `<device id>:<local id>` for a review answered
///   here (set by the trigger `reviews_uid` when the row is inserted without
///   one, from `sync_state.device_id`), or the id it came with from another
///   device. A review logged before this version gets a key made of what it
///   is, `~<time in ms>:<card id>` (with `#2`, `#3`, ... for a second one at
///   the same millisecond), so a data directory copied to two machines before
///   either upgraded gives its old reviews the same ids on both.
/// - `sync_state`: small key/value pairs of the sync (the device id, the
///   machine it belongs to, the document state the store last matched, the
///   last sync's time and result). The device id starts random.
pub fn migrate_v7_sync(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(V7_SYNC)
}

/// The trigger that gives a review inserted without a uid this device's
/// (a large sync drops it while it inserts rows that all have one, and
/// makes it again in the same transaction: see `store::sync_rows`).
macro_rules! reviews_uid_trigger {
    () => {
        "CREATE TRIGGER IF NOT EXISTS reviews_uid AFTER INSERT ON reviews WHEN NEW.uid IS NULL
BEGIN
    UPDATE reviews SET uid = (SELECT value FROM sync_state WHERE key = 'device_id') || ':' || NEW.id
    WHERE id = NEW.id;
END;
"
    };
}
pub(in crate::store) const REVIEWS_UID_TRIGGER: &str = reviews_uid_trigger!();

/// The unique index of review uids (a large sync drops it while it adds
/// its rows and makes it again in the same transaction, falling back to
/// row-by-row inserts when a uid turns out to be here already: see
/// `store::sync_rows`).
macro_rules! reviews_by_uid {
    () => {
        "CREATE UNIQUE INDEX IF NOT EXISTS reviews_by_uid ON reviews(uid);\n"
    };
}
pub(in crate::store) const REVIEWS_BY_UID: &str = reviews_by_uid!();

const V7_SYNC: &str = concat!(
    "
ALTER TABLE reviews ADD COLUMN uid TEXT;
CREATE TABLE IF NOT EXISTS sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT OR IGNORE INTO sync_state (key, value) VALUES ('device_id', lower(hex(randomblob(8))));
UPDATE reviews SET uid = '~' || reviews.at_ms || ':' || reviews.card_id
    || CASE WHEN ranked.n > 1 THEN '#' || ranked.n ELSE '' END
FROM (SELECT id, row_number() OVER (PARTITION BY card_id, at_ms ORDER BY id) AS n FROM reviews)
    AS ranked
WHERE ranked.id = reviews.id;
",
    reviews_by_uid!(),
    reviews_uid_trigger!()
);
