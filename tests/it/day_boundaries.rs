//! Study days in real time zones: `TZ` is set in this test process and the
//! app's `Zone::Local` follows it, daylight saving included, with the day
//! starting at `[scheduler] day_starts_at`. Two zones: Berlin (whole-hour
//! offset) and Adelaide (a half-hour offset, with DST on the southern
//! calendar). POSIX rule strings, so no time zone database is needed.
//!
//! `TZ` is process-wide and this binary runs many tests at once, so each
//! zone runs in a child process of this test binary started with its own
//! `TZ` (the `#[ignore]`d tests below, run by name); nothing here sets an
//! environment variable in the shared process.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use studyguide::domain::cards::all_cards;
use studyguide::domain::progress::Progress;
use studyguide::domain::schedule::day::{DayBoundary, Zone};
use studyguide::domain::schedule::{Grade, ReviewRecord, Scheduler, SchedulerConfig};

const BERLIN: &str = "CET-1CEST,M3.5.0,M10.5.0/3";
const ADELAIDE: &str = "ACST-9:30ACDT,M10.1.0,M4.1.0/3";

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, d).unwrap()
}

/// Runs the ignored test `name` of this module in a child process of this
/// test binary with `TZ=tz`, and fails when it fails.
fn in_zone(tz: &str, name: &str) {
    let exe = std::env::current_exe().unwrap();
    let output = std::process::Command::new(exe)
        .args(["--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .arg(format!("day_boundaries::{name}"))
        .env("TZ", tz)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{name} in TZ={tz}:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A progress over the bundled cards with `reviews`, days cut at `hour`
/// local time, two new cards a day.
fn progress(hour: u32, reviews: &[(&str, DateTime<Utc>)]) -> Progress {
    let cards = all_cards(&studyguide::domain::content::bundled::load());
    let log = reviews
        .iter()
        .enumerate()
        .map(|(i, (id, at))| {
            (
                i as i64 + 1,
                ReviewRecord {
                    card_id: (*id).into(),
                    at: *at,
                    day: crate::common::study_day(*at),
                    grade: Grade::Good,
                    elapsed_ms: 1000,
                    typed_answer: None,
                },
            )
        })
        .collect();
    let config = SchedulerConfig {
        new_per_day: 2,
        day_starts_at: hour,
        ..SchedulerConfig::default()
    };
    Progress::new(cards, log, Scheduler::new(config), Zone::Local)
}

#[test]
fn day_boundaries_follow_dst_and_the_start_hour_in_two_zones() {
    in_zone(BERLIN, "berlin");
    in_zone(ADELAIDE, "adelaide");
}

/// Run by `in_zone` with `TZ` set to Berlin's rules.
#[test]
#[ignore = "run in a child process with TZ set"]
fn berlin() {
    if std::env::var("TZ").as_deref() != Ok(BERLIN) {
        return; // only meaningful in the child process `in_zone` starts
    }
    // Berlin: summer time begins on 29 March 2026 (02:00 CET -> 03:00 CEST)
    // and ends on 25 October (03:00 CEST -> 02:00 CET).
    let days = DayBoundary::new(Zone::Local, 4);
    // 28 March starts at 04:00 CET = 03:00 UTC ...
    assert_eq!(days.day(utc(2026, 3, 28, 2, 59)), date(2026, 3, 27));
    assert_eq!(days.day(utc(2026, 3, 28, 3, 0)), date(2026, 3, 28));
    // ... and 29 March at 04:00 CEST = 02:00 UTC: a 23-hour study day. One
    // offset taken at start (+1) would put this boundary at 03:00 UTC.
    assert_eq!(days.day(utc(2026, 3, 29, 1, 59)), date(2026, 3, 28));
    assert_eq!(days.day(utc(2026, 3, 29, 2, 0)), date(2026, 3, 29));
    assert_eq!(
        days.day_start(utc(2026, 3, 29, 12, 0)),
        utc(2026, 3, 29, 2, 0)
    );
    assert_eq!(
        days.day_end(utc(2026, 3, 28, 12, 0)),
        utc(2026, 3, 29, 2, 0)
    );
    // 25 October: 04:00 CET = 03:00 UTC, a 25-hour day before it ends
    assert_eq!(
        days.day_start(utc(2026, 10, 25, 12, 0)),
        utc(2026, 10, 25, 3, 0)
    );
    assert_eq!(days.day(utc(2026, 10, 25, 2, 59)), date(2026, 10, 24));
    // a start hour inside the spring gap (02:00 does not exist) begins the
    // day at the first moment after it: 03:00 CEST = 01:00 UTC
    let at_two = DayBoundary::new(Zone::Local, 2);
    assert_eq!(
        at_two.day_start(utc(2026, 3, 29, 12, 0)),
        utc(2026, 3, 29, 1, 0)
    );
    // and a repeated hour (02:00 twice on 25 October) at one of its two
    // times (00:00 or 01:00 UTC: which one is chrono's reading of the rule)
    let repeated = at_two.day_start(utc(2026, 10, 25, 12, 0));
    assert!(
        [utc(2026, 10, 25, 0, 0), utc(2026, 10, 25, 1, 0)].contains(&repeated),
        "{repeated}"
    );
    // midnight days, for comparison
    let midnight = DayBoundary::new(Zone::Local, 0);
    assert_eq!(midnight.day(utc(2026, 7, 1, 21, 59)), date(2026, 7, 1));
    assert_eq!(midnight.day(utc(2026, 7, 1, 22, 0)), date(2026, 7, 2));

    // The new-card allowance renews at 04:00 local, across the DST change:
    // two new cards answered at 03:30 CEST on 29 March (still the 28th's
    // study day) leave the 29th's allowance untouched.
    let late = utc(2026, 3, 29, 1, 30);
    let p = progress(4, &[("ch17-sarah-q1", late), ("ch17-sarah-q2", late)]);
    assert_eq!(p.new_done_today(late + Duration::minutes(20)), 2);
    assert_eq!(p.due_queue(|_| true, late, late).totals().new, 0);
    let next_day = utc(2026, 3, 29, 2, 0);
    assert_eq!(p.new_done_today(next_day), 0);
    assert_eq!(p.due_queue(|_| true, next_day, next_day).totals().new, 2);
    // with days starting at midnight they were the 29th's new cards
    let p = progress(0, &[("ch17-sarah-q1", late), ("ch17-sarah-q2", late)]);
    assert_eq!(p.new_done_today(next_day), 2);
    answers_per_day_agree_with_each_answers_day(&[utc(2026, 3, 29, 1, 0), utc(2026, 10, 25, 1, 0)]);
}

/// Run by `in_zone` with `TZ` set to Adelaide's rules.
#[test]
#[ignore = "run in a child process with TZ set"]
fn adelaide() {
    if std::env::var("TZ").as_deref() != Ok(ADELAIDE) {
        return; // only meaningful in the child process `in_zone` starts
    }
    // Adelaide: +09:30 standard, +10:30 in summer, which begins on
    // 4 October 2026 (02:00 -> 03:00) and ends on 5 April (03:00 -> 02:00).
    let days = DayBoundary::new(Zone::Local, 4);
    // 3 October starts at 04:00 ACST = 18:30 UTC on the 2nd
    assert_eq!(
        days.day_start(utc(2026, 10, 3, 6, 0)),
        utc(2026, 10, 2, 18, 30)
    );
    // 4 October at 04:00 ACDT = 17:30 UTC on the 3rd
    assert_eq!(days.day(utc(2026, 10, 3, 17, 29)), date(2026, 10, 3));
    assert_eq!(days.day(utc(2026, 10, 3, 17, 30)), date(2026, 10, 4));
    // 5 April (summer time ends at 03:00): 04:00 ACST = 18:30 UTC on the 4th
    assert_eq!(days.day(utc(2026, 4, 4, 18, 29)), date(2026, 4, 4));
    assert_eq!(days.day(utc(2026, 4, 4, 18, 30)), date(2026, 4, 5));
    // the day before it started at 04:00 ACDT = 17:30 UTC on the 3rd
    assert_eq!(
        days.day_start(utc(2026, 4, 4, 0, 0)),
        utc(2026, 4, 3, 17, 30)
    );
    // stats count "today" the same way
    let evening = utc(2026, 10, 3, 17, 0); // 03:30 ACST on the 4th: still the 3rd
    let p = progress(4, &[("ch17-sarah-q1", evening)]);
    let stats = studyguide::domain::stats::compute(&p, evening + Duration::minutes(20));
    assert_eq!(stats.today, date(2026, 10, 3));
    assert_eq!(stats.reviews_today, 1);
    let stats = studyguide::domain::stats::compute(&p, utc(2026, 10, 3, 17, 30));
    assert_eq!(stats.today, date(2026, 10, 4));
    assert_eq!(stats.reviews_today, 0);
    assert_eq!(stats.streak_days, 1, "yesterday's reviews keep the streak");
    answers_per_day_agree_with_each_answers_day(&[utc(2026, 4, 4, 12, 0), utc(2026, 10, 3, 12, 0)]);
}

/// Answers counted per study day (which convert a time only at a new day,
/// and every time in a day with a daylight-saving change) fall on the days
/// each answer's own conversion gives: every 7 minutes for three days
/// around each change, in and out of order, days starting at 0, 2 and 4.
fn answers_per_day_agree_with_each_answers_day(changes: &[DateTime<Utc>]) {
    let mut times: Vec<DateTime<Utc>> = changes
        .iter()
        .flat_map(|&change| {
            (-620..620).map(move |i| change + Duration::minutes(7 * i) + Duration::seconds(i % 60))
        })
        .collect();
    // a few late entries, as a log written by two instances has them
    times.swap(100, 900);
    times.swap(1300, 2000);
    for hour in [0, 2, 4] {
        let days = DayBoundary::new(Zone::Local, hour);
        let mut each: std::collections::BTreeMap<NaiveDate, u32> = Default::default();
        for &at in &times {
            *each.entry(days.day(at)).or_default() += 1;
        }
        let counted = studyguide::domain::review_log::answers_per_day(&days, times.iter().copied());
        assert_eq!(counted, each, "days starting at {hour}");
    }
}
