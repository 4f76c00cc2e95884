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
//! A deck file's cards are stored after the rest, so start-up can show the
//! first screen from the chapters and deck names and read the cards right
//! after ([`load_dir_deferred`], [`DeferredCards`]).

use std::borrow::Cow;
use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::domain::content::parse::{Parsed, cross_check, order, parse_bytes};
use crate::domain::content::{CardSpec, Library, Problem, bundled};
use crate::store::content_dir::{ContentFile, read_dir_with};

/// Starts every cache file; the version changes whenever the model or this
/// format does (the crate version is part of the key too).
const MAGIC: &[u8; 8] = b"SGCACHE3";

/// A file changed this close (in nanoseconds) to when its cache entry was
/// written may have changed again within the same time stamp: its bytes are
/// hashed to be sure. Far longer than any file system's time stamp tick.
const RACY_NS: i128 = 2_000_000_000;

/// The most a cache file's header may take (a longer one is foreign).
const MAX_HEADER: u32 = 1 << 20;

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

/// The first part of a cache file: the key and the hash of the bytes.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    key: Key,
    hash: u64,
}

/// What was parsed from the file, a deck's cards left out (they follow).
#[derive(Debug, Serialize, Deserialize)]
struct Head {
    parsed: Option<Parsed>,
    problems: Vec<Problem>,
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
    let (mut library, deferred, stats) = load(dir, cache_dir, false);
    match deferred {
        Some(deferred) => deferred.read().apply(&mut library),
        None => cross_check(&mut library),
    }
    (library, stats)
}

/// [`load_dir_cached`] for a quick first screen: the cards of deck files
/// found in the cache are left out (their decks are there, with no cards),
/// and so are the checks across files. Both come with
/// [`DeferredCards::read`] then [`ReadCards::apply`]; with nothing left
/// out, the library is complete and there is no `DeferredCards`.
pub fn load_dir_deferred(
    dir: &Path,
    cache_dir: &Path,
) -> (Library, Option<DeferredCards>, CacheStats) {
    let (mut library, deferred, stats) = load(dir, cache_dir, true);
    if deferred.is_none() {
        cross_check(&mut library);
    }
    (library, deferred, stats)
}

/// Deck cards left in the cache files by [`load_dir_deferred`].
pub struct DeferredCards {
    dir: PathBuf,
    cache_dir: PathBuf,
    decks: Vec<DeferredDeck>,
}

/// One deck's cards still in its cache file.
struct DeferredDeck {
    deck_id: String,
    source: String,
    cache_file: PathBuf,
    key: Key,
    hash: u64,
}

/// The deck cards read by [`DeferredCards::read`], to be put in place.
#[derive(Debug, Clone)]
pub enum ReadCards {
    /// Each deck's cards, by deck id and source.
    Decks(Vec<(String, String, Vec<CardSpec>)>),
    /// A cache file changed or broke in between: the whole directory was
    /// loaded again, and its decks' cards and its problems are taken.
    Reloaded(Library),
}

impl DeferredCards {
    /// Reads the cards left out (I/O). When a cache file no longer holds
    /// what the first read saw, the directory is loaded again.
    pub fn read(self) -> ReadCards {
        let mut decks = Vec::with_capacity(self.decks.len());
        for deck in self.decks {
            let cards = CacheFile::open(&deck.cache_file)
                .filter(|f| f.header.key == deck.key && f.header.hash == deck.hash)
                .and_then(|mut f| f.cards());
            match cards {
                Some(cards) => decks.push((deck.deck_id, deck.source, cards)),
                None => return ReadCards::Reloaded(load_dir_cached(&self.dir, &self.cache_dir).0),
            }
        }
        ReadCards::Decks(decks)
    }
}

impl ReadCards {
    /// Puts the cards in their decks and runs the checks across files
    /// (pure: no I/O).
    pub fn apply(self, library: &mut Library) {
        match self {
            ReadCards::Decks(decks) => {
                for (id, source, cards) in decks {
                    if let Some(deck) = library
                        .decks
                        .iter_mut()
                        .find(|d| d.id == id && d.source == source)
                    {
                        deck.cards = cards;
                    }
                }
                cross_check(library);
            }
            ReadCards::Reloaded(fresh) => {
                for fresh_deck in fresh.decks {
                    if let Some(deck) = library
                        .decks
                        .iter_mut()
                        .find(|d| d.id == fresh_deck.id && d.source == fresh_deck.source)
                    {
                        deck.cards = fresh_deck.cards;
                    }
                }
                library.problems = fresh.problems;
            }
        }
    }
}

/// Loads the directory; with `defer`, a deck's cards found in the cache are
/// left there. The checks across files are not run.
fn load(dir: &Path, cache_dir: &Path, defer: bool) -> (Library, Option<DeferredCards>, CacheStats) {
    let mut loader = Loader {
        cache_dir,
        defer,
        stats: CacheStats::default(),
        deferred: Vec::new(),
    };
    let (parsed, problems) = read_dir_with(dir, |file| {
        let key = Key::of(file);
        let cache_file = cache_file(cache_dir, file.real);
        loader.file(&cache_file, key, file.name, || file.read().map(Cow::Owned))
    });
    let library = order(parsed, problems);
    let deferred = (!loader.deferred.is_empty()).then(|| DeferredCards {
        dir: dir.to_path_buf(),
        cache_dir: cache_dir.to_path_buf(),
        decks: loader.deferred,
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
        defer: false,
        stats: CacheStats::default(),
        deferred: Vec::new(),
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
    defer: bool,
    stats: CacheStats,
    deferred: Vec<DeferredDeck>,
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
                self.stats.hashed += 1;
                let now = nanos(SystemTime::now());
                let got = match read.take() {
                    Some(read) => read()?,
                    None => Cow::Borrowed(&[][..]),
                };
                let same = xxh3_64(&got) == cached.header.hash;
                if same && key.ctime_ns.zip(now).is_some_and(|(c, n)| c + RACY_NS < n) {
                    // Verified after the racy window: later starts trust the metadata.
                    cached.mark_verified();
                }
                bytes = Some(got);
                same
            } else {
                true
            };
            if let Some(mut head) = fresh.then(|| cached.head()).flatten() {
                let complete = match &mut head.parsed {
                    Some(Parsed::Deck(deck)) if self.defer => {
                        self.deferred.push(DeferredDeck {
                            deck_id: deck.id.clone(),
                            source: deck.source.clone(),
                            cache_file: cache_file.to_path_buf(),
                            key: key.clone(),
                            hash: cached.header.hash,
                        });
                        true
                    }
                    Some(Parsed::Deck(deck)) => {
                        cached.cards().map(|cards| deck.cards = cards).is_some()
                    }
                    _ => true,
                };
                if complete {
                    self.stats.hits += 1;
                    return Ok((head.parsed, head.problems));
                }
            }
        }
        self.stats.misses += 1;
        let bytes = match (bytes, read) {
            (Some(bytes), _) => bytes,
            (None, Some(read)) => read()?,
            (None, None) => Cow::Borrowed(&[][..]),
        };
        let hash = xxh3_64(&bytes);
        let (parsed, problems) = parse_bytes(name, &bytes);
        let mut head = Head { parsed, problems };
        // Best-effort: a cache that cannot be written is only slower.
        let _ = write_cache_file(self.cache_dir, cache_file, &Header { key, hash }, &mut head);
        Ok((head.parsed, head.problems))
    }
}

/// The cache file of one content file (named by a hash of its real path).
fn cache_file(cache_dir: &Path, real: &Path) -> PathBuf {
    let hash = xxh3_64(real.as_os_str().as_encoded_bytes());
    cache_dir.join(format!("content-{hash:016x}.bin"))
}

/// An open cache file whose header has been read. Layout: `MAGIC`, the
/// header's length (u32 LE) and the header, the head's length (u64 LE) and
/// the head, then a deck's cards to the end.
struct CacheFile {
    file: File,
    path: PathBuf,
    len: u64,
    /// Where the head's length stands.
    head_at: u64,
    header: Header,
    /// When the entry was written or last verified (the file's mtime).
    verified_ns: Option<i128>,
}

impl CacheFile {
    fn open(path: &Path) -> Option<CacheFile> {
        let mut file = File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        let mut start = [0u8; 12];
        file.read_exact(&mut start).ok()?;
        let (magic, header_len) = start.split_at(8);
        if magic != MAGIC.as_slice() {
            return None;
        }
        let header_len = u32::from_le_bytes(header_len.try_into().ok()?);
        if header_len > MAX_HEADER || u64::from(header_len) + 12 > meta.len() {
            return None;
        }
        let header = read_exactly(&mut file, u64::from(header_len))?;
        let header: Header = postcard::from_bytes(&header).ok()?;
        Some(CacheFile {
            file,
            path: path.to_path_buf(),
            len: meta.len(),
            head_at: 12 + u64::from(header_len),
            header,
            verified_ns: meta.modified().ok().and_then(nanos),
        })
    }

    /// The parsed file, a deck's cards left out (reads on from the header).
    fn head(&mut self) -> Option<Head> {
        let mut len = [0u8; 8];
        self.file.read_exact(&mut len).ok()?;
        let len = u64::from_le_bytes(len);
        let at = self.head_at.checked_add(8)?;
        (at.checked_add(len)? <= self.len).then_some(())?;
        decode_part(&mut self.file, at, len)
    }

    /// A deck's cards (from the head's end to the end of the file).
    fn cards(&mut self) -> Option<Vec<CardSpec>> {
        self.cards_as()
    }

    /// A deck's cards read as `T` (a [`CardSpec`], or a reading of one
    /// that passes over parts of it).
    fn cards_as<T: serde::de::DeserializeOwned>(&mut self) -> Option<Vec<T>> {
        self.file.seek(SeekFrom::Start(self.head_at)).ok()?;
        let mut len = [0u8; 8];
        self.file.read_exact(&mut len).ok()?;
        let cards_at = self
            .head_at
            .checked_add(8)?
            .checked_add(u64::from_le_bytes(len))?;
        let rest = self.len.checked_sub(cards_at)?;
        decode_part::<ExactVec<T>>(&mut self.file, cards_at, rest).map(|cards| cards.0)
    }

    /// Records that the entry was verified now (best-effort).
    fn mark_verified(&self) {
        if let Ok(file) = File::options().write(true).open(&self.path) {
            let _ = file.set_modified(SystemTime::now());
        }
    }
}

/// A list decoded at its stored length: serde's own `Vec` starts at a
/// guarded size (8,192 cards) and doubles, which leaves a 20,000-card deck
/// in room for 32,768 (7 MB unused at 100,000 cards, all held at once while
/// the cards are made). Capped for a damaged length: a content file over
/// 4 MiB is refused, so no deck holds as many cards.
struct ExactVec<T>(Vec<T>);

/// The most room made at once for a deck's cards.
const MOST_CARDS_AT_ONCE: usize = 1 << 18;

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ExactVec<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Elements<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Elements<T> {
            type Value = ExactVec<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ExactVec<T>, A::Error> {
                let room = seq.size_hint().unwrap_or(0).min(MOST_CARDS_AT_ONCE);
                let mut out = Vec::with_capacity(room);
                while let Some(element) = seq.next_element()? {
                    out.push(element);
                }
                Ok(ExactVec(out))
            }
        }
        deserializer.deserialize_seq(Elements(std::marker::PhantomData))
    }
}

/// The bytes of a streamed decode's largest string: a text longer than
/// this is decoded from the part read whole instead.
const STREAM_SCRATCH: usize = 256 * 1024;

/// Decodes the `len` bytes at `at`, streamed through a small buffer so the
/// part is not held whole besides what it decodes to (for a big chapter,
/// megabytes of fresh memory the first frame waits for); when a string
/// outgrows the buffer, from the part read whole.
fn decode_part<T: serde::de::DeserializeOwned>(file: &mut File, at: u64, len: u64) -> Option<T> {
    file.seek(SeekFrom::Start(at)).ok()?;
    let mut scratch = vec![0u8; STREAM_SCRATCH];
    let reader =
        std::io::BufReader::with_capacity(64 * 1024, std::io::Read::by_ref(file).take(len));
    if let Ok((value, _)) = postcard::from_io::<T, _>((reader, &mut scratch)) {
        return Some(value);
    }
    file.seek(SeekFrom::Start(at)).ok()?;
    let bytes = read_exactly(file, len)?;
    postcard::from_bytes(&bytes).ok()
}

/// Exactly `len` bytes from where `file` stands, or nothing.
fn read_exactly(file: &mut File, len: u64) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(usize::try_from(len).ok()?);
    file.take(len).read_to_end(&mut out).ok()?;
    (out.len() as u64 == len).then_some(out)
}

/// Writes one cache file (a temporary file renamed into place). A deck's
/// cards are written after the head; `head` is left as it was.
fn write_cache_file(
    cache_dir: &Path,
    file: &Path,
    header: &Header,
    head: &mut Head,
) -> anyhow::Result<()> {
    crate::store::create_private_dir(cache_dir)?;
    let cards = match &mut head.parsed {
        Some(Parsed::Deck(deck)) => std::mem::take(&mut deck.cards),
        _ => Vec::new(),
    };
    let encoded = (|| -> anyhow::Result<Vec<u8>> {
        let header = postcard::to_stdvec(header)?;
        let head_bytes = postcard::to_stdvec(&*head)?;
        let mut bytes = MAGIC.to_vec();
        bytes.extend(u32::try_from(header.len())?.to_le_bytes());
        bytes.extend(header);
        bytes.extend((head_bytes.len() as u64).to_le_bytes());
        bytes.extend(head_bytes);
        bytes.extend(postcard::to_stdvec(&cards)?);
        Ok(bytes)
    })();
    if let Some(Parsed::Deck(deck)) = &mut head.parsed {
        deck.cards = cards;
    }
    let bytes = encoded?;
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    let mut out = File::create(&tmp)?;
    out.write_all(&bytes)?;
    drop(out);
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(())
}

mod counting;
pub use counting::load_dir_for_counting;

#[cfg(test)]
mod tests;
