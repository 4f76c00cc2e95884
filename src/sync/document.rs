//! The device document: an automerge document (a CRDT) holding everything
//! one device has seen, saved as `devices/<device id>.automerge` in the sync
//! folder. Any two documents merge into one that holds both, in any order,
//! any number of times, with the same result.
//!
//! Every document starts from the same first change ([`genesis`]: fixed
//! actor, time 0), so all devices share its root and agree on the format.
//! Everything else is a flat key of the root map (no nested objects, so two
//! devices never make two different objects at one key):
//!
//! | key | value | written by |
//! |---|---|---|
//! | `r/<device>/<seq>` | a batch of reviews and undos (`batch`), never changed | that device |
//! | `b/<field>/<item id>` | a bookmark's field: `alive` (a number: there; `false`: deleted), `chapter`, `title`, `preview`, `note`, `created` | any device |
//! | `a/<attempt id>` | a mock-interview attempt with its session (JSON), never changed | the device it was given on |
//! | `t/`, `sr/`, `fu/<attempt id>` | its rubric ticks, self-rating, follow-ups | any device |
//! | `m/<card id>` | a missed talking point (JSON), never changed | the device it was missed on |
//! | `mx/<card id>` | when the point was deleted (`null`: it is a card) | any device |
//! | `dr/<device>/<box key>` | a draft (JSON), `null` once gone; never put into another device's boxes | that device |
//! | `dev/<device>/host`, `dev/<device>/written` | host name, last write (ms) | that device |
//!
//! Reviews are a grow-only set (by uid) with a grow-only set of undone
//! uids. A bookmark field is a register: a later write (one made after
//! seeing the other) wins; two concurrent writes are both kept by automerge
//! and resolved by [`merge_rules`](super::merge_rules) the same way on
//! every device.

use std::collections::BTreeMap;

use compact_str::CompactString;
use rustc_hash::FxHashSet;

use automerge::ObjId as ExId;
use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ChangeHash, ROOT, ReadDoc, ScalarValue, Value};

use super::batch::{self, Batch, BatchError};
use super::load_limits::{self, Refused};
use super::merge_rules::{self, FieldValues, MergedBookmark};
use crate::domain::bookmarks::Bookmark;
use crate::store::SyncReview;

/// The root key naming a studyguide device document, and its value.
const MARKER_KEY: &str = "studyguide";
const MARKER: &str = "device-sync";
/// The root key of the document's format number.
const FORMAT_KEY: &str = "format";
/// The document format this build writes and reads.
pub const FORMAT: i64 = 1;

/// One device's document.
pub struct DeviceDoc {
    doc: AutoCommit,
}

/// Why a file is not a device document this build can merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    /// Not an automerge document, or a damaged one (torn, truncated).
    Unreadable(String),
    /// An automerge document, but not one of studyguide's.
    Foreign,
    /// Written by a newer studyguide (its format number).
    Newer(i64),
    /// Over a cap on what reading it may cost (see `load_limits`).
    OverLimit(Refused),
}

impl std::fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadProblem::Unreadable(why) => write!(f, "it is damaged or incomplete ({why})"),
            LoadProblem::Foreign => write!(f, "it is not a studyguide device file"),
            LoadProblem::Newer(format) => write!(
                f,
                "it was written by a newer studyguide (format {format}; this one reads {FORMAT}); update studyguide on this machine"
            ),
            LoadProblem::OverLimit(why) => write!(f, "{why}"),
        }
    }
}

/// The first change of every device document: the same bytes on every
/// device, so their roots are one object.
fn genesis() -> AutoCommit {
    let mut doc = AutoCommit::new().with_actor(ActorId::from(vec![0u8; 16]));
    // a fresh document's root map takes any key: these cannot fail
    let _ = doc.put(ROOT, MARKER_KEY, MARKER);
    let _ = doc.put(ROOT, FORMAT_KEY, FORMAT);
    doc.commit_with(CommitOptions::default().with_time(0));
    doc
}

thread_local! {
    /// Set while [`contained`] runs its work on this thread.
    static CONTAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `work` on bytes from another device, turning a panic into an
/// error: automerge 0.12 panics on some documents whose checksums are right
/// but whose columns are not (a hostile or badly written file), and a sync
/// must skip such a file, not end the program. The panic message is not
/// printed (the panic hook stays quiet for it on this thread).
fn contained<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = CONTAINED.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    CONTAINED.with(|c| c.set(was));
    result.map_err(|payload| {
        let what = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("no message");
        format!("the automerge library failed on it: {what}")
    })
}

/// The automerge actor a device writes as in one sync: its id's bytes and
/// eight random ones, new for every sync. Automerge numbers each actor's
/// changes; a device that wrote under one actor from a stale start (its
/// copy of the document older than its file in the folder: a sync killed
/// between writing the two, a data directory restored from a backup) would
/// give two different changes one number, and every device would refuse
/// to merge its file from then on. A new actor per sync cannot do that; it
/// costs the document a few bytes per sync.
fn actor(device: &str) -> ActorId {
    let mut bytes = device.as_bytes().to_vec();
    bytes.extend_from_slice(&uuid::Uuid::new_v4().as_u64_pair().0.to_be_bytes());
    ActorId::from(bytes)
}

/// The values of one key, oldest write first (the winner last); the same
/// order on every device.
type Values = Vec<(ScalarValue, ExId)>;

/// Review batches, bookmarks and answers as the document has them.
#[derive(Debug, Default)]
pub struct ReviewSet {
    /// By uid: the copy its own device published, else the first met
    /// (copies of one review are equal unless a file is hostile).
    pub reviews: ReviewsByUid,
    /// The uids of the reviews of the batch a round has just published
    /// from the store (see [`DeviceDoc::reviews_with`]) whose copy would
    /// be the one in `reviews`: not put there, as the store has each of
    /// them as that copy says (on a first sync, 20,000 reviews less to
    /// hash, move and drop).
    pub held_back: FxHashSet<CompactString>,
    /// Those of `held_back` a batch marks undone.
    pub undone_held_back: Vec<String>,
    /// Reviews each device published.
    pub published: BTreeMap<String, usize>,
    /// Batches that could not be read: (key, why).
    pub bad_batches: Vec<(String, BatchError)>,
}

impl ReviewSet {
    /// Adds `review`, met in a batch of `device` (held back, see
    /// `held_back`, when `hold_back`): the device a uid names is the
    /// authority on it and its copy replaces any other; else the first
    /// copy met stays (another device's copy of it would be equal; a
    /// hostile one may not be).
    fn add(&mut self, device: &str, review: SyncReview, hold_back: bool) {
        let by_its_device = review
            .uid
            .split_once(':')
            .is_some_and(|(of, _)| of == device);
        if let Some(there) = self.reviews.get_mut(&review.uid) {
            if by_its_device {
                *there = review;
            }
            return;
        }
        if !self.held_back.is_empty() && self.held_back.contains(&review.uid) {
            // the copy held back was met first
            if by_its_device && !hold_back {
                self.held_back.remove(&review.uid);
                self.reviews.insert(review.uid.clone(), review);
            }
            return;
        }
        if hold_back {
            self.held_back.insert(review.uid);
        } else {
            self.reviews.insert(review.uid.clone(), review);
        }
    }
}

/// Reviews by uid, in no order (a first sync of two devices of 20,000
/// reviews builds one of 40,000: hashed, not sorted, 20 ms less).
pub type ReviewsByUid = rustc_hash::FxHashMap<CompactString, SyncReview>;

/// A batch as [`DeviceDoc::put_batch`] put it: its bytes and what they hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedBatch {
    pub bytes: Vec<u8>,
    pub batch: Batch,
}

/// What the document says of a device.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceInfo {
    pub host: String,
    pub written_ms: Option<i64>,
}

impl DeviceDoc {
    /// A new document for `device`.
    pub fn new(device: &str) -> DeviceDoc {
        let mut doc = genesis();
        doc.set_actor(actor(device));
        DeviceDoc { doc }
    }

    /// Reads a device file; `device` is who will write to it. The bytes
    /// are measured against the caps of `load_limits` first.
    pub fn load(bytes: &[u8], device: &str) -> Result<DeviceDoc, LoadProblem> {
        load_limits::check(bytes).map_err(|refused| match refused {
            Refused::Damaged(why) => LoadProblem::Unreadable(why.to_string()),
            over => LoadProblem::OverLimit(over),
        })?;
        let mut doc = contained(|| AutoCommit::load(bytes))
            .map_err(LoadProblem::Unreadable)?
            .map_err(|e| LoadProblem::Unreadable(e.to_string()))?;
        let marker = doc
            .get_all(ROOT, MARKER_KEY)
            .map_err(|e| LoadProblem::Unreadable(e.to_string()))?;
        if !marker.iter().any(|(v, _)| v.as_str() == Some(MARKER)) {
            return Err(LoadProblem::Foreign);
        }
        let format = doc
            .get_all(ROOT, FORMAT_KEY)
            .map_err(|e| LoadProblem::Unreadable(e.to_string()))?
            .iter()
            .filter_map(|(v, _)| v.as_i64())
            .max()
            .unwrap_or(0);
        if format > FORMAT {
            return Err(LoadProblem::Newer(format));
        }
        doc.set_actor(actor(device));
        Ok(DeviceDoc { doc })
    }

    /// The document as it was at `heads`, to write `device`'s changes
    /// into as made then: merged back, they are concurrent with every
    /// change after `heads`, not made after seeing them.
    pub fn fork_at(&mut self, heads: &[ChangeHash], device: &str) -> Result<DeviceDoc, String> {
        let mut doc = self.doc.fork_at(heads).map_err(|e| e.to_string())?;
        doc.set_actor(actor(device));
        Ok(DeviceDoc { doc })
    }

    /// Writes from now on as `device` (after it took a new id).
    pub fn write_as(&mut self, device: &str) {
        self.doc.set_actor(actor(device));
    }

    /// The whole document, compressed.
    pub fn save(&mut self) -> Vec<u8> {
        self.doc.save()
    }

    /// Takes in every change of `other` this document lacks; returns
    /// whether there was any.
    pub fn merge(&mut self, other: &mut DeviceDoc) -> Result<bool, String> {
        let before = self.doc.get_heads();
        let after = contained(|| self.doc.merge(&mut other.doc))?.map_err(|e| e.to_string())?;
        Ok(before != after)
    }

    /// The changes the document is at now.
    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// Whether every change of `heads` is in the document.
    pub fn has_heads(&self, heads: &[ChangeHash]) -> bool {
        heads
            .iter()
            .all(|h| self.doc.get_change_by_hash(h).is_some())
    }

    /// Whether changes were made since the last commit.
    pub fn has_pending(&self) -> bool {
        self.doc.pending_ops() > 0
    }

    /// Ends the changes made since the last commit as one change dated
    /// `at_ms`; nothing when there were none.
    pub fn commit(&mut self, at_ms: i64) {
        self.doc
            .commit_with(CommitOptions::default().with_time(at_ms.div_euclid(1000)));
    }

    pub(super) fn put(&mut self, key: String, value: impl Into<ScalarValue>) -> Result<(), String> {
        self.doc
            .put(ROOT, key, value.into())
            .map_err(|e| e.to_string())
    }

    /// Every value of `key` (at `heads`, or now), oldest write first.
    pub(super) fn values(&self, key: &str, heads: Option<&[ChangeHash]>) -> Values {
        let all = match heads {
            Some(heads) => self.doc.get_all_at(ROOT, key, heads),
            None => self.doc.get_all(ROOT, key),
        };
        let mut out: Values = all
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(value, id)| match value {
                Value::Scalar(s) => Some((s.into_owned(), id)),
                Value::Object(_) => None,
            })
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    }

    /// The keys starting with `prefix` (at `heads`, or now).
    pub(super) fn keys_with(&self, prefix: &str, heads: Option<&[ChangeHash]>) -> Vec<String> {
        let end = format!("{prefix}\u{10ffff}");
        let range = prefix.to_string()..end;
        match heads {
            Some(heads) => self
                .doc
                .map_range_at(ROOT, range, heads)
                .map(|item| item.key.into_owned())
                .collect(),
            None => self
                .doc
                .map_range(ROOT, range)
                .map(|item| item.key.into_owned())
                .collect(),
        }
    }

    // --- reviews ---------------------------------------------------------

    /// Publishes `batch` as `device`'s next batch; returns the bytes put.
    pub fn put_batch(&mut self, device: &str, batch: &Batch) -> Result<Vec<u8>, String> {
        let prefix = format!("r/{device}/");
        let next = self
            .keys_with(&prefix, None)
            .iter()
            .filter_map(|k| k.strip_prefix(&prefix)?.parse::<u64>().ok())
            .max()
            .map_or(1, |n| n + 1);
        let bytes = batch::encode(device, batch);
        self.put(
            format!("{prefix}{next:08}"),
            ScalarValue::Bytes(bytes.clone()),
        )?;
        Ok(bytes)
    }

    /// Every review of every batch, undone ones marked.
    pub fn reviews(&self) -> ReviewSet {
        self.reviews_with(None, Vec::new())
    }

    /// Every batch of reviews that decodes, with its bytes (for
    /// [`reviews_with`](Self::reviews_with) to take instead of decoding
    /// it again).
    pub fn decoded_batches(&self) -> Vec<PublishedBatch> {
        let mut batches = Vec::new();
        for key in self.keys_with("r/", None) {
            for (value, _) in self.values(&key, None) {
                if let ScalarValue::Bytes(bytes) = value
                    && let Ok(batch) = batch::decode(&bytes)
                {
                    batches.push(PublishedBatch { bytes, batch });
                }
            }
        }
        batches
    }

    /// [`reviews`](Self::reviews), where the batch `published` put and
    /// the batches already `decoded` are not decoded again: a value with
    /// the bytes of one is taken as its batch (once; bytes decode to the
    /// batch they were encoded from, see `batch::tests`). A sync's own
    /// batch is as large as what it pushes, so its import reads only what
    /// it merged in; the reviews of that batch are held back (see
    /// [`ReviewSet::held_back`]) unless a copy met before it takes their
    /// place, by the same rule as any copy.
    pub fn reviews_with(
        &self,
        published: Option<PublishedBatch>,
        mut decoded: Vec<PublishedBatch>,
    ) -> ReviewSet {
        let mut published = published;
        let mut set = ReviewSet::default();
        let mut undone = Vec::new();
        for key in self.keys_with("r/", None) {
            let device = key
                .strip_prefix("r/")
                .and_then(|rest| rest.rsplit_once('/'))
                .map_or("", |(device, _)| device)
                .to_string();
            for (value, _) in self.values(&key, None) {
                let ScalarValue::Bytes(bytes) = value else {
                    set.bad_batches
                        .push((key.clone(), BatchError::Invalid("not bytes")));
                    continue;
                };
                let ours = published.take_if(|p| p.bytes == bytes);
                let hold_back = ours.is_some();
                let known = ours.or_else(|| {
                    let at = decoded.iter().position(|d| d.bytes == bytes)?;
                    Some(decoded.swap_remove(at))
                });
                match known.map_or_else(|| batch::decode(&bytes), |p| Ok(p.batch)) {
                    Ok(batch) => {
                        *set.published.entry(device.clone()).or_default() += batch.reviews.len();
                        if !hold_back {
                            set.reviews.reserve(batch.reviews.len());
                        }
                        for review in batch.reviews {
                            set.add(&device, review, hold_back);
                        }
                        undone.extend(batch.undone);
                    }
                    Err(e) => set.bad_batches.push((key.clone(), e)),
                }
            }
        }
        for uid in undone {
            if let Some(review) = set.reviews.get_mut(uid.as_str()) {
                review.undone = true;
            } else if set.held_back.contains(uid.as_str()) {
                set.undone_held_back.push(uid);
            }
        }
        set
    }

    // --- bookmarks -------------------------------------------------------

    /// Writes what changed between `before` and `after` of one bookmark
    /// (`None`: not there). Any change to a bookmark that is there says it
    /// is there (`alive`: a number no write of it had yet; a delete writes
    /// `false`), so a note edit outlives a delete it did not see.
    pub fn put_bookmark(
        &mut self,
        before: Option<&Bookmark>,
        after: Option<&Bookmark>,
        item_id: &str,
    ) -> Result<usize, String> {
        let Some(after) = after else {
            if before.is_some() {
                self.put(format!("b/alive/{item_id}"), false)?;
                return Ok(1);
            }
            return Ok(0);
        };
        let text_fields = [
            ("chapter", &after.chapter_id, before.map(|b| &b.chapter_id)),
            ("title", &after.title, before.map(|b| &b.title)),
            ("preview", &after.preview, before.map(|b| &b.preview)),
            ("note", &after.note, before.map(|b| &b.note)),
        ];
        let mut changed = false;
        for (field, now, was) in text_fields {
            if was != Some(now) {
                self.put(format!("b/{field}/{item_id}"), now.as_str())?;
                changed = true;
            }
        }
        let created = after.created.timestamp_millis();
        if before.map(|b| b.created.timestamp_millis()) != Some(created) {
            self.put(format!("b/created/{item_id}"), ScalarValue::Int(created))?;
            changed = true;
        }
        if changed {
            // a value the key does not hold yet: automerge skips a write of
            // the value a key already holds, and this write must be seen
            let key = format!("b/alive/{item_id}");
            let stamp = self
                .values(&key, None)
                .iter()
                .filter_map(|(v, _)| v.as_i64())
                .max()
                .map_or(1, |n| n.saturating_add(1));
            self.put(key, ScalarValue::Int(stamp))?;
        }
        Ok(usize::from(changed))
    }

    /// Every bookmark the document knows (deleted ones as `None`), at
    /// `heads` or now.
    pub fn bookmarks(&self, heads: Option<&[ChangeHash]>) -> BTreeMap<String, MergedBookmark> {
        let mut items: BTreeMap<String, FieldValues> = BTreeMap::new();
        for field in merge_rules::BOOKMARK_FIELDS {
            let prefix = format!("b/{field}/");
            for key in self.keys_with(&prefix, heads) {
                let Some(item) = key.strip_prefix(&prefix) else {
                    continue;
                };
                let values = self.values(&key, heads);
                items
                    .entry(item.to_string())
                    .or_default()
                    .set(field, values.into_iter().map(|(v, _)| v).collect());
            }
        }
        items
            .into_iter()
            .map(|(item, fields)| {
                let merged = fields.resolve(&item);
                (item, merged)
            })
            .collect()
    }

    // --- devices ---------------------------------------------------------

    /// Records `device`'s host name and the time of this write.
    pub fn put_device(&mut self, device: &str, host: &str, at_ms: i64) -> Result<(), String> {
        self.put(format!("dev/{device}/host"), host)?;
        self.put(format!("dev/{device}/written"), ScalarValue::Int(at_ms))
    }

    /// Every device that wrote its details, by id.
    pub fn devices(&self) -> BTreeMap<String, DeviceInfo> {
        let mut out: BTreeMap<String, DeviceInfo> = BTreeMap::new();
        for key in self.keys_with("dev/", None) {
            let Some((device, field)) = key
                .strip_prefix("dev/")
                .and_then(|rest| rest.rsplit_once('/'))
            else {
                continue;
            };
            let value = self.values(&key, None).pop().map(|(v, _)| v);
            let info = out.entry(device.to_string()).or_default();
            match (field, value) {
                ("host", Some(v)) => info.host = v.as_str().unwrap_or_default().to_string(),
                ("written", Some(v)) => info.written_ms = v.as_i64(),
                _ => {}
            }
        }
        out
    }
}

mod drafts;
mod interviews;
#[cfg(test)]
mod tests;
