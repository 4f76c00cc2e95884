//! Chapter content: the model, its TOML schema, parsing with located errors,
//! text sanitising, line/column lookup, and the bundled chapters embedded in
//! the binary. Reading directories from disk lives in `store::content_dir`.

pub mod bodies;
pub mod bundled;
pub mod card_source;
pub mod cloze;
pub mod counting_spec;
pub mod deferred;
pub mod encoding;
pub mod interview_file;
pub mod line_index;
pub mod model;
pub mod parse;
pub mod sanitize;
mod schema;

pub use card_source::{CardSource, Position};
pub use line_index::LineIndex;
pub use model::*;
pub use parse::{MAX_FILE_BYTES, load_files, parse_bytes};

#[cfg(test)]
mod tests;
