//! Content benchmarks: loading the bundled chapter and each large generated
//! set (fresh TOML parse and through the parsed-content cache), laying the
//! 1 MB chapter out at width 100, and cloze cards (a text of 8,000 gaps
//! refused; one of 100 gaps made into its 100 cards).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use studyguide::domain::content;
use studyguide::domain::document::{Document, outline};
use studyguide::generate;
use studyguide::store::content_cache::load_dir_cached;

fn main() {
    divan::Divan::from_args()
        .sample_count(10)
        .min_time(std::time::Duration::from_secs(2))
        .main();
}

/// The generated sets, written once into a temporary directory kept for
/// the whole run.
struct Sets {
    _dir: tempfile::TempDir,
    sets: generate::Sets,
    cache: PathBuf,
}

static SETS: LazyLock<Sets> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("tempdir");
    let sets = generate::Sets::in_dir(dir.path());
    for (path, text) in sets.files(17) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let cache = dir.path().join("cache");
    Sets {
        _dir: dir,
        sets,
        cache,
    }
});

const SET_NAMES: [&str; 3] = ["chapter_1mb", "deck_10k", "deck_100k"];

fn set_dir(name: &str) -> &'static std::path::Path {
    let sets = &SETS.sets;
    match name {
        "chapter_1mb" => &sets.chapter_dir,
        "deck_10k" => &sets.deck10k_dir,
        _ => &sets.deck100k_dir,
    }
}

mod load {
    use super::*;

    #[divan::bench]
    fn bundled() -> content::Library {
        content::bundled::load()
    }

    #[divan::bench(args = SET_NAMES)]
    fn parse(bencher: Bencher, name: &str) {
        let dir = set_dir(name);
        bencher.bench_local(|| studyguide::store::content_dir::load_dir(dir));
    }

    #[divan::bench(args = SET_NAMES)]
    fn cached(bencher: Bencher, name: &str) {
        let dir = set_dir(name);
        load_dir_cached(dir, &SETS.cache);
        bencher.bench_local(|| load_dir_cached(dir, &SETS.cache));
    }
}

mod layout {
    use super::*;

    fn chapter_1mb() -> content::Library {
        let text = generate::chapter_toml(17, 900, 1_000_000);
        content::load_files([("gen.toml", text.as_bytes())])
    }

    #[divan::bench]
    fn chapter_1mb_w100(bencher: Bencher) {
        let items = outline(&chapter_1mb());
        bencher.bench_local(|| Document::build(&items, 0, 100));
    }

    #[divan::bench]
    fn chapter_1mb_outline(bencher: Bencher) {
        let lib = chapter_1mb();
        bencher.bench_local(|| outline(&lib));
    }
}

/// A deck file with one cloze card of `gaps` gaps, `filler` between them.
fn cloze_deck(gaps: usize, filler: &str) -> String {
    let front: String = (1..=gaps)
        .map(|n| format!("{{{{c{n}::w}}}}{filler}"))
        .collect();
    format!(
        "kind = \"deck\"\nid = \"d\"\ntitle = \"D\"\n\n[[cards]]\nid = \"z\"\nkind = \"cloze\"\nfront = \"{front}\"\n"
    )
}

mod cloze {
    use super::*;

    /// 8,000 gaps in about 100 KB: refused (it was 8,000 cards, 17 s, 935 MB).
    #[divan::bench]
    fn check_8000_gaps_100kb(bencher: Bencher) {
        let refused = cloze_deck(8_000, " x");
        bencher.bench_local(|| content::parse_bytes("d.toml", refused.as_bytes()));
    }

    /// The most gaps allowed: 100 cards made from the gaps found once.
    #[divan::bench]
    fn cards_100_gaps(bencher: Bencher) {
        let allowed = cloze_deck(100, " some words between the gaps");
        let library = content::load_files([("d.toml", allowed.as_bytes())]);
        bencher.bench_local(|| studyguide::domain::cards::all_cards(&library));
    }
}
