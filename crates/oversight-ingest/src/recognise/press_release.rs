//! Press releases: grades stated in sentences ("I have judged that X as 'good' at …",
//! "In 2015 … the force was also judged to be good") and in lists after "HMICFRS judged
//! that X:" or "Inspectors found that X:" ("is 'outstanding' at preventing crime").

use oversight_domain::{Cycle, DocumentKind, Force, Grade, Judgment, Subject};

use super::{Recogniser, header};
use crate::Extraction;
use crate::layout::Layout;
use crate::phrases;

/// A press release about one force's inspection.
#[derive(Debug)]
pub struct PressRelease;

impl Recogniser for PressRelease {
    fn name(&self) -> &'static str {
        "press-release"
    }
    fn kind(&self) -> DocumentKind {
        DocumentKind::PressRelease
    }
    fn score(&self, doc: &Layout<'_>) -> u32 {
        let lower = &doc.lower;
        let signals = [
            "published today",
            "has assessed",
            "judged that",
            "press release",
            "inspectors found that",
            "found that",
            "said:",
        ];
        let hits = signals.iter().filter(|s| lower.contains(*s)).count();
        let inspectorate = lower.contains("hmic") || lower.contains("inspectorate");
        if inspectorate && hits >= 2 { 50 } else { 0 }
    }
    fn extract(&self, doc: &Layout<'_>, out: &mut Extraction) {
        let head = header(doc, 6);
        out.force = head.force;
        out.title = head.title_line.map(|i| doc.line(i).to_owned());
        out.published_on = phrases::publication_date(doc.text).map(|(d, _)| d);
        let cycle = head
            .cycle
            .or_else(|| phrases::cycle_after_last_report(doc.text))
            .or_else(|| phrases::cycle_from_context(doc.text));
        out.cycle = cycle;
        if head.force.is_none() {
            out.warnings
                .push("the press release names no force: no grades read".to_owned());
        } else if cycle.is_none() {
            out.warnings.push(
                "grades are stated but the document names no PEEL cycle and carries no date: they were not recorded"
                    .to_owned(),
            );
        }
        // Its grades are read by the grade-statement grammar once the context is known.
        warn_of_area_counts(doc, out);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// Judging verbs, quoted grades and judged-that lists.
    PressRelease,
    /// Only sentences with a judging verb ("I have judged …").
    Spoken,
}

fn has_judging_verb(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    ["judged", "assessed", "graded", "rated"]
        .iter()
        .any(|v| lower.contains(v))
}

/// Reads explicit grade statements from prose into judgments.
pub(crate) fn stated_grades(
    doc: &Layout<'_>,
    force: Force,
    cycle: Option<Cycle>,
    strictness: Strictness,
    out: &mut Extraction,
) {
    let sentences = phrases::sentences(doc.text);
    let mut cycle_missing = false;
    // Earlier cycles' grades stated in passing.
    for s in &sentences {
        let sentence = &doc.text[s.clone()];
        let Some((year, grade)) = phrases::earlier_cycle_grade(sentence) else {
            continue;
        };
        let Some(earlier) = Cycle::from_year(year).filter(|c| c.year() == year) else {
            continue;
        };
        if Some(earlier) == cycle {
            continue;
        }
        if let Some((pillar, _)) = phrases::pillar_mentions(sentence).first() {
            push(
                out,
                force,
                earlier,
                Subject::Pillar(*pillar),
                grade,
                doc.span(s.clone()),
                None,
            );
        }
    }
    // This cycle's grades: sentences with a judging verb first, then quoted grades.
    let passes: &[bool] = if strictness == Strictness::Spoken {
        &[true]
    } else {
        &[true, false]
    };
    for &verb_pass in passes {
        for s in &sentences {
            let sentence = &doc.text[s.clone()];
            if phrases::earlier_cycle_grade(sentence).is_some()
                || has_judging_verb(sentence) != verb_pass
            {
                continue;
            }
            for statement in phrases::grades_stated(sentence) {
                if !verb_pass && !statement.quoted {
                    continue;
                }
                let after = &sentence[statement.at.end..];
                let subject = match cycle {
                    Some(c) if c.framework().scale == oversight_domain::GradeScale::FivePoint => {
                        let clause_end = after.find([';', ',', '.']).map_or(after.len(), |k| k);
                        c.framework()
                            .match_area(&after[..clause_end])
                            .map(Subject::Area)
                    }
                    _ => phrases::pillar_mentions(after)
                        .first()
                        .or(phrases::pillar_mentions(sentence).first())
                        .map(|(p, _)| Subject::Pillar(*p)),
                };
                let Some(subject) = subject else { continue };
                let Some(cycle) = cycle else {
                    cycle_missing = true;
                    continue;
                };
                let previous = stated_previous(out, force, cycle, subject);
                push(
                    out,
                    force,
                    cycle,
                    subject,
                    statement.grade,
                    doc.span(s.clone()),
                    previous,
                );
            }
        }
    }
    if strictness == Strictness::PressRelease {
        judged_that_lists(doc, force, cycle, out);
    }
    if cycle_missing {
        out.warnings.push(
            "grades are stated but the document names no PEEL cycle: they were not recorded"
                .to_owned(),
        );
    }
    warn_of_area_counts(doc, out);
}

/// A text that counts grades by area ("good in two areas") without naming them says so.
fn warn_of_area_counts(doc: &Layout<'_>, out: &mut Extraction) {
    let lower = &doc.lower;
    if lower.contains(" in two areas")
        || lower.contains(" in three areas")
        || lower.contains(" in four areas")
    {
        out.warnings.push("the document counts grades by area without naming the areas: those counts were not recorded".to_owned());
    }
}

/// The previous cycle's grade for the same subject, when this document stated it.
fn stated_previous(
    out: &Extraction,
    force: Force,
    cycle: Cycle,
    subject: Subject,
) -> Option<Grade> {
    let previous = cycle.previous()?;
    out.judgments
        .iter()
        .find(|j| j.force() == force && j.cycle() == previous && j.subject() == subject)
        .map(|j| j.grade())
}

/// "HMICFRS judged that X:" or "Inspectors found that X:" followed by bullets, each a
/// quoted grade and what it is for.
fn judged_that_lists(doc: &Layout<'_>, force: Force, cycle: Option<Cycle>, out: &mut Extraction) {
    let Some(cycle) = cycle else { return };
    for i in 0..doc.lines.len() {
        let lower = doc.line(i).to_lowercase();
        if !(lower.ends_with(':')
            && (lower.contains("judged that") || lower.contains("found that")))
        {
            continue;
        }
        let end = (i + 1..doc.lines.len())
            .find(|&j| !doc.lines[j].is_blank() && !doc.lines[j].bullet && doc.lines[j].indent == 0)
            .unwrap_or(doc.lines.len());
        for item in doc.bullets(i + 1, end) {
            let text = &doc.text[item.text.clone()];
            for (grade, at) in phrases::quoted_grades(text) {
                let after = &text[at.end..];
                let subject = if cycle.framework().scale == oversight_domain::GradeScale::FivePoint
                {
                    cycle.framework().match_area(after).map(Subject::Area)
                } else {
                    phrases::pillar_mentions(after)
                        .first()
                        .map(|(p, _)| Subject::Pillar(*p))
                };
                if let Some(subject) = subject {
                    push(
                        out,
                        force,
                        cycle,
                        subject,
                        grade,
                        doc.span(item.text.clone()),
                        None,
                    );
                }
            }
        }
    }
}

fn push(
    out: &mut Extraction,
    force: Force,
    cycle: Cycle,
    subject: Subject,
    grade: Grade,
    span: oversight_domain::Span,
    previous: Option<Grade>,
) {
    if out
        .judgments
        .iter()
        .any(|j| j.cycle() == cycle && j.subject() == subject)
    {
        return;
    }
    match Judgment::new(force, cycle, subject, grade, span) {
        Ok(j) => out.judgments.push(j.with_stated_previous(previous)),
        Err(e) => out
            .warnings
            .push(format!("a stated grade was not recorded: {e}")),
    }
}
