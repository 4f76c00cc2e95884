//! Tests of the schema: versions, migrations and the checks on open.

use super::*;
use crate::domain::schedule::day::Zone;
use crate::store::reviews::day_number;

/// Days as the migrations count them in these tests: UTC, from 04:00.
fn days() -> DayBoundary {
    DayBoundary::new(Zone::utc(), 4)
}

#[test]
fn fresh_database_migrates_to_current() {
    let mut conn = Connection::open_in_memory().unwrap();
    assert_eq!(inspect(&conn).unwrap(), 0);
    assert_eq!(migrate(&mut conn, 0, &days()).unwrap(), 0);
    assert_eq!(inspect(&conn).unwrap(), CURRENT_VERSION);
    // Idempotent.
    assert_eq!(
        migrate(&mut conn, CURRENT_VERSION, &days()).unwrap(),
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
    assert_eq!(migrate(&mut conn, 2, &days()).unwrap(), 2);
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
    let newer = CURRENT_VERSION + 1;
    conn.execute_batch(&format!("PRAGMA user_version = {newer}"))
        .unwrap();
    assert!(matches!(inspect(&conn), Err(Problem::TooNew(v)) if v == newer));
}

#[test]
fn a_version_3_store_gains_each_answers_study_day_once() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(V1).unwrap();
    conn.execute_batch(V2).unwrap();
    conn.execute_batch(V3_INTERVIEWS).unwrap();
    // 2025-01-01 09:00 and 03:59 UTC (the second still day 2024-12-31 when
    // days start at 04:00), a time no reader accepts, and an old card-state
    // table and invalid-row index, both made without the day
    conn.execute_batch(
        "INSERT INTO reviews(id, card_id, at_ms, grade, elapsed_ms) VALUES
             (1, 'a', 1735722000000, 3, 9),
             (2, 'a', 1735703940000, 3, 9),
             (3, 'b', 'soon', 3, 9);
         CREATE TABLE card_states (card_id TEXT PRIMARY KEY, phase INTEGER);
         CREATE TABLE card_states_stamp (id INTEGER PRIMARY KEY);
         CREATE INDEX reviews_invalid ON reviews(id) WHERE grade > 4;
         PRAGMA user_version = 3;",
    )
    .unwrap();
    assert_eq!(inspect(&conn).unwrap(), 3);
    assert_eq!(migrate(&mut conn, 3, &days()).unwrap(), 3);
    assert_eq!(inspect(&conn).unwrap(), CURRENT_VERSION);
    let day = |id: i64| -> Option<i64> {
        conn.query_row("SELECT day FROM reviews WHERE id = ?1", [id], |r| r.get(0))
            .unwrap()
    };
    let number = |y, m, d| day_number(NaiveDate::from_ymd_opt(y, m, d).unwrap());
    assert_eq!(day(1), Some(number(2025, 1, 1)));
    assert_eq!(day(2), Some(number(2024, 12, 31)));
    assert_eq!(day(3), None);
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN \
             ('card_states', 'card_states_stamp', 'reviews_invalid')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "made again by the store, with the day");
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
    assert_eq!(migrate(&mut conn, 3, &days()).unwrap(), 3);
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
    assert_eq!(migrate(&mut conn, 3, &days()).unwrap(), 3);
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
    migrate(&mut conn, 3, &days()).unwrap();
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

#[test]
fn a_hot_journal_left_by_a_killed_write_is_rolled_back_before_a_read_only_look() {
    // a write in a rollback journal, its pages written into the file
    // mid-transaction (as a commit or a full cache does); the file and the
    // journal copied as they are then stand for a process killed there
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE; CREATE TABLE t (x);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
         INSERT INTO t SELECT randomblob(100) FROM n;
         BEGIN; UPDATE t SET x = zeroblob(100);",
    )
    .unwrap();
    conn.cache_flush().unwrap();
    let killed = tempfile::tempdir().unwrap();
    let copy = killed.path().join("p.db");
    std::fs::copy(&path, &copy).unwrap();
    let journal = killed.path().join("p.db-journal");
    std::fs::copy(dir.path().join("p.db-journal"), &journal).unwrap();
    let header = std::fs::read(&journal).unwrap();
    assert_ne!(
        header[..8],
        [0; 8],
        "the journal is hot (its header written)"
    );
    drop(conn);

    let read = open_read_only_connection(&copy).unwrap();
    let count = |sql: &str| read.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM t"), 2000);
    assert_eq!(count("SELECT count(*) FROM t WHERE x = zeroblob(100)"), 0);
    assert!(!journal.exists(), "rolled back");
}
