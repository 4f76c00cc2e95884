//! `studyguide import`: turning a chapter written as Markdown, or an Anki
//! plain-text export, into content TOML ([`toml_out`] writes it). What both
//! importers share lives here: reading the input (regular UTF-8 files only),
//! refusing to write over the input, and checking the output loads.

pub mod anki;
pub mod guide;
pub mod guide_out;
pub mod guide_text;
pub mod guide_tree;
pub mod guide_walk;
pub mod markdown;
pub mod markdown_blocks;
pub mod markdown_run;
pub mod output_ids;
pub mod page_clean;
pub mod part_files;
pub mod parts;
pub mod toml_out;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::domain::content::sanitize::escape_controls;
use crate::domain::content::{MAX_FILE_BYTES, Severity, parse_bytes};
use parts::Splittable;

/// Reads an import's input: a regular file of text. UTF-8 (a byte order
/// mark is dropped) or UTF-16, with a byte order mark or without one (told
/// by its zero bytes, as Windows tools write plain English text); other
/// bytes get a message saying what the file is not.
pub fn read_input(file: &Path) -> anyhow::Result<String> {
    let meta =
        std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?;
    if !meta.is_file() {
        bail!("{} is not a regular file", file.display());
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    decode_text(bytes).map_err(|why| anyhow::anyhow!("{} {why}", file.display()))
}

/// Text from bytes: UTF-8 (without its byte order mark) or UTF-16 (little
/// or big endian, with a byte order mark or without one).
pub fn decode_text(bytes: Vec<u8>) -> Result<String, String> {
    let utf16 = |body: &[u8], little: bool| -> Result<String, String> {
        if !body.len().is_multiple_of(2) {
            return Err("looks like UTF-16 text but has an odd number of bytes; save it as UTF-8 and import it again".into());
        }
        let units = body.chunks_exact(2).map(|p| {
            if little {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| {
                "is UTF-16 text with a broken character; save it as UTF-8 and import it again"
                    .to_string()
            })
    };
    if let Some(body) = bytes.strip_prefix(&[0xff, 0xfe]) {
        return utf16(body, true);
    }
    if let Some(body) = bytes.strip_prefix(&[0xfe, 0xff]) {
        return utf16(body, false);
    }
    if let Some(little) = utf16_without_bom(&bytes) {
        return utf16(&bytes, little);
    }
    let body = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).map(<[u8]>::to_vec);
    String::from_utf8(body.unwrap_or(bytes)).map_err(|e| {
        format!(
            "is not UTF-8 text (byte {} is not); save it as UTF-8 and import it again",
            e.utf8_error().valid_up_to()
        )
    })
}

/// UTF-16 without a byte order mark: most of the odd (or even) bytes are
/// zero, and almost none of the others. Some(true) for little endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let sample = bytes.get(..bytes.len().min(4096)).unwrap_or_default();
    if sample.len() < 4 || !sample.len().is_multiple_of(2) {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let mostly = |n: usize| n * 10 >= pairs * 6;
    let hardly = |n: usize| n * 20 <= pairs;
    if mostly(odd) && hardly(even) {
        Some(true)
    } else if mostly(even) && hardly(odd) {
        Some(false)
    } else {
        None
    }
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
    fn utf16_with_and_without_a_byte_order_mark_and_utf8_with_one() {
        let text = "# Título\n\n- Why us?\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_text(le.clone()).unwrap(), text);
        assert_eq!(decode_text(be.clone()).unwrap(), text);
        let with_bom = [vec![0xff, 0xfe], le].concat();
        assert_eq!(decode_text(with_bom).unwrap(), text);
        let utf8_bom = [vec![0xef, 0xbb, 0xbf], text.as_bytes().to_vec()].concat();
        assert_eq!(decode_text(utf8_bom).unwrap(), text);
        assert!(
            decode_text(vec![b'a', 0xff, b'b'])
                .unwrap_err()
                .contains("not UTF-8")
        );
        assert!(
            decode_text(vec![0xff, 0xfe, 0x00, 0xd8])
                .unwrap_err()
                .contains("broken")
        );
    }

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
