//! [`Month`]: a calendar month as the statistics ask for it (`2026-11`), with its boundaries in
//! the PC's time zone: November's lookups are those made in November where the counter stands.
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::fmt;
use std::str::FromStr;

/// A calendar month, parsed from `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    year: i32,
    month: u32,
}

/// The text is not a month in the form `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a month: write YYYY-MM, e.g. 2026-11")]
pub struct MonthError(String);

impl FromStr for Month {
    type Err = MonthError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || MonthError(s.chars().take(20).collect());
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let (year, month) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Month {
    /// The first day of the month and of the next.
    fn first_days(self) -> (NaiveDate, NaiveDate) {
        let first = NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN);
        let next = if self.month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.month + 1, 1)
        };
        (first, next.unwrap_or(NaiveDate::MAX))
    }

    /// Where the month starts and the next one starts, at local midnight in `tz`, in UTC.
    pub fn bounds_in<Tz: TimeZone>(self, tz: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let (first, next) = self.first_days();
        let midnight = |d: NaiveDate| {
            let local = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            // A midnight that a clock change skips (no zone in use does) starts at the hour after.
            tz.from_local_datetime(&local)
                .earliest()
                .or_else(|| tz.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| local.and_utc())
        };
        (midnight(first), midnight(next))
    }

    /// [`Month::bounds_in`] the PC's time zone.
    pub fn local_bounds(self) -> (DateTime<Utc>, DateTime<Utc>) {
        self.bounds_in(&chrono::Local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_yyyy_mm() {
        assert_eq!("2026-11".parse::<Month>().map(|m| m.to_string()), Ok("2026-11".to_string()));
        for bad in ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", "", "abcd-ef", "+026-11"] {
            assert!(bad.parse::<Month>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn boundaries_are_local_midnights() {
        let cet = chrono::FixedOffset::east_opt(3600).expect("offset");
        let (from, to) = "2026-11".parse::<Month>().expect("month").bounds_in(&cet);
        assert_eq!(from.to_rfc3339(), "2026-10-31T23:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-11-30T23:00:00+00:00");
        let (_, to) = "2026-12".parse::<Month>().expect("month").bounds_in(&Utc);
        assert_eq!(to.to_rfc3339(), "2027-01-01T00:00:00+00:00", "December ends in the next year");
    }
}
