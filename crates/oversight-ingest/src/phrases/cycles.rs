//! The PEEL cycle a text names, dates or implies.

use std::ops::Range;
use std::sync::LazyLock;

use oversight_domain::Cycle;
use regex::Regex;
use time::Date;

use super::dates::{parse_iso_date, parse_long_date, parse_uk_numeric_date, publication_date};
use super::re;

/// The first PEEL cycle a text names explicitly: "PEEL 2016", "PEEL: … 2018/19", "PEEL 2021/22".
pub fn cycle_mention(text: &str) -> Option<(Cycle, Range<usize>)> {
    cycle_mentions(text).next()
}

/// Every "PEEL 2016" of a text, in order.
fn cycle_mentions(text: &str) -> impl Iterator<Item = (Cycle, Range<usize>)> + '_ {
    static PAT: LazyLock<Regex> =
        LazyLock::new(|| re(r"\bPEEL\b[^\n]{0,80}?\b(20\d\d(?:\s*[/\-–]\s*(?:20)?\d\d)?)\b"));
    PAT.captures_iter(text).filter_map(|c| {
        let m = c.get(1)?;
        // "PEEL Assessments 2015-2016/17" spans several inspections, and names none.
        if text[m.end()..].starts_with(|c: char| c == '/' || c.is_ascii_digit()) {
            return None;
        }
        let cycle = m.as_str().parse::<Cycle>().ok().or_else(|| {
            let year: i32 = m.as_str().get(..4)?.parse().ok()?;
            Cycle::from_year(year).filter(|c| c.year() == year)
        })?;
        Some((cycle, m.range()))
    })
}

/// The cycle a document is about when no "PEEL 2016" names it: "the fourth PEEL assessment",
/// a cycle's years written out ("2021/22", "2023 to 2025"), a title line ending in a year
/// ("Hampshire 2016"), or the date the document was published or last updated.
pub fn cycle_from_context(text: &str) -> Option<Cycle> {
    static ORDINAL: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)\b(first|second|third|fourth|fifth)\s+(?:annual\s+)?PEEL\b"));
    static TITLE_YEAR: LazyLock<Regex> =
        LazyLock::new(|| re(r"^[A-Z][A-Za-z&' \-]{2,50}\s(201[4-7])$"));
    static ANY_DATE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(\d{1,2}/\d{1,2}/20\d\d|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+20\d\d|20\d\d-\d\d-\d\d)\b",
        )
    });
    if let Some((cycle, _)) = cycle_mention(text) {
        return Some(cycle);
    }
    // Every 2015 overview page says so: leadership was first assessed, not graded, in 2015.
    static LEADERSHIP_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\bfor\s+the\s+first\s+time,?\s+(?:we|hmic)\s+(?:have|has)\s+assessed\s+leadership\b",
        )
    });
    if LEADERSHIP_FIRST.is_match(text) {
        return Some(Cycle::Peel2015);
    }
    if let Some(c) = ORDINAL.captures(text) {
        let cycle = match c.get(1)?.as_str().to_lowercase().as_str() {
            "first" => Cycle::Peel2014,
            "second" => Cycle::Peel2015,
            "third" => Cycle::Peel2016,
            "fourth" => Cycle::Peel2017,
            _ => Cycle::Peel2018,
        };
        return Some(cycle);
    }
    if let Some(cycle) = cycle_of_years_written_out(text) {
        return Some(cycle);
    }
    let title = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(8)
        .find_map(|l| TITLE_YEAR.captures(l));
    if let Some(c) = title {
        return Cycle::from_year(c.get(1)?.as_str().parse().ok()?);
    }
    // "Its report was published in December 2023": a month is date enough for a cycle.
    static PUBLISHED_IN: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:published|released|issued)\s+(?:in|on)\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\s+(20\d\d)\b",
        )
    });
    let published_in = PUBLISHED_IN
        .captures(text)
        .and_then(|c| parse_long_date(&format!("1 {} {}", c.get(1)?.as_str(), c.get(2)?.as_str())));
    let date = publication_date(text)
        .map(|(d, _)| d)
        .or(published_in)
        .or_else(|| {
            let m = ANY_DATE.find(text)?;
            parse_uk_numeric_date(m.as_str())
                .or_else(|| parse_long_date(m.as_str()))
                .or_else(|| parse_iso_date(m.as_str()))
        });
    match date {
        Some(date) => cycle_published_on(date),
        None => cycle_of_years_named(text)
            .or_else(|| cycle_of_a_pillar_report(text))
            .or_else(|| cycle_of_area_titles(text)),
    }
}

/// The five-point cycle whose own area titles an undated text quotes: at least two titles
/// that one framework has and the other does not ("Engaging with and treating the public
/// with fairness and respect" is 2021/22's; "Police powers and public treatment" 2023–25's).
fn cycle_of_area_titles(text: &str) -> Option<Cycle> {
    let lower = text.to_lowercase().replace('’', "'");
    let five_point: Vec<Cycle> = Cycle::ALL
        .into_iter()
        .filter(|c| c.framework().scale == oversight_domain::GradeScale::FivePoint)
        .collect();
    let mut found = five_point.iter().filter(|&&cycle| {
        let own = cycle.framework().areas.iter().filter(|area| {
            let title = area.title.to_lowercase();
            five_point
                .iter()
                .filter(|&&other| other != cycle)
                .all(|other| {
                    other
                        .framework()
                        .areas
                        .iter()
                        .all(|a| a.title.to_lowercase() != title)
                })
                && lower.contains(&title)
        });
        own.count() >= 2
    });
    match (found.next(), found.next()) {
        (Some(cycle), None) => Some(*cycle),
        _ => None,
    }
}

/// A report on one pillar by the inspectorate under its later name (HMICFRS, from July 2017):
/// the only pillar-by-pillar PEEL reports it published were those of 2017 (efficiency and
/// legitimacy in late 2017, effectiveness in March 2018); from 2018/19 the pillars were
/// inspected together.
fn cycle_of_a_pillar_report(text: &str) -> Option<Cycle> {
    static PILLAR_REPORT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:police|peel)\s+(?:effectiveness|efficiency|legitimacy)\s+(?:\d{4}\s+)?(?:inspection\s+)?reports?\b",
        )
    });
    let lower = text.to_lowercase();
    let renamed = lower.contains("hmicfrs")
        || lower.contains("fire and rescue services")
        || lower.contains("fire & rescue services");
    (renamed && PILLAR_REPORT.is_match(text)).then_some(Cycle::Peel2017)
}

/// The cycle of the year a text about an inspection names most often ("concerned about the
/// force's performance in 2016", "In 2021, HMICFRS graded …"), the earliest of equals: a
/// news story with no date names the year it reports. A text that names no inspection, or
/// no year a cycle was inspected in, gives none.
fn cycle_of_years_named(text: &str) -> Option<Cycle> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\b(20[12]\d)\b"));
    let lower = text.to_lowercase();
    if !["peel", "hmic", "inspectorate", "inspection"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return None;
    }
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for c in YEAR.captures_iter(text) {
        let Some(year) = c.get(1).and_then(|y| y.as_str().parse::<i32>().ok()) else {
            continue;
        };
        // "since the last inspection in 2015" names the inspection before.
        let start = c.get(0).map_or(0, |m| m.start());
        let mut from = start.saturating_sub(40);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let before = text.get(from..start).unwrap_or("").to_lowercase();
        let before = before.rsplit(['.', ';']).next().unwrap_or("");
        if Cycle::from_year(year).is_none()
            || ["last ", "previous", "since ", "earlier inspection"]
                .iter()
                .any(|w| before.contains(w))
        {
            continue;
        }
        match counts.iter_mut().find(|(y, _)| *y == year) {
            Some((_, n)) => *n += 1,
            None => counts.push((year, 1)),
        }
    }
    let (year, _) = counts
        .into_iter()
        .max_by_key(|&(year, n)| (n, std::cmp::Reverse(year)))?;
    Cycle::from_year(year)
}

/// The PEEL cycle whose reports were being published on a date (each cycle's reports came
/// out over the autumn to spring after its fieldwork; 2018/19 ran into 2020; 2021/22 into
/// early 2023).
pub fn cycle_published_on(date: Date) -> Option<Cycle> {
    let months = date.year() * 12 + i32::from(u8::from(date.month())) - 1;
    let at = |year: i32, month: i32| year * 12 + month - 1;
    Some(if months < at(2014, 7) {
        return None;
    } else if months < at(2015, 7) {
        Cycle::Peel2014
    } else if months < at(2016, 7) {
        Cycle::Peel2015
    } else if months < at(2017, 7) {
        Cycle::Peel2016
    } else if months < at(2018, 7) {
        Cycle::Peel2017
    } else if months < at(2020, 7) {
        Cycle::Peel2018
    } else if months < at(2023, 5) {
        Cycle::Peel2021
    } else {
        Cycle::Peel2023
    })
}

/// A cycle's years written out: "2021/22", "2023–25", "2023 to 2025", "2023‑25".
pub fn cycle_of_years_written_out(text: &str) -> Option<Cycle> {
    years_written_out(text).next().flatten()
}

/// Every pair of years a text writes out, in order: the cycle it names, or none when the
/// second year does not follow the first ("2021-24").
fn years_written_out(text: &str) -> impl Iterator<Item = Option<Cycle>> + '_ {
    static YEARS: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(20(?:18|21|23))\s*(?:/|-|–|‑|to)\s*(?:20)?(19|22|25)\b"));
    YEARS.captures_iter(text).map(|c| {
        let first: i32 = c.get(1)?.as_str().parse().ok()?;
        let second: i32 = c.get(2)?.as_str().parse().ok()?;
        (second == (first + 1) % 100 || second == (first + 2) % 100)
            .then(|| Cycle::from_year(first))
            .flatten()
    })
}

/// The latest cycle a text names or dates an inspection of: a letter following up several
/// inspections ("In our 2021–22 … inspection …; our 2023–24 PEEL inspection …") is about
/// the latest.
pub fn latest_cycle_named(text: &str) -> Option<Cycle> {
    let mut latest: Option<Cycle> = None;
    let mut consider = |c: Option<Cycle>| {
        if let Some(c) = c
            && latest.is_none_or(|l| c.year() > l.year())
        {
            latest = Some(c);
        }
    };
    for (cycle, _) in cycle_mentions(text) {
        consider(Some(cycle));
    }
    for cycle in years_written_out(text) {
        consider(cycle);
    }
    consider(cycle_inspected(text));
    // "our 2023–24 PEEL inspection": the years of fieldwork, before the word PEEL.
    static BEFORE_PEEL: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\b(20[12]\d)\s*[/\-–‑]\s*(?:20)?\d\d\s+(?:peel|police\s+effectiveness)\b")
    });
    for c in BEFORE_PEEL.captures_iter(text) {
        let year = c.get(1).and_then(|y| y.as_str().parse::<i32>().ok());
        consider(year.and_then(Cycle::from_year));
    }
    latest
}

/// The cycle of the inspection a letter or paper says was carried out on a date ("Between
/// 17 January and 11 February 2022, we inspected …", "In September 2023, we inspected …",
/// "In January 2022, we conducted a victim service assessment as part of our PEEL
/// inspection"): the cycle whose reports were being published then.
pub fn cycle_inspected(text: &str) -> Option<Cycle> {
    static PAT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:in|between)\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[a-z]+\s+)?(?:(?:and|to|–|-)\s+\d{1,2}(?:st|nd|rd|th)?\s+)?((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\s+(20\d\d),?\s+(?:we|hmicfrs|the\s+inspectorate)\s+(?:inspected|conducted|carried\s+out|visited)\b",
        )
    });
    let c = PAT.captures(text)?;
    let date = parse_long_date(&format!("1 {} {}", c.get(1)?.as_str(), c.get(2)?.as_str()))?;
    cycle_published_on(date)
}

/// The cycle a passage implies by naming the year of the last inspection:
/// "In 2015, when we last reported" means the passage belongs to the cycle after 2015.
pub fn cycle_after_last_report(text: &str) -> Option<Cycle> {
    static PAT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\bin\s+(20\d\d),?\s+when\s+(?:we|hmic(?:frs)?)\s+last\s+(?:reported|inspected|assessed)",
        )
    });
    let c = PAT.captures(text)?;
    let year: i32 = c.get(1)?.as_str().parse().ok()?;
    Cycle::from_year(year).filter(|c| c.year() == year)?.next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_from_context() {
        assert_eq!(
            cycle_from_context("This is the fourth PEEL assessment of the force."),
            Some(Cycle::Peel2017)
        );
        assert_eq!(
            cycle_from_context("Kent 2016\n\nRead more"),
            Some(Cycle::Peel2016)
        );
        assert_eq!(
            cycle_from_context("Inspectors reported on 2 May 2019 that"),
            Some(Cycle::Peel2018)
        );
        assert_eq!(
            cycle_from_context("date 2022-10-14 the force"),
            Some(Cycle::Peel2021)
        );
        assert_eq!(cycle_from_context("No date at all"), None);
        assert_eq!(
            cycle_from_context(
                "The inspectorate was worried about the force in 2016. In 2016 its neighbours did better; in 2015 they had not."
            ),
            Some(Cycle::Peel2016)
        );
        assert_eq!(
            cycle_from_context(
                "The inspection took place earlier in 2017, after the last inspection in 2015."
            ),
            Some(Cycle::Peel2017)
        );
        assert_eq!(
            cycle_from_context("In 2021 the council met twice."),
            None,
            "a year with no inspection named"
        );
    }

    #[test]
    fn cycles_named_in_titles() {
        assert_eq!(
            cycle_mention("Hampshire PEEL 2016").map(|c| c.0),
            Some(Cycle::Peel2016)
        );
        assert_eq!(
            cycle_mention(
                "HMICFRS PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – Kent"
            )
            .map(|c| c.0),
            Some(Cycle::Peel2018)
        );
        assert_eq!(
            cycle_mention("PEEL 2021/22 report").map(|c| c.0),
            Some(Cycle::Peel2021)
        );
        assert_eq!(
            cycle_mention("PEEL 2023–2025: an inspection").map(|c| c.0),
            Some(Cycle::Peel2023)
        );
        assert_eq!(cycle_mention("In 2016 we inspected"), None);
        // HMICFRS's reports on one pillar are 2017's; HMIC's, or a PEEL report, name none.
        assert_eq!(
            cycle_from_context(
                "HMICFRS has today published its police legitimacy reports on every force."
            ),
            Some(Cycle::Peel2017)
        );
        assert_eq!(
            cycle_from_context("HMIC has today published its police legitimacy reports."),
            None
        );
        // Two of one framework's own area titles name its cycle.
        assert_eq!(
            cycle_from_context(
                "We were graded good at preventing crime and anti-social behaviour, and at \
                 engaging with and treating the public with fairness and respect."
            ),
            Some(Cycle::Peel2021)
        );
        assert_eq!(
            cycle_from_context(
                "We were graded good at preventing crime and anti-social behaviour."
            ),
            None
        );
        // A span of several years names no one inspection.
        assert_eq!(cycle_mention("Our PEEL assessments 2014-2015/16"), None);
        assert_eq!(
            cycle_after_last_report("In 2015, when we last reported on it"),
            Some(Cycle::Peel2016)
        );
    }
}
