//! Police and Crime Panel scrutiny reviews: the status workflow, milestones with their date
//! ranges (resolving months written without a year), and when a review or a recommendation
//! is behind.

use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

/// Where a scrutiny review is. Reviews move forward one step at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReviewStatus {
    Scoping,
    EvidenceGathering,
    TaskAndFinish,
    FindingsAgreed,
    SentToPcc,
    PccResponded,
    Closed,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 7] = [
        ReviewStatus::Scoping,
        ReviewStatus::EvidenceGathering,
        ReviewStatus::TaskAndFinish,
        ReviewStatus::FindingsAgreed,
        ReviewStatus::SentToPcc,
        ReviewStatus::PccResponded,
        ReviewStatus::Closed,
    ];

    /// Stable code, for the database, URLs and the command line.
    pub fn code(self) -> &'static str {
        match self {
            ReviewStatus::Scoping => "scoping",
            ReviewStatus::EvidenceGathering => "evidence_gathering",
            ReviewStatus::TaskAndFinish => "task_and_finish",
            ReviewStatus::FindingsAgreed => "findings_agreed",
            ReviewStatus::SentToPcc => "sent_to_pcc",
            ReviewStatus::PccResponded => "pcc_responded",
            ReviewStatus::Closed => "closed",
        }
    }

    /// In words, for pages.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Scoping => "Scoping",
            ReviewStatus::EvidenceGathering => "Evidence gathering",
            ReviewStatus::TaskAndFinish => "Task-and-finish deliberation",
            ReviewStatus::FindingsAgreed => "Findings agreed by the full Panel",
            ReviewStatus::SentToPcc => "Sent to the PCC",
            ReviewStatus::PccResponded => "PCC responded",
            ReviewStatus::Closed => "Closed",
        }
    }

    /// The status after this one.
    pub fn next(self) -> Option<ReviewStatus> {
        let i = ReviewStatus::ALL.iter().position(|&s| s == self)?;
        ReviewStatus::ALL.get(i + 1).copied()
    }

    /// Checks a move: only to the next status.
    pub fn transition(self, to: ReviewStatus) -> Result<ReviewStatus, ReviewError> {
        if self.next() == Some(to) {
            Ok(to)
        } else {
            Err(ReviewError::Transition {
                from: self,
                to,
                next: self.next(),
            })
        }
    }
}

impl fmt::Display for ReviewStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for ReviewStatus {
    type Err = ReviewError;
    fn from_str(s: &str) -> Result<ReviewStatus, ReviewError> {
        ReviewStatus::ALL
            .into_iter()
            .find(|v| v.code() == s)
            .ok_or_else(|| ReviewError::UnknownStatus(s.to_owned()))
    }
}

/// What is wrong with a change to a review.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("a review cannot go from {from} to {to}: {}", match next { Some(n) => format!("its next step is {n} ({})", n.code()), None => "it is closed".to_owned() })]
    Transition {
        from: ReviewStatus,
        to: ReviewStatus,
        next: Option<ReviewStatus>,
    },
    #[error(
        "unknown review status {0:?}: one of scoping, evidence_gathering, task_and_finish, findings_agreed, sent_to_pcc, pcc_responded, closed"
    )]
    UnknownStatus(String),
}

/// A milestone of a review's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub label: String,
    pub starts_on: Date,
    pub ends_on: Date,
}

impl Milestone {
    /// The status a review should have reached once this milestone has ended, read from its
    /// words: evidence sessions end the gathering; the task-and-finish group's work ends
    /// with findings; recommendations go to the PCC; the PCC's response comes back.
    pub fn expected_status(&self) -> Option<ReviewStatus> {
        let lower = self.label.to_lowercase();
        if lower.contains("task and finish") || lower.contains("findings") {
            Some(ReviewStatus::FindingsAgreed)
        } else if lower.contains("sent to") || lower.contains("send to") {
            Some(ReviewStatus::SentToPcc)
        } else if lower.contains("response")
            && (lower.contains("pcc") || lower.contains("commissioner"))
        {
            Some(ReviewStatus::PccResponded)
        } else if lower.contains("evidence") {
            Some(ReviewStatus::TaskAndFinish)
        } else {
            None
        }
    }
}

/// The milestones that have ended by `today` while the review is still short of what they
/// expect: a review with any is behind.
pub fn late_milestones(
    milestones: &[Milestone],
    status: ReviewStatus,
    today: Date,
) -> Vec<&Milestone> {
    milestones
        .iter()
        .filter(|m| m.ends_on < today && m.expected_status().is_some_and(|e| status < e))
        .collect()
}

/// A month range as written: "June-July", "August–September", "October", "January 2020".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRange {
    pub first: Month,
    pub last: Month,
    /// The year, when written.
    pub year: Option<i32>,
}

/// Month names, full or three letters.
pub fn month_named(word: &str) -> Option<Month> {
    let lower = word.trim().to_lowercase();
    let prefix = lower.get(..3)?;
    let month = match prefix {
        "jan" => Month::January,
        "feb" => Month::February,
        "mar" => Month::March,
        "apr" => Month::April,
        "may" => Month::May,
        "jun" => Month::June,
        "jul" => Month::July,
        "aug" => Month::August,
        "sep" => Month::September,
        "oct" => Month::October,
        "nov" => Month::November,
        "dec" => Month::December,
        _ => return None,
    };
    // The whole word must be the month's name or its abbreviation.
    let full = month.to_string().to_lowercase();
    (full.starts_with(&lower) || lower == "sept").then_some(month)
}

impl MonthRange {
    /// Reads "June-July", "June – July 2019", "October", "January 2020".
    pub fn parse(text: &str) -> Option<MonthRange> {
        let text = text.trim();
        let (range, year) = match text.rsplit_once(' ') {
            Some((head, tail)) if tail.len() == 4 && tail.chars().all(|c| c.is_ascii_digit()) => {
                (head.trim(), tail.parse().ok())
            }
            _ => (text, None),
        };
        let mut parts = range.split(['-', '–', '—']).map(str::trim);
        let first = month_named(parts.next()?)?;
        let last = match parts.next() {
            Some(p) => month_named(p)?,
            None => first,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(MonthRange { first, last, year })
    }

    /// The first and last day of the range in `year` (a range like November–January ends
    /// in the following year).
    pub fn dates(self, year: i32) -> Option<(Date, Date)> {
        let start = Date::from_calendar_date(year, self.first, 1).ok()?;
        let end_year = if (self.last as u8) < (self.first as u8) {
            year + 1
        } else {
            year
        };
        let end = Date::from_calendar_date(end_year, self.last, self.last.length(end_year)).ok()?;
        Some((start, end))
    }
}

/// Gives each range its dates. Ranges are in time order; a range without a year takes it from
/// its neighbours (the latest year that keeps it before the next dated one, or the earliest that
/// keeps it after the previous one), and from `context_year` when none has a year.
pub fn resolve_years(ranges: &[MonthRange], context_year: i32) -> Vec<Option<(Date, Date)>> {
    let mut years: Vec<Option<i32>> = ranges.iter().map(|r| r.year).collect();
    let Some(anchor) = years.iter().position(Option::is_some) else {
        // No year anywhere: count forward from the context year.
        let mut year = context_year;
        let mut previous: Option<Month> = None;
        return ranges
            .iter()
            .map(|r| {
                if previous.is_some_and(|p| (r.first as u8) < (p as u8)) {
                    year += 1;
                }
                previous = Some(r.last);
                r.dates(year)
            })
            .collect();
    };
    // Backwards from the first dated range.
    for i in (0..anchor).rev() {
        let next = ranges[i + 1];
        let next_year = years[i + 1].unwrap_or(context_year);
        let year = if (ranges[i].first as u8) > (next.first as u8) {
            next_year - 1
        } else {
            next_year
        };
        years[i] = Some(year);
    }
    // Forwards from it.
    for i in anchor + 1..ranges.len() {
        if years[i].is_some() {
            continue;
        }
        let prev = ranges[i - 1];
        let prev_year = years[i - 1].unwrap_or(context_year);
        let prev_end_year = if (prev.last as u8) < (prev.first as u8) {
            prev_year + 1
        } else {
            prev_year
        };
        let year = if (ranges[i].first as u8) < (prev.last as u8) {
            prev_end_year + 1
        } else {
            prev_end_year
        };
        years[i] = Some(year);
    }
    ranges
        .iter()
        .zip(years)
        .map(|(r, y)| r.dates(y.unwrap_or(context_year)))
        .collect()
}

/// Whether a recommendation's response is overdue: its meeting has passed without one.
pub fn response_overdue(due_at_meeting: Option<Date>, responded: bool, today: Date) -> bool {
    !responded && due_at_meeting.is_some_and(|d| d < today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn reviews_move_forward_one_step_at_a_time() {
        use ReviewStatus::*;
        let mut s = Scoping;
        for to in [
            EvidenceGathering,
            TaskAndFinish,
            FindingsAgreed,
            SentToPcc,
            PccResponded,
            Closed,
        ] {
            s = s.transition(to).expect("the next step");
        }
        assert_eq!(s, Closed);
        for (from, to) in [
            (Scoping, FindingsAgreed),
            (SentToPcc, EvidenceGathering),
            (Closed, Scoping),
            (Scoping, Scoping),
        ] {
            let e = from.transition(to).expect_err("refused");
            assert!(e.to_string().contains("cannot go from"), "{e}");
        }
        assert!(
            Closed
                .transition(Scoping)
                .expect_err("closed")
                .to_string()
                .contains("it is closed")
        );
        assert_eq!("sent_to_pcc".parse::<ReviewStatus>(), Ok(SentToPcc));
        assert!("done".parse::<ReviewStatus>().is_err());
    }

    #[test]
    fn month_ranges_read_as_written() {
        let r = MonthRange::parse("June-July").expect("range");
        assert_eq!((r.first, r.last, r.year), (Month::June, Month::July, None));
        let r = MonthRange::parse("January 2020").expect("month");
        assert_eq!(
            (r.first, r.last, r.year),
            (Month::January, Month::January, Some(2020))
        );
        assert!(MonthRange::parse("August – September").is_some());
        assert!(MonthRange::parse("Sept").is_some());
        for bad in ["Following this meeting", "Junk-July", "", "May-June-July"] {
            assert_eq!(MonthRange::parse(bad), None, "{bad}");
        }
        assert_eq!(
            MonthRange::parse("November-January").and_then(|r| r.dates(2019)),
            Some((date!(2019 - 11 - 01), date!(2020 - 01 - 31)))
        );
    }

    #[test]
    fn months_without_a_year_take_it_from_the_next_dated_one() {
        let ranges: Vec<MonthRange> = ["June-July", "August-September", "October", "January 2020"]
            .iter()
            .map(|t| MonthRange::parse(t).expect("range"))
            .collect();
        let dates = resolve_years(&ranges, 1999);
        assert_eq!(
            dates,
            vec![
                Some((date!(2019 - 06 - 01), date!(2019 - 07 - 31))),
                Some((date!(2019 - 08 - 01), date!(2019 - 09 - 30))),
                Some((date!(2019 - 10 - 01), date!(2019 - 10 - 31))),
                Some((date!(2020 - 01 - 01), date!(2020 - 01 - 31))),
            ]
        );
        // After a dated one, and with none dated at all.
        let later: Vec<MonthRange> = ["October 2019", "January", "March-April"]
            .iter()
            .map(|t| MonthRange::parse(t).expect("range"))
            .collect();
        let dates = resolve_years(&later, 1999);
        assert_eq!(
            dates[1],
            Some((date!(2020 - 01 - 01), date!(2020 - 01 - 31)))
        );
        assert_eq!(
            dates[2],
            Some((date!(2020 - 03 - 01), date!(2020 - 04 - 30)))
        );
        let undated = [
            MonthRange::parse("November").expect("m"),
            MonthRange::parse("February").expect("m"),
        ];
        let dates = resolve_years(&undated, 2018);
        assert_eq!(
            dates[1],
            Some((date!(2019 - 02 - 01), date!(2019 - 02 - 28)))
        );
    }

    #[test]
    fn a_review_is_behind_when_an_ended_milestone_expects_more() {
        let m = |label: &str, end| Milestone {
            label: label.into(),
            starts_on: date!(2019 - 06 - 01),
            ends_on: end,
        };
        let ms = vec![
            m(
                "We will continue to meet the organisations giving evidence",
                date!(2019 - 07 - 31),
            ),
            m(
                "The task and finish group will draw proposed findings",
                date!(2019 - 09 - 30),
            ),
            m(
                "The PCC's response due at the Panel meeting",
                date!(2020 - 01 - 31),
            ),
        ];
        assert!(
            late_milestones(&ms, ReviewStatus::EvidenceGathering, date!(2019 - 07 - 01)).is_empty()
        );
        assert_eq!(
            late_milestones(&ms, ReviewStatus::EvidenceGathering, date!(2019 - 08 - 15)).len(),
            1
        );
        assert!(
            late_milestones(&ms, ReviewStatus::TaskAndFinish, date!(2019 - 08 - 15)).is_empty()
        );
        assert_eq!(
            late_milestones(&ms, ReviewStatus::SentToPcc, date!(2020 - 02 - 01)).len(),
            1
        );
        assert!(late_milestones(&ms, ReviewStatus::Closed, date!(2021 - 01 - 01)).is_empty());
    }

    #[test]
    fn a_response_is_overdue_once_its_meeting_has_passed() {
        let meeting = Some(date!(2020 - 01 - 31));
        assert!(!response_overdue(meeting, false, date!(2020 - 01 - 31)));
        assert!(response_overdue(meeting, false, date!(2020 - 02 - 01)));
        assert!(!response_overdue(meeting, true, date!(2020 - 02 - 01)));
        assert!(!response_overdue(None, false, date!(2020 - 02 - 01)));
    }
}
