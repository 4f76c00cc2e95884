//! The command line under attack: every command ends quietly when its reader
//! goes away, messages never pass an escape sequence to the terminal, and the
//! importers refuse to damage the user's files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Stdio;

use crate::cli_common::{Output, Sandbox, output};
use studyguide::domain::bookmarks::Bookmark;
use studyguide::store::Store;

const ESC_TITLE: &str = "\u{1b}]0;pwned\u{7}";

/// Runs with standard output a pipe whose reader is already closed.
fn run_into_closed_pipe(sb: &Sandbox, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = sb.command(args);
    cmd.stdout(Stdio::from(writer)).stderr(Stdio::piped());
    output(cmd)
}

fn no_escape(text: &str) {
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "an escape sequence reached the terminal: {text:?}"
    );
}

#[test]
fn every_command_ends_quietly_on_a_closed_pipe() {
    let sb = Sandbox::new();
    for args in [
        &["bookmarks"][..],
        &["bookmarks", "--format", "json"],
        &["completions", "bash"],
        &["due"],
        &["due", "--json"],
        &["stats"],
        &["print", "17"],
        &["check"],
        &["export", "anki"],
        &["config"],
    ] {
        let out = run_into_closed_pipe(&sb, args);
        assert!(
            !out.stderr.contains("panicked") && out.code != 101,
            "{args:?}: {}",
            out.stderr
        );
        assert!(
            out.code == 0,
            "{args:?} exits 0, got {}: {}",
            out.code,
            out.stderr
        );
    }
}

#[test]
fn import_anki_survives_an_entity_cut_inside_a_character() {
    let sb = Sandbox::new();
    let input = sb.write("notes.txt", "front &abcdefghij€\tback &#x20AC;\n");
    let out = sb.run(&["import", "anki", &input.display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("&abcdefghij€"), "{}", out.stdout);
}

#[test]
fn import_anki_warnings_escape_the_deck_names() {
    let sb = Sandbox::new();
    let input = sb.write(
        "notes.txt",
        &format!("#separator:tab\n#deck column:3\nq1\ta1\tOne{ESC_TITLE}\nq2\ta2\tTwo\n"),
    );
    let out = sb.run(&["import", "anki", &input.display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("decks"), "{}", out.stderr);
    no_escape(&out.stderr);
}

#[test]
fn import_markdown_warnings_escape_titles() {
    let sb = Sandbox::new();
    let input = sb.write(
        "ch.md",
        &format!("# Chapter 5: T\n\n## Interview with X{ESC_TITLE}\n\n### Q1. Why{ESC_TITLE}?\n\nno answerer here\n"),
    );
    let out = sb.run(&["import", "markdown", &input.display().to_string()]);
    assert!(out.stderr.contains("warning"), "{}", out.stderr);
    no_escape(&out.stderr);
}

#[test]
fn config_errors_escape_key_names_and_the_path() {
    let sb = Sandbox::new();
    let config = sb.write(
        &format!("conf{ESC_TITLE}.toml"),
        &format!("[keys.reader]\n\"x{ESC_TITLE}\" = \"fly{ESC_TITLE}\"\n"),
    );
    let out = sb.run(&["--config", &config.display().to_string(), "due"]);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains(":2:"), "{}", out.stderr);
    no_escape(&out.stderr);
}

#[test]
fn path_arguments_in_errors_are_escaped() {
    let sb = Sandbox::new();
    let missing = sb.path(&format!("missing{ESC_TITLE}.md"));
    let out = sb.run(&["import", "markdown", &missing.display().to_string()]);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("cannot read"), "{}", out.stderr);
    no_escape(&out.stderr);
}

#[test]
fn bookmarks_markdown_escapes_stored_text_and_keeps_previews_on_one_line() {
    let sb = Sandbox::new();
    let data = sb.path("data");
    std::fs::create_dir_all(&data).unwrap();
    let store = Store::open(data.join("progress.sqlite3")).unwrap();
    store
        .upsert_bookmark(&Bookmark {
            item_id: "gone-item".into(),
            chapter_id: "ch17".into(),
            title: format!("Title{ESC_TITLE}"),
            preview: format!("line one\n# Injected heading{ESC_TITLE}"),
            note: format!("my note{ESC_TITLE}\n# not a heading"),
            created: chrono::Utc::now(),
        })
        .unwrap();
    drop(store);
    let out = sb.run(&["bookmarks"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    no_escape(&out.stdout);
    assert!(
        !out.stdout.lines().any(|l| l.starts_with("# Injected")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("> # not a heading"), "{}", out.stdout);
}

#[test]
fn imports_refuse_to_overwrite_their_input() {
    let sb = Sandbox::new();
    let md = sb.write("x.md", "# Chapter 5: T\n\n## Introduction\n\nHello.\n");
    let md_path = md.display().to_string();
    let out = sb.run(&["import", "markdown", &md_path, "-o", &md_path]);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("is the input"), "{}", out.stderr);
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .starts_with("# Chapter 5")
    );

    let txt = sb.write("x.txt", "q\ta\n");
    let txt_path = txt.display().to_string();
    let out = sb.run(&["import", "anki", &txt_path, "-o", &txt_path]);
    assert_ne!(out.code, 0);
    assert_eq!(std::fs::read_to_string(&txt).unwrap(), "q\ta\n");
}

#[test]
fn an_import_that_would_not_load_says_so_and_writes_nothing() {
    let sb = Sandbox::new();
    let md = sb.write("x.md", "# Chapter 5: T\n\n## \n\nText.\n");
    let out_path = sb.path("out.toml");
    let out = sb.run(&[
        "import",
        "markdown",
        &md.display().to_string(),
        "--shape",
        "book",
        "-o",
        &out_path.display().to_string(),
    ]);
    assert_ne!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("would not load"), "{}", out.stderr);
    assert!(!out_path.exists());
}

#[test]
fn utf16_input_with_or_without_a_byte_order_mark_is_read() {
    let sb = Sandbox::new();
    for (name, bom) in [("bom.txt", true), ("plain.txt", false)] {
        let path = sb.path(name);
        let mut bytes = if bom { vec![0xff, 0xfe] } else { Vec::new() };
        for unit in "What is STAR?\tSituation, task, action, result\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        std::fs::write(&path, bytes).unwrap();
        let out = sb.run(&["import", "anki", &path.display().to_string()]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert!(
            out.stdout.contains("front = \"What is STAR?\""),
            "{name}: {}",
            out.stdout
        );
    }
    // Bytes that are neither are refused, saying so.
    let path = sb.path("odd.txt");
    std::fs::write(&path, [b'a', 0xff, b'b']).unwrap();
    let out = sb.run(&["import", "anki", &path.display().to_string()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("not UTF-8"), "{}", out.stderr);
}

#[test]
fn commands_on_a_missing_content_dir_fail() {
    let sb = Sandbox::new();
    let missing = sb.path("no-such-dir").display().to_string();
    for command in [
        &["due"][..],
        &["stats"],
        &["print"],
        &["export", "anki"],
        &["bookmarks"],
        &["check"],
    ] {
        let mut args = vec!["--content", missing.as_str()];
        args.extend(command);
        let out = sb.run(&args);
        assert_ne!(out.code, 0, "{command:?}: {}", out.stdout);
        assert!(
            out.stderr.contains("no-such-dir") || out.stdout.contains("no-such-dir"),
            "{command:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_bad_argument_is_quoted_escaped() {
    let sb = Sandbox::new();
    let out = sb.run(&["--now", &format!("soon{ESC_TITLE}")]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    no_escape(&out.stderr);
    assert!(out.stderr.contains("soon"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn an_output_file_past_the_size_limit_keeps_the_old_file_whole() {
    let sb = Sandbox::new();
    let out_path = sb.write("cards.txt", "OLD\n");
    let cmd = sb.command(&["export", "anki", "-o", &out_path.display().to_string()]);
    // `ulimit -f 2`: at most 1 KiB per file, far less than the export.
    let program = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
    let mut shell = std::process::Command::new("sh");
    shell
        .arg("-c")
        .arg("ulimit -f 2; exec \"$@\"")
        .arg("sh")
        .arg(program)
        .args(args);
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => shell.env(k, v),
            None => shell.env_remove(k),
        };
    }
    let out = output(shell);
    assert_ne!(out.code, 0, "the write fails");
    assert!(out.stderr.contains("cannot write"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), "OLD\n");
    let left: Vec<_> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}
