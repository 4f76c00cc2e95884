//! Scoring: the self-rated rubric (ticks, score as the share ticked), ticks
//! suggested from the signals with the reason, one answer's scorecard line,
//! a session's scorecard, and the trend over past sessions.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::{InterviewSet, Question, RubricItem, SignalKind};
use super::signals::{LengthVerdict, Signals, StarPart};

/// The rubric items the user ticked for one answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricRating {
    pub ticked: BTreeSet<String>,
}

impl RubricRating {
    /// Ticks or unticks an item; returns whether it is now ticked.
    pub fn toggle(&mut self, item: &str) -> bool {
        if self.ticked.remove(item) {
            false
        } else {
            self.ticked.insert(item.to_string());
            true
        }
    }

    pub fn is_ticked(&self, item: &str) -> bool {
        self.ticked.contains(item)
    }

    /// The share of `items` ticked, 0.0 to 1.0 (0.0 for no items). Ticks of
    /// ids not in `items` do not count.
    pub fn score(&self, items: &[&RubricItem]) -> f64 {
        share(
            items.iter().filter(|i| self.is_ticked(&i.id)).count(),
            items.len(),
        )
    }

    /// The ticks the signals suggest, as a starting point for the user.
    pub fn from_suggestions(suggestions: &[Suggestion]) -> RubricRating {
        RubricRating {
            ticked: suggestions
                .iter()
                .filter(|s| s.suggested)
                .map(|s| s.item.clone())
                .collect(),
        }
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// What the signals say about one rubric item that has a `signal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub item: String,
    pub suggested: bool,
    /// Why, in a few words, for the screen.
    pub why: String,
}

/// Suggestions for the `items` (a question's rubric) from the signals. Items
/// without a `signal` get none. An empty answer suggests nothing.
pub fn suggest(items: &[&RubricItem], signals: &Signals) -> Vec<Suggestion> {
    items
        .iter()
        .filter_map(|item| {
            let (suggested, why) = judge(item.signal?, signals);
            Some(Suggestion {
                item: item.id.clone(),
                suggested,
                why,
            })
        })
        .collect()
}

/// Whether the answer shows the rubric item's signal `kind`, and why.
fn judge(kind: SignalKind, s: &Signals) -> (bool, String) {
    if s.length.words == 0 {
        return (false, "no text to read".into());
    }
    match kind {
        SignalKind::Star => judge_star(s),
        SignalKind::Result => match s.star.result.numbers.first() {
            Some(n) => (true, format!("a number in the result: \"{}\"", n.text)),
            None if s.star.result.present() => {
                (false, "a result, but no number to make it specific".into())
            }
            None => (false, "no result found".into()),
        },
        SignalKind::Tailored if s.tailoring.is_empty() => {
            (false, "nothing ties it to this company or role".into())
        }
        SignalKind::Tailored => (true, format!("mentions {}", quoted(&s.tailoring))),
        SignalKind::Enthusiasm if s.enthusiasm.is_empty() => (false, "no enthusiasm words".into()),
        SignalKind::Enthusiasm => (true, format!("says {}", quoted(&s.enthusiasm))),
        SignalKind::Concise => judge_concise(s),
        SignalKind::NoNegativity => judge_no_negativity(s),
        SignalKind::AskedQuestion => match s.question.last() {
            Some(q) => (true, format!("asked: {q}")),
            None if s.question.asked() => (true, format!("asks {}", quoted(&s.question.cues))),
            None => (false, "no question for the interviewer".into()),
        },
    }
}

/// The first three hits' words, quoted: `"excited", "love"`.
fn quoted(hits: &[super::text::Hit]) -> String {
    let words: Vec<String> = hits
        .iter()
        .take(3)
        .map(|h| format!("\"{}\"", h.text))
        .collect();
    words.join(", ")
}

/// STAR: all four parts found, or those missing.
fn judge_star(s: &Signals) -> (bool, String) {
    let missing = s.star.missing();
    if missing.is_empty() {
        (true, "all four STAR parts found".into())
    } else {
        let names: Vec<&str> = missing.iter().map(|p| StarPart::label(*p)).collect();
        (false, format!("no sign of: {}", names.join(", ")))
    }
}

/// Concise: within the target time, with no more fillers and hedges than
/// the Fillers and Hedges rows of the feedback allow.
fn judge_concise(s: &Signals) -> (bool, String) {
    let fillers = s.filler.len() + s.hedging.len();
    let allowed = s.thresholds.fillers_allowed + s.thresholds.hedges_allowed;
    match s.length.verdict {
        LengthVerdict::TooShort => (false, "shorter than the target time".into()),
        LengthVerdict::TooLong => (false, "longer than the target time".into()),
        LengthVerdict::OverLimit => (false, "over the time limit".into()),
        _ if fillers > allowed => (
            false,
            format!("{fillers} fillers or hedges in {} words", s.length.words),
        ),
        _ if allowed == 0 => (true, "within the target time, no fillers or hedges".into()),
        _ => (true, "within the target time, few fillers".into()),
    }
}

/// No negativity: nothing negative said about employers or colleagues,
/// or the first such remark.
fn judge_no_negativity(s: &Signals) -> (bool, String) {
    match s.negativity.first() {
        Some(n) if s.negativity.len() > 1 => (
            false,
            format!(
                "{} remarks: \"{}\" about \"{}\", …",
                s.negativity.len(),
                n.word.text,
                n.about.text
            ),
        ),
        Some(n) => (
            false,
            format!("\"{}\" about \"{}\"", n.word.text, n.about.text),
        ),
        None => (
            true,
            "nothing negative about employers or colleagues".into(),
        ),
    }
}

/// The few numbers of the signals worth keeping with a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalSummary {
    pub words: usize,
    pub speaking_time: Duration,
    pub verdict: LengthVerdict,
    pub star: Vec<StarPart>,
    pub specific_result: bool,
    pub i_count: usize,
    pub we_count: usize,
    pub filler: usize,
    pub hedging: usize,
    pub negativity: usize,
    pub enthusiasm: usize,
    pub tailoring: usize,
    pub asked_question: bool,
}

impl From<&Signals> for SignalSummary {
    fn from(s: &Signals) -> Self {
        SignalSummary {
            words: s.length.words,
            speaking_time: s.length.speaking_time,
            verdict: s.length.verdict,
            star: s.star.covered(),
            specific_result: s.star.result.specific(),
            i_count: s.i.len(),
            we_count: s.we.len(),
            filler: s.filler.len(),
            hedging: s.hedging.len(),
            negativity: s.negativity.len(),
            enthusiasm: s.enthusiasm.len(),
            tailoring: s.tailoring.len(),
            asked_question: s.question.asked(),
        }
    }
}

/// One answered question on the scorecard. Keeps the rubric ids it was rated
/// against, so old sessions still score the same after the content changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerScore {
    pub question: String,
    pub prompt: String,
    /// The typed answer; `None` when answered aloud.
    pub answer: Option<String>,
    pub time_taken: Duration,
    pub limit: Duration,
    /// `None` when answered aloud (nothing to read).
    pub signals: Option<SignalSummary>,
    pub rated_against: Vec<String>,
    pub rating: RubricRating,
}

impl AnswerScore {
    /// Builds the line for `question`. `answer` is `None` for an answer given aloud.
    pub fn new(
        set: &InterviewSet,
        question: &Question,
        answer: Option<&str>,
        time_taken: Duration,
        limit: Duration,
        rating: RubricRating,
    ) -> AnswerScore {
        let signals = answer
            .map(|a| {
                let timing = super::signals::Timing {
                    typed: true,
                    taken: time_taken,
                    limit,
                };
                super::signals::analyse_timed(a, set, question, timing)
            })
            .map(|s| SignalSummary::from(&s));
        AnswerScore {
            question: question.id.clone(),
            prompt: question.prompt.clone(),
            answer: answer.map(str::to_string),
            time_taken,
            limit,
            signals,
            rated_against: question.probes.clone(),
            rating,
        }
    }

    pub fn overrun(&self) -> Duration {
        self.time_taken.saturating_sub(self.limit)
    }

    pub fn words(&self) -> usize {
        self.signals.as_ref().map_or(0, |s| s.words)
    }

    /// The share of the rubric items ticked, 0.0 to 1.0.
    pub fn score(&self) -> f64 {
        let ticked = self
            .rated_against
            .iter()
            .filter(|id| self.rating.is_ticked(id))
            .count();
        share(ticked, self.rated_against.len())
    }

    /// Rubric items not ticked, in rubric order.
    pub fn missed(&self) -> impl Iterator<Item = &str> {
        self.rated_against
            .iter()
            .filter(|id| !self.rating.is_ticked(id))
            .map(String::as_str)
    }
}

/// A finished (or interrupted) session's scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionScore {
    pub set: String,
    pub started_at: DateTime<Utc>,
    pub answers: Vec<AnswerScore>,
}

impl SessionScore {
    /// The mean of the answers' scores; `None` before any answer.
    pub fn score(&self) -> Option<f64> {
        if self.answers.is_empty() {
            return None;
        }
        let sum: f64 = self.answers.iter().map(AnswerScore::score).sum();
        Some(sum / self.answers.len() as f64)
    }

    pub fn total_time(&self) -> Duration {
        self.answers.iter().map(|a| a.time_taken).sum()
    }

    /// How many answers went past their time limit.
    pub fn overruns(&self) -> usize {
        self.answers
            .iter()
            .filter(|a| !a.overrun().is_zero())
            .count()
    }
}

/// Scores over past sessions and the rubric items most often missed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// One point per session with at least one answer, oldest first.
    pub scores: Vec<(DateTime<Utc>, f64)>,
    /// Most missed first; ties by the share missed, then by id.
    pub missed: Vec<MissedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissedItem {
    pub item: String,
    /// Answers where it was not ticked.
    pub missed: usize,
    /// Answers rated against it.
    pub rated: usize,
}

pub fn trend(sessions: &[SessionScore]) -> Trend {
    let mut scores: Vec<(DateTime<Utc>, f64)> = sessions
        .iter()
        .filter_map(|s| Some((s.started_at, s.score()?)))
        .collect();
    scores.sort_by_key(|(at, _)| *at);

    let mut missed: Vec<MissedItem> = Vec::new();
    for answer in sessions.iter().flat_map(|s| &s.answers) {
        for id in &answer.rated_against {
            let entry = match missed.iter().position(|m| m.item == *id) {
                Some(i) => &mut missed[i],
                None => {
                    missed.push(MissedItem {
                        item: id.clone(),
                        missed: 0,
                        rated: 0,
                    });
                    let last = missed.len() - 1;
                    &mut missed[last]
                }
            };
            entry.rated += 1;
            if !answer.rating.is_ticked(id) {
                entry.missed += 1;
            }
        }
    }
    missed.retain(|m| m.missed > 0);
    missed.sort_by(|a, b| {
        b.missed
            .cmp(&a.missed)
            // a missed / a rated > b missed / b rated, without floats
            .then((b.missed * a.rated).cmp(&(a.missed * b.rated)))
            .then(a.item.cmp(&b.item))
    });
    Trend { scores, missed }
}
