//! Reading a content directory from disk: every `*.toml` file in it (not
//! recursive), each parsed by `domain::content::parse`. Files that are not
//! regular files, too large, or links out of the directory are refused with a
//! located problem; the good files still load.

use std::path::Path;

use crate::domain::content::parse::{MAX_FILE_BYTES, Parsed, assemble, parse_bytes};
use crate::domain::content::sanitize::escape_controls;
use crate::domain::content::{Library, Problem, Severity};

/// A path as shown in messages: file names may hold any byte but NUL and
/// `/`, so control characters in them are shown escaped.
fn shown_path(path: &Path) -> String {
    escape_controls(&path.display().to_string())
}

/// Loads every `*.toml` file of a directory (not recursive). Files that are
/// not regular files, or links leading out of the directory, are refused.
pub fn load_dir(dir: &Path) -> Library {
    load_dir_with(dir, |name, _real, _meta, bytes| parse_bytes(name, bytes))
}

/// [`load_dir`] with the parsing step supplied: `parse` gets the name to
/// report, the resolved path, its metadata and its bytes (the content cache
/// uses this).
pub fn load_dir_with(
    dir: &Path,
    mut parse: impl FnMut(&str, &Path, &std::fs::Metadata, &[u8]) -> (Option<Parsed>, Vec<Problem>),
) -> Library {
    let err = |path: &Path, message: String| Problem {
        path: shown_path(path),
        line: 1,
        col: 1,
        severity: Severity::Error,
        message,
    };
    let mut problems = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(err(dir, format!("cannot read content directory: {e}")));
            return Library {
                problems,
                ..Library::default()
            };
        }
    };
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut parsed = Vec::new();
    for path in paths {
        let real = match std::fs::canonicalize(&path) {
            Ok(real) => real,
            Err(e) => {
                problems.push(err(&path, format!("cannot open: {e}")));
                continue;
            }
        };
        if !real.starts_with(&root) {
            problems.push(err(
                &path,
                format!(
                    "links outside the content directory (to {}); refused",
                    shown_path(&real)
                ),
            ));
            continue;
        }
        let meta = match std::fs::metadata(&real) {
            Ok(m) if m.is_dir() => {
                problems.push(err(&path, "is a directory; expected a TOML file".into()));
                continue;
            }
            // A FIFO or a device would hang the read or never end: refused
            // before it is opened.
            Ok(m) if !m.is_file() => {
                problems.push(err(
                    &path,
                    "is not a regular file (a FIFO, socket or device); expected a TOML file".into(),
                ));
                continue;
            }
            Ok(m) if m.len() > MAX_FILE_BYTES => {
                problems.push(err(
                    &path,
                    format!(
                        "file is {} bytes, over the limit of {} bytes; split it into several files",
                        m.len(),
                        MAX_FILE_BYTES
                    ),
                ));
                continue;
            }
            Ok(m) => m,
            Err(e) => {
                problems.push(err(&path, format!("cannot open: {e}")));
                continue;
            }
        };
        match std::fs::read(&real) {
            Ok(bytes) => {
                let (p, mut probs) = parse(&shown_path(&path), &real, &meta, &bytes);
                parsed.extend(p);
                problems.append(&mut probs);
            }
            Err(e) => problems.push(err(&path, format!("cannot read: {e}"))),
        }
    }
    if parsed.is_empty() && problems.is_empty() {
        problems.push(err(dir, "no *.toml content files in this directory".into()));
    }
    assemble(parsed, problems)
}
