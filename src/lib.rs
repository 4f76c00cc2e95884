//! studyguide: a terminal study guide. Read a chapter's interviews and insights,
//! drill its questions as spaced-repetition flashcards, and keep bookmarks.
//!
//! Four layers, each using only the ones before it (checked on the parsed
//! source by `tests/it/architecture/`):
//! - [`domain`]: pure content, Markdown layout, scheduling, cards, search, stats;
//! - [`store`]: what touches the disk (progress store, content directories, cache);
//! - [`tui`]: the terminal app (event loop, state, update, rendering);
//! - [`cli`]: the command line (arguments, config, subcommands), which starts the TUI.

pub mod cli;
pub mod domain;
#[doc(hidden)]
pub mod generate;
pub mod store;
pub mod sync;
pub mod tui;
