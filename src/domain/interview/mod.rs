//! Mock interviews, the pure part: the `kind = "interview"` content model and
//! its parser, feedback signals read from an answer's text, the self-rated
//! rubric and scorecards, and session planning with a countdown. No files, no
//! clock (times are passed in), no terminal, no database.
//!
//! A session, as the screens would drive it:
//! 1. `plan_session(&set, length, seed)` gives the question ids;
//! 2. per question, `remaining(started_at, now, limit)` drives the countdown;
//! 3. on submit, `feedback(&set, question, answer, timing)` gives every
//!    check that applies with its evidence, the talking points and the
//!    follow-ups the gaps trigger; `suggest(&set.rubric_for(question),
//!    &feedback.signals)` the suggested ticks; the user toggles a
//!    `RubricRating`, and `AnswerScore::new` makes the scorecard line to
//!    store;
//! 4. `SessionScore` is the scorecard; `trend(&past)` the stats.
//! 5. each answer is an `Attempt` (unique id, self-rating, follow-ups) of a
//!    `SessionRecord`; `by_question` and `change` give the history per
//!    question; a rubric item missed becomes a `MissedPoint`, a card of its own.

pub mod attempt;
pub mod attempt_history;
pub mod check;
pub mod feedback;
pub mod missed_point;
pub mod model;
mod negation;
pub mod parse;
pub mod plan;
mod raw;
pub mod score;
pub mod segment;
pub mod signals;
pub mod star;
pub mod text;

pub use attempt::{
    Attempt, FollowUpAnswer, IdSource, InterviewMode, InterviewSession, SessionRecord,
};
pub use attempt_history::{AttemptChange, QuestionAttempts, by_question, change, covered};
pub use feedback::{
    Check, CheckResult, Evidence, Feedback, FollowUp, PointResult, Timing, Verdict, feedback,
};
pub use missed_point::{MISSED_DECK_ID, MISSED_DECK_TITLE, MissedPoint, missed_card_id};
pub use model::{
    Cues, InterviewSet, Question, Reference, RubricItem, ScriptedFollowUp, SignalKind,
    TalkingPoint, Target, Thresholds,
};
pub use parse::{
    Diagnostic, Severity, check_references, is_interview_file, parse_interview,
    parse_interview_with_warnings,
};
pub use plan::{
    Countdown, DEFAULT_TIME_LIMIT, SessionLength, TIME_LIMIT_MINUTES, plan_session, remaining,
    time_limit,
};
pub use score::{
    AnswerScore, MissedItem, RubricRating, SessionScore, SignalSummary, Suggestion, Trend, suggest,
    trend,
};
pub use signals::{
    AskedQuestion, Length, LengthVerdict, NegativeRemark, ResultSignal, Signals, Star, StarPart,
    WORDS_PER_MINUTE, analyse, analyse_timed, analyse_with, speaking_time,
};
pub use text::{Cue, CueCount, Hit, tally};

#[cfg(test)]
mod tests;
