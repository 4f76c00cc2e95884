//! Shared helpers for the hostile-input tests: building a content directory
//! from the committed corpus (tests/fixtures/hostile) plus the big or special
//! cases generated at test time, and scanning raw terminal output for control
//! sequences the app itself never emits.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The committed small fixtures.
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

fn chapter(id: &str, number: u32, body: &str) -> String {
    format!(
        "id = \"{id}\"\nnumber = {number}\ntitle = \"Generated {id}\"\n\n[introduction]\nid = \"{id}-intro\"\ntitle = \"Intro {id}\"\nbody = '''\n{body}\n'''\n"
    )
}

/// The cases too big (or too special) to commit, as (file name, bytes).
pub fn generated_files() -> Vec<(String, Vec<u8>)> {
    let long_line = format!("start {} end", "word ".repeat(1024 * 1024 / 5));
    let quotes = format!("{} deep quote", ">".repeat(10_000));
    // `- - - x` opens one list inside another per marker.
    let lists = format!(
        "{} deep item\n\n1. {}",
        "- ".repeat(10_000),
        "1. ".repeat(10_000)
    );
    let mixed: String = (0..10_000)
        .map(|i| if i % 2 == 0 { "> " } else { "- " })
        .collect::<String>()
        + "mixed";
    let deep_toml = format!(
        "id = \"deep\"\nnumber = 1\ntitle = \"Deep\"\nx = {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep_tables = format!(
        "id = \"deept\"\nnumber = 1\ntitle = \"Deep\"\nx = {}1{}\n",
        "{a = ".repeat(100_000),
        "}".repeat(100_000)
    );
    let mut too_big = chapter("big", 90, "x").into_bytes();
    too_big.resize(4 * 1024 * 1024 + 1, b'#');
    vec![
        (
            "g1-one-mib-line.toml".into(),
            chapter("longline", 81, &long_line).into_bytes(),
        ),
        (
            "g2-nested-quotes.toml".into(),
            chapter("quotes", 82, &quotes).into_bytes(),
        ),
        (
            "g3-nested-lists.toml".into(),
            chapter("lists", 83, &lists).into_bytes(),
        ),
        (
            "g4-nested-mixed.toml".into(),
            chapter("mixed", 84, &mixed).into_bytes(),
        ),
        ("g5-toml-deep-arrays.toml".into(), deep_toml.into_bytes()),
        ("g6-toml-deep-tables.toml".into(), deep_tables.into_bytes()),
        ("g7-over-size-limit.toml".into(), too_big),
    ]
}

/// A name with an escape sequence in it: the path shows in error messages.
pub const HOSTILE_NAME: &str = "g9-name-\u{1b}]0;FILENAME\u{7}.toml";

/// Builds the full hostile content directory inside `root` and returns it:
/// the committed corpus, the generated files, a symlink leading out of the
/// directory, a directory named like a content file, and a file whose name
/// carries an escape sequence.
pub fn build_content_dir(root: &Path) -> PathBuf {
    let dir = root.join("content");
    std::fs::create_dir_all(&dir).expect("content dir");
    for entry in std::fs::read_dir(fixture_dir()).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name");
        std::fs::copy(&path, dir.join(name)).expect("copy fixture");
    }
    for (name, bytes) in generated_files() {
        std::fs::write(dir.join(name), bytes).expect("write generated");
    }
    let outside = root.join("outside.toml");
    std::fs::write(&outside, chapter("outside", 99, "SECRET-OUTSIDE-TEXT")).expect("outside");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dir.join("g8-symlink-out.toml")).expect("symlink");
    std::fs::create_dir(dir.join("x.toml")).expect("dir named x.toml");
    // Not TOML, so the (hostile) name shows in the problems pane.
    std::fs::write(dir.join(HOSTILE_NAME), "not toml at all").expect("name");
    dir
}

/// Removes the sequences the app legitimately writes (CSI `ESC [ ... final`,
/// charset `ESC ( B`, keypad `ESC =`/`ESC >`, save/restore `ESC 7`/`ESC 8`)
/// and returns what is left, so the caller can look for anything else.
pub fn strip_app_sequences(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == 0x1b && i + 1 < raw.len() {
            match raw[i + 1] {
                b'[' => {
                    let mut j = i + 2;
                    while j < raw.len() && (0x20..=0x3f).contains(&raw[j]) {
                        j += 1;
                    }
                    if j < raw.len() && (0x40..=0x7e).contains(&raw[j]) {
                        i = j + 1;
                        continue;
                    }
                }
                b'(' | b')' if i + 2 < raw.len() => {
                    i += 3;
                    continue;
                }
                b'=' | b'>' | b'7' | b'8' => {
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// Everything in `raw` (terminal output) that must never be there, described.
pub fn forbidden_output(raw: &[u8]) -> Vec<String> {
    let rest = strip_app_sequences(raw);
    let mut found = Vec::new();
    let text = String::from_utf8_lossy(&rest);
    for (i, c) in text.char_indices() {
        let bad = match c {
            '\r' | '\n' | '\u{8}' => false,
            '\u{1b}' => true,
            c if c.is_control() => true,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => true,
            '\u{061c}' => true,
            _ => false,
        };
        if bad {
            let start = text
                .get(..i)
                .unwrap_or_default()
                .char_indices()
                .rev()
                .nth(20)
                .map_or(0, |(j, _)| j);
            let end = (i + 40).min(text.len());
            let end = (end..=text.len())
                .find(|&e| text.is_char_boundary(e))
                .unwrap_or(text.len());
            found.push(format!(
                "U+{:04X} near {:?}",
                c as u32,
                text.get(start..end).unwrap_or_default()
            ));
        }
    }
    found
}

/// Sequences from the corpus that must never reach the terminal. Their
/// payload may show as plain text (a message quoting a file name shows
/// `\u{1b}]0;...` escaped); as a sequence it must not. Some are CSI
/// sequences the app never writes itself (blink, clear scrollback).
pub const PAYLOADS: &[&str] = &[
    "\u{1b}]52;",
    "\u{1b}]0;",
    "\u{1b}]8;",
    "\u{1b}P",
    "\u{1b}_",
    "\u{1b}^",
    "\u{1b}X",
    "\u{1b}c",
    "\u{1b}[5m",
    "\u{1b}[3J",
    "\u{9b}",
    "\u{9d}",
    "\u{7}",
];

/// Which of [`PAYLOADS`] occur in `raw`.
pub fn payloads_in(raw: &[u8]) -> Vec<&'static str> {
    PAYLOADS
        .iter()
        .filter(|p| raw.windows(p.len()).any(|w| w == p.as_bytes()))
        .copied()
        .collect()
}
