//! What `studyguide due` and `studyguide stats` print: per-deck counts of
//! new / learning / due cards, every card's state, and the study statistics,
//! as text or JSON. Pure: built from `Progress` and `now`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::domain::markdown::display_width;
use crate::domain::progress::Progress;
use crate::domain::stats::{self, Stats};
use crate::tui::ui::text::truncate;

#[derive(Debug, Serialize)]
pub struct DueReport {
    pub now: String,
    pub decks: Vec<DeckLine>,
    pub cards: Vec<CardLine>,
}

#[derive(Debug, Serialize)]
pub struct DeckLine {
    pub deck: String,
    pub title: String,
    pub new: u32,
    pub learning: u32,
    pub due: u32,
}

#[derive(Debug, Serialize)]
pub struct CardLine {
    pub id: String,
    pub deck: String,
    /// One of new, learning, review, relearning.
    pub state: &'static str,
    /// When the card is due (RFC 3339), or null for a new card.
    pub due: Option<String>,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn due_report(progress: &Progress, now: DateTime<Utc>) -> DueReport {
    let queue = progress.due_queue(|_| true, now, now);
    let mut decks: Vec<DeckLine> = Vec::new();
    for card in &progress.cards {
        if !decks.iter().any(|d| d.deck == card.deck) {
            let c = queue.deck_counts(&card.deck);
            decks.push(DeckLine {
                deck: card.deck.clone(),
                title: card.deck_title.clone(),
                new: c.new,
                learning: c.learning,
                due: c.due,
            });
        }
    }
    let cards = progress
        .cards
        .iter()
        .map(|card| {
            let state = progress.states.get(&card.id);
            CardLine {
                id: card.id.clone(),
                deck: card.deck.clone(),
                state: state.map_or("new", |s| s.phase.as_str()),
                due: state.and_then(|s| s.due).map(rfc3339),
            }
        })
        .collect();
    DueReport {
        now: rfc3339(now),
        decks,
        cards,
    }
}

impl DueReport {
    /// A table: one line per deck, then the totals.
    pub fn to_text(&self) -> String {
        // deck names longer than 40 columns end with `…`; two spaces before the numbers
        let width = self
            .decks
            .iter()
            .map(|d| display_width(&d.title))
            .max()
            .unwrap_or(4)
            .clamp(5, 40);
        let mut out = format!(
            "{:<width$}  {:>5}  {:>8}  {:>5}\n",
            "Deck", "New", "Learning", "Due"
        );
        let (mut n, mut l, mut d) = (0, 0, 0);
        for deck in &self.decks {
            let title = truncate(&deck.title, width);
            let pad = " ".repeat(width.saturating_sub(display_width(&title)));
            out.push_str(&format!(
                "{title}{pad}  {:>5}  {:>8}  {:>5}\n",
                deck.new, deck.learning, deck.due
            ));
            n += deck.new;
            l += deck.learning;
            d += deck.due;
        }
        out.push_str(&format!("{:<width$}  {n:>5}  {l:>8}  {d:>5}\n", "Total"));
        out
    }
}

pub fn stats_report(progress: &Progress, now: DateTime<Utc>) -> Stats {
    stats::compute(progress, now)
}

/// The stats as a few lines of text.
pub fn stats_text(s: &Stats) -> String {
    let retention = match s.retention_30d {
        Some(r) => format!(
            "{:.1}% of {} answers on cards in review",
            r * 100.0,
            s.retention_answers
        ),
        None if s.total_reviews == 0 => "no reviews yet".to_string(),
        None => "no card in review yet".to_string(),
    };
    let mut out = format!(
        "Reviews today:     {}\nReviews in all:    {}\nDays reviewed:     {}\nStreak:            {} day(s)\nRetention (30d):   {retention}\nCards:             {} new, {} learning, {} review\n",
        s.reviews_today,
        s.total_reviews,
        s.days_reviewed,
        s.streak_days,
        s.cards_new,
        s.cards_learning,
        s.cards_review
    );
    out.push_str("Due in the next 14 days:\n");
    for (day, n) in &s.forecast {
        out.push_str(&format!("  {}  {n}\n", day.format("%Y-%m-%d %a")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::ReviewRecord;
    use crate::domain::schedule::{Grade, Scheduler, SchedulerConfig};
    use chrono::TimeZone;

    fn progress(reviews: Vec<(i64, ReviewRecord)>) -> Progress {
        let lib = crate::domain::content::bundled::load();
        let cards = crate::domain::cards::all_cards(&lib);
        Progress::new(
            cards,
            reviews,
            Scheduler::new(SchedulerConfig::default()),
            chrono::Offset::fix(&Utc),
        )
    }

    #[test]
    fn due_report_lists_every_card_with_its_state() {
        let now = Utc
            .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
            .single()
            .expect("time");
        let review = ReviewRecord {
            card_id: "ch17-sarah-q1".into(),
            at: now,
            grade: Grade::Good,
            elapsed_ms: 1000,
            typed_answer: None,
        };
        let report = due_report(&progress(vec![(1, review)]), now);
        let json = serde_json::to_value(&report).expect("json");
        let cards = json["cards"].as_array().expect("cards");
        assert_eq!(cards[0]["id"], "ch17-sarah-q1");
        assert_eq!(cards[0]["state"], "learning");
        assert_eq!(cards[0]["due"], "2026-03-02T09:10:00Z");
        assert_eq!(cards[1]["state"], "new");
        assert!(cards[1]["due"].is_null());
        assert!(report.to_text().contains("Total"));
    }
}
