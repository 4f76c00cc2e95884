//! Writing a run's files: every one checked as `check` loads it and none
//! over an input, then all written together; files an earlier, bigger
//! import of a page left beside it are named.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Converted;
use crate::cli::import::output_ids::owned_by;
use crate::cli::import::{parts, refuse_overwriting_input};
use crate::cli::output::say;
use crate::domain::content::sanitize::escape_controls;

/// Checks every file as `check` loads it, refuses to write over an input,
/// writes them all together, and names files an earlier import left.
pub(super) fn write_all(done: &[Converted], inputs: &[PathBuf]) -> anyhow::Result<()> {
    let paths = check_all(done, inputs)?;
    let files: Vec<(PathBuf, &[u8])> = done
        .iter()
        .flat_map(|c| c.texts.iter().map(|(p, t)| (p.clone(), t.as_bytes())))
        .collect();
    if files.is_empty() {
        return Ok(());
    }
    crate::store::atomic_file::write_all_atomically(&files)
        .with_context(|| format!("cannot write the {} files of the import", files.len()))?;
    let written: BTreeSet<&PathBuf> = paths.iter().collect();
    for c in done {
        name_stale_files(c, &written);
    }
    Ok(())
}

/// Checks every text (files and standard output) as `check` loads it, and
/// that no file would be written over an input; returns the files' paths.
fn check_all(done: &[Converted], inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    let mut texts = Vec::new();
    let mut names = Vec::new();
    for c in done {
        for (path, text) in &c.texts {
            paths.push(path.clone());
            names.push(path.display().to_string());
            texts.push(text.clone());
        }
        if let Some(text) = &c.stdout {
            names.push(c.shown.clone());
            texts.push(text.clone());
        }
    }
    parts::check_all(&texts, &names)?;
    for path in &paths {
        for input in inputs {
            refuse_overwriting_input(input, Some(path))?;
        }
    }
    Ok(paths)
}

/// Names the files beside a page's chapter file that an earlier, bigger
/// import of it left and this one did not write: they would load stale ids.
fn name_stale_files(c: &Converted, written: &BTreeSet<&PathBuf>) {
    let Some(base) = &c.base else { return };
    let dir = base
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &dir
    }) else {
        return;
    };
    let mut stale: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| owned_by(base, &e.file_name().to_string_lossy()))
        .map(|e| base.with_file_name(e.file_name()))
        .filter(|p| !written.contains(p))
        .collect();
    stale.sort();
    for p in stale {
        say(&escape_controls(&format!(
            "{}: warning: left from an earlier import of {}, and not made this time; remove it",
            p.display(),
            c.input.display()
        )));
    }
}
