//! Where the cursor can go in a text: grapheme-cluster boundaries, word
//! boundaries and line ends, as byte offsets that are always cluster
//! boundaries. Pure functions of the text; no slicing that can panic.

use unicode_segmentation::UnicodeSegmentation;

/// The cluster boundary at or after `at` (the end of the text at most).
pub fn boundary_at_or_after(text: &str, at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    text.grapheme_indices(true)
        .map(|(i, _)| i)
        .find(|i| *i >= at)
        .unwrap_or(text.len())
}

/// Whether `at` is a cluster boundary of `text` (its start and end are).
pub fn is_boundary(text: &str, at: usize) -> bool {
    at == text.len() || text.grapheme_indices(true).any(|(i, _)| i == at)
}

/// The start of the cluster before `at` (0 at the start).
pub fn prev_boundary(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|before| before.grapheme_indices(true).next_back())
        .map_or(0, |(i, _)| i)
}

/// The end of the cluster at `at` (the text's end at most).
pub fn next_boundary(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|after| after.graphemes(true).next())
        .map_or(text.len(), |g| at + g.len())
}

/// Whether a cluster counts as part of a word (letters, digits, `_`, `'`).
fn is_word(cluster: &str) -> bool {
    cluster
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '\'')
}

/// The start of the word before `at`: back over anything not a word, then
/// over the word (Alt-B, Ctrl-Left, and where Ctrl-W deletes back to).
pub fn word_start_before(text: &str, at: usize) -> usize {
    let Some(before) = text.get(..at) else {
        return 0;
    };
    let mut pos = at;
    let mut seen_word = false;
    for (i, g) in before.grapheme_indices(true).rev() {
        if is_word(g) {
            seen_word = true;
        } else if seen_word {
            break;
        }
        pos = i;
    }
    pos
}

/// The end of the word after `at`: forward over anything not a word, then
/// over the word (Alt-F, Ctrl-Right).
pub fn word_end_after(text: &str, at: usize) -> usize {
    let Some(after) = text.get(at..) else {
        return text.len();
    };
    let mut seen_word = false;
    for (i, g) in after.grapheme_indices(true) {
        if is_word(g) {
            seen_word = true;
        } else if seen_word {
            return at + i;
        }
    }
    text.len()
}

/// The start of the line (after the last newline) holding `at`.
pub fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The end of the line (before the next newline) holding `at`.
pub fn line_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_are_stepped_over_whole() {
        let text = "a❤️b";
        assert_eq!(next_boundary(text, 1), 7);
        assert_eq!(prev_boundary(text, 7), 1);
        assert_eq!(prev_boundary(text, 0), 0);
        assert_eq!(next_boundary(text, text.len()), text.len());
        assert!(!is_boundary(text, 4), "inside the heart");
        assert_eq!(boundary_at_or_after(text, 4), 7);
    }

    #[test]
    fn words_and_lines() {
        let text = "one, two\nthree";
        assert_eq!(word_start_before(text, 8), 5);
        assert_eq!(word_start_before(text, 5), 0);
        assert_eq!(word_end_after(text, 0), 3);
        assert_eq!(word_end_after(text, 3), 8);
        assert_eq!(word_end_after(text, 8), text.len());
        assert_eq!(line_start(text, 11), 9);
        assert_eq!(line_end(text, 2), 8);
        assert_eq!(line_end(text, 9), text.len());
        assert_eq!(word_start_before("it's", 4), 0);
    }
}
