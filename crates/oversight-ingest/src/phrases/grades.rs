//! Grades stated inside sentences, as labels and in quotation marks, and statements of
//! last year's grade.

use std::ops::Range;
use std::sync::LazyLock;

use oversight_domain::{Grade, GradeScale};
use regex::Regex;

use super::re;

const GRADE_WORDS: &str =
    r"outstanding|good|adequate|inadequate|requires?\s+improvement|requiring\s+improvement";

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

    fn grades(s: &str) -> Vec<Grade> {
        grades_stated(s).into_iter().map(|g| g.grade).collect()
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
}
