//! Letters from the inspectorate (revisits, causes of concern): recommendations whose
//! deadlines open the sentence ("Within three months, the force should …") or say
//! "immediately", as well as the usual finding sections.

use oversight_domain::{DocumentKind, FindingKind};

use super::findings::read_sections;
use super::{FindingContext, Recogniser, finding_from_range, header, section_heading};
use crate::Extraction;
use crate::layout::Layout;
use crate::phrases;

/// A letter from HM Inspector to a chief constable or PCC.
#[derive(Debug)]
pub struct InspectorateLetter;

impl Recogniser for InspectorateLetter {
    fn name(&self) -> &'static str {
        "inspectorate-letter"
    }
    fn kind(&self) -> DocumentKind {
        DocumentKind::InspectorateLetter
    }
    fn score(&self, doc: &Layout<'_>) -> u32 {
        let salutation = doc
            .non_blank(0, doc.lines.len())
            .take(30)
            .any(|i| doc.line(i).starts_with("Dear "));
        let lower = &doc.lower;
        let from_inspectorate = [
            "hm inspector",
            "hmicfrs",
            "hmic",
            "inspectorate",
            "majesty’s inspector",
            "majesty's inspector",
            "inspector of constabulary",
        ]
        .iter()
        .any(|s| lower.contains(s));
        // A letter published as a web page: "Letter information", "From", "To", "Sent on".
        let web_form = doc.non_blank(0, doc.lines.len()).take(40).any(|i| {
            let line = doc.line(i).trim().trim_end_matches(':');
            line.eq_ignore_ascii_case("letter information") || line.eq_ignore_ascii_case("sent on")
        });
        if (salutation || web_form) && from_inspectorate {
            85
        } else {
            0
        }
    }
    fn extract(&self, doc: &Layout<'_>, out: &mut Extraction) {
        let head = header(doc, 15);
        out.force = head.force;
        out.title = head.title_line.map(|i| doc.line(i).to_owned());
        // A web letter's date is the line after "Sent on", below the From, To and Cc blocks.
        let sent_on = doc.non_blank(0, doc.lines.len()).take(40).find_map(|i| {
            let label = doc.line(i).trim().trim_end_matches(':');
            if !label.eq_ignore_ascii_case("sent on") {
                return None;
            }
            doc.next_non_blank(i + 1)
                .and_then(|k| phrases::parse_long_date(doc.line(k)))
        });
        out.published_on = sent_on
            .or_else(|| {
                doc.non_blank(0, doc.lines.len())
                    .take(12)
                    .find_map(|i| phrases::parse_long_date(doc.line(i)))
            })
            .or_else(|| phrases::publication_date(doc.text).map(|(d, _)| d));
        // The cycle of the inspection the letter follows up: named ("our 2023–25 PEEL
        // inspection"), or dated ("In January 2022, we inspected …"); else that of its date.
        let named = phrases::latest_cycle_named(doc.text);
        let cycle = named.or(head.cycle).or_else(|| {
            let inferred = out.published_on.and_then(phrases::cycle_published_on);
            if inferred.is_some() {
                out.warnings.push("the letter names no PEEL cycle: its findings are filed under the cycle of its date".to_owned());
            }
            inferred
        });
        out.cycle = cycle;
        let (Some(force), Some(cycle)) = (head.force, cycle) else {
            out.warnings.push(
                "the letter names no force or has no date or cycle: no findings read".to_owned(),
            );
            return;
        };
        let ctx = FindingContext {
            force,
            cycle,
            subject: None,
        };
        let first_section = (0..doc.lines.len())
            .find(|&i| !doc.lines[i].bullet && section_heading(doc.line(i)).is_some());
        let prose_end = first_section.unwrap_or(doc.lines.len());
        // Sentences that ask something of the force by a deadline ("Within three months, …",
        // "… should immediately …").
        for p in doc.paragraphs(0, prose_end) {
            for s in phrases::sentences(&doc.text[p.clone()]) {
                let range = p.start + s.start..p.start + s.end;
                let sentence = &doc.text[range.clone()];
                let lower = sentence.to_lowercase();
                let has_deadline = !phrases::deadlines(sentence).is_empty();
                let asks = lower.contains(" should ") || lower.contains(" must ");
                if has_deadline
                    && asks
                    && let Some(f) =
                        finding_from_range(doc, range, FindingKind::Recommendation, ctx, out)
                {
                    out.findings.push(f);
                }
            }
        }
        read_quoted_causes(doc, prose_end, ctx, out);
        super::findings::read_lead_in_lists(doc, 0, prose_end, ctx, out);
        read_sections(doc, prose_end, doc.lines.len(), ctx, out);
    }
}

/// A revisit letter quotes each cause of concern it reported under a short lead-in: "Our
/// inspection found:" and the quoted paragraph after it. Read only in a letter that speaks
/// of causes of concern.
fn read_quoted_causes(doc: &Layout<'_>, to: usize, ctx: FindingContext, out: &mut Extraction) {
    if !doc.lower.contains("cause of concern") && !doc.lower.contains("causes of concern") {
        return;
    }
    for i in 0..to {
        let line = doc.line(i).trim();
        let lower = line.to_lowercase();
        if line.len() > 60 || !(lower.ends_with(" found:") || lower == "we found:") {
            continue;
        }
        let Some(k) = doc.next_non_blank(i + 1).filter(|&k| k < to) else {
            continue;
        };
        let quoted = doc.line(k).trim_start().starts_with(['“', '"', '‘', '\'']);
        if !quoted || doc.lines[k].bullet {
            continue;
        }
        let Some(paragraph) = doc.paragraphs(k, to).into_iter().next() else {
            continue;
        };
        if let Some(f) = finding_from_range(doc, paragraph, FindingKind::CauseOfConcern, ctx, out) {
            out.findings.push(f);
        }
    }
}
