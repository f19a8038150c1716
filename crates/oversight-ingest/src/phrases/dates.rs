//! Dates as inspection documents write them: long, UK numeric and ISO, and publication
//! dates.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use time::{Date, Month};

use super::re;

pub(super) fn month_from_name(name: &str) -> Option<Month> {
    let lower = name.to_lowercase();
    let months = [
        ("jan", Month::January),
        ("feb", Month::February),
        ("mar", Month::March),
        ("apr", Month::April),
        ("may", Month::May),
        ("jun", Month::June),
        ("jul", Month::July),
        ("aug", Month::August),
        ("sep", Month::September),
        ("oct", Month::October),
        ("nov", Month::November),
        ("dec", Month::December),
    ];
    months
        .iter()
        .find(|(p, _)| lower.starts_with(p))
        .map(|(_, m)| *m)
}

/// Parses "1 May 2017", "1st May 2017" or "May 1, 2017".
pub fn parse_long_date(text: &str) -> Option<Date> {
    static DMY: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})$"));
    static MDY: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$"));
    let text = text.trim();
    let (day, month, year) = if let Some(c) = DMY.captures(text) {
        (
            c[1].parse().ok()?,
            month_from_name(&c[2])?,
            c[3].parse().ok()?,
        )
    } else {
        let c = MDY.captures(text)?;
        (
            c[2].parse().ok()?,
            month_from_name(&c[1])?,
            c[3].parse().ok()?,
        )
    };
    Date::from_calendar_date(year, month, day).ok()
}

/// Parses a UK numeric date, "02/03/2017" (day first).
pub fn parse_uk_numeric_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().split('/');
    let day: u8 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let year: i32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1900..=2200).contains(&year) {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Finds a publication date: "Last updated 02/03/2017", "Published 2 March 2017",
/// "Publication date: 2 March 2017".
pub fn publication_date(text: &str) -> Option<(Date, Range<usize>)> {
    static PAT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:last\s+updated|published(?:\s+on)?|publication\s+date)\s*:?\s*(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})",
        )
    });
    PAT.captures_iter(text).find_map(|c| {
        let m = c.get(1)?;
        let date = parse_uk_numeric_date(m.as_str()).or_else(|| parse_long_date(m.as_str()))?;
        Some((date, c.get(0)?.range()))
    })
}

/// Parses an ISO date, "2019-05-02".
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_in_both_styles() {
        assert_eq!(parse_long_date("1 May 2017"), Some(date!(2017 - 05 - 01)));
        assert_eq!(
            parse_long_date("21st June 2019"),
            Some(date!(2019 - 06 - 21))
        );
        assert_eq!(
            parse_long_date("June 21, 2019"),
            Some(date!(2019 - 06 - 21))
        );
        assert_eq!(parse_long_date("31 February 2019"), None);
        assert_eq!(
            parse_uk_numeric_date("02/03/2017"),
            Some(date!(2017 - 03 - 02))
        );
        assert_eq!(parse_uk_numeric_date("13/13/2017"), None);
        let (d, _) = publication_date("Intro\nLast updated 14/11/2016\nGood").expect("a date");
        assert_eq!(d, date!(2016 - 11 - 14));
        let (d, _) = publication_date("Published on: 8 March 2018").expect("a date");
        assert_eq!(d, date!(2018 - 03 - 08));
    }
}
