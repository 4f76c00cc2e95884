//! The author commands end to end: `check`, `print`, `completions`, `config`,
//! `--version` and `--help`, run as the real binary in a scratch home.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_common::{Sandbox, repo};

#[test]
fn version_and_help_with_examples() {
    let sb = Sandbox::new();
    let out = sb.run(&["--version"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with("studyguide "), "{}", out.stdout);
    for args in [
        &["check", "--help"][..],
        &["print", "--help"],
        &["import", "--help"],
        &["export", "--help"],
        &["import", "markdown", "--help"],
        &["import", "anki", "--help"],
        &["export", "anki", "--help"],
        &["completions", "--help"],
        &["config", "--help"],
    ] {
        let out = sb.run(args);
        assert_eq!(out.code, 0, "{args:?}");
        assert!(out.stdout.contains("Examples:"), "{args:?}: {}", out.stdout);
    }
}

#[test]
fn check_bundled_content_is_clean() {
    let out = Sandbox::new().run(&["check"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // the card linter finds nothing to warn about, and nothing is allowed
    assert_eq!(out.stdout, "0 errors, 0 warnings in 3 files\n");
}

const WARNED: &str = r#"kind = "deck"
id = "w"
title = "W"

[[cards]]
id = "w-empty"
front = "Q?"
back = ""

[[cards]]
id = "w-cloze"
kind = "cloze"
front = "no gap here"
"#;

#[test]
fn check_reports_located_errors_and_warnings_and_exits_1() {
    let sb = Sandbox::new();
    sb.write("content/bad.toml", "id = \"b\"\nnumber = 1\ntitle = \"\"\n");
    sb.write("content/warned.toml", WARNED);
    let dir = sb.path("content").display().to_string();
    let out = sb.run(&["check", &dir]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("bad.toml:3:9: error: empty text: `title` must not be empty")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("warned.toml:8:8: warning: card `w-empty` has an empty answer"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("warned.toml:13:9: warning: cloze card `w-cloze` has no gap"),
        "{}",
        out.stdout
    );
    assert_eq!(lines.last(), Some(&"1 error, 2 warnings in 2 files"));

    // Warnings alone do not fail the check.
    std::fs::remove_file(sb.path("content/bad.toml")).expect("rm");
    let out = sb.run(&["check", &dir]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.ends_with("0 errors, 2 warnings in 1 file\n"));
}

#[test]
fn check_reports_ids_shared_between_files() {
    let sb = Sandbox::new();
    sb.write(
        "content/a.toml",
        "kind = \"deck\"\nid = \"a\"\ntitle = \"A\"\n[[cards]]\nid = \"same\"\nfront = \"x\"\nback = \"y\"\n",
    );
    sb.write(
        "content/b.toml",
        "kind = \"deck\"\nid = \"b\"\ntitle = \"B\"\n[[cards]]\nid = \"same\"\nfront = \"x\"\nback = \"y\"\n",
    );
    let out = sb.run(&["check", &sb.path("content").display().to_string()]);
    assert_eq!(out.code, 1, "an id in two files is an error");
    assert!(
        out.stdout
            .contains("b.toml:1:1: error: id `same` is also used in")
            && out.stdout.contains("a.toml"),
        "{}",
        out.stdout
    );
}

#[test]
fn check_json_is_an_object_with_counts_and_problems() {
    let sb = Sandbox::new();
    sb.write("content/bad.toml", "id = \"b\"\nnumber = 1\ntitle = \"\"\n");
    let out = sb.run(&["check", "--json", &sb.path("content").display().to_string()]);
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(v["files"], 1);
    assert_eq!(v["errors"], 1);
    assert_eq!(v["warnings"], 0);
    let p = &v["problems"][0];
    assert_eq!((p["line"].as_u64(), p["col"].as_u64()), (Some(3), Some(9)));
    assert_eq!(p["severity"], "error");
    assert!(p["path"].as_str().is_some_and(|s| s.ends_with("bad.toml")));
}

#[test]
fn print_is_plain_when_not_a_terminal_and_styled_on_request() {
    let sb = Sandbox::new();
    let plain = sb.run(&["print", "17", "--width", "60"]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(!plain.stdout.contains('\x1b'));
    assert!(plain.stdout.starts_with("Chapter 17: Interviews"));
    assert!(plain.stdout.contains("What was your key strategy"));
    assert!(plain.stdout.lines().all(|l| unicode_width(l) <= 60));
    let by_id = sb.run(&["print", "ch17", "--width", "60"]);
    assert_eq!(by_id.stdout, plain.stdout);

    let styled = sb.run(&["print", "17", "--width", "60", "--color", "always"]);
    assert_eq!(styled.code, 0);
    assert!(styled.stdout.contains("\x1b["), "{}", styled.stdout);
    let mut cmd = sb.command(&["print", "17", "--color", "auto"]);
    cmd.env("NO_COLOR", "1");
    assert!(!crate::cli_common::output(cmd).stdout.contains('\x1b'));

    // print draws Markdown in the screen's theme: the config's heading colour
    // (bright red, SGR 91) colours the chapter's title; the default does not
    assert!(!styled.stdout.contains("91m"), "{}", styled.stdout);
    let cfg = sb.write("theme.toml", "[theme]\nheading = \"lightred\"\n");
    let cfg = cfg.display().to_string();
    let themed = sb.run(&["--config", &cfg, "print", "17", "--color", "always"]);
    assert_eq!(themed.code, 0, "{}", themed.stderr);
    let title = themed.stdout.lines().next().unwrap_or_default();
    assert!(
        title.contains("91m") && title.contains("Chapter 17"),
        "{title:?}"
    );
    // a theme of modifiers only (colors = never) prints bold, no colour
    let cfg = sb.write("plain.toml", "[theme]\ncolors = \"never\"\n");
    let cfg = cfg.display().to_string();
    let plain = sb.run(&["--config", &cfg, "print", "17", "--color", "always"]);
    let title = plain.stdout.lines().next().unwrap_or_default();
    assert!(
        title.starts_with("\x1b[1") && !title.contains(";3"),
        "{title:?}"
    );
}

fn unicode_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[test]
fn print_lays_out_a_markdown_file_and_refuses_unknown_chapters() {
    let sb = Sandbox::new();
    let file = sb.write(
        "notes.md",
        "# Notes\n\nSome **bold** text.\n\u{1b}]0;evil\u{7}\n",
    );
    let out = sb.run(&["print", &file.display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Notes"));
    assert!(out.stdout.contains("bold"));
    assert!(
        !out.stdout.contains('\x1b'),
        "escapes from the file are removed"
    );

    let out = sb.run(&["print", "99"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("no chapter, deck or Markdown file `99`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("17 (ch17)"));
}

#[test]
fn print_handles_a_one_megabyte_file() {
    let sb = Sandbox::new();
    let para = "A paragraph with **bold** words and `code` that goes on for a while. ";
    let mut text = String::new();
    while text.len() < 1_000_000 {
        text.push_str(&para.repeat(8));
        text.push_str("\n\n");
    }
    let file = sb.write("big.md", &text);
    let start = std::time::Instant::now();
    let out = sb.run(&["print", &file.display().to_string(), "--width", "72"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.lines().count() > 10_000);
    assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
}

#[test]
fn completions_for_bash() {
    let out = Sandbox::new().run(&["completions", "bash"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("studyguide"));
    assert!(out.stdout.contains("import"));
}

#[test]
fn config_shows_paths_keys_theme_and_conflicts() {
    let sb = Sandbox::new();
    let out = sb.run(&["config"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("not found; defaults apply"));
    assert!(out.stdout.contains("content:     bundled"));
    assert!(
        out.stdout.contains("[keys.reader]\nj = \"down\""),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("ctrl-p = \"quick_jump\""));
    assert!(!out.stdout.contains("warning"));

    let cfg = sb.write(
        "c.toml",
        "[keys.reader]\nq = \"down\"\n\n[theme]\ncolors = \"never\"\n",
    );
    let out = sb.run(&["--config", &cfg.display().to_string(), "config"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("warning: [keys.reader] q = \"down\" hides the global binding q = \"quit\""),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("colors = \"never\""));
}

#[test]
fn config_with_a_bad_action_or_colour_is_located() {
    let sb = Sandbox::new();
    let cfg = sb.write("c.toml", "[keys.reader]\nx = \"fly\"\n");
    let out = sb.run(&["--config", &cfg.display().to_string(), "config"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("c.toml:2:5: error:"), "{}", out.stderr);
    assert!(out.stderr.contains("unknown action `fly`"));
    let cfg = sb.write("t.toml", "[theme]\naccent = \"blurple\"\n");
    let out = sb.run(&["--config", &cfg.display().to_string(), "config"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("t.toml:2:10: error: [theme] accent: unknown colour"),
        "{}",
        out.stderr
    );
}

#[test]
fn bundled_check_matches_the_repo_content_dir() {
    let out = Sandbox::new().run(&["check", &repo("content").display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn print_lays_out_decks_of_a_deck_only_dir_as_questions_and_answers() {
    let sb = Sandbox::new();
    sb.write(
        "content/practice.toml",
        "kind = \"deck\"\nid = \"practice\"\ntitle = \"Practice deck\"\n[[cards]]\nid = \"p1\"\nfront = \"Why use STAR?\"\nback = \"It keeps answers short and concrete.\"\n",
    );
    let dir = sb.path("content").display().to_string();
    let out = sb.run(&["--content", &dir, "print", "--width", "60"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Practice deck"), "{}", out.stdout);
    assert!(out.stdout.contains("1. Why use STAR?"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("Answer: It keeps answers short and concrete."),
        "{}",
        out.stdout
    );
    let by_id = sb.run(&["--content", &dir, "print", "practice", "--width", "60"]);
    assert_eq!(by_id.stdout, out.stdout);
}

/// The chapter as the reader lays it out (`print` uses the reader's
/// layout) is the seed word for word: the cards' own fronts and backs
/// (`card.front`, ...) never show in the text. The reader adds only the
/// introduction's heading.
#[test]
fn the_chapter_text_is_the_seed_word_for_word() {
    let out = Sandbox::new().run(&["print", "17", "--width", "2000"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let seed = std::fs::read_to_string(repo("tests/fixtures/seed/chapter-17.md")).expect("seed");
    let mut shown = words(&out.stdout);
    let heading = shown.iter().position(|w| w == "Introduction");
    assert_eq!(
        heading,
        Some(10),
        "the reader's heading over the introduction"
    );
    shown.remove(10);
    assert_eq!(shown, words(&seed));
}
