//! The real binary in a pseudo-terminal under stress: the hostile content
//! corpus browsed item by item with every byte written scanned for control
//! sequences; a storm of resizes; and the terminal restored after `q`, an
//! error, a panic, SIGTERM and SIGHUP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use crate::common::pty::PtyApp;
use studyguide::store::Store;

const NOW: &str = "2026-03-02T09:00:00Z";

fn raw(app: &PtyApp) -> Vec<u8> {
    app.raw.lock().map(|r| r.clone()).unwrap_or_default()
}

fn pause() {
    std::thread::sleep(Duration::from_millis(15));
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let bad = crate::hostile::forbidden_output(bytes);
    assert!(bad.is_empty(), "{what}: forbidden output: {bad:#?}");
    let payloads = crate::hostile::payloads_in(bytes);
    assert!(
        payloads.is_empty(),
        "{what}: sequences reached the terminal: {payloads:?}"
    );
}

#[test]
fn browsing_hostile_content_writes_no_foreign_control_sequence() {
    let home = tempfile::tempdir().expect("tempdir");
    let content = crate::hostile::build_content_dir(home.path());
    let data = home.path().join("data");
    let args = [
        "--content",
        content.to_str().expect("utf-8"),
        "--data-dir",
        data.to_str().expect("utf-8"),
        "--now",
        NOW,
    ];
    for (cols, rows) in [(100u16, 30u16), (44, 12)] {
        let mut app = PtyApp::spawn(home.path(), &args, cols, rows);
        app.wait_for("Contents");
        // Through every outline item: move, look at the text, page it, come back.
        for _ in 0..70 {
            app.send("j");
            pause();
            app.send("\t \t");
            pause();
        }
        app.send("G");
        app.send("\t");
        for _ in 0..5 {
            app.send("\x1b[6~");
            pause();
        }
        app.send("\t");
        // The drill: every card, front and back (typed cards get an answer).
        app.send("2");
        app.wait_for("Choose a deck");
        app.send("\r");
        for _ in 0..6 {
            app.send(" ");
            pause();
            app.send("\r");
            pause();
            app.send("3");
            pause();
        }
        // Leave a typed answer box, if the last card was one. A key sent
        // before the app has read an Esc would arrive as Alt+key: wait for
        // the Escs to take effect first.
        esc(&mut app);
        esc(&mut app);
        app.wait_until("the drill left", |s| {
            s.contains("Choose a deck") || s.contains("Contents") || s.contains("Session ended")
        });
        app.send("1");
        app.wait_for("Contents");
        // The problems pane, scrolled to the end.
        app.send("!");
        app.wait_for("Content problems");
        let mut seen_last = false;
        for _ in 0..300 {
            app.send("j");
            std::thread::sleep(Duration::from_millis(5));
            seen_last |= app.screen().contains("is a directory");
            if seen_last {
                break;
            }
        }
        assert!(
            seen_last,
            "the last problem never showed:\n{}",
            app.screen()
        );
        esc(&mut app);
        app.wait_until("the problems closed", |s| !s.contains("Content problems"));
        app.send("?");
        app.wait_for(" Keys ");
        esc(&mut app);
        app.wait_until("the help closed", |s| !s.contains(" Keys "));
        app.send("q");
        assert_eq!(app.wait_exit(), 0, "{}", app.screen());
        assert_restored(&app, "q");
        let bytes = raw(&app);
        assert!(
            bytes.len() > 10_000,
            "the session drew little: {} bytes",
            bytes.len()
        );
        assert_clean(&format!("{cols}x{rows}"), &bytes);
    }
}

#[test]
fn hostile_file_name_shows_escaped_in_the_problems_pane() {
    let home = tempfile::tempdir().expect("tempdir");
    let content = crate::hostile::build_content_dir(home.path());
    let args = ["--content", content.to_str().expect("utf-8"), "--now", NOW];
    let mut app = PtyApp::spawn(home.path(), &args, 200, 60);
    app.wait_for("Contents");
    app.send("!");
    app.wait_for("Content problems");
    let screen = app.wait_for("g9-name-");
    assert!(
        screen.contains("g9-name-\\u{1b}]0;FILENAME\\u{7}.toml"),
        "{screen}"
    );
    assert!(
        screen.contains("unknown kind `\\u{1b}]0;KIND\\u{7}`"),
        "{screen}"
    );
    esc(&mut app);
    app.wait_until("the problems closed", |s| !s.contains("Content problems"));
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    assert_restored(&app, "q");
    assert_clean("problems pane", &raw(&app));
}

fn reader_is_whole(screen: &str) -> bool {
    screen.contains("studyguide")
        && screen.contains("Contents")
        && screen.contains("Sarah Johnson")
        && screen.contains("In this chapter")
}

#[test]
fn resize_storm_ends_on_a_whole_screen() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut app = PtyApp::spawn(home.path(), &["--now", NOW], 100, 30);
    app.wait_until("the reader", reader_is_whole);
    let sizes = [
        (30, 8),
        (200, 60),
        (10, 3),
        (80, 24),
        (1, 1),
        (59, 20),
        (60, 20),
        (120, 40),
        (20, 5),
        (19, 4),
    ];
    for i in 0..19 {
        let (c, r) = sizes[i % sizes.len()];
        app.resize(c, r);
        std::thread::sleep(Duration::from_millis(5 + (i as u64 * 7) % 20));
    }
    app.resize(100, 30);
    let screen = app.wait_until("the reader after the storm", reader_is_whole);
    assert!(!screen.contains("too small"), "{screen}");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
}

/// Checks the terminal is back to normal: main screen, cursor shown, and the
/// leave sequences written after the last enter.
/// The output is read on another thread, so its last bytes may arrive just
/// after the process has exited: wait a little for them.
fn assert_restored(app: &PtyApp, what: &str) {
    let left = || {
        let bytes = raw(app);
        let text = String::from_utf8_lossy(&bytes);
        let enter = text.rfind("\x1b[?1049h");
        let leave = text.rfind("\x1b[?1049l");
        enter.is_some() && leave > enter && app.terminal_restored()
    };
    let start = std::time::Instant::now();
    while !left() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(left(), "{what}: alternate screen not left or cursor hidden");
}

/// Sends Esc on its own, so it is not read as Alt with the next key.
fn esc(app: &mut PtyApp) {
    app.send("\x1b");
    std::thread::sleep(Duration::from_millis(60));
}

#[test]
fn terminal_is_restored_after_quit_error_and_panic() {
    type Env = &'static [(&'static str, &'static str)];
    let cases: [(&str, Env, u32); 3] = [
        ("q", &[], 0),
        // a runtime failure exits 1 (the table in `cli::exit`)
        ("error", &[("STUDYGUIDE_TEST_PANIC", "error")], 1),
        ("panic", &[("STUDYGUIDE_TEST_PANIC", "1")], 101),
    ];
    for (what, env, code) in cases {
        let home = tempfile::tempdir().expect("tempdir");
        let mut app = PtyApp::spawn_with_env(home.path(), &["--now", NOW], env, 100, 30);
        if env.is_empty() {
            app.wait_for("Sarah Johnson");
            app.send("q");
        }
        assert_eq!(app.wait_exit(), code, "{what}: {}", app.screen());
        assert_restored(&app, what);
    }
}

#[test]
fn sigterm_and_sighup_quit_cleanly_and_keep_answers() {
    for (signal, overlay) in [("TERM", ""), ("HUP", "?")] {
        let home = tempfile::tempdir().expect("tempdir");
        let data = home.path().join("data");
        let args = ["--data-dir", data.to_str().expect("utf-8"), "--now", NOW];
        let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
        app.wait_for("Sarah Johnson");
        app.send("2");
        app.wait_for("Choose a deck");
        app.send("j\r"); // the chapter's own deck, below "All cards"
        app.wait_for("0/7");
        app.send(" ");
        app.wait_for("Good ·");
        app.send("3");
        app.wait_for("1/7");
        app.send(overlay);
        std::thread::sleep(Duration::from_millis(100));
        let pid = app.pid().expect("pid").to_string();
        let status = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid])
            .status()
            .expect("kill");
        assert!(status.success());
        assert_eq!(app.wait_exit(), 0, "SIG{signal}: {}", app.screen());
        assert_restored(&app, &format!("SIG{signal}"));
        let store = Store::open(data.join("progress.sqlite3")).expect("store opens");
        assert_eq!(store.reviews().expect("reviews").len(), 1, "SIG{signal}");
    }
}

#[test]
fn the_scan_itself_catches_leaks() {
    let app_output = b"\x1b[?1049h\x1b[1;1H\x1b[38;5;1mok\x1b(B\x1b[0m\r\n";
    assert!(crate::hostile::forbidden_output(app_output).is_empty());
    for leak in [
        &b"\x1b]52;c;aGk=\x07"[..],
        b"\xc2\x9b2J",
        b"\x07",
        b"\x1bPq\x1b\\",
        b"\xe2\x80\xae",
        b"\x00",
    ] {
        let mut bytes = app_output.to_vec();
        bytes.extend_from_slice(leak);
        assert!(
            !crate::hostile::forbidden_output(&bytes).is_empty(),
            "{leak:?}"
        );
    }
    assert_eq!(
        crate::hostile::payloads_in(b"x\x1b]52;c;"),
        vec!["\u{1b}]52;"]
    );
}
