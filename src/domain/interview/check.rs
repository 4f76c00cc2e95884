//! The automatic checks of an answer, by name: what content files and the
//! labelled corpus call them, and what the screen shows. Plain data; which
//! check applies to a question is decided in `feedback`.

use serde::{Deserialize, Serialize};

/// One automatic check of an answer. The names are those of content files
/// (`[would_count]`, `[[follow_ups]] when`) and of the labelled corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Length,
    Situation,
    Task,
    Action,
    Result,
    Quantified,
    Ownership,
    Filler,
    Hedging,
    Negativity,
    Enthusiasm,
    Tailored,
    AskedQuestion,
}

impl Check {
    pub const ALL: [Check; 13] = [
        Check::Length,
        Check::Situation,
        Check::Task,
        Check::Action,
        Check::Result,
        Check::Quantified,
        Check::Ownership,
        Check::Filler,
        Check::Hedging,
        Check::Negativity,
        Check::Enthusiasm,
        Check::Tailored,
        Check::AskedQuestion,
    ];

    /// The STAR checks, shown only for questions that probe `star`.
    pub const STAR: [Check; 6] = [
        Check::Situation,
        Check::Task,
        Check::Action,
        Check::Result,
        Check::Quantified,
        Check::Ownership,
    ];

    /// The name written in content files.
    pub fn name(self) -> &'static str {
        match self {
            Check::Length => "length",
            Check::Situation => "situation",
            Check::Task => "task",
            Check::Action => "action",
            Check::Result => "result",
            Check::Quantified => "quantified",
            Check::Ownership => "ownership",
            Check::Filler => "filler",
            Check::Hedging => "hedging",
            Check::Negativity => "negativity",
            Check::Enthusiasm => "enthusiasm",
            Check::Tailored => "tailored",
            Check::AskedQuestion => "asked_question",
        }
    }

    pub fn from_name(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The row's name on screen.
    pub fn label(self) -> &'static str {
        match self {
            Check::Length => "Length",
            Check::Situation => "Situation",
            Check::Task => "Task",
            Check::Action => "Action",
            Check::Result => "Result",
            Check::Quantified => "Number in result",
            Check::Ownership => "Your own part",
            Check::Filler => "Fillers",
            Check::Hedging => "Hedges",
            Check::Negativity => "Negativity",
            Check::Enthusiasm => "Enthusiasm",
            Check::Tailored => "Tailored",
            Check::AskedQuestion => "Your question",
        }
    }

    /// Whether finding the thing is bad (a filler, a hedge, a negative
    /// remark, a "we"-heavy story): then `found` means a gap.
    pub fn found_is_bad(self) -> bool {
        matches!(
            self,
            Check::Filler | Check::Hedging | Check::Negativity | Check::Ownership
        )
    }
}
