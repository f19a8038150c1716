//! Deadline phrases: "by 1 May 2017", "within three months", "immediately".

use std::ops::Range;
use std::sync::LazyLock;

use oversight_domain::{Due, PeriodUnit};
use regex::Regex;
use time::Date;

use super::dates::{month_from_name, parse_long_date};
use super::re;

/// Every deadline phrase in a text: "by 1 May 2017", "within three months", "immediately".
pub fn deadlines(text: &str) -> Vec<(Due, Range<usize>)> {
    static BY_DATE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:by|before|no later than|on or before)\s+(?:the\s+end\s+of\s+)?((?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{4})",
        )
    });
    static WITHIN: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\bwithin\s+(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four)\s+(days?|weeks?|months?)\b",
        )
    });
    static NOW: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bimmediately\b"));
    let mut out = Vec::new();
    for c in BY_DATE.captures_iter(text) {
        let (Some(whole), Some(date_text)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let date = parse_long_date(date_text.as_str()).or_else(|| end_of_month(date_text.as_str()));
        if let Some(date) = date {
            out.push((Due::On(date), whole.range()));
        }
    }
    for c in WITHIN.captures_iter(text) {
        let (Some(whole), Some(n), Some(unit)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let Some(amount) = number_word(n.as_str()) else {
            continue;
        };
        let unit = match unit.as_str().to_lowercase().chars().next() {
            Some('d') => PeriodUnit::Days,
            Some('w') => PeriodUnit::Weeks,
            _ => PeriodUnit::Months,
        };
        out.push((Due::Within { amount, unit }, whole.range()));
    }
    for m in NOW.find_iter(text) {
        out.push((Due::Immediately, m.range()));
    }
    out.sort_by_key(|(_, r)| r.start);
    out
}

/// "May 2017" means the end of May 2017 when it is a deadline.
fn end_of_month(text: &str) -> Option<Date> {
    let mut words = text.split_whitespace();
    let month = month_from_name(words.next()?)?;
    let year: i32 = words.next()?.parse().ok()?;
    Date::from_calendar_date(year, month, month.length(year)).ok()
}

fn number_word(word: &str) -> Option<u16> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    let n = match word.to_lowercase().as_str() {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "eighteen" => 18,
        "twenty-four" => 24,
        _ => return None,
    };
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn deadlines_of_every_shape() {
        let text =
            "It is recommended that by 1 May 2017 the force should act, and report by 1 June 2017;";
        let found: Vec<Due> = deadlines(text).into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            found,
            vec![
                Due::On(date!(2017 - 05 - 01)),
                Due::On(date!(2017 - 06 - 01))
            ]
        );
        let found: Vec<Due> = deadlines("Within three months, the force should review it.")
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        assert_eq!(
            found,
            vec![Due::Within {
                amount: 3,
                unit: PeriodUnit::Months
            }]
        );
        let found: Vec<Due> = deadlines("The force should immediately stop.")
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        assert_eq!(found, vec![Due::Immediately]);
        let found: Vec<Due> = deadlines("by the end of March 2018")
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        assert_eq!(found, vec![Due::On(date!(2018 - 03 - 31))]);
    }
}
