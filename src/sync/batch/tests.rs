//! Batches: what is packed comes back, damage is an error (never a panic).

use proptest::prelude::*;

use super::*;

fn review(uid: &str, card: &str, at_ms: i64) -> SyncReview {
    SyncReview {
        uid: uid.into(),
        card_id: card.into(),
        at_ms,
        grade: 3,
        elapsed_ms: 4_200,
        typed_answer: None,
        undone: false,
        day: Some(at_ms.div_euclid(86_400_000)),
    }
}

#[test]
fn every_kind_of_id_comes_back() {
    let mut typed = review("dev1:7", "typed", 1_700_000_100_000);
    typed.typed_answer = Some("an answer — with ünïcode".into());
    typed.undone = true;
    typed.grade = 1;
    typed.day = Some(typed.day.unwrap() - 1);
    let mut no_day = review("dev1:8", "a", 1_700_000_200_000);
    no_day.day = None;
    let batch = Batch {
        reviews: vec![
            review("dev1:5", "a", 1_700_000_000_000),
            review("dev1:6", "b", 1_700_000_030_000),
            typed,
            review(
                &legacy_uid(1_600_000_000_000, "a", 1),
                "a",
                1_600_000_000_000,
            ),
            review(
                &legacy_uid(1_600_000_000_000, "a", 2),
                "a",
                1_600_000_000_000,
            ),
            review("other:12", "b", 1_699_000_000_000),
            review("dev1:007", "b", 1_699_000_000_001),
            review("~1:a#01", "a", 1),
            no_day,
        ],
        undone: vec!["other:3".into(), "dev1:2".into()],
    };
    let bytes = encode("dev1", &batch);
    assert_eq!(decode(&bytes).unwrap(), batch);
}

#[test]
fn an_own_review_takes_a_few_bytes() {
    let reviews: Vec<SyncReview> = (0..1000)
        .map(|i| {
            review(
                &format!("0123456789abcdef:{i}"),
                "deck1-c42",
                1_700_000_000_000 + i * 25_000,
            )
        })
        .collect();
    let bytes = encode(
        "0123456789abcdef",
        &Batch {
            reviews,
            undone: vec![],
        },
    );
    assert!(bytes.len() <= 1000 * 10, "{} bytes", bytes.len());
}

#[test]
fn damage_is_an_error() {
    let batch = Batch {
        reviews: vec![review("d:1", "card", 5), review("x", "card", 9)],
        undone: vec!["d:0".into()],
    };
    let bytes = encode("d", &batch);
    for end in 0..bytes.len() {
        assert!(decode(&bytes[..end]).is_err(), "cut at {end}");
    }
    let mut newer = bytes.clone();
    newer[0] = BATCH_FORMAT + 1;
    assert_eq!(decode(&newer), Err(BatchError::Newer(BATCH_FORMAT + 1)));
    let mut longer = bytes;
    longer.push(0);
    assert!(decode(&longer).is_err());
}

fn any_review() -> impl Strategy<Value = SyncReview> {
    let fields = (
        prop_oneof![Just("dev"), Just("other"), Just("")],
        any::<i64>(),
        "[a-z:#~0-9]{0,8}",
        any::<i64>(),
        1u8..=4,
        any::<i64>(),
        proptest::option::of(".{0,12}"),
        any::<bool>(),
        0u8..3,
    );
    (fields, proptest::option::of(any::<i64>())).prop_map(
        |((device, n, card, at_ms, grade, elapsed_ms, typed, undone, kind), day)| {
            let uid = match kind {
                0 => format!("{device}:{n}"),
                1 => legacy_uid(at_ms, &card, (n as u64) % 4),
                _ => format!("{card}{n}"),
            };
            SyncReview {
                uid: uid.into(),
                card_id: card.into(),
                at_ms,
                grade,
                elapsed_ms,
                typed_answer: typed,
                undone,
                day,
            }
        },
    )
}

proptest! {
    #[test]
    fn any_batch_round_trips(
        reviews in proptest::collection::vec(any_review(), 0..20),
        undone in proptest::collection::vec(".{0,10}", 0..4),
    ) {
        let batch = Batch { reviews, undone };
        prop_assert_eq!(decode(&encode("dev", &batch)).unwrap(), batch);
    }

    #[test]
    fn any_bytes_decode_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode(&bytes);
    }
}
