//! Full-text search, pure: folding (case and accents), the index of every
//! outline item and card built at start-up, finding a query in a laid-out
//! line by display column, and cutting a line to a snippet around its match.
//! Knows nothing of the terminal or of the app state.

mod fold;
mod index;
pub mod quick_jump;
#[cfg(test)]
mod tests;

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::domain::text::width::grapheme_width;

pub use fold::{Folded, fold, query_words};
pub use index::{Hit, IndexedDoc, SearchIndex, SearchResults, Target, plain_lines};

/// Most result lines kept per query (the totals count all).
pub const MAX_RESULTS: usize = 200;

/// Matches of a folded `query` in `text`, as display-column ranges
/// `(start, end)` covering whole graphemes, in order. Used on the reader's
/// laid-out lines.
pub fn find_columns(text: &str, query: &str) -> Vec<(usize, usize)> {
    if query.is_empty() {
        return Vec::new();
    }
    let ranges = Folded::new(text).find(text, query);
    if ranges.is_empty() {
        return Vec::new();
    }
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_control()) {
        // one column per byte
        return ranges.into_iter().map(|r| (r.start, r.end)).collect();
    }
    // (first byte, first column, last column) of each grapheme
    let mut col = 0;
    let graphemes: Vec<(usize, usize, usize)> = text
        .grapheme_indices(true)
        .map(|(at, g)| {
            let start = col;
            col += grapheme_width(g);
            (at, start, col)
        })
        .collect();
    let containing = |byte: usize| graphemes.partition_point(|g| g.0 <= byte).saturating_sub(1);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for range in ranges {
        let (Some(first), Some(last)) = (
            graphemes.get(containing(range.start)),
            graphemes.get(containing(range.end.saturating_sub(1).max(range.start))),
        ) else {
            continue;
        };
        let (start, end) = (first.1, last.2);
        if end > start && out.last().is_none_or(|prev| prev.1 <= start) {
            out.push((start, end));
        }
    }
    out
}

/// A piece of a snippet: text and whether it is part of a match.
pub type Piece = (String, bool);

/// `text` cut to at most `width` columns around its first match, as pieces
/// with the matches marked. Cut ends are shown with `…`.
pub fn snippet(text: &str, ranges: &[Range<usize>], width: usize) -> Vec<Piece> {
    if width == 0 {
        return Vec::new();
    }
    let first = ranges.first().map_or(0, |r| r.start.min(text.len()));
    let graphemes: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
    // the grapheme holding the first match
    let first = graphemes
        .partition_point(|g| g.0 <= first)
        .saturating_sub(1);
    let start = snippet_start(&graphemes, first, width);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |g: &str, hit: bool| match pieces.last_mut() {
        Some((text, h)) if *h == hit => text.push_str(g),
        _ => pieces.push((g.to_string(), hit)),
    };
    let mut used = 0;
    if start > 0 {
        push("…", false);
        used += 1;
    }
    let rest: usize = graphemes[start..].iter().map(|g| grapheme_width(g.1)).sum();
    let room = if used + rest > width {
        width.saturating_sub(1)
    } else {
        width
    };
    let mut cut = false;
    for &(at, g) in &graphemes[start..] {
        let w = grapheme_width(g);
        if used + w > room {
            cut = true;
            break;
        }
        used += w;
        let hit = ranges.iter().any(|r| r.start <= at && at < r.end);
        push(g, hit);
    }
    if cut && used < width {
        push("…", false);
    }
    pieces
}

/// The grapheme a snippet `width` columns wide starts at, for the match in
/// grapheme `first`: 0 when the whole text fits; else about a third of the
/// width before the match, or, for a match near the end, as much before it
/// as fits.
fn snippet_start(graphemes: &[(usize, &str)], first: usize, width: usize) -> usize {
    let total: usize = graphemes.iter().map(|g| grapheme_width(g.1)).sum();
    if total <= width {
        return 0;
    }
    // keep about a third of the width before the match
    let lead = width / 3;
    let mut used = 0;
    let mut start = first;
    while start > 0 && used + grapheme_width(graphemes[start - 1].1) <= lead {
        start -= 1;
        used += grapheme_width(graphemes[start].1);
    }
    // a match near the end: show as much before it as fits
    let after: usize = graphemes[start..].iter().map(|g| grapheme_width(g.1)).sum();
    let mut fill = width.saturating_sub(after + 1);
    while start > 0 && grapheme_width(graphemes[start - 1].1) <= fill {
        start -= 1;
        fill -= grapheme_width(graphemes[start].1);
    }
    start
}
