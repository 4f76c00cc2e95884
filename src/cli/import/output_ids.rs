//! Where an import's files go and which ids are free there: a page written
//! to `NAME.toml` owns `NAME.toml`, `NAME-ask.toml`, `NAME-interview.toml`,
//! `NAME-interview-2.toml`, … and `NAME-part2.toml`, …; every other content
//! file already in the folder is left alone, and its ids count as taken, so
//! two imports never give the same id (two pages without a title are never
//! both `untitled`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::bail;

use super::toml_out::{Ids, free_id};
use crate::domain::content::MAX_FILE_BYTES;

/// Where the output goes.
pub enum Target {
    Stdout,
    /// `-o FILE`: the chapter there, the rest beside it.
    File(PathBuf),
    /// `-o DIR` (or a folder import): `DIR/ID.toml` and the rest beside it.
    Dir(PathBuf),
}

/// The files a page written to `base` may own: `NAME.toml`, `NAME-ask.toml`,
/// `NAME-interview[-N].toml`, `NAME-partN.toml`.
pub fn owned_by(base: &Path, name: &str) -> bool {
    let Some(stem) = base.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
        return false;
    };
    let Some(rest) = name.strip_suffix(".toml") else {
        return false;
    };
    let Some(tail) = rest.strip_prefix(&stem) else {
        return false;
    };
    let numbered = |t: &str, word: &str| {
        t.strip_prefix(word).is_some_and(|n| {
            n.is_empty()
                || n.strip_prefix('-')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        })
    };
    tail.is_empty()
        || tail == "-ask"
        || numbered(tail, "-interview")
        || tail
            .strip_prefix("-part")
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// The ids every content file in `dir` defines, by file name.
fn ids_in_dir(dir: &Path) -> Vec<(String, Vec<String>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let small =
            std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_FILE_BYTES);
        if !name.ends_with(".toml") || !small {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let (parsed, _) = crate::domain::content::parse_bytes(&name, &bytes);
        use crate::domain::content::parse::{Parsed, chapter_ids};
        let ids: Vec<String> = match parsed {
            Some(Parsed::Chapter(c)) => chapter_ids(&c).into_iter().map(str::to_string).collect(),
            Some(Parsed::Deck(d)) => std::iter::once(d.id.clone())
                .chain(d.cards.iter().map(|c| c.id.to_string()))
                .collect(),
            Some(Parsed::Interview(s)) => std::iter::once(s.id.clone())
                .chain(s.questions.iter().map(|q| q.id.clone()))
                .collect(),
            None => Vec::new(),
        };
        out.push((name, ids));
    }
    out
}

/// Gives each page its id: the one it wants, or `-2`, `-3`, … when another
/// page of this run or a file the run leaves alone already uses it.
/// Returns the ids and an id giver holding every id in use.
pub fn assign_ids(wanted: &[String], target: &Target) -> anyhow::Result<(Vec<String>, Ids)> {
    let dir = match target {
        Target::Stdout => None,
        Target::File(o) => Some(
            o.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ),
        Target::Dir(d) => Some(d.clone()),
    };
    let existing = dir.as_deref().map(ids_in_dir).unwrap_or_default();
    let base_of = |id: &str| -> Option<PathBuf> {
        match target {
            Target::Stdout => None,
            Target::File(o) => Some(o.clone()),
            Target::Dir(d) => Some(d.join(format!("{id}.toml"))),
        }
    };
    let mut chosen: Vec<String> = Vec::new();
    // A few rounds: a page that moves to `ID-2` leaves its old files alone,
    // whose ids then count as taken.
    for _ in 0..4 {
        let bases: Vec<PathBuf> = if chosen.is_empty() {
            wanted.iter().filter_map(|w| base_of(w)).collect()
        } else {
            chosen.iter().filter_map(|c| base_of(c)).collect()
        };
        let left_alone: BTreeSet<&str> = existing
            .iter()
            .filter(|(name, _)| !bases.iter().any(|b| owned_by(b, name)))
            .flat_map(|(_, ids)| ids.iter().map(String::as_str))
            .collect();
        let mut next: Vec<String> = Vec::new();
        for w in wanted {
            let id = free_id(w, |id| {
                left_alone.contains(id) || next.iter().any(|n| n == id)
            });
            next.push(id);
        }
        let settled = next == chosen;
        chosen = next;
        if settled {
            let mut ids = Ids::default();
            for id in left_alone
                .iter()
                .copied()
                .chain(chosen.iter().map(String::as_str))
            {
                ids.reserve(id);
            }
            return Ok((chosen, ids));
        }
    }
    bail!("could not find free ids for the pages against the files in the output folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_owns_its_chapter_sets_deck_and_parts_only() {
        let base = Path::new("content/guide.toml");
        for name in [
            "guide.toml",
            "guide-ask.toml",
            "guide-interview.toml",
            "guide-interview-3.toml",
            "guide-part2.toml",
        ] {
            assert!(owned_by(base, name), "{name}");
        }
        for name in [
            "guide-questions.toml",
            "guide-interview-x.toml",
            "guide-part.toml",
            "other.toml",
            "guide.md",
        ] {
            assert!(!owned_by(base, name), "{name}");
        }
    }

    #[test]
    fn ids_in_files_left_alone_are_taken_and_the_own_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let chapter = |id: &str| {
            format!(
                "id = \"{id}\"\nnumber = 0\ntitle = \"T\"\n\n[introduction]\nid = \"{id}-intro\"\ntitle = \"I\"\nbody = \"b\"\n"
            )
        };
        // An earlier import of the same page: overwritten, so not in the way.
        std::fs::write(dir.path().join("untitled.toml"), chapter("untitled")).unwrap();
        // Another page's file holding the id a second page wants.
        std::fs::write(dir.path().join("notes.toml"), chapter("readme")).unwrap();
        let target = Target::Dir(dir.path().to_path_buf());
        let wanted = [
            "untitled".to_string(),
            "readme".to_string(),
            "untitled".to_string(),
        ];
        let (ids, mut giver) = assign_ids(&wanted, &target).unwrap();
        assert_eq!(ids, ["untitled", "readme-2", "untitled-2"]);
        assert!(giver.is_taken("readme-intro"));
        assert_eq!(giver.unique("readme"), "readme-3");
    }
}
