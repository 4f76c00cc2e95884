//! Splitting an answer into sentences: Unicode's sentence boundaries
//! (UAX #29, through `unicode-segmentation`), which already keep "3.5"
//! and "U.S. bank" whole, then rejoined after an abbreviation that never
//! ends a sentence ("Dr. Okafor", "e.g. Kafka"). The abbreviations come
//! from the content file.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::text::normalise;

/// Byte ranges of the sentences of `text`, in order, covering all of it.
/// `abbreviations` are lowercase, without their final dot ("dr", "e.g").
pub fn sentences(text: &str, abbreviations: &[String]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut join_next = false;
    for (start, piece) in text.split_sentence_bound_indices() {
        let range = start..start + piece.len();
        match out.last_mut() {
            Some(last) if join_next => last.end = range.end,
            _ => out.push(range),
        }
        join_next = ends_with_abbreviation(piece, abbreviations);
    }
    out
}

/// Whether `piece` ends with one of `abbreviations` and its dot, followed
/// only by spaces (not a line break: a paragraph always ends a sentence).
fn ends_with_abbreviation(piece: &str, abbreviations: &[String]) -> bool {
    let trimmed = piece.trim_end_matches([' ', '\t']);
    if trimmed.len() != piece.len() && piece.ends_with(['\n', '\r']) {
        return false;
    }
    if piece.trim_end().len() != trimmed.len() {
        return false;
    }
    let Some(body) = trimmed.strip_suffix('.') else {
        return false;
    };
    let Some(last) = body.unicode_words().next_back() else {
        return false;
    };
    if !body.ends_with(last) {
        return false;
    }
    let last = normalise(last);
    abbreviations.contains(&last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let abbreviations: Vec<String> = ["dr", "mr", "e.g", "i.e"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sentences(text, &abbreviations)
            .into_iter()
            .map(|r| text.get(r).unwrap_or_default().trim())
            .collect()
    }

    #[test]
    fn abbreviations_and_decimals_do_not_end_a_sentence() {
        assert_eq!(
            split("Our lead, Dr. Okafor, agreed. It ran for 3.5 hours. We won."),
            [
                "Our lead, Dr. Okafor, agreed.",
                "It ran for 3.5 hours.",
                "We won."
            ]
        );
        assert_eq!(
            split("A portal for a U.S. bank went live. Then we left."),
            ["A portal for a U.S. bank went live.", "Then we left."]
        );
        assert_eq!(
            split("I wrote down every question (e.g. offsets). It helped."),
            ["I wrote down every question (e.g. offsets).", "It helped."]
        );
        assert_eq!(
            split("I spoke to Dr. Lee. Mr. Smith agreed."),
            ["I spoke to Dr. Lee.", "Mr. Smith agreed."]
        );
    }

    #[test]
    fn a_line_break_after_an_abbreviation_still_ends_the_sentence() {
        assert_eq!(
            split("Ask the Dr.\nNext one."),
            ["Ask the Dr.", "Next one."]
        );
    }

    #[test]
    fn the_ranges_cover_the_whole_text() {
        let text = "One. Dr. Two?  Three!\n\nFour";
        let ranges = sentences(text, &["dr".to_string()]);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
        assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
    }
}
