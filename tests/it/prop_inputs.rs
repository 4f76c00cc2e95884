//! Property tests on what users and other programs hand us: both importers
//! and the config parser take any bytes without panicking; the scheduler and
//! the statistics take any dates (far past, far future, huge steps) without
//! panicking. Case counts stay modest so CI stays fast.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use studyguide::cli::{config, import};
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

    #[test]
    fn the_markdown_importer_never_panics(text in any_text()) {
        let _ = import::markdown::convert("x.md", &text);
    }

    #[test]
    fn the_anki_importer_never_panics(text in any_text()) {
        let _ = import::anki::convert("x.txt", &text);
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
                    card_id: "ch17-interview-1-q1".into(),
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
        let _ = studyguide::domain::stats::compute(&progress, at);
        let _ = progress.due_queue(|_| true, at, at);
    }
}
