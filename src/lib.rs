//! studyguide: a terminal study guide. Read a chapter's interviews and insights,
//! drill its questions as spaced-repetition flashcards, and keep bookmarks.
//!
//! Domain modules (`content`, `cards`, `markdown`, `schedule`, `store`) know
//! nothing of the terminal; `app`, `ui` and `update` tie them to ratatui.

pub mod cards;
pub mod content;
pub mod markdown;
