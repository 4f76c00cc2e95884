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
    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    assert!(matches!(inspect(&conn), Err(Problem::TooNew(99))));
}

#[test]
fn a_version_3_store_keeps_its_interviews_and_gains_unique_ids() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(V1).unwrap();
    conn.execute_batch(V2).unwrap();
    conn.execute_batch(V3_INTERVIEWS).unwrap();
    conn.execute_batch(
        "INSERT INTO interview_sessions (id, set_id, started_ms, planned, limit_ms)
             VALUES (1, 's', 1000, 3, 120000), (2, 's', 2000, 3, 120000);
         INSERT INTO interview_answers (session_id, position, question_id, prompt, answer,
             time_ms, limit_ms, rated_against, ticked, signals, answered_ms)
             VALUES (1, 0, 'q1', 'P1', 'a', 10, 120000, '[]', '[]', NULL, 1100),
                    (1, 1, 'q2', 'P2', NULL, 10, 120000, '[]', '[]', NULL, 1200),
                    (2, 0, 'q1', 'P1', 'b', 10, 120000, '[]', '[]', NULL, 2100);
         PRAGMA user_version = 3;",
    )
    .unwrap();
    assert_eq!(migrate(&mut conn, 3).unwrap(), 3);
    assert_eq!(inspect(&conn).unwrap(), CURRENT_VERSION);
    assert!(has_v6_tables(&conn).unwrap());
    let ids = |table: &str| -> Vec<String> {
        let mut stmt = conn
            .prepare(&format!("SELECT uid FROM {table} ORDER BY id"))
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    for table in ["interview_sessions", "interview_answers"] {
        let mut got = ids(table);
        assert!(
            got.iter()
                .all(|u| u.len() == 36 && u.chars().nth(14) == Some('4')),
            "{got:?}"
        );
        let n = got.len();
        got.dedup();
        got.sort();
        got.dedup();
        assert_eq!(got.len(), n, "unique ids in {table}");
    }
    // the answers still point at their sessions, and a session can now
    // start in the same millisecond as another
    let joined: i64 = conn
        .query_row(
            "SELECT count(*) FROM interview_answers a JOIN interview_sessions s \
             ON a.session_id = s.id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(joined, 3);
    let answers_sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'interview_answers'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        answers_sql.contains("\"interview_sessions\""),
        "{answers_sql}"
    );
    let broken: Option<String> = conn
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .optional()
        .unwrap();
    assert_eq!(broken, None);
    conn.execute_batch(
        "INSERT INTO interview_sessions (uid, set_id, started_ms, planned, limit_ms)
             VALUES ('other', 's', 1000, 3, 120000);",
    )
    .unwrap();
}
