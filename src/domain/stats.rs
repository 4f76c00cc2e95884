//! Study statistics from the review log and card states: reviews per day
//! (for the heatmap), retention, streak and a forecast of cards due. Pure;
//! the log's part is gathered when it is replayed (`domain::review_log`),
//! so this walks only the card states.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::progress::Progress;
use crate::domain::review_log::{answers_per_day, in_review_since};
use crate::domain::schedule::Scheduler;
use crate::domain::schedule::day::DayBoundary;
use crate::domain::schedule::{CardState, Grade, Phase};

/// Days shown in the heatmap (12 weeks).
pub const HEATMAP_DAYS: i64 = 84;
/// Days in the forecast.
pub const FORECAST_DAYS: i64 = 14;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    pub today: NaiveDate,
    /// Reviews per day for the last `HEATMAP_DAYS` days, oldest first.
    pub reviews_per_day: Vec<(NaiveDate, u32)>,
    pub total_reviews: usize,
    pub reviews_today: u32,
    /// Share of answers on cards in review that were not "again", last 30 days.
    pub retention_30d: Option<f64>,
    /// How many answers `retention_30d` is taken from.
    pub retention_answers: u32,
    /// Days with at least one review, ever.
    pub days_reviewed: u32,
    /// Consecutive days with reviews, ending today (or yesterday).
    pub streak_days: u32,
    /// Cards due on each of the next `FORECAST_DAYS` days; day 0 includes overdue cards.
    pub forecast: Vec<(NaiveDate, u32)>,
    pub cards_total: usize,
    pub cards_new: usize,
    pub cards_learning: usize,
    pub cards_review: usize,
}

impl Stats {
    /// Why there is no retention figure (`retention_30d` is `None`): no
    /// answer at all, no card in review, or cards in review none of which
    /// was answered while in review in the last 30 days (cards that have
    /// just graduated, say).
    pub fn no_retention_reason(&self) -> &'static str {
        if self.total_reviews == 0 {
            "no reviews yet"
        } else if self.cards_review == 0 {
            "no card in review yet"
        } else {
            "no answer in review"
        }
    }
}

/// What the statistics take from the review log itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogFacts {
    /// Answers per study day, every day of the log.
    pub per_day: BTreeMap<NaiveDate, u32>,
    /// Answers in the log.
    pub total_reviews: usize,
    /// Answers in the last 30 days given to cards in review: how many, and
    /// how many of those were not "again".
    pub in_review_30d: u32,
    pub passed_30d: u32,
}

impl LogFacts {
    /// The facts from the time of every answer and the whole history of
    /// each card answered since [`retention_since`]`(now)` (for a store that
    /// keeps card states: no replay of the whole log).
    pub fn from_answers<'a>(
        days: &DayBoundary,
        scheduler: &Scheduler,
        answer_times: &[DateTime<Utc>],
        recent_histories: impl IntoIterator<Item = (&'a str, &'a [(DateTime<Utc>, Grade)])>,
        now: DateTime<Utc>,
    ) -> LogFacts {
        let (in_review_30d, passed_30d) =
            in_review_since(scheduler, recent_histories, retention_since(now));
        LogFacts {
            per_day: answers_per_day(days, answer_times.iter().copied()),
            total_reviews: answer_times.len(),
            in_review_30d,
            passed_30d,
        }
    }
}

/// The moment from which answers count towards retention.
pub fn retention_since(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_sub_signed(Duration::days(30))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The log's facts from a progress holding the log (and its summary).
pub fn log_facts(progress: &Progress, now: DateTime<Utc>) -> LogFacts {
    // Retention: answers given to cards that were in review before the
    // answer (known from the replay that made the card states).
    let since = retention_since(now);
    let (mut passed, mut counted) = (0u32, 0u32);
    let in_review = &progress.log_summary().answered_in_review;
    for ((_, r), _) in progress
        .reviews
        .iter()
        .zip(in_review)
        .filter(|((_, r), in_review)| **in_review && r.at >= since)
    {
        counted += 1;
        if r.grade != Grade::Again {
            passed += 1;
        }
    }
    LogFacts {
        per_day: progress.log_summary().per_day.clone(),
        total_reviews: progress.reviews.len(),
        in_review_30d: counted,
        passed_30d: passed,
    }
}

pub fn compute(progress: &Progress, now: DateTime<Utc>) -> Stats {
    compute_from(progress, &log_facts(progress, now), now)
}

/// The statistics from the card states of `progress` and the log's facts
/// (`progress` may hold no log: see `Progress::from_states`).
pub fn compute_from(progress: &Progress, log: &LogFacts, now: DateTime<Utc>) -> Stats {
    let today = progress.day(now);
    let per_day = &log.per_day;
    let (passed, counted) = (log.passed_30d, log.in_review_30d);
    let cards = CardCounts::of(progress, today);
    Stats {
        today,
        reviews_per_day: reviews_per_day(per_day, today),
        total_reviews: log.total_reviews,
        reviews_today: per_day.get(&today).copied().unwrap_or(0),
        retention_30d: (counted > 0).then(|| f64::from(passed) / f64::from(counted)),
        retention_answers: counted,
        days_reviewed: per_day.len() as u32,
        streak_days: streak_days(per_day, today),
        forecast: cards.forecast,
        cards_total: progress.cards.len(),
        cards_new: cards.new,
        cards_learning: cards.learning,
        cards_review: cards.review,
    }
}

/// Answers on each of the [`HEATMAP_DAYS`] days up to `today`, oldest
/// first. Dates come from data and `--now`: every step is checked, so the
/// ends of chrono's range shorten the list instead of panicking.
fn reviews_per_day(per_day: &BTreeMap<NaiveDate, u32>, today: NaiveDate) -> Vec<(NaiveDate, u32)> {
    let first_day = today
        .checked_sub_signed(Duration::days(HEATMAP_DAYS - 1))
        .unwrap_or(NaiveDate::MIN);
    (0..HEATMAP_DAYS)
        .filter_map(|i| first_day.checked_add_signed(Duration::days(i)))
        .map(|d| (d, per_day.get(&d).copied().unwrap_or(0)))
        .collect()
}

/// Consecutive days with answers, ending today (or yesterday, when today
/// has none yet).
fn streak_days(per_day: &BTreeMap<NaiveDate, u32>, today: NaiveDate) -> u32 {
    let mut streak = 0;
    let mut day = if per_day.contains_key(&today) {
        Some(today)
    } else {
        today.pred_opt()
    };
    while let Some(d) = day.filter(|d| per_day.contains_key(d)) {
        streak += 1;
        day = d.pred_opt();
    }
    streak
}

/// The cards by phase, and when they are due over the next
/// [`FORECAST_DAYS`] days.
struct CardCounts {
    new: usize,
    learning: usize,
    review: usize,
    /// Cards due on each day from `today`; day 0 includes overdue cards.
    forecast: Vec<(NaiveDate, u32)>,
}

impl CardCounts {
    fn of(progress: &Progress, today: NaiveDate) -> CardCounts {
        let mut counts = CardCounts {
            new: 0,
            learning: 0,
            review: 0,
            forecast: (0..FORECAST_DAYS)
                .filter_map(|i| Some((today.checked_add_signed(Duration::days(i))?, 0)))
                .collect(),
        };
        // A study day is a local date (the zone's offset is under a day)
        // moved back by the start hour, so a time two days before today's
        // start is on today or earlier (slot 0), and one two days after the
        // start of the day past the forecast is past it: only the times
        // between are converted.
        let two_days = Duration::days(2);
        let surely_overdue = progress
            .days
            .start_of(today)
            .checked_sub_signed(two_days)
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        let surely_later = today
            .checked_add_signed(Duration::days(FORECAST_DAYS))
            .and_then(|d| progress.days.start_of(d).checked_add_signed(two_days));
        let mut with_state = 0;
        // each card's state, in card order; the cards without one are new
        for s in progress.states_in_card_order().iter().flatten() {
            with_state += 1;
            counts.count_phase(s);
            if let Some(due) = s.due.filter(|d| surely_later.is_none_or(|l| *d < l)) {
                let offset = if due < surely_overdue {
                    0
                } else {
                    (progress.day(due) - today).num_days().max(0)
                };
                if let Some(slot) = counts.forecast.get_mut(offset as usize) {
                    slot.1 += 1;
                }
            }
        }
        counts.new += progress.cards.len() - with_state;
        counts
    }

    fn count_phase(&mut self, s: &CardState) {
        match s.phase {
            Phase::New => self.new += 1,
            Phase::Learning | Phase::Relearning => self.learning += 1,
            Phase::Review => self.review += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card_index::IndexedCards;
    use crate::domain::cards::{Card, CardId};
    use crate::domain::content::CardKind;
    use crate::domain::progress::StoredStates;
    use crate::domain::schedule::day::Zone;
    use crate::domain::schedule::{ReviewRecord, Scheduler, SchedulerConfig};
    use chrono::{FixedOffset, TimeZone};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// The statistics as they were computed before the log's summary was
    /// kept: per-day counts and retention from a second replay of the log,
    /// the forecast from every card's due day.
    fn compute_by_replay(progress: &Progress, now: DateTime<Utc>) -> Stats {
        let mut stats = compute(progress, now);
        let today = progress.day(now);
        let first_day = today
            .checked_sub_signed(Duration::days(HEATMAP_DAYS - 1))
            .unwrap_or(NaiveDate::MIN);
        let mut per_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        for (_, r) in &progress.reviews {
            *per_day.entry(progress.day(r.at)).or_default() += 1;
        }
        stats.reviews_per_day = (0..HEATMAP_DAYS)
            .filter_map(|i| first_day.checked_add_signed(Duration::days(i)))
            .map(|d| (d, per_day.get(&d).copied().unwrap_or(0)))
            .collect();
        let since = now
            .checked_sub_signed(Duration::days(30))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        let mut state: std::collections::HashMap<&str, crate::domain::schedule::CardState> =
            Default::default();
        let (mut passed, mut counted) = (0u32, 0u32);
        for (_, r) in &progress.reviews {
            let s = state.entry(r.card_id.as_str()).or_default();
            if s.phase == Phase::Review && r.at >= since {
                counted += 1;
                if r.grade != Grade::Again {
                    passed += 1;
                }
            }
            *s = progress.scheduler.apply(s, r);
        }
        stats.retention_30d = (counted > 0).then(|| f64::from(passed) / f64::from(counted));
        stats.retention_answers = counted;
        let mut streak_days = 0;
        let mut day = if per_day.contains_key(&today) {
            Some(today)
        } else {
            today.pred_opt()
        };
        while let Some(d) = day.filter(|d| per_day.contains_key(d)) {
            streak_days += 1;
            day = d.pred_opt();
        }
        stats.streak_days = streak_days;
        stats.reviews_today = per_day.get(&today).copied().unwrap_or(0);
        stats.days_reviewed = per_day.len() as u32;
        // the forecast with every due time converted to its day
        for slot in stats.forecast.iter_mut() {
            slot.1 = 0;
        }
        let (mut new, mut learning, mut review) = (0, 0, 0);
        for card in &progress.cards {
            match progress.state_of(&card.id).map(|s| s.phase) {
                None | Some(Phase::New) => new += 1,
                Some(Phase::Learning | Phase::Relearning) => learning += 1,
                Some(Phase::Review) => review += 1,
            }
            if let Some(due) = progress.state_of(&card.id).and_then(|s| s.due) {
                let offset = (progress.day(due) - today).num_days().max(0);
                if let Some(slot) = stats.forecast.get_mut(offset as usize) {
                    slot.1 += 1;
                }
            }
        }
        (stats.cards_new, stats.cards_learning, stats.cards_review) = (new, learning, review);
        stats
    }

    /// New cards first answered today, as counted before the first answers
    /// were kept: over the whole log at every call.
    fn new_done_by_scan(progress: &Progress, now: DateTime<Utc>) -> u32 {
        let since = progress.day_start(now);
        let mut first: std::collections::HashMap<&str, DateTime<Utc>> = Default::default();
        for (_, r) in &progress.reviews {
            if progress.card(&r.card_id).is_none() {
                continue;
            }
            first
                .entry(r.card_id.as_str())
                .and_modify(|t| *t = (*t).min(r.at))
                .or_insert(r.at);
        }
        first.values().filter(|t| **t >= since).count() as u32
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
    }

    fn card(i: usize) -> Card {
        Card {
            id: format!("c{i}").into(),
            deck: crate::domain::cards::DeckRef::new("d", "D"),
            front: "".into(),
            back: "".into(),
            tags: Box::new([]),
            // some typed cards: their new cards are counted apart
            kind: if i % 3 == 1 {
                CardKind::Typed
            } else {
                CardKind::Basic
            },
            from_note: None,
        }
    }

    fn record(card: usize, hours_before: i64, grade: u8) -> ReviewRecord {
        ReviewRecord {
            card_id: format!("c{card}").into(),
            at: now() - Duration::hours(hours_before),
            day: crate::domain::schedule::day::test_day(now() - Duration::hours(hours_before)),
            grade: [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy][grade as usize],
            elapsed_ms: 0,
            typed_answer: None,
        }
    }

    /// A small log whose statistics are counted by hand (times at noon UTC,
    /// days start at 04:00, now is 2 March 09:00):
    /// - c0: Easy on 20 Feb (a new card graduates to review), Good on 27 Feb
    ///   (in review, passed), Again on 1 Mar (in review, failed: relearning);
    /// - c1: Good on 1 Mar (new, so learning);
    /// - c2: Easy on 21 Jan (review), Good on 26 Jan (in review, but more
    ///   than 30 days ago).
    ///
    /// So: 6 reviews on 5 days, none today, a streak of 1 (1 Mar), retention
    /// 1 of 2 answers on cards in review since 31 Jan 09:00, and of the six
    /// cards 3 new (c3-c5), 2 learning (c0 relearning, c1), 1 in review.
    #[test]
    fn a_small_log_gives_the_numbers_counted_by_hand() {
        let at = |m: u32, d: u32| Utc.with_ymd_and_hms(2026, m, d, 12, 0, 0).unwrap();
        let log = [
            ("c0", at(2, 20), Grade::Easy),
            ("c0", at(2, 27), Grade::Good),
            ("c0", at(3, 1), Grade::Again),
            ("c1", at(3, 1), Grade::Good),
            ("c2", at(1, 21), Grade::Easy),
            ("c2", at(1, 26), Grade::Good),
        ];
        let mut reviews: Vec<(i64, ReviewRecord)> = log
            .iter()
            .enumerate()
            .map(|(i, (id, t, g))| {
                let record = ReviewRecord {
                    card_id: (*id).into(),
                    at: *t,
                    day: crate::domain::schedule::day::test_day(*t),
                    grade: *g,
                    elapsed_ms: 0,
                    typed_answer: None,
                };
                (i as i64 + 1, record)
            })
            .collect();
        reviews.sort_by_key(|(id, r)| (r.at, *id));
        let cards: Vec<Card> = (0..6).map(card).collect();
        let p = Progress::new(
            cards,
            reviews,
            Scheduler::new(SchedulerConfig::default()),
            Zone::utc(),
        );
        let s = compute(&p, now());
        assert_eq!(s.today, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert_eq!(s.total_reviews, 6);
        assert_eq!(s.reviews_today, 0);
        assert_eq!(s.days_reviewed, 5);
        assert_eq!(s.streak_days, 1);
        assert_eq!(s.retention_answers, 2);
        assert_eq!(s.retention_30d, Some(0.5));
        assert_eq!(
            (s.cards_total, s.cards_new, s.cards_learning, s.cards_review),
            (6, 3, 2, 1)
        );
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let counts: BTreeMap<NaiveDate, u32> = s
            .reviews_per_day
            .iter()
            .copied()
            .filter(|(_, n)| *n > 0)
            .collect();
        let want: BTreeMap<NaiveDate, u32> = [
            (day(1, 21), 1),
            (day(1, 26), 1),
            (day(2, 20), 1),
            (day(2, 27), 1),
            (day(3, 1), 2),
        ]
        .into();
        assert_eq!(counts, want);
        assert_eq!(s.reviews_per_day.len() as i64, HEATMAP_DAYS);
        assert_eq!(s.forecast.len() as i64, FORECAST_DAYS);
    }

    #[test]
    fn with_no_retention_figure_the_reason_matches_the_counts() {
        let base = compute(
            &Progress::new(
                (0..2).map(card).collect(),
                Vec::new(),
                Scheduler::new(SchedulerConfig::default()),
                Zone::utc(),
            ),
            now(),
        );
        assert_eq!(base.no_retention_reason(), "no reviews yet");
        let answered = Stats {
            total_reviews: 3,
            ..base.clone()
        };
        assert_eq!(answered.no_retention_reason(), "no card in review yet");
        let graduated = Stats {
            total_reviews: 3,
            cards_review: 6,
            ..base
        };
        assert_eq!(graduated.no_retention_reason(), "no answer in review");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// On random logs (over 60 days, in several zones and day starts),
        /// then after recording (some dated before earlier answers) and
        /// undoing answers, the statistics equal those of a second replay,
        /// the new cards done today those of a scan of the log (also with
        /// two cards of one id), a progress loaded afresh from the same log
        /// has the same summary, and one made from the card states (as a
        /// store keeps them) gives the same statistics and today's numbers.
        #[test]
        fn stats_equal_a_second_replay(
            log in proptest::collection::vec((0usize..8, 0i64..1440, 0u8..4), 0..60),
            later in proptest::collection::vec((0usize..8, 0i64..48, 0u8..4), 0..6),
            undo in proptest::collection::vec(0usize..70, 0..4),
            offset_hours in -12i32..14,
            day_starts_at in 0u32..24,
            same_id_twice in any::<bool>(),
        ) {
            let mut reviews: Vec<(i64, ReviewRecord)> = log
                .iter()
                .enumerate()
                .map(|(i, &(c, h, g))| (i as i64 + 1, record(c, h, g)))
                .collect();
            reviews.sort_by_key(|(id, r)| (r.at, *id));
            let zone = Zone::Fixed(FixedOffset::east_opt(offset_hours * 3600).unwrap());
            let config = SchedulerConfig {
                day_starts_at,
                ..SchedulerConfig::default()
            };
            let mut cards: Vec<Card> = (0..6).map(card).collect();
            if same_id_twice {
                cards.push(card(0));
            }
            let mut p = Progress::new(cards.clone(), reviews, Scheduler::new(config), zone);
            prop_assert_eq!(compute(&p, now()), compute_by_replay(&p, now()));
            let mut id = 1000;
            for &(c, h, g) in &later {
                id += 1;
                p.record(id, record(c, h, g));
            }
            for &u in &undo {
                if let Some(&(rid, _)) = p.reviews.get(u) {
                    p.forget(rid);
                }
            }
            for at in [now(), now() - Duration::days(20), now() + Duration::days(3), now() - Duration::days(58)] {
                prop_assert_eq!(compute(&p, at), compute_by_replay(&p, at));
            }
            for hours in [0, 6, 30, 200] {
                let at = now() - Duration::hours(hours);
                prop_assert_eq!(p.new_done_today(at), new_done_by_scan(&p, at));
            }
            let fresh = Progress::new(cards.clone(), p.reviews.clone(), p.scheduler.clone(), zone);
            prop_assert_eq!(fresh.log_summary(), p.log_summary());
            // from card states kept in a store: the same statistics, and
            // the same new cards done and buried siblings
            let mut first: BTreeMap<&str, DateTime<Utc>> = BTreeMap::new();
            let mut histories: BTreeMap<&str, Vec<(DateTime<Utc>, Grade)>> = BTreeMap::new();
            // (in the log's order, as the states were made; a store reads
            // its log in time order and makes its states in that order)
            for (_, r) in &p.reviews {
                let t = first.entry(r.card_id.as_str()).or_insert(r.at);
                *t = (*t).min(r.at);
                histories.entry(r.card_id.as_str()).or_default().push((r.at, r.grade));
            }
            // each id once, as a store keeps them
            let unique: BTreeMap<&str, &CardState> = p.all_states().collect();
            let states: Vec<(CardId, CardState, DateTime<Utc>)> = unique
                .into_iter()
                .map(|(id, s)| (id.into(), s.clone(), first[id]))
                .collect();
            // the first answers sorted ahead or not: the same progress
            let mut sorted: StoredStates = states.iter().cloned().collect();
            sorted.sort_first_answers();
            let sorted = Progress::from_states(IndexedCards::new(cards.clone()), sorted, p.scheduler.clone(), zone);
            let q = Progress::from_states(IndexedCards::new(cards), states.into_iter().collect(), p.scheduler.clone(), zone);
            prop_assert_eq!(sorted.log_summary(), q.log_summary());
            let times: Vec<DateTime<Utc>> = p.reviews.iter().map(|(_, r)| r.at).collect();
            for at in [now(), now() - Duration::days(20), now() + Duration::days(3), now() - Duration::hours(30)] {
                let since = retention_since(at);
                let recent = histories
                    .iter()
                    .filter(|(id, _)| p.state_of(id).and_then(|s| s.last_review).is_some_and(|t| t >= since))
                    .map(|(id, h)| (*id, h.as_slice()));
                let facts = LogFacts::from_answers(&q.days, &q.scheduler, &times, recent, at);
                prop_assert_eq!(compute_from(&q, &facts, at), compute(&p, at));
                if let Some(today) = q.today_from_states(at) {
                    let want = p.today(at);
                    prop_assert_eq!(today.new_done, want.new_done);
                    prop_assert_eq!(today.buried, want.buried);
                }
            }
        }
    }
}
