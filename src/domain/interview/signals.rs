//! Automatic feedback signals read from an answer's text: length and speaking
//! time, STAR coverage, "I" against "we", fillers and hedges, negativity about
//! employers or colleagues, enthusiasm, tailoring and the question asked.
//! Every signal keeps the words that triggered it. The word lists come from
//! the content file's `[cues]`; only the rules live here.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::model::{Cues, Target};
use super::text::{Hit, Tokens};

/// Speaking pace used to turn words into time.
pub const WORDS_PER_MINUTE: u64 = 130;

/// Everything read from one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signals {
    pub length: Length,
    pub star: Star,
    /// First-person "I" words, to set against `we`.
    pub i: Vec<Hit>,
    pub we: Vec<Hit>,
    pub filler: Vec<Hit>,
    pub hedging: Vec<Hit>,
    pub negativity: Vec<NegativeRemark>,
    pub enthusiasm: Vec<Hit>,
    pub tailoring: Vec<Hit>,
    pub question: AskedQuestion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Length {
    pub words: usize,
    /// At `WORDS_PER_MINUTE`.
    pub speaking_time: Duration,
    pub target: Target,
    pub verdict: LengthVerdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LengthVerdict {
    /// No words at all (for example an answer given aloud).
    Empty,
    TooShort,
    InRange,
    TooLong,
}

/// STAR coverage: each part with the words that showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Star {
    pub situation: Vec<Hit>,
    pub task: Vec<Hit>,
    pub action: Vec<Hit>,
    pub result: ResultSignal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StarPart {
    Situation,
    Task,
    Action,
    Result,
}

/// The result of a STAR story: outcome words, and the numbers found in the
/// same sentence as one of them (a number elsewhere, say a year in the
/// situation, says nothing about the result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultSignal {
    pub outcomes: Vec<Hit>,
    pub numbers: Vec<Hit>,
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
    /// Sentences ending with a question mark, trimmed, in order.
    pub questions: Vec<String>,
    /// The answer's last sentence is a question.
    pub ends_with_question: bool,
    /// Question phrases found ("could you tell me").
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

impl Star {
    pub fn hits(&self, part: StarPart) -> &[Hit] {
        match part {
            StarPart::Situation => &self.situation,
            StarPart::Task => &self.task,
            StarPart::Action => &self.action,
            StarPart::Result => &self.result.outcomes,
        }
    }

    pub fn has(&self, part: StarPart) -> bool {
        match part {
            StarPart::Result => self.result.present(),
            other => !self.hits(other).is_empty(),
        }
    }

    /// Parts found, in STAR order.
    pub fn covered(&self) -> Vec<StarPart> {
        StarPart::ALL.into_iter().filter(|p| self.has(*p)).collect()
    }

    pub fn missing(&self) -> Vec<StarPart> {
        StarPart::ALL
            .into_iter()
            .filter(|p| !self.has(*p))
            .collect()
    }

    pub fn complete(&self) -> bool {
        self.missing().is_empty()
    }
}

impl StarPart {
    pub const ALL: [StarPart; 4] = [
        StarPart::Situation,
        StarPart::Task,
        StarPart::Action,
        StarPart::Result,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StarPart::Situation => "situation",
            StarPart::Task => "task",
            StarPart::Action => "action",
            StarPart::Result => "result",
        }
    }
}

impl ResultSignal {
    pub fn present(&self) -> bool {
        !self.outcomes.is_empty()
    }

    /// A measurable result: a number next to an outcome word.
    pub fn specific(&self) -> bool {
        !self.numbers.is_empty()
    }
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

/// Reads an answer against a question's own target (`Question::target`).
pub fn analyse_with(answer: &str, cues: &Cues, target: Target) -> Signals {
    let tokens = Tokens::new(answer);
    let words = tokens.word_count();
    let time = speaking_time(words);
    let verdict = if words == 0 {
        LengthVerdict::Empty
    } else if time < target.min {
        LengthVerdict::TooShort
    } else if time > target.max {
        LengthVerdict::TooLong
    } else {
        LengthVerdict::InRange
    };

    let outcomes = tokens.find(&cues.result);
    let mut numbers: Vec<Hit> = tokens.digits();
    numbers.extend(tokens.find(&cues.numbers));
    numbers.retain(|n| outcomes.iter().any(|o| o.sentence == n.sentence));
    numbers.sort_by_key(|h| h.chars.start);

    let workplace = tokens.find(&cues.workplace);
    let negativity = tokens
        .find(&cues.negativity)
        .into_iter()
        .filter_map(|word| {
            let about = workplace.iter().find(|w| w.sentence == word.sentence)?;
            Some(NegativeRemark {
                about: about.clone(),
                sentence: tokens
                    .sentence(word.sentence)
                    .unwrap_or_default()
                    .to_string(),
                word,
            })
        })
        .collect();

    let questions: Vec<String> = tokens
        .sentences()
        .filter(|s| ends_with_question_mark(s))
        .map(str::to_string)
        .collect();
    let ends_with_question = tokens
        .sentences()
        .last()
        .is_some_and(ends_with_question_mark);

    Signals {
        length: Length {
            words,
            speaking_time: time,
            target,
            verdict,
        },
        star: Star {
            situation: tokens.find(&cues.situation),
            task: tokens.find(&cues.task),
            action: tokens.find(&cues.action),
            result: ResultSignal { outcomes, numbers },
        },
        i: tokens.find(&cues.first_person),
        we: tokens.find(&cues.team),
        filler: tokens.find(&cues.filler),
        hedging: tokens.find(&cues.hedging),
        negativity,
        enthusiasm: tokens.find(&cues.enthusiasm),
        tailoring: tokens.find(&cues.tailoring),
        question: AskedQuestion {
            questions,
            ends_with_question,
            cues: tokens.find(&cues.question),
        },
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
