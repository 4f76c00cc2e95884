//! The benchmark data generator: deterministic, and what it writes loads
//! without errors (chapter, decks, Markdown, review log).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use studyguide::domain::content::{self, Severity};
use studyguide::generate;

#[test]
fn same_seed_gives_same_bytes_and_other_seeds_differ() {
    assert_eq!(
        generate::chapter_toml(7, 900, 50_000),
        generate::chapter_toml(7, 900, 50_000)
    );
    assert_ne!(
        generate::chapter_toml(7, 900, 50_000),
        generate::chapter_toml(8, 900, 50_000)
    );
    assert_eq!(
        generate::deck_files(7, 2_500, 1_000),
        generate::deck_files(7, 2_500, 1_000)
    );
    assert_eq!(
        generate::markdown_file(7, 20_000),
        generate::markdown_file(7, 20_000)
    );
    let ids = generate::deck_card_ids(100, 50);
    let now = generate::reference_time();
    assert_eq!(
        generate::reviews(7, &ids, 500, now),
        generate::reviews(7, &ids, 500, now)
    );
}

#[test]
fn generated_chapter_loads_without_problems_and_has_hundreds_of_parts() {
    let text = generate::chapter_toml(17, 900, 1_000_000);
    assert!(text.len() >= 1_000_000 && text.len() < content::MAX_FILE_BYTES as usize);
    let lib = content::load_files([("gen.toml", text.as_bytes())]);
    assert!(lib.problems.is_empty(), "{:?}", lib.problems.first());
    let ch = &lib.chapters[0];
    let questions: usize = ch.interviews.iter().map(|i| i.questions.len()).sum();
    let insights = ch.insights.as_ref().map_or(0, |i| i.items.len());
    assert!(questions + ch.sections.len() + insights > 300);
}

#[test]
fn generated_decks_load_with_the_ids_the_review_log_uses() {
    let files = generate::deck_files(17, 2_500, 1_000);
    assert_eq!(files.len(), 3);
    let lib = content::load_files(files.iter().map(|(n, t)| (n.as_str(), t.as_bytes())));
    assert!(lib.errors().next().is_none(), "{:?}", lib.problems.first());
    assert!(lib.problems.iter().all(|p| p.severity == Severity::Warning));
    let cards = studyguide::domain::cards::all_cards(&lib);
    assert_eq!(cards.len(), 2_500);
    let mut ids: Vec<String> = cards.into_iter().map(|c| c.id.to_string()).collect();
    let mut expected = generate::deck_card_ids(2_500, 1_000);
    ids.sort();
    expected.sort();
    assert_eq!(ids, expected);
}

#[test]
fn deck_files_stay_under_the_size_limit() {
    let files = generate::deck_files(17, generate::CARDS_PER_FILE, generate::CARDS_PER_FILE);
    assert!(files[0].1.len() < content::MAX_FILE_BYTES as usize);
}

#[test]
fn generated_markdown_lays_out() {
    let md = generate::markdown_file(3, 50_000);
    let lines = studyguide::domain::markdown::layout(&md, 100);
    assert!(lines.len() > 500);
    assert!(lines.iter().all(|l| l.width() <= 100));
}

#[test]
fn review_log_is_ordered_and_batch_append_stores_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ids = generate::deck_card_ids(1_000, 500);
    let log = generate::reviews(5, &ids, 2_000, generate::reference_time());
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at));
    let store =
        studyguide::store::Store::open_at(tmp.path().join("p.sqlite3"), generate::reference_time())
            .expect("store");
    let saved = store.append_reviews(&log).expect("append");
    assert_eq!(saved.len(), 2_000);
    let back = store.reviews().expect("reviews");
    assert_eq!(back.len(), 2_000);
    assert_eq!(back[0].1, log[0]);
}

#[test]
fn partial_layout_then_complete_equals_full_layout() {
    let text = studyguide::generate::chapter_toml(3, 900, 200_000);
    let lib = studyguide::domain::content::load_files([("g.toml", text.as_bytes())]);
    let items = studyguide::domain::document::outline(&lib);
    let full = studyguide::domain::document::Document::build(&items, 0, 70);
    let mut part = studyguide::domain::document::Document::build_upto(&items, 0, 70, Some((0, 50)));
    assert!(part.is_partial());
    assert!(part.lines.len() >= 50 && part.lines.len() < full.lines.len());
    assert_eq!(part.lines[..], full.lines[..part.lines.len()]);
    assert!(part.estimated_len() > part.lines.len());
    part.complete(&items);
    assert!(!part.is_partial());
    assert_eq!(part.lines, full.lines);
    assert_eq!(part.spans, full.spans);
    assert_eq!(part.line_item, full.line_item);
    assert_eq!(part.estimated_len(), full.lines.len());
    // Small chapters are laid out whole at once.
    let small = studyguide::domain::document::Document::build_upto(
        &studyguide::domain::document::outline(&studyguide::domain::content::bundled::load()),
        0,
        70,
        Some((0, 5)),
    );
    assert!(!small.is_partial());
}
