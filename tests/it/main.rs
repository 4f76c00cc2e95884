//! Every integration test in one binary (one link instead of thirty-odd):
//! each file of this folder is a module. Shared helpers live in `common`
//! (state, screens, the pseudo-terminal), `cli_common` (a sandbox for the
//! real binary) and `hostile` (hostile content fixtures).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_common;
mod common;
mod hostile;

mod architecture;
mod bookmarks_screens;
mod cli;
mod cli_exit_codes;
mod cli_hardening;
mod cli_import;
mod cli_import_guides;
mod cli_messages;
mod cli_study;
mod cloze_cards;
mod content_cache_bodies;
mod day_boundaries;
mod drafts_two_windows;
mod drill_screens;
mod drill_trust;
mod drill_two_windows;
mod due_from_states;
mod e2e_bookmarks;
mod e2e_drafts;
mod e2e_drill;
mod e2e_grade_pauses;
mod e2e_interview;
mod e2e_reader;
mod editor_screens;
mod fsrs_reference;
mod generate;
mod hostile_content;
mod hostile_terminal;
mod import_generated;
mod interview_attempts;
mod interview_corpus;
mod interview_imported_screens;
mod interview_screens;
mod output_files;
mod print_stream;
mod prop_dates;
mod prop_guides;
mod prop_hostile;
mod prop_inputs;
mod random_actions;
mod reader_restore;
mod reader_screens;
mod refused_writes;
mod screen_safe_text;
mod screen_sizes;
mod search_big;
mod search_screens;
mod signals;
mod startup_big_chapter;
mod startup_deferred;
mod store;
mod store_first_start;
mod store_hardening;
mod store_integrity;
mod store_recovery;
mod unsaved_progress_screens;
mod user_data;
