//! Any document that states grades the way people write them: overview pages, press
//! releases, PCC and OPCC pages, Panel minutes, local news. Its grades come from
//! [`crate::grammar`]; its findings from headed lists. Other recognisers also call
//! [`add_stated_grades`] to pick up grades their own shape does not hold.

use oversight_domain::{
    Cycle, DocumentKind, FindingKind, Force, GradeScale, Judgment, Pillar, Subject,
};

use super::{FindingContext, Recogniser, header};
use crate::Extraction;
use crate::grammar::{Reader, Statement, Tally, When};
use crate::layout::Layout;
use crate::phrases;

/// A document whose grades are stated in sentences, lists or label lines.
#[derive(Debug)]
pub struct GradeStatements;

/// The force and cycle a document is about, from its opening and its context.
pub(crate) fn subject_of(doc: &Layout<'_>) -> (Option<Force>, Option<Cycle>) {
    let head = header(doc, 25);
    let cycle = head
        .cycle
        .or_else(|| phrases::cycle_from_context(doc.text))
        .or_else(|| cycle_by_framework(doc));
    (head.force, cycle)
}

/// The cycle of an undated text that names no cycle: of the cycles the inspectorate's name
/// allows (HMIC until July 2017, HMICFRS after, "His Majesty's" from September 2022), the one
/// whose framework gives its grade statements the most subjects, when one does strictly more
/// than every other ("'inadequate' in its approach to strategic planning, …" reads fully only
/// in 2021/22's areas). A tie gives none: the text does not say.
fn cycle_by_framework(doc: &Layout<'_>) -> Option<Cycle> {
    let lower = doc.text.to_lowercase().replace('’', "'");
    let renamed = lower.contains("hmicfrs")
        || lower.contains("fire and rescue")
        || lower.contains("fire & rescue");
    let kings = lower.contains("his majesty's");
    let old_name = lower.contains("hmic") || lower.contains("inspectorate of constabulary");
    let candidates: Vec<Cycle> = Cycle::ALL
        .into_iter()
        .filter(|c| {
            if kings {
                c.year() >= 2021
            } else if renamed {
                c.year() >= 2017
            } else if old_name {
                c.year() <= 2016
            } else {
                true
            }
        })
        .collect();
    let mut best: Option<(Cycle, usize)> = None;
    let mut tied = false;
    let mut all_pillars_at_once = false;
    for cycle in candidates {
        let (statements, _) = Reader::new(doc, cycle).statements();
        // One sentence grading all three pillars is the 2018/19 integrated assessment's
        // (in 2017 each pillar had a report of its own).
        if cycle == Cycle::Peel2018 {
            all_pillars_at_once = statements.iter().any(|s| {
                [
                    Pillar::Effectiveness,
                    Pillar::Efficiency,
                    Pillar::Legitimacy,
                ]
                .iter()
                .all(|p| {
                    statements
                        .iter()
                        .any(|t| t.range == s.range && t.subject == Subject::Pillar(*p))
                })
            });
        }
        // "… 'requires improvement', which was unchanged from last year": the cycle before
        // graded the same subject, so a cycle whose predecessor did not is not this one.
        let repeated_without_predecessor = statements.iter().any(|s| {
            let unit = doc.text[s.range.clone()].to_lowercase();
            let repeated = [
                "unchanged from last year",
                "same as last year",
                "second year running",
                "second consecutive year",
                "for the second year",
            ]
            .iter()
            .any(|p| unit.contains(p));
            repeated
                && matches!(s.subject, Subject::Pillar(p) if !cycle
                    .previous()
                    .is_some_and(|before| before.framework().graded_pillars.contains(&p)))
        });
        if repeated_without_predecessor {
            continue;
        }
        let n = statements
            .iter()
            .filter(|s| s.cycle == cycle)
            .fold(Vec::new(), |mut seen, s| {
                if !seen.contains(&(s.subject, s.force)) {
                    seen.push((s.subject, s.force));
                }
                seen
            })
            .len();
        match best {
            _ if n == 0 => {}
            Some((_, b)) if n == b => tied = true,
            Some((_, b)) if n < b => {}
            _ => {
                best = Some((cycle, n));
                tied = false;
            }
        }
    }
    match best {
        Some((Cycle::Peel2017 | Cycle::Peel2018, _)) if tied && all_pillars_at_once => {
            Some(Cycle::Peel2018)
        }
        _ if tied => None,
        best => best.map(|(c, _)| c),
    }
}

fn read(doc: &Layout<'_>) -> Option<(Force, Cycle, Vec<Statement>, Tally)> {
    let (force, cycle) = subject_of(doc);
    let (force, cycle) = (force?, cycle?);
    let (statements, tally) = Reader::new(doc, cycle).statements();
    Some((force, cycle, statements, tally))
}

impl Recogniser for GradeStatements {
    fn name(&self) -> &'static str {
        "grade-statements"
    }
    fn kind(&self) -> DocumentKind {
        DocumentKind::PressRelease
    }
    fn score(&self, doc: &Layout<'_>) -> u32 {
        match read(doc) {
            Some((_, _, statements, _)) if !statements.is_empty() => 40,
            // No grades, but findings listed under a lead-in ("the causes of concern were
            // that the force:" and its bullets).
            Some(_) if has_lead_in_list(doc) => 30,
            // No grades, but a heading of findings ("Areas for improvement", "Cause of
            // concern") with its findings under it.
            Some(_) if has_findings_heading(doc) => 25,
            // No grades, but a tracker's rows run together ("1 Area for Improvement The
            // force should …").
            Some(_) if super::has_labelled_findings(doc) => 20,
            _ => 0,
        }
    }
    fn extract(&self, doc: &Layout<'_>, out: &mut Extraction) {
        out.kind = kind_of(doc);
        out.published_on = phrases::publication_date(doc.text).map(|(d, _)| d);
        let (force, cycle) = subject_of(doc);
        out.force = force;
        out.cycle = cycle;
        let (Some(force), Some(cycle)) = (force, cycle) else {
            return;
        };
        add_stated_grades(doc, force, cycle, Questions::Read, out);
        let ctx = FindingContext {
            force,
            cycle,
            subject: None,
        };
        if read_tracker(doc, ctx, out) {
            return;
        }
        super::findings::read_sections(
            doc,
            0,
            doc.lines.len(),
            FindingContext {
                force,
                cycle,
                subject: None,
            },
            out,
        );
    }
}

/// A findings page of the inspectorate's site: a heading with the count of its findings
/// ("Areas for improvement (8)") or a marker line ("AFI") before each; each finding is one
/// line, followed by its explanation and the forces it applies to. Returns whether it read
/// any.
fn read_tracker(doc: &Layout<'_>, ctx: FindingContext, out: &mut Extraction) -> bool {
    let before = out.findings.len();
    let mut current: Option<(FindingKind, usize)> = None;
    let mut expect = false;
    for i in 0..doc.lines.len() {
        if doc.lines[i].is_blank() {
            continue;
        }
        let line = doc.line(i).trim();
        if let Some((kind, count)) = counted_heading(line) {
            current = Some((kind, count));
            expect = true;
            continue;
        }
        if line.eq_ignore_ascii_case("afi") {
            current = Some((FindingKind::AreaForImprovement, usize::MAX));
            expect = true;
            continue;
        }
        let Some((kind, left)) = current else {
            continue;
        };
        // The forces a finding applies to end it; the next line starts another.
        let force_line = line.len() <= 60
            && oversight_domain::force::find_force(line)
                .is_some_and(|(_, r)| r.len() + 2 >= line.len());
        if force_line {
            expect = true;
            continue;
        }
        if expect && left > 0 && reads_as_finding(line) {
            let range = doc.lines[i].content.clone();
            if let Some(f) = super::finding_from_range(doc, range, kind, ctx, out) {
                out.findings.push(f);
                current = Some((kind, left - 1));
            }
        }
        expect = false;
    }
    out.findings.len() > before
}

/// "Areas for improvement (8)", "Causes of concern (2)": a kind of finding and its count.
fn counted_heading(line: &str) -> Option<(FindingKind, usize)> {
    let (name, rest) = line.split_once('(')?;
    let count: usize = rest.strip_suffix(')')?.trim().parse().ok()?;
    match super::section_heading(name.trim())? {
        super::SectionHeading::Findings(kind) => Some((kind, count)),
        super::SectionHeading::EarlierFindings => None,
    }
}

/// A line that says what a force should do or what is wrong: a finding's own words.
fn reads_as_finding(line: &str) -> bool {
    let lower = line.to_lowercase();
    (20..=400).contains(&line.len())
        && [
            " should ",
            " needs to ",
            " need to ",
            " must ",
            " is failing",
            " isn't ",
            " isn’t ",
            " can't ",
            " can’t ",
            " doesn't ",
            " doesn’t ",
            " does not ",
            " is not ",
        ]
        .iter()
        .any(|m| lower.contains(m))
}

/// Whether a line is a heading of findings with text after it.
fn has_findings_heading(doc: &Layout<'_>) -> bool {
    (0..doc.lines.len()).any(|i| {
        matches!(
            super::section_heading(doc.line(i)),
            Some(super::SectionHeading::Findings(_))
        ) && doc.next_non_blank(i + 1).is_some()
    })
}

/// Whether a line names a kind of finding and ends with a colon, with bullets after it.
fn has_lead_in_list(doc: &Layout<'_>) -> bool {
    (0..doc.lines.len()).any(|i| {
        super::states_recommendation(doc.line(i))
            || !doc.lines[i].bullet
                && super::lead_in_kind(doc.line(i)).is_some()
                && doc
                    .next_non_blank(i + 1)
                    .is_some_and(|k| doc.lines[k].bullet)
    })
}

/// The kind of a document read for its grade statements, told by who speaks in it.
fn kind_of(doc: &Layout<'_>) -> DocumentKind {
    let lower = &doc.lower;
    let has = |s: &str| lower.contains(s);
    if has("police and crime panel") || (has("panel") && (has("minutes") || has("agenda"))) {
        DocumentKind::PanelPaper
    } else if has("her majesty’s inspector") && has("assessment of")
        || has("her majesty's inspector") && has("assessment of")
    {
        DocumentKind::InspectionReport
    } else if has("commissioner") && (has("response") || has("welcome")) || has("opcc") {
        DocumentKind::PccResponse
    } else {
        DocumentKind::PressRelease
    }
}

/// Whether question grades stated in prose are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Questions {
    Read,
    /// A press release paraphrases the report: its pillar and area grades are its own
    /// statements; its prose about questions is left to the report unless it grades
    /// several pillars.
    Skipped,
}

/// Adds the grades a document states in sentences, lists and label lines, for subjects the
/// extraction has no grade for yet; the document's force unless a statement names another.
/// A grade stated for the cycle before becomes the stated previous grade of the same subject.
pub(crate) fn add_stated_grades(
    doc: &Layout<'_>,
    force: Force,
    cycle: Cycle,
    questions: Questions,
    out: &mut Extraction,
) {
    let (mut statements, tally) = Reader::new(doc, cycle).statements();
    // A press release about one pillar paraphrases that pillar's grade in its prose ("we
    // found the force is good at treating the public fairly"); one that grades several pillars
    // (an integrated inspection) walks through the questions under each, and those it states
    // as grades are read.
    let mut pillars: Vec<oversight_domain::Pillar> = Vec::new();
    for s in &statements {
        if let Subject::Pillar(p) = s.subject
            && s.when == When::Now
            && s.force.is_none_or(|f| f == force)
            && !pillars.contains(&p)
        {
            pillars.push(p);
        }
    }
    if questions == Questions::Skipped && pillars.len() < 2 {
        statements.retain(|s| !matches!(s.subject, Subject::Question { .. }));
    }
    let before = out.judgments.len();
    // "Last year, when we judged the force to be good" is this year's comparison on the
    // four-point scale, not a record of its own; on the five-point scale "the previous
    // report found it inadequate in …" states the last inspection's grade.
    // An inspection report's "In 2017, we judged the force as good at …" is its comparison
    // too; a press release or news story naming the year reports that year's grade.
    let report = out.kind == DocumentKind::InspectionReport;
    let (earlier, statements): (Vec<Statement>, Vec<Statement>) =
        statements.into_iter().partition(|s| {
            s.cycle.framework().scale == GradeScale::FourPoint
                && (s.when == When::Before || report && s.when == When::Named)
        });
    // Grades of a named earlier inspection first, so that this one's can refer to them; then
    // the most explicit statement of each grade ("we have judged …") before a headline's.
    let explicit = |s: &Statement| {
        let lower = doc.text[s.range.clone()].to_lowercase();
        ["judged", "assessed", "graded", "rated"]
            .iter()
            .any(|v| lower.contains(v))
    };
    let mut ordered: Vec<&Statement> = statements.iter().collect();
    ordered.sort_by_key(|s| (s.when != When::Named, !explicit(s)));
    for s in ordered {
        let force = s.force.unwrap_or(force);
        if out
            .judgments
            .iter()
            .any(|j| j.force() == force && j.cycle() == s.cycle && j.subject() == s.subject)
        {
            continue;
        }
        match Judgment::new(
            force,
            s.cycle,
            s.subject,
            s.grade,
            doc.span(s.range.clone()),
        ) {
            Ok(j) => out.judgments.push(j),
            Err(e) => out
                .warnings
                .push(format!("a stated grade was not recorded: {e}")),
        }
    }
    // Last cycle's grade, where the document states it, is this cycle's previous grade.
    for k in before..out.judgments.len() {
        let j = &out.judgments[k];
        if j.stated_previous().is_some() {
            continue;
        }
        let Some(previous_cycle) = j.cycle().previous() else {
            continue;
        };
        let previous = out
            .judgments
            .iter()
            .find(|p| {
                p.force() == j.force() && p.cycle() == previous_cycle && p.subject() == j.subject()
            })
            .map(|p| p.grade())
            .or_else(|| {
                earlier
                    .iter()
                    .find(|e| e.cycle == previous_cycle && e.subject == j.subject())
                    .map(|e| e.grade)
            });
        if previous.is_some() {
            let j = out.judgments[k].clone();
            out.judgments[k] = j.with_stated_previous(previous);
        }
    }
    if out.judgments.is_empty() && (tally.unresolved > 0 || tally.absent > 0) {
        out.warnings.push(format!(
            "no grade recorded: looked for grade statements (a subject such as the force, a pillar, a question or an area; \
             a verb such as is, was judged, rated; a grade on the {} scale) and found {} grade word(s) whose subject names \
             nothing in the {} framework and {} statement(s) that a grade is not yet given",
            cycle.framework().scale.code().replace('_', "-"),
            tally.unresolved,
            cycle,
            tally.absent
        ));
    }
}
