//! The drill's transitions: choosing a deck, showing a card's front,
//! revealing its back, grading it, undoing, cramming, and the end-of-session
//! summary. Answers are written by an effect and only counted once the store
//! confirms them.

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::domain::cards::Card;
use crate::domain::progress::Progress;
use crate::domain::schedule::queue::{DeckCounts, QueueEntry};
use crate::domain::schedule::{Grade, Phase, ReviewRecord};
use crate::tui::action::{Command, Key};
use crate::tui::effect::Effect;
use crate::tui::state::drill::{
    CurrentCard, DeckChoice, DeckFilter, DrillState, DrillView, LEARN_AHEAD, MAX_ANSWER, Session,
    UndoEntry, lay_out_card,
};

impl DrillState {
    /// Recounts the deck choices: all cards, each chapter or deck, each tag.
    pub fn refresh_choices(&mut self, progress: &Progress, now: DateTime<Utc>) {
        let queue = progress.due_queue(|_| true, now, now);
        // the queued phase of each card, by its index in progress.cards
        let mut phases: Vec<Option<Phase>> = vec![None; progress.cards.len()];
        for e in queue.entries() {
            if let Some(slot) = phases.get_mut(e.card) {
                *slot = Some(e.phase);
            }
        }
        let mut choices = vec![choice(
            "All cards".into(),
            DeckFilter::All,
            progress,
            &phases,
        )];
        let mut decks: Vec<(String, String)> = Vec::new();
        let mut tags: Vec<String> = Vec::new();
        for card in &progress.cards {
            if !decks.iter().any(|(id, _)| *id == card.deck) {
                decks.push((card.deck.clone(), card.deck_title.clone()));
            }
            for t in &card.tags {
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
        }
        tags.sort();
        for (id, title) in decks {
            choices.push(choice(title, DeckFilter::Deck(id), progress, &phases));
        }
        for t in tags {
            choices.push(choice(
                format!("#{t}"),
                DeckFilter::Tag(t),
                progress,
                &phases,
            ));
        }
        self.selected = self.selected.min(choices.len().saturating_sub(1));
        self.choices = choices;
    }

    pub fn command(
        &mut self,
        progress: &mut Progress,
        command: Command,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        match self.view {
            DrillView::Chooser => match command {
                Command::Down => {
                    self.selected = (self.selected + 1).min(self.choices.len().saturating_sub(1))
                }
                Command::Up => self.selected = self.selected.saturating_sub(1),
                Command::Top => self.selected = 0,
                Command::Bottom => self.selected = self.choices.len().saturating_sub(1),
                Command::Open | Command::Reveal => self.start(progress, false, now),
                Command::Cram => self.start(progress, true, now),
                Command::Undo => return self.undo(progress, now),
                _ => {}
            },
            DrillView::Card => match command {
                Command::Reveal | Command::Open | Command::Submit if !self.is_answering() => {
                    self.reveal()
                }
                Command::GradeAgain => return self.grade(progress, Grade::Again, now),
                Command::GradeHard => return self.grade(progress, Grade::Hard, now),
                Command::GradeGood => return self.grade(progress, Grade::Good, now),
                Command::GradeEasy => return self.grade(progress, Grade::Easy, now),
                Command::Undo => return self.undo(progress, now),
                Command::Close | Command::Cancel => self.finish(progress, now),
                _ => {}
            },
            DrillView::Summary => match command {
                Command::Close | Command::Open | Command::Reveal => {
                    self.view = DrillView::Chooser;
                    self.refresh_choices(progress, now);
                }
                Command::Undo => return self.undo(progress, now),
                _ => {}
            },
        }
        Vec::new()
    }

    /// A key for the typed-answer box.
    pub fn key(&mut self, key: Key) {
        crate::tui::text_input::apply_key(&mut self.input, key, MAX_ANSWER);
    }

    pub fn paste(&mut self, text: &str) {
        crate::tui::text_input::apply_paste(&mut self.input, text, MAX_ANSWER);
    }

    fn start(&mut self, progress: &Progress, cram: bool, now: DateTime<Utc>) {
        let Some(choice) = self.choices.get(self.selected) else {
            return;
        };
        let cram_queue = if cram {
            progress
                .cards
                .iter()
                .filter(|c| choice.filter.matches(c))
                .map(|c| c.id.clone())
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
        });
        self.next_card(progress, now);
    }

    /// The next card id for the session and how many are left, if any.
    fn pick(&self, progress: &Progress, now: DateTime<Utc>) -> Option<(String, usize)> {
        let session = self.session.as_ref()?;
        if session.cram {
            return session
                .cram_queue
                .first()
                .map(|id| (id.clone(), session.cram_queue.len()));
        }
        let include = |c: &Card| session.filter.matches(c);
        let id = |e: &QueueEntry| progress.cards.get(e.card).map(|c| c.id.clone());
        let queue = progress.due_queue(include, now, now);
        if let Some(first) = queue.first() {
            return id(first).map(|card| (card, queue.len()));
        }
        // Nothing due: show a learning card early if it is due soon.
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
        self.input = Input::default();
        match self.pick(progress, now) {
            Some((card_id, remaining)) => {
                if let Some(s) = &mut self.session {
                    s.remaining = remaining;
                }
                self.show(progress, card_id, now);
            }
            None => self.finish(progress, now),
        }
    }

    fn show(&mut self, progress: &Progress, card_id: String, now: DateTime<Utc>) {
        if let Some(draft) = self.typed_draft.take_if(|d| d.card_id == card_id) {
            self.input = Input::new(draft.text);
        }
        let state = progress.state(&card_id);
        let preview = progress.scheduler.preview(&card_id, &state, now);
        let mut cur = CurrentCard {
            card_id,
            revealed: false,
            shown_at: now,
            typed: None,
            preview,
            front: Vec::new(),
            back: Vec::new(),
            previous: Vec::new(),
            pending: None,
        };
        lay_out_card(&mut cur, progress, self.width);
        self.current = Some(cur);
        self.view = DrillView::Card;
    }

    fn reveal(&mut self) {
        let typed = self.input.value().trim().to_string();
        if let Some(cur) = &mut self.current {
            if !cur.revealed && (!typed.is_empty()) {
                cur.typed = Some(typed);
            }
            cur.revealed = true;
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
            let id = session.cram_queue.remove(0);
            if grade == Grade::Again {
                session.again += 1;
                session.cram_queue.push(id.clone());
            }
            self.undo.push(UndoEntry {
                card_id: id,
                review_id: None,
                grade,
            });
            self.next_card(progress, now);
            return Vec::new();
        }
        cur.pending = Some(grade);
        let review = ReviewRecord {
            card_id: cur.card_id.clone(),
            at: now,
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
            card_id: review.card_id.clone(),
            review_id: Some(review_id),
            grade: review.grade,
        });
        self.next_card(progress, now);
    }

    /// The store refused a review: the card stays, ready to be graded again.
    pub fn save_failed(&mut self) {
        if let Some(cur) = &mut self.current {
            cur.pending = None;
        }
    }

    fn undo(&mut self, progress: &mut Progress, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(entry) = self.undo.pop() else {
            return Vec::new();
        };
        let session = self.session.get_or_insert_with(|| Session {
            filter: DeckFilter::All,
            label: "All cards".into(),
            cram: entry.review_id.is_none(),
            started: now,
            answered: 0,
            again: 0,
            time_ms: 0,
            cram_queue: Vec::new(),
            remaining: 0,
            ended: None,
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
        self.finished = None;
        self.input = Input::default();
        if let Some(id) = entry.review_id {
            progress.forget(id);
        }
        self.show(progress, entry.card_id, now);
        entry
            .review_id
            .map(Effect::UndoReview)
            .into_iter()
            .collect()
    }

    /// Ends the session: the summary if anything was answered, else the chooser.
    fn finish(&mut self, progress: &Progress, now: DateTime<Utc>) {
        self.current = None;
        self.input = Input::default();
        let session = self.session.take();
        self.next_due = session.as_ref().and_then(|s| {
            progress
                .cards
                .iter()
                .filter(|c| s.filter.matches(c))
                .filter_map(|c| progress.states.get(&c.id).and_then(|st| st.due))
                .filter(|d| *d > now)
                .min()
        });
        self.refresh_choices(progress, now);
        match session {
            Some(mut s) if s.answered > 0 => {
                s.ended = Some(now);
                self.finished = Some(s);
                self.view = DrillView::Summary;
            }
            _ => self.view = DrillView::Chooser,
        }
    }
}

fn choice(
    label: String,
    filter: DeckFilter,
    progress: &Progress,
    phases: &[Option<Phase>],
) -> DeckChoice {
    let mut counts = DeckCounts::default();
    let mut cards = 0;
    for (index, card) in progress.cards.iter().enumerate() {
        if !filter.matches(card) {
            continue;
        }
        cards += 1;
        match phases.get(index).copied().flatten() {
            Some(Phase::New) => counts.new += 1,
            Some(Phase::Learning | Phase::Relearning) => counts.learning += 1,
            Some(Phase::Review) => counts.due += 1,
            None => {}
        }
    }
    DeckChoice {
        label,
        filter,
        counts,
        cards,
    }
}
