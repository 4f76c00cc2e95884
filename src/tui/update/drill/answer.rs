//! Answering a card: revealing its back (what each grade gives is worked
//! out then, once), grading it with exactly the outcome on the key (or only
//! counting it, in cram), and the store's answer to a review.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::progress::Progress;
use crate::domain::schedule::{CardState, Grade, ReviewRecord};
use crate::tui::effect::Effect;
use crate::tui::state::drill::{DrillState, ShownOutcomes, UndoEntry};

impl DrillState {
    /// Shows the answer and computes, once, what each grade gives.
    pub(super) fn reveal(&mut self, progress: &Progress, now: DateTime<Utc>) {
        let typed = self.editor.text().trim().to_string();
        self.left_box = false;
        if let Some(cur) = &mut self.current {
            if !cur.revealed && (!typed.is_empty()) {
                cur.typed = Some(typed);
            }
            cur.revealed = true;
            cur.shown = Some(ShownOutcomes::now(progress, &cur.card_id, now));
        }
    }

    /// Grades the revealed card: in cram the answer only counts (an Again
    /// comes round again); otherwise the review is sent to the store, the
    /// card waiting until it confirms.
    pub(super) fn grade(
        &mut self,
        progress: &Progress,
        grade: Grade,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let (Some(cur), Some(session)) = (&self.current, &self.session) else {
            return Vec::new();
        };
        if !cur.revealed || cur.pending.is_some() {
            return Vec::new();
        }
        let elapsed_ms = (now - cur.shown_at).num_milliseconds().max(0) as u64;
        if session.cram {
            self.grade_in_cram(progress, grade, elapsed_ms, now);
            return Vec::new();
        }
        self.grade_review(progress, grade, elapsed_ms, now)
    }

    /// A cram answer: counted in the session and kept for undo, nothing
    /// stored; an Again puts the card at the back of the cram queue.
    fn grade_in_cram(
        &mut self,
        progress: &Progress,
        grade: Grade,
        elapsed_ms: u64,
        now: DateTime<Utc>,
    ) {
        let (Some(cur), Some(session)) = (&mut self.current, &mut self.session) else {
            return;
        };
        session.answered += 1;
        session.time_ms += elapsed_ms;
        if session.cram_queue.is_empty() {
            return;
        }
        let id = session.cram_queue.remove(0);
        if grade == Grade::Again {
            session.again += 1;
            session.cram_queue.push(id.clone());
        }
        self.undo.push(UndoEntry {
            card_id: id,
            review_id: None,
            grade,
            cram: true,
            typed: cur.typed.clone(),
        });
        self.bookmark_last = false;
        self.next_card(progress, now);
    }

    /// A review: exactly the outcome on the key, sent to the store (the
    /// card waits for it); or, when what it was worked out from is gone,
    /// the outcomes worked out again and the key not applied.
    fn grade_review(
        &mut self,
        progress: &Progress,
        grade: Grade,
        elapsed_ms: u64,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let Some(cur) = &mut self.current else {
            return Vec::new();
        };
        // Apply exactly the outcome on the key (the answer at the key's
        // time, due that plus the interval shown), unless what it was
        // worked out from is gone: a new study day began, or another window
        // changed the card's answers. Then show the new outcomes and let the
        // next key grade.
        let state = progress.state(&cur.card_id);
        let today = progress.day(now);
        let Some(shown) = cur.shown.as_ref() else {
            return Vec::new();
        };
        if let Some(why) = outcomes_gone(shown, &state, today) {
            cur.shown = Some(ShownOutcomes::now(progress, &cur.card_id, now));
            self.notice = Some(format!("{why}: key not applied"));
            return Vec::new();
        }
        let day = shown.day;
        // what the store's replay of this answer gives is what the key showed
        debug_assert_eq!(
            progress
                .scheduler
                .answer(&cur.card_id, &state, grade, now, day),
            shown.of(grade).at(now),
            "the applied state differs from the one shown"
        );
        cur.pending = Some(grade);
        let review = ReviewRecord {
            card_id: cur.card_id.as_str().into(),
            at: now,
            day,
            grade,
            elapsed_ms,
            typed_answer: cur.typed.clone(),
        };
        vec![Effect::SaveReview(review)]
    }

    /// The store confirmed a review: count it and move on.
    pub fn saved(
        &mut self,
        progress: &Progress,
        review_id: i64,
        review: &ReviewRecord,
        now: DateTime<Utc>,
    ) {
        if let Some(s) = &mut self.session {
            s.answered += 1;
            s.time_ms += review.elapsed_ms;
            if review.grade == Grade::Again {
                s.again += 1;
            }
        }
        self.undo.push(UndoEntry {
            card_id: review.card_id.to_string(),
            review_id: Some(review_id),
            grade: review.grade,
            cram: false,
            typed: review.typed_answer.clone(),
        });
        self.bookmark_last = false;
        if let Some(kept) = self.session.as_mut().and_then(|s| s.queue.as_mut()) {
            kept.answered(progress, &review.card_id);
        }
        self.next_card(progress, now);
    }

    /// The store refused a review: the card stays, ready to be graded again.
    pub fn save_failed(&mut self) {
        if let Some(cur) = &mut self.current {
            cur.pending = None;
        }
    }
}

/// Why outcomes worked out from `shown.from` on `shown.day` no longer hold
/// for a card now in `state` on study day `today`, if they do not (short:
/// the status line shows about 43 columns of a message at 80).
fn outcomes_gone(shown: &ShownOutcomes, state: &CardState, today: NaiveDate) -> Option<String> {
    if *state != shown.from {
        return Some(if state.reps > shown.from.reps {
            "Answered in another window".into()
        } else {
            "Changed in another window".into()
        });
    }
    (today != shown.day).then(|| format!("New study day ({})", today.format("%a %-d %b")))
}
