//! What [`super::load_dir_deferred`] leaves in the cache files for right
//! after the first frame: a deck file's cards, and a big chapter's bodies
//! beyond those the first screen shows. [`DeferredContent::read`] reads
//! them (I/O), [`ReadContent::apply`] puts them in place (pure).

use std::ops::Range;
use std::path::PathBuf;

use super::file::CacheFile;
use super::{Key, load_dir_cached};
use crate::domain::content::parse::cross_check;
use crate::domain::content::{CardSpec, Library, bodies};

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

/// Bodies of a chapter one after another, from the slot numbered first.
pub type BodyRun = (usize, Vec<String>);

/// What [`DeferredContent::read`] read, to be put in place.
#[derive(Debug, Clone)]
pub enum ReadContent {
    /// Each deck's cards, by deck id and source, and each chapter's bodies
    /// left out (runs of them, each from its first slot), by chapter id and
    /// source.
    Parts {
        decks: Vec<(String, String, Vec<CardSpec>)>,
        bodies: Vec<(String, String, Vec<BodyRun>)>,
    },
    /// A cache file changed or broke in between: the whole directory was
    /// loaded again, and its decks' cards and its problems are taken (and
    /// its chapters, when some were left incomplete).
    Reloaded(Library),
}

impl DeferredContent {
    /// Reads what was left out (I/O). When a cache file no longer holds
    /// what the first read saw, the directory is loaded again.
    pub fn read(self) -> ReadContent {
        let reload = || ReadContent::Reloaded(load_dir_cached(&self.dir, &self.cache_dir).0);
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
        ReadContent::Parts {
            decks,
            bodies: read,
        }
    }
}

impl ReadContent {
    /// Puts the cards in their decks and the bodies in their chapters, and
    /// runs the checks across files (pure: no I/O).
    pub fn apply(self, library: &mut Library) {
        match self {
            ReadContent::Parts { decks, bodies } => {
                for (id, source, cards) in decks {
                    if let Some(deck) = library
                        .decks
                        .iter_mut()
                        .find(|d| d.id == id && d.source == source)
                    {
                        deck.cards = cards;
                    }
                }
                for (id, source, runs) in bodies {
                    if let Some(chapter) = library
                        .chapters
                        .iter_mut()
                        .find(|c| c.id == id && c.source == source)
                    {
                        for (first, texts) in runs {
                            bodies::put(chapter, first, texts);
                        }
                        chapter.pending_bodies.clear();
                    }
                }
                cross_check(library);
            }
            ReadContent::Reloaded(fresh) => {
                for fresh_deck in fresh.decks {
                    if let Some(deck) = library
                        .decks
                        .iter_mut()
                        .find(|d| d.id == fresh_deck.id && d.source == fresh_deck.source)
                    {
                        deck.cards = fresh_deck.cards;
                    }
                }
                if library
                    .chapters
                    .iter()
                    .any(|c| !c.pending_bodies.is_empty())
                {
                    library.chapters = fresh.chapters;
                }
                library.problems = fresh.problems;
            }
        }
    }
}
