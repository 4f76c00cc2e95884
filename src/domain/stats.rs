//! Study statistics from the review log and card states: reviews per day
//! (for the heatmap), retention, streak and a forecast of cards due. Pure.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::progress::Progress;
use crate::domain::schedule::{Grade, Phase};

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

pub fn compute(progress: &Progress, now: DateTime<Utc>) -> Stats {
    let today = progress.day(now);
    // Dates come from data and `--now`: every step is checked, so the ends of
    // chrono's range shorten a list instead of panicking.
    let first_day = today
        .checked_sub_signed(Duration::days(HEATMAP_DAYS - 1))
        .unwrap_or(NaiveDate::MIN);
    let mut per_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for (_, r) in &progress.reviews {
        *per_day.entry(progress.day(r.at)).or_default() += 1;
    }
    let reviews_per_day = (0..HEATMAP_DAYS)
        .filter_map(|i| first_day.checked_add_signed(Duration::days(i)))
        .map(|d| (d, per_day.get(&d).copied().unwrap_or(0)))
        .collect();

    // Retention: answers given to cards that were in review before the answer.
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
        *s = progress.scheduler.answer(&r.card_id, s, r.grade, r.at);
    }
    let retention_30d = (counted > 0).then(|| f64::from(passed) / f64::from(counted));

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

    let mut forecast: Vec<(NaiveDate, u32)> = (0..FORECAST_DAYS)
        .filter_map(|i| Some((today.checked_add_signed(Duration::days(i))?, 0)))
        .collect();
    let (mut new, mut learning, mut review) = (0, 0, 0);
    for card in &progress.cards {
        match progress.states.get(&card.id) {
            None => new += 1,
            Some(s) => {
                match s.phase {
                    Phase::New => new += 1,
                    Phase::Learning | Phase::Relearning => learning += 1,
                    Phase::Review => review += 1,
                }
                if let Some(due) = s.due {
                    let offset = (progress.day(due) - today).num_days().max(0);
                    if let Some(slot) = forecast.get_mut(offset as usize) {
                        slot.1 += 1;
                    }
                }
            }
        }
    }
    Stats {
        today,
        reviews_per_day,
        total_reviews: progress.reviews.len(),
        reviews_today: per_day.get(&today).copied().unwrap_or(0),
        retention_30d,
        retention_answers: counted,
        days_reviewed: per_day.len() as u32,
        streak_days,
        forecast,
        cards_total: progress.cards.len(),
        cards_new: new,
        cards_learning: learning,
        cards_review: review,
    }
}
