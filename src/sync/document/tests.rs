//! The device document: a shared start, merges in any order, what each
//! key holds.

use super::*;
use crate::store::SyncReview;

fn review(uid: &str, card: &str, at_ms: i64) -> SyncReview {
    SyncReview {
        uid: uid.into(),
        card_id: card.into(),
        at_ms,
        grade: 3,
        elapsed_ms: 1000,
        typed_answer: None,
        undone: false,
        day: None,
    }
}

fn bookmark(item: &str, note: &str) -> Bookmark {
    Bookmark {
        item_id: item.into(),
        chapter_id: "ch17".into(),
        title: format!("title of {item}"),
        preview: "preview".into(),
        note: note.into(),
        created: DateTime::from_timestamp_millis(1_700_000_000_000).unwrap(),
    }
}

use chrono::DateTime;

/// A batch `put` by this round and another device's, merged: the set read
/// with the put batch taken as it is (its reviews held back, the store has
/// them) is the set decoded, once the held-back reviews are put back as
/// published and marked undone where a batch says so. Both orders of the
/// two devices' keys; a copy of one of ours in the other's batch (ours is
/// the authority), an undo of one of ours there, and one of theirs we
/// published again with another grade (theirs is the authority). A value
/// whose bytes are not the put batch's is decoded.
#[test]
fn a_published_batch_taken_as_it_is_gives_the_set_decoded() {
    for (us, them) in [("aaaa", "bbbb"), ("zzzz", "bbbb")] {
        let uid = |device: &str, n: u32| format!("{device}:{n}");
        let mut ours = DeviceDoc::new(us);
        let mut theirs = DeviceDoc::new(them);
        let mut copy = review(&uid(us, 2), "c9", 99);
        copy.grade = 1;
        theirs
            .put_batch(
                them,
                &Batch {
                    reviews: vec![review(&uid(them, 1), "c2", 20), copy],
                    undone: vec![uid(us, 1)],
                },
            )
            .unwrap();
        theirs.commit(20);
        let mut again = review(&uid(them, 1), "c2", 20);
        again.grade = 4;
        let batch = Batch {
            reviews: vec![
                review(&uid(us, 1), "c1", 10),
                review(&uid(us, 2), "c1", 11),
                again,
            ],
            undone: vec![],
        };
        let bytes = ours.put_batch(us, &batch).unwrap();
        ours.commit(10);
        let mut loaded = DeviceDoc::load(&theirs.save(), us).unwrap();
        ours.merge(&mut loaded).unwrap();
        let decoded = ours.reviews();
        assert_eq!(decoded.reviews.len(), 3);
        assert_eq!(
            decoded.reviews[uid(us, 2).as_str()].grade,
            3,
            "its device's copy"
        );
        assert_eq!(
            decoded.reviews[uid(them, 1).as_str()].grade,
            3,
            "its device's copy"
        );
        assert!(decoded.reviews[uid(us, 1).as_str()].undone);
        let taken = ours.reviews_with(
            Some(PublishedBatch {
                bytes: bytes.clone(),
                batch: batch.clone(),
            }),
            Vec::new(),
        );
        assert!(taken.held_back.contains(uid(us, 1).as_str()), "{us}");
        assert!(!taken.held_back.contains(uid(them, 1).as_str()), "{us}");
        let mut whole: BTreeMap<CompactString, SyncReview> = taken.reviews.into_iter().collect();
        for review in &batch.reviews {
            if taken.held_back.contains(&review.uid) {
                let mut review = review.clone();
                review.undone |= taken.undone_held_back.iter().any(|u| *u == review.uid);
                assert!(whole.insert(review.uid.clone(), review).is_none());
            }
        }
        let decoded_reviews: BTreeMap<CompactString, SyncReview> =
            decoded.reviews.clone().into_iter().collect();
        assert_eq!(whole, decoded_reviews, "{us}");
        assert_eq!(taken.published, decoded.published);
        // bytes that are not the batch's: the value is decoded, not replaced
        let other = Batch {
            reviews: vec![review(&uid(us, 7), "c7", 70)],
            undone: vec![],
        };
        let elsewhere = ours.reviews_with(
            Some(PublishedBatch {
                bytes: batch::encode(us, &other),
                batch: other,
            }),
            Vec::new(),
        );
        assert_eq!(elsewhere.reviews, decoded.reviews);
        assert!(elsewhere.held_back.is_empty());
    }
}

/// Batches decoded beforehand (`DeviceDoc::decoded_batches`, on a sync's
/// prefetch thread) are taken by their bytes instead of being decoded again
/// (a batch that says otherwise shows through); bytes that are no value of
/// the document are ignored, and nothing is held back.
#[test]
fn batches_decoded_beforehand_are_taken_by_their_bytes() {
    let mut doc = DeviceDoc::new("aaaa");
    let put = Batch {
        reviews: vec![review("aaaa:1", "c1", 10)],
        undone: vec![],
    };
    doc.put_batch("aaaa", &put).unwrap();
    doc.commit(10);
    let mut decoded = doc.decoded_batches();
    assert_eq!(decoded.len(), 1);
    assert_eq!(decoded[0].batch, put);
    decoded[0].batch.reviews[0].grade = 1;
    decoded.push(PublishedBatch {
        bytes: vec![1, 2, 3],
        batch: Batch {
            reviews: vec![review("zzzz:9", "c9", 1)],
            undone: vec![],
        },
    });
    let set = doc.reviews_with(None, decoded);
    assert_eq!(set.reviews.len(), 1);
    assert_eq!(set.reviews["aaaa:1"].grade, 1);
    assert!(set.held_back.is_empty());
    assert_eq!(doc.reviews().reviews["aaaa:1"].grade, 3);
}

#[test]
fn every_device_starts_from_the_same_change() {
    let mut a = DeviceDoc::new("aaaa");
    let mut b = DeviceDoc::new("bbbb");
    assert_eq!(a.heads(), b.heads());
}

#[test]
fn batches_of_two_devices_merge_and_a_second_merge_adds_nothing() {
    let mut a = DeviceDoc::new("aaaa");
    let mut b = DeviceDoc::new("bbbb");
    a.put_batch(
        "aaaa",
        &Batch {
            reviews: vec![review("aaaa:1", "c1", 10)],
            undone: vec![],
        },
    )
    .unwrap();
    a.commit(10);
    b.put_batch(
        "bbbb",
        &Batch {
            reviews: vec![review("bbbb:1", "c2", 20)],
            undone: vec![],
        },
    )
    .unwrap();
    b.put_batch(
        "bbbb",
        &Batch {
            reviews: vec![],
            undone: vec!["aaaa:1".into()],
        },
    )
    .unwrap();
    b.commit(20);
    let mut b2 = DeviceDoc::load(&b.save(), "aaaa").unwrap();
    assert!(a.merge(&mut b2).unwrap());
    let mut b3 = DeviceDoc::load(&b.save(), "aaaa").unwrap();
    assert!(!a.merge(&mut b3).unwrap());
    let set = a.reviews();
    assert_eq!(set.reviews.len(), 2);
    assert!(set.reviews["aaaa:1"].undone);
    assert_eq!(set.published["bbbb"], 1);
}

#[test]
fn a_review_is_as_its_own_device_published_it() {
    // "0000" sorts before "aaaa": its forged copy of aaaa:1 is met first
    let mut forged = review("aaaa:1", "c1", 10);
    forged.grade = 1;
    for order in [["0000", "aaaa"], ["aaaa", "0000"]] {
        let mut doc = DeviceDoc::new("zzzz");
        for device in order {
            let copy = if device == "aaaa" {
                review("aaaa:1", "c1", 10)
            } else {
                forged.clone()
            };
            doc.put_batch(
                device,
                &Batch {
                    reviews: vec![copy],
                    undone: vec![],
                },
            )
            .unwrap();
        }
        assert_eq!(doc.reviews().reviews["aaaa:1"].grade, 3, "{order:?}");
    }
}

#[test]
fn two_writes_from_one_stale_start_still_merge() {
    // one device's document, written twice from the same saved state (a
    // sync killed before it saved its copy, then run again)
    let mut start = DeviceDoc::new("aaaa");
    start
        .put_batch(
            "aaaa",
            &Batch {
                reviews: vec![review("aaaa:1", "c", 1)],
                undone: vec![],
            },
        )
        .unwrap();
    start.commit(1);
    let saved = start.save();
    let mut first = DeviceDoc::load(&saved, "aaaa").unwrap();
    let mut second = DeviceDoc::load(&saved, "aaaa").unwrap();
    for (doc, at) in [(&mut first, 2), (&mut second, 3)] {
        doc.put_batch(
            "aaaa",
            &Batch {
                reviews: vec![review("aaaa:2", "c", at)],
                undone: vec![],
            },
        )
        .unwrap();
        doc.commit(at);
    }
    let mut elsewhere = DeviceDoc::load(&first.save(), "bbbb").unwrap();
    assert_eq!(elsewhere.merge(&mut second), Ok(true));
    assert_eq!(elsewhere.reviews().reviews.len(), 2);
}

#[test]
fn foreign_newer_and_damaged_files_are_told_apart() {
    let mut foreign = AutoCommit::new();
    foreign.put(ROOT, "hello", "world").unwrap();
    assert_eq!(
        DeviceDoc::load(&foreign.save(), "d").err(),
        Some(LoadProblem::Foreign)
    );
    let mut newer = DeviceDoc::new("d");
    newer.put(FORMAT_KEY.into(), FORMAT + 1).unwrap();
    newer.commit(0);
    assert_eq!(
        DeviceDoc::load(&newer.save(), "d").err(),
        Some(LoadProblem::Newer(FORMAT + 1))
    );
    let bytes = DeviceDoc::new("d").save();
    assert!(matches!(
        DeviceDoc::load(&bytes[..bytes.len() - 3], "d"),
        Err(LoadProblem::Unreadable(_))
    ));
    assert!(matches!(
        DeviceDoc::load(b"not automerge", "d"),
        Err(LoadProblem::Unreadable(_))
    ));
}

#[test]
fn a_delete_and_a_concurrent_note_edit_give_the_bookmark_back_with_its_note() {
    let mut a = DeviceDoc::new("aaaa");
    let plain = bookmark("q1", "");
    a.put_bookmark(None, Some(&plain), "q1").unwrap();
    a.commit(1);
    let mut b = DeviceDoc::load(&a.save(), "bbbb").unwrap();
    // a deletes, b (not having seen it) writes a note
    a.put_bookmark(Some(&plain), None, "q1").unwrap();
    a.commit(2);
    let noted = bookmark("q1", "remember the STAR order");
    b.put_bookmark(Some(&plain), Some(&noted), "q1").unwrap();
    b.commit(3);
    let mut b_copy = DeviceDoc::load(&b.save(), "aaaa").unwrap();
    a.merge(&mut b_copy).unwrap();
    let merged = &a.bookmarks(None)["q1"];
    assert!(merged.conflicted);
    assert_eq!(
        merged.bookmark.as_ref().unwrap().note,
        "remember the STAR order"
    );
    // a delete made after seeing the note deletes it
    let heads_before = a.heads();
    a.put_bookmark(Some(&noted), None, "q1").unwrap();
    a.commit(4);
    assert_eq!(a.bookmarks(None)["q1"].bookmark, None);
    // and the document still answers as it was
    assert!(a.bookmarks(Some(&heads_before))["q1"].bookmark.is_some());
}

mod merge_orders {
    use proptest::prelude::*;

    use super::*;
    use std::collections::BTreeSet;

    /// One device's writes: batches of reviews and bookmark changes, each
    /// followed by a merge of another device's document (by index) or not.
    #[derive(Clone, Debug)]
    enum Write {
        Review(u8, i64),
        Bookmark(u8, Option<String>),
        MergeFrom(usize),
    }

    fn write() -> impl Strategy<Value = Write> {
        prop_oneof![
            (0u8..4, 0i64..10_000).prop_map(|(c, t)| Write::Review(c, t)),
            (0u8..3, proptest::option::of("[a-c]{0,2}")).prop_map(|(i, n)| Write::Bookmark(i, n)),
            (0usize..3).prop_map(Write::MergeFrom),
        ]
    }

    fn merged_view(doc: &DeviceDoc) -> (BTreeSet<CompactString>, Vec<(String, Option<Bookmark>)>) {
        let reviews = doc.reviews().reviews.keys().cloned().collect();
        let bookmarks = doc
            .bookmarks(None)
            .into_iter()
            .map(|(k, m)| (k, m.bookmark))
            .collect();
        (reviews, bookmarks)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        /// Three devices write and merge each other in a random order; their
        /// documents then merged in every order give one view, and merging
        /// again changes nothing.
        #[test]
        fn any_merge_order_gives_one_document(
            writes in proptest::collection::vec((0usize..3, write()), 0..24),
            order in Just([0usize, 1, 2]).prop_shuffle(),
        ) {
            let names = ["aaaa", "bbbb", "cccc"];
            let mut docs: Vec<DeviceDoc> = names.iter().map(|n| DeviceDoc::new(n)).collect();
            let mut seen: Vec<BTreeMap<String, Bookmark>> = vec![BTreeMap::new(); 3];
            let mut n = 0;
            for (who, w) in writes {
                n += 1;
                match w {
                    Write::Review(card, at) => {
                        let r = review(&format!("{}:{n}", names[who]), &format!("c{card}"), at);
                        docs[who].put_batch(names[who], &Batch { reviews: vec![r], undone: vec![] }).unwrap();
                    }
                    Write::Bookmark(item, note) => {
                        let item = format!("i{item}");
                        let before = seen[who].get(&item).cloned();
                        let after = note.map(|n| bookmark(&item, &n));
                        docs[who].put_bookmark(before.as_ref(), after.as_ref(), &item).unwrap();
                        match after {
                            Some(b) => seen[who].insert(item, b),
                            None => seen[who].remove(&item),
                        };
                    }
                    Write::MergeFrom(other) if other != who => {
                        let mut copy = DeviceDoc::load(&docs[other].save(), names[who]).unwrap();
                        docs[who].merge(&mut copy).unwrap();
                        seen[who] = docs[who]
                            .bookmarks(None)
                            .into_iter()
                            .filter_map(|(k, m)| Some((k, m.bookmark?)))
                            .collect();
                    }
                    Write::MergeFrom(_) => {}
                }
                docs[who].commit(n);
            }
            let saved: Vec<Vec<u8>> = docs.iter_mut().map(DeviceDoc::save).collect();
            let mut in_order = DeviceDoc::new("zzzz");
            for &i in &order {
                in_order.merge(&mut DeviceDoc::load(&saved[i], "zzzz").unwrap()).unwrap();
            }
            let mut reversed = DeviceDoc::new("yyyy");
            for &i in order.iter().rev() {
                reversed.merge(&mut DeviceDoc::load(&saved[i], "yyyy").unwrap()).unwrap();
            }
            prop_assert_eq!(merged_view(&in_order), merged_view(&reversed));
            prop_assert_eq!(in_order.heads(), reversed.heads());
            for bytes in &saved {
                prop_assert!(!in_order.merge(&mut DeviceDoc::load(bytes, "zzzz").unwrap()).unwrap());
            }
        }
    }
}

mod damaged_files {
    use proptest::prelude::*;

    use super::*;

    /// A device file with a little of everything in it.
    fn sample() -> Vec<u8> {
        let mut doc = DeviceDoc::new("aaaa");
        let batch = Batch {
            reviews: vec![review("aaaa:1", "c1", 1_000), review("aaaa:2", "c2", 2_000)],
            undone: vec!["aaaa:1".into()],
        };
        doc.put_batch("aaaa", &batch).unwrap();
        doc.put_bookmark(None, Some(&bookmark("q1", "a note")), "q1")
            .unwrap();
        doc.put_device("aaaa", "laptop", 3_000).unwrap();
        doc.commit(3_000);
        doc.save()
    }

    /// Gives a one-chunk file the checksum its contents call for, as a
    /// hostile writer would (magic, checksum, type, LEB128 length, data),
    /// so the damage reaches the parser behind the checksum.
    fn reseal(bytes: &mut [u8]) {
        use sha2::Digest;
        let Some(&typ) = bytes.get(8) else { return };
        let mut len = 0u64;
        let mut at = 9;
        for shift in (0..35).step_by(7) {
            let Some(&b) = bytes.get(at) else { return };
            len |= u64::from(b & 0x7f) << shift;
            at += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
        let Some(data) = bytes.get(at..at + len as usize) else {
            return;
        };
        let mut hasher = sha2::Sha256::new();
        hasher.update([typ]);
        hasher.update(bytes.get(9..at).unwrap_or_default());
        hasher.update(data);
        let sum = hasher.finalize();
        bytes[4..8].copy_from_slice(&sum[..4]);
    }

    /// Everything a sync reads of a document.
    fn read_all(doc: &DeviceDoc) {
        let _ = doc.reviews();
        let _ = doc.bookmarks(None);
        let _ = doc.attempts(None);
        let _ = doc.points(None);
        let _ = doc.devices();
        let _ = doc.draft_counts();
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// A device file damaged anywhere (bytes changed, cut short, junk
        /// added) is refused or read, and merged, without a panic.
        #[test]
        fn a_damaged_file_is_refused_or_read_without_a_panic(
            changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
            cut in proptest::option::of(any::<prop::sample::Index>()),
            junk in proptest::collection::vec(any::<u8>(), 0..8),
            sealed in proptest::bool::weighted(0.8),
        ) {
            let mut bytes = sample();
            for (at, byte) in changes {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            bytes.extend(junk);
            if sealed {
                reseal(&mut bytes);
            }
            if let Ok(mut other) = DeviceDoc::load(&bytes, "bbbb") {
                read_all(&other);
                let mut mine = DeviceDoc::load(&sample(), "bbbb").unwrap();
                let _ = mine.merge(&mut other);
                read_all(&mine);
            }
        }
    }
}
