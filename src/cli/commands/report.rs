//! What `studyguide due` and `studyguide stats` print: per-deck counts of
//! new / learning / due cards, every card's state, and the study statistics,
//! as text or JSON. Pure: built from `Progress` and `now`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::domain::content::sanitize::escape_controls;
use crate::domain::markdown::display_width;
use crate::domain::markdown::truncate;
use crate::domain::progress::{Progress, Today, Waiting};
use crate::domain::stats::{self, Stats};

#[derive(Debug, Serialize)]
pub struct DueReport<'a> {
    pub now: String,
    pub decks: Vec<DeckLine>,
    /// All decks together (a session on "All cards"): not the sum of the
    /// decks, whose new cards each count against the same daily limit.
    pub total: DeckLine,
    /// Every card, written one line at a time (no list of 100k lines is
    /// built first).
    pub cards: CardLines<'a>,
}

/// The cards of a due report, each as a [`CardLine`] when serialised, with
/// their states (kept in card order by the progress).
pub struct CardLines<'a> {
    progress: &'a Progress,
}

impl std::fmt::Debug for CardLines<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> CardLines<'a> {
    pub fn iter(&self) -> impl Iterator<Item = CardLine<'a>> + '_ {
        let states = self
            .progress
            .states_in_card_order()
            .iter()
            .map(Option::as_ref)
            .chain(std::iter::repeat(None));
        self.progress
            .cards
            .iter()
            .zip(states)
            .map(|(card, state)| CardLine {
                id: card.id.as_str(),
                deck: &card.deck,
                state: state.map_or("new", |s| s.phase.as_str()),
                due: state.and_then(|s| s.due).map(Rfc3339),
            })
    }
}

impl Serialize for CardLines<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// What a session on one deck serves now, as the drill's chooser shows it.
#[derive(Debug, Serialize)]
pub struct DeckLine {
    pub deck: String,
    pub title: String,
    /// New cards a session serves today (within the daily limit).
    pub new: u32,
    /// Learning cards due now.
    pub learning: u32,
    /// Review cards due now.
    pub due: u32,
    /// Learning cards due later today.
    pub learning_later_today: u32,
    /// When the first of those is due (RFC 3339).
    pub next_learning_due: Option<String>,
}

impl DeckLine {
    fn new(deck: &str, title: &str, w: Waiting) -> DeckLine {
        DeckLine {
            deck: deck.to_string(),
            title: title.to_string(),
            new: w.counts.new,
            learning: w.counts.learning,
            due: w.counts.due,
            learning_later_today: w.learning_later,
            next_learning_due: w.next_learning.map(rfc3339),
        }
    }
}

/// One card, borrowed from the progress (100k cards make 100k lines).
#[derive(Debug, Serialize)]
pub struct CardLine<'a> {
    pub id: &'a str,
    pub deck: &'a str,
    /// One of new, learning, review, relearning.
    pub state: &'static str,
    /// When the card is due (RFC 3339), or null for a new card.
    pub due: Option<Rfc3339>,
}

/// A time written as RFC 3339 (to the second, `Z`) when serialised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rfc3339(pub DateTime<Utc>);

impl Serialize for Rfc3339 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&rfc3339(self.0))
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn due_report(progress: &Progress, now: DateTime<Utc>) -> DueReport<'_> {
    due_report_in(progress, &progress.today(now))
}

/// [`due_report`] with today's shared numbers already worked out (by
/// [`Progress::today_from_states`] for a progress without its log).
pub fn due_report_in<'a>(progress: &'a Progress, today: &Today<'_>) -> DueReport<'a> {
    let now = today.now;
    // decks in content order, each card's deck looked up once (cards of a
    // deck come together, so the last deck found is tried first)
    let mut decks: Vec<(&str, &str)> = Vec::new();
    let mut deck_of: Vec<usize> = Vec::with_capacity(progress.cards.len());
    for card in &progress.cards {
        let found = match decks.last() {
            Some((d, _)) if *d == &*card.deck => Some(decks.len() - 1),
            _ => decks.iter().position(|(d, _)| *d == &*card.deck),
        };
        let index = match found {
            Some(i) => i,
            None => {
                decks.push((&*card.deck, card.deck.title()));
                decks.len() - 1
            }
        };
        deck_of.push(index);
    }
    // every deck and the total (the last group) in one pass
    let total_group = decks.len();
    let mut waiting = progress.waiting_grouped(today, decks.len() + 1, |i, _, of| {
        if let Some(&d) = deck_of.get(i) {
            of.push(d);
        }
        of.push(total_group);
    });
    let total = DeckLine::new("", "Total", waiting.pop().unwrap_or_default());
    let decks = decks
        .iter()
        .zip(waiting)
        .map(|((deck, title), w)| DeckLine::new(deck, title, w))
        .collect();
    DueReport {
        now: rfc3339(now),
        decks,
        total,
        cards: CardLines { progress },
    }
}

/// The parts of a [`DueReport`] before its cards, as serialised.
#[derive(Serialize)]
struct DueReportHead<'r> {
    now: &'r str,
    decks: &'r [DeckLine],
    total: &'r DeckLine,
}

/// `text` as a JSON string, as `serde_json` writes it: the text as it is
/// between quotes when nothing in it needs escaping (the common case, a
/// card id), else through `serde_json`.
fn write_json_str(out: &mut impl std::io::Write, text: &str) -> std::io::Result<()> {
    // serde_json escapes `"`, `\` and the control characters below 0x20,
    // nothing else (checked over every byte, without an early exit, which
    // the compiler turns into wide compares)
    let plain = text.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if plain {
        out.write_all(b"\"")?;
        out.write_all(text.as_bytes())?;
        out.write_all(b"\"")
    } else {
        serde_json::to_writer(out, text).map_err(std::io::Error::from)
    }
}

/// `time` as [`Rfc3339`] serialises it, written digit by digit for the
/// years 0 to 9999 (chrono's formatter costs more than the rest of a card
/// line); other years and leap seconds through chrono.
fn write_json_time(out: &mut impl std::io::Write, time: DateTime<Utc>) -> std::io::Result<()> {
    use chrono::{Datelike, Timelike};
    let year = time.year();
    if !(0..=9999).contains(&year) || time.nanosecond() >= 1_000_000_000 {
        return serde_json::to_writer(out, &Rfc3339(time)).map_err(std::io::Error::from);
    }
    let mut buf = *b"\"0000-00-00T00:00:00Z\"";
    let mut put = |at: usize, value: u32, digits: usize| {
        let mut v = value;
        for i in (at..at + digits).rev() {
            if let Some(slot) = buf.get_mut(i) {
                // a digit: the remainder of a division by 10
                *slot = b'0' + (v % 10) as u8;
            }
            v /= 10;
        }
    };
    put(1, year.unsigned_abs(), 4);
    put(6, time.month(), 2);
    put(9, time.day(), 2);
    put(12, time.hour(), 2);
    put(15, time.minute(), 2);
    put(18, time.second(), 2);
    out.write_all(&buf)
}

impl DueReport<'_> {
    /// The report as pretty JSON, byte for byte what `serde_json`'s pretty
    /// printer writes for it, but with the card lines (100k of them) written
    /// straight out instead of through the printer's machinery per field.
    pub fn write_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let head = DueReportHead {
            now: &self.now,
            decks: &self.decks,
            total: &self.total,
        };
        let head = serde_json::to_vec_pretty(&head).map_err(std::io::Error::from)?;
        // the head's closing "\n}" is written after the cards
        out.write_all(head.strip_suffix(b"\n}").unwrap_or(&head))?;
        out.write_all(b",\n  \"cards\": [")?;
        // the lines gathered in 64 KiB pieces: one call to `out` per piece,
        // not a dozen per card
        const PIECE: usize = 64 * 1024;
        let mut piece: Vec<u8> = Vec::with_capacity(PIECE + 1024);
        let mut first = true;
        // the cards of a deck share its name: written once, then copied
        let mut deck: Option<(&str, Vec<u8>)> = None;
        for card in self.cards.iter() {
            piece.extend_from_slice(if first { b"\n    {" } else { b",\n    {" });
            first = false;
            piece.extend_from_slice(b"\n      \"id\": ");
            write_json_str(&mut piece, card.id)?;
            piece.extend_from_slice(b",\n      \"deck\": ");
            match &deck {
                Some((name, json)) if std::ptr::eq(*name, card.deck) => {
                    piece.extend_from_slice(json);
                }
                _ => {
                    let mut json = Vec::new();
                    write_json_str(&mut json, card.deck)?;
                    piece.extend_from_slice(&json);
                    deck = Some((card.deck, json));
                }
            }
            piece.extend_from_slice(b",\n      \"state\": ");
            write_json_str(&mut piece, card.state)?;
            piece.extend_from_slice(b",\n      \"due\": ");
            match card.due {
                Some(due) => write_json_time(&mut piece, due.0)?,
                None => piece.extend_from_slice(b"null"),
            }
            piece.extend_from_slice(b"\n    }");
            if piece.len() >= PIECE {
                out.write_all(&piece)?;
                piece.clear();
            }
        }
        out.write_all(&piece)?;
        out.write_all(if first { b"]\n}" } else { b"\n  ]\n}" })
    }

    /// A table: one line per deck, then the totals.
    pub fn to_text(&self) -> String {
        // deck names longer than 40 columns end with `…`; two spaces before the numbers
        let width = self
            .decks
            .iter()
            .map(|d| display_width(&escape_controls(&d.title)))
            .max()
            .unwrap_or(4)
            .clamp(5, 40);
        let mut out = format!(
            "{:<width$}  {:>5}  {:>8}  {:>5}\n",
            "Deck", "New", "Learning", "Due"
        );
        for deck in self.decks.iter().chain([&self.total]) {
            let title = truncate(&escape_controls(&deck.title), width);
            let pad = " ".repeat(width.saturating_sub(display_width(&title)));
            out.push_str(&format!(
                "{title}{pad}  {:>5}  {:>8}  {:>5}\n",
                deck.new,
                // learning today: due now and later today, as in the drill
                deck.learning.saturating_add(deck.learning_later_today),
                deck.due
            ));
        }
        let later = self.total.learning_later_today;
        if let Some(next) = self
            .total
            .next_learning_due
            .as_deref()
            .filter(|_| later > 0)
        {
            out.push_str(&format!(
                "Learning includes {later} card(s) due later today, the next at {next}\n"
            ));
        }
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
        None => s.no_retention_reason().to_string(),
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
            crate::domain::schedule::day::Zone::utc(),
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
            day: crate::domain::schedule::day::test_day(now),
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

    /// The hand-written JSON is serde_json's pretty JSON, byte for byte:
    /// the bundled cards, odd ids and decks, and no cards at all.
    #[test]
    fn written_json_is_serde_json_pretty_output() {
        let now = Utc
            .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
            .single()
            .expect("time");
        let review = |card: &str| {
            (
                1,
                ReviewRecord {
                    card_id: card.into(),
                    at: now,
                    day: crate::domain::schedule::day::test_day(now),
                    grade: Grade::Good,
                    elapsed_ms: 1000,
                    typed_answer: None,
                },
            )
        };
        let odd = |id: &str, deck: &str| crate::domain::cards::Card {
            id: id.into(),
            deck: crate::domain::cards::DeckRef::new(deck, "T \"x\""),
            front: "".into(),
            back: "".into(),
            tags: Box::new([]),
            kind: crate::domain::content::CardKind::Basic,
            from_note: None,
        };
        let scheduler = || Scheduler::new(SchedulerConfig::default());
        let zone = crate::domain::schedule::day::Zone::utc;
        let progresses = [
            progress(vec![review("ch17-sarah-q1")]),
            Progress::new(
                vec![odd("a\"b\\c", "d\u{1}"), odd("é\ttab</", "ünï")],
                vec![review("a\"b\\c")],
                scheduler(),
                zone(),
            ),
            Progress::new(Vec::new(), Vec::new(), scheduler(), zone()),
            // lines over several of the 64 KiB pieces they are written in
            Progress::new(
                (0..3000)
                    .map(|i| odd(&format!("card-{i}"), &format!("deck-{}", i % 7)))
                    .collect(),
                (0..3000)
                    .step_by(3)
                    .map(|i| review(&format!("card-{i}")))
                    .collect(),
                scheduler(),
                zone(),
            ),
        ];
        for progress in &progresses {
            let report = due_report(progress, now);
            let mut written = Vec::new();
            report.write_json(&mut written).expect("write");
            let want = serde_json::to_string_pretty(&report).expect("json");
            assert_eq!(String::from_utf8(written).expect("utf-8"), want);
        }
    }

    #[test]
    fn every_ascii_character_is_written_as_serde_json_writes_it() {
        for c in (0u8..=0x7f)
            .map(char::from)
            .chain(['é', '\u{2028}', '\u{feff}'])
        {
            let text = format!("a{c}b");
            let mut written = Vec::new();
            write_json_str(&mut written, &text).expect("write");
            let want = serde_json::to_string(&text).expect("json");
            assert_eq!(String::from_utf8(written).expect("utf-8"), want, "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn strings_and_times_are_written_as_serde_json_writes_them(
            text in "\\PC*|[\"\\\\\u{0}-\u{1f}\u{7f}a-zé]*",
            // from year -262000 to 262000: the dates chrono can hold
            ms in -8_200_000_000_000_000i64..8_200_000_000_000_000i64,
        ) {
            let mut written = Vec::new();
            write_json_str(&mut written, &text).expect("write");
            proptest::prop_assert_eq!(
                String::from_utf8(written).expect("utf-8"),
                serde_json::to_string(&text).expect("json")
            );
            for time in [DateTime::from_timestamp_millis(ms), DateTime::from_timestamp_millis(ms % 400_000_000_000_000)] {
                let Some(time) = time else { continue };
                let mut written = Vec::new();
                write_json_time(&mut written, time).expect("write");
                proptest::prop_assert_eq!(
                    String::from_utf8(written).expect("utf-8"),
                    serde_json::to_string(&Rfc3339(time)).expect("json")
                );
            }
        }
    }
}
