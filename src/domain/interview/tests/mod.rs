//! Unit tests of the interview domain, one file per part: signals on
//! hand-written answers, scoring, parse errors with exact positions, the
//! bundled set and its references, session planning and the countdown.

mod bundled;
mod issue_cases;
mod parse;
mod plan;
mod score;
mod signals;

use super::*;

pub const BUNDLED: &str = include_str!("../../../../content/chapter-17-interview.toml");
pub const CHAPTER: &str = include_str!("../../../../content/chapter-17.toml");
pub const PRACTICE: &str = include_str!("../../../../content/chapter-17-practice.toml");

/// The bundled set; a test fails loudly if it does not parse.
pub fn bundled() -> InterviewSet {
    match parse_interview(BUNDLED, "bundled/chapter-17-interview.toml") {
        Ok(set) => set,
        Err(problems) => panic!(
            "bundled set does not parse:\n{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// The texts of hits, for short assertions.
pub fn texts(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.text.as_str()).collect()
}
