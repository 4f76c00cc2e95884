//! The table of missed talking points (`interview_missed_points`): each is
//! a card of its own, scheduled through the review log like any other.
//! Saving points and the self-rating's answers to their cards is one
//! transaction; a point missed again keeps its card (and its schedule). A
//! deleted point keeps its row, marked, so a sync can tell "deleted" from
//! "never had"; missing the point again brings its card back.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::reviews::insert_review;
use super::{Result, Store, ms_to_time};
use crate::domain::interview::MissedPoint;
use crate::domain::schedule::ReviewRecord;

impl Store {
    /// Stores missed points (a point already stored keeps its row and is
    /// brought back when it was deleted) and logs `reviews` of their cards,
    /// in one transaction. Returns the reviews' ids, in order. A kept
    /// card-state table moves on with them.
    pub fn save_missed_points(
        &self,
        points: &[MissedPoint],
        reviews: &[ReviewRecord],
    ) -> Result<Vec<i64>> {
        self.writable()?;
        let tx = self.write_transaction()?;
        let follow = self.states_to_follow(&tx)?;
        for p in points {
            tx.prepare_cached(
                "INSERT INTO interview_missed_points (card_id, set_id, question_id, item_id, \
                 teaching_card, prompt, label, description, first_attempt, created_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
                 ON CONFLICT(card_id) DO UPDATE SET deleted_ms = NULL",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    p.card_id,
                    p.set,
                    p.question,
                    p.item,
                    p.teaching_card,
                    p.prompt,
                    p.label,
                    p.description,
                    p.first_attempt,
                    p.created_at.timestamp_millis()
                ])
            })
            .map_err(|e| self.sql(e))?;
        }
        let mut ids = Vec::with_capacity(reviews.len());
        for review in reviews {
            insert_review(&tx, review).map_err(|e| self.sql(e))?;
            ids.push(tx.last_insert_rowid());
            if let Some(keeper) = follow {
                self.follow_answer(&tx, keeper, review)?;
            }
        }
        tx.commit().map_err(|e| self.sql(e))?;
        Ok(ids)
    }

    /// The missed points not deleted, oldest first (none before version 6).
    pub fn missed_points(&self) -> Result<Vec<MissedPoint>> {
        if self.version < 6 {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT card_id, set_id, question_id, item_id, teaching_card, prompt, label, \
                 description, first_attempt, created_ms FROM interview_missed_points \
                 WHERE deleted_ms IS NULL ORDER BY created_ms, card_id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    MissedPoint {
                        card_id: r.get(0)?,
                        set: r.get(1)?,
                        question: r.get(2)?,
                        item: r.get(3)?,
                        teaching_card: r.get(4)?,
                        prompt: r.get(5)?,
                        label: r.get(6)?,
                        description: r.get(7)?,
                        first_attempt: r.get(8)?,
                        created_at: DateTime::<Utc>::UNIX_EPOCH,
                    },
                    r.get::<_, i64>(9)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        let mut points = Vec::new();
        for row in rows {
            let (mut point, created_ms) = row.map_err(|e| self.sql(e))?;
            point.created_at = ms_to_time(&self.path, created_ms)?;
            points.push(point);
        }
        Ok(points)
    }

    /// Deletes the card of a missed point (its reviews stay in the log).
    /// Returns whether there was one to delete.
    pub fn delete_missed_point(&self, card_id: &str, at: DateTime<Utc>) -> Result<bool> {
        self.writable()?;
        let changed = self
            .conn
            .execute(
                "UPDATE interview_missed_points SET deleted_ms = ?1 \
                 WHERE card_id = ?2 AND deleted_ms IS NULL",
                params![at.timestamp_millis(), card_id],
            )
            .map_err(|e| self.sql(e))?;
        Ok(changed > 0)
    }

    /// Brings a deleted missed point back (undo).
    pub fn restore_missed_point(&self, card_id: &str) -> Result<bool> {
        self.writable()?;
        let changed = self
            .conn
            .execute(
                "UPDATE interview_missed_points SET deleted_ms = NULL WHERE card_id = ?1",
                params![card_id],
            )
            .map_err(|e| self.sql(e))?;
        Ok(changed > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interview::missed_card_id;
    use crate::domain::schedule::Grade;
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_780_000_000 + secs, 0).single().unwrap()
    }

    fn point(item: &str, secs: i64) -> MissedPoint {
        MissedPoint {
            card_id: missed_card_id("set", "q1", item),
            set: "set".into(),
            question: "q1".into(),
            item: item.into(),
            teaching_card: Some("teach".into()),
            prompt: "Why us?".into(),
            label: item.to_uppercase(),
            description: "What it means.".into(),
            first_attempt: "a-1".into(),
            created_at: at(secs),
        }
    }

    fn review(card: &str, grade: Grade, secs: i64) -> ReviewRecord {
        ReviewRecord {
            card_id: card.into(),
            at: at(secs),
            grade,
            elapsed_ms: 0,
            typed_answer: None,
            day: crate::domain::schedule::day::test_day(at(secs)),
        }
    }

    #[test]
    fn points_and_their_first_answers_are_kept_together_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        {
            let store = Store::open_at(&path, at(0)).unwrap();
            let star = point("star", 10);
            let ids = store
                .save_missed_points(
                    &[star.clone(), point("result", 10)],
                    &[review(&star.card_id, Grade::Hard, 10)],
                )
                .unwrap();
            assert_eq!(ids.len(), 1);
            // missed again later: the row (and its first attempt) stays
            let mut again = point("star", 99);
            again.first_attempt = "a-2".into();
            store.save_missed_points(&[again], &[]).unwrap();
        }
        let store = Store::open_read_only(&path).unwrap();
        let points = store.missed_points().unwrap();
        assert_eq!(points.len(), 2);
        assert_eq!(points[0], point("result", 10));
        assert_eq!(points[1], point("star", 10));
        let reviews = store.reviews().unwrap();
        assert_eq!(reviews.len(), 1);
        assert_eq!(reviews[0].1.card_id, "interview:set:q1:star");
        assert_eq!(reviews[0].1.grade, Grade::Hard);
    }

    #[test]
    fn a_deleted_point_is_gone_until_it_is_missed_again_or_restored() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_at(dir.path().join("p.sqlite3"), at(0)).unwrap();
        let star = point("star", 0);
        store
            .save_missed_points(std::slice::from_ref(&star), &[])
            .unwrap();
        assert!(store.delete_missed_point(&star.card_id, at(5)).unwrap());
        assert!(!store.delete_missed_point(&star.card_id, at(6)).unwrap());
        assert!(store.missed_points().unwrap().is_empty());
        assert!(store.restore_missed_point(&star.card_id).unwrap());
        assert_eq!(store.missed_points().unwrap().len(), 1);
        store.delete_missed_point(&star.card_id, at(7)).unwrap();
        store.save_missed_points(&[point("star", 50)], &[]).unwrap();
        assert_eq!(store.missed_points().unwrap(), [star]);
    }
}
