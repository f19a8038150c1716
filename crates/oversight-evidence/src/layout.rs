//! The three file layouts police.uk publishes, and the month a row belongs to.

pub use oversight_domain::evidence::{Kind, Month};

/// How each kind of police.uk file is laid out: its header line and where its fields are.
pub trait FileLayout: Copy {
    /// The header police.uk writes as the first line.
    fn header(self) -> &'static str;
    /// Number of fields in every row.
    fn fields(self) -> usize;
    /// The field holding the month (`Month`, or the ISO timestamp `Date`).
    fn month_field(self) -> usize;
    /// The field naming the force (`Reported by`); stop-and-search files have none.
    fn force_field(self) -> Option<usize>;
    /// The first and last of the contiguous fields the counts are keyed by.
    fn key_fields(self) -> (usize, usize);
}

impl FileLayout for Kind {
    fn header(self) -> &'static str {
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

    fn fields(self) -> usize {
        match self {
            Kind::Street => 12,
            Kind::Outcomes => 10,
            Kind::StopAndSearch => 15,
        }
    }

    fn month_field(self) -> usize {
        1
    }

    fn force_field(self) -> Option<usize> {
        match self {
            Kind::Street | Kind::Outcomes => Some(2),
            Kind::StopAndSearch => None,
        }
    }

    fn key_fields(self) -> (usize, usize) {
        match self {
            // Crime type, Last outcome category
            Kind::Street => (9, 10),
            // Outcome type
            Kind::Outcomes => (9, 9),
            // Object of search, Outcome
            Kind::StopAndSearch => (11, 12),
        }
    }
}

/// Recognises a header line (a UTF-8 byte order mark and a trailing CR are allowed).
pub fn kind_of_header(line: &[u8]) -> Option<Kind> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Kind::ALL
        .into_iter()
        .find(|k| k.header().as_bytes() == line)
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
            assert_eq!(kind_of_header(kind.header().as_bytes()), Some(kind));
            let bom = format!("\u{feff}{}\r", kind.header());
            assert_eq!(kind_of_header(bom.as_bytes()), Some(kind));
            assert_eq!(kind.header().split(',').count(), kind.fields());
        }
        assert_eq!(kind_of_header(b"Crime ID,Month"), None);
    }
}
