//! What start-up leaves in the parsed-content cache until after the first
//! frame (a deck file's cards, a big chapter's bodies beyond the first
//! screen), once the store has read it: [`DeferredParts`], and putting it in
//! place in the library ([`DeferredParts::apply`]). Pure: the reading is
//! `store::content_cache`'s.

use super::parse::cross_check;
use super::{CardSpec, Library, bodies};

/// Bodies of a chapter one after another, from the slot numbered first.
pub type BodyRun = (usize, Vec<String>);

/// What was left in the cache files, read, to be put in place.
#[derive(Debug, Clone)]
pub enum DeferredParts {
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

impl DeferredParts {
    /// Puts the cards in their decks and the bodies in their chapters, and
    /// runs the checks across files (pure: no I/O).
    pub fn apply(self, library: &mut Library) {
        match self {
            DeferredParts::Parts { decks, bodies } => {
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
            DeferredParts::Reloaded(fresh) => {
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
