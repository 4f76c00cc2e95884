//! A content directory loaded for counting (`due`, `stats`): like
//! [`super::load_dir_cached`], but a deck's cards found in the cache come
//! without their texts ([`CountingSpec`]): at 100,000 cards, 17 MB of text
//! neither command shows is neither decoded nor held. Files not in the cache
//! are parsed whole, as always.

use std::path::Path;

use super::{CacheStats, DeferredContent, load_decks_deferred, load_dir_cached};
use crate::domain::content::counting_spec::CountingSpec;
use crate::domain::content::deferred::DeferredParts;
use crate::domain::content::{CardSpec, Library};

/// Loads `dir` through the cache in `cache_dir`, deck cards without their
/// texts; the problems (and the checks across files) are those of a whole
/// load.
pub fn load_dir_for_counting(dir: &Path, cache_dir: &Path) -> (Library, CacheStats) {
    let (mut library, deferred, stats) = load_decks_deferred(dir, cache_dir);
    let Some(deferred) = deferred else {
        // nothing was left in the cache: the library is whole and checked
        return (library, stats);
    };
    match read_counting(&deferred) {
        Some(decks) => {
            // put in place (and checked across files) as a whole read's are
            DeferredParts::Parts {
                decks,
                bodies: Vec::new(),
            }
            .apply(&mut library);
            (library, stats)
        }
        // a cache file changed in between: a whole load
        None => load_dir_cached(dir, cache_dir),
    }
}

/// Each deferred deck's cards without their texts; `None` when a cache file
/// no longer holds what the first read saw.
fn read_counting(deferred: &DeferredContent) -> Option<Vec<(String, String, Vec<CardSpec>)>> {
    let mut decks = Vec::with_capacity(deferred.decks.len());
    let mut buffer = Vec::new();
    for deck in &deferred.decks {
        let entry = &deck.entry;
        let cards: Vec<CountingSpec> = entry.open().and_then(|mut f| f.cards_from(&mut buffer))?;
        let cards = cards.into_iter().map(|c| c.0).collect();
        decks.push((entry.id.clone(), entry.source.clone(), cards));
    }
    Some(decks)
}
