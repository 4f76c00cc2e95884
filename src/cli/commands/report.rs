//! What `studyguide due` and `studyguide stats` print: per-deck counts of
//! new / learning / due cards, every card's state, and the study statistics,
//! as text or JSON. Pure: built from `Progress` and `now`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::domain::progress::Progress;
use crate::domain::stats::{self, Stats};

#[derive(Debug, Serialize)]
pub struct DueReport<'a> {
    pub now: String,
    pub decks: Vec<DeckLine>,
    pub cards: Vec<CardLine<'a>>,
}

#[derive(Debug, Serialize)]
pub struct DeckLine {
    pub deck: String,
    pub title: String,
    pub new: u32,
    pub learning: u32,
    pub due: u32,
}

/// One card of [`DueReport`], borrowing its id and deck from the progress.
#[derive(Debug, Serialize)]
pub struct CardLine<'a> {
    pub id: &'a str,
    pub deck: &'a str,
    /// One of new, learning, review, relearning.
    pub state: &'static str,
    /// When the card is due (RFC 3339), or null for a new card.
    #[serde(serialize_with = "serialize_rfc3339")]
    pub due: Option<DateTime<Utc>>,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A time as `rfc3339` writes it (`2026-03-02T09:10:00Z`), written straight
/// into the serializer instead of through a `String` per card.
struct Rfc3339Secs(DateTime<Utc>);

impl std::fmt::Display for Rfc3339Secs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::{Datelike, Timelike};
        let t = self.0;
        if !(0..=9999).contains(&t.year()) {
            return f.write_str(&rfc3339(t));
        }
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

fn serialize_rfc3339<S: serde::Serializer>(
    due: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match due {
        Some(t) => serializer.collect_str(&Rfc3339Secs(*t)),
        None => serializer.serialize_none(),
    }
}

/// Every card's line and the per-deck counts. The deck list is built in one
/// pass over the cards (decks in order of their first card).
pub fn due_report(progress: &Progress, now: DateTime<Utc>) -> DueReport<'_> {
    let queue = progress.due_queue(|_| true, now, now);
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut decks: Vec<DeckLine> = Vec::new();
    for card in &progress.cards {
        if seen.insert(card.deck.as_str()) {
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
                id: &card.id,
                deck: &card.deck,
                state: state.map_or("new", |s| s.phase.as_str()),
                due: state.and_then(|s| s.due),
            }
        })
        .collect();
    DueReport {
        now: rfc3339(now),
        decks,
        cards,
    }
}

impl DueReport<'_> {
    /// A table: one line per deck, then the totals.
    pub fn to_text(&self) -> String {
        let width = self
            .decks
            .iter()
            .map(|d| d.title.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, 60);
        let mut out = format!(
            "{:<width$}  {:>5}  {:>8}  {:>5}\n",
            "Deck", "New", "Learning", "Due"
        );
        let (mut n, mut l, mut d) = (0, 0, 0);
        for deck in &self.decks {
            let title: String = deck.title.chars().take(width).collect();
            out.push_str(&format!(
                "{title:<width$}  {:>5}  {:>8}  {:>5}\n",
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
    let retention = s.retention_30d.map_or("no reviews yet".to_string(), |r| {
        format!("{:.1}%", r * 100.0)
    });
    let mut out = format!(
        "Reviews today:     {}\nReviews in all:    {}\nStreak:            {} day(s)\nRetention (30d):   {retention}\nCards:             {} new, {} learning, {} review\n",
        s.reviews_today,
        s.total_reviews,
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
        let progress = progress(vec![(1, review)]);
        let report = due_report(&progress, now);
        let json = serde_json::to_value(&report).expect("json");
        let cards = json["cards"].as_array().expect("cards");
        assert_eq!(cards[0]["id"], "ch17-sarah-q1");
        assert_eq!(cards[0]["state"], "learning");
        assert_eq!(cards[0]["due"], "2026-03-02T09:10:00Z");
        assert_eq!(cards[1]["state"], "new");
        assert!(cards[1]["due"].is_null());
        assert!(report.to_text().contains("Total"));
    }

    #[test]
    fn due_times_are_written_as_rfc3339_does() {
        for t in [
            Utc.with_ymd_and_hms(2026, 3, 2, 9, 10, 0).single(),
            Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).single(),
            Utc.with_ymd_and_hms(12_345, 1, 2, 3, 4, 5).single(),
            chrono::DateTime::from_timestamp_millis(1_772_442_600_999),
        ] {
            let t = t.expect("time");
            assert_eq!(Rfc3339Secs(t).to_string(), rfc3339(t));
        }
    }
}
