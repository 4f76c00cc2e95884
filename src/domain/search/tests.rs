//! Tests of search: Unicode folding, several matches per line, columns after
//! wrapping at several widths, the index over the bundled chapter, snippets.

use proptest::prelude::*;

use super::*;
use crate::domain::markdown;
use crate::domain::text::width::width as text_width;

/// The text of `line` between display columns `start` and `end`.
fn columns(line: &str, start: usize, end: usize) -> String {
    let mut col = 0;
    let mut out = String::new();
    for g in unicode_segmentation::UnicodeSegmentation::graphemes(line, true) {
        if col >= start && col < end {
            out.push_str(g);
        }
        col += grapheme_width(g);
    }
    out
}

#[test]
fn unicode_queries_fold_accents_and_find_cjk_and_emoji() {
    let text = "Résumé: 日本語の面接 🎉 party, RESUME again 🎉";
    let hits = find_columns(text, &fold("resume"));
    assert_eq!(hits.len(), 2);
    assert_eq!(columns(text, hits[0].0, hits[0].1), "Résumé");
    assert_eq!(columns(text, hits[1].0, hits[1].1), "RESUME");
    let cjk = find_columns(text, &fold("面接"));
    assert_eq!(cjk.len(), 1);
    assert_eq!(cjk[0].1 - cjk[0].0, 4, "two wide chars take four columns");
    assert_eq!(columns(text, cjk[0].0, cjk[0].1), "面接");
    let party = find_columns(text, "🎉");
    assert_eq!(party.len(), 2);
    assert_eq!(columns(text, party[1].0, party[1].1), "🎉");
}

#[test]
fn several_matches_on_one_line_are_all_found() {
    let hits = find_columns("prep, Prep and PREPARATION", "prep");
    assert_eq!(hits, vec![(0, 4), (6, 10), (15, 19)]);
}

#[test]
fn columns_after_wrapping_point_at_the_match_at_every_width() {
    let md = "Préparation matters. We prepared 準備 for every interview, \
              and PREP work (prép!) paid off: prep, prep, prep. 🎉 Prepare again.";
    let query = fold("prep");
    for width in [30, 57, 80, 7] {
        let mut found = 0;
        for line in markdown::layout(md, width) {
            let plain = line.plain();
            let line_width = text_width(&plain);
            for (start, end) in find_columns(&plain, &query) {
                assert!(
                    start < end && end <= line_width,
                    "{width}: {start}..{end} in {plain:?}"
                );
                assert_eq!(
                    fold(&columns(&plain, start, end)),
                    query,
                    "{width}: {plain:?}"
                );
                found += 1;
            }
        }
        // a match may be split by a wrap only at tiny widths
        if width >= 30 {
            assert_eq!(found, 8, "width {width}");
        }
    }
}

#[test]
fn index_finds_titles_and_bodies_of_items_and_cards() {
    let library = crate::domain::content::bundled::load();
    let outline = crate::domain::document::outline(&library);
    let cards = crate::domain::cards::all_cards(&library);
    let index = SearchIndex::build(&library, &outline, &cards);
    let results = index.search("PRÉP", MAX_RESULTS);
    assert_eq!(results.query, "prep");
    assert!(results.total_matches >= results.hits.len());
    assert!(!results.hits.is_empty());
    for hit in &results.hits {
        let text = index.line_text(hit.line);
        for r in &hit.ranges {
            assert_eq!(fold(text.get(r.clone()).unwrap()), "prep");
        }
    }
    let docs: Vec<&IndexedDoc> = results
        .hits
        .iter()
        .filter_map(|h| index.doc(h.doc))
        .collect();
    assert!(docs.iter().any(|d| d.in_reader));
    assert!(docs.iter().any(|d| d.part.starts_with("Card: ")));
    assert!(docs.iter().all(|d| d.chapter == "Ch 17"));
    assert!(index.search("   ", 10).hits.is_empty());
    assert_eq!(index.search("zzqqxx", 10).total_matches, 0);
}

#[test]
fn search_counts_everything_but_keeps_the_limit() {
    let library = crate::domain::content::bundled::load();
    let outline = crate::domain::document::outline(&library);
    let index = SearchIndex::build(&library, &outline, &[]);
    let all = index.search("e", usize::MAX);
    let few = index.search("e", 3);
    assert_eq!(few.hits.len(), 3);
    assert_eq!(few.total_matches, all.total_matches);
    assert_eq!(few.total_places, all.hits.len());
    assert_eq!(few.hits[..], all.hits[..3]);
}

#[test]
fn plain_lines_drop_markup() {
    let lines = plain_lines("## Title\n\nSome **bold** and `code`\nwrapped.\n\n- one\n- two");
    assert_eq!(
        lines,
        ["Title", "Some bold and code wrapped.", "one", "two"]
    );
}

#[test]
#[allow(clippy::single_range_in_vec_init)]
fn snippet_shows_the_match_within_the_width() {
    let text = "a long introduction that goes on and on before the word prep appears here and then it goes on";
    let at = text.find("prep").unwrap_or(0);
    let pieces = snippet(text, &[at..at + 4], 30);
    let joined: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
    assert!(markdown::display_width(&joined) <= 30, "{joined}");
    assert!(joined.starts_with('…') && joined.ends_with('…'), "{joined}");
    assert!(pieces.contains(&("prep".to_string(), true)));
    let short = snippet("prep 面接", &[0..4], 30);
    assert_eq!(short, vec![("prep".into(), true), (" 面接".into(), false)]);
    let wide = snippet("面接面接面接面接面接 prep", &[31..35], 9);
    let joined: String = wide.iter().map(|(t, _)| t.as_str()).collect();
    assert!(markdown::display_width(&joined) <= 9, "{joined}");
    assert!(wide.contains(&("prep".to_string(), true)), "{wide:?}");
}

proptest! {
    #[test]
    fn hits_are_inside_lines_and_on_char_boundaries(
        text in "(\\PC|[éÉeE]|ß|面|🎉|e\u{301}){0,60}",
        query in "(\\PC|[éÉeE]|ß|面|🎉){1,3}",
    ) {
        let folded_query = fold(&query);
        let folded = Folded::new(&text);
        for r in folded.find(&text, &folded_query) {
            prop_assert!(r.start < r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        let width = text_width(&text);
        for (start, end) in find_columns(&text, &folded_query) {
            prop_assert!(start < end && end <= width, "{start}..{end} of {width}");
        }
        for piece_width in [1usize, 5, 20] {
            let cut: String = snippet(&text, &[], piece_width).into_iter().map(|(t, _)| t).collect();
            prop_assert!(text_width(&cut) <= piece_width);
        }
    }
}

#[test]
fn every_word_must_be_in_the_place_in_any_order() {
    let deck = "kind = \"deck\"\nid = \"d\"\ntitle = \"Words\"\n\
        [[cards]]\nid = \"a\"\nfront = \"Only the company here\"\nback = \"nothing else\"\n\
        [[cards]]\nid = \"b\"\nfront = \"Only research here\"\nback = \"nothing else\"\n\
        [[cards]]\nid = \"c\"\nfront = \"Research first\"\nback = \"then the company\"\n\
        [[cards]]\nid = \"e\"\nfront = \"Problem-solving counts\"\nback = \"x\"\n";
    let library = crate::domain::content::load_files([("d.toml", deck.as_bytes())]);
    let cards = crate::domain::cards::all_cards(&library);
    let index = SearchIndex::build(&library, &[], &cards);
    let parts = |query: &str| -> Vec<String> {
        index
            .search(query, MAX_RESULTS)
            .hits
            .iter()
            .filter_map(|h| index.doc(h.doc).map(|d| d.part.clone()))
            .collect()
    };
    assert_eq!(parts("company research"), ["Card: Research first"]);
    assert_eq!(parts("research company"), ["Card: Research first"]);
    assert_eq!(parts("company").len(), 2);
    // one hit per place, on its line with the most words
    let results = index.search("research company", MAX_RESULTS);
    assert_eq!(results.total_places, 1);
    assert_eq!(results.total_matches, 2);
    // hyphens and spaces are the same, both ways
    assert_eq!(parts("problem solving"), ["Card: Problem-solving counts"]);
    assert_eq!(parts("problem-solving"), ["Card: Problem-solving counts"]);
    assert!(parts("company zebra").is_empty());
}
