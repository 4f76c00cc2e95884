//! End to end: the real binary in a pseudo-terminal shows the chapter, moves,
//! and quits cleanly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::pty::PtyApp;

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

/// Processes whose command line contains `needle` (Linux /proc).
fn processes_with(needle: &str) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|c| String::from_utf8_lossy(&c).contains(needle))
                .unwrap_or(false)
        })
        .collect()
}

#[test]
fn closing_the_terminal_ends_the_program() {
    // A closed window: the terminal goes away, the program gets SIGHUP and
    // every read of the terminal returns end-of-file. It must end, not spin.
    // `script` owns the terminal here; killing it closes the terminal.
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("hangup-data");
    let data = data.to_str().expect("utf-8 path");
    let inner = format!(
        "stty cols 80 rows 24; exec {} --data-dir {data}",
        env!("CARGO_BIN_EXE_studyguide")
    );
    let mut script = Command::new("script")
        .args(["-qfec", &inner, "/dev/null"])
        .env("HOME", home.path())
        .env("TERM", "xterm-256color")
        .env("COLUMNS", "80")
        .env("LINES", "24")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script (util-linux) runs");
    let mut out = script.stdout.take().expect("stdout");
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("Contents") {
        let n = out.read(&mut buf).expect("read the terminal");
        assert!(
            n > 0,
            "the program ended early: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    assert_eq!(
        processes_with(data).len(),
        2,
        "script and studyguide are running"
    );
    script.kill().expect("kill script");
    let _ = script.wait();
    let start = Instant::now();
    while !processes_with(data).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "studyguide still running after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_returning_user_on_a_big_chapter_gets_the_same_place_and_the_whole_chapter() {
    // The second start reads the chapter from the content cache, the
    // bodies past the first screen right after the first frame.
    let home = tempfile::tempdir().expect("tempdir");
    let content = home.path().join("content");
    std::fs::create_dir(&content).expect("mkdir");
    let text = studyguide::generate::chapter_toml(21, 900, 400_000);
    std::fs::write(content.join("chapter-900.toml"), text).expect("write");
    let data = home.path().join("data");
    let args = [
        "--data-dir",
        data.to_str().expect("utf-8 path"),
        "--content",
        content.to_str().expect("utf-8 path"),
    ];
    let status_line = |screen: &str| screen.lines().last().unwrap_or("").to_string();
    let mut app = PtyApp::spawn(home.path(), &args, 80, 24);
    app.wait_for("Contents");
    app.send(&"j".repeat(60));
    app.send("\t");
    app.send(&"j".repeat(7));
    let before = app.settled();
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    let mut again = PtyApp::spawn(home.path(), &args, 80, 24);
    // the first frame, then the same once the rest is read and laid out
    // (only the percentage may differ in between: it is an estimate until then)
    again.wait_for("Contents");
    again.wait_until("the same place, text and outline", |s| s == before);
    assert!(status_line(&before).contains("Ch 900 ›"), "{before}");
    // the end of the chapter is there, and its start
    again.send("G");
    again.wait_until("the end of the chapter", |s| s.contains("100%"));
    again.send("g");
    again.wait_for("Introduction");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);
}
