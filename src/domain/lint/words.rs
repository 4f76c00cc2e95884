//! The words the card linter compares: a card's Markdown as plain text, its
//! words, which of them are stop words or pronouns, and the stems of the key
//! words (Snowball's English stemmer, so "answers" and "answer", "prepared"
//! and "preparing" count as one word).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser, TagEnd};
use rust_stemmers::{Algorithm, Stemmer};

/// Markdown as plain text: the text of every paragraph, item and heading,
/// separated by spaces; emphasis, links and list markers dropped.
pub fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a plain text, lowercased: letters and digits, with an
/// apostrophe inside a word kept ("don't"); a hyphen splits ("problem-solving"
/// is two words).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            if lower.contains('’') {
                lower.replace('’', "'")
            } else {
                lower
            }
        })
        .collect()
}

/// Personal pronouns and their forms: a gap holding only these can be
/// filled many ways.
const PRONOUNS: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "one",
    "who",
    "whom",
    "whose",
    "this",
    "that",
    "these",
    "those",
];

/// Common English function words (articles, prepositions, conjunctions,
/// auxiliaries, and a few adverbs that carry no topic).
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "as", "at",
    "by", "for", "from", "in", "into", "of", "off", "on", "onto", "out", "over", "to", "up",
    "with", "without", "about", "above", "after", "again", "against", "all", "any", "because",
    "before", "below", "between", "both", "down", "during", "each", "few", "further", "here",
    "how", "just", "more", "most", "no", "not", "now", "once", "only", "other", "own", "same",
    "some", "such", "there", "through", "too", "under", "until", "very", "what", "when", "where",
    "which", "while", "why", "am", "is", "are", "was", "were", "be", "been", "being", "have",
    "has", "had", "having", "do", "does", "did", "doing", "will", "would", "shall", "should",
    "can", "could", "may", "might", "must", "also", "it's", "don't", "doesn't", "didn't", "isn't",
    "aren't", "wasn't", "weren't", "won't", "can't", "you're", "they're", "we're", "i'm", "i've",
    "you've", "they've", "we've", "let", "lets", "get", "got", "make", "made", "like", "way",
    "even", "much", "many", "well", "really", "every", "either", "neither", "whether", "though",
    "although", "since", "per", "via", "etc", "e.g", "i.e",
];

/// Labels content puts on a text ("*General advice:*") rather than words
/// of the answer: two answers both labelled are not alike for that.
const LABELS: &[&str] = &["general", "advice"];

static STOP: LazyLock<BTreeSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().chain(PRONOUNS).copied().collect());

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Whether a (lowercased) word is a stop word or a pronoun.
pub fn is_stop_word(word: &str) -> bool {
    STOP.contains(word)
}

thread_local! {
    /// Stems already worked out: a deck repeats its words, and stemming
    /// costs more than a look-up.
    static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<String, String>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// Words kept in the stem memo at most (it is cleared when full).
const MOST_STEMS_KEPT: usize = 1 << 16;

/// A word's stem.
pub fn stem(word: &str) -> String {
    STEMS.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(stem) = memo.get(word) {
            return stem.clone();
        }
        let stem = STEMMER.stem(word).into_owned();
        if memo.len() >= MOST_STEMS_KEPT {
            memo.clear();
        }
        memo.insert(word.to_string(), stem.clone());
        stem
    })
}

/// The stems of a Markdown text's key words: every word that is not a stop
/// word, a pronoun, a label or a single letter (the "S:" of an outline).
pub fn key_stems(markdown: &str) -> BTreeSet<String> {
    key_stems_in(&plain(markdown))
}

/// [`key_stems`] of a text already plain.
pub fn key_stems_in(text: &str) -> BTreeSet<String> {
    let single_letter = |w: &str| w.chars().count() == 1 && !w.chars().all(|c| c.is_ascii_digit());
    words(text)
        .iter()
        .filter(|w| !is_stop_word(w) && !LABELS.contains(&w.as_str()) && !single_letter(w))
        .map(|w| stem(w))
        .collect()
}

/// The stems of every word of a Markdown text, stop words included.
pub fn all_stems(markdown: &str) -> BTreeSet<String> {
    all_stems_in(&plain(markdown))
}

/// [`all_stems`] of a text already plain.
pub fn all_stems_in(text: &str) -> BTreeSet<String> {
    words(text).iter().map(|w| stem(w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup_and_keeps_every_word() {
        assert_eq!(
            plain("**Ask:** \"What *next*?\"\n\n- one\n- two `code`"),
            "Ask: \"What next?\" one two code"
        );
    }

    #[test]
    fn words_are_lowercased_and_split_at_hyphens() {
        assert_eq!(
            words("Problem-solving, don't; Sarah’s 3 tips."),
            ["problem", "solving", "don't", "sarah's", "3", "tips"]
        );
    }

    #[test]
    fn key_stems_leave_out_stop_words_and_join_word_forms() {
        let stems = key_stems("They prepared the answers");
        assert_eq!(stems, key_stems("preparing an answer"));
        assert!(!stems.contains("the") && !stems.contains("they"));
    }

    #[test]
    fn words_count_the_text_not_the_markup() {
        assert_eq!(
            words(&plain("- **S:** a real *disagreement*\n- two")).len(),
            5
        );
    }
}
