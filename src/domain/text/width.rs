//! The one display-width measure: how many terminal columns a piece of text
//! takes, counted per grapheme cluster (what a reader sees as one
//! character), as ratatui's buffer places it.
//!
//! - a cluster is as wide as Unicode says its whole sequence is
//!   (`unicode-width` on the cluster): `❤️` (U+2764 U+FE0F, an emoji
//!   presentation sequence) is 2 columns where its two characters counted
//!   one by one would give 1; a family joined with ZWJ is 2;
//! - East Asian wide characters are 2, combining marks add nothing (`é` as
//!   `e` + U+0301 is 1);
//! - zero-width characters (ZWSP, ZWJ alone, a lone variation selector) are
//!   0, and so are control characters (text shown on screen has had them
//!   removed; a newline is a row break, not a column).
//!
//! The API is three functions: [`width`] of a string, [`grapheme_width`] of
//! one cluster, and [`graphemes`] to walk a string cluster by cluster with
//! byte offsets and widths (for wrapping and cursor placement).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns one grapheme cluster takes (0, 1 or 2).
pub fn grapheme_width(cluster: &str) -> usize {
    if cluster.chars().all(char::is_control) {
        return 0;
    }
    UnicodeWidthStr::width(cluster).min(2)
}

/// Columns `text` takes on one row: the sum of its clusters' widths.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        // the common case: one column per printable byte
        return text.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    text.graphemes(true).map(grapheme_width).sum()
}

/// One grapheme cluster of a string: where it starts (a byte offset, always
/// a char boundary), its text and its width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cluster<'a> {
    pub at: usize,
    pub text: &'a str,
    pub width: usize,
}

/// The grapheme clusters of `text` in order, with offsets and widths.
pub fn graphemes(text: &str) -> impl Iterator<Item = Cluster<'_>> {
    text.grapheme_indices(true).map(|(at, g)| Cluster {
        at,
        text: g,
        width: grapheme_width(g),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_are_measured_whole() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width(""), 0);
        assert_eq!(width("❤️"), 2, "emoji presentation sequence");
        assert_eq!(width("❤"), 1, "text presentation");
        assert_eq!(width("e\u{301}"), 1, "combining accent");
        assert_eq!(width("中文"), 4);
        assert_eq!(width("👍🏽"), 2, "skin tone modifier");
        assert_eq!(width("👨‍👩‍👧"), 2, "ZWJ family");
        assert_eq!(width("🇫🇷"), 2, "flag");
        assert_eq!(width("a\u{200b}b"), 2, "zero-width space");
        assert_eq!(
            width("a\u{fe0f}"),
            1,
            "a variation selector on a letter adds nothing"
        );
        assert_eq!(width("\n\t\u{7}"), 0, "controls take no column");
    }

    #[test]
    fn a_spacing_mark_after_a_wide_character_stays_in_its_cluster() {
        // `面` + U+0BC6 (a Tamil vowel sign, one column alone) is one
        // cluster, drawn in two columns: counted char by char it was three
        assert_eq!(width("面\u{bc6}"), 2);
        assert_eq!(width("a\u{200b}b\u{feff}c"), 3, "zero-width characters");
    }

    #[test]
    fn graphemes_walk_with_offsets() {
        let walked: Vec<(usize, &str, usize)> = graphemes("a❤️中")
            .map(|c| (c.at, c.text, c.width))
            .collect();
        assert_eq!(walked, [(0, "a", 1), (1, "❤️", 2), (7, "中", 2)]);
    }

    #[test]
    fn the_sum_of_clusters_is_the_width() {
        for text in ["naïve café", "❤️ love 中文 👨‍👩‍👧!", "plain ascii"] {
            assert_eq!(width(text), graphemes(text).map(|c| c.width).sum::<usize>());
        }
    }
}
