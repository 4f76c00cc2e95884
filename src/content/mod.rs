//! Chapter content: the model, its TOML schema, loading with located errors,
//! text sanitising, and the bundled chapters embedded in the binary.

pub mod bundled;
pub mod cache;
pub mod load;
pub mod model;
mod raw;
pub mod sanitize;
pub mod scan;

pub use cache::load_dir_cached;
pub use load::{MAX_FILE_BYTES, load_dir, load_files, parse_bytes};
pub use model::*;
pub use scan::LineIndex;

#[cfg(test)]
mod tests;
