//! The interview content model as the rest of the program sees it: a set of
//! questions, the rubric they are rated against and the cue words the signals
//! look for. Plain data, checked by `parse`; nothing here reads files.

use std::time::Duration;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::check::Check;
use super::text::Cue;

/// A checked `kind = "interview"` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewSet {
    pub id: String,
    pub title: String,
    /// The chapter the set belongs with, if any.
    pub chapter: Option<u32>,
    /// Where the set came from (the `file_label` given to the parser).
    pub source: String,
    /// The self-rating checklist, in file order.
    pub rubric: Vec<RubricItem>,
    pub cues: Cues,
    /// Questions in file order (closing questions included).
    pub questions: Vec<Question>,
    /// Ids this file points at in other files (`card`, `advice`), with where,
    /// so the loader can check them against everything it loaded.
    pub references: Vec<Reference>,
    /// Scripted follow-up questions that a gap in a check asks.
    pub follow_ups: Vec<ScriptedFollowUp>,
    /// For each check name: what would have counted, shown with a gap.
    pub would_count: BTreeMap<String, String>,
    pub thresholds: Thresholds,
}

/// A follow-up question an interviewer asks when a check finds a gap
/// ("By how much?" when the result has no number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptedFollowUp {
    pub id: String,
    /// The check whose gap triggers it.
    pub when: Check,
    pub ask: String,
}

/// The numbers the checks use, from the content's `[thresholds]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// More fillers than this is a gap.
    pub fillers_allowed: usize,
    /// More hedges than this is a gap.
    pub hedges_allowed: usize,
    /// A story with no step of the speaker's own and at least this many
    /// "we" is "we"-heavy.
    pub we_heavy_at: usize,
    /// A negation this many words or fewer before a negative or an
    /// enthusiastic word cancels it ("nobody's to blame", "didn't enjoy").
    pub negation_window: usize,
    /// The lower bound of a typed answer's target, as a percentage of the
    /// spoken one (typing is slower than speaking).
    pub typed_min_percent: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            fillers_allowed: 0,
            hedges_allowed: 0,
            we_heavy_at: 2,
            negation_window: 2,
            typed_min_percent: 50,
        }
    }
}

/// One point of the self-rating checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricItem {
    pub id: String,
    /// Short text for the checklist ("STAR structure").
    pub label: String,
    /// What ticking it means, one or two sentences.
    pub description: String,
    /// The flashcard or insight that teaches this point.
    pub card: Option<String>,
    /// The automatic signal that can suggest ticking it.
    pub signal: Option<SignalKind>,
}

/// The automatic signals a rubric item can be suggested from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    /// All four STAR parts found.
    Star,
    /// A number in the same sentence as an outcome word.
    Result,
    /// Words that tie the answer to this company or role.
    Tailored,
    /// Enthusiasm words.
    Enthusiasm,
    /// Inside the target time and few fillers or hedges.
    Concise,
    /// No negative words about employers or colleagues.
    NoNegativity,
    /// The answer asks the interviewer something.
    AskedQuestion,
}

impl SignalKind {
    pub const ALL: [SignalKind; 7] = [
        SignalKind::Star,
        SignalKind::Result,
        SignalKind::Tailored,
        SignalKind::Enthusiasm,
        SignalKind::Concise,
        SignalKind::NoNegativity,
        SignalKind::AskedQuestion,
    ];

    /// The name written in content files.
    pub fn name(self) -> &'static str {
        match self {
            SignalKind::Star => "star",
            SignalKind::Result => "result",
            SignalKind::Tailored => "tailored",
            SignalKind::Enthusiasm => "enthusiasm",
            SignalKind::Concise => "concise",
            SignalKind::NoNegativity => "no-negativity",
            SignalKind::AskedQuestion => "asked-question",
        }
    }

    pub fn from_name(name: &str) -> Option<SignalKind> {
        SignalKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One interview question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    /// What the question probes, as free labels ("adaptability"); shown to
    /// the user and used to vary a session's mix.
    pub skills: Vec<String>,
    /// Ids of the rubric items this question is rated against, in rubric
    /// order. Every item when the file lists none.
    pub probes: Vec<String>,
    /// Follow-ups an interviewer might ask next.
    pub follow_ups: Vec<String>,
    /// Ids of the chapter parts whose text answers this question (an
    /// interview answer, an insight, the conclusion): the model advice.
    pub advice: Vec<String>,
    /// Advice in our own words where the chapter says nothing; shown
    /// marked as general advice, never as the chapter's.
    pub general_advice: Option<String>,
    /// The answer an imported guide gives under the question itself (not
    /// ours, not the chapter's): shown as the guide's.
    pub guide_answer: Option<String>,
    /// What a strong answer covers, drawn from the advice.
    pub points: Vec<TalkingPoint>,
    /// The interviewer's "Do you have any questions for us?": ends a session.
    pub closing: bool,
    /// How long a spoken answer should take.
    pub target: Target,
}

/// A talking point of one question, found in an answer by its cues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalkingPoint {
    pub id: String,
    /// Short text for the screen ("Shows you researched the company").
    pub label: String,
    /// The chapter part it comes from, if any.
    pub from: Option<String>,
    pub cues: Vec<Cue>,
}

/// The speaking time an answer should land in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub min: Duration,
    pub max: Duration,
}

impl Target {
    /// One to two minutes, the usual advice for a behavioural answer.
    pub const DEFAULT: Target = Target {
        min: Duration::from_secs(60),
        max: Duration::from_secs(120),
    };
}

impl Target {
    /// The target for a typed answer: half the lower bound, the same upper
    /// bound. Typing is slower than speaking, so a complete typed STAR story
    /// is often 60-80 words, which reads as 30-40 s at 130 words a minute:
    /// against the spoken 1-2 minutes it would always be "too short".
    pub fn for_typed(self) -> Target {
        self.typed(50)
    }

    /// The target for a typed answer with the lower bound at `percent` of
    /// the spoken one.
    pub fn typed(self, percent: u32) -> Target {
        Target {
            min: self.min * percent.min(100) / 100,
            max: self.max,
        }
    }

    /// The target inside a time limit: neither bound past the limit.
    pub fn within(self, limit: Duration) -> Target {
        Target {
            min: self.min.min(limit),
            max: self.max.min(limit),
        }
    }
}

impl Default for Target {
    fn default() -> Self {
        Target::DEFAULT
    }
}

/// The cue word lists, one per signal. Every list is non-empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cues {
    /// Setting the scene ("last year", "at my previous job").
    pub situation: Vec<Cue>,
    /// The goal or task ("I needed to", "my goal").
    pub task: Vec<Cue>,
    /// Actions told in the first person ("I decided", "then I").
    pub action: Vec<Cue>,
    /// Outcome words ("as a result", "saved", "reduced").
    pub result: Vec<Cue>,
    /// Number words besides digits ("percent", "half", "doubled").
    pub numbers: Vec<Cue>,
    /// "I" words, counted against `team`.
    pub first_person: Vec<Cue>,
    /// "We" words.
    pub team: Vec<Cue>,
    pub filler: Vec<Cue>,
    pub hedging: Vec<Cue>,
    /// Negative words; they count only in a sentence that also has a
    /// `workplace` word.
    pub negativity: Vec<Cue>,
    /// Who negativity would be about ("boss", "manager", "colleague").
    pub workplace: Vec<Cue>,
    pub enthusiasm: Vec<Cue>,
    /// Words tying the answer to this company or role ("your team", "this role").
    pub tailoring: Vec<Cue>,
    /// Phrases that ask the interviewer something ("could you tell me").
    pub question: Vec<Cue>,
    /// Problems that make a task ("crashed", "a mistake"); unlike `task`
    /// (goals), they do not stop a sentence from being a result.
    pub problem: Vec<Cue>,
    /// Habits and generalities ("usually", "all the time"): a sentence with
    /// one tells no particular story.
    pub habit: Vec<Cue>,
    /// Past-tense verbs that do not end in -ed ("went", "built").
    pub past: Vec<Cue>,
    /// Words ending in -ed that are no past tense ("need", "hundred").
    pub not_past: Vec<Cue>,
    /// Words that cancel a negative or enthusiastic word just after them.
    pub negation: Vec<Cue>,
    /// Words that make a sentence a question ("what", "how", "could").
    pub question_words: Vec<Cue>,
    /// Abbreviations that never end a sentence ("Dr.", "e.g."), without
    /// the final dot.
    pub abbreviations: Vec<String>,
}

/// An id pointing into another content file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The field it was written in: `card` or `model`.
    pub field: String,
    pub id: String,
    pub line: usize,
    pub col: usize,
}

impl InterviewSet {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn rubric_item(&self, id: &str) -> Option<&RubricItem> {
        self.rubric.iter().find(|r| r.id == id)
    }

    /// The rubric items a question is rated against, in rubric order.
    pub fn rubric_for(&self, question: &Question) -> Vec<&RubricItem> {
        self.rubric
            .iter()
            .filter(|r| question.probes.contains(&r.id))
            .collect()
    }

    /// Closing questions ("Do you have any questions for us?").
    pub fn closing_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(|q| q.closing)
    }
}

#[cfg(test)]
mod typed_target_tests {
    use super::*;

    #[test]
    fn a_typed_seventy_word_star_answer_is_in_range_but_not_spoken() {
        let seventy = crate::domain::interview::speaking_time(70);
        assert!(seventy < Target::DEFAULT.min);
        let typed = Target::DEFAULT.for_typed();
        assert!(seventy >= typed.min && seventy <= typed.max);
        assert_eq!(typed.max, Target::DEFAULT.max);
    }
}
