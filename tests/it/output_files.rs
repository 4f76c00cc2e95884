//! `-o FILE` against what may already be there (issue 27 items 4 and 5): a
//! symbolic link is followed, a device or a pipe is written through and
//! never replaced by a file, and an import in parts is all or nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::FileTypeExt;
use std::process::Stdio;

use crate::cli_common::{Sandbox, output, squash};

fn is_link(path: &std::path::Path) -> bool {
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_symlink()
}

#[test]
fn output_through_a_link_to_a_device_or_a_file_keeps_the_link() {
    let sb = Sandbox::new();
    // a link to standard output (a pipe here): the export comes out there
    let to_stdout = sb.path("to-stdout");
    std::os::unix::fs::symlink("/dev/stdout", &to_stdout).unwrap();
    let mut cmd = sb.command(&["export", "anki", "-o", to_stdout.to_str().unwrap()]);
    cmd.stdout(Stdio::piped());
    let out = output(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("#separator:tab"), "{}", out.stdout);
    assert!(is_link(&to_stdout), "the link was not replaced by a file");
    // a link to /dev/null: written through, the device stays a device
    let to_null = sb.path("to-null");
    std::os::unix::fs::symlink("/dev/null", &to_null).unwrap();
    let out = sb.run(&["export", "anki", "-o", to_null.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(is_link(&to_null));
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // a link to a file: the file gets the export, the link stays
    let real = sb.write("notes/real.txt", "old");
    let to_file = sb.path("to-file");
    std::os::unix::fs::symlink(&real, &to_file).unwrap();
    let out = sb.run(&["export", "anki", "-o", to_file.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(is_link(&to_file));
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.starts_with("#separator:tab"), "{text}");
    // a directory is refused, and named
    let dir = sb.path("a-dir");
    std::fs::create_dir(&dir).unwrap();
    let out = sb.run(&["export", "anki", "-o", dir.to_str().unwrap()]);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("is a directory"), "{}", out.stderr);
}

#[test]
fn an_import_in_parts_that_cannot_write_one_part_leaves_every_old_part() {
    use studyguide::generate::imports::anki_notes;
    let sb = Sandbox::new();
    // 18,000 notes come to two parts
    let notes = sb.path("notes.txt");
    std::fs::write(&notes, anki_notes(3, 18_000)).unwrap();
    let dir = sb.path("content");
    std::fs::create_dir(&dir).unwrap();
    let first = dir.join("deck.toml");
    std::fs::write(&first, "# the old first part\n").unwrap();
    // the second part's name is taken by a directory
    std::fs::create_dir(dir.join("deck-part2.toml")).unwrap();
    let out = sb.run(&[
        "import",
        "anki",
        notes.to_str().unwrap(),
        "-o",
        first.to_str().unwrap(),
    ]);
    assert_ne!(out.code, 0);
    assert!(
        squash(&out.stderr).contains("deck-part2.toml is a directory"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        "# the old first part\n"
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["deck-part2.toml", "deck.toml"], "no temporary file");
}
