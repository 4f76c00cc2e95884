//! Finding cue words in answer text: Unicode word and sentence splitting,
//! case-insensitive whole-word and phrase matching, and the `Hit`s that say
//! which words of the answer triggered a signal. No signal rules live here.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// One cue as written in a content file, split into lowercase words.
/// A trailing `*` makes the last word a prefix: `organi*` matches
/// "organised" and "organized".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// The cue as the author wrote it (trimmed).
    pub text: String,
    pub words: Vec<String>,
    pub prefix: bool,
}

impl Cue {
    /// Reads one cue; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Cue, String> {
        let text = text.trim();
        let prefix = text.ends_with('*');
        let core = text.trim_end_matches('*');
        if core.contains('*') {
            return Err("`*` may only end a cue, as in `organi*`".into());
        }
        if prefix && core.ends_with(|c: char| !c.is_alphanumeric()) {
            return Err("`*` must follow a letter directly, as in `organi*`".into());
        }
        let words: Vec<String> = core.unicode_words().map(normalise).collect();
        if words.is_empty() {
            return Err("a cue needs at least one word".into());
        }
        Ok(Cue {
            text: text.to_string(),
            words,
            prefix,
        })
    }
}

/// Where a cue matched: the cue, the answer's own words, and their place in
/// the answer in characters (not bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// The cue as written in the content file.
    pub cue: String,
    /// The matched words exactly as the user wrote them.
    pub text: String,
    /// Character range in the answer.
    pub chars: Range<usize>,
    /// Index of the sentence it is in (0-based, counting every sentence).
    pub sentence: usize,
}

/// How often each cue matched, most frequent first (ties: first seen first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CueCount {
    pub cue: String,
    pub count: usize,
}

pub fn tally(hits: &[Hit]) -> Vec<CueCount> {
    let mut counts: Vec<CueCount> = Vec::new();
    for hit in hits {
        match counts.iter_mut().find(|c| c.cue == hit.cue) {
            Some(c) => c.count += 1,
            None => counts.push(CueCount {
                cue: hit.cue.clone(),
                count: 1,
            }),
        }
    }
    // A stable sort keeps first-seen order among equal counts.
    counts.sort_by_key(|c| std::cmp::Reverse(c.count));
    counts
}

/// Lowercase, with typographic apostrophes made plain.
fn normalise(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{FF07}' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

struct Word {
    norm: String,
    bytes: Range<usize>,
    sentence: usize,
}

/// An answer split into words and sentences, ready for matching.
pub struct Tokens<'a> {
    text: &'a str,
    words: Vec<Word>,
    sentences: Vec<Range<usize>>,
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str) -> Self {
        let sentences: Vec<Range<usize>> = text
            .split_sentence_bound_indices()
            .map(|(start, s)| start..start + s.len())
            .collect();
        let words = text
            .unicode_word_indices()
            .map(|(start, w)| Word {
                norm: normalise(w),
                bytes: start..start + w.len(),
                sentence: sentences
                    .partition_point(|s| s.start <= start)
                    .saturating_sub(1),
            })
            .collect();
        Tokens {
            text,
            words,
            sentences,
        }
    }

    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// Sentence `index` (as in `Hit::sentence`), trimmed.
    pub fn sentence(&self, index: usize) -> Option<&'a str> {
        let range = self.sentences.get(index)?.clone();
        self.text.get(range).map(str::trim)
    }

    /// Non-blank sentences, trimmed, in order.
    pub fn sentences(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.sentences
            .iter()
            .filter_map(|r| self.text.get(r.clone()))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// Every match of any cue in the list, left to right. At each word the
    /// longest matching cue wins, and a match lying wholly inside an earlier
    /// one is dropped, so "sort of" and "sort" never both count the same
    /// words. Matches may overlap in part: "so I started" gives "so I" and
    /// "I started". A phrase never spans two sentences.
    pub fn find(&self, cues: &[Cue]) -> Vec<Hit> {
        let mut hits = Vec::new();
        // One past the last word of the previous match.
        let mut covered = 0;
        for i in 0..self.words.len() {
            let longest =
                cues.iter()
                    .filter(|c| self.matches_at(i, c))
                    .fold(None::<&Cue>, |best, c| match best {
                        Some(b) if b.words.len() >= c.words.len() => Some(b),
                        _ => Some(c),
                    });
            if let Some(cue) = longest {
                let end = i + cue.words.len();
                if end > covered {
                    hits.push(self.hit(i, cue.words.len(), &cue.text, false));
                    covered = end;
                }
            }
        }
        hits
    }

    /// Words with a digit in them ("30", "1,200", "3.5"), with a `%` right
    /// after kept in the hit's text.
    pub fn digits(&self) -> Vec<Hit> {
        self.words
            .iter()
            .enumerate()
            .filter(|(_, w)| w.norm.chars().any(|c| c.is_ascii_digit()))
            .map(|(i, w)| self.hit(i, 1, &w.norm, true))
            .collect()
    }

    fn matches_at(&self, i: usize, cue: &Cue) -> bool {
        let Some(words) = self.words.get(i..i + cue.words.len()) else {
            return false;
        };
        let same_sentence = match (words.first(), words.last()) {
            (Some(a), Some(b)) => a.sentence == b.sentence,
            _ => false,
        };
        let last = cue.words.len().saturating_sub(1);
        same_sentence
            && words.iter().zip(&cue.words).enumerate().all(|(k, (w, c))| {
                if cue.prefix && k == last {
                    w.norm.starts_with(c.as_str())
                } else {
                    // "your team's" matches the cue "your team".
                    w.norm == *c || w.norm.strip_suffix("'s") == Some(c.as_str())
                }
            })
    }

    fn hit(&self, i: usize, n: usize, cue: &str, percent: bool) -> Hit {
        let start = self.words.get(i).map_or(0, |w| w.bytes.start);
        let sentence = self.words.get(i).map_or(0, |w| w.sentence);
        let mut end = self
            .words
            .get(i + n.saturating_sub(1))
            .map_or(start, |w| w.bytes.end);
        if percent
            && self
                .text
                .get(end..)
                .is_some_and(|rest| rest.starts_with(['%', '\u{066A}', '\u{FF05}']))
        {
            end += self
                .text
                .get(end..)
                .and_then(|r| r.chars().next())
                .map_or(0, char::len_utf8);
        }
        let text = self.text.get(start..end).unwrap_or_default().to_string();
        let from = self.char_index(start);
        Hit {
            cue: cue.to_string(),
            chars: from..from + text.chars().count(),
            text,
            sentence,
        }
    }

    fn char_index(&self, byte: usize) -> usize {
        self.text.get(..byte).map_or(0, |s| s.chars().count())
    }
}
