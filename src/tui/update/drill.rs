//! The drill's transitions: choosing a deck, showing a card's front,
//! revealing its back (what each grade gives is worked out then, once),
//! grading it with exactly the outcome on the key, undoing, cramming, ending
//! early, and the end-of-session summary. Answers are written by an effect
//! and only counted once the store confirms them.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::cards::Card;
use crate::domain::content::CardKind;
use crate::domain::content::sanitize::escape_controls;
use crate::domain::progress::Progress;
use crate::domain::schedule::CardState;
use crate::domain::schedule::queue::QueueEntry;
use crate::domain::schedule::{Grade, Phase, ReviewRecord, format_interval};
use crate::domain::session_queue::SessionQueue;
use crate::tui::action::{Action, Command};
use crate::tui::effect::Effect;
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::state::drill::{
    CurrentCard, DeckChoice, DeckFilter, DrillState, DrillView, KEY_GRACE, LEARN_AHEAD, Session,
    ShownOutcomes, UndoEntry, answer_editor, answer_mark, lay_out_card,
};

impl DrillState {
    /// Recounts the deck choices: all cards, each chapter or deck, each tag.
    /// Each choice is counted as its own queue would (its own share of
    /// today's new cards), so a choice's counts are what a session on it
    /// serves; all of them in one pass over the cards.
    pub fn refresh_choices(&mut self, progress: &Progress, now: DateTime<Utc>) {
        let mut filters = vec![("All cards".to_string(), DeckFilter::All)];
        let mut decks: Vec<(String, String)> = Vec::new();
        let mut tags: Vec<String> = Vec::new();
        for card in &progress.cards {
            if !decks.iter().any(|(id, _)| **id == *card.deck) {
                decks.push((card.deck.to_string(), card.deck.title().to_string()));
            }
            for t in &card.tags {
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
        }
        tags.sort();
        filters.extend(decks.into_iter().map(|(id, t)| (t, DeckFilter::Deck(id))));
        filters.extend(
            tags.into_iter()
                .map(|t| (format!("#{t}"), DeckFilter::Tag(t))),
        );
        let choices = super::drill_choices::count_choices(filters, progress, &progress.today(now));
        self.selected = self.selected.min(choices.len().saturating_sub(1));
        self.choices = choices;
        self.choices_at = Some(now);
    }

    pub fn command(
        &mut self,
        progress: &mut Progress,
        keymap: &Keymap,
        command: Command,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let key = |c: Command| {
            keymap
                .label_for(KeyMode::Drill, c)
                .unwrap_or_else(|| c.hint().to_string())
        };
        let keys = MessageKeys {
            cram: key(Command::Cram),
            end: key(Command::Close),
            open: key(Command::Open),
        };
        match self.view {
            DrillView::Chooser => match command {
                Command::Down => {
                    self.selected = (self.selected + 1).min(self.choices.len().saturating_sub(1))
                }
                Command::Up => self.selected = self.selected.saturating_sub(1),
                Command::Top => self.selected = 0,
                Command::Bottom => self.selected = self.choices.len().saturating_sub(1),
                Command::Open | Command::Reveal => self.start(progress, &keys, false, now),
                Command::Cram => self.start(progress, &keys, true, now),
                Command::Undo => return self.undo(progress, &keys, now),
                _ => {}
            },
            DrillView::Card => match command {
                // Esc in the answer box leaves the box, not the session.
                Command::Cancel if self.is_typing(progress) => {
                    self.left_box = true;
                    self.notice = Some(format!(
                        "Left the answer box: {} goes back in · {} again ends the session",
                        keys.open, keys.end
                    ));
                }
                Command::Open if self.left_box && !self.is_answering() => self.left_box = false,
                Command::Reveal | Command::Open | Command::Submit if !self.is_answering() => {
                    self.reveal(progress, now)
                }
                Command::GradeAgain => return self.grade(progress, Grade::Again, now),
                Command::GradeHard => return self.grade(progress, Grade::Hard, now),
                Command::GradeGood => return self.grade(progress, Grade::Good, now),
                Command::GradeEasy => return self.grade(progress, Grade::Easy, now),
                Command::Undo => return self.undo(progress, &keys, now),
                Command::Close | Command::Cancel => self.finish(progress, now, true),
                _ => {}
            },
            DrillView::Summary => match command {
                Command::Close | Command::Open | Command::Reveal => {
                    self.view = DrillView::Chooser;
                    self.refresh_choices(progress, now);
                }
                Command::Undo => return self.undo(progress, &keys, now),
                _ => {}
            },
        }
        Vec::new()
    }

    /// Another instance changed the store and `progress` has been replayed:
    /// a card on screen that is no longer waiting (answered there) makes way
    /// for the next one; the chooser is recounted.
    pub fn store_changed(&mut self, progress: &Progress, now: DateTime<Utc>) {
        // (the session's kept queue was dropped by `update`, on any screen)
        match self.view {
            DrillView::Chooser => self.refresh_choices(progress, now),
            DrillView::Card => {
                let Some(cur) = &self.current else { return };
                let cram = self.session.as_ref().is_some_and(|s| s.cram);
                if cram || cur.pending.is_some() {
                    return;
                }
                if answer_mark(&progress.state(&cur.card_id)) != cur.answers_when_shown {
                    self.notice = Some(if self.editor.is_empty() || cur.revealed {
                        "That card was answered in another window".into()
                    } else {
                        "Answered in another window: what you typed is kept as its draft".into()
                    });
                    self.replaced_at = Some(now);
                    self.next_card(progress, now);
                }
            }
            DrillView::Summary => {}
        }
    }

    /// Whether a key arrived so soon after another window's answer took the
    /// card on screen away that it was typed for that card ([`KEY_GRACE`]):
    /// it is dropped, whatever it means on the screen now (a grade key for
    /// the card is a tab key on the next card's front). Quitting still
    /// quits; the first key after the grace ends it.
    pub fn drops_key(&mut self, action: &Action, now: DateTime<Utc>) -> bool {
        let from_a_key = match action {
            Action::Key(_) | Action::Paste(_) => true,
            Action::Command(command) => *command != Command::Quit,
            _ => false,
        };
        if !from_a_key {
            return false;
        }
        let in_grace = self
            .replaced_at
            .is_some_and(|at| now >= at && now - at < KEY_GRACE);
        if !in_grace {
            self.replaced_at = None;
        }
        in_grace
    }

    fn start(&mut self, progress: &Progress, keys: &MessageKeys, cram: bool, now: DateTime<Utc>) {
        let Some(choice) = self.choices.get(self.selected).cloned() else {
            return;
        };
        let cram_queue: Vec<String> = if cram {
            progress
                .cards
                .iter()
                .filter(|c| choice.filter.matches(c))
                .map(|c| c.id.to_string())
                .collect()
        } else {
            Vec::new()
        };
        self.session = Some(Session {
            filter: choice.filter.clone(),
            label: choice.label.clone(),
            cram,
            started: now,
            answered: 0,
            again: 0,
            time_ms: 0,
            cram_queue,
            remaining: 0,
            ended: None,
            left: 0,
            queue: None,
        });
        if self.pick(progress, now).is_none() {
            self.session = None;
            self.notice = Some(nothing_to_study(&choice, progress, keys, cram, now));
            return;
        }
        self.next_card(progress, now);
    }

    /// The next card id for the session and how many are left, if any.
    /// The session's queue is kept between answers and built again only
    /// when it may have changed otherwise (`SessionQueue`).
    fn pick(&mut self, progress: &Progress, now: DateTime<Utc>) -> Option<(String, usize)> {
        let Session {
            cram,
            cram_queue,
            filter,
            queue,
            ..
        } = self.session.as_mut()?;
        if *cram {
            return cram_queue.first().map(|id| (id.clone(), cram_queue.len()));
        }
        let include = |c: &Card| filter.matches(c);
        let kept = match queue.take() {
            Some(kept) if kept.is_current(progress, now) => kept,
            _ => SessionQueue::build(progress, include, now),
        };
        let first = kept
            .first()
            .and_then(|e| progress.cards.get(e.card))
            .map(|c| (c.id.to_string(), kept.len()));
        *queue = Some(kept);
        if first.is_some() {
            return first;
        }
        // Nothing due: show a learning card early if it is due soon.
        let id = |e: &QueueEntry| progress.cards.get(e.card).map(|c| c.id.to_string());
        let queue = progress.due_queue(
            include,
            now.checked_add_signed(LEARN_AHEAD).unwrap_or(now),
            now,
        );
        queue
            .entries()
            .iter()
            .find(|e| matches!(e.phase, Phase::Learning | Phase::Relearning))
            .and_then(|e| id(e).map(|card| (card, 1)))
    }

    fn next_card(&mut self, progress: &Progress, now: DateTime<Utc>) {
        self.editor = answer_editor();
        self.left_box = false;
        match self.pick(progress, now) {
            Some((card_id, remaining)) => {
                if let Some(s) = &mut self.session {
                    s.remaining = remaining;
                }
                self.show(progress, card_id, now);
            }
            None => self.finish(progress, now, false),
        }
    }

    fn show(&mut self, progress: &Progress, card_id: String, now: DateTime<Utc>) {
        let answers_when_shown = answer_mark(&progress.state(&card_id));
        // a kept draft is looked for anew (`update::drafts`)
        self.draft_checked = None;
        let mut cur = CurrentCard {
            card_id,
            revealed: false,
            shown_at: now,
            typed: None,
            shown: None,
            answers_when_shown,
            front: Vec::new(),
            back: Vec::new(),
            previous: Vec::new(),
            pending: None,
            scroll: 0,
        };
        lay_out_card(&mut cur, progress, self.width);
        self.current = Some(cur);
        self.view = DrillView::Card;
    }

    /// Shows the answer and computes, once, what each grade gives.
    fn reveal(&mut self, progress: &Progress, now: DateTime<Utc>) {
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

    fn grade(&mut self, progress: &Progress, grade: Grade, now: DateTime<Utc>) -> Vec<Effect> {
        let (Some(cur), Some(session)) = (&mut self.current, &mut self.session) else {
            return Vec::new();
        };
        if !cur.revealed || cur.pending.is_some() {
            return Vec::new();
        }
        let elapsed_ms = (now - cur.shown_at).num_milliseconds().max(0) as u64;
        if session.cram {
            session.answered += 1;
            session.time_ms += elapsed_ms;
            if session.cram_queue.is_empty() {
                return Vec::new();
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
            return Vec::new();
        }
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

    /// Takes back the last answer: the card comes back with what was typed.
    /// Never across session kinds: a cram answer is not undone into a
    /// normal session (where it would be graded for real), nor a review
    /// into a cram session.
    fn undo(
        &mut self,
        progress: &mut Progress,
        keys: &MessageKeys,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        if self.current.as_ref().is_some_and(|c| c.pending.is_some()) {
            return Vec::new();
        }
        let Some(last) = self.undo.last() else {
            self.notice = Some("Nothing to undo".into());
            return Vec::new();
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
        let session = self.session.get_or_insert_with(|| Session {
            filter: DeckFilter::All,
            label: "All cards".into(),
            cram: entry.cram,
            started: now,
            answered: 0,
            again: 0,
            time_ms: 0,
            cram_queue: Vec::new(),
            remaining: 0,
            ended: None,
            left: 0,
            queue: None,
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
        self.finished = None;
        if let Some(id) = entry.review_id {
            progress.forget(id);
        }
        self.show(progress, entry.card_id.clone(), now);
        self.left_box = false;
        let typed_card = progress
            .card(&entry.card_id)
            .is_some_and(|c| c.kind == CardKind::Typed);
        self.editor = match &entry.typed {
            Some(text) if typed_card => answer_editor().with_text(text),
            _ => answer_editor(),
        };
        entry
            .review_id
            .map(Effect::UndoReview)
            .into_iter()
            .collect()
    }

    /// Ends the session: the summary if anything was answered, else the
    /// chooser. `early` when the user ended it (`Esc`) with cards left.
    fn finish(&mut self, progress: &Progress, now: DateTime<Utc>, early: bool) {
        let left = if early {
            self.pick(progress, now).map_or(0, |(_, left)| left)
        } else {
            0
        };
        self.current = None;
        self.editor = answer_editor();
        self.left_box = false;
        let session = self.session.take();
        self.next_due = session
            .as_ref()
            .and_then(|s| next_due(progress, &s.filter, now));
        self.refresh_choices(progress, now);
        match session {
            Some(mut s) if s.answered > 0 => {
                s.ended = Some(now);
                s.left = left;
                self.finished = Some(s);
                self.view = DrillView::Summary;
            }
            _ => {
                if early && left > 0 {
                    self.notice = Some(format!("Session ended — {left} cards left"));
                }
                self.view = DrillView::Chooser;
            }
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

/// Key labels quoted in the drill's messages (from the keymap).
struct MessageKeys {
    cram: String,
    end: String,
    open: String,
}

/// When the next card of `filter` is due after `now`.
fn next_due(progress: &Progress, filter: &DeckFilter, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    progress
        .cards
        .iter()
        .filter(|c| filter.matches(c))
        .filter_map(|c| progress.state_of(&c.id).and_then(|st| st.due))
        .filter(|d| *d > now)
        .min()
}

/// Why a session could not start, and what to do instead.
fn nothing_to_study(
    choice: &DeckChoice,
    progress: &Progress,
    keys: &MessageKeys,
    cram: bool,
    now: DateTime<Utc>,
) -> String {
    let label = escape_controls(&choice.label);
    if cram {
        return format!("{label} has no cards to cram");
    }
    let when = match (
        choice.next_learning,
        next_due(progress, &choice.filter, now),
    ) {
        (Some(at), _) => format!(", next learning card in {}", format_interval(at - now)),
        (None, Some(at)) => format!(", next card due in {}", format_interval(at - now)),
        (None, None) => String::new(),
    };
    let cram = &keys.cram;
    format!("Nothing to study now{when}: {cram} crams it, schedule unchanged ({label})")
}

#[cfg(test)]
mod tests;
