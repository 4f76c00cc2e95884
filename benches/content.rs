//! Content benchmarks: loading the bundled chapter and each large generated
//! set (fresh TOML parse and through the parsed-content cache), and laying
//! the 1 MB chapter out at width 100.
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

criterion_group! {
    name = benches;
    config = config();
    targets = loading, layout
}
criterion_main!(benches);
