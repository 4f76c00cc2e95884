//! Taking back the last answer: the card comes back with what was typed,
//! the session's counts go back one, and a stored review is deleted. Never
//! across session kinds: a cram answer is not undone into a normal session
//! (where it would be graded for real), nor a review into a cram session.

use chrono::{DateTime, Utc};

use super::MessageKeys;
use crate::domain::content::CardKind;
use crate::domain::progress::Progress;
use crate::domain::schedule::Grade;
use crate::tui::effect::Effect;
use crate::tui::state::drill::{DeckFilter, DrillState, Session, UndoEntry, answer_editor};

impl DrillState {
    /// Takes back the last answer: the card comes back with what was typed
    /// (the text in the box stays as the other card's draft), and a stored
    /// review is deleted by the effect returned.
    pub(super) fn undo(
        &mut self,
        progress: &mut Progress,
        keys: &MessageKeys,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        if !self.may_undo(keys) {
            return Vec::new();
        }
        let Some(entry) = self.undo.pop() else {
            return Vec::new();
        };
        let typing = self.current.as_ref().is_some_and(|c| !c.revealed) && !self.editor.is_empty();
        if typing {
            // the text in the box is kept as this card's draft (`update::drafts`)
            self.notice = Some(
                "Answer taken back; what you typed on the other card is kept and comes back with it"
                    .into(),
            );
        }
        self.take_back_count(&entry, now);
        self.finished = None;
        if let Some(id) = entry.review_id {
            progress.forget(id);
        }
        self.bring_back(progress, &entry, now);
        entry
            .review_id
            .map(Effect::UndoReview)
            .into_iter()
            .collect()
    }

    /// Whether the last answer may be taken back now: not while a review is
    /// being saved, and (saying why) not when there is none or it was given
    /// in the other kind of session.
    fn may_undo(&mut self, keys: &MessageKeys) -> bool {
        if self.current.as_ref().is_some_and(|c| c.pending.is_some()) {
            return false;
        }
        let Some(last) = self.undo.last() else {
            self.notice = Some("Nothing to undo".into());
            return false;
        };
        if let Some(session) = &self.session
            && session.cram != last.cram
        {
            let end = &keys.end;
            self.notice = Some(if session.cram {
                format!(
                    "Undo in cram reaches only cram answers: end the session ({end}) to undo a review"
                )
            } else {
                format!(
                    "The last answer was in a cram session: end this session ({end}) to undo it"
                )
            });
            return false;
        }
        true
    }

    /// The session (one over all cards when none runs) counts the answer
    /// taken back no more; in cram the card goes to the front of the queue
    /// (an Again no longer waits at its back).
    fn take_back_count(&mut self, entry: &UndoEntry, now: DateTime<Utc>) {
        let session = self.session.get_or_insert_with(|| {
            Session::new(
                DeckFilter::All,
                "All cards".into(),
                entry.cram,
                Vec::new(),
                now,
            )
        });
        session.answered = session.answered.saturating_sub(1);
        if entry.grade == Grade::Again {
            session.again = session.again.saturating_sub(1);
            if let Some(pos) = session
                .cram_queue
                .iter()
                .rposition(|id| *id == entry.card_id)
                && session.cram
            {
                session.cram_queue.remove(pos);
            }
        }
        if session.cram {
            session.cram_queue.insert(0, entry.card_id.clone());
        }
        session.remaining += 1;
        // the answer taken back changes the queue: built again next time
        session.queue = None;
    }

    /// The card of the answer taken back on screen again, its front shown,
    /// with what was typed back in the box (typed cards only).
    fn bring_back(&mut self, progress: &Progress, entry: &UndoEntry, now: DateTime<Utc>) {
        self.show(progress, entry.card_id.clone(), now);
        self.left_box = false;
        let typed_card = progress
            .card(&entry.card_id)
            .is_some_and(|c| c.kind == CardKind::Typed);
        self.editor = match &entry.typed {
            Some(text) if typed_card => answer_editor().with_text(text),
            _ => answer_editor(),
        };
    }
}
