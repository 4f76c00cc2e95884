//! The mock-interview keys of the device document: attempts (with their
//! sessions) under `a/<attempt id>`, never changed after they are given;
//! what changes afterwards in registers of their own (`t/` the rubric
//! ticks, `sr/` the self-rating, `fu/` the follow-ups), the later write
//! winning; missed points under `m/<card id>`, and when each was deleted
//! under `mx/<card id>` (`null`: it is a card). A point deleted on one
//! machine and missed again on the other stays a card, as a bookmark does.

use std::collections::{BTreeMap, BTreeSet};

use automerge::{ChangeHash, ScalarValue};

use super::DeviceDoc;
use crate::store::{AttemptMarks, SyncAttempt, SyncMissedPoint};

/// An integer or nothing as a register value.
fn int_or_null(value: Option<i64>) -> ScalarValue {
    value.map_or(ScalarValue::Null, ScalarValue::Int)
}

fn text_or_null(value: Option<&str>) -> ScalarValue {
    value.map_or(ScalarValue::Null, |t| ScalarValue::Str(t.into()))
}

impl DeviceDoc {
    /// Publishes an attempt given here, with its marks as they are.
    pub fn put_attempt(&mut self, attempt: &SyncAttempt) -> Result<(), String> {
        let json = serde_json::to_string(attempt).map_err(|e| e.to_string())?;
        self.put(format!("a/{}", attempt.uid), json.as_str())?;
        self.put_marks(&attempt.uid, None, &attempt.marks)
    }

    /// Writes the marks of attempt `uid` that differ from `before` (all of
    /// them without one).
    pub fn put_marks(
        &mut self,
        uid: &str,
        before: Option<&AttemptMarks>,
        after: &AttemptMarks,
    ) -> Result<(), String> {
        if before.is_none_or(|b| b.ticked != after.ticked) {
            self.put(format!("t/{uid}"), after.ticked.as_str())?;
        }
        if before.is_none_or(|b| b.self_rating != after.self_rating) {
            self.put(format!("sr/{uid}"), int_or_null(after.self_rating))?;
        }
        if before.is_none_or(|b| b.follow_ups != after.follow_ups) {
            self.put(
                format!("fu/{uid}"),
                text_or_null(after.follow_ups.as_deref()),
            )?;
        }
        Ok(())
    }

    /// Every attempt with its latest marks (at `heads`, or now), and the
    /// uids of those with marks two devices wrote differently without
    /// seeing each other's.
    pub fn attempts(
        &self,
        heads: Option<&[ChangeHash]>,
    ) -> (BTreeMap<String, SyncAttempt>, BTreeSet<String>) {
        let mut out = BTreeMap::new();
        let mut conflicts = BTreeSet::new();
        for key in self.keys_with("a/", heads) {
            let Some(mut attempt) = self
                .values(&key, heads)
                .pop()
                .and_then(|(v, _)| serde_json::from_str::<SyncAttempt>(v.as_str()?).ok())
            else {
                continue;
            };
            let uid = attempt.uid.clone();
            let mut conflicted = false;
            let mut latest = |prefix: &str| {
                let values = self.values(&format!("{prefix}/{uid}"), heads);
                conflicted |= values
                    .iter()
                    .any(|(v, _)| Some(v) != values.first().map(|f| &f.0));
                values.into_iter().next_back().map(|(v, _)| v)
            };
            if let Some(ticked) = latest("t") {
                attempt.marks.ticked = ticked.as_str().unwrap_or_default().to_string();
            }
            if let Some(rating) = latest("sr") {
                attempt.marks.self_rating = rating.as_i64();
            }
            if let Some(follow_ups) = latest("fu") {
                attempt.marks.follow_ups = follow_ups.as_str().map(str::to_string);
            }
            if conflicted {
                conflicts.insert(uid.clone());
            }
            out.insert(uid, attempt);
        }
        (out, conflicts)
    }

    /// Publishes a missed point met here, with its deleted mark.
    pub fn put_point(&mut self, point: &SyncMissedPoint) -> Result<(), String> {
        let json = serde_json::to_string(point).map_err(|e| e.to_string())?;
        self.put(format!("m/{}", point.card_id), json.as_str())?;
        self.put_point_deleted(&point.card_id, point.deleted_ms)
    }

    /// Writes when a point was deleted (`None`: it is a card again).
    pub fn put_point_deleted(
        &mut self,
        card_id: &str,
        deleted_ms: Option<i64>,
    ) -> Result<(), String> {
        self.put(format!("mx/{card_id}"), int_or_null(deleted_ms))
    }

    /// Every missed point (at `heads`, or now): deleted when every
    /// concurrent write of its mark says so.
    pub fn points(&self, heads: Option<&[ChangeHash]>) -> BTreeMap<String, SyncMissedPoint> {
        let mut out = BTreeMap::new();
        for key in self.keys_with("m/", heads) {
            let Some(mut point) = self
                .values(&key, heads)
                .pop()
                .and_then(|(v, _)| serde_json::from_str::<SyncMissedPoint>(v.as_str()?).ok())
            else {
                continue;
            };
            let marks = self.values(&format!("mx/{}", point.card_id), heads);
            let deleted: Vec<Option<i64>> = marks.iter().map(|(v, _)| v.as_i64()).collect();
            point.deleted_ms = if deleted.is_empty() || deleted.contains(&None) {
                None
            } else {
                deleted.into_iter().flatten().max()
            };
            out.insert(point.card_id.clone(), point);
        }
        out
    }
}
