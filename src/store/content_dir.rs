//! Reading a content directory from disk: every `*.toml` file in it (not
//! recursive), each parsed by `domain::content::parse`. Files that are not
//! regular files, too large, or links out of the directory are refused with a
//! located problem; the good files still load.

use std::path::{Path, PathBuf};

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
    let (parsed, problems) = read_dir_with(dir, |file| {
        let bytes = file.read()?;
        Ok(parse_bytes(file.name, &bytes))
    });
    assemble(parsed, problems)
}

/// One content file found in the directory, not yet read.
pub struct ContentFile<'a> {
    /// The name to report in problems (the path as given, controls escaped).
    pub name: &'a str,
    /// The resolved path.
    pub real: &'a Path,
    pub meta: &'a std::fs::Metadata,
}

impl ContentFile<'_> {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.real)
    }
}

/// The files of [`load_dir`], each given to `parse` (which reads it, or
/// takes its parsed form from elsewhere: the content cache uses this), with
/// the problems found, in file name order and not yet assembled. A read
/// error from `parse` is reported as the file's problem.
pub fn read_dir_with(
    dir: &Path,
    mut parse: impl FnMut(&ContentFile<'_>) -> std::io::Result<(Option<Parsed>, Vec<Problem>)>,
) -> (Vec<Parsed>, Vec<Problem>) {
    let (root, paths) = match toml_files(dir) {
        Ok(found) => found,
        Err(problem) => return (Vec::new(), vec![problem]),
    };
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for path in paths {
        let (real, meta) = match admit(&path, &root) {
            Ok(admitted) => admitted,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let name = shown_path(&path);
        let file = ContentFile {
            name: &name,
            real: &real,
            meta: &meta,
        };
        match parse(&file) {
            Ok((p, mut probs)) => {
                parsed.extend(p);
                problems.append(&mut probs);
            }
            Err(e) => problems.push(file_error(&path, format!("cannot read: {e}"))),
        }
    }
    if parsed.is_empty() && problems.is_empty() {
        problems.push(file_error(
            dir,
            "no *.toml content files in this directory".into(),
        ));
    }
    (parsed, problems)
}

/// An error about a whole file (or the directory), placed at its start.
fn file_error(path: &Path, message: String) -> Problem {
    Problem {
        path: shown_path(path),
        line: 1,
        col: 1,
        severity: Severity::Error,
        message,
    }
}

/// The directory as resolved (links followed) and its `*.toml` paths, sorted
/// by name; or why it cannot be read.
fn toml_files(dir: &Path) -> Result<(PathBuf, Vec<PathBuf>), Problem> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| file_error(dir, format!("cannot read content directory: {e}")))?;
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    Ok((root, paths))
}

/// A file found in the directory `root`, resolved, with its metadata, when
/// it may be read: not a link out of the directory, a regular file (a FIFO
/// or a device would hang the read or never end: refused before it is
/// opened), and within [`MAX_FILE_BYTES`]. Otherwise the problem that says
/// why not.
fn admit(path: &Path, root: &Path) -> Result<(PathBuf, std::fs::Metadata), Problem> {
    let real =
        std::fs::canonicalize(path).map_err(|e| file_error(path, format!("cannot open: {e}")))?;
    if !real.starts_with(root) {
        return Err(file_error(
            path,
            format!(
                "links outside the content directory (to {}); refused",
                shown_path(&real)
            ),
        ));
    }
    match std::fs::metadata(&real) {
        Ok(m) if m.is_dir() => Err(file_error(
            path,
            "is a directory; expected a TOML file".into(),
        )),
        Ok(m) if !m.is_file() => Err(file_error(
            path,
            "is not a regular file (a FIFO, socket or device); expected a TOML file".into(),
        )),
        Ok(m) if m.len() > MAX_FILE_BYTES => Err(file_error(
            path,
            format!(
                "file is {} bytes, over the limit of {} bytes; split it into several files",
                m.len(),
                MAX_FILE_BYTES
            ),
        )),
        Ok(m) => Ok((real, m)),
        Err(e) => Err(file_error(path, format!("cannot open: {e}"))),
    }
}
