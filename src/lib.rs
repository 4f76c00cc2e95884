//! studyguide: a terminal study guide. Read a chapter's interviews and insights,
//! drill its questions as spaced-repetition flashcards, and keep bookmarks.
//!
//! Domain modules (`content`, `cards`, `document`, `markdown`, `schedule`,
//! `store`) know nothing of the terminal; `update` changes `state`; `ui` draws
//! it; `app` runs the loop.

pub mod action;
pub mod app;
pub mod bookmarks;
pub mod bookmarks_export;
pub mod cards;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod document;
pub mod fuzzy;
pub mod generate;
#[path = "domain/interview/mod.rs"]
pub mod interview;
pub mod keymap;
pub mod markdown;
pub mod paths;
pub mod progress;
pub mod report;
pub mod run;
pub mod schedule;
pub mod search;
pub mod state;
pub mod stats;
pub mod store;
pub mod terminal;
pub mod text_input;
pub mod theme_config;
pub mod ui;
pub mod update;
