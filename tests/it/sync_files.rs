//! Studying on several machines: what the sync folder may hold. Conflict
//! copies are merged (and removed by their own device); torn, foreign,
//! newer and junk files, and files over the caps on size and on what they
//! inflate to, are skipped with a warning; values no reader of the
//! store accepts are left out; a missing or unwritable folder stops the sync
//! with the store untouched.

use std::path::{Path, PathBuf};

use studyguide::domain::schedule::Grade;
use studyguide::store::{SyncAttempt, SyncReview};

use crate::sync::{Machine, folder, minutes, scratch, t0};

/// Writes a file into the folder's `devices/`.
fn put_device_file(sync_dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = sync_dir.join("studyguide/devices").join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn conflict_copies_are_merged_and_bad_files_skipped_with_a_warning() {
    let root = scratch();
    let sync_dir = folder(root.path());
    let mut a = Machine::new(root.path(), "a");
    let mut b = Machine::new(root.path(), "b");
    a.answer("first", Grade::Good, t0());
    a.sync(&sync_dir, t0() + minutes(1));
    let a_id = a.store.device_id().unwrap();
    let a_file = sync_dir.join(format!("studyguide/devices/{a_id}.automerge"));
    // the sync tool kept an older version of a's file as a conflict copy
    // while a's newer one (with a second review) replaced it
    let older = std::fs::read(&a_file).unwrap();
    a.answer("second", Grade::Good, t0() + minutes(2));
    a.sync(&sync_dir, t0() + minutes(3));
    let newer = std::fs::read(&a_file).unwrap();
    std::fs::write(&a_file, &older).unwrap();
    let copy = put_device_file(
        &sync_dir,
        &format!("{a_id} (conflicted copy 2026-03-02).automerge"),
        &newer,
    );
    put_device_file(
        &sync_dir,
        &format!("{a_id}.sync-conflict-20260302-101010-ABCDEFG.automerge"),
        &older,
    );
    // a truncated file, a foreign one, one from a newer studyguide, junk
    put_device_file(&sync_dir, "torn.automerge", &newer[..newer.len() / 2]);
    let mut foreign = automerge::AutoCommit::new();
    automerge::transaction::Transactable::put(&mut foreign, automerge::ROOT, "todo", "milk")
        .unwrap();
    put_device_file(&sync_dir, "other-app.automerge", &foreign.save());
    put_device_file(&sync_dir, "junk.automerge", b"not a device file at all");
    put_device_file(&sync_dir, ".hidden-temp.automerge", b"ignored");

    let report = b.sync(&sync_dir, t0() + minutes(4));
    assert_eq!(report.applied.reviews, 2, "{}", report.line());
    let warnings = report.warnings.join("\n");
    assert_eq!(report.warnings.len(), 3, "{warnings}");
    assert!(warnings.contains("torn.automerge") && warnings.contains("damaged or incomplete"));
    assert!(warnings.contains("other-app.automerge") && warnings.contains("not a studyguide"));
    assert!(warnings.contains("junk.automerge"));
    // copies of a's file are a's to remove: b leaves them
    assert!(copy.exists());
    let tidied = a.sync(&sync_dir, t0() + minutes(5));
    assert_eq!(tidied.conflict_copies, 2, "{}", tidied.line());
    assert!(
        !copy.exists(),
        "a removed the copies of its own file once merged"
    );
    let names: Vec<String> = std::fs::read_dir(sync_dir.join("studyguide/devices"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&a_id))
        .collect();
    assert_eq!(names, [format!("{a_id}.automerge")]);
    assert_eq!(a.rows(), b.rows());
}

#[test]
fn a_file_from_a_newer_studyguide_is_skipped_with_a_warning() {
    let root = scratch();
    let sync_dir = folder(root.path());
    let mut a = Machine::new(root.path(), "a");
    a.sync(&sync_dir, t0());
    let id = a.store.device_id().unwrap();
    let mut newer = automerge::AutoCommit::load(
        &std::fs::read(sync_dir.join(format!("studyguide/devices/{id}.automerge"))).unwrap(),
    )
    .unwrap();
    automerge::transaction::Transactable::put(&mut newer, automerge::ROOT, "format", 99i64)
        .unwrap();
    put_device_file(&sync_dir, "future.automerge", &newer.save());
    let report = a.sync(&sync_dir, t0() + minutes(1));
    assert_eq!(report.warnings.len(), 1);
    assert!(
        report.warnings[0].contains("newer studyguide"),
        "{}",
        report.warnings[0]
    );
}

#[test]
fn a_missing_or_unwritable_folder_stops_the_sync_with_the_store_untouched() {
    let root = scratch();
    let mut a = Machine::new(root.path(), "a");
    a.answer("x", Grade::Good, t0());
    let before = a.rows();
    let missing = root.path().join("not-mounted");
    let e = a.try_sync(&missing, t0()).unwrap_err().to_string();
    assert!(
        e.contains("does not exist") && e.contains("Nothing was changed"),
        "{e}"
    );
    // `studyguide` inside the folder is a file: nothing can be made there
    let blocked = folder(root.path());
    std::fs::write(blocked.join("studyguide"), "a file").unwrap();
    let e = a.try_sync(&blocked, t0()).unwrap_err().to_string();
    assert!(e.contains("cannot write to the sync folder"), "{e}");
    let file = root.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let e = a.try_sync(&file, t0()).unwrap_err().to_string();
    assert!(e.contains("is not a folder"), "{e}");
    assert_eq!(a.rows(), before);
    assert!(!a.dir.join("sync-document.automerge").exists());
}

#[test]
fn values_no_reader_accepts_are_left_out_with_a_warning() {
    use studyguide::store::AttemptMarks;
    use studyguide::sync::batch::Batch;
    use studyguide::sync::document::DeviceDoc;
    let root = scratch();
    let sync_dir = folder(root.path());
    let mut a = Machine::new(root.path(), "a");
    a.sync(&sync_dir, t0());
    // a valid device document holding values the store must not take
    let mut evil = DeviceDoc::new("evil");
    let review = |uid: &str, at_ms: i64| SyncReview {
        uid: uid.into(),
        card_id: "c".into(),
        at_ms,
        grade: 3,
        elapsed_ms: 1,
        typed_answer: None,
        undone: false,
        day: None,
    };
    let batch = Batch {
        reviews: vec![
            review("evil:1", i64::MAX),
            review("evil:2", t0().timestamp_millis()),
        ],
        undone: vec![],
    };
    evil.put_batch("evil", &batch).unwrap();
    evil.put_attempt(&SyncAttempt {
        uid: "attempt-x".into(),
        session_uid: "session-x".into(),
        set_id: "set".into(),
        mode: "live".into(),
        started_ms: 0,
        planned: 1,
        session_limit_ms: 1,
        position: 0,
        question_id: "q".into(),
        prompt: "p".into(),
        answer: None,
        time_ms: 1,
        limit_ms: 1,
        rated_against: "[]".into(),
        signals: None,
        answered_ms: 0,
        marks: AttemptMarks {
            ticked: "[]".into(),
            self_rating: Some(7),
            follow_ups: None,
        },
    })
    .unwrap();
    evil.commit(0);
    put_device_file(&sync_dir, "evil.automerge", &evil.save());
    let report = a.sync(&sync_dir, t0() + minutes(1));
    assert_eq!(report.applied.reviews, 1, "{}", report.line());
    assert_eq!(report.applied.attempts, 0);
    let warnings = report.warnings.join("\n");
    assert!(
        warnings.contains("left out 1 review(s) from other devices: a time out of range"),
        "{warnings}"
    );
    assert!(
        warnings.contains("a self-rating out of range"),
        "{warnings}"
    );
    // the store still opens, read-write, and syncs again without a failure
    let Machine { dir, store, .. } = a;
    drop(store);
    let mut a = Machine::open(dir);
    assert!(!a.store.is_read_only());
    a.sync(&sync_dir, t0() + minutes(2));
}

/// A device file of one document chunk whose one column is deflated and
/// inflates to `mib` MiB of zeros, written in a few hundred KB: one
/// compressed MiB, repeated (each copy a run of non-final blocks), then
/// an empty final block.
fn inflation_bomb(mib: usize) -> Vec<u8> {
    // compress_vec writes no more than the vector's capacity
    let mut one_mib = Vec::with_capacity(256 * 1024);
    let mut deflate = flate2::Compress::new(flate2::Compression::best(), false);
    deflate
        .compress_vec(&vec![0; 1 << 20], &mut one_mib, flate2::FlushCompress::Sync)
        .unwrap();
    assert_eq!(deflate.total_in(), 1 << 20);
    let mut column = one_mib.repeat(mib);
    column.extend([0x03, 0x00]);
    let uleb = |out: &mut Vec<u8>, mut n: usize| loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            break;
        }
        out.push(low | 0x80);
    };
    // no actors, no heads, one change column (a deflated value column),
    // no operation columns
    let mut data = vec![0, 0, 1, 0x1f];
    uleb(&mut data, column.len());
    data.push(0);
    data.extend(&column);
    let mut file = vec![0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 0];
    uleb(&mut file, data.len());
    file.extend(data);
    file
}

#[test]
fn files_over_the_caps_are_skipped_with_a_warning_and_the_others_merged() {
    let root = scratch();
    let sync_dir = folder(root.path());
    let mut a = Machine::new(root.path(), "a");
    let mut b = Machine::new(root.path(), "b");
    a.answer("first", Grade::Good, t0());
    a.sync(&sync_dir, t0() + minutes(1));
    // inflates to 65 MiB (over the 64 MB cap) from a file of under 1 MB
    let bomb = inflation_bomb(65);
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    put_device_file(&sync_dir, "bomb.automerge", &bomb);
    // over the 16 MB size cap (a sparse file: no disk is used)
    let big = put_device_file(&sync_dir, "big\u{1b}[2J.automerge", b"");
    std::fs::File::options()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(16 * 1024 * 1024 + 1)
        .unwrap();

    let report = b.sync(&sync_dir, t0() + minutes(2));
    assert_eq!(report.applied.reviews, 1, "{}", report.line());
    assert_eq!(report.devices, 1, "{}", report.line());
    let warnings = report.warnings.join("\n");
    assert_eq!(report.warnings.len(), 2, "{warnings}");
    assert!(
        warnings.contains("skipped")
            && warnings.contains("bomb.automerge")
            && warnings.contains("it would inflate to over 64 MB, the limit for a device file"),
        "{warnings}"
    );
    assert!(
        warnings.contains("it is 17 MB, over the limit of 16 MB for a device file"),
        "{warnings}"
    );
    // the file's name reaches the message sanitised
    assert!(!warnings.contains('\u{1b}'), "{warnings:?}");
    assert_eq!(a.rows().reviews, b.rows().reviews);
}

/// Every device file and both machines' copies of their documents: path,
/// inode (an atomic rewrite makes a new one) and bytes.
fn written(sync_dir: &Path, machines: &[&Machine]) -> Vec<(PathBuf, u64, Vec<u8>)> {
    use std::os::unix::fs::MetadataExt;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(sync_dir.join("studyguide/devices"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.extend(
        machines
            .iter()
            .map(|m| m.dir.join("sync-document.automerge")),
    );
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let inode = std::fs::metadata(&path).unwrap().ino();
            let bytes = std::fs::read(&path).unwrap();
            (path, inode, bytes)
        })
        .collect()
}

#[test]
fn syncs_with_nothing_new_write_no_file() {
    let root = scratch();
    let sync_dir = folder(root.path());
    let mut a = Machine::new(root.path(), "a");
    let mut b = Machine::new(root.path(), "b");
    a.answer("first", Grade::Good, t0());
    b.answer("second", Grade::Good, t0());
    a.sync(&sync_dir, t0() + minutes(1));
    b.sync(&sync_dir, t0() + minutes(2));
    // a takes b's answer: its file is written again, with nothing of its
    // own added, so b finds nothing new in it
    let pulled = a.sync(&sync_dir, t0() + minutes(3));
    assert_eq!(pulled.applied.reviews, 1, "{}", pulled.line());
    let before = written(&sync_dir, &[&a, &b]);
    for (on_a, at) in [(false, 4), (true, 5), (false, 6)] {
        let machine = if on_a { &mut a } else { &mut b };
        let report = machine.sync(&sync_dir, t0() + minutes(at));
        assert_eq!(
            report.pushed + report.applied.reviews,
            0,
            "{}",
            report.line()
        );
    }
    assert_eq!(written(&sync_dir, &[&a, &b]), before);
    assert_eq!(a.rows(), b.rows());
    // something new is written again
    a.answer("third", Grade::Good, t0() + minutes(7));
    a.sync(&sync_dir, t0() + minutes(8));
    assert_ne!(written(&sync_dir, &[&a, &b]), before);
    assert_eq!(b.sync(&sync_dir, t0() + minutes(9)).applied.reviews, 1);
}
