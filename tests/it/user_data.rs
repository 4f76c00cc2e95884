//! User data survives the worst: `kill -9` at seeded random moments during a
//! drill, two instances drilling the same deck at once, eight kinds of
//! damaged store (each named on screen, left byte-for-byte unchanged, the
//! reader still usable), and an owner-only data directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::pty::PtyApp;
use studyguide::store::Store;

const NOW: &str = "2026-03-02T09:00:00Z";

/// A small linear congruential generator: reproducible "random" moments.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

fn store_file(data: &Path) -> PathBuf {
    data.join("progress.sqlite3")
}

fn spawn_drill(home: &Path, data: &Path) -> PtyApp {
    let args = ["--data-dir", data.to_str().expect("utf-8"), "--now", NOW];
    let mut app = PtyApp::spawn(home, &args, 100, 30);
    app.wait_for("Sarah Johnson");
    app.send("2");
    app.wait_for("Choose a deck");
    app.send("j\r"); // the chapter's own deck, below "All cards"
    app.wait_for("0/7");
    app
}

/// The answers the drill gauge (`N/7`: the chapter's cards of day one, one per note) says are done.
fn acknowledged(screen: &str) -> usize {
    screen
        .match_indices("/7")
        .filter_map(|(i, _)| {
            let digits: String = screen
                .get(..i)
                .unwrap_or_default()
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.chars().rev().collect::<String>().parse().ok()
        })
        .max()
        .unwrap_or(0)
}

fn stored_reviews(data: &Path) -> usize {
    let store = Store::open(store_file(data)).expect("the store opens after the kill");
    store.reviews().expect("reviews").len()
}

/// One run: answer 1-3 cards, kill -9 at a random moment 0-50 ms after the
/// last key, then check every acknowledged answer is stored.
fn kill_run(rng: &mut Lcg) {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    let mut app = spawn_drill(home.path(), &data);
    let answers = 1 + rng.next(3) as usize;
    for n in 1..=answers {
        app.send(" ");
        app.wait_for("Easy ·");
        app.send("4");
        if n < answers {
            app.wait_for(&format!("{n}/7"));
        }
    }
    std::thread::sleep(Duration::from_millis(rng.next(51)));
    let seen = acknowledged(&app.screen());
    app.kill();
    let stored = stored_reviews(&data);
    assert!(
        seen <= stored && stored <= answers,
        "{seen} acknowledged, {stored} stored, {answers} answered"
    );
    assert!(seen + 1 >= answers, "the earlier answers were acknowledged");
}

fn kill_runs(seed: u64, runs: usize) {
    let mut rng = Lcg(seed);
    for _ in 0..runs {
        kill_run(&mut rng);
    }
}

// 9 + 8 + 8 = 25 runs, in three tests so they share the two cores.
#[test]
fn kill_nine_keeps_acknowledged_answers_a() {
    kill_runs(1, 9);
}

#[test]
fn kill_nine_keeps_acknowledged_answers_b() {
    kill_runs(2, 8);
}

#[test]
fn kill_nine_keeps_acknowledged_answers_c() {
    kill_runs(3, 8);
}

/// Reveals the card on screen. A key arriving just after the other
/// window's answer took this window's card away was typed for that card
/// and is dropped (for `KEY_GRACE`); the same key once the grace is over
/// (the other window idle) must be applied. (The message of the dropped
/// key stays on screen, so it is not waited for a second time: that read
/// the old message as a new refusal and pressed again.)
fn reveal(app: &mut PtyApp) {
    let grace = studyguide::tui::state::drill::KEY_GRACE
        .to_std()
        .expect("grace");
    app.send(" ");
    let screen = app.wait_until("the answer, or the key dropped", |s| {
        s.contains("Good ·") || s.contains("not applied")
    });
    if screen.contains("Good ·") {
        return;
    }
    std::thread::sleep(grace + Duration::from_millis(100));
    app.send(" ");
    app.wait_for("Good ·");
}

#[test]
fn two_instances_store_the_union_of_their_answers() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    let mut a = spawn_drill(home.path(), &data);
    let mut b = spawn_drill(home.path(), &data);
    for n in 1..=3 {
        for app in [&mut a, &mut b] {
            reveal(app);
            app.send("3");
            // each window leaves the cards the other answered, so its gauge
            // counts down from fewer than 11
            app.wait_for(&format!("{n}/"));
        }
    }
    for app in [&mut a, &mut b] {
        app.send("q");
        assert_eq!(app.wait_exit(), 0);
    }
    assert_eq!(stored_reviews(&data), 6);
    // and no card was served to both
    let store = Store::open(store_file(&data)).expect("store");
    let mut cards: Vec<String> = store
        .reviews()
        .expect("reviews")
        .into_iter()
        .map(|(_, r)| r.card_id.to_string())
        .collect();
    cards.sort();
    cards.dedup();
    assert_eq!(cards.len(), 6, "six different cards: {cards:?}");
}

fn valid_store(path: &Path) {
    let store = Store::open(path).expect("new store");
    drop(store);
}

fn sqlite(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).expect("sqlite");
    conn.execute_batch(sql).expect("sql");
}

/// Builds each kind of damaged store at `path`.
fn damage(kind: &str, path: &Path) {
    match kind {
        "empty" => std::fs::write(path, b"").expect("write"),
        "zero-filled" => std::fs::write(path, vec![0u8; 8192]).expect("write"),
        "truncated" => {
            valid_store(path);
            sqlite(
                path,
                "PRAGMA journal_mode=DELETE; CREATE TABLE pad(x); INSERT INTO pad VALUES (zeroblob(20000));",
            );
            let bytes = std::fs::read(path).expect("read");
            std::fs::write(path, &bytes[..bytes.len() / 3]).expect("truncate");
        }
        "random" => {
            let mut rng = Lcg(42);
            let bytes: Vec<u8> = (0..16384).map(|_| rng.next(256) as u8).collect();
            std::fs::write(path, bytes).expect("write");
        }
        "wrong-schema" => sqlite(path, "CREATE TABLE notes(id INTEGER, text TEXT);"),
        "newer-schema" => {
            valid_store(path);
            sqlite(path, "PRAGMA user_version = 99;");
        }
        "directory" => std::fs::create_dir(path).expect("dir"),
        "read-only" => {
            valid_store(path);
            sqlite(path, "PRAGMA journal_mode=DELETE;");
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        }
        other => unreachable!("{other}"),
    }
}

/// The file's bytes (None for a directory).
fn snapshot(path: &Path) -> Option<Vec<u8>> {
    (!path.is_dir()).then(|| std::fs::read(path).expect("read store"))
}

#[test]
fn damaged_stores_are_named_left_alone_and_the_reader_works() {
    for kind in [
        "empty",
        "zero-filled",
        "truncated",
        "random",
        "wrong-schema",
        "newer-schema",
        "directory",
        "read-only",
    ] {
        let home = tempfile::tempdir().expect("tempdir");
        let data = home.path().join("data");
        std::fs::create_dir(&data).expect("data dir");
        let path = store_file(&data);
        damage(kind, &path);
        let before = snapshot(&path);
        let was_dir = path.is_dir();
        let args = ["--data-dir", data.to_str().expect("utf-8"), "--now", NOW];
        let mut app = PtyApp::spawn(home.path(), &args, 220, 40);
        // Named on screen even as root, where chmod 0444 does not stop
        // writes: the store honours the permission bits itself.
        app.wait_for(&path.display().to_string());
        // The reader still works: move down and open an item.
        app.send("jjj\r");
        app.wait_for("Q1. What was your key strategy");
        app.send("q");
        assert_eq!(app.wait_exit(), 0, "{kind}: {}", app.screen());
        assert_eq!(path.is_dir(), was_dir, "{kind}");
        assert!(snapshot(&path) == before, "{kind}: the file changed");
    }
}

#[test]
fn data_directory_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("fresh").join("data");
    let args = ["--data-dir", data.to_str().expect("utf-8"), "--now", NOW];
    let mut app = PtyApp::spawn(home.path(), &args, 100, 30);
    app.wait_for("Sarah Johnson");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    let mode = std::fs::metadata(&data)
        .expect("data dir")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "mode {mode:o}");
    assert!(store_file(&data).is_file());
}
