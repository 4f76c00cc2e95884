//! The domain layer: pure functions and values. Content model and parsing,
//! Markdown layout, scheduling and the due queue, cards, search and quick-jump
//! ranking, bookmarks, progress and statistics.
//!
//! Rule: nothing here touches the disk, reads the clock or knows the terminal
//! or the database: no `std::fs`, no `Utc::now`/`Local::now`, no
//! ratatui/crossterm, no rusqlite, and no `crate::store`, `crate::tui` or
//! `crate::cli`. Time arrives as an argument.

pub mod advice;
pub mod bookmarks;
pub mod card_id;
pub mod card_index;
pub mod cards;
pub mod content;
pub mod document;
pub mod drafts;
pub mod grade;
pub mod interview;
pub mod lint;
pub mod markdown;
pub mod missed_cards;
pub mod progress;
pub mod review_log;
pub mod schedule;
pub mod search;
pub mod session_queue;
pub mod stats;
pub mod text;
pub mod time_range;
pub mod waiting;
