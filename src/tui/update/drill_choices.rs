//! The drill's deck chooser counts: what waits in every choice (all cards,
//! each deck, each tag, the cards missed in mock interviews), all counted in
//! one pass over the cards (`Progress::waiting_grouped`).

use std::collections::HashMap;

use crate::domain::progress::{Progress, Today};
use crate::tui::state::drill::{DeckChoice, DeckFilter};

/// The choices with their counts, all counted in one pass over the cards.
pub(super) fn count_choices(
    filters: Vec<(String, DeckFilter)>,
    progress: &Progress,
    today: &Today<'_>,
) -> Vec<DeckChoice> {
    // which choices each deck, tag and card id belongs to
    let mut all: Vec<usize> = Vec::new();
    let mut by_deck: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_tag: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_card: HashMap<&str, Vec<usize>> = HashMap::new();
    for (g, (_, filter)) in filters.iter().enumerate() {
        match filter {
            DeckFilter::All => all.push(g),
            DeckFilter::Deck(d) => by_deck.entry(d.as_str()).or_default().push(g),
            DeckFilter::Tag(t) => by_tag.entry(t.as_str()).or_default().push(g),
            DeckFilter::Card(id) => by_card.entry(id.as_str()).or_default().push(g),
            DeckFilter::Cards(ids) => {
                for id in ids {
                    by_card.entry(id.as_str()).or_default().push(g);
                }
            }
        }
    }
    let mut cards = vec![0usize; filters.len()];
    let waiting = progress.waiting_grouped(today, filters.len(), |_, card, of| {
        of.extend_from_slice(&all);
        let found = [by_deck.get(&*card.deck), by_card.get(card.id.as_str())];
        let tags = card.tags.iter().filter_map(|t| by_tag.get(t.as_str()));
        for groups in found.into_iter().flatten().chain(tags) {
            of.extend_from_slice(groups);
        }
        // a tag given twice, an id listed twice: each choice once
        of.sort_unstable();
        of.dedup();
        for &g in of.iter() {
            if let Some(n) = cards.get_mut(g) {
                *n += 1;
            }
        }
    });
    filters
        .into_iter()
        .zip(waiting)
        .zip(cards)
        .map(|(((label, filter), waiting), cards)| DeckChoice {
            label,
            filter,
            counts: waiting.counts,
            learning_later: waiting.learning_later,
            next_learning: waiting.next_learning,
            cards,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::day::Zone;
    use crate::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};
    use crate::tui::state::drill::DrillState;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn choices_counted_together_match_one_queue_each() {
        let library = crate::domain::content::bundled::load();
        let cards = crate::domain::cards::all_cards(&library);
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        // every third card answered at some time in the last days
        let grades = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];
        let mut reviews: Vec<(i64, ReviewRecord)> = cards
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 3 == 0)
            .map(|(i, c)| {
                let record = ReviewRecord {
                    card_id: c.id.clone(),
                    at: now - Duration::minutes((i as i64 * 37) % 5000),
                    day: crate::domain::schedule::day::test_day(
                        now - Duration::minutes((i as i64 * 37) % 5000),
                    ),
                    grade: grades[i % 4],
                    elapsed_ms: 0,
                    typed_answer: None,
                };
                (i as i64, record)
            })
            .collect();
        reviews.sort_by_key(|(id, r)| (r.at, *id));
        let config = SchedulerConfig {
            new_per_day: 7,
            ..SchedulerConfig::default()
        };
        let progress = Progress::new(cards, reviews, Scheduler::new(config), Zone::utc());
        let mut state = DrillState::default();
        state.refresh_choices(&progress, now);
        let some: Vec<String> = progress
            .cards
            .iter()
            .step_by(5)
            .map(|c| c.id.to_string())
            .collect();
        let mut twice = some.clone();
        twice.extend(some.iter().take(3).cloned());
        let extra = [
            ("Twice".to_string(), DeckFilter::Cards(twice)),
            ("One".to_string(), DeckFilter::Card(some[1].clone())),
        ];
        let filters: Vec<(String, DeckFilter)> = state
            .choices
            .iter()
            .map(|c| (c.label.clone(), c.filter.clone()))
            .chain(extra)
            .collect();
        assert!(filters.iter().any(|(_, f)| matches!(f, DeckFilter::Tag(_))));
        let today = progress.today(now);
        let counted = count_choices(filters.clone(), &progress, &today);
        assert_eq!(counted.len(), filters.len());
        for (choice, (_, filter)) in counted.iter().zip(&filters) {
            let waiting = progress.waiting_in(&today, |c| filter.matches(c));
            let cards = progress.cards.iter().filter(|c| filter.matches(c)).count();
            assert_eq!(choice.counts, waiting.counts, "{}", choice.label);
            assert_eq!(choice.learning_later, waiting.learning_later);
            assert_eq!(choice.next_learning, waiting.next_learning);
            assert_eq!(choice.cards, cards, "{}", choice.label);
        }
        assert!(counted.iter().any(|c| c.counts.total() > 0));
        assert!(counted.iter().any(|c| c.learning_later > 0));
    }
}
