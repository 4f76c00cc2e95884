//! The drill's transitions: choosing a deck, showing a card's front,
//! cramming, ending early, and the end-of-session summary. Revealing and
//! grading a card live in `answer`, taking an answer back in `undo`.
//! Answers are written by an effect and only counted once the store
//! confirms them.

use chrono::{DateTime, Utc};

use crate::domain::cards::Card;
use crate::domain::content::sanitize::escape_controls;
use crate::domain::progress::Progress;
use crate::domain::schedule::queue::QueueEntry;
use crate::domain::schedule::{Grade, Phase, format_interval};
use crate::domain::session_queue::SessionQueue;
use crate::tui::action::{Action, Command};
use crate::tui::effect::Effect;
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::state::drill::{
    CurrentCard, DeckChoice, DeckFilter, DrillState, DrillView, KEY_GRACE, LEARN_AHEAD, Session,
    answer_editor, answer_mark, lay_out_card,
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

    /// A drill key, in the view on show.
    pub fn command(
        &mut self,
        progress: &mut Progress,
        keymap: &Keymap,
        command: Command,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let keys = MessageKeys::from_keymap(keymap);
        match self.view {
            DrillView::Chooser => self.chooser_command(progress, &keys, command, now),
            DrillView::Card => self.card_command(progress, &keys, command, now),
            DrillView::Summary => self.summary_command(progress, &keys, command, now),
        }
    }

    /// A key in the deck chooser: move, study, cram, or undo the last answer.
    fn chooser_command(
        &mut self,
        progress: &mut Progress,
        keys: &MessageKeys,
        command: Command,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        match command {
            Command::Down => {
                self.selected = (self.selected + 1).min(self.choices.len().saturating_sub(1))
            }
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::Top => self.selected = 0,
            Command::Bottom => self.selected = self.choices.len().saturating_sub(1),
            Command::Open | Command::Reveal => self.start(progress, keys, false, now),
            Command::Cram => self.start(progress, keys, true, now),
            Command::Undo => return self.undo(progress, keys, now),
            _ => {}
        }
        Vec::new()
    }

    /// A key on a card: leave or re-enter the answer box, reveal, grade,
    /// undo, or end the session.
    fn card_command(
        &mut self,
        progress: &mut Progress,
        keys: &MessageKeys,
        command: Command,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        match command {
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
            Command::Undo => return self.undo(progress, keys, now),
            Command::Close | Command::Cancel => self.finish(progress, now, true),
            _ => {}
        }
        Vec::new()
    }

    /// A key on the summary: back to the decks, or undo the last answer.
    fn summary_command(
        &mut self,
        progress: &mut Progress,
        keys: &MessageKeys,
        command: Command,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        match command {
            Command::Close | Command::Open | Command::Reveal => {
                self.view = DrillView::Chooser;
                self.refresh_choices(progress, now);
            }
            Command::Undo => return self.undo(progress, keys, now),
            _ => {}
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
        self.session = Some(Session::new(
            choice.filter.clone(),
            choice.label.clone(),
            cram,
            cram_queue,
            now,
        ));
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

/// Key labels quoted in the drill's messages (from the keymap).
struct MessageKeys {
    cram: String,
    end: String,
    open: String,
}

impl MessageKeys {
    /// The drill's keys to cram, to end a session and to open, as bound.
    fn from_keymap(keymap: &Keymap) -> MessageKeys {
        let key = |c: Command| {
            keymap
                .label_for(KeyMode::Drill, c)
                .unwrap_or_else(|| c.hint().to_string())
        };
        MessageKeys {
            cram: key(Command::Cram),
            end: key(Command::Close),
            open: key(Command::Open),
        }
    }
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

mod answer;
#[cfg(test)]
mod tests;
mod undo;
