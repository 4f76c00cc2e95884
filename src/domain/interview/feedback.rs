//! The feedback on one answer, as the screens and the store see it: every
//! check that applies to the question with its verdict, the words that
//! triggered it and, for a gap, what would have counted; the question's
//! talking points covered or missed with the matched words; and the
//! scripted follow-up questions the gaps trigger. Built from `Signals` by
//! `feedback`; nothing here reads files or a clock.

use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use super::check::Check;
use super::model::{InterviewSet, Question, SignalKind};
pub use super::signals::Timing;
use super::signals::{LengthVerdict, Signals, analyse_timed};
use super::text::Hit;

impl Check {
    /// Whether this check applies to `question`: length, fillers, hedges
    /// and negativity always; the STAR checks when it probes `star`; the
    /// number in the result when it probes `star` or `result`; the others
    /// when it probes the rubric item with that signal.
    pub fn applies(self, set: &InterviewSet, question: &Question) -> bool {
        let probes = |kind: SignalKind| {
            set.rubric_for(question)
                .iter()
                .any(|item| item.signal == Some(kind))
        };
        match self {
            Check::Length | Check::Filler | Check::Hedging | Check::Negativity => true,
            Check::Situation | Check::Task | Check::Action | Check::Ownership => {
                probes(SignalKind::Star)
            }
            Check::Result | Check::Quantified => {
                probes(SignalKind::Star) || probes(SignalKind::Result)
            }
            Check::Enthusiasm => probes(SignalKind::Enthusiasm),
            Check::Tailored => probes(SignalKind::Tailored),
            Check::AskedQuestion => question.closing || probes(SignalKind::AskedQuestion),
        }
    }
}

/// ✓ or ✗.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Good,
    Gap,
}

/// Words of the answer that triggered a check, with the sentence they are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The words exactly as the user wrote them.
    pub words: String,
    /// Their place in the answer, in characters.
    pub chars: Range<usize>,
    /// The whole sentence, trimmed.
    pub sentence: String,
}

/// One row of the feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub check: Check,
    /// Whether what the check looks for was found (a situation, a filler).
    pub found: bool,
    pub verdict: Verdict,
    /// A short line for the screen ("3 words: \"um\", \"basically\"").
    pub summary: String,
    /// The words that triggered it, in answer order.
    pub evidence: Vec<Evidence>,
    /// For a gap: what would have counted (from the content's `[would_count]`).
    pub would_count: Option<String>,
}

/// A talking point of the question, covered or missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointResult {
    pub id: String,
    pub label: String,
    pub covered: bool,
    /// The answer's words that matched the point's cues.
    pub matched: Vec<Evidence>,
    /// The chapter part the point comes from, if any.
    pub from: Option<String>,
}

/// A scripted follow-up question that a gap triggers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The id in the content's `[[follow_ups]]`.
    pub id: String,
    pub ask: String,
    /// The check whose gap asks it.
    pub because: Check,
}

/// Everything the coach says about one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub question: String,
    pub words: usize,
    /// The checks that apply to the question, in `Check::ALL` order.
    pub checks: Vec<CheckResult>,
    pub points: Vec<PointResult>,
    pub follow_ups: Vec<FollowUp>,
    /// The analysis the checks were read from, for rubric suggestions.
    pub signals: Signals,
}

impl Feedback {
    pub fn check(&self, check: Check) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.check == check)
    }

    pub fn gaps(&self) -> impl Iterator<Item = &CheckResult> {
        self.checks.iter().filter(|c| c.verdict == Verdict::Gap)
    }

    pub fn missed_points(&self) -> impl Iterator<Item = &PointResult> {
        self.points.iter().filter(|p| !p.covered)
    }
}

/// The feedback on `answer` to `question` of `set`.
pub fn feedback(set: &InterviewSet, question: &Question, answer: &str, timing: Timing) -> Feedback {
    let signals = analyse_timed(answer, set, question, timing);
    let mut checks = Vec::new();
    for check in Check::ALL {
        if check.applies(set, question) {
            checks.push(result(set, &signals, check));
        }
    }
    let points = question
        .points
        .iter()
        .map(|point| {
            let matched: Vec<Evidence> = signals
                .points
                .iter()
                .filter(|(id, _)| *id == point.id)
                .flat_map(|(_, hits)| hits.iter().map(|h| evidence(&signals, h)))
                .collect();
            PointResult {
                id: point.id.clone(),
                label: point.label.clone(),
                covered: !matched.is_empty(),
                matched,
                from: point.from.clone(),
            }
        })
        .collect();
    let follow_ups = set
        .follow_ups
        .iter()
        .filter(|f| {
            checks
                .iter()
                .any(|c| c.check == f.when && c.verdict == Verdict::Gap)
        })
        .map(|f| FollowUp {
            id: f.id.clone(),
            ask: f.ask.clone(),
            because: f.when,
        })
        .collect();
    Feedback {
        question: question.id.clone(),
        words: signals.length.words,
        checks,
        points,
        follow_ups,
        signals,
    }
}

fn evidence(signals: &Signals, hit: &Hit) -> Evidence {
    Evidence {
        words: hit.text.clone(),
        chars: hit.chars.clone(),
        sentence: signals
            .sentences
            .get(hit.sentence)
            .cloned()
            .unwrap_or_default(),
    }
}

/// The first few matched words, quoted: `"last year", "I decided"`, with
/// `+N` for the rest.
pub fn quoted(words: &[Evidence], most: usize) -> String {
    let mut out: Vec<String> = words
        .iter()
        .take(most)
        .map(|e| format!("\"{}\"", e.words))
        .collect();
    if words.len() > most {
        out.push(format!("+{}", words.len() - most));
    }
    out.join(", ")
}

/// One check read from the signals, whether or not it applies to the
/// question (the corpus test measures every check on every answer).
pub fn detect(set: &InterviewSet, signals: &Signals, check: Check) -> CheckResult {
    result(set, signals, check)
}

fn result(set: &InterviewSet, s: &Signals, check: Check) -> CheckResult {
    let hits = s.hits(check);
    let evidence: Vec<Evidence> = hits.iter().map(|h| evidence(s, h)).collect();
    let found = match check {
        Check::Length => s.length.verdict == LengthVerdict::InRange,
        Check::Ownership => s.we_heavy,
        Check::Filler => s.filler.len() > set.thresholds.fillers_allowed,
        Check::Hedging => s.hedging.len() > set.thresholds.hedges_allowed,
        _ => !evidence.is_empty(),
    };
    let good = if check == Check::Length {
        found
    } else {
        found != check.found_is_bad()
    };
    let summary = summary(s, check, &evidence);
    CheckResult {
        check,
        found,
        verdict: if good { Verdict::Good } else { Verdict::Gap },
        summary,
        would_count: (!good)
            .then(|| set.would_count.get(check.name()).cloned())
            .flatten(),
        evidence,
    }
}

fn summary(s: &Signals, check: Check, evidence: &[Evidence]) -> String {
    let count = |n: usize| {
        if n == 1 {
            String::new()
        } else {
            format!("{n}: ")
        }
    };
    match check {
        Check::Length => s.length.describe(),
        Check::Ownership if s.we_heavy => {
            format!("{} \"we\", no step of your own", s.we.len())
        }
        Check::Ownership => match s.hits(Check::Action).first() {
            Some(h) => format!("your step: \"{}\"", h.text),
            None => "nothing put on a team".into(),
        },
        Check::Negativity if !evidence.is_empty() => {
            let about: Vec<String> = s
                .negativity
                .iter()
                .take(2)
                .map(|n| format!("\"{}\" about \"{}\"", n.word.text, n.about.text))
                .collect();
            format!("{}{}", count(s.negativity.len()), about.join(", "))
        }
        Check::AskedQuestion if !evidence.is_empty() => match s.question.last() {
            Some(q) => format!("\"{q}\""),
            None => quoted(evidence, 2),
        },
        _ if evidence.is_empty() => "none".into(),
        Check::Filler | Check::Hedging => {
            format!("{}{}", count(evidence.len()), quoted(evidence, 3))
        }
        _ => quoted(evidence, 3),
    }
}
