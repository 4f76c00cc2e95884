//! The content cache keeps a chapter's bodies apart from the rest
//! (`store::content_cache`, `domain::content::bodies`): read whole, or the
//! first screen's bodies first and the rest after, a chapter comes back as
//! a fresh parse gives it; a cache file changed in between gives the file
//! as it is now, and one damaged anywhere never leaves a chapter
//! incomplete (the cache has no checksum of its own: a changed byte in a
//! text can show, as it always could).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use studyguide::domain::content::Library;
use studyguide::domain::content::bodies::{self, Shown};
use studyguide::domain::content::deferred::DeferredParts;
use studyguide::store::content_cache::{load_dir_cached, load_dir_deferred};
use studyguide::store::content_dir::load_dir;

/// A content directory with one generated chapter of about `bytes` bytes.
fn chapter_dir(root: &Path, seed: u64, bytes: usize) -> (PathBuf, PathBuf) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let text = studyguide::generate::chapter_toml(seed, 900, bytes);
    std::fs::write(content.join("chapter-900.toml"), text).unwrap();
    (content, root.join("cache"))
}

fn json(library: &Library) -> String {
    serde_json::to_string(library).unwrap()
}

fn cache_file(cache: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.remove(0)
}

fn ids(library: &Library) -> Vec<String> {
    studyguide::domain::document::outline(library)
        .into_iter()
        .map(|i| i.id)
        .collect()
}

#[test]
fn a_big_chapter_comes_back_whole_from_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let (content, cache) = chapter_dir(tmp.path(), 3, 400_000);
    let fresh = load_dir(&content);
    let (cold, cold_stats) = load_dir_cached(&content, &cache);
    let (warm, warm_stats) = load_dir_cached(&content, &cache);
    assert_eq!((cold_stats.misses, warm_stats.hits), (1, 1));
    assert_eq!(json(&cold), json(&fresh));
    assert_eq!(json(&warm), json(&fresh));
    assert!(warm.chapters[0].pending_bodies.is_empty());
    let bytes = std::fs::read(cache_file(&cache)).unwrap();
    assert!(bytes.starts_with(b"SGCACHE5"), "a new format, a new magic");
}

#[test]
fn the_first_screen_reads_its_bodies_and_the_rest_follows() {
    let tmp = tempfile::tempdir().unwrap();
    let (content, cache) = chapter_dir(tmp.path(), 4, 400_000);
    let fresh = load_dir(&content);
    load_dir_cached(&content, &cache);
    let outline = ids(&fresh);
    let middle = outline[outline.len() / 2].as_str();
    let shown = |from_item| Shown {
        item: middle,
        from_item,
    };
    for shown in [None, Some(shown(false)), Some(shown(true))] {
        let (mut first, rest, stats) = load_dir_deferred(&content, &cache, shown);
        assert_eq!(stats.hits, 1);
        let mut chapter = first.chapters[0].clone();
        let pending = chapter.pending_bodies.clone();
        let texts = bodies::take(&mut chapter);
        let mut whole = fresh.chapters[0].clone();
        let all = bodies::take(&mut whole);
        let lens: Vec<usize> = all.iter().map(String::len).collect();
        let range = bodies::first_screen_range(&fresh.chapters[0], &lens, shown);
        assert!(!range.is_empty() && range.len() < all.len(), "{range:?}");
        assert_eq!(range.start == 0, !shown.is_some_and(|s| s.from_item));
        assert_eq!(
            texts[range.clone()],
            all[range.clone()],
            "these are in place"
        );
        assert_eq!(pending.len(), all.len());
        for (slot, text) in texts.iter().enumerate() {
            if !range.contains(&slot) {
                assert!(text.is_empty());
                assert_eq!(pending[slot], lens[slot], "its length is known");
            } else {
                assert_eq!(pending[slot], 0);
            }
        }
        assert_eq!(ids(&first), outline, "the whole outline is there");

        let rest = rest.expect("bodies left for later").read();
        assert!(matches!(rest, DeferredParts::Parts { .. }));
        rest.apply(&mut first);
        assert!(first.chapters[0].pending_bodies.is_empty());
        assert_eq!(json(&first), json(&fresh));
    }
}

#[test]
fn a_small_chapter_is_read_whole_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (content, cache) = chapter_dir(tmp.path(), 5, 30_000);
    load_dir_cached(&content, &cache);
    let (first, rest, _) = load_dir_deferred(&content, &cache, None);
    assert!(rest.is_none());
    assert_eq!(json(&first), json(&load_dir(&content)));
}

#[test]
fn bodies_are_read_again_from_the_file_when_its_cache_entry_changed_in_between() {
    let tmp = tempfile::tempdir().unwrap();
    let (content, cache) = chapter_dir(tmp.path(), 6, 400_000);
    load_dir_cached(&content, &cache);
    let (mut first, rest, _) = load_dir_deferred(&content, &cache, None);
    // another start sees an edited file and writes its cache entry again
    let edited = studyguide::generate::chapter_toml(9, 900, 300_000);
    std::fs::write(content.join("chapter-900.toml"), edited).unwrap();
    load_dir_cached(&content, &cache);
    let rest = rest.expect("bodies left for later").read();
    assert!(matches!(rest, DeferredParts::Reloaded(_)));
    rest.apply(&mut first);
    let fresh = load_dir(&content);
    assert!(first.chapters[0].pending_bodies.is_empty());
    assert_eq!(
        serde_json::to_string(&first.chapters).unwrap(),
        serde_json::to_string(&fresh.chapters).unwrap(),
        "the chapter is the file's as it is now"
    );
}

/// What a damaged cache file can do to a load: whatever was cut off or
/// broken, every chapter comes back with all its bodies in place and lays
/// out to its end; cut short, it comes back exactly (parsed again).
fn check_damage(bytes: Vec<u8>, truncated: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let (content, cache) = damaged_chapter_dir(tmp.path());
    let fresh = json(&load_dir(&content));
    load_dir_cached(&content, &cache);
    std::fs::write(cache_file(&cache), &bytes).unwrap();
    let (mut first, rest, _) = load_dir_deferred(&content, &cache, None);
    if let Some(rest) = rest {
        rest.read().apply(&mut first);
    }
    std::fs::write(cache_file(&cache), &bytes).unwrap();
    let (whole, _) = load_dir_cached(&content, &cache);
    for library in [&first, &whole] {
        assert!(library.chapters.iter().all(|c| c.pending_bodies.is_empty()));
        let outline = studyguide::domain::document::outline(library);
        assert!(outline.iter().all(|i| i.pending_bytes == 0));
        for chapter in 0..library.chapters.len() {
            let doc = studyguide::domain::document::Document::build(&outline, chapter, 60);
            assert!(!doc.is_partial() && !doc.waits_for_bodies());
        }
        if truncated {
            assert_eq!(json(library), fresh);
        }
    }
}

/// The chapter [`check_damage`] uses (generated once for every case).
fn damaged_chapter_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| studyguide::generate::chapter_toml(11, 900, 150_000))
}

/// A content directory holding that chapter, and where its cache goes.
fn damaged_chapter_dir(root: &Path) -> (PathBuf, PathBuf) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("chapter-900.toml"), damaged_chapter_text()).unwrap();
    (content, root.join("cache"))
}

/// The cache file of the chapter [`check_damage`] uses, undamaged.
fn good_cache_bytes() -> Vec<u8> {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            let (content, cache) = damaged_chapter_dir(tmp.path());
            load_dir_cached(&content, &cache);
            std::fs::read(cache_file(&cache)).unwrap()
        })
        .clone()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn a_cache_file_cut_short_anywhere_is_parsed_again(cut in 0.0f64..1.0) {
        let mut bytes = good_cache_bytes();
        bytes.truncate((bytes.len() as f64 * cut) as usize);
        check_damage(bytes, true);
    }

    #[test]
    fn a_cache_file_with_a_broken_byte_never_leaves_a_chapter_incomplete(
        at in 0.0f64..1.0,
        value in any::<u8>(),
        near_the_head in any::<bool>(),
    ) {
        let mut bytes = good_cache_bytes();
        // half the cases hit the header and head, where the lengths are
        let span = if near_the_head { bytes.len().min(40_000) } else { bytes.len() };
        let at = ((span as f64 * at) as usize).min(bytes.len() - 1);
        bytes[at] = value;
        check_damage(bytes, false);
    }
}
