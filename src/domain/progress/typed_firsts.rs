//! The typed cards' first answers, kept with the log summary: a study day
//! introduces at most `typed_new_per_day` new typed cards (each asks for a
//! written answer), so the queue needs how many it already has. Pure.

use chrono::{DateTime, Utc};
use rustc_hash::FxHashSet;

use super::Progress;
use crate::domain::content::CardKind;
use crate::domain::review_log::first_answers;

impl Progress {
    /// Whether the card `id` of the content is a typed card.
    pub(super) fn is_typed(&self, id: &str) -> bool {
        self.card(id).is_some_and(|c| c.kind == CardKind::Typed)
    }

    /// When each typed card of the content was first answered, earliest
    /// first (nothing to look up when the content has no typed card).
    pub(super) fn typed_first_answers(&self) -> Vec<DateTime<Utc>> {
        let typed: FxHashSet<&str> = self
            .cards
            .iter()
            .filter(|c| c.kind == CardKind::Typed)
            .map(|c| c.id.as_str())
            .collect();
        if typed.is_empty() {
            return Vec::new();
        }
        first_answers(&self.reviews, |id| typed.contains(id))
    }

    /// Keeps a typed card's first answer at `at`.
    pub(super) fn add_first_typed_answer(&mut self, at: DateTime<Utc>) {
        let times = &mut self.summary.first_typed_answers;
        let i = times.partition_point(|t| *t <= at);
        times.insert(i, at);
    }

    /// New typed cards first answered today.
    pub fn typed_new_done_today(&self, now: DateTime<Utc>) -> u32 {
        self.summary.first_typed_answered_since(self.day_start(now))
    }
}
