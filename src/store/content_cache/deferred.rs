//! What [`super::load_dir_deferred`] leaves in the cache files for right
//! after the first frame: a deck file's cards, and a big chapter's bodies
//! beyond those the first screen shows. [`DeferredContent::read`] reads
//! them (I/O); `domain::content::deferred` puts them in place (pure).

use std::ops::Range;
use std::path::PathBuf;

use super::file::CacheFile;
use super::{Key, load_dir_cached};
use crate::domain::content::deferred::DeferredParts;

/// Deck cards and chapter bodies left in the cache files.
pub struct DeferredContent {
    pub(super) dir: PathBuf,
    pub(super) cache_dir: PathBuf,
    pub(super) decks: Vec<DeferredDeck>,
    pub(super) chapters: Vec<DeferredBodies>,
}

/// Where one file's left-out part is, and what the file held when the
/// rest was read.
pub(super) struct Entry {
    pub id: String,
    pub source: String,
    pub cache_file: PathBuf,
    pub key: Key,
    pub hash: u64,
}

impl Entry {
    /// The cache file, when it still holds what the first read saw.
    pub fn open(&self) -> Option<CacheFile> {
        CacheFile::open(&self.cache_file)
            .filter(|f| f.header.key == self.key && f.header.hash == self.hash)
    }
}

/// One deck's cards still in its cache file.
pub(super) struct DeferredDeck {
    pub entry: Entry,
}

/// A chapter's bodies outside `read` (those read before the first frame),
/// still in its cache file (`lens`: every body's length, as its head gives
/// them).
pub(super) struct DeferredBodies {
    pub entry: Entry,
    pub lens: Vec<usize>,
    pub read: Range<usize>,
}

impl DeferredContent {
    /// Reads what was left out (I/O). When a cache file no longer holds
    /// what the first read saw, the directory is loaded again.
    pub fn read(self) -> DeferredParts {
        let reload = || DeferredParts::Reloaded(load_dir_cached(&self.dir, &self.cache_dir).0);
        let mut decks = Vec::with_capacity(self.decks.len());
        for DeferredDeck { entry } in &self.decks {
            match entry.open().and_then(|mut f| f.cards()) {
                Some(cards) => decks.push((entry.id.clone(), entry.source.clone(), cards)),
                None => return reload(),
            }
        }
        let mut read = Vec::with_capacity(self.chapters.len());
        for chapter in &self.chapters {
            let (lens, done) = (&chapter.lens, &chapter.read);
            let runs = [0..done.start, done.end..lens.len()];
            let texts = chapter.entry.open().and_then(|mut f| {
                runs.iter()
                    .map(|run| Some((run.start, f.bodies(lens, run.start, run.len())?)))
                    .collect::<Option<Vec<_>>>()
            });
            match texts {
                Some(texts) => read.push((
                    chapter.entry.id.clone(),
                    chapter.entry.source.clone(),
                    texts,
                )),
                None => return reload(),
            }
        }
        DeferredParts::Parts {
            decks,
            bodies: read,
        }
    }
}
