//! Tests of the content cache: hits, edits seen by metadata or hash,
//! damaged cache files, and cards read after the first frame.

use super::*;
use crate::domain::content::deferred::DeferredParts;
use std::time::{Duration, SystemTime};

const CHAPTER: &str = "id = \"c1\"\nnumber = 1\ntitle = \"One\"\n\n[introduction]\nid = \"c1-intro\"\ntitle = \"Intro\"\nbody = \"AAAA text\"\n";

fn intro(lib: &Library) -> String {
    lib.chapters
        .first()
        .and_then(|c| c.introduction.as_ref())
        .map(|s| s.body.clone())
        .unwrap_or_default()
}

fn set_mtime(path: &Path, t: SystemTime) {
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open");
    f.set_modified(t).expect("set mtime");
}

#[test]
fn second_load_hits_and_matches_a_fresh_parse() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).expect("mkdir");
    std::fs::write(content.join("c1.toml"), CHAPTER).expect("write");
    let cache = tmp.path().join("cache");
    let (first, s1) = load_dir_cached(&content, &cache);
    let (second, s2) = load_dir_cached(&content, &cache);
    assert_eq!((s1.misses, s1.hits), (1, 0));
    assert_eq!((s2.misses, s2.hits), (0, 1));
    let fresh = crate::store::content_dir::load_dir(&content);
    let json = |l: &Library| serde_json::to_string(l).expect("json");
    assert_eq!(json(&first), json(&fresh));
    assert_eq!(json(&second), json(&fresh));
}

fn old_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// A content directory holding [`CHAPTER`] with its mtime set to `t0`:
/// the directory, the file and the cache folder to use.
fn one_chapter(root: &Path, t0: SystemTime) -> (PathBuf, PathBuf, PathBuf) {
    let content = root.join("content");
    std::fs::create_dir(&content).expect("mkdir");
    let file = content.join("c1.toml");
    std::fs::write(&file, CHAPTER).expect("write");
    set_mtime(&file, t0);
    (content, file, root.join("cache"))
}

#[test]
fn same_size_edit_is_seen_with_or_without_a_new_mtime() {
    let (tmp, t0) = (tempfile::tempdir().expect("tempdir"), old_time());
    let (content, file, cache) = one_chapter(tmp.path(), t0);
    assert_eq!(intro(&load_dir_cached(&content, &cache).0), "AAAA text");

    // Same size, new mtime.
    std::fs::write(&file, CHAPTER.replace("AAAA", "BBBB")).expect("write");
    set_mtime(&file, t0 + Duration::from_secs(5));
    let (lib, stats) = load_dir_cached(&content, &cache);
    assert_eq!((intro(&lib).as_str(), stats.misses), ("BBBB text", 1));

    // Same size and the same mtime as the cached version: the hash decides.
    std::fs::write(&file, CHAPTER.replace("AAAA", "CCCC")).expect("write");
    set_mtime(&file, t0 + Duration::from_secs(5));
    let (lib, stats) = load_dir_cached(&content, &cache);
    assert_eq!((intro(&lib).as_str(), stats.misses), ("CCCC text", 1));
}

#[test]
fn damaged_cache_files_are_ignored_and_replaced() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).expect("mkdir");
    std::fs::write(content.join("c1.toml"), CHAPTER).expect("write");
    let cache = tmp.path().join("cache");
    load_dir_cached(&content, &cache);
    let files: Vec<_> = std::fs::read_dir(&cache)
        .expect("cache dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(files.len(), 1);
    let mut bytes = std::fs::read(&files[0]).expect("read");
    let last = bytes.len() - 1;
    bytes.truncate(last / 2);
    std::fs::write(&files[0], &bytes).expect("write");
    let (lib, stats) = load_dir_cached(&content, &cache);
    assert_eq!((intro(&lib).as_str(), stats.misses), ("AAAA text", 1));
    let (_, stats) = load_dir_cached(&content, &cache);
    assert_eq!(stats.hits, 1);
}

#[test]
fn files_with_errors_are_cached_with_their_problems() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).expect("mkdir");
    std::fs::write(content.join("bad.toml"), "id = \"x\"\nnumber = 1\n").expect("write");
    let cache = tmp.path().join("cache");
    let (a, _) = load_dir_cached(&content, &cache);
    let (b, stats) = load_dir_cached(&content, &cache);
    assert_eq!(stats.hits, 1);
    assert!(!a.problems.is_empty());
    assert_eq!(a.problems, b.problems);
}

const DECK_A: &str = "kind = \"deck\"\nid = \"da\"\ntitle = \"Deck A\"\n\n[[cards]]\nid = \"a1\"\nfront = \"A one\"\nback = \"a\"\n\n[[cards]]\nid = \"shared\"\nfront = \"A two\"\nback = \"a\"\n";
const DECK_B: &str = "kind = \"deck\"\nid = \"db\"\ntitle = \"Deck B\"\n\n[[cards]]\nid = \"shared\"\nfront = \"B one\"\nback = \"b\"\n";

/// A content directory with a chapter and two deck files sharing a card id.
fn decks_dir(root: &Path) -> PathBuf {
    let content = root.join("content");
    std::fs::create_dir(&content).expect("mkdir");
    std::fs::write(content.join("c1.toml"), CHAPTER).expect("write");
    std::fs::write(content.join("deck-a.toml"), DECK_A).expect("write");
    std::fs::write(content.join("deck-b.toml"), DECK_B).expect("write");
    content
}

/// Dates every cache file's last verification a minute ahead, so no
/// content file is within the racy window of it.
fn verified_long_after(cache: &Path) {
    for entry in std::fs::read_dir(cache).expect("cache dir") {
        let path = entry.expect("entry").path();
        set_mtime(&path, SystemTime::now() + Duration::from_secs(60));
    }
}

fn json(l: &Library) -> String {
    serde_json::to_string(l).expect("json")
}

#[test]
fn an_unchanged_file_is_trusted_by_its_metadata_without_reading_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let content = decks_dir(tmp.path());
    let cache = tmp.path().join("cache");
    let (first, _) = load_dir_cached(&content, &cache);
    // Just written: within the racy window, so the bytes are hashed.
    let (_, racy) = load_dir_cached(&content, &cache);
    assert_eq!((racy.hits, racy.hashed), (3, 3));
    verified_long_after(&cache);
    let (second, stats) = load_dir_cached(&content, &cache);
    assert_eq!((stats.hits, stats.misses, stats.hashed), (3, 0, 0));
    assert_eq!(json(&second), json(&first));
}

#[test]
fn a_same_size_edit_keeping_the_mtime_is_seen_by_its_change_time() {
    let (tmp, t0) = (tempfile::tempdir().expect("tempdir"), old_time());
    let (content, file, cache) = one_chapter(tmp.path(), t0);
    load_dir_cached(&content, &cache);
    verified_long_after(&cache);
    // Edited in place, the mtime put back: the change time (and so the key)
    // moves, and nothing needs hashing to see it.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&file, CHAPTER.replace("AAAA", "DDDD")).expect("write");
    set_mtime(&file, t0);
    let (lib, stats) = load_dir_cached(&content, &cache);
    assert_eq!(
        (intro(&lib).as_str(), stats.misses, stats.hashed),
        ("DDDD text", 1, 0)
    );
}

#[test]
fn deferred_cards_complete_to_the_library_a_full_load_gives() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let content = decks_dir(tmp.path());
    let cache = tmp.path().join("cache");
    let fresh = crate::store::content_dir::load_dir(&content);
    assert!(
        fresh
            .problems
            .iter()
            .any(|p| p.message.contains("`shared`")),
        "{:?}",
        fresh.problems
    );
    // A cold cache parses everything: nothing is left for later.
    let (cold, deferred, _) = load_dir_deferred(&content, &cache, None);
    assert!(deferred.is_none());
    assert_eq!(json(&cold), json(&fresh));

    let (mut first, deferred, stats) = load_dir_deferred(&content, &cache, None);
    assert_eq!(stats.hits, 3);
    let deferred = deferred.expect("deck cards left in the cache");
    assert_eq!(first.chapters.len(), 1);
    assert_eq!(first.decks.len(), 2);
    assert!(first.decks.iter().all(|d| d.cards.is_empty()));
    assert!(
        first.problems.is_empty(),
        "checks across files wait for the cards"
    );
    let read = deferred.read();
    assert!(matches!(read, DeferredParts::Parts { .. }));
    read.apply(&mut first);
    assert_eq!(json(&first), json(&fresh));
}

#[test]
fn deferred_cards_are_read_again_when_a_cache_file_changed_in_between() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let content = decks_dir(tmp.path());
    let cache = tmp.path().join("cache");
    load_dir_cached(&content, &cache);
    let (mut first, deferred, _) = load_dir_deferred(&content, &cache, None);
    let deferred = deferred.expect("deck cards left in the cache");
    // Another start rewrites deck B's cache entry after an edit.
    let edited = DECK_B.replace("id = \"shared\"", "id = \"b1\"");
    std::fs::write(content.join("deck-b.toml"), edited).expect("write");
    load_dir_cached(&content, &cache);
    let read = deferred.read();
    assert!(matches!(read, DeferredParts::Reloaded(_)));
    read.apply(&mut first);
    let b = first.decks.iter().find(|d| d.id == "db").expect("deck b");
    assert_eq!(
        b.cards.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["b1"]
    );
    assert!(
        !first
            .problems
            .iter()
            .any(|p| p.message.contains("`shared`")),
        "the problems are the fresh load's: {:?}",
        first.problems
    );
}

#[test]
fn the_bundled_content_is_parsed_once_and_read_from_the_cache_after() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let fresh = crate::domain::content::bundled::load();
    let (first, s1) = load_bundled_cached(&cache);
    let (second, s2) = load_bundled_cached(&cache);
    let files = crate::domain::content::bundled::FILES.len();
    assert_eq!((s1.misses, s1.hits), (files, 0));
    assert_eq!((s2.misses, s2.hits), (0, files));
    assert_eq!(json(&first), json(&fresh));
    assert_eq!(json(&second), json(&fresh));
}
