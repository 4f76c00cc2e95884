//! Quick jump: the titles of chapters, sections, questions, insights and cards,
//! ranked against a fuzzy query with `nucleo-matcher` (best first, ties in
//! content order). Pure; knows nothing of the terminal.

use std::collections::HashSet;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::domain::cards::Card;
use crate::domain::content::Library;
use crate::domain::document::{ItemKind, OutlineItem};
use crate::domain::search::{Target, fold, plain_lines};

/// Most entries kept per query (the total counts all).
pub const MAX_ENTRIES: usize = 200;

/// Something to jump to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JumpEntry {
    pub title: String,
    /// What it is: "chapter", "section", "question", "insight", "card".
    pub kind: &'static str,
    /// "Ch 17", or a deck's title.
    pub chapter: String,
    pub target: Target,
}

/// An entry that matched, with the matched positions (grapheme indices of the title).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub entry: usize,
    pub score: u32,
    pub indices: Vec<u32>,
}

fn kind_name(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Chapter => "chapter",
        ItemKind::Section => "section",
        ItemKind::Interview => "interview",
        ItemKind::Question => "question",
        ItemKind::Insights => "insights",
        ItemKind::Insight => "insight",
    }
}

/// Every outline item, then every card not already an outline item (derived
/// cards share their item's id and title).
pub fn entries(library: &Library, outline: &[OutlineItem], cards: &[Card]) -> Vec<JumpEntry> {
    let label = |chapter: usize| library.chapter_label(chapter);
    let mut out: Vec<JumpEntry> = outline
        .iter()
        .enumerate()
        .map(|(n, item)| JumpEntry {
            title: item.title_with_speaker(),
            kind: kind_name(item.kind),
            chapter: label(item.chapter),
            target: Target::Item(n),
        })
        .collect();
    let ids: HashSet<&str> = outline.iter().map(|i| i.id.as_str()).collect();
    for (n, card) in cards
        .iter()
        .enumerate()
        .filter(|(_, c)| !ids.contains(c.id.as_str()))
    {
        let chapter_item = library.chapter_of_deck(&card.deck);
        let target = Target::Card(n);
        out.push(JumpEntry {
            title: plain_lines(&card.front).join(" "),
            kind: "card",
            chapter: chapter_item.map_or_else(|| card.deck.title().to_string(), label),
            target,
        });
    }
    out
}

/// Ranks entries against `query`: best score first, ties in content order.
/// An empty query keeps every entry in order. Returns the first `limit` and the total.
pub fn rank(entries: &[JumpEntry], query: &str, limit: usize) -> (Vec<Ranked>, usize) {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let folded_query = fold(query.trim());
    // nucleo scores a prefix like any word start: an exact title, then a
    // title that starts with the query, win ties
    let closeness = |title: &str| {
        let title = fold(title);
        if title == folded_query {
            2
        } else if title.starts_with(&folded_query) {
            1
        } else {
            0
        }
    };
    let mut scored: Vec<(u32, u8, usize)> = entries
        .iter()
        .enumerate()
        .filter_map(|(n, e)| {
            pattern
                .score(Utf32Str::new(&e.title, &mut buf), &mut matcher)
                .map(|s| (s, closeness(&e.title), n))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let total = scored.len();
    let ranked = scored
        .into_iter()
        .take(limit)
        .map(|(score, _, entry)| {
            let mut indices = Vec::new();
            if let Some(e) = entries.get(entry) {
                pattern.indices(
                    Utf32Str::new(&e.title, &mut buf),
                    &mut matcher,
                    &mut indices,
                );
            }
            indices.sort_unstable();
            indices.dedup();
            Ranked {
                entry,
                score,
                indices,
            }
        })
        .collect();
    (ranked, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str) -> JumpEntry {
        JumpEntry {
            title: title.into(),
            kind: "section",
            chapter: "Ch 1".into(),
            target: Target::Item(0),
        }
    }

    fn order(titles: &[&str], query: &str) -> Vec<String> {
        let list: Vec<JumpEntry> = titles.iter().map(|t| entry(t)).collect();
        rank(&list, query, MAX_ENTRIES)
            .0
            .into_iter()
            .map(|r| list[r.entry].title.clone())
            .collect()
    }

    #[test]
    fn an_exact_title_beats_a_scattered_match() {
        let got = order(&["Pick Realistic Engagements Pending", "Prep"], "prep");
        assert_eq!(got, ["Prep", "Pick Realistic Engagements Pending"]);
    }

    #[test]
    fn a_prefix_beats_a_match_in_the_middle() {
        let got = order(&["Interview preparation", "Preparation"], "prep");
        assert_eq!(got, ["Preparation", "Interview preparation"]);
    }

    #[test]
    fn ties_keep_content_order_and_empty_query_keeps_all() {
        let got = order(&["Alpha notes", "Beta", "Alpha notes"], "alpha");
        assert_eq!(got, ["Alpha notes", "Alpha notes"]);
        let list = [entry("b"), entry("a")];
        let (all, total) = rank(&list, "", 1);
        assert_eq!((all.len(), total), (1, 2));
        assert_eq!(all[0].entry, 0);
    }

    #[test]
    fn accents_and_case_are_ignored_and_indices_mark_the_match() {
        let list = [entry("Café Culture"), entry("Other")];
        let (ranked, total) = rank(&list, "cafe", 10);
        assert_eq!(total, 1);
        assert_eq!(ranked[0].indices, vec![0, 1, 2, 3]);
    }

    #[test]
    fn bundled_entries_cover_every_outline_item() {
        let library = crate::domain::content::bundled::load();
        let outline = crate::domain::document::outline(&library);
        let cards = crate::domain::cards::all_cards(&library);
        let list = entries(&library, &outline, &cards);
        assert!(list.len() >= outline.len());
        assert_eq!(list[0].kind, "chapter");
        let (ranked, _) = rank(&list, "enthusiasm", 5);
        assert_eq!(list[ranked[0].entry].title, "Enthusiasm Is Key");
    }
}
