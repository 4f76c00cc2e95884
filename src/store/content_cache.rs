//! A cache of parsed content files, so start-up does not pay the TOML parse
//! of unchanged files. One cache file per content file in the data
//! directory's `cache/` folder, holding the parsed model and its problems in
//! postcard form, keyed by the file's reported name, size, modification
//! time, status-change time, inode and device, with an xxh3 hash of its
//! bytes beside the key.
//!
//! An unchanged file is recognised by its metadata alone, without reading
//! it. The bytes are read and hashed only when the metadata cannot settle
//! it: when the file's last change (ctime, which no program can set back)
//! falls within [`RACY_NS`] of the moment the cache entry was written or last
//! verified (an edit in the same clock tick keeps every time stamp), or on
//! systems without ctime and inode. This is git's answer to "racily clean"
//! index entries. Any mismatch, unreadable or foreign cache file means a fresh
//! parse (and a new cache file). Writing the cache is best-effort: a failure
//! only costs the next start its speed.
//!
//! A deck file's cards and a chapter's bodies are stored after the rest
//! (`file`), so start-up can show the first screen from the chapters'
//! outline, the bodies that screen shows and the deck names, and read the
//! rest right after ([`load_dir_deferred`], [`DeferredContent`]).

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::domain::content::bodies::{self, Shown};
use crate::domain::content::parse::{Parsed, cross_check, order, parse_bytes};
use crate::domain::content::{Chapter, Library, Problem, bundled};
use crate::store::content_dir::{ContentFile, read_dir_with};

mod deferred;
mod file;

pub use deferred::DeferredContent;
use deferred::{DeferredBodies, DeferredDeck, Entry};
use file::{CacheFile, Header};

/// A file changed this close (in nanoseconds) to when its cache entry was
/// written may have changed again within the same time stamp: its bytes are
/// hashed to be sure. Far longer than any file system's time stamp tick.
const RACY_NS: i128 = 2_000_000_000;

/// What identifies one content file's bytes, from its metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    program: String,
    name: String,
    size: u64,
    mtime_ns: Option<i128>,
    /// The last status change (unix only; none elsewhere).
    ctime_ns: Option<i128>,
    inode: Option<u64>,
    device: Option<u64>,
}

impl Key {
    fn of(file: &ContentFile<'_>) -> Key {
        #[cfg(unix)]
        let (ctime_ns, inode, device) = {
            use std::os::unix::fs::MetadataExt;
            let m = file.meta;
            (
                Some(i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec())),
                Some(m.ino()),
                Some(m.dev()),
            )
        };
        #[cfg(not(unix))]
        let (ctime_ns, inode, device) = (None, None, None);
        Key {
            program: env!("CARGO_PKG_VERSION").to_string(),
            name: file.name.to_string(),
            size: file.meta.len(),
            mtime_ns: file.meta.modified().ok().and_then(nanos),
            ctime_ns,
            inode,
            device,
        }
    }

    /// Whether the metadata alone cannot tell this file from an edit made
    /// in the same time stamp tick: it changed within [`RACY_NS`] of
    /// `verified_ns` (when the entry was written or last verified), or the
    /// system gives no ctime.
    fn is_racy(&self, verified_ns: Option<i128>) -> bool {
        match (self.ctime_ns, verified_ns) {
            (Some(changed), Some(verified)) => changed.saturating_add(RACY_NS) >= verified,
            _ => true,
        }
    }
}

fn nanos(t: SystemTime) -> Option<i128> {
    t.duration_since(UNIX_EPOCH)
        .ok()
        .map(|d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX))
}

/// How many files were read from the cache, how many were parsed, and how
/// many of the files read from the cache were read and hashed to be sure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: usize,
    pub misses: usize,
    pub hashed: usize,
}

/// The cache folder inside a data directory.
pub fn cache_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("cache")
}

/// Loads a content directory like [`super::content_dir::load_dir`], taking
/// each file's parsed form from `cache_dir` when the file is unchanged.
pub fn load_dir_cached(dir: &Path, cache_dir: &Path) -> (Library, CacheStats) {
    let (mut library, deferred, stats) = load(dir, cache_dir, None);
    match deferred {
        Some(deferred) => deferred.read().apply(&mut library),
        None => cross_check(&mut library),
    }
    (library, stats)
}

/// [`load_dir_cached`] for a quick first screen: of the files found in the
/// cache, a deck's cards are left out (its deck is there, with no cards),
/// and so are a big chapter's bodies other than those a reader opening at
/// `shown` (or at the start) shows first (`bodies::first_screen_range`;
/// `Chapter::pending_bodies` says which), and the checks across files. All
/// come with [`DeferredContent::read`] then `DeferredParts::apply`
/// (`domain::content::deferred`); with nothing left out, the library is
/// complete and there is no `DeferredContent`.
pub fn load_dir_deferred(
    dir: &Path,
    cache_dir: &Path,
    shown: Option<Shown<'_>>,
) -> (Library, Option<DeferredContent>, CacheStats) {
    let defer = Defer {
        shown,
        bodies: true,
    };
    let (mut library, deferred, stats) = load(dir, cache_dir, Some(defer));
    if deferred.is_none() {
        cross_check(&mut library);
    }
    (library, deferred, stats)
}

/// What to leave in the cache files for after the first frame.
#[derive(Clone, Copy)]
struct Defer<'a> {
    /// The part the reader opens at, if not the start.
    shown: Option<Shown<'a>>,
    /// Whether a big chapter's bodies are left too (else only deck cards).
    bodies: bool,
}

/// Loads the directory with a deck's cards found in the cache left there
/// (and nothing else); the checks across files wait for them.
fn load_decks_deferred(
    dir: &Path,
    cache_dir: &Path,
) -> (Library, Option<DeferredContent>, CacheStats) {
    let defer = Defer {
        shown: None,
        bodies: false,
    };
    let (mut library, deferred, stats) = load(dir, cache_dir, Some(defer));
    if deferred.is_none() {
        cross_check(&mut library);
    }
    (library, deferred, stats)
}

/// Loads the directory; with `defer`, what it names is left in the cache
/// files. The checks across files are not run.
fn load(
    dir: &Path,
    cache_dir: &Path,
    defer: Option<Defer<'_>>,
) -> (Library, Option<DeferredContent>, CacheStats) {
    let mut loader = Loader {
        cache_dir,
        defer,
        stats: CacheStats::default(),
        decks: Vec::new(),
        chapters: Vec::new(),
    };
    let (parsed, problems) = read_dir_with(dir, |file| {
        let key = Key::of(file);
        let cache_file = cache_file(cache_dir, file.real);
        loader.file(&cache_file, key, file.name, || file.read().map(Cow::Owned))
    });
    let library = order(parsed, problems);
    let deferred =
        (!loader.decks.is_empty() || !loader.chapters.is_empty()).then(|| DeferredContent {
            dir: dir.to_path_buf(),
            cache_dir: cache_dir.to_path_buf(),
            decks: loader.decks,
            chapters: loader.chapters,
        });
    (library, deferred, loader.stats)
}

/// The bundled content (`domain::content::bundled`) through the cache: its
/// TOML is parsed once per build, not at every start. The bytes are in the
/// binary, so they are always hashed (microseconds) instead of trusting
/// metadata. Complete, checks across files included.
pub fn load_bundled_cached(cache_dir: &Path) -> (Library, CacheStats) {
    let mut loader = Loader {
        cache_dir,
        defer: None,
        stats: CacheStats::default(),
        decks: Vec::new(),
        chapters: Vec::new(),
    };
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in bundled::FILES {
        let key = Key {
            program: env!("CARGO_PKG_VERSION").to_string(),
            name: (*name).to_string(),
            size: text.len() as u64,
            mtime_ns: None,
            ctime_ns: None,
            inode: None,
            device: None,
        };
        let hash = xxh3_64(name.as_bytes());
        let cache_file = cache_dir.join(format!("bundled-{hash:016x}.bin"));
        let read = || Ok(Cow::Borrowed(text.as_bytes()));
        match loader.file(&cache_file, key, name, read) {
            Ok((p, mut probs)) => {
                parsed.extend(p);
                problems.append(&mut probs);
            }
            // Reading bytes held in memory does not fail.
            Err(_) => return (bundled::load(), loader.stats),
        }
    }
    let mut library = order(parsed, problems);
    cross_check(&mut library);
    (library, loader.stats)
}

/// Takes content files through the cache, counting what it does.
struct Loader<'a> {
    cache_dir: &'a Path,
    defer: Option<Defer<'a>>,
    stats: CacheStats,
    decks: Vec<DeferredDeck>,
    chapters: Vec<DeferredBodies>,
}

impl Loader<'_> {
    /// One content file: from its cache file when that holds this `key`
    /// (and, when the metadata cannot settle it, the same bytes), else
    /// parsed from what `read` gives and written to the cache.
    fn file<'b>(
        &mut self,
        cache_file: &Path,
        key: Key,
        name: &str,
        read: impl FnOnce() -> std::io::Result<Cow<'b, [u8]>>,
    ) -> std::io::Result<(Option<Parsed>, Vec<Problem>)> {
        let mut read = Some(read);
        let mut bytes = None;
        if let Some(mut cached) = CacheFile::open(cache_file).filter(|c| c.header.key == key) {
            let fresh = if key.is_racy(cached.verified_ns) {
                let (same, got) = self.same_bytes(&mut cached, &key, read.take())?;
                bytes = Some(got);
                same
            } else {
                true
            };
            if let Some(found) = fresh
                .then(|| self.read_cached(&mut cached, cache_file, &key))
                .flatten()
            {
                self.stats.hits += 1;
                return Ok(found);
            }
        }
        self.stats.misses += 1;
        let bytes = match (bytes, read) {
            (Some(bytes), _) => bytes,
            (None, Some(read)) => read()?,
            (None, None) => Cow::Borrowed(&[][..]),
        };
        Ok(self.parse_and_keep(cache_file, key, name, &bytes))
    }

    /// Whether `cached` holds the bytes `read` gives (read and hashed, as the
    /// metadata cannot settle it), and the bytes, for a parse when it does
    /// not. Bytes that match, verified after the racy window, mark the entry
    /// verified: later starts trust the metadata.
    fn same_bytes<'b>(
        &mut self,
        cached: &mut CacheFile,
        key: &Key,
        read: Option<impl FnOnce() -> std::io::Result<Cow<'b, [u8]>>>,
    ) -> std::io::Result<(bool, Cow<'b, [u8]>)> {
        self.stats.hashed += 1;
        let now = nanos(SystemTime::now());
        let got = match read {
            Some(read) => read()?,
            None => Cow::Borrowed(&[][..]),
        };
        let same = xxh3_64(&got) == cached.header.hash;
        if same && key.ctime_ns.zip(now).is_some_and(|(c, n)| c + RACY_NS < n) {
            cached.mark_verified();
        }
        Ok((same, got))
    }

    /// The parsed file and its problems from a cache file known to be
    /// fresh, with what the loader defers left in the file (and noted to
    /// read after the first frame); none when the cache file cannot give
    /// them.
    fn read_cached(
        &mut self,
        cached: &mut CacheFile,
        cache_file: &Path,
        key: &Key,
    ) -> Option<(Option<Parsed>, Vec<Problem>)> {
        let mut head = cached.head()?;
        let hash = cached.header.hash;
        let entry = |id: &str, source: &str| Entry {
            id: id.to_string(),
            source: source.to_string(),
            cache_file: cache_file.to_path_buf(),
            key: key.clone(),
            hash,
        };
        let lens = head.body_lens();
        let complete = match (&mut head.parsed, lens) {
            (_, None) => false,
            (Some(Parsed::Deck(deck)), _) if self.defer.is_some() => {
                self.decks.push(DeferredDeck {
                    entry: entry(&deck.id, &deck.source),
                });
                true
            }
            (Some(Parsed::Deck(deck)), _) => {
                cached.cards().map(|cards| deck.cards = cards).is_some()
            }
            (Some(Parsed::Chapter(chapter)), Some(lens)) => {
                let range = self.bodies_to_read_now(chapter, &lens);
                let placed = cached
                    .bodies(&lens, range.start, range.len())
                    .is_some_and(|texts| bodies::put(chapter, range.start, texts));
                if placed && range != (0..lens.len()) {
                    chapter.pending_bodies = lens
                        .iter()
                        .enumerate()
                        .map(|(slot, &len)| if range.contains(&slot) { 0 } else { len })
                        .collect();
                    self.chapters.push(DeferredBodies {
                        entry: entry(&chapter.id, &chapter.source),
                        lens,
                        read: range,
                    });
                }
                placed
            }
            _ => true,
        };
        complete.then_some((head.parsed, head.problems))
    }

    /// Which of a chapter's bodies (of these lengths) to read now: those the
    /// first screen shows when bodies are deferred, else all.
    fn bodies_to_read_now(&self, chapter: &Chapter, lens: &[usize]) -> Range<usize> {
        match self.defer {
            Some(defer) if defer.bodies => bodies::first_screen_range(chapter, lens, defer.shown),
            _ => 0..lens.len(),
        }
    }

    /// Parses the bytes and writes the result to the cache file
    /// (best-effort: a cache that cannot be written is only slower).
    fn parse_and_keep(
        &self,
        cache_file: &Path,
        key: Key,
        name: &str,
        bytes: &[u8],
    ) -> (Option<Parsed>, Vec<Problem>) {
        let hash = xxh3_64(bytes);
        let (mut parsed, problems) = parse_bytes(name, bytes);
        if let Ok(encoded) = file::encode(&Header { key, hash }, &mut parsed, &problems) {
            let _ = file::write(self.cache_dir, cache_file, &encoded);
        }
        (parsed, problems)
    }
}

/// The cache file of one content file (named by a hash of its real path).
fn cache_file(cache_dir: &Path, real: &Path) -> PathBuf {
    let hash = xxh3_64(real.as_os_str().as_encoded_bytes());
    cache_dir.join(format!("content-{hash:016x}.bin"))
}

mod counting;
pub use counting::load_dir_for_counting;

#[cfg(test)]
mod tests;
