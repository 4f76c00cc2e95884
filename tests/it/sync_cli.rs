//! `studyguide sync` as a command: killed at every point of a sync (and at
//! random moments) the next sync finishes the job with nothing lost or
//! counted twice; a folder that is missing, removed mid-sync or on a full
//! disk stops it with exit code 1 and the store untouched; `sync --status`
//! and `config` say what the last sync did.

use std::path::Path;
use std::process::Command;

use chrono::Duration;
use studyguide::domain::schedule::Grade;
use studyguide::sync::fault::{ABORT_ENV, REMOVE_FOLDER_ENV, Step};

use crate::cli_common::{Output, Sandbox, output};
use crate::sync::{Machine, bookmark, scratch, t0};

/// Two machines that studied apart; `b` has synced once, `a` not yet.
fn two_machines(root: &Path) -> (Machine, Machine, std::path::PathBuf) {
    let folder = root.join("Sync");
    std::fs::create_dir_all(&folder).unwrap();
    let a = Machine::new(root, "a");
    let mut b = Machine::new(root, "b");
    for (i, card) in ["c1", "c2", "c3"].iter().enumerate() {
        a.answer(card, Grade::Good, t0() + Duration::minutes(i as i64));
    }
    let undone = a.answer("c1", Grade::Again, t0() + Duration::minutes(9));
    a.store.undo_review(undone).unwrap();
    a.store
        .add_bookmark(&bookmark("tip", "from a", t0()))
        .unwrap();
    for (i, card) in ["c3", "c4"].iter().enumerate() {
        b.answer(card, Grade::Hard, t0() + Duration::minutes(5 + i as i64));
    }
    b.store.add_bookmark(&bookmark("other", "", t0())).unwrap();
    b.sync(&folder, t0() + Duration::minutes(30));
    (a, b, folder)
}

/// `studyguide sync` on `data_dir` with `env` set.
fn sync_command(data_dir: &Path, folder: &Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let sandbox_home = data_dir.parent().unwrap_or(data_dir);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_studyguide"));
    cmd.arg("--data-dir")
        .arg(data_dir)
        .arg("--sync-dir")
        .arg(folder)
        .arg("--now")
        .arg("2026-03-02T10:00:00Z")
        .arg("sync")
        .args(args)
        .env("HOME", sandbox_home)
        .env("XDG_CONFIG_HOME", sandbox_home.join("config"))
        .env_remove("STUDYGUIDE_CONFIG")
        .env_remove("STUDYGUIDE_SYNC_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

fn run_sync(data_dir: &Path, folder: &Path, env: &[(&str, &str)]) -> Output {
    output(sync_command(data_dir, folder, env, &[]))
}

/// Syncs `a`, `b`, `a` in process and checks they agree, with every
/// review once.
fn finish_and_check(a: &mut Machine, b: &mut Machine, folder: &Path, what: &str) {
    a.sync(folder, t0() + Duration::minutes(40));
    b.sync(folder, t0() + Duration::minutes(41));
    a.sync(folder, t0() + Duration::minutes(42));
    let rows = a.rows();
    assert_eq!(rows, b.rows(), "{what}");
    assert_eq!(rows.reviews.len(), 6, "{what}: every review once");
    assert_eq!(
        rows.reviews.iter().filter(|r| r.undone).count(),
        1,
        "{what}"
    );
    assert_eq!(rows.bookmarks.len(), 2, "{what}");
    let again = a.sync(folder, t0() + Duration::minutes(43));
    assert_eq!(
        again.pushed + again.applied.reviews,
        0,
        "{what}: {}",
        again.line()
    );
}

#[test]
fn a_sync_killed_at_any_step_is_finished_by_the_next() {
    for step in Step::ALL {
        let root = scratch();
        let (mut a, mut b, folder) = two_machines(root.path());
        let out = run_sync(&a.dir, &folder, &[(ABORT_ENV, step.name())]);
        assert_eq!(
            out.code,
            -1,
            "{}: killed by the abort, not {}",
            step.name(),
            out.stderr
        );
        finish_and_check(&mut a, &mut b, &folder, step.name());
    }
}

#[test]
fn a_sync_killed_at_random_moments_is_finished_by_the_next() {
    let mut seed = 0x5eed_u64;
    for _ in 0..4 {
        let root = scratch();
        let (mut a, mut b, folder) = two_machines(root.path());
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = std::time::Duration::from_micros((seed >> 33) % 60_000);
        let mut child = sync_command(&a.dir, &folder, &[], &[])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        finish_and_check(&mut a, &mut b, &folder, &format!("killed after {delay:?}"));
    }
}

#[test]
fn a_missing_folder_or_one_removed_mid_sync_exits_1_with_the_store_untouched() {
    let root = scratch();
    let (a, _b, folder) = two_machines(root.path());
    let before = a.rows();
    let out = run_sync(&a.dir, &root.path().join("unmounted"), &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
    let out = run_sync(&a.dir, &folder, &[(REMOVE_FOLDER_ENV, Step::Merged.name())]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("cannot write to the sync folder")
            && out.stderr.contains("Nothing was changed locally"),
        "{}",
        out.stderr
    );
    assert!(!folder.exists());
    assert_eq!(a.rows(), before);
}

#[test]
fn a_full_disk_exits_1_with_the_store_untouched() {
    let root = scratch();
    let (a, _b, folder) = two_machines(root.path());
    let before = a.rows();
    // past `ulimit -f` (512-byte blocks) a write fails as on a full disk
    let command = sync_command(&a.dir, &folder, &[], &[]);
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg("ulimit -f 1 && exec \"$0\" \"$@\"")
        .arg(command.get_program())
        .args(command.get_args());
    for (k, v) in command.get_envs() {
        match v {
            Some(v) => shell.env(k, v),
            None => shell.env_remove(k),
        };
    }
    let out = output(shell);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("cannot write to the sync folder"),
        "{}",
        out.stderr
    );
    assert_eq!(a.rows(), before);
}

#[test]
fn status_lists_the_devices_and_config_shows_the_last_sync() {
    let root = scratch();
    let (a, b, folder) = two_machines(root.path());
    let out = run_sync(&a.dir, &folder, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "pulled 2 reviews, 1 bookmark from 1 device; pushed 5; 0 conflicts\n"
    );
    // a note written on both machines at once: the sync and --status say so
    a.store.set_bookmark_note("tip", "edited on a").unwrap();
    b.store
        .add_bookmark(&bookmark("tip", "edited on b", t0()))
        .unwrap();
    let mut b = b;
    b.sync(&folder, t0() + Duration::minutes(31));
    let out = run_sync(&a.dir, &folder, &[]);
    assert_eq!(
        out.stdout,
        "pulled 1 bookmark from 1 device; pushed 1; 1 conflict\n  conflict: the note on the bookmark \"Title of tip\" was written on two machines: both texts are kept, one after a --- line (edit the note to tidy it)\n",
        "{}",
        out.stderr
    );
    // a later sync (the one on quit) leaves it listed
    assert_eq!(run_sync(&a.dir, &folder, &[]).code, 0);
    let status = output(sync_command(&a.dir, &folder, &[], &["--status"]));
    assert_eq!(status.code, 0, "{}", status.stderr);
    let a_id = a.store.device_id().unwrap();
    let b_id = b.store.device_id().unwrap();
    let line = |id: &str| {
        status
            .stdout
            .lines()
            .find(|l| l.contains(id) && l.contains("last write"))
            .unwrap_or_else(|| panic!("{id} in {}", status.stdout))
            .to_string()
    };
    assert!(line(&a_id).contains("4 reviews") && line(&a_id).contains("(this device)"));
    assert!(line(&b_id).contains("2 reviews"), "{}", status.stdout);
    assert!(
        status.stdout.contains("last sync:")
            && status.stdout.contains("pulled nothing from 1 device")
            && status
                .stdout
                .contains("recent conflicts (what became of each):")
            && status
                .stdout
                .contains("  the note on the bookmark \"Title of tip\""),
        "{}",
        status.stdout
    );

    let sandbox = Sandbox::new();
    let config = sandbox.write(
        "config.toml",
        &format!("sync_dir = {:?}\n", folder.display().to_string()),
    );
    let out = output(sandbox.command_without_data_dir(&[
        "--data-dir",
        a.dir.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "config",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(&format!("sync dir:    {}", folder.display())),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("pulled nothing from 1 device"),
        "{}",
        out.stdout
    );
    let none = sandbox.run(&["sync"]);
    assert_eq!(none.code, 1);
    assert!(
        none.stderr.contains("no sync folder is set"),
        "{}",
        none.stderr
    );
    // or the folder from the environment
    let mut from_env = sandbox.command_without_data_dir(&[
        "--data-dir",
        a.dir.to_str().unwrap(),
        "sync",
        "--status",
    ]);
    from_env.env("STUDYGUIDE_SYNC_DIR", &folder);
    let out = output(from_env);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(&format!("sync folder: {}", folder.display())),
        "{}",
        out.stdout
    );
}

#[test]
fn the_app_syncs_on_start_and_on_quit_and_shows_it() {
    use crate::common::pty::PtyApp;
    let root = scratch();
    let (a, b, folder) = two_machines(root.path());
    // b wrote its own note on a's bookmark meanwhile: a meets both notes
    b.store
        .add_bookmark(&bookmark("tip", "from b", t0()))
        .unwrap();
    let mut b = b;
    b.sync(&folder, t0() + Duration::minutes(31));
    let a_dir = a.dir.to_str().unwrap().to_string();
    drop(a);
    let mut app = PtyApp::spawn(
        root.path(),
        &["--data-dir", &a_dir, "--sync-dir", folder.to_str().unwrap()],
        100,
        30,
    );
    app.wait_for("Synced with a conflict: the note on the bookmark \"Title of tip\"");
    app.send("3");
    app.wait_for("Title of other");
    // the joined note; the last sync in the status line once the message is gone
    app.wait_until("the joined note and the last sync", |screen| {
        screen.contains("from a") && screen.contains("from b") && screen.contains(" synced ")
    });
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    let raw = String::from_utf8_lossy(&app.raw.lock().unwrap()).into_owned();
    assert!(
        raw.contains("studyguide: synced: pulled nothing from 1 device; pushed 0; 0 conflicts"),
        "{raw}"
    );
}

#[test]
fn a_note_written_on_the_other_machine_outlives_a_sync_killed_after_meeting_it() {
    // both machines write a note on one bookmark; a's sync merges b's and
    // is killed before its store takes the result: a's next sync must not
    // write its own note again as if it had seen b's
    for step in [Step::OwnFileWritten, Step::LocalCopyWritten] {
        let root = scratch();
        let (mut a, mut b, folder) = two_machines(root.path());
        b.store.add_bookmark(&bookmark("tip", "", t0())).unwrap();
        b.sync(&folder, t0() + Duration::minutes(31));
        a.sync(&folder, t0() + Duration::minutes(32));
        a.store.set_bookmark_note("tip", "note from a").unwrap();
        b.store.set_bookmark_note("tip", "note from b").unwrap();
        b.sync(&folder, t0() + Duration::minutes(33));
        let out = run_sync(&a.dir, &folder, &[(ABORT_ENV, step.name())]);
        assert_eq!(out.code, -1, "{}: {}", step.name(), out.stderr);
        for (on_a, at) in [(true, 35), (false, 36), (true, 37)] {
            let machine = if on_a { &mut a } else { &mut b };
            machine.sync(&folder, t0() + Duration::minutes(at));
        }
        let rows = a.rows();
        assert_eq!(rows, b.rows(), "{}", step.name());
        let tip = rows.bookmarks.iter().find(|m| m.item_id == "tip").unwrap();
        assert!(
            tip.note.contains("note from a") && tip.note.contains("note from b"),
            "{}: {:?}",
            step.name(),
            tip.note
        );
    }
}

#[test]
fn a_sync_killed_after_an_earlier_one_leaves_files_every_device_can_merge() {
    // `a` has synced before, so it starts from its copy of the document;
    // killed after its file in the folder is written and before that copy
    // is, its next sync starts from a copy older than the file `b` merged
    for step in Step::ALL {
        let root = scratch();
        let (mut a, mut b, folder) = two_machines(root.path());
        a.sync(&folder, t0() + Duration::minutes(31));
        a.answer("c9", Grade::Good, t0() + Duration::minutes(32));
        let out = run_sync(&a.dir, &folder, &[(ABORT_ENV, step.name())]);
        assert_eq!(out.code, -1, "{}: {}", step.name(), out.stderr);
        b.sync(&folder, t0() + Duration::minutes(33));
        a.answer("c10", Grade::Good, t0() + Duration::minutes(34));
        for (on_a, at) in [(true, 35), (false, 36), (true, 37)] {
            let machine = if on_a { &mut a } else { &mut b };
            let report = machine.sync(&folder, t0() + Duration::minutes(at));
            assert!(
                report.warnings.is_empty(),
                "{}: {:?}",
                step.name(),
                report.warnings
            );
        }
        let rows = a.rows();
        assert_eq!(rows, b.rows(), "{}", step.name());
        assert_eq!(rows.reviews.len(), 8, "{}: every review once", step.name());
    }
}

#[test]
fn a_hostile_file_that_breaks_the_automerge_library_is_skipped_quietly() {
    let root = scratch();
    let (a, _b, folder) = two_machines(root.path());
    // a checksum that is right over columns that are not: automerge 0.12
    // panics reading it
    let hostile = folder.join("studyguide/devices/hostile.automerge");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sync/columns-wrong-checksum-right.automerge"),
        &hostile,
    )
    .unwrap();
    let out = run_sync(&a.dir, &folder, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("pulled 2 reviews, 1 bookmark from 1 device"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("warning: skipped")
            && out.stderr.contains("hostile.automerge")
            && out.stderr.contains("damaged or incomplete"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(hostile.exists(), "another device's file is left alone");
}

#[test]
fn a_large_sync_killed_inside_its_rollback_journal_is_undone_and_finished_by_the_next() {
    // over a thousand reviews to take, and no other connection open: the
    // store is written under a rollback journal (`store::journal`), and the
    // abort inside the transaction leaves that journal hot
    let root = scratch();
    let folder = root.path().join("Sync");
    std::fs::create_dir_all(&folder).unwrap();
    let a = Machine::new(root.path(), "a");
    let mut b = Machine::new(root.path(), "b");
    for i in 0..1_200 {
        let at = t0() - Duration::hours(30) + Duration::seconds(60 * i);
        a.answer(&format!("c{}", i % 300), Grade::Good, at);
        b.answer(
            &format!("c{}", i % 300),
            Grade::Hard,
            at + Duration::seconds(20),
        );
    }
    b.sync(&folder, t0() - Duration::hours(1));
    let dir = a.dir.clone();
    drop(a);
    let journal = dir.join("progress.sqlite3-journal");
    let out = run_sync(&dir, &folder, &[(ABORT_ENV, Step::LocalCopyWritten.name())]);
    assert_eq!(out.code, -1, "killed by the abort, not {}", out.stderr);
    assert!(
        journal.exists(),
        "the store was written under a rollback journal"
    );
    // the next command's first (read-only) look at the file must not stop
    // at the journal it cannot roll back
    let out = run_sync(&dir, &folder, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("pulled 1200 reviews"), "{}", out.stdout);
    assert!(!journal.exists());
    // the file is back in WAL mode (the header's read and write versions)
    let header = std::fs::read(dir.join("progress.sqlite3")).unwrap();
    assert_eq!(header[18..20], [2, 2]);
    let mut a = Machine::open(dir);
    b.sync(&folder, t0());
    a.sync(&folder, t0() + Duration::minutes(1));
    let rows = a.rows();
    assert_eq!(rows, b.rows());
    assert_eq!(rows.reviews.len(), 2_400, "every review once");
    assert_eq!(rows.states.len(), 300);
}
