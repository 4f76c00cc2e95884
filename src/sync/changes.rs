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
use super::document::{DeviceDoc, PublishedBatch, ReviewsByUid};
use super::merge_rules::MergedBookmark;
use super::validate;
use crate::domain::bookmarks::Bookmark;
use crate::store::{
    BookmarkUpdate, MarksUpdate, PointUpdate, SyncImport, SyncReview, SyncSnapshot,
};

/// What [`publish`] put into the document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Published {
    pub reviews: usize,
    pub undone: usize,
    pub bookmarks: usize,
    pub attempts: usize,
    pub marks: usize,
    pub points: usize,
    /// This device's drafts written, changed or gone (not counted as
    /// pushed: they stay this device's).
    pub drafts: usize,
}

impl Published {
    pub fn total(&self) -> usize {
        self.reviews + self.undone + self.bookmarks + self.attempts + self.marks + self.points
    }
}

/// Reviews logged here (uids of `device`) whose uids `known` (the reviews
/// of this device's document) gives to different reviews: the store went
/// back to an older copy (a backup put back in place) and was studied
/// before a sync, so its new answers took ids it had already given. They
/// must take new ids before they are published, or they would be taken
/// for the answers published under those ids and never travel.
pub fn reused_uids(known: &ReviewsByUid, device: &str, snapshot: &SyncSnapshot) -> Vec<String> {
    let own = format!("{device}:");
    let same = |a: &SyncReview, b: &SyncReview| {
        (
            a.card_id.as_str(),
            a.at_ms,
            a.grade,
            a.elapsed_ms,
            &a.typed_answer,
        ) == (
            b.card_id.as_str(),
            b.at_ms,
            b.grade,
            b.elapsed_ms,
            &b.typed_answer,
        )
    };
    snapshot
        .reviews
        .iter()
        .filter(|r| r.uid.starts_with(&own))
        .filter(|r| known.get(&r.uid).is_some_and(|there| !same(r, there)))
        .map(|r| r.uid.to_string())
        .collect()
}

/// Step 1: writes into `doc` (as `device`) what the store has that the
/// document lacks, or changed since the store last matched the document at
/// `synced` (`None`: never, or that state is not in the document). `known`
/// is the document's reviews.
pub fn publish(
    doc: &mut DeviceDoc,
    device: &str,
    snapshot: &SyncSnapshot,
    synced: Option<&[ChangeHash]>,
    known: &ReviewsByUid,
) -> Result<(Published, Option<PublishedBatch>), String> {
    let mut published = Published::default();
    let mut batch = Batch::default();
    for review in &snapshot.reviews {
        match known.get(&review.uid) {
            None => batch.reviews.push(review.clone()),
            Some(there) if review.undone && !there.undone => {
                batch.undone.push(review.uid.to_string());
            }
            Some(_) => {}
        }
    }
    published.reviews = batch.reviews.len();
    published.undone = batch.undone.len();
    let mut put = None;
    if !batch.reviews.is_empty() || !batch.undone.is_empty() {
        let bytes = doc.put_batch(device, &batch)?;
        put = Some(PublishedBatch { bytes, batch });
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

    publish_interviews(doc, snapshot, synced, &mut published)?;
    published.drafts = doc.put_drafts(device, &snapshot.drafts)?;
    Ok((published, put))
}

/// Step 1 for the interview rows: attempts and points the document lacks,
/// and marks and deletes changed here since the store last matched it (or,
/// without that state, that differ from the document's).
fn publish_interviews(
    doc: &mut DeviceDoc,
    snapshot: &SyncSnapshot,
    synced: Option<&[ChangeHash]>,
    published: &mut Published,
) -> Result<(), String> {
    let (now, _) = doc.attempts(None);
    let (base, _) = synced
        .map(|heads| doc.attempts(Some(heads)))
        .unwrap_or_default();
    for attempt in &snapshot.attempts {
        let Some(there) = now.get(&attempt.uid) else {
            doc.put_attempt(attempt)?;
            published.attempts += 1;
            continue;
        };
        let before = base.get(&attempt.uid).unwrap_or(there);
        if before.marks != attempt.marks {
            doc.put_marks(&attempt.uid, Some(&before.marks), &attempt.marks)?;
            published.marks += 1;
        }
    }
    let now = doc.points(None);
    let base = synced
        .map(|heads| doc.points(Some(heads)))
        .unwrap_or_default();
    for point in &snapshot.points {
        let Some(there) = now.get(&point.card_id) else {
            doc.put_point(point)?;
            published.points += 1;
            continue;
        };
        let before = base.get(&point.card_id).unwrap_or(there);
        if before.deleted_ms != point.deleted_ms {
            doc.put_point_deleted(&point.card_id, point.deleted_ms)?;
            published.points += 1;
        }
    }
    Ok(())
}

/// Rows of other devices left out of the store, counted by what and why.
#[derive(Debug, Default)]
pub struct LeftOut(BTreeMap<(&'static str, &'static str), usize>);

impl LeftOut {
    fn add(&mut self, what: &'static str, why: Option<&'static str>) -> bool {
        match why {
            Some(why) => {
                *self.0.entry((what, why)).or_default() += 1;
                true
            }
            None => false,
        }
    }

    /// One warning per kind of row and reason.
    pub fn warnings(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|((what, why), n)| format!("left out {n} {what} from other devices: {why}"))
            .collect()
    }
}

/// Step 4: what the merged document has that the store (as `snapshot`
/// read it) does not, and what was left out of it (see `validate`);
/// `merged` is the document's reviews.
pub fn import(
    doc: &DeviceDoc,
    snapshot: &SyncSnapshot,
    merged: ReviewsByUid,
    undone_held_back: Vec<String>,
) -> (SyncImport, LeftOut) {
    let mut left_out = LeftOut::default();
    let mut out = SyncImport::default();
    import_reviews(snapshot, merged, undone_held_back, &mut out, &mut left_out);
    import_bookmarks(doc, snapshot, &mut out);
    import_attempts(doc, snapshot, &mut out, &mut left_out);
    import_points(doc, snapshot, &mut out, &mut left_out);
    (out, left_out)
}

/// The reviews the store lacks, in time order (so the log's ids follow
/// time where they can), and the ones undone elsewhere, in uid order;
/// `undone_held_back` are reviews marked undone that the store has but
/// `merged` left out (see `ReviewSet::held_back`).
fn import_reviews(
    snapshot: &SyncSnapshot,
    merged: ReviewsByUid,
    undone_held_back: Vec<String>,
    out: &mut SyncImport,
    left_out: &mut LeftOut,
) {
    let here: rustc_hash::FxHashMap<&str, bool> = snapshot
        .reviews
        .iter()
        .map(|r| (r.uid.as_str(), r.undone))
        .collect();
    for (uid, review) in merged {
        match here.get(uid.as_str()) {
            None if left_out.add("review(s)", validate::review_problem(&review)) => {}
            None => out.reviews.push(review),
            Some(false) if review.undone => out.undone.push(uid.into()),
            Some(_) => {}
        }
    }
    for uid in undone_held_back {
        if here.get(uid.as_str()) == Some(&false) {
            out.undone.push(uid);
        }
    }
    // uids are unique: no two keys are equal
    out.reviews
        .sort_unstable_by(|a, b| (a.at_ms, &a.uid).cmp(&(b.at_ms, &b.uid)));
    out.undone.sort_unstable();
    out.undone.dedup();
}

/// The bookmarks whose merged value differs from the store's.
fn import_bookmarks(doc: &DeviceDoc, snapshot: &SyncSnapshot, out: &mut SyncImport) {
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
}

/// The interview answers the store lacks, and the ratings that differ.
fn import_attempts(
    doc: &DeviceDoc,
    snapshot: &SyncSnapshot,
    out: &mut SyncImport,
    left_out: &mut LeftOut,
) {
    let (attempts, _) = doc.attempts(None);
    let local: BTreeMap<&str, _> = snapshot
        .attempts
        .iter()
        .map(|a| (a.uid.as_str(), a))
        .collect();
    for (uid, attempt) in attempts {
        match local.get(uid.as_str()) {
            None if left_out.add("interview answer(s)", validate::attempt_problem(&attempt)) => {}
            None => out.attempts.push(attempt),
            Some(mine) if mine.marks != attempt.marks => {
                if left_out.add("answer rating(s)", validate::marks_problem(&attempt.marks)) {
                    continue;
                }
                out.marks.push(MarksUpdate {
                    uid,
                    expected: mine.marks.clone(),
                    new: attempt.marks,
                });
            }
            Some(_) => {}
        }
    }
}

/// The missed points the store lacks, and the deletes that differ.
fn import_points(
    doc: &DeviceDoc,
    snapshot: &SyncSnapshot,
    out: &mut SyncImport,
    left_out: &mut LeftOut,
) {
    let local: BTreeMap<&str, _> = snapshot
        .points
        .iter()
        .map(|p| (p.card_id.as_str(), p))
        .collect();
    for (card_id, point) in doc.points(None) {
        match local.get(card_id.as_str()) {
            None if left_out.add("missed point(s)", validate::point_problem(&point)) => {}
            None => out.points.push(point),
            Some(mine) if mine.deleted_ms != point.deleted_ms => {
                out.point_marks.push(PointUpdate {
                    card_id,
                    expected: mine.deleted_ms,
                    deleted_ms: point.deleted_ms,
                });
            }
            Some(_) => {}
        }
    }
}

/// What two devices changed without seeing each other's change in `doc`,
/// by what it was changed on (`b/<item>`, `a/<attempt id>`), each told in
/// a sentence: notes joined, a delete undone by an edit, an answer's marks
/// where the later write was kept.
pub fn conflicts(doc: &DeviceDoc) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (item, merged) in doc.bookmarks(None) {
        if !merged.conflicted {
            continue;
        }
        let title = merged
            .bookmark
            .as_ref()
            .map_or(item.as_str(), |b| b.title.as_str());
        let title = quoted(title);
        let text = if merged.notes_joined {
            format!(
                "the note on the bookmark {title} was written on two machines: both texts are kept, one after a --- line (edit the note to tidy it)"
            )
        } else if merged.bookmark.is_some() {
            format!(
                "the bookmark {title} was deleted on one machine and changed on another: it is kept, with its note"
            )
        } else {
            format!("the bookmark {title} was changed on two machines: it is deleted")
        };
        out.insert(format!("b/{item}"), text);
    }
    let (attempts, conflicted) = doc.attempts(None);
    for uid in conflicted {
        let prompt = attempts.get(&uid).map_or("", |a| a.prompt.as_str());
        out.insert(
            format!("a/{uid}"),
            format!(
                "the interview answer to {} was marked on two machines: the later marks are kept",
                quoted(prompt)
            ),
        );
    }
    out
}

/// A title or prompt in quotes, cut to 48 characters.
fn quoted(text: &str) -> String {
    const MOST: usize = 48;
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > MOST || line.len() < text.len() {
        let cut: String = line.chars().take(MOST - 1).collect();
        format!("\"{}…\"", cut.trim_end())
    } else {
        format!("\"{line}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(uid: &str, undone: bool) -> SyncReview {
        SyncReview {
            uid: uid.into(),
            card_id: "c1".into(),
            at_ms: 10,
            grade: 3,
            elapsed_ms: 1000,
            typed_answer: None,
            undone,
            day: None,
        }
    }

    /// A review held back from the merged set (the store has it, see
    /// `ReviewSet::held_back`) that a batch marks undone is imported as
    /// undone when the store has it not undone yet, once however often it
    /// is listed; one the store has undone already is not.
    #[test]
    fn an_undo_of_a_review_held_back_is_imported_once_unless_done() {
        let snapshot = SyncSnapshot {
            reviews: vec![review("aaaa:1", false), review("aaaa:2", true)],
            ..SyncSnapshot::default()
        };
        let mut merged = ReviewsByUid::default();
        merged.insert("bbbb:1".into(), review("bbbb:1", false));
        let held_undone = vec!["aaaa:1".into(), "aaaa:2".into(), "aaaa:1".into()];
        let mut out = SyncImport::default();
        let mut left_out = LeftOut::default();
        import_reviews(&snapshot, merged, held_undone, &mut out, &mut left_out);
        assert_eq!(out.undone, ["aaaa:1"]);
        assert_eq!(out.reviews, [review("bbbb:1", false)]);
    }
}
