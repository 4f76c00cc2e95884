//! The effect runner: carries out the [`Effect`]s that `update` asks for
//! against the store and feeds what came of them back to `update` as
//! actions. A write the store refused comes back as a message (and memory
//! is made to agree with the store again); nothing claims to be saved before
//! the store did. The event loop ([`crate::tui::app`]) drives it; the
//! terminal is not touched here.

use chrono::{DateTime, Utc};

use crate::domain::interview::{AnswerScore, InterviewSession, MissedPoint};
use crate::domain::schedule::ReviewRecord;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::state::{State, position};
use crate::tui::update::{Effect, update};

/// Carries out effects against the store and feeds their results back.
pub struct EffectRunner {
    pub store: Option<Store>,
    /// The store's `data_version` when last read: a change means another
    /// instance wrote to it.
    seen_version: Option<i64>,
    /// Ids for answers kept in memory only (no store): negative, counting down.
    next_memory_id: i64,
}

impl EffectRunner {
    pub fn new(store: Option<Store>) -> Self {
        let seen_version = store.as_ref().and_then(|s| s.data_version().ok());
        EffectRunner {
            store,
            seen_version,
            next_memory_id: -1,
        }
    }

    /// Updates the state with `action` and every action its effects give
    /// back. Returns true when the app should quit.
    pub fn dispatch(&mut self, state: &mut State, action: Action, now: DateTime<Utc>) -> bool {
        let changed = match action {
            Action::Resize(..) | Action::CompleteLayout | Action::Loaded(_) => None,
            _ => self.store_changed(),
        };
        // the change is handled first: the key then acts on what the store
        // holds now
        let mut pending = vec![action];
        pending.extend(changed);
        let mut quit = false;
        while let Some(action) = pending.pop() {
            for effect in update(state, action, now) {
                match self.apply(effect) {
                    Outcome::Quit => quit = true,
                    Outcome::Then(next) => pending.push(next),
                    Outcome::Refused(failed) => {
                        // the store's answers and bookmarks put back in
                        // memory, then the message (popped last, it stays)
                        pending.push(failed);
                        pending.extend(self.reread());
                    }
                    Outcome::Done => {}
                }
            }
        }
        quit
    }

    /// What the store holds now (its review log and bookmarks), read
    /// whatever its version: after a refused write, memory is made to agree
    /// with it again. Nothing when there is no store or it cannot be read
    /// (the failure's message says what was not saved).
    fn reread(&mut self) -> Option<Action> {
        let store = self.store.as_ref()?;
        let reviews = store.reviews().ok()?;
        let bookmarks = store.bookmarks().ok()?;
        let drafts = store.drafts().ok()?;
        self.seen_version = store.data_version().ok();
        Some(Action::StoreChanged {
            reviews,
            bookmarks,
            drafts,
        })
    }

    /// Replays what another instance wrote to the store, if anything.
    pub fn sync(&mut self, state: &mut State, now: DateTime<Utc>) {
        if let Some(changed) = self.store_changed() {
            self.dispatch(state, changed, now);
        }
    }

    /// When another instance has written to the store since it was last
    /// read: its review log and bookmarks, to replay (a failed read leaves
    /// things as they are and is tried again next time).
    fn store_changed(&mut self) -> Option<Action> {
        let store = self.store.as_ref()?;
        let version = store.data_version().ok()?;
        if self.seen_version == Some(version) {
            return None;
        }
        let reviews = store.reviews().ok()?;
        let bookmarks = store.bookmarks().ok()?;
        self.seen_version = Some(version);
        let drafts = store.drafts().ok()?;
        Some(Action::StoreChanged {
            reviews,
            bookmarks,
            drafts,
        })
    }

    /// Carries out one effect: the writes that give the state an id back
    /// (an answer, an interview answer, missed points) and undo have steps
    /// of their own; the rest is one store write each, mirrored for the
    /// bookmarks (they changed in memory first: a refusal puts them back as
    /// stored).
    fn apply(&mut self, effect: Effect) -> Outcome {
        if self.writable_store().is_none() && needs_writable_store(&effect) {
            return Outcome::Done;
        }
        match effect {
            Effect::Quit => Outcome::Quit,
            Effect::SaveReview(review) => self.save_review(review),
            Effect::UndoReview(id) => self.undo_review(id),
            Effect::SaveInterviewAnswer {
                session,
                position,
                attempt,
                answer,
                at,
            } => self.save_interview_answer(&session, position, &attempt, &answer, at),
            Effect::SaveMissedPoints { points, reviews } => {
                self.save_missed_points(points, reviews)
            }
            Effect::SaveBookmark(b) => {
                self.mirrored_write("The bookmark was not saved", |s| s.add_bookmark(&b))
            }
            Effect::RestoreBookmark(b) => {
                self.mirrored_write("The bookmark was not restored", |s| s.upsert_bookmark(&b))
            }
            Effect::SaveNote { item_id, note } => self
                .mirrored_write("The note was not saved", |s| {
                    s.set_bookmark_note(&item_id, &note)
                }),
            Effect::DeleteBookmark(id) => {
                self.mirrored_write("The bookmark was not deleted", |s| s.delete_bookmark(&id))
            }
            Effect::SavePosition(value) => self
                .store_write("The reading position was not saved", |s| {
                    s.set_position(position::KEY, &value)
                }),
            Effect::RateInterviewAnswer {
                attempt,
                rating,
                self_rating,
            } => self.store_write("The interview rating was not saved", |s| {
                s.rate_interview_answer(&attempt, &rating, self_rating)
            }),
            Effect::SaveFollowUps {
                attempt,
                follow_ups,
            } => self.store_write("The follow-up answer was not saved", |s| {
                s.save_follow_ups(&attempt, &follow_ups)
            }),
            Effect::DeleteMissedPoint { card_id, at } => self
                .store_write("The card was not deleted", |s| {
                    s.delete_missed_point(&card_id, at)
                }),
            Effect::RestoreMissedPoint { card_id } => self
                .store_write("The card was not brought back", |s| {
                    s.restore_missed_point(&card_id)
                }),
            Effect::SaveDraft(d) => self.store_write("Your draft was not kept", |s| {
                s.save_draft(&d.key, &d.text, d.base.as_deref(), d.saved)
            }),
            Effect::DeleteDraft { key, text } => self
                .store_write("An old draft was not removed", |s| {
                    s.delete_draft(&key, &text)
                }),
        }
    }

    /// The store, when there is one and it can be written.
    fn writable_store(&self) -> Option<&Store> {
        self.store.as_ref().filter(|s| !s.is_read_only())
    }

    /// The next id for something kept in memory only (negative, so it is
    /// never taken for a row of the store).
    fn memory_id(&mut self) -> i64 {
        let id = self.next_memory_id;
        self.next_memory_id -= 1;
        id
    }

    /// Logs an answer; without a writable store it is kept in memory under
    /// an id of its own.
    fn save_review(&mut self, review: ReviewRecord) -> Outcome {
        let Some(store) = self.writable_store() else {
            let id = self.memory_id();
            return Outcome::Then(Action::ReviewSaved { id, review });
        };
        match store.append_review(&review) {
            Ok(id) => Outcome::Then(Action::ReviewSaved { id, review }),
            Err(e) => Outcome::Then(Action::Failed(format!("The answer was not saved: {e}"))),
        }
    }

    /// Marks a logged answer undone. Memory forgot the answer first: a
    /// refusal brings it back. An answer kept in memory only (a negative
    /// id) has nothing stored to undo.
    fn undo_review(&mut self, id: i64) -> Outcome {
        match &self.store {
            Some(store) if id >= 0 => match store.undo_review(id) {
                Ok(()) => Outcome::Done,
                Err(e) => Outcome::Refused(Action::Failed(format!("Undo was not saved: {e}"))),
            },
            _ => Outcome::Done,
        }
    }

    /// Stores a submitted interview answer; without a writable store it is
    /// kept in memory under an id of its own.
    fn save_interview_answer(
        &mut self,
        session: &InterviewSession,
        position: usize,
        attempt: &str,
        answer: &AnswerScore,
        at: DateTime<Utc>,
    ) -> Outcome {
        let Some(store) = self.writable_store() else {
            let id = self.memory_id();
            return Outcome::Then(Action::InterviewAnswerSaved { position, id });
        };
        match store.save_interview_answer(session, position, attempt, answer, at) {
            Ok(id) => Outcome::Then(Action::InterviewAnswerSaved { position, id }),
            Err(e) => Outcome::Then(Action::Failed(format!(
                "The interview answer was not saved: {e}"
            ))),
        }
    }

    /// Stores missed talking points as cards with these answers to them;
    /// without a writable store the answers are kept in memory under ids
    /// of their own.
    fn save_missed_points(
        &mut self,
        points: Vec<MissedPoint>,
        reviews: Vec<ReviewRecord>,
    ) -> Outcome {
        let Some(store) = self.writable_store() else {
            let reviews = reviews.into_iter().map(|r| (self.memory_id(), r)).collect();
            return Outcome::Then(Action::MissedPointsSaved { points, reviews });
        };
        match store.save_missed_points(&points, &reviews) {
            Ok(ids) => Outcome::Then(Action::MissedPointsSaved {
                points,
                reviews: ids.into_iter().zip(reviews).collect(),
            }),
            Err(e) => Outcome::Then(Action::Failed(format!(
                "The cards of the missed points were not saved: {e}"
            ))),
        }
    }

    /// Runs a write against the store (what it gives back is not needed); a failure, or having no store to
    /// write to, comes back as a message, so nothing claims to be saved.
    fn store_write<T>(
        &self,
        what: &str,
        write: impl FnOnce(&Store) -> crate::store::Result<T>,
    ) -> Outcome {
        match &self.store {
            Some(store) => match write(store) {
                Ok(_) => Outcome::Done,
                Err(e) => Outcome::Then(Action::Failed(format!("{what}: {e}"))),
            },
            None => Outcome::Then(Action::Failed(format!(
                "{what}: progress cannot be saved in this session"
            ))),
        }
    }

    /// [`Self::store_write`] for data that memory mirrors (the bookmarks):
    /// a refusal also puts what the store holds back in memory, so the two
    /// agree.
    fn mirrored_write<T>(
        &self,
        what: &str,
        write: impl FnOnce(&Store) -> crate::store::Result<T>,
    ) -> Outcome {
        match self.store_write(what, write) {
            Outcome::Then(failed) if self.store.is_some() => Outcome::Refused(failed),
            other => other,
        }
    }
}

/// What came of one effect, for [`EffectRunner::dispatch`].
enum Outcome {
    Quit,
    Then(Action),
    /// The store refused a write: this failure, after memory is made to
    /// agree with the store again.
    Refused(Action),
    Done,
}

/// Effects dropped without a word when there is no writable store: a
/// read-only store keeps its old reading position; without a writable store
/// an interview answer was kept in memory only (and the start said so), so
/// its later changes go there too; drafts are kept only where the store can
/// be written (the text stays in its box either way).
fn needs_writable_store(effect: &Effect) -> bool {
    matches!(
        effect,
        Effect::SavePosition(_)
            | Effect::RateInterviewAnswer { .. }
            | Effect::SaveFollowUps { .. }
            | Effect::DeleteMissedPoint { .. }
            | Effect::RestoreMissedPoint { .. }
            | Effect::SaveDraft(_)
            | Effect::DeleteDraft { .. }
    )
}
