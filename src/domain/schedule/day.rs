//! Where one study day ends and the next begins: the learner's time zone,
//! with its real rules (daylight saving included, looked up for each moment,
//! not one offset taken at start), and the hour the next day starts (4 by
//! default, as in Anki, so a late-night session still counts as the evening's).
//! Pure: the moment is always passed in; `Zone::Local` reads the zone rules
//! (the `TZ` variable or the system's), never the clock.

use chrono::{
    DateTime, Duration, FixedOffset, Local, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};

/// The time zone days are counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// The system's zone (`TZ`, else `/etc/localtime`), DST rules included.
    Local,
    /// A fixed offset from UTC (tests, or a zone without DST).
    Fixed(FixedOffset),
}

impl Zone {
    /// UTC itself.
    pub fn utc() -> Zone {
        Zone::Fixed(chrono::Offset::fix(&Utc))
    }

    /// The local wall-clock time of a moment.
    pub fn local(self, at: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Local => at.with_timezone(&Local).naive_local(),
            Zone::Fixed(offset) => at.with_timezone(&offset).naive_local(),
        }
    }

    /// The offset from UTC in force at a moment.
    pub fn offset_at(self, at: DateTime<Utc>) -> FixedOffset {
        match self {
            Zone::Local => at.with_timezone(&Local).offset().fix(),
            Zone::Fixed(offset) => offset,
        }
    }

    /// The moment a local wall-clock time names. A time skipped by a DST
    /// change (02:30 on a spring-forward night) is read as the first moment
    /// after the gap; a repeated one as its first occurrence.
    pub fn moment(self, local: NaiveDateTime) -> DateTime<Utc> {
        let resolve = |t: NaiveDateTime| match self {
            Zone::Local => Local
                .from_local_datetime(&t)
                .earliest()
                .map(|d| d.with_timezone(&Utc)),
            Zone::Fixed(offset) => offset
                .from_local_datetime(&t)
                .earliest()
                .map(|d| d.with_timezone(&Utc)),
        };
        if let Some(at) = resolve(local) {
            return at;
        }
        // In a gap: the first whole minute that exists (gaps are at most a
        // few hours; a day is the outer bound).
        (1..=24 * 60)
            .find_map(|m| resolve(local.checked_add_signed(Duration::minutes(m))?))
            .unwrap_or_else(|| local.and_utc())
    }
}

/// How days are cut: a zone and the hour (0–23) a new day starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayBoundary {
    pub zone: Zone,
    pub starts_at_hour: u32,
}

impl DayBoundary {
    pub fn new(zone: Zone, starts_at_hour: u32) -> DayBoundary {
        DayBoundary {
            zone,
            starts_at_hour: starts_at_hour.min(23),
        }
    }

    /// The study day a moment belongs to: the local date, moved back a day
    /// before the start hour (01:30 counts as the day before when days start
    /// at 4).
    pub fn day(&self, at: DateTime<Utc>) -> NaiveDate {
        let local = self.zone.local(at);
        local
            .checked_sub_signed(Duration::hours(i64::from(self.starts_at_hour)))
            .unwrap_or(local)
            .date()
    }

    /// When study day `day` starts.
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        let local = day
            .and_hms_opt(self.starts_at_hour, 0, 0)
            .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN));
        self.zone.moment(local)
    }

    /// When the study day containing `now` started.
    pub fn day_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.start_of(self.day(now))
    }

    /// When the study day containing `now` ends (the next one starts).
    pub fn day_end(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let day = self.day(now);
        self.start_of(day.succ_opt().unwrap_or(day))
    }
}

/// The study day of `at` as unit tests count days: UTC, from 04:00 (the
/// default start hour).
#[cfg(test)]
pub(crate) fn test_day(at: DateTime<Utc>) -> NaiveDate {
    DayBoundary::new(Zone::utc(), 4).day(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    #[test]
    fn start_hour_moves_the_boundary_in_a_fixed_zone() {
        // India, +05:30: 04:00 local is 22:30 UTC the day before.
        let ist = Zone::Fixed(FixedOffset::east_opt(5 * 3600 + 1800).unwrap());
        let days = DayBoundary::new(ist, 4);
        assert_eq!(days.day(utc(2026, 3, 1, 22, 29)), date(2026, 3, 1));
        assert_eq!(days.day(utc(2026, 3, 1, 22, 30)), date(2026, 3, 2));
        assert_eq!(
            days.day_start(utc(2026, 3, 2, 12, 0)),
            utc(2026, 3, 1, 22, 30)
        );
        assert_eq!(
            days.day_end(utc(2026, 3, 2, 12, 0)),
            utc(2026, 3, 2, 22, 30)
        );
        let midnight = DayBoundary::new(ist, 0);
        assert_eq!(midnight.day(utc(2026, 3, 1, 18, 30)), date(2026, 3, 2));
        assert_eq!(midnight.day(utc(2026, 3, 1, 18, 29)), date(2026, 3, 1));
    }

    #[test]
    fn a_gap_reads_as_the_first_moment_after_it() {
        let plus_one = Zone::Fixed(FixedOffset::east_opt(3600).unwrap());
        let local = date(2026, 3, 29).and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(plus_one.moment(local), utc(2026, 3, 29, 1, 30));
    }
}
