//! `print` writes a Markdown file while laying it out (one block at a time)
//! instead of holding the whole laid-out document: its output must stay
//! byte-for-byte what the whole-document layout printed. The expected
//! outputs are digests (xxh3-128) and lengths of what the build before the
//! change printed, for the bundled chapter, a generated 1 MB Markdown file
//! and a small file with bytes to strip, at several widths, plain and styled.
//!
//! `PRINT_REFERENCE_BIN=/path/to/studyguide` runs another build instead of
//! this one (how the digests were taken).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use xxhash_rust::xxh3::xxh3_128;

/// A Markdown file with escapes, a carriage return, a bidi override and
/// bytes that are not UTF-8, in a list, a quote and a code block.
const DIRTY: &[u8] =
    b"# Title\x1b[2J here\r\n\nSome *text* with \xe2\x80\xae bidi and \xff\xfe bad bytes, \
a long line that wraps at narrow widths more than once or twice.\n\n\
- one\x07\n- two \x1b]0;title\x07\n\n> quoted\n\n```\ncode\x1b[31m red\n```\n";

fn print(args: &[&str], home: &Path) -> Vec<u8> {
    let bin = std::env::var_os("PRINT_REFERENCE_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_studyguide").into());
    let out = Command::new(bin)
        .arg("--data-dir")
        .arg(home.join("data"))
        .arg("--config")
        .arg(home.join("no-config.toml"))
        .arg("print")
        .args(args)
        .env("HOME", home)
        .env_remove("STUDYGUIDE_CONTENT")
        .env_remove("NO_COLOR")
        .output()
        .expect("run studyguide");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn printed_output_is_byte_for_byte_what_the_whole_document_layout_gave() {
    let home = tempfile::tempdir().unwrap();
    let big = home.path().join("big.md");
    std::fs::write(&big, studyguide::generate::markdown_file(17, 1_000_000)).unwrap();
    let dirty = home.path().join("dirty.md");
    std::fs::write(&dirty, DIRTY).unwrap();
    let (big, dirty) = (big.to_str().unwrap(), dirty.to_str().unwrap());
    let cases: &[(&[&str], u128, usize)] = &[
        (&["17"], 0x0a68a402afc9c7a3e5b22b3f2f6a6a04, 3_199),
        (
            &["17", "--width", "30"],
            0x0b5d2c587a1386b77b9c4557f13f462f,
            3_199,
        ),
        (
            &["17", "--width", "60", "--color", "always"],
            0x0b4781596138847e28f0b1ddb7f0a1e6,
            3_472,
        ),
        (&[big], 0x00d44a0a8b1f38e82d55dea71c82a5c6, 977_984),
        (
            &[big, "--width", "30"],
            0xfaf0c313f249dcdde21f77ae1d3f490b,
            1_000_373,
        ),
        (
            &[big, "--width", "72", "--color", "always"],
            0x1949705e8765fded8a1c8c11e01f8eba,
            1_211_657,
        ),
        (
            &[big, "--width", "200", "--color", "always"],
            0xf18f591942bc9893dff1f626dab1e137,
            1_185_185,
        ),
        (
            &[dirty, "--width", "20"],
            0x15b7b9ad48b374dcf2a90a2f92435e66,
            158,
        ),
        (
            &[dirty, "--width", "40", "--color", "always"],
            0xfd668094c3278924eca024dee0460d19,
            225,
        ),
    ];
    let mut wrong = Vec::new();
    for (args, digest, len) in cases {
        let out = print(args, home.path());
        let got = (xxh3_128(&out), out.len());
        if got != (*digest, *len) {
            let shown: Vec<&str> = args
                .iter()
                .map(|a| {
                    if *a == big {
                        "BIG"
                    } else if *a == dirty {
                        "DIRTY"
                    } else {
                        a
                    }
                })
                .collect();
            wrong.push(format!("{shown:?}: got (0x{:032x}, {})", got.0, got.1));
        }
    }
    assert!(wrong.is_empty(), "output changed:\n{}", wrong.join("\n"));
}
