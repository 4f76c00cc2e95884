//! STAR, sentence by sentence. A sentence that tells part of a story is in
//! the past tense and names no habit ("usually", "all the time"); in such
//! sentences the cues find the situation, the task (a goal, or a problem)
//! and the speaker's own actions ("I" and a verb in the past tense). A
//! result is an outcome cue, or a change "from" one number "to" another,
//! in a sentence that is not a goal. One sentence is never both task and
//! result: before the first action, a goal ("we needed to cut onboarding
//! time") or a problem is the task; after it, a sentence with an outcome is
//! the result ("I was asked to join the group"). Numbers count for the result only in its own
//! sentences.

use super::model::{Cues, Thresholds};
use serde::{Deserialize, Serialize};

use super::negation::Negation;
use super::text::{Hit, Tokens};

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
/// result's sentences (a number elsewhere, say a team size in the
/// situation, says nothing about the result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultSignal {
    pub outcomes: Vec<Hit>,
    pub numbers: Vec<Hit>,
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
        !self.hits(part).is_empty()
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

    /// A measurable result: a number in a result sentence.
    pub fn specific(&self) -> bool {
        !self.numbers.is_empty()
    }
}

/// Words within which "from" and "to" must each meet a number.
const CHANGE_REACH: usize = 3;

/// Reads STAR from an answer's words: the situation, the task, the
/// speaker's actions and the result, each only in sentences that tell a
/// story.
pub fn read(tokens: &Tokens, cues: &Cues, thresholds: &Thresholds) -> Star {
    let narrative = narrative(tokens, cues);
    let keep = |mut hits: Vec<Hit>| {
        hits.retain(|h| narrative.get(h.sentence).copied().unwrap_or(false));
        hits
    };
    let negation = Negation::new(tokens, &cues.negation, thresholds.negation_window);
    let mut goals = keep(tokens.find(&cues.task));
    // "Nobody asked me to" sets no task.
    goals.retain(|g| !negation.negates(g));
    let mut problems = keep(tokens.find(&cues.problem));
    let action = keep(tokens.find(&cues.action));
    let first_action = action.first().map(|h| h.sentence);
    // The scene is set before the story moves: a "when the…" after the
    // first action is part of the telling, not the situation.
    let mut situation = keep(tokens.find(&cues.situation));
    situation.retain(|h| first_action.is_none_or(|a| h.sentence <= a));
    let outcomes = outcomes(tokens, cues, first_action, &goals, &problems);
    problems.retain(|p| !outcomes.iter().any(|o| o.sentence == p.sentence));
    goals.retain(|g| !outcomes.iter().any(|o| o.sentence == g.sentence));

    let mut task = goals;
    task.extend(problems);
    task.sort_by_key(|h| h.word);
    let numbers = result_numbers(tokens, cues, &outcomes);
    Star {
        situation,
        task,
        action,
        result: ResultSignal { outcomes, numbers },
    }
}

/// For each sentence, whether it tells part of a story: a verb in the past
/// tense and no habit cue.
fn narrative(tokens: &Tokens, cues: &Cues) -> Vec<bool> {
    let habit: Vec<Hit> = tokens.find(&cues.habit);
    (0..tokens.sentence_count())
        .map(|s| {
            !habit.iter().any(|h| h.sentence == s) && tokens.words_of(s).any(|w| tokens.is_past(w))
        })
        .collect()
}

/// The result's outcomes (outcome cues and measured changes), in word
/// order. None lies in a goal sentence before the first action (at
/// sentence `first_action`), in the opening sentence of a longer answer,
/// or in a problem sentence before the first action or at it.
fn outcomes(
    tokens: &Tokens,
    cues: &Cues,
    first_action: Option<usize>,
    goals: &[Hit],
    problems: &[Hit],
) -> Vec<Hit> {
    let sentences = tokens.sentence_count();
    let after_action = |s: usize| first_action.is_some_and(|a| s > a);
    // A goal before the story moves is the task, whatever else its
    // sentence says; after the first action, "I was asked to join the
    // group" is how it ended.
    let is_goal = |s: usize| !after_action(s) && goals.iter().any(|g| g.sentence == s);
    let mut outcomes = tokens.find(&cues.result);
    outcomes.extend(changes(tokens));
    // A goal is no result, nor is the opening sentence of a longer answer:
    // it sets the scene ("Our team once shipped an update with…").
    let opening = |s: usize| s == 0 && sentences > 1;
    outcomes.retain(|h| !is_goal(h.sentence) && !opening(h.sentence));
    outcomes.sort_by_key(|h| h.word);
    outcomes.dedup_by_key(|h| h.word);
    // A problem and an outcome in one sentence: before (or at) the first
    // action it is the task, after it the result.
    outcomes
        .retain(|o| after_action(o.sentence) || !problems.iter().any(|p| p.sentence == o.sentence));
    outcomes
}

/// The numbers in the result's sentences, each with a `%` after it kept.
fn result_numbers(tokens: &Tokens, cues: &Cues, outcomes: &[Hit]) -> Vec<Hit> {
    let mut numbers = tokens.find(&cues.numbers);
    numbers.retain(|n| outcomes.iter().any(|o| o.sentence == n.sentence));
    numbers
        .into_iter()
        .map(|n| {
            // Keep a `%` after a number in the evidence.
            let count = n.text.split_whitespace().count().max(1);
            tokens.hit(n.word, count, &n.cue, true)
        })
        .collect()
}

/// "from" then a number, and later "to" then a number, in one sentence:
/// a measured change ("from a two-hour checklist to a twelve-minute run").
fn changes(tokens: &Tokens) -> Vec<Hit> {
    let words = &tokens.words;
    let number_within = |at: usize| (at + 1..=at + CHANGE_REACH).any(|k| tokens.is_number(k));
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.norm != "from" || !number_within(i) {
            continue;
        }
        let to = tokens
            .words_of(w.sentence)
            .filter(|&k| k > i)
            .find(|&k| words.get(k).is_some_and(|t| t.norm == "to") && number_within(k));
        if let Some(to) = to {
            out.push(tokens.hit(i, to + 1 - i, "from # to #", false));
        }
    }
    out
}
