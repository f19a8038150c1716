//! Transcripts of an inspector's spoken assessment: stored as documents; only grades
//! stated with a judging verb ("I have judged the force to be good at …") become judgments.

use oversight_domain::DocumentKind;

use super::press_release::{Strictness, stated_grades};
use super::{Recogniser, header};
use crate::Extraction;
use crate::layout::Layout;
use crate::phrases;

/// A transcript (seed 003).
#[derive(Debug)]
pub struct Transcript;

impl Recogniser for Transcript {
    fn name(&self) -> &'static str {
        "transcript"
    }
    fn kind(&self) -> DocumentKind {
        DocumentKind::Transcript
    }
    fn score(&self, doc: &Layout<'_>) -> u32 {
        let titled = doc
            .non_blank(0, doc.lines.len())
            .take(10)
            .any(|i| doc.line(i).to_lowercase().contains("transcript"));
        if titled { 80 } else { 0 }
    }
    fn extract(&self, doc: &Layout<'_>, out: &mut Extraction) {
        let head = header(doc, 10);
        out.force = head.force;
        out.cycle = head.cycle;
        out.title = doc
            .non_blank(0, doc.lines.len())
            .take(10)
            .find(|&i| doc.line(i).to_lowercase().contains("transcript"))
            .map(|i| doc.line(i).to_owned());
        if let Some(force) = head.force {
            stated_grades(
                doc,
                force,
                head.cycle
                    .or_else(|| phrases::cycle_after_last_report(doc.text)),
                Strictness::Spoken,
                out,
            );
        }
    }
}
