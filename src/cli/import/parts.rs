//! Cutting an import that is too big for one content file into several: a
//! deck's cards, or a chapter's pieces (introduction, interviews, sections,
//! insights, conclusion), go in order into as few files as keep each under
//! the content limit. Part 1 is the file named with `-o`; part *k* is written
//! beside it as `NAME-partK.toml`, with its own id (`ID-partK`) and the title
//! "TITLE (part k of n)". Every part is checked the way `check` loads it, and
//! all are written together: temporary files first, renamed only when every
//! one is on disk.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::bail;

/// What an import made, as a run of pieces that can be cut between.
pub trait Splittable: Sync {
    /// How many pieces there are (cards, or a chapter's parts).
    fn pieces(&self) -> usize;
    /// About how many bytes piece `i` takes in the TOML.
    fn piece_bytes(&self, i: usize) -> usize;
    /// What one piece is called in a message ("card `x`").
    fn piece_name(&self, i: usize) -> String;
    /// The TOML of the file holding `pieces`, part `part` (from 1) of `of`;
    /// with `of == 1` it is the whole import, as written without splitting.
    fn part_toml(&self, pieces: Range<usize>, part: usize, of: usize) -> anyhow::Result<String>;
}

/// Makes the import's texts: one file when it fits under `limit` bytes (or
/// when it goes to standard output, which cannot be split), else as few
/// parts as keep each under `limit`. `shown` names the input in messages.
pub fn cut(
    content: &impl Splittable,
    shown: &str,
    limit: u64,
    can_split: bool,
) -> anyhow::Result<Vec<String>> {
    let sizes: Vec<usize> = (0..content.pieces())
        .map(|i| content.piece_bytes(i))
        .collect();
    let estimate: usize = sizes.iter().sum();
    // As few parts as the estimate allows; one more when a part comes out
    // over the limit after all.
    let mut of = if can_split {
        estimate.div_ceil((limit as usize).max(1)).max(1)
    } else {
        1
    };
    loop {
        let ranges = ranges_or_whole(balanced(&sizes, of), sizes.len());
        let of_now = ranges.len();
        let texts = parallel_map(&ranges, |k, r| content.part_toml(r.clone(), k + 1, of_now))
            .into_iter()
            .collect::<anyhow::Result<Vec<String>>>()?;
        let over = texts.iter().position(|t| t.len() as u64 > limit);
        let Some(over) = over else {
            return Ok(texts);
        };
        if !can_split {
            bail!(
                "the converted {shown} is {} bytes, over the content limit of {limit} bytes; give an output file with -o and it is written in parts, each under the limit",
                texts[over].len()
            );
        }
        if let Some(r) = ranges.get(over).filter(|r| r.len() == 1) {
            bail!(
                "{shown}: {} alone is {} bytes in TOML, over the content limit of {limit} bytes; shorten it and import again",
                content.piece_name(r.start),
                texts[over].len()
            );
        }
        // One more part, or as many more as the texts' real length needs
        // (an estimate far too low, as with text that TOML must escape).
        let written: usize = texts.iter().map(String::len).sum();
        of = (of + 1).max(written.div_ceil((limit as usize).max(1)));
    }
}

fn ranges_or_whole(ranges: Vec<Range<usize>>, len: usize) -> Vec<Range<usize>> {
    if ranges.is_empty() {
        // One run of every piece (none, when there are none).
        std::iter::once(0..len).collect()
    } else {
        ranges
    }
}

/// Cuts `sizes` into at most `parts` runs of about equal total size, each
/// holding at least one piece; no pieces give no runs.
pub fn balanced(sizes: &[usize], parts: usize) -> Vec<Range<usize>> {
    let total: usize = sizes.iter().sum();
    let parts = parts.clamp(1, sizes.len().max(1));
    let mut ranges = Vec::with_capacity(parts);
    let mut start = 0;
    let mut sum = 0;
    for (i, size) in sizes.iter().enumerate() {
        sum += size;
        let cut_at = total * (ranges.len() + 1) / parts;
        let left = sizes.len() - i - 1;
        let runs_after = parts - ranges.len() - 1;
        // Cut when this run reached its share, or when each piece left must
        // start a run of its own.
        if ranges.len() + 1 < parts && (sum >= cut_at || left == runs_after) && left > 0 {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < sizes.len() {
        ranges.push(start..sizes.len());
    }
    ranges
}

/// Runs `f` on every item on up to as many threads as there are cores,
/// keeping the order of the results.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len());
    if threads <= 1 {
        return items.iter().enumerate().map(|(k, t)| f(k, t)).collect();
    }
    let f = &f;
    let mut slots: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let chunks = slots.chunks_mut(items.len().div_ceil(threads));
        let mut first = 0;
        for chunk in chunks {
            let at = first;
            first += chunk.len();
            scope.spawn(move || {
                for (j, slot) in chunk.iter_mut().enumerate() {
                    *slot = items.get(at + j).map(|t| f(at + j, t));
                }
            });
        }
    });
    slots.into_iter().flatten().collect()
}

/// Checks every part on the available cores; the first error message wins.
pub fn check_all(texts: &[String], names: &[String]) -> anyhow::Result<()> {
    let pairs: Vec<(&String, &String)> = texts.iter().zip(names).collect();
    parallel_map(&pairs, |_, (text, name)| super::check_output(text, name))
        .into_iter()
        .collect()
}

/// Where part `k` (from 1) of an import written to `output` goes: part 1 is
/// `output` itself, the others `STEM-partK.EXT` beside it (the name kept as
/// the system has it, also when it is not UTF-8).
pub fn part_path(output: &Path, part: usize) -> PathBuf {
    if part <= 1 {
        return output.to_path_buf();
    }
    let mut name = output
        .file_stem()
        .map_or_else(|| "import".into(), std::ffi::OsStr::to_os_string);
    name.push(format!("-part{part}"));
    if let Some(ext) = output.extension() {
        name.push(".");
        name.push(ext);
    }
    output.with_file_name(name)
}

/// The id of part `part` of `of`: part 1 keeps `base`, the others get
/// `BASE-partK` (with `-2`, `-3`, ... while `taken` says an id is in use).
pub fn part_id(base: &str, part: usize, taken: impl Fn(&str) -> bool) -> String {
    if part <= 1 {
        return base.to_string();
    }
    super::toml_out::free_id(&format!("{base}-part{part}"), taken)
}

/// The title of part `part` of `of` ("TITLE (part 2 of 3)"), or `title` whole.
pub fn part_title(title: &str, part: usize, of: usize) -> String {
    if of <= 1 {
        title.to_string()
    } else {
        format!("{title} (part {part} of {of})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn part_files_sit_beside_the_first_with_their_number() {
        let out = Path::new("content/deck.toml");
        assert_eq!(part_path(out, 1), out);
        assert_eq!(part_path(out, 3), Path::new("content/deck-part3.toml"));
        assert_eq!(part_path(Path::new("deck"), 2), Path::new("deck-part2"));
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            // A name that is not UTF-8 keeps its bytes.
            let odd = Path::new(std::ffi::OsStr::from_bytes(b"d/\xffx.toml"));
            let part = part_path(odd, 2);
            assert_eq!(part.as_os_str().as_bytes(), b"d/\xffx-part2.toml");
        }
        let taken = |id: &str| id == "d-part2";
        assert_eq!(part_id("d", 1, taken), "d");
        assert_eq!(part_id("d", 2, taken), "d-part2-2");
        assert_eq!(part_id("d", 3, taken), "d-part3");
        assert_eq!(part_title("T", 2, 3), "T (part 2 of 3)");
        assert_eq!(part_title("T", 1, 1), "T");
    }

    #[test]
    fn balanced_runs_are_about_equal() {
        assert_eq!(balanced(&[1, 1, 1, 1], 2), vec![0..2, 2..4]);
        assert_eq!(balanced(&[10, 1, 1, 1, 1], 2), vec![0..1, 1..5]);
        assert_eq!(balanced(&[1, 1, 10], 3), vec![0..1, 1..2, 2..3]);
        assert_eq!(balanced(&[5], 4), vec![0..1]);
        assert_eq!(balanced(&[], 3), Vec::<Range<usize>>::new());
    }

    proptest! {
        #[test]
        fn balanced_runs_cover_every_piece_once_in_order(
            sizes in proptest::collection::vec(0usize..1000, 0..60),
            parts in 1usize..12,
        ) {
            let ranges = balanced(&sizes, parts);
            prop_assert!(ranges.len() <= parts);
            prop_assert_eq!(ranges.is_empty(), sizes.is_empty());
            let mut next = 0;
            for r in &ranges {
                prop_assert_eq!(r.start, next);
                prop_assert!(r.end > r.start);
                next = r.end;
            }
            prop_assert_eq!(next, sizes.len());
            // As many runs as asked, when there are pieces enough.
            prop_assert_eq!(ranges.len(), parts.min(sizes.len()));
        }
    }

    /// Pieces of given sizes, written as lines of `x`.
    struct Lines(Vec<usize>);

    impl Splittable for Lines {
        fn pieces(&self) -> usize {
            self.0.len()
        }
        fn piece_bytes(&self, i: usize) -> usize {
            self.0[i] + 1
        }
        fn piece_name(&self, i: usize) -> String {
            format!("line {i}")
        }
        fn part_toml(&self, r: Range<usize>, part: usize, of: usize) -> anyhow::Result<String> {
            let mut s = format!("# {part}/{of}\n");
            for n in &self.0[r] {
                s.push_str(&"x".repeat(*n));
                s.push('\n');
            }
            Ok(s)
        }
    }

    #[test]
    fn an_import_over_the_limit_is_cut_into_parts_each_under_it() {
        let lines = Lines(vec![30; 10]);
        let whole = cut(&lines, "x", 1000, true).unwrap();
        assert_eq!(whole.len(), 1);
        assert!(whole[0].starts_with("# 1/1\n"));
        let parts = cut(&lines, "x", 100, true).unwrap();
        assert!(parts.len() >= 4, "{}", parts.len());
        let of = parts.len();
        for (k, t) in parts.iter().enumerate() {
            assert!(t.len() <= 100, "{t}");
            assert!(t.starts_with(&format!("# {}/{of}\n", k + 1)), "{t}");
        }
        let lines_written: usize = parts.iter().map(|t| t.lines().count() - 1).sum();
        assert_eq!(lines_written, 10);
    }

    #[test]
    fn standard_output_or_one_piece_over_the_limit_is_refused_with_what_to_do() {
        let err = cut(&Lines(vec![30; 10]), "x", 100, false).unwrap_err();
        assert!(err.to_string().contains("-o"), "{err}");
        let err = cut(&Lines(vec![10, 500, 10]), "x", 100, true).unwrap_err();
        assert!(err.to_string().contains("line 1 alone"), "{err}");
    }
}
