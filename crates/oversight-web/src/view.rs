//! Small helpers shared by pages and the API: names for ids, inspection identifiers, today.

use oversight_domain::{Cycle, Force, Grade, Pillar};
use time::{Date, OffsetDateTime};

/// Today's date in UTC: what "overdue" and red/amber/green are measured against.
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// A force's display name from its slug (the slug itself if unknown).
pub fn force_name(slug: &str) -> String {
    Force::from_slug(slug).map_or_else(|| slug.to_owned(), |f| f.name().to_owned())
}

/// A cycle code as it appears in URLs: `2018/19` becomes `2018-19`.
pub fn cycle_slug(code: &str) -> String {
    code.replace('/', "-")
}

/// An inspection is a force's pillar (or, from 2021, its graded areas) in one cycle:
/// `hampshire-2016-effectiveness`, `surrey-2021-22-areas`.
pub fn inspection_id(force: &str, cycle: &str, pillar: Option<&str>) -> String {
    format!(
        "{force}-{}-{}",
        cycle_slug(cycle),
        pillar.unwrap_or("areas")
    )
}

/// The parts of an inspection id: force, cycle, pillar (`None` for areas).
pub fn parse_inspection_id(id: &str) -> Option<(Force, Cycle, Option<Pillar>)> {
    for cycle in Cycle::ALL {
        let marker = format!("-{}-", cycle_slug(cycle.code()));
        if let Some(at) = id.find(&marker) {
            let force = Force::from_slug(&id[..at])?;
            let rest = &id[at + marker.len()..];
            let pillar = if rest == "areas" {
                None
            } else {
                Some(rest.parse().ok()?)
            };
            return Some((force, cycle, pillar));
        }
    }
    None
}

/// CSS class of a grade's tag.
pub fn grade_class(grade: Grade) -> &'static str {
    match grade {
        Grade::Outstanding => "grade grade-outstanding",
        Grade::Good => "grade grade-good",
        Grade::Adequate => "grade grade-adequate",
        Grade::RequiresImprovement => "grade grade-ri",
        Grade::Inadequate => "grade grade-inadequate",
        Grade::Ungraded => "grade grade-ungraded",
    }
}

pub fn kind_label(code: &str) -> &'static str {
    match code {
        "area_for_improvement" => "Area for improvement",
        "cause_of_concern" => "Cause of concern",
        "recommendation" => "Recommendation",
        _ => "Finding",
    }
}

pub fn pillar_label(code: &str) -> String {
    code.parse::<Pillar>()
        .map_or_else(|_| code.to_owned(), |p| p.label().to_owned())
}

/// The title of an area code in a cycle's framework.
pub fn area_title(cycle: &str, code: &str) -> String {
    cycle
        .parse::<Cycle>()
        .ok()
        .and_then(|c| c.framework().area(code))
        .map_or_else(|| code.to_owned(), |a| a.title.to_owned())
}

/// The title of a numbered question in a cycle's framework.
pub fn question_title(cycle: &str, pillar: &str, number: i64) -> Option<&'static str> {
    let cycle: Cycle = cycle.parse().ok()?;
    let pillar: Pillar = pillar.parse().ok()?;
    cycle
        .framework()
        .question(pillar, u8::try_from(number).ok()?)
        .map(|q| q.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inspection_ids_round_trip() {
        let id = inspection_id("thames-valley", "2018/19", Some("legitimacy"));
        assert_eq!(id, "thames-valley-2018-19-legitimacy");
        let (force, cycle, pillar) = parse_inspection_id(&id).expect("parses");
        assert_eq!(
            (force.slug(), cycle, pillar),
            ("thames-valley", Cycle::Peel2018, Some(Pillar::Legitimacy))
        );
        let (_, cycle, pillar) = parse_inspection_id("surrey-2021-22-areas").expect("parses");
        assert_eq!((cycle, pillar), (Cycle::Peel2021, None));
        assert!(parse_inspection_id("gotham-2016-effectiveness").is_none());
        assert!(parse_inspection_id("kent-2016-bravery").is_none());
    }
}
