//! The three file layouts police.uk publishes, and the month a row belongs to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Which police.uk file a CSV is, told by its header line (never by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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

    /// The header police.uk writes as the first line.
    pub fn header(self) -> &'static str {
        match self {
            Kind::Street => {
                "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context"
            }
            Kind::Outcomes => {
                "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type"
            }
            Kind::StopAndSearch => {
                "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing"
            }
        }
    }

    /// Stable name used in the database and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Street => "street",
            Kind::Outcomes => "outcomes",
            Kind::StopAndSearch => "stop-and-search",
        }
    }

    /// Number of fields in every row.
    pub fn fields(self) -> usize {
        match self {
            Kind::Street => 12,
            Kind::Outcomes => 10,
            Kind::StopAndSearch => 15,
        }
    }

    /// The field holding the month (`Month`, or the ISO timestamp `Date`).
    pub(crate) fn month_field(self) -> usize {
        1
    }

    /// The field naming the force (`Reported by`); stop-and-search files have none.
    pub(crate) fn force_field(self) -> Option<usize> {
        match self {
            Kind::Street | Kind::Outcomes => Some(2),
            Kind::StopAndSearch => None,
        }
    }

    /// The first and last of the contiguous fields the counts are keyed by.
    pub(crate) fn key_fields(self) -> (usize, usize) {
        match self {
            // Crime type, Last outcome category
            Kind::Street => (9, 10),
            // Outcome type
            Kind::Outcomes => (9, 9),
            // Object of search, Outcome
            Kind::StopAndSearch => (11, 12),
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

    /// Recognises a header line (a UTF-8 byte order mark and a trailing CR are allowed).
    pub fn from_header(line: &[u8]) -> Option<Kind> {
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        Kind::ALL
            .into_iter()
            .find(|k| k.header().as_bytes() == line)
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

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_exactly_year_dash_month() {
        assert_eq!(
            Month::parse(b"2017-04").map(|m| m.to_string()),
            Some("2017-04".into())
        );
        for bad in [
            "2017-13",
            "2017-00",
            "2017-4",
            "17-04",
            "2017/04",
            "2017-04-01",
            "",
            "abcd-ef",
        ] {
            assert_eq!(Month::parse(bad.as_bytes()), None, "{bad}");
        }
        assert!(Month::parse(b"2017-12") > Month::parse(b"2017-02"));
    }

    #[test]
    fn headers_name_the_kind() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_header(kind.header().as_bytes()), Some(kind));
            let bom = format!("\u{feff}{}\r", kind.header());
            assert_eq!(Kind::from_header(bom.as_bytes()), Some(kind));
            assert_eq!(kind.header().split(',').count(), kind.fields());
        }
        assert_eq!(Kind::from_header(b"Crime ID,Month"), None);
    }
}
