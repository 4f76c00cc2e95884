//! What the commands say, and that saying it cannot fail them (issue 27):
//! a closed or full standard error loses only the message, an unwritable
//! directory is named as such, file names and paths with control characters
//! are accepted and shown escaped, and stored text cannot start headings in
//! a Markdown report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};

use crate::cli_common::{Output, Sandbox, output, repo};

/// A chapter in the book's Markdown shape whose import warns (a plain
/// section), so the import has something to say on standard error.
const WARNING_CHAPTER: &str = "# Chapter 5: Five\n\n## Odds and ends\n\nSome text.\n";

/// The command with standard error on `/dev/full` (every write fails with
/// "no space left").
fn with_full_stderr(mut cmd: Command) -> Output {
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    cmd.stderr(Stdio::from(full)).stdout(Stdio::piped());
    output(cmd)
}

/// The command run through `sh` with standard error closed (`2>&-`).
fn with_closed_stderr(sb: &Sandbox, args: &[&str]) -> Output {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("exec \"$0\" \"$@\" 2>&-")
        .arg(env!("CARGO_BIN_EXE_studyguide"))
        .arg("--data-dir")
        .arg(sb.path("data"))
        .args(args)
        .env("HOME", sb.dir.path())
        .env_remove("STUDYGUIDE_CONFIG")
        .env_remove("STUDYGUIDE_CONTENT")
        .env_remove("STUDYGUIDE_DATA_DIR");
    output(cmd)
}

/// Item 7: every command that has something to say on standard error still
/// writes its output and exits as it would when standard error is full or
/// closed.
#[test]
fn a_full_or_closed_standard_error_loses_only_the_message() {
    let sb = Sandbox::new();
    let md = sb.write("five.md", WARNING_CHAPTER);
    let bad_content = sb.write("content/bad.toml", "id = \"x\"\nnumber = \"no\"\n");
    let chapter = std::fs::read_to_string(repo("content/chapter-17.toml")).unwrap();
    sb.write("content/chapter-17.toml", &chapter);
    let anki = repo("tests/fixtures/decks")
        .read_dir()
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "txt"));
    let exported = sb.path("out/export.txt");
    std::fs::create_dir_all(sb.path("out")).unwrap();
    let content_dir = bad_content.parent().unwrap().display().to_string();
    let mut runs: Vec<(Vec<String>, Option<std::path::PathBuf>)> = vec![
        (
            vec![
                "export".into(),
                "anki".into(),
                "-o".into(),
                exported.display().to_string(),
            ],
            Some(exported.clone()),
        ),
        (
            vec![
                "import".into(),
                "markdown".into(),
                md.display().to_string(),
                "-o".into(),
                sb.path("out/five.toml").display().to_string(),
            ],
            Some(sb.path("out/five.toml")),
        ),
        (
            vec!["--content".into(), content_dir.clone(), "print".into()],
            None,
        ),
        (vec!["--content".into(), content_dir, "due".into()], None),
    ];
    if let Some(anki) = anki {
        let out = sb.path("out/anki.toml");
        runs.push((
            vec![
                "import".into(),
                "anki".into(),
                anki.display().to_string(),
                "-o".into(),
                out.display().to_string(),
            ],
            Some(out),
        ));
    }
    for (args, written) in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        for how in ["full", "closed"] {
            let out = match how {
                "full" => with_full_stderr(sb.command(&args)),
                _ => with_closed_stderr(&sb, &args),
            };
            assert_eq!(out.code, 0, "{args:?} with stderr {how}: {}", out.stdout);
            if let Some(path) = written {
                assert!(
                    path.is_file(),
                    "{args:?} with stderr {how} wrote {path:?}: {} {}",
                    out.stdout,
                    out.stderr
                );
                std::fs::remove_file(path).unwrap();
            } else {
                assert!(!out.stdout.is_empty(), "{args:?} with stderr {how} printed");
            }
        }
    }
    // a failure still ends with its exit code (the message is lost)
    let out = with_full_stderr(sb.command(&["print", "no-such-chapter"]));
    assert_ne!(out.code, 0);
    assert_ne!(out.code, 101, "no panic");
}

/// A directory that cannot be written, even by root: a fresh directory
/// made read-only, or (where the permission bits do not bind, as root)
/// `/sys/kernel`, which refuses new files to everyone.
fn unwritable_dir(sb: &Sandbox) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = sb.path("locked");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(dir.join("probe"), "x").is_err() {
        return dir;
    }
    std::fs::remove_file(dir.join("probe")).unwrap();
    std::path::PathBuf::from("/sys/kernel")
}

/// Item 15: writing into a directory that cannot be written says so; it
/// never claims "No such file or directory".
#[test]
fn an_unwritable_directory_is_reported_as_such() {
    let sb = Sandbox::new();
    let dir = unwritable_dir(&sb);
    let md = sb.write("five.md", WARNING_CHAPTER).display().to_string();
    let target = dir.join("out.toml").display().to_string();
    for args in [
        vec!["export", "anki", "-o", &target],
        vec!["import", "markdown", &md, "-o", &target],
    ] {
        let out = sb.run(&args);
        assert_ne!(out.code, 0, "{args:?}");
        assert!(
            out.stderr.contains(&format!(
                "the directory {} cannot be written",
                dir.display()
            )),
            "{args:?}: {}",
            out.stderr
        );
        assert!(
            !out.stderr.contains("No such file or directory"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

/// Item 16: an input file whose name holds a control character is read,
/// converted and checked; its name shows escaped in what is printed.
#[test]
fn an_input_file_name_with_a_control_character_is_accepted_and_shown_escaped() {
    let sb = Sandbox::new();
    let name = "five\u{1b}[31m\nred.md";
    let md = sb.write(name, WARNING_CHAPTER);
    let out_path = sb.path("five.toml");
    let out = sb.run(&[
        "import",
        "markdown",
        md.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("five\\u{1b}[31m\\nred.md"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
    let toml = std::fs::read_to_string(&out_path).unwrap();
    assert!(toml.starts_with("# Imported from "), "{toml}");
    assert!(!toml.contains('\u{1b}'), "{toml}");
    let check = sb.run(&["check", sb.dir.path().to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // printed from its own name too
    let print = sb.run(&["print", md.to_str().unwrap()]);
    assert_eq!(print.code, 0, "{}", print.stderr);
    assert!(print.stdout.contains("Five"), "{}", print.stdout);
}

/// Item 17: `config` shows every path with its control characters escaped.
#[test]
fn config_escapes_control_characters_in_every_path() {
    let sb = Sandbox::new();
    let weird = |name: &str| sb.path(&format!("{name}\u{1b}]0;x\u{7}\ndir"));
    let content = weird("content");
    std::fs::create_dir_all(&content).unwrap();
    let mut cmd = sb.command_without_data_dir(&[
        "--data-dir",
        weird("data").to_str().unwrap(),
        "--config",
        weird("config").join("c.toml").to_str().unwrap(),
        "--content",
        content.to_str().unwrap(),
        "config",
    ]);
    cmd.stdout(Stdio::piped());
    let out = output(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'),
        "{}",
        out.stdout
    );
    for label in ["config file:", "data dir:", "content:"] {
        let line = out
            .stdout
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("{label} in {}", out.stdout));
        assert!(line.contains("\\u{1b}]0;x\\u{7}\\ndir"), "{line}");
    }
}

/// Item 18: a question of several lines stays inside its own heading in
/// `interviews --format markdown`.
#[test]
fn a_multi_line_interview_question_cannot_start_headings() {
    let sb = Sandbox::new();
    let path = sb.path("data/progress.sqlite3");
    drop(studyguide::store::Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO interview_sessions (uid, set_id, started_ms, planned, limit_ms, mode) \
         VALUES ('s1', 'set\n# Set heading', 1780000000000, 1, 120000, 'live');
         INSERT INTO interview_answers (uid, session_id, position, question_id, prompt, answer, \
           time_ms, limit_ms, rated_against, ticked, signals, answered_ms) \
         VALUES ('a1', 1, 0, 'q1', 'Tell me about you.\n# Injected\n\n## Also injected', \
           'My answer.\n# Not a heading', 60000, 120000, '[]', '[]', NULL, 1780000060000);",
    )
    .unwrap();
    drop(conn);
    let out = sb.run(&["interviews", "--format", "markdown"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let headings: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings.len(), 3, "{}", out.stdout);
    assert_eq!(headings[0], "# Mock interviews");
    assert!(headings[1].starts_with("## ") && headings[1].contains("set # Set heading"));
    assert_eq!(
        headings[2],
        "### 1. Tell me about you. # Injected ## Also injected"
    );
}

/// `text` as UTF-16, with or without a byte order mark.
fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let mut units: Vec<u16> = text.encode_utf16().collect();
    if bom {
        units.insert(0, 0xfeff);
    }
    units
        .into_iter()
        .flat_map(|u| {
            if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        })
        .collect()
}

/// Item 14 for content files and the config file: UTF-16, with or without
/// a byte order mark, is named as such at 1:1 instead of failing on
/// whatever its zero bytes look like.
#[test]
fn utf16_content_and_config_files_are_named_as_utf16() {
    let sb = Sandbox::new();
    let chapter = "id = \"u\"\nnumber = 4\ntitle = \"Sixteen – déjà\"\n";
    let dir = sb.path("content");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, little, bom) in [("le.toml", true, false), ("be.toml", false, true)] {
        std::fs::write(dir.join(name), utf16(chapter, little, bom)).unwrap();
    }
    let out = sb.run(&["check", dir.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    for (name, order) in [("le.toml", "little-endian"), ("be.toml", "big-endian")] {
        assert!(
            out.stdout.contains(&format!(
                "{name}:1:1: error: the file is UTF-16 ({order}) text; content files must be UTF-8"
            )),
            "{}",
            out.stdout
        );
    }
    let config = sb.path("config.toml");
    std::fs::write(
        &config,
        utf16("[scheduler]\nnew_per_day = 5\n", true, false),
    )
    .unwrap();
    let out = sb.run(&["--config", config.to_str().unwrap(), "config"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("config.toml:1:1: error: the file is UTF-16 (little-endian) text"),
        "{}",
        out.stderr
    );
}
