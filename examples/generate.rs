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
    let sets = studyguide::generate::write_sets(&dir, seed)?;
    println!("{sets:#?}");
    let sync = sync_set::write_sync_set(&dir, seed)?;
    println!("{sync:#?}");
    Ok(())
}
