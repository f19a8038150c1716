//! Small readers for the phrases inspection documents use: dates, deadlines, cycles,
//! grades stated inside sentences, and statements of last year's grade.
//!
//! Every function here takes plain text and returns byte ranges into it, so callers can
//! turn what was found into spans.

use std::ops::Range;
use std::sync::LazyLock;

use oversight_domain::{Cycle, Due, Grade, GradeScale, PeriodUnit, Pillar};
use regex::Regex;
use time::{Date, Month};

#[allow(clippy::unwrap_used)] // The patterns are constants, checked by the tests below.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap()
}

const GRADE_WORDS: &str =
    r"outstanding|good|adequate|inadequate|requires?\s+improvement|requiring\s+improvement";

/// Splits text into sentences, returning each sentence's byte range (trimmed).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end_here = match b {
            b'.' | b'?' | b'!' => {
                let next = bytes.get(i + 1).copied();
                next.is_none()
                    || next.is_some_and(|n| n == b' ' || n == b'\n' || n == b'"' || n == b'\'')
            }
            b'\n' => bytes.get(i + 1) == Some(&b'\n'),
            _ => false,
        };
        if end_here {
            push_trimmed(text, start, i + 1, &mut out);
            start = i + 1;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(start + lead..start + lead + trimmed.len());
    }
}

fn month_from_name(name: &str) -> Option<Month> {
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

/// The first PEEL cycle a text names explicitly: "PEEL 2016", "PEEL: … 2018/19", "PEEL 2021/22".
pub fn cycle_mention(text: &str) -> Option<(Cycle, Range<usize>)> {
    static PAT: LazyLock<Regex> =
        LazyLock::new(|| re(r"\bPEEL\b[^\n]{0,80}?\b(20\d\d(?:\s*[/\-–]\s*(?:20)?\d\d)?)\b"));
    PAT.captures_iter(text).find_map(|c| {
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

/// A pillar named in text by its adjective ("effective", "legitimately", "efficiency").
pub fn pillar_mentions(text: &str) -> Vec<(Pillar, usize)> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for pillar in [
        Pillar::Effectiveness,
        Pillar::Efficiency,
        Pillar::Legitimacy,
    ] {
        for stem in pillar.stems() {
            let mut from = 0;
            while let Some(pos) = lower[from..].find(stem) {
                let at = from + pos;
                // "ineffective" and "inefficient" are not the pillar's name.
                if !lower[..at].ends_with("in") {
                    out.push((pillar, at));
                }
                from = at + stem.len();
            }
        }
    }
    out.sort_by_key(|(_, at)| *at);
    out
}

/// A grade stated inside a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeStatement {
    pub grade: Grade,
    /// Byte range of the grade word(s).
    pub at: Range<usize>,
    /// Whether the grade word is in quotation marks ('good').
    pub quoted: bool,
}

/// Words that make a sentence's grades hypothetical, historical or not a grade at all.
fn is_hedged(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    [
        "would have been",
        "had it not",
        "could be",
        "not yet graded",
        "to be graded",
        "carried over",
        "still stands",
        "not inspected",
        "last year",
        "previous",
        "when we last",
        "in our last",
        "if it",
    ]
    .iter()
    .any(|h| lower.contains(h))
}

/// Grades a sentence gives the force: "X is good at …", "X requires improvement in …",
/// "… is judged to be good", "assessed as requiring improvement", "I have judged … as 'good'".
/// Hedged sentences (hypothetical, last year's, carried over) give none.
pub fn grades_stated(sentence: &str) -> Vec<GradeStatement> {
    static JUDGED: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"(?i)\b(?:judged|assessed|graded|rated|found)\s+(?:\w+\s+){{0,6}}?(?:to\s+be|as|to)\s+(['‘’“”]?)({GRADE_WORDS})['‘’“”]?"
        ))
    });
    static COPULA: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"(?i)\b(?:is|are|remains|was|be)\s+(?:also\s+)?(['‘’“”]?)({GRADE_WORDS})['‘’“”]?\s+(?:at|in|overall|for|in\s+respect\s+of|in\s+how)\b"
        ))
    });
    static REQUIRES: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\b()(requires\s+improvement)\s+(?:in|at|overall|for|in\s+respect\s+of|in\s+how)\b")
    });
    if is_hedged(sentence) {
        return Vec::new();
    }
    let mut found: Vec<GradeStatement> = Vec::new();
    for pattern in [&*JUDGED, &*COPULA, &*REQUIRES] {
        for c in pattern.captures_iter(sentence) {
            let (Some(quote), Some(word)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let Ok(grade) = word.as_str().parse::<Grade>() else {
                continue;
            };
            if found
                .iter()
                .any(|f| f.at.start < word.end() && word.start() < f.at.end)
            {
                continue;
            }
            found.push(GradeStatement {
                grade,
                at: word.range(),
                quoted: !quote.as_str().is_empty(),
            });
        }
    }
    found.sort_by_key(|f| f.at.start);
    found
}

/// Grades in quotation marks, each with the byte range of the quoted word: "'good'".
pub fn quoted_grades(text: &str) -> Vec<(Grade, Range<usize>)> {
    static PAT: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)['‘“]({GRADE_WORDS})['’”]")));
    PAT.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(1)?;
            Some((m.as_str().parse().ok()?, m.range()))
        })
        .collect()
}

/// What a report says about last year's grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousStatement {
    Grade(Grade),
    Same,
    /// Worse this year by this many grades.
    Dropped(u8),
    /// Better this year by this many grades.
    Rose(u8),
    /// "the first time …", "no comparison": nothing to compare.
    NoComparison,
}

impl PreviousStatement {
    /// The previous grade this statement gives, knowing this year's.
    pub fn resolve(&self, current: Grade, scale: GradeScale) -> Option<Grade> {
        match self {
            PreviousStatement::Grade(g) => Some(*g),
            PreviousStatement::Same => Some(current),
            PreviousStatement::Dropped(n) => current.shifted(-i8::try_from(*n).ok()?, scale),
            PreviousStatement::Rose(n) => current.shifted(i8::try_from(*n).ok()?, scale),
            PreviousStatement::NoComparison => None,
        }
    }
}

/// Reads a statement of last year's grade out of a passage, with the byte range it came from.
pub fn previous_grade(text: &str) -> Option<(PreviousStatement, Range<usize>)> {
    static WHEN: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"(?i)\b(?:when|where)\s+(?:we|it|the\s+force|hmic(?:frs)?|inspectors)\s+(?:\w+\s+){{0,6}}?(?:judged|assessed|graded|rated|found)\s+(?:\w+\s+){{0,4}}?(?:to\s+be|as|to)\s+['‘]?({GRADE_WORDS})"
        ))
    });
    static LAST_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"(?i)\blast\s+year(?:'s|’s)?\s+(?:grade\s+(?:was|of)|(?:it|the\s+force)\s+was\s+(?:judged|assessed|graded)\s+(?:to\s+be|as|to))\s+['‘]?({GRADE_WORDS})"
        ))
    });
    static SAME: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:same\s+(?:grade\s+)?as\s+(?:last\s+year|in\s+20\d\d|our\s+last)|unchanged\s+(?:from|since)\s+(?:last\s+year|20\d\d)|(?:maintained|retains?)\s+(?:its|the\s+same)\s+grade)",
        )
    });
    static SHIFT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(dropped|fallen|fell|declined|deteriorated|slipped|risen|rose|improved|gone\s+up|moved\s+up|gone\s+down|moved\s+down)\s+(?:by\s+)?(one|two|three|a)\s+grades?\b",
        )
    });
    static NONE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:no\s+(?:direct\s+)?comparison|first\s+time\s+(?:we|hmic|hmicfrs|that)\b[^.]{0,80}\b(?:graded|judged|assessed|inspected))",
        )
    });
    if let Some(c) = WHEN.captures(text).or_else(|| LAST_YEAR.captures(text)) {
        let whole = c.get(0)?;
        let grade = c.get(1)?.as_str().parse().ok()?;
        return Some((PreviousStatement::Grade(grade), whole.range()));
    }
    if let Some(m) = SAME.find(text) {
        return Some((PreviousStatement::Same, m.range()));
    }
    if let Some(c) = SHIFT.captures(text) {
        let verb = c.get(1)?.as_str().to_lowercase();
        let n = match c.get(2)?.as_str().to_lowercase().as_str() {
            "two" => 2,
            "three" => 3,
            _ => 1,
        };
        let worse = [
            "dropped",
            "fallen",
            "fell",
            "declined",
            "deteriorated",
            "slipped",
            "gone down",
            "moved down",
        ]
        .iter()
        .any(|v| verb.split_whitespace().collect::<Vec<_>>().join(" ") == *v);
        let statement = if worse {
            PreviousStatement::Dropped(n)
        } else {
            PreviousStatement::Rose(n)
        };
        return Some((statement, c.get(0)?.range()));
    }
    NONE.find(text)
        .map(|m| (PreviousStatement::NoComparison, m.range()))
}

/// "In 2015, when we last reported on …, the force was also judged to be good": an earlier
/// cycle's grade stated in passing. Returns the year, the grade and the sentence's byte range.
pub fn earlier_cycle_grade(sentence: &str) -> Option<(i32, Grade)> {
    static PAT: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"(?i)\bin\s+(20\d\d)\b[^.]*?\b(?:judged|assessed|graded|rated)\s+(?:\w+\s+){{0,3}}?(?:to\s+be|as|to)\s+['‘]?({GRADE_WORDS})"
        ))
    });
    let c = PAT.captures(sentence)?;
    Some((
        c.get(1)?.as_str().parse().ok()?,
        c.get(2)?.as_str().parse().ok()?,
    ))
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
    static YEARS: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(20(?:18|21|23))\s*(?:/|-|–|‑|to)\s*(?:20)?(19|22|25)\b"));
    let c = YEARS.captures(text)?;
    let first: i32 = c.get(1)?.as_str().parse().ok()?;
    let second: i32 = c.get(2)?.as_str().parse().ok()?;
    if second == (first + 1) % 100 || second == (first + 2) % 100 {
        return Cycle::from_year(first);
    }
    None
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
    for (at, _) in text.match_indices("PEEL") {
        consider(cycle_mention(&text[at..]).map(|(c, _)| c));
    }
    let mut rest = text;
    while let Some(c) = cycle_of_years_written_out(rest) {
        consider(Some(c));
        // Past that mention: its years are found again at the first digit after it.
        let Some(k) = rest.find(|ch: char| ch.is_ascii_digit()) else {
            break;
        };
        let skip = rest[k..]
            .char_indices()
            .nth(4)
            .map_or(rest.len(), |(i, _)| k + i);
        rest = &rest[skip..];
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

/// Whether a short line is a standalone grade label, and which grade.
/// "Not yet graded", "To be graded" and "Carried over" are not grades: they return `None`.
pub fn grade_label(line: &str) -> Option<Grade> {
    let trimmed = line.trim();
    if trimmed.len() > 30 {
        return None;
    }
    trimmed.parse().ok()
}

/// Whether a short line says a grade is absent ("Not yet graded") rather than Ungraded.
pub fn is_absent_grade_label(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    lower.len() <= 60
        && [
            "not yet graded",
            "to be graded",
            "carried over",
            "not graded this year",
            "grade still stands",
            "not inspected",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn grades(s: &str) -> Vec<Grade> {
        grades_stated(s).into_iter().map(|g| g.grade).collect()
    }

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

    #[test]
    fn grades_inside_sentences() {
        assert_eq!(
            grades("Kent Police is good at preventing crime."),
            vec![Grade::Good]
        );
        assert_eq!(
            grades("The force requires improvement in how it investigates crime."),
            vec![Grade::RequiresImprovement]
        );
        assert_eq!(
            grades("It is assessed as requiring improvement based on its response."),
            vec![Grade::RequiresImprovement]
        );
        assert_eq!(
            grades(
                "Its understanding of demand is judged to be good; its use of resources is judged to be outstanding; and its planning is judged to be good."
            ),
            vec![Grade::Good, Grade::Outstanding, Grade::Good]
        );
        assert_eq!(
            grades("I have judged that Kent Police as 'good' at keeping people safe."),
            vec![Grade::Good]
        );
        assert!(
            grades("The force would have been judged as inadequate overall, had it not acted.")
                .is_empty()
        );
        assert!(grades("Last year the force was judged to be good.").is_empty());
        assert!(grades("Its grade is carried over: it is good at this.").is_empty());
        assert!(grades("Staff have a good understanding of risk.").is_empty());
    }

    #[test]
    fn statements_of_last_years_grade() {
        let prev = |s: &str| previous_grade(s).map(|p| p.0);
        assert_eq!(
            prev("a deterioration on last year, when we judged the force to be good."),
            Some(PreviousStatement::Grade(Grade::Good))
        );
        assert_eq!(
            prev("an improvement since 2015 when the force was assessed as inadequate."),
            Some(PreviousStatement::Grade(Grade::Inadequate))
        );
        assert_eq!(
            prev("last year it was judged to require improvement."),
            Some(PreviousStatement::Grade(Grade::RequiresImprovement))
        );
        assert_eq!(
            prev("This is the same as last year."),
            Some(PreviousStatement::Same)
        );
        assert_eq!(
            prev("The force has dropped two grades."),
            Some(PreviousStatement::Dropped(2))
        );
        assert_eq!(
            prev("It has improved by one grade."),
            Some(PreviousStatement::Rose(1))
        );
        assert_eq!(
            prev(
                "This is the first time we have graded forces on this, so there is no comparison."
            ),
            Some(PreviousStatement::NoComparison)
        );
        assert_eq!(prev("The force is good."), None);
        assert_eq!(
            PreviousStatement::Dropped(2).resolve(Grade::Inadequate, GradeScale::FourPoint),
            Some(Grade::Good)
        );
        assert_eq!(
            PreviousStatement::Rose(1).resolve(Grade::Good, GradeScale::FourPoint),
            Some(Grade::RequiresImprovement)
        );
    }

    #[test]
    fn grade_labels_and_absent_grades() {
        assert_eq!(
            grade_label("Requires improvement"),
            Some(Grade::RequiresImprovement)
        );
        assert_eq!(grade_label("Ungraded"), Some(Grade::Ungraded));
        assert_eq!(grade_label("Not yet graded"), None);
        assert!(is_absent_grade_label("Not yet graded"));
        assert!(is_absent_grade_label("Grade carried over from 2016"));
        assert!(!is_absent_grade_label("Ungraded"));
    }

    #[test]
    fn sentences_split_on_stops() {
        let text = "One sentence. Two? Three\n\nFour.";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, vec!["One sentence.", "Two?", "Three", "Four."]);
    }
}
