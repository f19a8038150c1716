//! Grades, the two PEEL grade scales, and year-on-year change.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A grade the inspectorate gives. Ordered from best to worst by [`Grade::rank`];
/// `Ungraded` is a grade a report states but it has no place on the scale, so it
/// compares with nothing but itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    Outstanding,
    Good,
    /// Only on the 2021+ five-point scale.
    Adequate,
    RequiresImprovement,
    Inadequate,
    /// Only on the 2014–2019 scale (e.g. specialist capabilities questions).
    Ungraded,
}

impl Grade {
    /// All grades, best first, `Ungraded` last.
    pub const ALL: [Grade; 6] = [
        Grade::Outstanding,
        Grade::Good,
        Grade::Adequate,
        Grade::RequiresImprovement,
        Grade::Inadequate,
        Grade::Ungraded,
    ];

    /// Position on the scale, 0 best; `None` for `Ungraded`.
    pub fn rank(self) -> Option<u8> {
        match self {
            Grade::Outstanding => Some(0),
            Grade::Good => Some(1),
            Grade::Adequate => Some(2),
            Grade::RequiresImprovement => Some(3),
            Grade::Inadequate => Some(4),
            Grade::Ungraded => None,
        }
    }

    /// Snake-case code used in exports and URLs (`requires_improvement`).
    pub fn code(self) -> &'static str {
        match self {
            Grade::Outstanding => "outstanding",
            Grade::Good => "good",
            Grade::Adequate => "adequate",
            Grade::RequiresImprovement => "requires_improvement",
            Grade::Inadequate => "inadequate",
            Grade::Ungraded => "ungraded",
        }
    }

    /// The grade as a report prints it ("Requires improvement").
    pub fn label(self) -> &'static str {
        match self {
            Grade::Outstanding => "Outstanding",
            Grade::Good => "Good",
            Grade::Adequate => "Adequate",
            Grade::RequiresImprovement => "Requires improvement",
            Grade::Inadequate => "Inadequate",
            Grade::Ungraded => "Ungraded",
        }
    }

    /// The grade `steps` places worse (positive) or better (negative) on `scale`,
    /// if there is one. Used for statements like "dropped two grades".
    pub fn shifted(self, steps: i8, scale: GradeScale) -> Option<Grade> {
        let grades = scale.grades();
        let here = grades.iter().position(|g| *g == self)? as i16;
        let there = here + i16::from(steps);
        usize::try_from(there)
            .ok()
            .and_then(|i| grades.get(i).copied())
    }
}

impl PartialOrd for Grade {
    /// Better grades are greater: `Outstanding > Good`. `Ungraded` is incomparable.
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match (self.rank(), other.rank()) {
            (Some(a), Some(b)) => Some(b.cmp(&a)),
            (None, None) => Some(Ordering::Equal),
            _ => None,
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A grade word that is not one of the grades.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a grade: {0:?}")]
pub struct UnknownGrade(pub String);

impl FromStr for Grade {
    type Err = UnknownGrade;

    /// Reads a grade as reports, exports and people write it: `Requires improvement`,
    /// `requires_improvement`, `requiring improvement`, `'good'`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let folded: String = s
            .trim()
            .trim_matches(|c: char| matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”' | '.'))
            .to_lowercase()
            .replace(['_', '-'], " ");
        match folded
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "outstanding" => Ok(Grade::Outstanding),
            "good" => Ok(Grade::Good),
            "adequate" => Ok(Grade::Adequate),
            "requires improvement" | "require improvement" | "requiring improvement" => {
                Ok(Grade::RequiresImprovement)
            }
            "inadequate" => Ok(Grade::Inadequate),
            "ungraded" => Ok(Grade::Ungraded),
            _ => Err(UnknownGrade(s.to_owned())),
        }
    }
}

/// The grade scales PEEL has used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GradeScale {
    /// 2014–2019: Outstanding, Good, Requires improvement, Inadequate, and Ungraded.
    FourPoint,
    /// 2021 onwards: Outstanding, Good, Adequate, Requires improvement, Inadequate.
    FivePoint,
}

impl GradeScale {
    /// The grades on this scale, best first (Ungraded, where allowed, last and off the scale).
    pub fn grades(self) -> &'static [Grade] {
        match self {
            GradeScale::FourPoint => &[
                Grade::Outstanding,
                Grade::Good,
                Grade::RequiresImprovement,
                Grade::Inadequate,
            ],
            GradeScale::FivePoint => &[
                Grade::Outstanding,
                Grade::Good,
                Grade::Adequate,
                Grade::RequiresImprovement,
                Grade::Inadequate,
            ],
        }
    }

    /// Whether a judgment on this scale may carry `grade`.
    pub fn allows(self, grade: Grade) -> bool {
        grade == Grade::Ungraded && self == GradeScale::FourPoint || self.grades().contains(&grade)
    }

    pub fn code(self) -> &'static str {
        match self {
            GradeScale::FourPoint => "four_point",
            GradeScale::FivePoint => "five_point",
        }
    }
}

/// How a grade moved between two cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    Improved,
    Unchanged,
    Deteriorated,
}

impl Change {
    /// The change from `previous` to `current`; `None` when either is off the scale.
    pub fn between(previous: Grade, current: Grade) -> Option<Change> {
        match current.partial_cmp(&previous)? {
            Ordering::Greater => Some(Change::Improved),
            Ordering::Equal if current.rank().is_some() => Some(Change::Unchanged),
            Ordering::Equal => None,
            Ordering::Less => Some(Change::Deteriorated),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Change::Improved => "improved",
            Change::Unchanged => "unchanged",
            Change::Deteriorated => "deteriorated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_ordered_best_first() {
        assert!(Grade::Outstanding > Grade::Good);
        assert!(Grade::Good > Grade::Adequate);
        assert!(Grade::Adequate > Grade::RequiresImprovement);
        assert!(Grade::RequiresImprovement > Grade::Inadequate);
        assert_eq!(Grade::Ungraded.partial_cmp(&Grade::Good), None);
    }

    #[test]
    fn change_is_computed_from_the_order() {
        assert_eq!(
            Change::between(Grade::Good, Grade::RequiresImprovement),
            Some(Change::Deteriorated)
        );
        assert_eq!(
            Change::between(Grade::Inadequate, Grade::Good),
            Some(Change::Improved)
        );
        assert_eq!(
            Change::between(Grade::Good, Grade::Good),
            Some(Change::Unchanged)
        );
        assert_eq!(Change::between(Grade::Ungraded, Grade::Ungraded), None);
        assert_eq!(Change::between(Grade::Ungraded, Grade::Good), None);
    }

    #[test]
    fn grades_parse_in_every_spelling() {
        for (text, grade) in [
            ("Requires improvement", Grade::RequiresImprovement),
            ("requires_improvement", Grade::RequiresImprovement),
            ("requiring improvement", Grade::RequiresImprovement),
            ("'good'", Grade::Good),
            ("‘outstanding’", Grade::Outstanding),
            ("Ungraded", Grade::Ungraded),
        ] {
            assert_eq!(text.parse::<Grade>(), Ok(grade), "{text}");
        }
        assert!("not yet graded".parse::<Grade>().is_err());
        for grade in Grade::ALL {
            assert_eq!(grade.code().parse::<Grade>(), Ok(grade));
        }
    }

    #[test]
    fn scales_know_their_grades() {
        assert!(!GradeScale::FourPoint.allows(Grade::Adequate));
        assert!(GradeScale::FourPoint.allows(Grade::Ungraded));
        assert!(!GradeScale::FivePoint.allows(Grade::Ungraded));
        assert_eq!(
            Grade::Good.shifted(2, GradeScale::FourPoint),
            Some(Grade::Inadequate)
        );
        assert_eq!(
            Grade::Good.shifted(-1, GradeScale::FourPoint),
            Some(Grade::Outstanding)
        );
        assert_eq!(Grade::Good.shifted(-2, GradeScale::FourPoint), None);
    }
}
