//! Content benchmarks: loading the bundled chapter and each large generated
//! set (fresh TOML parse and through the parsed-content cache), laying the
//! 1 MB chapter out at width 100, and cloze cards (a text of 8,000 gaps
//! refused; one of 100 gaps made into its 100 cards).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use studyguide::domain::content;
use studyguide::domain::document::{Document, outline};
use studyguide::generate;
use studyguide::store::content_cache::load_dir_cached;

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
}

fn loading(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let sets = generate::Sets::in_dir(tmp.path());
    for (path, text) in sets.files(17) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let cache = tmp.path().join("cache");
    c.bench_function("load/bundled", |b| b.iter(content::bundled::load));
    for (name, dir) in [
        ("chapter_1mb", &sets.chapter_dir),
        ("deck_10k", &sets.deck10k_dir),
        ("deck_100k", &sets.deck100k_dir),
    ] {
        c.bench_function(&format!("load/{name}/parse"), |b| {
            b.iter(|| studyguide::store::content_dir::load_dir(dir))
        });
        load_dir_cached(dir, &cache);
        c.bench_function(&format!("load/{name}/cached"), |b| {
            b.iter(|| load_dir_cached(dir, &cache))
        });
    }
}

fn layout(c: &mut Criterion) {
    let text = generate::chapter_toml(17, 900, 1_000_000);
    let lib = content::load_files([("gen.toml", text.as_bytes())]);
    let items = outline(&lib);
    c.bench_function("layout/chapter_1mb/w100", |b| {
        b.iter(|| Document::build(&items, 0, 100))
    });
    c.bench_function("layout/chapter_1mb/outline", |b| b.iter(|| outline(&lib)));
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

fn cloze(c: &mut Criterion) {
    // 8,000 gaps in about 100 KB: refused (it was 8,000 cards, 17 s, 935 MB)
    let refused = cloze_deck(8_000, " x");
    c.bench_function("cloze/check_8000_gaps_100kb", |b| {
        b.iter(|| content::parse_bytes("d.toml", refused.as_bytes()))
    });
    // the most gaps allowed: 100 cards made from the gaps found once
    let allowed = cloze_deck(100, " some words between the gaps");
    let library = content::load_files([("d.toml", allowed.as_bytes())]);
    c.bench_function("cloze/cards_100_gaps", |b| {
        b.iter(|| studyguide::domain::cards::all_cards(&library))
    });
}

criterion_group! {
    name = benches;
    config = config();
    targets = loading, layout, cloze
}
criterion_main!(benches);
