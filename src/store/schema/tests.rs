//! Tests of the schema: versions, migrations and the checks on open.

use super::*;

#[test]
fn fresh_database_migrates_to_current() {
    let mut conn = Connection::open_in_memory().unwrap();
    assert_eq!(inspect(&conn).unwrap(), 0);
    assert_eq!(migrate(&mut conn, 0).unwrap(), 0);
    assert_eq!(inspect(&conn).unwrap(), CURRENT_VERSION);
    // Idempotent.
    assert_eq!(
        migrate(&mut conn, CURRENT_VERSION).unwrap(),
        CURRENT_VERSION
    );
}

#[test]
fn a_version_2_store_gains_the_interview_tables_and_keeps_its_rows() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(V1).unwrap();
    conn.execute_batch(V2).unwrap();
    conn.execute_batch(
        "INSERT INTO reviews(card_id, at_ms, grade, elapsed_ms) VALUES ('a', 1, 3, 9);
         PRAGMA user_version = 2;",
    )
    .unwrap();
    assert_eq!(inspect(&conn).unwrap(), 2);
    assert!(!has_v3_tables(&conn).unwrap());
    assert_eq!(migrate(&mut conn, 2).unwrap(), 2);
    assert_eq!(inspect(&conn).unwrap(), CURRENT_VERSION);
    assert!(has_v3_tables(&conn).unwrap());
    assert!(has_table(&conn, "drafts").unwrap());
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn foreign_tables_are_refused() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE notes(x)").unwrap();
    assert!(matches!(inspect(&conn), Err(Problem::WrongTables(_))));
    conn.execute_batch("PRAGMA user_version = 1").unwrap();
    assert!(matches!(inspect(&conn), Err(Problem::WrongTables(_))));
    conn.execute_batch("PRAGMA user_version = 6").unwrap();
    assert!(matches!(inspect(&conn), Err(Problem::TooNew(6))));
}

#[test]
fn a_version_3_store_gains_drafts_with_the_old_typed_draft_moved_in() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(V1).unwrap();
    conn.execute_batch(V2).unwrap();
    conn.execute_batch(V3_INTERVIEWS).unwrap();
    conn.execute_batch(
        r#"INSERT INTO positions(key, value) VALUES ('reader', '{"item":"x","line":0}');
         INSERT INTO positions(key, value) VALUES ('typed-draft',
           '{"card_id":"k1","text":"half an\nanswer","saved":"2026-03-02T09:00:00.250Z"}');
         PRAGMA user_version = 3;"#,
    )
    .unwrap();
    assert_eq!(migrate(&mut conn, 3).unwrap(), 3);
    assert_eq!(inspect(&conn).unwrap(), CURRENT_VERSION);
    let drafts: Vec<(String, String, i64)> = conn
        .prepare("SELECT key, text, saved_ms FROM drafts")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        drafts,
        [(
            "card:k1".to_string(),
            "half an\nanswer".to_string(),
            1_772_442_000_250
        )]
    );
    let keys: Vec<String> = conn
        .prepare("SELECT key FROM positions")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        keys,
        ["reader"],
        "the old draft left positions; the place stays"
    );
}

#[test]
fn an_unreadable_old_typed_draft_is_left_where_it_is() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(V1).unwrap();
    conn.execute_batch(V2).unwrap();
    conn.execute_batch(V3_INTERVIEWS).unwrap();
    conn.execute_batch(
        "INSERT INTO positions(key, value) VALUES ('typed-draft', 'not json');
         PRAGMA user_version = 3;",
    )
    .unwrap();
    migrate(&mut conn, 3).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM positions WHERE key = 'typed-draft'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let drafts: i64 = conn
        .query_row("SELECT count(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!((left, drafts), (1, 0));
}
