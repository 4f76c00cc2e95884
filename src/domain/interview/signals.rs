//! Automatic feedback signals read from an answer's text, sentence by
//! sentence: length and time, STAR (each sentence classified, so that a
//! goal is a task and never a result), "I" against "we", fillers and hedges,
//! negativity about employers or colleagues, enthusiasm, tailoring, the
//! question asked, and the question's talking points. Every signal keeps
//! the words that triggered it. The word lists and numbers come from the
//! content file; only the rules live here. `feedback` turns these into
//! verdicts.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::check::Check;
use super::model::{Cues, InterviewSet, Question, Target, Thresholds};
use super::negation::Negation;
pub use super::star::{ResultSignal, Star, StarPart};
use super::text::{Hit, Lexicon, Tokens};

/// Speaking pace used to turn words into time.
pub const WORDS_PER_MINUTE: u64 = 130;

/// Everything read from one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signals {
    pub length: Length,
    /// The answer's sentences, trimmed; `Hit::sentence` indexes this.
    pub sentences: Vec<String>,
    pub star: Star,
    /// First-person "I" words, to set against `we`.
    pub i: Vec<Hit>,
    pub we: Vec<Hit>,
    /// Several "we" and no step the speaker took personally.
    pub we_heavy: bool,
    pub filler: Vec<Hit>,
    pub hedging: Vec<Hit>,
    /// One per sentence that speaks badly of an employer or colleague.
    pub negativity: Vec<NegativeRemark>,
    pub enthusiasm: Vec<Hit>,
    pub tailoring: Vec<Hit>,
    pub question: AskedQuestion,
    /// The question's talking points (id) with the words that matched.
    pub points: Vec<(String, Vec<Hit>)>,
    /// The thresholds it was read with, so every verdict agrees.
    #[serde(default)]
    pub thresholds: Thresholds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Length {
    pub words: usize,
    /// At `WORDS_PER_MINUTE`.
    pub speaking_time: Duration,
    /// The target, already inside the time limit.
    pub target: Target,
    pub verdict: LengthVerdict,
    /// The time the answer took and the limit, when known.
    #[serde(default)]
    pub taken: Option<Duration>,
    #[serde(default)]
    pub limit: Option<Duration>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LengthVerdict {
    /// No words at all (for example an answer given aloud).
    Empty,
    TooShort,
    InRange,
    TooLong,
    /// The answer took longer than the time limit.
    OverLimit,
}

/// A negative word in a sentence that also names an employer or colleague.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NegativeRemark {
    pub word: Hit,
    /// The first workplace word of that sentence.
    pub about: Hit,
    /// The whole sentence, trimmed.
    pub sentence: String,
}

/// Whether the answer asks the interviewer something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskedQuestion {
    /// Sentences that ask something and end with a question mark, in order.
    pub questions: Vec<String>,
    /// The answer's last sentence is a question.
    pub ends_with_question: bool,
    /// Question phrases found ("could you tell me"), and the question
    /// words of the sentences that ask.
    pub cues: Vec<Hit>,
}

impl AskedQuestion {
    pub fn asked(&self) -> bool {
        !self.questions.is_empty() || !self.cues.is_empty()
    }

    /// The question to show: the last one asked, if any ended with `?`.
    pub fn last(&self) -> Option<&str> {
        self.questions.last().map(String::as_str)
    }
}

impl Length {
    /// One line: "65 words ≈ 0:30 (aim 0:30–2:00)", or the overrun.
    pub fn describe(&self) -> String {
        let clock = |d: Duration| format!("{}:{:02}", d.as_secs() / 60, d.as_secs() % 60);
        match (self.verdict, self.taken, self.limit) {
            (LengthVerdict::OverLimit, Some(taken), Some(limit)) => format!(
                "took {}, {} over the {} limit",
                clock(taken),
                clock(taken.saturating_sub(limit)),
                clock(limit)
            ),
            (LengthVerdict::Empty, _, _) => "no words".into(),
            (verdict, _, _) => {
                let said = match verdict {
                    LengthVerdict::TooShort => " too short",
                    LengthVerdict::TooLong => " too long",
                    _ => "",
                };
                format!(
                    "{} words ≈ {} (aim {}–{}){said}",
                    self.words,
                    clock(self.speaking_time),
                    clock(self.target.min),
                    clock(self.target.max)
                )
            }
        }
    }
}

impl Signals {
    /// The hits behind a check, in answer order.
    pub fn hits(&self, check: Check) -> Vec<Hit> {
        match check {
            Check::Length => Vec::new(),
            Check::Situation => self.star.situation.clone(),
            Check::Task => self.star.task.clone(),
            Check::Action => self.star.action.clone(),
            Check::Result => self.star.result.outcomes.clone(),
            Check::Quantified => self.star.result.numbers.clone(),
            Check::Ownership if self.we_heavy => self.we.clone(),
            Check::Ownership => self.star.action.clone(),
            Check::Filler => self.filler.clone(),
            Check::Hedging => self.hedging.clone(),
            Check::Negativity => self.negativity.iter().map(|n| n.word.clone()).collect(),
            Check::Enthusiasm => self.enthusiasm.clone(),
            Check::Tailored => self.tailoring.clone(),
            Check::AskedQuestion => self.question.cues.clone(),
        }
    }
}

/// How the answer was given: typed or aloud, the time it took and the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timing {
    pub typed: bool,
    pub taken: Duration,
    pub limit: Duration,
}

/// Speaking time of `words` at `WORDS_PER_MINUTE`.
pub fn speaking_time(words: usize) -> Duration {
    let words = u64::try_from(words).unwrap_or(u64::MAX);
    Duration::from_millis(words.saturating_mul(60_000) / WORDS_PER_MINUTE)
}

/// Reads an answer against the usual one-to-two-minute target.
pub fn analyse(answer: &str, cues: &Cues) -> Signals {
    analyse_with(answer, cues, Target::DEFAULT)
}

/// Reads an answer against a question's own target (`Question::target`),
/// with the default thresholds and no time limit.
pub fn analyse_with(answer: &str, cues: &Cues, target: Target) -> Signals {
    read(answer, cues, &Thresholds::default(), target, None, &[])
}

/// Reads an answer to `question`, typed or given aloud, against the
/// question's target inside the time limit, with the set's thresholds.
pub fn analyse_timed(
    answer: &str,
    set: &InterviewSet,
    question: &Question,
    timing: Timing,
) -> Signals {
    let mut target = question.target;
    if timing.typed {
        target = target.typed(set.thresholds.typed_min_percent);
    }
    let points: Vec<(&str, &[super::text::Cue])> = question
        .points
        .iter()
        .map(|p| (p.id.as_str(), p.cues.as_slice()))
        .collect();
    read(
        answer,
        &set.cues,
        &set.thresholds,
        target.within(timing.limit),
        Some((timing.taken, timing.limit)),
        &points,
    )
}

/// Reads every signal of `answer`: its length against `target` (and the
/// time it took against the limit, when timed), STAR, "I" and "we",
/// fillers and hedges, negativity, enthusiasm, tailoring, the question
/// asked, and the talking `points`.
fn read(
    answer: &str,
    cues: &Cues,
    thresholds: &Thresholds,
    target: Target,
    time: Option<(Duration, Duration)>,
    points: &[(&str, &[super::text::Cue])],
) -> Signals {
    let lexicon = Lexicon {
        numbers: &cues.numbers,
        past: &cues.past,
        not_past: &cues.not_past,
    };
    let ranges = super::segment::sentences(answer, &cues.abbreviations);
    let tokens = Tokens::with_sentences(answer, ranges, Some(&lexicon));
    let star = super::star::read(&tokens, cues, thresholds);
    let i = tokens.find(&cues.first_person);
    let we = tokens.find(&cues.team);
    let we_heavy = star.action.is_empty() && we.len() >= thresholds.we_heavy_at;
    let sentences = tokens.all_sentences();
    let negation = Negation::new(&tokens, &cues.negation, thresholds.negation_window);
    let negativity = negativity(&tokens, cues, &negation, &sentences);
    let mut enthusiasm = tokens.find(&cues.enthusiasm);
    enthusiasm.retain(|h| !negation.negates(h));
    let question = asked(&tokens, cues, &sentences);
    let mut hedging = tokens.find(&cues.hedging);
    // A hedge that leads into a question is politeness ("maybe a strange
    // one: what's…", "I suppose I'd like to know…"), not doubt.
    hedging.retain(|h| {
        !question
            .cues
            .iter()
            .any(|q| q.sentence == h.sentence && q.word > h.word)
    });
    Signals {
        length: length(tokens.word_count(), target, time),
        sentences,
        star,
        i,
        we,
        we_heavy,
        filler: tokens.find(&cues.filler),
        hedging,
        negativity,
        enthusiasm,
        tailoring: tokens.find(&cues.tailoring),
        question,
        points: points
            .iter()
            .map(|(id, cues)| (id.to_string(), tokens.find(cues)))
            .collect(),
        thresholds: *thresholds,
    }
}

/// An answer of `words` words against its target, and (`time`: taken,
/// limit) against the time limit.
fn length(words: usize, target: Target, time: Option<(Duration, Duration)>) -> Length {
    let speaking = speaking_time(words);
    let verdict = match time {
        _ if words == 0 => LengthVerdict::Empty,
        Some((taken, limit)) if taken > limit => LengthVerdict::OverLimit,
        _ if speaking < target.min => LengthVerdict::TooShort,
        _ if speaking > target.max => LengthVerdict::TooLong,
        _ => LengthVerdict::InRange,
    };
    Length {
        words,
        speaking_time: speaking,
        target,
        verdict,
        taken: time.map(|(t, _)| t),
        limit: time.map(|(_, l)| l),
    }
}

/// One remark per sentence where a negative word (not negated) meets a
/// word for an employer or colleague.
fn negativity(
    tokens: &Tokens,
    cues: &Cues,
    negation: &Negation,
    sentences: &[String],
) -> Vec<NegativeRemark> {
    let workplace = tokens.find(&cues.workplace);
    let mut negativity: Vec<NegativeRemark> = Vec::new();
    for word in tokens.find(&cues.negativity) {
        if negation.negates(&word) || negativity.iter().any(|n| n.word.sentence == word.sentence) {
            continue;
        }
        if let Some(about) = workplace.iter().find(|w| w.sentence == word.sentence) {
            negativity.push(NegativeRemark {
                about: about.clone(),
                sentence: sentences.get(word.sentence).cloned().unwrap_or_default(),
                word,
            });
        }
    }
    negativity
}

/// The sentences that ask something: ending with `?` and holding a
/// question word, or holding a question phrase ("I'm curious how…").
fn asked(tokens: &Tokens, cues: &Cues, sentences: &[String]) -> AskedQuestion {
    let words = tokens.find(&cues.question_words);
    let phrases = tokens.find(&cues.question);
    let mut hits: Vec<Hit> = Vec::new();
    let mut questions = Vec::new();
    for (at, sentence) in sentences.iter().enumerate() {
        let in_it = |h: &&Hit| h.sentence == at;
        let asking: Vec<Hit> = words.iter().filter(in_it).cloned().collect();
        if ends_with_question_mark(sentence) && !asking.is_empty() {
            questions.push(sentence.clone());
            hits.extend(asking);
        }
        hits.extend(phrases.iter().filter(in_it).cloned());
    }
    let ends_with_question = sentences
        .iter()
        .rev()
        .find(|s| !s.is_empty())
        .is_some_and(|s| ends_with_question_mark(s));
    AskedQuestion {
        questions,
        ends_with_question,
        cues: hits,
    }
}

/// Ends with `?` (or a full-width one), allowing closing quotes and brackets.
fn ends_with_question_mark(sentence: &str) -> bool {
    sentence
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}')
        })
        .ends_with(['?', '\u{FF1F}'])
}
