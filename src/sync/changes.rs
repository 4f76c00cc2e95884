//! The two comparisons of a sync, between the store's rows (one snapshot)
//! and the document:
//! - [`publish`] (step 1): what changed here since the last sync goes into
//!   the document. Reviews and answers are added when the document lacks
//!   their id; bookmarks and ratings are compared with the document as it
//!   was when the store last matched it (its heads, kept in the store), so
//!   only what changed here is written, and a change from elsewhere that
//!   this store already has is not written back as if made here.
//! - [`import`] (step 4): what the merged document has that the store does
//!   not, as one [`SyncImport`].

use std::collections::{BTreeMap, BTreeSet};

use automerge::ChangeHash;

use super::batch::Batch;
use super::document::{DeviceDoc, MergedBookmark};
use crate::domain::bookmarks::Bookmark;
use crate::store::{AnswerKey, BookmarkUpdate, RatingUpdate, SyncAnswer, SyncImport, SyncSnapshot};

/// What [`publish`] put into the document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Published {
    pub reviews: usize,
    pub undone: usize,
    pub bookmarks: usize,
    pub answers: usize,
    pub ratings: usize,
}

impl Published {
    pub fn total(&self) -> usize {
        self.reviews + self.undone + self.bookmarks + self.answers + self.ratings
    }
}

/// Step 1: writes into `doc` (as `device`) what the store has that the
/// document lacks, or changed since the store last matched the document at
/// `synced` (`None`: never, or that state is not in the document).
pub fn publish(
    doc: &mut DeviceDoc,
    device: &str,
    snapshot: &SyncSnapshot,
    synced: Option<&[ChangeHash]>,
) -> Result<Published, String> {
    let mut published = Published::default();
    let known = doc.reviews().reviews;
    let mut batch = Batch::default();
    for review in &snapshot.reviews {
        match known.get(&review.uid) {
            None => batch.reviews.push(review.clone()),
            Some(there) if review.undone && !there.undone => {
                batch.undone.push(review.uid.clone());
            }
            Some(_) => {}
        }
    }
    published.reviews = batch.reviews.len();
    published.undone = batch.undone.len();
    if !batch.reviews.is_empty() || !batch.undone.is_empty() {
        doc.put_batch(device, &batch)?;
    }

    let base: BTreeMap<String, MergedBookmark> = synced
        .map(|heads| doc.bookmarks(Some(heads)))
        .unwrap_or_default();
    let here: BTreeMap<&str, &Bookmark> = snapshot
        .bookmarks
        .iter()
        .map(|b| (b.item_id.as_str(), b))
        .collect();
    let items: BTreeSet<&str> = here
        .keys()
        .copied()
        .chain(base.keys().map(String::as_str))
        .collect();
    for item in items {
        let before = base.get(item).and_then(|m| m.bookmark.as_ref());
        let after = here.get(item).copied();
        if before != after {
            published.bookmarks += doc.put_bookmark(before, after, item)?;
        }
    }

    let (now, _) = doc.answers(None);
    let (base, _) = match synced {
        Some(heads) => doc.answers(Some(heads)),
        None => (BTreeMap::new(), 0),
    };
    for answer in &snapshot.answers {
        let key = answer.key();
        match (now.get(&key), base.get(&key)) {
            (None, _) => {
                doc.put_answer(answer)?;
                published.answers += 1;
            }
            (Some(_), Some(was)) if was.ticked != answer.ticked => {
                doc.put_rating(&key, &answer.ticked)?;
                published.ratings += 1;
            }
            (Some(there), None) if there.ticked != answer.ticked => {
                doc.put_rating(&key, &answer.ticked)?;
                published.ratings += 1;
            }
            _ => {}
        }
    }
    Ok(published)
}

/// Step 4: what the merged document has that the store (as `snapshot`
/// read it) does not.
pub fn import(doc: &DeviceDoc, snapshot: &SyncSnapshot) -> SyncImport {
    let merged = doc.reviews().reviews;
    let here: BTreeMap<&str, bool> = snapshot
        .reviews
        .iter()
        .map(|r| (r.uid.as_str(), r.undone))
        .collect();
    let mut out = SyncImport::default();
    for (uid, review) in &merged {
        match here.get(uid.as_str()) {
            None => out.reviews.push(review.clone()),
            Some(false) if review.undone => out.undone.push(uid.clone()),
            Some(_) => {}
        }
    }
    // in time order, so the log's ids follow time where they can
    out.reviews
        .sort_by(|a, b| (a.at_ms, &a.uid).cmp(&(b.at_ms, &b.uid)));

    let bookmarks = doc.bookmarks(None);
    let local: BTreeMap<&str, &Bookmark> = snapshot
        .bookmarks
        .iter()
        .map(|b| (b.item_id.as_str(), b))
        .collect();
    let items: BTreeSet<&str> = local
        .keys()
        .copied()
        .chain(bookmarks.keys().map(String::as_str))
        .collect();
    for item in items {
        let now = local.get(item).copied();
        let new = bookmarks.get(item).and_then(|m| m.bookmark.as_ref());
        if now != new && bookmarks.contains_key(item) {
            out.bookmarks.push(BookmarkUpdate {
                item_id: item.to_string(),
                expected: now.cloned(),
                new: new.cloned(),
            });
        }
    }

    let (answers, _) = doc.answers(None);
    let local: BTreeMap<AnswerKey, &SyncAnswer> =
        snapshot.answers.iter().map(|a| (a.key(), a)).collect();
    for (key, answer) in answers {
        match local.get(&key) {
            None => out.answers.push(answer),
            Some(mine) if mine.ticked != answer.ticked => out.ratings.push(RatingUpdate {
                key,
                expected: mine.ticked.clone(),
                ticked: answer.ticked,
            }),
            Some(_) => {}
        }
    }
    out
}

/// The bookmarks and answers with concurrent writes in `doc`: items for
/// bookmarks, and the count of ratings.
pub fn conflicts(doc: &DeviceDoc) -> (BTreeSet<String>, usize) {
    let bookmarks = doc
        .bookmarks(None)
        .into_iter()
        .filter(|(_, m)| m.conflicted)
        .map(|(item, _)| item)
        .collect();
    (bookmarks, doc.answers(None).1)
}
