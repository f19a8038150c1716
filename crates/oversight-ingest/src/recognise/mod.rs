//! Recognisers: one per document shape. Each scores a document (0: not mine) and the
//! highest scorer extracts its records. Helpers shared by several shapes live here.

mod findings;
mod letter;
mod panel_paper;
mod pcc_response;
mod pillar_page;
mod press_release;
mod statements;
mod transcript;

use std::ops::Range;

use oversight_domain::{
    Cycle, Deadline, DocumentKind, Finding, FindingKind, Force, Pillar, SubAction, Subject,
    force::find_force,
};

use crate::Extraction;
use crate::layout::{Item, Layout};
use crate::phrases;

/// A document shape Oversight knows how to read.
pub trait Recogniser: Sync {
    /// A short name, shown in import summaries and logs.
    fn name(&self) -> &'static str;
    fn kind(&self) -> DocumentKind;
    /// How sure the recogniser is that the document has its shape: 0 for not at all.
    fn score(&self, doc: &Layout<'_>) -> u32;
    /// Reads the records. `out.text` is empty while this runs; `doc` holds the text.
    fn extract(&self, doc: &Layout<'_>, out: &mut Extraction);
}

/// Every recogniser, most specific first (the first of equal scores wins).
pub fn all() -> &'static [&'static dyn Recogniser] {
    &[
        &pillar_page::LabelledPillarPage,
        &pillar_page::AreaReport,
        &pillar_page::ProsePillarPage,
        &pcc_response::PccResponse,
        &panel_paper::PanelPaper,
        &letter::InspectorateLetter,
        &transcript::Transcript,
        &press_release::PressRelease,
        &statements::GradeStatements,
    ]
}

/// Picks the best recogniser for the extraction's text and runs it.
pub fn recognise(out: &mut Extraction) {
    let text = std::mem::take(&mut out.text);
    let doc = Layout::new(&text);
    let best = all()
        .iter()
        .map(|r| (r.score(&doc), *r))
        .filter(|(score, _)| *score > 0)
        .fold(
            None::<(u32, &dyn Recogniser)>,
            |best, (score, r)| match best {
                Some((b, _)) if b >= score => best,
                _ => Some((score, r)),
            },
        );
    match best {
        Some((_, recogniser)) => {
            out.kind = recogniser.kind();
            out.recogniser = recogniser.name();
            recogniser.extract(&doc, out);
            // Grades stated in sentences and lists that the shape's own reading passed over.
            let questions = if recogniser.kind() == DocumentKind::PressRelease {
                statements::Questions::Skipped
            } else {
                statements::Questions::Read
            };
            if recogniser.name() != "grade-statements"
                && let (Some(force), Some(cycle)) = (out.force, out.cycle)
            {
                statements::add_stated_grades(&doc, force, cycle, questions, out);
            }
            if let (Some(force), Some(cycle)) = (out.force, out.cycle) {
                let ctx = FindingContext {
                    force,
                    cycle,
                    subject: None,
                };
                add_labelled_findings(&doc, ctx, out);
            }
        }
        None => out.warnings.push(unrecognised_warning(&doc)),
    }
    if out.title.is_none() {
        out.title = doc.next_non_blank(0).map(|i| doc.line(i).to_owned());
    }
    out.text = text;
}

/// A finding's label, then its own sentence, on a row run together.
static LABELLED_ROW: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?:^|\d\s+|\|\s*)(?i:(area\s+for\s+improvement|recommendation|cause\s+of\s+concern))\s*:?\s+((?:The|the)\s+(?:force|constabulary)\s+(?:should|must|needs\s+to)\s[^.\n]{10,600}\.)",
    )
    .unwrap_or_else(|e| unreachable!("a fixed pattern: {e}"))
});

/// Whether a text holds a labelled finding on a row run together.
pub(crate) fn has_labelled_findings(doc: &Layout<'_>) -> bool {
    LABELLED_ROW.is_match(doc.text)
}

/// A tracker's row run together on one line, as a saved copy of a table often is: "1 Area
/// for Improvement The force should improve its use of … . AMBER …". The label, then the
/// finding's own sentence; only where no reader of the shape took that sentence already.
fn add_labelled_findings(doc: &Layout<'_>, ctx: FindingContext, out: &mut Extraction) {
    for c in LABELLED_ROW.captures_iter(doc.text) {
        let (Some(label), Some(sentence)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let kind = match label.as_str().to_lowercase().split_whitespace().next() {
            Some("area") => FindingKind::AreaForImprovement,
            Some("recommendation") => FindingKind::Recommendation,
            _ => FindingKind::CauseOfConcern,
        };
        let span = doc.span(sentence.range());
        if out
            .findings
            .iter()
            .any(|f| f.span().contains(span) || span.contains(f.span()))
        {
            continue;
        }
        if let Some(f) = finding_from_range(doc, sentence.range(), kind, ctx, out) {
            out.findings.push(f);
        }
    }
}

/// Says what the importer looked for in a document it could not place, and what it found.
fn unrecognised_warning(doc: &Layout<'_>) -> String {
    let (force, cycle) = statements::subject_of(doc);
    let mut found = Vec::new();
    match force {
        Some(f) => found.push(format!("the force {}", f.name())),
        None => found.push("no force of England and Wales named".to_owned()),
    }
    match cycle {
        Some(c) => found.push(format!("{c} from its title or dates")),
        None => found.push("no PEEL cycle named or dated".to_owned()),
    }
    if let Some(cycle) = cycle {
        let (_, tally) = crate::grammar::Reader::new(doc, cycle).statements();
        found.push(format!(
            "{} grade word(s) whose subject names nothing in the {} framework",
            tally.unresolved, cycle
        ));
        if tally.absent > 0 {
            found.push(format!(
                "{} statement(s) that a grade is not yet given",
                tally.absent
            ));
        }
    }
    format!(
        "the kind of document was not recognised: looked for an inspection report's grade labels and finding \
         headings, a PCC response's finding sections, a Panel paper, an inspectorate letter, a transcript, and \
         grade statements (a pillar, question or area with a grade); found {}. Stored as a document with no records",
        found.join(", ")
    )
}

/// Collapses runs of white space to single spaces.
pub(crate) fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The force, cycle, title and publication date a document's opening states.
#[derive(Debug, Default, Clone)]
pub struct Header {
    pub force: Option<Force>,
    pub cycle: Option<Cycle>,
    pub title_line: Option<usize>,
}

/// The header of a document, read once from its first 25 non-blank lines (falling back to the
/// whole text) and kept for every recogniser that asks.
pub(crate) fn header<'d>(doc: &'d Layout<'_>, _lines: usize) -> &'d Header {
    doc.header.get_or_init(|| read_header(doc, 25))
}

fn read_header(doc: &Layout<'_>, lines: usize) -> Header {
    let opening: Vec<usize> = doc.non_blank(0, doc.lines.len()).take(lines).collect();
    let end = opening.last().map_or(0, |&i| doc.lines[i].full.end);
    let head = &doc.text[..end];
    let force = main_force(head, doc.text).or_else(|| find_force(doc.text).map(|(f, _)| f));
    let cycle = phrases::cycle_mention(head)
        .or_else(|| phrases::cycle_mention(doc.text))
        .map(|(c, _)| c);
    let title_line = opening.iter().copied().find(|&i| {
        phrases::cycle_mention(doc.line(i)).is_some() || find_force(doc.line(i)).is_some()
    });
    Header {
        force,
        cycle,
        title_line,
    }
}

/// The force an opening is about: of the forces it names, the one the whole text names most
/// often, the first named of equals. A statement that opens on a neighbour's news ("It follows
/// the decision on Wiltshire Police, …") is still about the force the text keeps naming.
fn main_force(head: &str, text: &str) -> Option<Force> {
    let named = crate::grammar::force_mentions(head);
    let all = crate::grammar::force_mentions(text);
    let mut best: Option<(Force, usize)> = None;
    for (_, force) in named {
        let n = all.iter().filter(|(_, f)| *f == force).count();
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((force, n));
        }
    }
    best.map(|(f, _)| f)
}

/// A line that is exactly a pillar's name ("Effectiveness").
pub(crate) fn pillar_heading(line: &str) -> Option<Pillar> {
    let lower = line.trim().to_lowercase();
    Pillar::ALL.into_iter().find(|p| lower == p.code())
}

/// Section headings inside an inspection's question or area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SectionHeading {
    Findings(FindingKind),
    /// Last year's areas for improvement, re-listed with progress notes.
    EarlierFindings,
}

pub(crate) fn section_heading(line: &str) -> Option<SectionHeading> {
    if line.len() > 120 {
        return None;
    }
    let lower = normalise(line).to_lowercase();
    let lower = lower.trim_end_matches(':');
    if lower.len() > 90 {
        return None;
    }
    let earlier = [
        "last year",
        "previous",
        "from our 20",
        "from 20",
        "in 20",
        "our last",
        "earlier",
    ];
    if lower.contains("area")
        && lower.contains("for improvement")
        && earlier.iter().any(|e| lower.contains(e))
    {
        return Some(SectionHeading::EarlierFindings);
    }
    // "Cause of concern: responding to the public" names its topic after the kind.
    let lower = [
        "cause of concern",
        "causes of concern",
        "area for improvement",
        "areas for improvement",
    ]
    .iter()
    .find(|k| {
        lower.strip_prefix(**k).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with([':', '–', '—']) || rest.starts_with("- ")
        })
    })
    .copied()
    .unwrap_or(lower);
    match lower {
        "areas for improvement" | "area for improvement" => {
            Some(SectionHeading::Findings(FindingKind::AreaForImprovement))
        }
        "cause of concern" | "causes of concern" | "cause for concern" | "causes for concern" => {
            Some(SectionHeading::Findings(FindingKind::CauseOfConcern))
        }
        "recommendations" | "recommendation" => {
            Some(SectionHeading::Findings(FindingKind::Recommendation))
        }
        _ => None,
    }
}

/// The kind of findings a lead-in sentence says follow it: "During our inspection, we
/// identified the following four causes of concern:", "We made the following
/// recommendations:", "We have identified 3 areas for improvement:". The kind named last
/// wins ("causes of concern, and the recommendations we made under them:"). Last year's
/// findings re-listed are not this inspection's.
pub(crate) fn lead_in_kind(line: &str) -> Option<FindingKind> {
    let whole = normalise(line).to_lowercase();
    // A paragraph that ends with its lead-in ("… we identified four causes of concern.
    // Three of these were as follows:"): the last sentence leads in.
    let lower = match whole.rfind(". ") {
        Some(k) => whole[k + 2..].to_owned(),
        None => whole,
    };
    if lower.len() > 300 || !lower.ends_with(':') {
        return None;
    }
    let earlier = ["last year", "previous", "from our 20", "earlier report"];
    if earlier.iter().any(|e| lower.contains(e)) {
        return None;
    }
    [
        ("cause of concern", FindingKind::CauseOfConcern),
        ("causes of concern", FindingKind::CauseOfConcern),
        ("recommendation", FindingKind::Recommendation),
        ("we recommended that", FindingKind::Recommendation),
        ("we recommend that", FindingKind::Recommendation),
        ("area for improvement", FindingKind::AreaForImprovement),
        ("areas for improvement", FindingKind::AreaForImprovement),
    ]
    .into_iter()
    .filter_map(|(phrase, kind)| lower.rfind(phrase).map(|at| (at, kind)))
    .max_by_key(|(at, _)| *at)
    .map(|(_, kind)| kind)
}

/// Whether a line states a recommendation in the inspectorate's own formula: "HMIC
/// recommends that …", "HMICFRS recommends that …", "We recommend that …".
pub(crate) fn states_recommendation(line: &str) -> bool {
    let lower = normalise(line).to_lowercase();
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    [
        "hmic recommends that",
        "hmicfrs recommends that",
        "the inspectorate recommends that",
        "we recommend that",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        && lower.len() > 40
}

/// The context findings are read in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FindingContext {
    pub force: Force,
    pub cycle: Cycle,
    pub subject: Option<Subject>,
}

/// Makes a finding from a bullet item: its text, nested bullets as sub-actions, and every
/// deadline in the item and its sub-actions.
pub(crate) fn finding_from_item(
    doc: &Layout<'_>,
    item: &Item,
    kind: FindingKind,
    ctx: FindingContext,
    out: &mut Extraction,
) -> Option<usize> {
    let mut finding = finding_from_range(doc, item.text.clone(), kind, ctx, out)?;
    for child in &item.children {
        finding.sub_actions.push(SubAction {
            text: normalise(&doc.text[child.extent()]),
            span: doc.span(child.extent()),
        });
        add_deadlines(doc, child.extent(), &mut finding);
    }
    for trailing in &item.trailing {
        add_deadlines(doc, trailing.clone(), &mut finding);
    }
    out.findings.push(finding);
    Some(out.findings.len() - 1)
}

/// Makes a finding from a passage of text (a paragraph, a sentence), with its deadlines.
/// The caller pushes it.
pub(crate) fn finding_from_range(
    doc: &Layout<'_>,
    range: Range<usize>,
    kind: FindingKind,
    ctx: FindingContext,
    out: &mut Extraction,
) -> Option<Finding> {
    let text = normalise(&doc.text[range.clone()]);
    match Finding::new(
        kind,
        ctx.force,
        ctx.cycle,
        ctx.subject,
        text,
        doc.span(range.clone()),
    ) {
        Ok(mut finding) => {
            add_deadlines(doc, range, &mut finding);
            Some(finding)
        }
        Err(e) => {
            out.warnings.push(format!(
                "a {} at characters {} was not recorded: {e}",
                kind.label().to_lowercase(),
                doc.span(range).start()
            ));
            None
        }
    }
}

pub(crate) fn add_deadlines(doc: &Layout<'_>, range: Range<usize>, finding: &mut Finding) {
    let text = &doc.text[range.clone()];
    // "Within three months, the force should …" sets a deadline; "… reviewed within seven
    // days" inside what is asked is a standard, not a date: a period counts only before the
    // ask ("should", "must", "needs to") or when nothing asks.
    let lower = text.to_lowercase();
    let ask = [" should ", " must ", " needs to ", " need to "]
        .iter()
        .filter_map(|a| lower.find(a))
        .min();
    for (due, at) in phrases::deadlines(text) {
        if matches!(due, oversight_domain::Due::Within { .. }) && ask.is_some_and(|k| at.start > k)
        {
            continue;
        }
        let absolute = range.start + at.start..range.start + at.end;
        finding.deadlines.push(Deadline {
            due,
            phrase: normalise(&doc.text[absolute.clone()]),
            span: doc.span(absolute),
        });
    }
}

/// Whether a line is a bare question number ("1", "12").
pub(crate) fn bare_number(line: &str) -> Option<u8> {
    let t = line.trim().trim_end_matches('.');
    (!t.is_empty() && t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// Whether a line is a question ("How effective is the force at …?", "To what extent …?").
pub(crate) fn is_question_line(line: &str) -> bool {
    let t = line.trim();
    let lower = t.to_lowercase();
    t.ends_with('?')
        && (lower.starts_with("how ")
            || lower.starts_with("to what extent")
            || lower.starts_with("what ")
            || lower.starts_with("does "))
}

#[cfg(test)]
mod tests;
