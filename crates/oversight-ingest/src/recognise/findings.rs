//! The finding lists of a report, letter or response: headed sections, lists under a lead-in
//! sentence, and last year's findings re-listed with their progress.

use oversight_domain::{FindingKind, FindingList, Subject};

use super::{
    FindingContext, SectionHeading, finding_from_item, finding_from_range, normalise,
    section_heading,
};
use crate::Extraction;
use crate::layout::Layout;

/// Findings listed under a lead-in sentence that names their kind ("We identified the
/// following causes of concern:" and its bullets). A recommendation listed after a cause of
/// concern is made under it. Bullets already read as a headed section's are not read twice.
pub(super) fn read_lead_in_lists(
    doc: &Layout<'_>,
    from: usize,
    to: usize,
    ctx: FindingContext,
    out: &mut Extraction,
) {
    let to = to.min(doc.lines.len());
    let mut cause_of_concern: Option<usize> = None;
    for i in from..to {
        // "HMIC recommends that the force should immediately: …" (a tracker's row, a
        // report's paragraph) states a recommendation wherever it stands.
        if super::states_recommendation(doc.line(i)) {
            let range = doc.lines[i].content.clone();
            let span = doc.span(range.clone());
            if !out.findings.iter().any(|f| f.span().contains(span))
                && let Some(mut f) =
                    finding_from_range(doc, range, FindingKind::Recommendation, ctx, out)
            {
                f.parent = cause_of_concern;
                out.findings.push(f);
            }
            continue;
        }
        if doc.lines[i].bullet || section_heading(doc.line(i)).is_some() {
            continue;
        }
        let Some(kind) = super::lead_in_kind(doc.line(i)) else {
            continue;
        };
        // "… had two accompanying recommendations:" then "Within three months, the force
        // should:": a second lead-in line that names no kind of its own carries on the first.
        let mut list_at = doc.next_non_blank(i + 1);
        if let Some(k) = list_at.filter(|&k| k < to && !doc.lines[k].bullet)
            && doc.line(k).trim_end().ends_with(':')
            && super::lead_in_kind(doc.line(k)).is_none()
        {
            list_at = doc.next_non_blank(k + 1);
        }
        // The bullets straight after the lead-in, up to the next line that is not one.
        let Some(first) = list_at.filter(|&k| k < to && doc.lines[k].bullet) else {
            continue;
        };
        let mut end = first;
        while end < to
            && (doc.lines[end].is_blank() || doc.lines[end].bullet || doc.lines[end].indent > 0)
        {
            end += 1;
        }
        for item in doc.bullets(first, end) {
            let span = doc.span(item.text.clone());
            if out.findings.iter().any(|f| f.span().contains(span)) {
                continue;
            }
            if let Some(index) = finding_from_item(doc, &item, kind, ctx, out) {
                match kind {
                    FindingKind::CauseOfConcern => cause_of_concern = Some(index),
                    FindingKind::Recommendation => out.findings[index].parent = cause_of_concern,
                    FindingKind::AreaForImprovement => {}
                }
            }
        }
    }
}

/// Reads "Areas for improvement", "Cause of concern", "Recommendations" and last year's
/// areas for improvement in lines `from..to`, in the given context.
pub(super) fn read_sections(
    doc: &Layout<'_>,
    from: usize,
    to: usize,
    ctx: FindingContext,
    out: &mut Extraction,
) {
    let headings: Vec<(usize, SectionHeading)> = (from..to)
        .filter(|&i| !doc.lines[i].bullet)
        .filter_map(|i| section_heading(doc.line(i)).map(|h| (i, h)))
        .collect();
    let mut cause_of_concern: Option<usize> = None;
    for (k, (line, heading)) in headings.iter().enumerate() {
        let end = headings.get(k + 1).map_or(to, |h| h.0);
        let start = line + 1;
        match heading {
            SectionHeading::Findings(FindingKind::CauseOfConcern) => {
                let paragraphs = doc.paragraphs(start, end);
                let (Some(first), Some(last)) = (paragraphs.first(), paragraphs.last()) else {
                    continue;
                };
                if let Some(f) = finding_from_range(
                    doc,
                    first.start..last.end,
                    FindingKind::CauseOfConcern,
                    ctx,
                    out,
                ) {
                    out.findings.push(f);
                    cause_of_concern = Some(out.findings.len() - 1);
                }
            }
            SectionHeading::Findings(kind) => {
                // The heading's list, not the bullets of later paragraphs before the next
                // heading ("There are plans … They include:").
                let items = doc.bullets(start, doc.list_end(start, end));
                let mut count = 0;
                // Rows of a tracker ("1", "Completed", "HMIC recommends that …") are read
                // one by one, by their formula, after the sections.
                let formulas = (start..end)
                    .filter(|&i| super::states_recommendation(doc.line(i)))
                    .count();
                if items.is_empty() && formulas > 0 {
                    count = formulas;
                } else if items.is_empty() {
                    // Findings written as paragraphs rather than bullets.
                    for p in doc.paragraphs(start, end) {
                        if is_none_stated(&doc.text[p.clone()]) {
                            continue;
                        }
                        if let Some(f) = finding_from_range(doc, p, *kind, ctx, out) {
                            out.findings.push(f);
                            count += 1;
                        }
                    }
                } else {
                    for item in &items {
                        if let Some(index) = finding_from_item(doc, item, *kind, ctx, out) {
                            count += 1;
                            if *kind == FindingKind::Recommendation {
                                out.findings[index].parent = cause_of_concern;
                            }
                        }
                    }
                }
                let stated_none = count == 0
                    && doc
                        .non_blank(start, end)
                        .any(|i| is_none_stated(doc.line(i)));
                out.finding_lists.push(FindingList {
                    force: ctx.force,
                    cycle: ctx.cycle,
                    pillar: ctx.subject.and_then(|s| s.pillar()),
                    kind: *kind,
                    stated_none,
                    span: doc.span(
                        doc.lines[*line].content.start
                            ..doc.lines[end.saturating_sub(1).max(*line)]
                                .full
                                .end
                                .max(doc.lines[*line].content.end),
                    ),
                });
            }
            SectionHeading::EarlierFindings => read_earlier_findings(doc, start, end, ctx, out),
        }
    }
    read_lead_in_lists(doc, from, to, ctx, out);
}

/// "None", "None stated", "There are no areas for improvement".
pub(super) fn is_none_stated(line: &str) -> bool {
    let lower = line.trim().trim_end_matches('.').to_lowercase();
    lower == "none"
        || lower == "none stated"
        || lower == "none identified"
        || lower.starts_with("there are no ")
        || lower == "n/a"
}

/// Last year's areas for improvement re-listed with a progress note after each: findings of
/// the previous cycle, with the progress the report states, not new findings.
fn read_earlier_findings(
    doc: &Layout<'_>,
    from: usize,
    to: usize,
    ctx: FindingContext,
    out: &mut Extraction,
) {
    let Some(previous) = ctx.cycle.previous() else {
        out.warnings.push(format!("earlier areas for improvement listed in {} have no comparable earlier cycle: not recorded", ctx.cycle));
        return;
    };
    let earlier_ctx = FindingContext {
        cycle: previous,
        subject: ctx.subject.and_then(|s| s.pillar()).map(Subject::Pillar),
        ..ctx
    };
    let bullet_lines: Vec<usize> = (from..to)
        .filter(|&i| doc.lines[i].bullet && doc.lines[i].indent <= 2)
        .collect();
    for (k, &line) in bullet_lines.iter().enumerate() {
        let next = bullet_lines.get(k + 1).copied().unwrap_or(to);
        let items = doc.bullets(line, line + 1);
        let Some(item) = items.first() else { continue };
        let progress: Vec<String> = doc
            .paragraphs(line + 1, next)
            .iter()
            .map(|p| normalise(&doc.text[p.clone()]))
            .collect();
        if let Some(index) =
            finding_from_item(doc, item, FindingKind::AreaForImprovement, earlier_ctx, out)
        {
            out.findings[index].earlier_progress =
                (!progress.is_empty()).then(|| progress.join("\n\n"));
        }
    }
}
