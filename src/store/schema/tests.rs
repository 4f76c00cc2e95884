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
    assert_eq!(inspect(&conn).unwrap(), 3);
    assert!(has_v3_tables(&conn).unwrap());
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
    conn.execute_batch("PRAGMA user_version = 4").unwrap();
    assert!(matches!(inspect(&conn), Err(Problem::TooNew(4))));
}
