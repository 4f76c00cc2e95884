//! Negation: a negation word ("not", "never", "nobody") shortly before a
//! cue's words, in the same sentence, cancels them ("not happy", "nobody
//! asked me to"). The words and the window come from the content file.

use super::text::{Cue, Hit, Tokens};

/// The negation words of an answer, and how near before a word one must
/// stand to negate it.
pub(super) struct Negation {
    hits: Vec<Hit>,
    /// The most words from the negation word to the negated one.
    window: usize,
}

impl Negation {
    /// The negation words (`cues`) found in `tokens`.
    pub(super) fn new(tokens: &Tokens, cues: &[Cue], window: usize) -> Self {
        Negation {
            hits: tokens.find(cues),
            window,
        }
    }

    /// Whether a negation word stands at most `window` words before `h`,
    /// in its sentence.
    pub(super) fn negates(&self, h: &Hit) -> bool {
        self.hits
            .iter()
            .any(|n| n.sentence == h.sentence && n.word < h.word && h.word - n.word <= self.window)
    }
}
