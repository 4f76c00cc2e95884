//! Chapter content: the model, its TOML schema, loading with located errors,
//! text sanitising, and the bundled chapters embedded in the binary.

pub mod bundled;
pub mod cache;
pub mod load;
pub mod model;
mod raw;
pub mod sanitize;

pub use cache::load_dir_cached;
pub use load::{LineIndex, MAX_FILE_BYTES, load_dir, load_files, parse_bytes};
pub use model::*;

#[cfg(test)]
mod tests;
