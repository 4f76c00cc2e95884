//! The content shipped inside the binary (the files of `content/`).

use super::model::Library;

/// Bundled content files: (name, text).
pub const FILES: &[(&str, &str)] = &[
    (
        "bundled/chapter-17.toml",
        include_str!("../../../content/chapter-17.toml"),
    ),
    (
        "bundled/chapter-17-practice.toml",
        include_str!("../../../content/chapter-17-practice.toml"),
    ),
    (
        "bundled/chapter-17-interview.toml",
        include_str!("../../../content/chapter-17-interview.toml"),
    ),
];

/// Loads the bundled content.
pub fn load() -> Library {
    super::parse::load_files(FILES.iter().map(|(n, t)| (*n, t.as_bytes())))
}
