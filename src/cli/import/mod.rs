//! `studyguide import`: turning a chapter written as Markdown, or an Anki
//! plain-text export, into content TOML ([`toml_out`] writes it). What both
//! importers share lives here: reading the input (regular UTF-8 files only),
//! refusing to write over the input, and checking the output loads.

pub mod anki;
pub mod markdown;
pub mod markdown_blocks;
pub mod part_files;
pub mod parts;
pub mod toml_out;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::domain::content::sanitize::escape_controls;
use crate::domain::content::{MAX_FILE_BYTES, Severity, parse_bytes};
use parts::Splittable;

/// Reads an import's input: a regular file of UTF-8 text. UTF-16 (as some
/// editors and Windows tools save) gets a message saying so.
pub fn read_input(file: &Path) -> anyhow::Result<String> {
    let meta =
        std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?;
    if !meta.is_file() {
        bail!("{} is not a regular file", file.display());
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        bail!(
            "{} is UTF-16 text; save it as UTF-8 and import it again",
            file.display()
        );
    }
    String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", file.display()))
}

/// Refuses an output file that is the input file (under any name).
pub fn refuse_overwriting_input(file: &Path, output: Option<&Path>) -> anyhow::Result<()> {
    let Some(output) = output else {
        return Ok(());
    };
    let same = match (std::fs::canonicalize(file), std::fs::canonicalize(output)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        bail!(
            "the output {} is the input file; choose another name with -o",
            output.display()
        );
    }
    Ok(())
}

/// Checks the TOML an import produced the way `check` would load it: under
/// the content size limit and free of errors. The message says what to do.
pub fn check_output(toml: &str, shown: &str) -> anyhow::Result<()> {
    if toml.len() as u64 > MAX_FILE_BYTES {
        bail!(
            "the converted {shown} is {} bytes, over the content limit of {MAX_FILE_BYTES} bytes; give an output file with -o and it is written in parts, each under the limit",
            toml.len()
        );
    }
    let (_, problems) = parse_bytes(shown, toml.as_bytes());
    let errors: Vec<String> = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| format!("  {}", p.message))
        .collect();
    if !errors.is_empty() {
        bail!(
            "the converted {shown} would not load; fix the input and import again:\n{}",
            errors.join("\n")
        );
    }
    Ok(())
}

/// The end of every import: cut the result into files under the content
/// limit (one, unless it is bigger), check each would load, then write them
/// all atomically to `output` and the part files beside it, or the one file
/// to standard output.
pub fn finish(
    content: &impl Splittable,
    input: &Path,
    output: Option<&Path>,
) -> anyhow::Result<i32> {
    let shown = &input.display().to_string();
    let texts = parts::cut(content, shown, MAX_FILE_BYTES, output.is_some())?;
    let of = texts.len();
    let names: Vec<String> = (1..=of)
        .map(|k| match of {
            1 => shown.to_string(),
            _ => format!("{shown} (part {k} of {of})"),
        })
        .collect();
    parts::check_all(&texts, &names)?;
    let Some(output) = output else {
        let text = texts.first().map_or("", String::as_str);
        crate::cli::output::write_output(None, text)?;
        return Ok(0);
    };
    let paths: Vec<PathBuf> = (1..=of).map(|k| parts::part_path(output, k)).collect();
    for path in paths.iter().skip(1) {
        refuse_overwriting_input(input, Some(path))?;
    }
    let files: Vec<(PathBuf, &[u8])> = paths
        .iter()
        .zip(&texts)
        .map(|(path, text)| (path.clone(), text.as_bytes()))
        .collect();
    crate::store::atomic_file::write_all_atomically(&files)
        .with_context(|| match of {
            1 => format!("cannot write {}", output.display()),
            _ => format!(
                "cannot write {} and its {} part files beside it",
                output.display(),
                of - 1
            ),
        })
        .map_err(crate::cli::exit::runtime)?;
    if of > 1 {
        let listed: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        crate::cli::output::say(&escape_controls(&format!(
            "{shown}: over the content limit of {MAX_FILE_BYTES} bytes in one file, so written in {of} parts: {}",
            listed.join(", ")
        )));
    }
    // Parts left by an earlier, bigger import would load the same ids twice.
    let mut k = of + 1;
    while parts::part_path(output, k).exists() {
        crate::cli::output::say(&escape_controls(&format!(
            "{}: warning: left from an earlier import, and now repeats ids of this one; remove it",
            parts::part_path(output, k).display()
        )));
        k += 1;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_over_the_content_limit_or_failing_to_load_is_refused() {
        let big = "x".repeat(MAX_FILE_BYTES as usize + 1);
        let err = check_output(&big, "big.md").expect_err("too big");
        assert!(err.to_string().contains("written in parts"), "{err}");
        let empty_title = "id = \"ch5\"\nnumber = 5\ntitle = \"\"\n";
        let err = check_output(empty_title, "x.md").expect_err("does not load");
        assert!(err.to_string().contains("would not load"), "{err}");
        assert!(check_output("id = \"ch5\"\nnumber = 5\ntitle = \"T\"\n", "x.md").is_ok());
    }
}
