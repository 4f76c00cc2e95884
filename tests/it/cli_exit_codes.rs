//! One exit-code table for every command (issue 27 item 21, the README's
//! "Exit codes"): 0 done, 1 a runtime failure (or `check` found errors),
//! 2 usage or bad input, 3 the progress store refused. Each command's
//! failure paths are run and their codes checked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Stdio;

use crate::cli_common::{Output, Sandbox, output};

const OK: i32 = 0;
const FAILED: i32 = 1;
const BAD_INPUT: i32 = 2;
const STORE_REFUSED: i32 = 3;

/// Runs with standard output on `/dev/full`: every write fails.
fn into_full_device(sb: &Sandbox, args: &[&str]) -> Output {
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut cmd = sb.command(args);
    cmd.stdout(Stdio::from(full));
    output(cmd)
}

fn expect(out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.code, code,
        "{what}: stdout {} stderr {}",
        out.stdout, out.stderr
    );
    if code != OK && code != FAILED {
        assert!(
            out.stderr.contains("error") || out.stderr.contains("studyguide: "),
            "{what}: says why: {}",
            out.stderr
        );
    }
}

#[test]
fn usage_and_bad_input_exit_2() {
    let sb = Sandbox::new();
    let missing = sb.path("no-such-dir").display().to_string();
    let bad_config = sb.write("bad.toml", "[keys.reader]\nx = \"fly\"\n");
    let bad_config = bad_config.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["--no-such-flag"],
        vec!["no-such-command"],
        vec!["--now", "yesterday", "due"],
        vec!["--now", "0000-01-01T00:00:00Z", "stats"],
        vec!["--content", &missing, "due"],
        vec!["--content", &missing, "stats"],
        vec!["--content", &missing, "print"],
        vec!["--content", &missing, "export", "anki"],
        vec!["--content", &missing, "bookmarks"],
        vec!["--content", &missing, "interviews"],
        vec!["--content", &missing, "check"],
        vec!["check", &missing],
        vec!["print", "99"],
        vec!["import", "markdown", &missing],
        vec!["import", "anki", &missing],
        vec!["--config", bad_config, "config"],
        vec!["--config", bad_config, "due"],
        // the app itself: the config is read before the terminal
        vec!["--config", bad_config],
    ];
    for args in runs {
        expect(&sb.run(&args), BAD_INPUT, &format!("{args:?}"));
    }
    // an input that is not UTF-8, and an output that is the input
    let binary = sb.path("binary.md");
    std::fs::write(&binary, [0x41, 0xc3, 0x28, 0x42, 0x0a]).unwrap();
    let args = ["import", "markdown", binary.to_str().unwrap()];
    expect(&sb.run(&args), BAD_INPUT, &format!("{args:?}"));
    let md = sb.write("five.md", "# Chapter 5: Five\n\nText\n");
    let md = md.to_str().unwrap();
    let args = ["import", "markdown", md, "-o", md];
    expect(&sb.run(&args), BAD_INPUT, &format!("{args:?}"));
}

#[test]
fn runtime_failures_exit_1() {
    let sb = Sandbox::new();
    for args in [
        &["due"][..],
        &["stats", "--json"],
        &["print", "17"],
        &["bookmarks"],
        &["interviews"],
        &["config"],
        &["completions", "bash"],
        &["export", "anki"],
        &["check"],
    ] {
        expect(
            &into_full_device(&sb, args),
            FAILED,
            &format!("{args:?} > /dev/full"),
        );
    }
    // an output file in a directory that cannot be written
    let target = std::path::Path::new("/sys/kernel/studyguide-export.txt");
    let out = sb.run(&["export", "anki", "-o", target.to_str().unwrap()]);
    expect(&out, FAILED, "export into /sys/kernel");
    // check found errors
    let content = sb.write("content/bad.toml", "id = \"x\"\nnumber = \"no\"\n");
    let out = sb.run(&["check", content.parent().unwrap().to_str().unwrap()]);
    expect(&out, FAILED, "check with an error");
}

#[test]
fn a_refused_store_exits_3() {
    let sb = Sandbox::new();
    sb.write("data/progress.sqlite3", "not a database at all, but long enough to have a header of a hundred bytes................................");
    for args in [&["due"][..], &["stats"], &["bookmarks"], &["interviews"]] {
        expect(&sb.run(args), STORE_REFUSED, &format!("{args:?}"));
    }
    // and one from a newer version
    let sb = Sandbox::new();
    let path = sb.path("data/progress.sqlite3");
    drop(studyguide::store::Store::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999;")
        .unwrap();
    let out = sb.run(&["due"]);
    expect(&out, STORE_REFUSED, "a newer store");
    assert!(out.stderr.contains("newer studyguide"), "{}", out.stderr);
}

#[test]
fn every_command_done_exits_0() {
    let sb = Sandbox::new();
    for args in [
        &["due"][..],
        &["stats"],
        &["print", "17"],
        &["bookmarks"],
        &["interviews"],
        &["config"],
        &["completions", "bash"],
        &["export", "anki"],
        &["check"],
        &["--help"],
        &["--version"],
    ] {
        expect(&sb.run(args), OK, &format!("{args:?}"));
    }
}
