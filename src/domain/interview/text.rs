//! Finding cue words in answer text: Unicode words (sentences come from
//! `segment`), English stems (Snowball, through `rust-stemmers`), and
//! matching the cues of a content file, with the `Hit`s that say which
//! words of the answer triggered a signal. No signal rules live here.
//!
//! A cue is one or more words, matched on their stems ("enjoy" finds
//! "enjoyed" and "enjoying"). Within a cue, a word may be written:
//! `organi*` (any ending), `=usually` (exactly this word), `like,` (only
//! when punctuation follows it: "with, like, a week"), `,right` (only
//! after a comma: "You do software, right?"), `#` (any number:
//! digits or a `numbers` word), `@past` (a verb in the past tense). A cue
//! starting with `^` matches only at the start of a sentence. A cue
//! starting with `!` is a blocker: it matches, counts for nothing, and
//! hides the cues that lie inside it (`!the kind of` keeps "the kind of
//! environment" from counting as the filler `kind of`).

use std::ops::Range;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// The English Snowball stem of a lowercase word.
pub fn stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(word)
        .into_owned()
}

/// One word of a cue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CueWord {
    /// Matches any word with this stem.
    Stem(String),
    /// Matches any word starting with this.
    Prefix(String),
    /// Matches only this word (lowercase).
    Exact(String),
    /// Any number.
    Number,
    /// A past-tense verb.
    Past,
}

/// One cue as written in a content file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// The cue as the author wrote it (trimmed).
    pub text: String,
    pub words: Vec<CueWord>,
    /// For each word: it must be followed by punctuation.
    pub set_off: Vec<bool>,
    /// For each word: it must follow a comma.
    #[serde(default)]
    pub after_comma: Vec<bool>,
    /// Matches only at the start of a sentence.
    pub start: bool,
    /// A blocker: counts for nothing, hides what lies inside it.
    pub block: bool,
}

impl Cue {
    /// Reads one cue; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Cue, String> {
        let text = text.trim();
        let mut rest = text;
        let block = rest.starts_with('!');
        rest = rest.trim_start_matches('!').trim_start();
        let start = rest.starts_with('^');
        rest = rest.trim_start_matches('^').trim_start();
        let mut cue = Cue {
            text: text.to_string(),
            words: Vec::new(),
            set_off: Vec::new(),
            after_comma: Vec::new(),
            start,
            block,
        };
        for token in rest.split_whitespace() {
            cue.add_token(token)?;
        }
        if cue.words.is_empty() {
            return Err("a cue needs at least one word".into());
        }
        Ok(cue)
    }

    fn push(&mut self, word: CueWord, set_off: bool, after_comma: bool) {
        self.words.push(word);
        self.set_off.push(set_off);
        self.after_comma.push(after_comma);
    }

    /// Adds one token of the cue (words between spaces): `#`, `@past`, or
    /// a word with its markers (`,` before or after, `=` before, `*`
    /// after), which may hold several Unicode words ("e-mail").
    fn add_token(&mut self, token: &str) -> Result<(), String> {
        match token {
            "#" => {
                self.push(CueWord::Number, false, false);
                return Ok(());
            }
            "@past" => {
                self.push(CueWord::Past, false, false);
                return Ok(());
            }
            _ => {}
        }
        let comma_before = token.starts_with(',');
        let token = token.trim_start_matches(',');
        let exact = token.starts_with('=');
        let core = token.trim_start_matches('=');
        let comma = core.ends_with(',');
        let core = core.trim_end_matches(',');
        let prefix = core.ends_with('*');
        let core = core.trim_end_matches('*');
        if core.contains(['*', '=', '#', '@', '!', '^']) {
            return Err(format!(
                "`{}`: `*` may only end a word, `=` only start one, and `#`, `@past`, `!`, `^` stand alone",
                token.escape_debug()
            ));
        }
        if core.is_empty() && token != "," {
            return Err(format!(
                "`{}` has no word; a marker needs a word, as in `organi*`",
                token.escape_debug()
            ));
        }
        if prefix && core.ends_with(|c: char| !c.is_alphanumeric()) {
            return Err("`*` must follow a letter directly, as in `organi*`".into());
        }
        let parts: Vec<String> = core.unicode_words().map(normalise).collect();
        let count = parts.len();
        for (i, part) in parts.into_iter().enumerate() {
            let last = i + 1 == count;
            let word = if prefix && last {
                CueWord::Prefix(part)
            } else if exact {
                CueWord::Exact(part)
            } else {
                CueWord::Stem(stem(&part))
            };
            self.push(word, comma && last, comma_before && i == 0);
        }
        Ok(())
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
    /// Index of its first word in the answer (0-based).
    #[serde(default)]
    pub word: usize,
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
pub fn normalise(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{FF07}' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// One word of an answer.
#[derive(Debug, Clone)]
pub struct Word {
    pub norm: String,
    pub stem: String,
    pub bytes: Range<usize>,
    pub sentence: usize,
    /// Punctuation (not a hyphen or apostrophe) right after it.
    pub set_off: bool,
    /// The first word of its sentence.
    pub first: bool,
    /// A comma just before it (spaces between allowed).
    pub after_comma: bool,
}

/// What a word list means, beyond the cues themselves: which words are
/// numbers and which verbs are in the past tense.
pub struct Lexicon<'a> {
    pub numbers: &'a [Cue],
    pub past: &'a [Cue],
    pub not_past: &'a [Cue],
}

/// An answer split into words and sentences, ready for matching.
pub struct Tokens<'a> {
    text: &'a str,
    pub words: Vec<Word>,
    sentences: Vec<Range<usize>>,
    /// Per word: it is (or starts) a number.
    number: Vec<bool>,
    /// Per word: a past-tense verb.
    past: Vec<bool>,
}

impl<'a> Tokens<'a> {
    /// Words only, with sentences from Unicode's rules (no lexicon: no
    /// number or tense information). For counting words.
    pub fn new(text: &'a str) -> Self {
        let sentences = text
            .split_sentence_bound_indices()
            .map(|(start, s)| start..start + s.len())
            .collect();
        Tokens::with_sentences(text, sentences, None)
    }

    /// Words in the given sentences, with numbers and tenses read from the
    /// lexicon.
    pub fn with_sentences(
        text: &'a str,
        sentences: Vec<Range<usize>>,
        lexicon: Option<&Lexicon>,
    ) -> Self {
        let words = words(text, &sentences);
        let n = words.len();
        let mut tokens = Tokens {
            text,
            words,
            sentences,
            number: vec![false; n],
            past: vec![false; n],
        };
        if let Some(lex) = lexicon {
            tokens.number = (0..n).map(|i| tokens.reads_as_number(i, lex)).collect();
            tokens.past = (0..n).map(|i| tokens.reads_as_past(i, lex)).collect();
        }
        tokens
    }

    /// Whether word `i` is (or starts) an amount: it holds a digit and is
    /// no year, or it is one of the lexicon's number words.
    fn reads_as_number(&self, i: usize, lex: &Lexicon) -> bool {
        let w = self.words.get(i).map_or("", |w| w.norm.as_str());
        // A year ("in 2021") is a date, not an amount.
        let year = w.len() == 4
            && w.chars().all(|c| c.is_ascii_digit())
            && (w.starts_with("19") || w.starts_with("20"));
        (w.chars().any(|c| c.is_ascii_digit()) && !year)
            || lex.numbers.iter().any(|c| self.plain_match(i, c))
    }

    /// Whether word `i` is a verb in the past tense: a regular `-ed` form
    /// or one of the lexicon's, and not one of its exceptions.
    fn reads_as_past(&self, i: usize, lex: &Lexicon) -> bool {
        let w = self.words.get(i).map_or("", |w| w.norm.as_str());
        let regular = w.ends_with("ed") && w.chars().count() > 3;
        (regular || lex.past.iter().any(|c| self.plain_match(i, c)))
            && !lex.not_past.iter().any(|c| self.plain_match(i, c))
    }

    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    pub fn sentence_count(&self) -> usize {
        self.sentences.len()
    }

    /// Sentence `index` (as in `Hit::sentence`), trimmed.
    pub fn sentence(&self, index: usize) -> Option<&'a str> {
        let range = self.sentences.get(index)?.clone();
        self.text.get(range).map(str::trim)
    }

    /// Every sentence, trimmed (blank ones too, so indices match `Hit::sentence`).
    pub fn all_sentences(&self) -> Vec<String> {
        (0..self.sentences.len())
            .map(|i| self.sentence(i).unwrap_or_default().to_string())
            .collect()
    }

    pub fn is_number(&self, word: usize) -> bool {
        self.number.get(word).copied().unwrap_or(false)
    }

    pub fn is_past(&self, word: usize) -> bool {
        self.past.get(word).copied().unwrap_or(false)
    }

    /// The words of sentence `index`, as indices into `words`.
    pub fn words_of(&self, sentence: usize) -> Range<usize> {
        let start = self.words.partition_point(|w| w.sentence < sentence);
        let end = self.words.partition_point(|w| w.sentence <= sentence);
        start..end
    }

    /// Every match of any cue in the list, left to right. At each word the
    /// longest matching cue wins, and a match lying wholly inside an earlier
    /// one is dropped, so "sort of" and "sort" never both count the same
    /// words. Blockers match the same way and are then left out. A phrase
    /// never spans two sentences.
    pub fn find(&self, cues: &[Cue]) -> Vec<Hit> {
        let mut hits = Vec::new();
        // One past the last word of the previous match.
        let mut covered = 0;
        for i in 0..self.words.len() {
            let longest =
                cues.iter()
                    .filter(|c| self.matches_at(i, c))
                    .fold(None::<&Cue>, |best, c| match best {
                        // Longest first; of equals, a blocker.
                        Some(b) if (b.words.len(), b.block) >= (c.words.len(), c.block) => Some(b),
                        _ => Some(c),
                    });
            if let Some(cue) = longest {
                let end = i + cue.words.len();
                if end > covered {
                    if !cue.block {
                        hits.push(self.hit(i, cue.words.len(), &cue.text, false));
                    }
                    covered = end;
                }
            }
        }
        hits
    }

    /// Words that are numbers ("30", "1,200", "3.5", "twelve"), with a `%`
    /// right after kept in the hit's text.
    pub fn numbers(&self) -> Vec<Hit> {
        (0..self.words.len())
            .filter(|i| self.is_number(*i))
            .map(|i| {
                let norm = self.words.get(i).map_or("", |w| w.norm.as_str());
                self.hit(i, 1, norm, true)
            })
            .collect()
    }

    /// A match without numbers or tenses (used to build them).
    fn plain_match(&self, i: usize, cue: &Cue) -> bool {
        !cue.block
            && cue.words.len() == 1
            && self
                .words
                .get(i)
                .zip(cue.words.first())
                .is_some_and(|(w, c)| word_matches(w, c))
    }

    fn matches_at(&self, i: usize, cue: &Cue) -> bool {
        let Some(words) = self.words.get(i..i + cue.words.len()) else {
            return false;
        };
        let same_sentence = match (words.first(), words.last()) {
            (Some(a), Some(b)) => a.sentence == b.sentence,
            _ => false,
        };
        if !same_sentence || (cue.start && !words.first().is_some_and(|w| w.first)) {
            return false;
        }
        words
            .iter()
            .zip(&cue.words)
            .zip(cue.set_off.iter().zip(&cue.after_comma))
            .enumerate()
            .all(|(k, ((w, c), (set_off, comma)))| {
                (!set_off || w.set_off)
                    && (!comma || w.after_comma)
                    && match c {
                        CueWord::Number => self.is_number(i + k),
                        CueWord::Past => self.is_past(i + k),
                        other => word_matches(w, other),
                    }
            })
    }

    pub fn hit(&self, i: usize, n: usize, cue: &str, percent: bool) -> Hit {
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
            word: i,
        }
    }

    fn char_index(&self, byte: usize) -> usize {
        self.text.get(..byte).map_or(0, |s| s.chars().count())
    }
}

/// The words of `text`, each in its sentence (of `sentences`), the first
/// of each sentence marked.
fn words(text: &str, sentences: &[Range<usize>]) -> Vec<Word> {
    let mut words: Vec<Word> = text
        .unicode_word_indices()
        .map(|(start, w)| {
            let norm = normalise(w);
            let end = start + w.len();
            let next = text.get(end..).and_then(|r| r.chars().next());
            Word {
                stem: stem(&norm),
                norm,
                bytes: start..end,
                sentence: sentences
                    .partition_point(|s| s.start <= start)
                    .saturating_sub(1),
                set_off: next
                    .is_some_and(|c| matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | '…' | ')')),
                first: false,
                after_comma: text
                    .get(..start)
                    .is_some_and(|before| before.trim_end().ends_with(',')),
            }
        })
        .collect();
    let mut last_sentence = None;
    for w in &mut words {
        w.first = last_sentence != Some(w.sentence);
        last_sentence = Some(w.sentence);
    }
    words
}

fn word_matches(w: &Word, c: &CueWord) -> bool {
    match c {
        CueWord::Stem(s) => {
            // "your team's" matches the cue "your team".
            w.stem == *s || w.norm.strip_suffix("'s").is_some_and(|b| stem(b) == *s)
        }
        CueWord::Prefix(p) => w.norm.starts_with(p.as_str()),
        CueWord::Exact(e) => w.norm == *e,
        CueWord::Number | CueWord::Past => false,
    }
}
