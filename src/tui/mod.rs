//! The terminal app: the event loop ([`app`]) and the effect runner
//! ([`effect_runner`]), what can happen ([`action`]), the I/O asked for
//! ([`effect`]), the keymap, the terminal, text boxes, the state
//! ([`state`], data only), every transition ([`update`]) and drawing
//! ([`ui`]).
//!
//! Flow: terminal event → keymap → `Action` → `update(&mut State, Action, now)`
//! → `Vec<Effect>` → the effect runner does the store I/O and reports back as
//! actions → `render(&State)`.
//!
//! Rule: uses `crate::domain` and `crate::store` (and the coming
//! `crate::sync`), never `crate::cli`. Inside: the messages and the model
//! (`action`, `effect`, `state`, `update`, `ui`) carry domain types only —
//! the store is reached by the event loop (`app`, which hands it to the
//! effect runner), the effect runner (`effect_runner`), start-up's loading
//! (`startup`) and the rescue writer (`rescue`) alone — and `ui` does not
//! call into `update`.

pub mod action;
pub mod app;
pub mod editor;
pub mod effect;
pub mod effect_runner;
pub mod keymap;
pub mod keymap_check;
pub mod rescue;
pub mod scroll;
pub mod startup;
pub mod state;
pub mod terminal;
pub mod theme_config;
pub mod ui;
pub mod update;
