//! Mock interviews, the pure part: the `kind = "interview"` content model and
//! its parser, feedback signals read from an answer's text, and the
//! self-rated rubric with scorecards. No files, no clock, no terminal, no
//! database.

pub mod model;
pub mod parse;
mod raw;
pub mod score;
pub mod signals;
pub mod text;

pub use model::{Cues, InterviewSet, Question, Reference, RubricItem, SignalKind, Target};
pub use parse::{
    Diagnostic, Severity, check_references, is_interview_file, parse_interview,
    parse_interview_with_warnings,
};
pub use score::{
    AnswerScore, MissedItem, RubricRating, SessionScore, SignalSummary, Suggestion, Trend, suggest,
    trend,
};
pub use signals::{
    AskedQuestion, Length, LengthVerdict, NegativeRemark, ResultSignal, Signals, Star, StarPart,
    WORDS_PER_MINUTE, analyse, analyse_with, speaking_time,
};
pub use text::{Cue, CueCount, Hit, tally};

#[cfg(test)]
mod tests;
