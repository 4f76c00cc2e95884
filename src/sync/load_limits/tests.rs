//! The caps: studyguide's own documents pass; a column or chunk that
//! inflates past the cap, a run of too many rows and a file over the size
//! cap are refused; damage is an error, never a panic.

use std::io::Write;

use proptest::prelude::*;

use super::*;
use crate::store::SyncReview;
use crate::sync::batch::Batch;
use crate::sync::document::DeviceDoc;

const SMALL: Limits = Limits {
    file_bytes: 64 * 1024,
    decoded_bytes: 1024 * 1024,
    column_rows: 1_000,
};

/// Numbers as automerge writes them, by the crate automerge writes them with.
fn uleb(out: &mut Vec<u8>, value: u64) {
    leb128::write::unsigned(out, value).unwrap();
}

fn sleb(out: &mut Vec<u8>, value: i64) {
    leb128::write::signed(out, value).unwrap();
}

fn chunk(kind: u8, data: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend([0; 4]);
    out.push(kind);
    uleb(&mut out, data.len() as u64);
    out.extend(data);
    out
}

/// A document chunk with no actors or heads, the given change columns
/// (specification, data) and no operation columns.
fn document(columns: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let mut data = vec![0, 0];
    uleb(&mut data, columns.len() as u64);
    for (spec, bytes) in columns {
        uleb(&mut data, *spec);
        uleb(&mut data, bytes.len() as u64);
    }
    data.push(0);
    for (_, bytes) in columns {
        data.extend(bytes);
    }
    chunk(DOCUMENT, &data)
}

fn deflated(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A change chunk's data with one column.
fn change(spec: u64, column: &[u8]) -> Vec<u8> {
    let mut data = vec![0, 1, 0xab, 1, 1, 0, 0, 0, 1];
    uleb(&mut data, spec);
    uleb(&mut data, column.len() as u64);
    data.extend(column);
    data
}

fn studied_document() -> Vec<u8> {
    let mut doc = DeviceDoc::new("dev1");
    let reviews = (0..500)
        .map(|n| SyncReview {
            uid: format!("dev1:{n}").into(),
            card_id: format!("card-{}", n % 40).into(),
            at_ms: 1_700_000_000_000 + n * 60_000,
            grade: 3,
            elapsed_ms: 4_000,
            typed_answer: None,
            undone: false,
            day: None,
        })
        .collect();
    let batch = Batch {
        reviews,
        undone: vec![],
    };
    doc.put_batch("dev1", &batch).unwrap();
    doc.commit(1_700_000_000_000);
    doc.save()
}

#[test]
fn studyguides_own_documents_are_within_the_caps() {
    let saved = studied_document();
    assert_eq!(check(&saved), Ok(()));
    assert!(DeviceDoc::load(&saved, "dev2").is_ok());
    // changes saved one by one (plain or compressed chunks) too
    let mut doc = automerge::AutoCommit::load(&saved).unwrap();
    automerge::transaction::Transactable::put(
        &mut doc,
        automerge::ROOT,
        "x",
        automerge::ScalarValue::Bytes(vec![7; 20_000]),
    )
    .unwrap();
    let heads = automerge::AutoCommit::load(&saved).unwrap().get_heads();
    doc.commit();
    let changes = doc.save_after(&heads);
    assert_eq!(check(&changes), Ok(()));
    let compressed = chunk(COMPRESSED, &deflated(&change(2 << 4 | 2, &[2, 5])));
    assert_eq!(check(&compressed), Ok(()));
}

#[test]
fn a_column_inflating_past_the_cap_is_refused() {
    let bomb = document(&[(1 << 4 | DEFLATE | RAW_VALUE, deflated(&vec![0; 2 << 20]))]);
    assert!(bomb.len() < SMALL.file_bytes as usize, "{}", bomb.len());
    assert_eq!(
        check_within(&bomb, &SMALL),
        Err(Refused::InflatesTooFar {
            limit: SMALL.decoded_bytes
        })
    );
    let fits = document(&[(1 << 4 | DEFLATE | RAW_VALUE, deflated(&vec![0; 1 << 19]))]);
    assert_eq!(check_within(&fits, &SMALL), Ok(()));
}

#[test]
fn a_compressed_change_inflating_past_the_cap_is_refused() {
    let bomb = chunk(COMPRESSED, &deflated(&change(RAW_VALUE, &vec![0; 2 << 20])));
    assert_eq!(
        check_within(&bomb, &SMALL),
        Err(Refused::InflatesTooFar {
            limit: SMALL.decoded_bytes
        })
    );
}

#[test]
fn runs_of_too_many_rows_are_refused() {
    let too_many = Refused::TooManyRows {
        limit: SMALL.column_rows,
    };
    let mut repeated = Vec::new();
    sleb(&mut repeated, 1 << 40);
    uleb(&mut repeated, 5);
    let mut nulls = Vec::new();
    sleb(&mut nulls, 0);
    uleb(&mut nulls, u64::MAX);
    let mut booleans = Vec::new();
    uleb(&mut booleans, 600);
    uleb(&mut booleans, 600);
    let mut strings = Vec::new();
    sleb(&mut strings, 2_000);
    strings.extend([3, b'a', b'b', b'c']);
    for (kind, column) in [
        (2, repeated),
        (3, nulls),
        (BOOLEAN, booleans),
        (STRING, strings),
    ] {
        let doc = document(&[(1 << 4 | kind, column.clone())]);
        assert_eq!(check_within(&doc, &SMALL), Err(too_many.clone()), "{kind}");
        let deflated_doc = document(&[(1 << 4 | DEFLATE | kind, deflated(&column))]);
        assert_eq!(check_within(&deflated_doc, &SMALL), Err(too_many.clone()));
        let in_a_change = chunk(CHANGE, &change(1 << 4 | kind, &column));
        assert_eq!(check_within(&in_a_change, &SMALL), Err(too_many.clone()));
    }
    let mut within = Vec::new();
    sleb(&mut within, 999);
    uleb(&mut within, 5);
    sleb(&mut within, -1);
    uleb(&mut within, 6);
    let doc = document(&[(1 << 4 | 2, within)]);
    assert_eq!(check_within(&doc, &SMALL), Ok(()));
}

#[test]
fn files_over_the_size_cap_are_refused() {
    let saved = studied_document();
    let tight = Limits {
        file_bytes: saved.len() as u64 - 1,
        ..SMALL
    };
    assert!(matches!(
        check_within(&saved, &tight),
        Err(Refused::FileTooBig { .. })
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.automerge");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(LIMITS.file_bytes + 1).unwrap();
    let error = read_file(&path).unwrap_err();
    assert!(is_refusal(&error));
    assert_eq!(
        error.to_string(),
        "it is 17 MB, over the limit of 16 MB for a device file"
    );
    file.set_len(10).unwrap();
    assert_eq!(read_file(&path).unwrap(), vec![0; 10]);
}

#[test]
fn bundles_and_unknown_chunks_are_refused() {
    assert!(matches!(
        check(&chunk(BUNDLE, &[0])),
        Err(Refused::Damaged(_))
    ));
    assert!(matches!(check(&chunk(9, &[0])), Err(Refused::Damaged(_))));
    assert!(matches!(check(b"not automerge"), Err(Refused::Damaged(_))));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Cut or changed anywhere, a document is measured or refused, never
    /// a panic.
    #[test]
    fn damage_is_an_error_not_a_panic(cut in 0usize..4096, at in 0usize..4096, byte: u8) {
        let mut saved = studied_document();
        let len = saved.len();
        saved[at % len] = byte;
        saved.truncate(cut % (len + 1));
        let _ = check_within(&saved, &SMALL);
    }
}
