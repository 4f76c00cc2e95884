//! Writes the large benchmark sets (1 MB chapter, 10k and 100k card decks,
//! 1 MB Markdown file, a store of 100k reviews, and the importers' inputs:
//! 50k Anki notes and a 5 MB Markdown chapter, and two devices of 20k
//! reviews each for the sync) into a directory:
//! `cargo run --release --example generate -- DIR [SEED]`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/common/sync_set.rs"]
mod sync_set;

use std::path::PathBuf;

use anyhow::Context;
use studyguide::domain::schedule::{Scheduler, SchedulerConfig};
use studyguide::generate::{self, CARDS_PER_FILE};
use studyguide::store::Store;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let dir = PathBuf::from(args.next().context("usage: generate DIR [SEED]")?);
    let seed = match args.next() {
        Some(s) => s
            .to_str()
            .and_then(|s| s.parse().ok())
            .context("SEED must be a whole number")?,
        None => 17,
    };
    let sets = generate::Sets::in_dir(&dir);
    for (path, text) in sets.files(seed) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
    }
    println!("{sets:#?}");
    // A data directory whose store holds 100,000 reviews of the 100k deck,
    // as the app leaves it after its first start.
    let data = dir.join("data-100k");
    std::fs::create_dir_all(&data)?;
    let store_path = studyguide::cli::context::store_path(&data);
    if !store_path.exists() {
        let ids = generate::deck_card_ids(100_000, CARDS_PER_FILE);
        let log = generate::reviews(seed, &ids, 100_000, generate::reference_time());
        let mut store = Store::open_at(&store_path, generate::reference_time())?;
        store.append_reviews(&log)?;
        store.keep_card_states(&Scheduler::new(SchedulerConfig::default()));
        store.rebuild_card_states()?;
    }
    println!("data_100k: {}", data.display());
    let sync = sync_set::write_sync_set(&dir, seed)?;
    println!("{sync:#?}");
    Ok(())
}
