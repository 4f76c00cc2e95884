//! Where each card is written in its file, and the card-linter warnings it
//! is allowed (`lint.allow`, with `lint.reason`). Only `check` asks the
//! parser for these (see `parse::parse_bytes_with_sources`); the drill never
//! needs them, so they stay out of the content model and its cache.

use serde::{Deserialize, Serialize};

/// A 1-based line and column in a content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

/// One card as written: an explicit `[[cards]]` entry, or a question or
/// insight (which makes a card unless it says `card = false`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardSource {
    /// The card's id (a cloze text's, not each gap's).
    pub id: String,
    /// The file, as problems name it.
    pub path: String,
    /// The card's `id` (a question's or insight's `card` table when it
    /// has one).
    pub at: Position,
    /// Its `front` (`card.front`, a question's `question`), when written.
    pub front_at: Option<Position>,
    /// Its `back` (`card.back`, a question's `answer`), when written.
    pub back_at: Option<Position>,
    /// Its `from`, when written.
    pub from_at: Option<Position>,
    /// The linter's codes it allows, each where it is written.
    pub allow: Vec<(String, Position)>,
    /// Why (`lint.reason`).
    pub reason: Option<String>,
}
