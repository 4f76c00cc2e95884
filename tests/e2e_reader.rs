//! End to end: the real binary in a pseudo-terminal shows the chapter, moves,
//! and quits cleanly.

mod common;

use common::pty::PtyApp;

#[test]
fn starts_shows_the_chapter_moves_and_quits() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    let data = data.to_str().expect("utf-8 path");
    let mut app = PtyApp::spawn(home.path(), &["--data-dir", data], 100, 30);
    app.wait_for("Chapter 17: Interviews with Successful Job Seekers");
    app.wait_for("Sarah Johnson");
    app.send("j");
    app.wait_for("Ch 17 › Introduction");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    assert!(
        app.terminal_restored(),
        "terminal not restored:\n{}",
        app.screen()
    );
}
