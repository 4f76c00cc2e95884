//! `studyguide import`: turning a chapter written as Markdown, or an Anki
//! plain-text export, into content TOML ([`toml_out`] writes it).

pub mod anki;
pub mod markdown;
pub mod markdown_blocks;
pub mod toml_out;
