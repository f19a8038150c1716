//! The evidence Oversight keeps beside the inspections: counts from police.uk's open data,
//! per force and month, and the indicator values computed from them.
//!
//! Which files exist and how their rows read is the evidence crate's business; what a count
//! or a value *is* lives here, so that the store can keep them without knowing how they were
//! made.

use std::fmt;
use std::str::FromStr;

/// Which police.uk file a count comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `*-street.csv`: one row per crime or anti-social behaviour incident.
    Street,
    /// `*-outcomes.csv`: one row per outcome recorded that month.
    Outcomes,
    /// `*-stop-and-search.csv`: one row per stop.
    StopAndSearch,
}

impl Kind {
    /// Every kind, in the order summaries list them.
    pub const ALL: [Kind; 3] = [Kind::Street, Kind::Outcomes, Kind::StopAndSearch];

    /// Stable name used in the database and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Street => "street",
            Kind::Outcomes => "outcomes",
            Kind::StopAndSearch => "stop-and-search",
        }
    }

    /// What the two keys of a count mean, for column headings.
    pub fn key_names(self) -> (&'static str, &'static str) {
        match self {
            Kind::Street => ("crime_type", "last_outcome_category"),
            Kind::Outcomes => ("outcome_type", ""),
            Kind::StopAndSearch => ("object_of_search", "outcome"),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown file kind {s:?}: street, outcomes or stop-and-search"))
    }
}

/// A calendar month, as police.uk writes it: `2017-04`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    year: u16,
    month: u8,
}

impl Month {
    /// A month from its parts; `None` unless 1 ≤ month ≤ 12 and 1900 ≤ year ≤ 2999.
    pub fn new(year: u16, month: u8) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=2999).contains(&year))
            .then_some(Month { year, month })
    }

    /// Reads exactly `YYYY-MM`.
    pub fn parse(bytes: &[u8]) -> Option<Month> {
        let [y0, y1, y2, y3, b'-', m0, m1] = *bytes else {
            return None;
        };
        let digit = |b: u8| b.is_ascii_digit().then(|| u16::from(b - b'0'));
        let year = digit(y0)? * 1000 + digit(y1)? * 100 + digit(y2)? * 10 + digit(y3)?;
        let month = digit(m0)? * 10 + digit(m1)?;
        Month::new(year, u8::try_from(month).ok()?)
    }

    /// The calendar year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month of the year, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The first day of the month as an ISO date.
    pub fn first_day(self) -> String {
        format!("{self}-01")
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Month, String> {
        Month::parse(s.as_bytes()).ok_or_else(|| format!("{s:?} is not a month: write YYYY-MM"))
    }
}

/// The key of one aggregate count.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountKey {
    pub kind: Kind,
    /// The force as the file names it: `Reported by`, or the slug in a stop-and-search file's name.
    pub force: String,
    pub month: Month,
    pub key1: String,
    pub key2: String,
}

/// An indicator's numerator and denominator for one force and month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueRow {
    pub indicator: &'static str,
    /// The force as the file names it.
    pub reported_by: String,
    /// Oversight's force, when it is one of the 43.
    pub force: Option<&'static str>,
    pub month: Month,
    pub numerator: u64,
    pub denominator: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_kinds_read_back_what_they_write() {
        for text in ["2017-04", "1999-12", "2024-01"] {
            assert_eq!(
                text.parse::<Month>().map(|m| m.to_string()),
                Ok(text.to_owned())
            );
        }
        for bad in ["2017-13", "2017-00", "17-04", "2017-4", "2017/04", ""] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
        }
        assert!("crime".parse::<Kind>().is_err());
    }
}
