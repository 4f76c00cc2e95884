//! The times the whole program can store and read back: the years 1970 to
//! 9000 (UTC). `--now` is held to them, so every row it dates (a review, a
//! bookmark, an interview session, a backup's name) reads back equal, and a
//! card's due date, up to a hundred years later, stays inside what the store
//! accepts (the years 1 to 9999).

use chrono::{DateTime, NaiveDate, Utc};

/// The first supported time: 1970-01-01T00:00:00Z.
pub const FIRST: DateTime<Utc> = DateTime::UNIX_EPOCH;

/// The last supported time: 9000-12-31T23:59:59.999Z.
pub fn last() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(9001, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(FIRST, |t| t.and_utc())
        - chrono::Duration::milliseconds(1)
}

/// `at` when it is supported; otherwise a sentence saying which times are.
pub fn supported(at: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    if (FIRST..=last()).contains(&at) {
        Ok(at)
    } else {
        Err(format!(
            "{} is outside the times studyguide can store: 1970-01-01T00:00:00Z to \
             9000-12-31T23:59:59Z",
            at.to_rfc3339()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_ends_are_in_and_a_millisecond_beyond_is_out() {
        assert!(supported(FIRST).is_ok());
        assert!(supported(last()).is_ok());
        assert_eq!(last().to_rfc3339(), "9000-12-31T23:59:59.999+00:00");
        assert!(supported(FIRST - chrono::Duration::milliseconds(1)).is_err());
        assert!(supported(last() + chrono::Duration::milliseconds(1)).is_err());
        let year_zero = Utc.with_ymd_and_hms(0, 1, 1, 9, 0, 0).unwrap();
        let err = supported(year_zero).unwrap_err();
        assert!(err.contains("outside the times"), "{err}");
    }
}
