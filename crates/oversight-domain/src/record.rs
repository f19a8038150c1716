//! The records extracted from documents: judgments, findings, responses, and the
//! explicit "none stated" finding lists. Each carries the span it was read from.

use std::fmt;
use std::str::FromStr;

use time::{Date, Duration, Month};

use crate::cycle::{Area, Cycle, Pillar};
use crate::document::Span;
use crate::force::Force;
use crate::grade::{Change, Grade};

/// What a judgment or finding is about: a pillar, one of its numbered questions,
/// or (2021 onwards) a graded area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Pillar(Pillar),
    Question { pillar: Pillar, number: u8 },
    Area(&'static Area),
}

impl Subject {
    pub fn pillar(self) -> Option<Pillar> {
        match self {
            Subject::Pillar(p) | Subject::Question { pillar: p, .. } => Some(p),
            Subject::Area(_) => None,
        }
    }
    pub fn question(self) -> Option<u8> {
        match self {
            Subject::Question { number, .. } => Some(number),
            _ => None,
        }
    }
    pub fn area(self) -> Option<&'static Area> {
        match self {
            Subject::Area(a) => Some(a),
            _ => None,
        }
    }
}

/// A subject or grade that the cycle's framework does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("{cycle} grades on the {scale} scale, which has no grade {grade}")]
    GradeNotOnScale {
        cycle: Cycle,
        scale: &'static str,
        grade: Grade,
    },
    #[error("{cycle} has no question {number} under {pillar}")]
    NoSuchQuestion {
        cycle: Cycle,
        pillar: Pillar,
        number: u8,
    },
    #[error("{cycle} does not grade the area {area:?}")]
    NoSuchArea { cycle: Cycle, area: &'static str },
    #[error("{cycle} does not grade the {pillar} pillar")]
    NoSuchPillar { cycle: Cycle, pillar: Pillar },
}

fn check_subject(cycle: Cycle, subject: Subject) -> Result<(), RecordError> {
    let fw = cycle.framework();
    match subject {
        Subject::Pillar(pillar) if fw.graded_pillars.contains(&pillar) => Ok(()),
        Subject::Pillar(pillar) => Err(RecordError::NoSuchPillar { cycle, pillar }),
        // A framework with no questions listed (2014) accepts the report's own numbering.
        Subject::Question { pillar, number } => {
            if !fw.pillars.contains(&pillar) {
                return Err(RecordError::NoSuchPillar { cycle, pillar });
            }
            let known = fw.questions.iter().any(|q| q.pillar == pillar);
            if (known && fw.question(pillar, number).is_none()) || number == 0 {
                return Err(RecordError::NoSuchQuestion {
                    cycle,
                    pillar,
                    number,
                });
            }
            Ok(())
        }
        Subject::Area(area) if fw.areas.contains(area) => Ok(()),
        Subject::Area(area) => Err(RecordError::NoSuchArea {
            cycle,
            area: area.code,
        }),
    }
}

/// A grade given to a force for a pillar, question or area in a cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgment {
    force: Force,
    cycle: Cycle,
    subject: Subject,
    grade: Grade,
    stated_previous: Option<Grade>,
    summary: String,
    span: Span,
}

impl Judgment {
    /// A judgment whose grade is on the cycle's scale and whose subject is in its framework.
    pub fn new(
        force: Force,
        cycle: Cycle,
        subject: Subject,
        grade: Grade,
        span: Span,
    ) -> Result<Judgment, RecordError> {
        let scale = cycle.framework().scale;
        if !scale.allows(grade) {
            return Err(RecordError::GradeNotOnScale {
                cycle,
                scale: scale.code(),
                grade,
            });
        }
        check_subject(cycle, subject)?;
        Ok(Judgment {
            force,
            cycle,
            subject,
            grade,
            stated_previous: None,
            summary: String::new(),
            span,
        })
    }

    /// Records the previous cycle's grade as the document itself states it.
    pub fn with_stated_previous(mut self, previous: Option<Grade>) -> Judgment {
        self.stated_previous = previous;
        self
    }

    pub fn with_summary(mut self, summary: String) -> Judgment {
        self.summary = summary;
        self
    }

    pub fn force(&self) -> Force {
        self.force
    }
    pub fn cycle(&self) -> Cycle {
        self.cycle
    }
    pub fn subject(&self) -> Subject {
        self.subject
    }
    pub fn grade(&self) -> Grade {
        self.grade
    }
    pub fn stated_previous(&self) -> Option<Grade> {
        self.stated_previous
    }
    pub fn summary(&self) -> &str {
        &self.summary
    }
    pub fn span(&self) -> Span {
        self.span
    }
}

/// The previous grade and the change for a judgment: the grade stored for the previous
/// cycle wins; where none is stored, the document's own statement of last year's grade.
pub fn year_on_year(
    current: Grade,
    stored_previous: Option<Grade>,
    stated_previous: Option<Grade>,
) -> (Option<Grade>, Option<Change>) {
    let previous = stored_previous.or(stated_previous);
    (previous, previous.and_then(|p| Change::between(p, current)))
}

/// The kinds of finding the inspectorate makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    AreaForImprovement,
    CauseOfConcern,
    Recommendation,
}

impl FindingKind {
    pub const ALL: [FindingKind; 3] = [
        FindingKind::AreaForImprovement,
        FindingKind::CauseOfConcern,
        FindingKind::Recommendation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FindingKind::AreaForImprovement => "area_for_improvement",
            FindingKind::CauseOfConcern => "cause_of_concern",
            FindingKind::Recommendation => "recommendation",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::AreaForImprovement => "Area for improvement",
            FindingKind::CauseOfConcern => "Cause of concern",
            FindingKind::Recommendation => "Recommendation",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a finding kind: {0:?} (expected area_for_improvement, cause_of_concern or recommendation)"
)]
pub struct UnknownFindingKind(pub String);

impl FromStr for FindingKind {
    type Err = UnknownFindingKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FindingKind::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or_else(|| UnknownFindingKind(s.to_owned()))
    }
}

/// When something is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    On(Date),
    /// "immediately": due from publication.
    Immediately,
    /// "within three months": counted from publication.
    Within {
        amount: u16,
        unit: PeriodUnit,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodUnit {
    Days,
    Weeks,
    Months,
}

/// A deadline as the document states it, with the span of the phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub due: Due,
    pub phrase: String,
    pub span: Span,
}

impl Deadline {
    /// The calendar date, given the report's publication date where the deadline is relative.
    pub fn resolve(&self, published: Option<Date>) -> Option<Date> {
        match self.due {
            Due::On(date) => Some(date),
            Due::Immediately => published,
            Due::Within { amount, unit } => {
                let start = published?;
                match unit {
                    PeriodUnit::Days => start.checked_add(Duration::days(i64::from(amount))),
                    PeriodUnit::Weeks => start.checked_add(Duration::weeks(i64::from(amount))),
                    PeriodUnit::Months => add_months(start, u32::from(amount)),
                }
            }
        }
    }
}

/// Adds calendar months, clamping the day to the end of a shorter month.
pub fn add_months(date: Date, months: u32) -> Option<Date> {
    let total =
        date.year() * 12 + i32::from(u8::from(date.month())) - 1 + i32::try_from(months).ok()?;
    let year = total.div_euclid(12);
    let month = Month::try_from(u8::try_from(total.rem_euclid(12) + 1).ok()?).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// A step a finding asks for, listed under it (nested bullets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubAction {
    pub text: String,
    pub span: Span,
}

/// Something the inspectorate asks of a force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    kind: FindingKind,
    force: Force,
    cycle: Cycle,
    subject: Option<Subject>,
    text: String,
    span: Span,
    pub sub_actions: Vec<SubAction>,
    pub deadlines: Vec<Deadline>,
    /// For a recommendation made under a cause of concern: the index, among the same
    /// document's findings, of that cause of concern.
    pub parent: Option<usize>,
    /// For a finding re-listed from an earlier inspection: the progress the report states.
    pub earlier_progress: Option<String>,
}

impl Finding {
    pub fn new(
        kind: FindingKind,
        force: Force,
        cycle: Cycle,
        subject: Option<Subject>,
        text: String,
        span: Span,
    ) -> Result<Finding, RecordError> {
        if let Some(subject) = subject {
            check_subject(cycle, subject)?;
        }
        Ok(Finding {
            kind,
            force,
            cycle,
            subject,
            text,
            span,
            sub_actions: Vec::new(),
            deadlines: Vec::new(),
            parent: None,
            earlier_progress: None,
        })
    }
    pub fn kind(&self) -> FindingKind {
        self.kind
    }
    pub fn force(&self) -> Force {
        self.force
    }
    pub fn cycle(&self) -> Cycle {
        self.cycle
    }
    pub fn subject(&self) -> Option<Subject> {
        self.subject
    }
    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn span(&self) -> Span {
        self.span
    }
}

/// Who responded to a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Responder {
    Opcc,
    Force,
}

impl Responder {
    pub fn code(self) -> &'static str {
        match self {
            Responder::Opcc => "opcc",
            Responder::Force => "force",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a responder: {0:?} (expected opcc or force)")]
pub struct UnknownResponder(pub String);

impl FromStr for Responder {
    type Err = UnknownResponder;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "opcc" => Ok(Responder::Opcc),
            "force" => Ok(Responder::Force),
            _ => Err(UnknownResponder(s.to_owned())),
        }
    }
}

/// What the OPCC or the force says about one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub by: Responder,
    pub text: String,
    pub span: Span,
}

/// A document's list of findings of one kind for one pillar, recorded even when the
/// document states there are none ("None stated"): an explicit empty set is not missing data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingList {
    pub force: Force,
    pub cycle: Cycle,
    pub pillar: Option<Pillar>,
    pub kind: FindingKind,
    pub stated_none: bool,
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::force::Force;
    use time::macros::date;

    fn hampshire() -> Force {
        Force::from_slug("hampshire").expect("known force")
    }

    fn span() -> Span {
        Span::new(0, 1).expect("valid")
    }

    #[test]
    fn judgments_check_the_scale_and_framework() {
        let subject = Subject::Pillar(Pillar::Effectiveness);
        assert!(Judgment::new(hampshire(), Cycle::Peel2016, subject, Grade::Good, span()).is_ok());
        assert!(matches!(
            Judgment::new(
                hampshire(),
                Cycle::Peel2016,
                subject,
                Grade::Adequate,
                span()
            ),
            Err(RecordError::GradeNotOnScale { .. })
        ));
        let q9 = Subject::Question {
            pillar: Pillar::Effectiveness,
            number: 9,
        };
        assert!(matches!(
            Judgment::new(hampshire(), Cycle::Peel2016, q9, Grade::Good, span()),
            Err(RecordError::NoSuchQuestion { .. })
        ));
        assert!(matches!(
            Judgment::new(hampshire(), Cycle::Peel2021, subject, Grade::Good, span()),
            Err(RecordError::NoSuchPillar { .. })
        ));
        let area = Subject::Area(&Cycle::Peel2021.framework().areas[0]);
        assert!(Judgment::new(hampshire(), Cycle::Peel2021, area, Grade::Adequate, span()).is_ok());
        assert!(matches!(
            Judgment::new(hampshire(), Cycle::Peel2016, area, Grade::Good, span()),
            Err(RecordError::NoSuchArea { .. })
        ));
    }

    #[test]
    fn stored_grades_win_over_stated_ones() {
        let ri = Grade::RequiresImprovement;
        assert_eq!(
            year_on_year(ri, None, Some(Grade::Good)),
            (Some(Grade::Good), Some(Change::Deteriorated))
        );
        assert_eq!(
            year_on_year(ri, Some(Grade::Inadequate), Some(Grade::Good)),
            (Some(Grade::Inadequate), Some(Change::Improved))
        );
        assert_eq!(year_on_year(ri, None, None), (None, None));
    }

    #[test]
    fn relative_deadlines_count_from_publication() {
        let within = |amount, unit| Deadline {
            due: Due::Within { amount, unit },
            phrase: String::new(),
            span: span(),
        };
        let published = Some(date!(2017 - 01 - 31));
        assert_eq!(
            within(1, PeriodUnit::Months).resolve(published),
            Some(date!(2017 - 02 - 28))
        );
        assert_eq!(
            within(3, PeriodUnit::Months).resolve(published),
            Some(date!(2017 - 04 - 30))
        );
        assert_eq!(
            within(2, PeriodUnit::Weeks).resolve(published),
            Some(date!(2017 - 02 - 14))
        );
        assert_eq!(within(3, PeriodUnit::Months).resolve(None), None);
        let now = Deadline {
            due: Due::Immediately,
            phrase: String::new(),
            span: span(),
        };
        assert_eq!(now.resolve(published), published);
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        assert_eq!(
            add_months(date!(2016 - 11 - 30), 3),
            Some(date!(2017 - 02 - 28))
        );
        assert_eq!(
            add_months(date!(2016 - 02 - 29), 12),
            Some(date!(2017 - 02 - 28))
        );
    }
}
