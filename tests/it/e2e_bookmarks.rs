//! End to end: in a pseudo-terminal, bookmark an insight, scroll, quit; start
//! again and find the bookmark listed and the reader where it was left; then
//! `studyguide bookmarks` prints it as Markdown and JSON.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_common::Sandbox;
use crate::common::pty::PtyApp;

/// The rows of the screen above the status bar (the status bar may hold a message).
fn body(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[..lines.len().saturating_sub(1)].join("\n")
}

/// `studyguide bookmarks --format FORMAT` on the sandbox's data directory.
fn export(sandbox: &Sandbox, format: &str) -> String {
    let out = sandbox.run(&["bookmarks", "--format", format]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn bookmark_survives_a_restart_and_the_reader_reopens_where_it_was() {
    let sandbox = Sandbox::new();
    let home = &sandbox.dir;
    let data = sandbox.path("data");
    let data = data.to_str().expect("utf-8 path");

    let mut app = PtyApp::spawn(home.path(), &["--data-dir", data], 100, 30);
    app.wait_for("Sarah Johnson");
    for _ in 0..13 {
        app.send("j");
    }
    app.wait_for("Ch 17 › Rapport Building");
    app.send("b");
    app.wait_for("Bookmarked: Rapport Building");
    app.send("\t");
    app.send("k");
    app.send("k");
    app.wait_until("scrolled up from the end", |s| {
        !s.contains("100%") && s.contains("Ch 17 ›")
    });
    let left = app.settled();
    let status = left
        .lines()
        .last()
        .and_then(|l| l.split("  ").next())
        .unwrap_or_default()
        .trim()
        .to_string();
    assert!(status.starts_with("Ch 17 ›"), "status bar: {status:?}");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    let mut again = PtyApp::spawn(home.path(), &["--data-dir", data], 100, 30);
    again.wait_for(&status);
    let reopened = again.wait_until("the same view", |s| body(s) == body(&left));
    assert!(reopened.contains('★'), "the mark is shown:\n{reopened}");
    again.send("3");
    let list = again.wait_for("Bookmarks (1)");
    assert!(list.contains("★ Rapport Building"), "{list}");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);

    let md = export(&sandbox, "markdown");
    assert!(md.starts_with("# Bookmarks\n"), "{md}");
    assert!(md.contains("## Chapter 17: Interviews"), "{md}");
    assert!(
        md.contains("### Rapport Building\n\nBuilding rapport"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&export(&sandbox, "json")).expect("valid JSON");
    assert_eq!(json[0]["id"], "ch17-insight-rapport");
    assert_eq!(json[0]["title"], "Rapport Building");
    assert_eq!(json[0]["missing"], false);
    assert!(
        json[0]["created"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
}
