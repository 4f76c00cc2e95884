//! Property tests on what users and other programs hand us: from any bytes
//! both importers write files that load and warn at lines of the input, and
//! the config parser's errors are escaped; the scheduler and the statistics
//! take any dates (far past, far future, huge steps) and count every answer
//! with a sane card state. Case counts stay modest so CI stays fast.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use studyguide::cli::import::check_output;
use studyguide::cli::import::toml_out::to_toml;
use studyguide::cli::{config, import};

/// A card of the bundled chapter.
const CARD: &str = "ch17-sarah-q1";
use studyguide::domain::content::bundled;
use studyguide::domain::progress::Progress;
use studyguide::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};

/// Pieces that steer the importers and the config parser into their corners.
const FRAGMENTS: &[&str] = &[
    "# Chapter 5: T\n",
    "## Interview with X\n",
    "### Q1. Why?\n",
    "## Insights\n",
    "## \n",
    "* **A**: b\n",
    "1. x\n",
    "   more\n",
    "\u{3000}",
    "**Sarah**: ",
    "**",
    "&",
    "&amp;",
    "&#x20AC;",
    "&abcdefghij€",
    "€",
    "<b>",
    "</b>",
    "<a href=\"",
    "\">",
    "\t",
    ";",
    ",",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "#separator:tab\n",
    "#deck column:3\n",
    "#guid column:1\n",
    "{{c1::",
    "{{c0::",
    "}}",
    "::",
    "[keys.reader]\n",
    "[keys.global]\n",
    "q = \"quit\"\n",
    "ctrl-x = \"help\"\n",
    "CTRL-X = \"help\"\n",
    "[scheduler]\n",
    "learning_steps = [\"999999999999d\"]\n",
    "relearning_steps = [\"100000000d\"]\n",
    "maximum_interval_days = 4294967295\n",
    "[theme]\n",
    "accent = \"#zz\"\n",
    "\u{1b}]0;x\u{7}",
    "\u{feff}",
    "\u{ff}",
];

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        fragments(),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Whatever the text, every warning points at a line of the input, and
    /// the chapter is written as valid TOML that reads back with the same
    /// id and title. (Whether it then loads is `check_output`'s to say: an
    /// import that would not load is refused with the reason.)
    #[test]
    fn the_markdown_importer_writes_valid_toml(text in any_text()) {
        let (chapter, problems) = import::markdown::convert("x.md", &text);
        let lines = text.split('\n').count();
        for p in &problems {
            prop_assert!(p.line >= 1 && p.line <= lines, "{p} of {lines} lines");
        }
        let written = to_toml(&chapter, "x.md").unwrap();
        let table: toml::Table = toml::from_str(&written).unwrap();
        prop_assert_eq!(table["id"].as_str(), Some(chapter.id.as_str()));
        prop_assert_eq!(table["title"].as_str(), Some(chapter.title.as_str()));
        let refused = check_output(&written, "x.md").err().map(|e| e.to_string());
        prop_assert!(refused.is_none_or(|e| e.contains("would not load; fix the input")));
    }

    /// Whatever the text, every warning points at a line of the input, the
    /// card ids are unique, and the deck is written as valid TOML that
    /// reads back with every card's id, front and back.
    #[test]
    fn the_anki_importer_writes_valid_toml(text in any_text()) {
        let (deck, problems) = import::anki::convert("x.txt", &text);
        let lines = text.split('\n').count();
        for p in &problems {
            prop_assert!(p.line >= 1 && p.line <= lines, "{p} of {lines} lines");
        }
        let mut ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        let all = ids.len();
        ids.dedup();
        prop_assert_eq!(ids.len(), all, "card ids are unique");
        let written = to_toml(&deck, "x.txt").unwrap();
        let table: toml::Table = toml::from_str(&written).unwrap();
        let read: Vec<(String, String, String)> = table
            .get("cards")
            .and_then(|c| c.as_array())
            .map(|cards| {
                cards
                    .iter()
                    .map(|c| {
                        let field = |k: &str| c.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
                        (field("id"), field("front"), field("back"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let made: Vec<(String, String, String)> = deck
            .cards
            .iter()
            .map(|c| (c.id.clone(), c.front.clone(), c.back.clone()))
            .collect();
        prop_assert_eq!(read, made);
    }

    #[test]
    fn the_config_parser_never_panics_and_errors_escape(text in any_text()) {
        if let Err(e) = config::parse("c.toml", &text) {
            let shown = e.to_string();
            prop_assert!(!shown.contains('\u{1b}'), "{shown:?}");
        }
    }

    #[test]
    fn any_dates_and_steps_schedule_without_panic(
        step_days in 0i64..200_000_000,
        at_secs in prop_oneof![
            Just(DateTime::<Utc>::MAX_UTC.timestamp() - 1),
            Just(DateTime::<Utc>::MIN_UTC.timestamp() + 1),
            -10_000_000_000i64..250_000_000_000,
        ],
        grades in prop::collection::vec(0u8..4, 1..6),
    ) {
        let at = Utc.timestamp_opt(at_secs, 0).single().unwrap();
        let config = SchedulerConfig {
            learning_steps: vec![Duration::days(step_days)],
            relearning_steps: vec![Duration::days(step_days)],
            maximum_interval_days: u32::MAX,
            ..SchedulerConfig::default()
        };
        let scheduler = Scheduler::new(config);
        let reviews: Vec<(i64, ReviewRecord)> = grades
            .iter()
            .enumerate()
            .map(|(i, g)| {
                (i as i64, ReviewRecord {
                    card_id: CARD.into(),
                    at,
                    day: crate::common::study_day(at),
                    grade: Grade::ALL[usize::from(*g)],
                    elapsed_ms: 0,
                    typed_answer: None,
                })
            })
            .collect();
        let library = bundled::load();
        let progress = Progress::new(
            studyguide::domain::cards::all_cards(&library),
            reviews,
            scheduler,
            studyguide::domain::schedule::day::Zone::utc(),
        );
        // every answer counted, and the card's state sane (FSRS keeps the
        // difficulty in 1..=10 and the stability positive)
        let stats = studyguide::domain::stats::compute(&progress, at);
        prop_assert_eq!(stats.total_reviews, grades.len());
        let state = progress.state_of(CARD).unwrap();
        prop_assert_eq!(state.reps as usize, grades.len());
        prop_assert!(state.stability.is_finite() && state.stability > 0.0, "{state:?}");
        prop_assert!((1.0..=10.0).contains(&state.difficulty), "{state:?}");
        prop_assert!(state.due.is_some() && state.last_review == Some(at), "{state:?}");
        let _ = progress.due_queue(|_| true, at, at);
    }
}
