//! Recogniser tests on fixtures written for Oversight in the real documents' shapes
//! (the forces, numbers and wording are invented; no published text is copied).

mod letter;
mod panel_paper;
mod pcc_response;
mod pillar_page;
mod press_release;
mod properties;

use oversight_domain::{Cycle, DocumentKind, Grade, Pillar};

use crate::{Extraction, ingest};

fn read(text: &str) -> Extraction {
    ingest(text.as_bytes()).expect("a readable document")
}

/// (cycle, pillar, question, area, grade, stated previous) of every judgment.
/// (cycle, pillar, question, area, grade, stated previous grade)
type GradeRow = (
    Cycle,
    Option<Pillar>,
    Option<u8>,
    Option<&'static str>,
    Grade,
    Option<Grade>,
);

fn grades(x: &Extraction) -> Vec<GradeRow> {
    x.judgments
        .iter()
        .map(|j| {
            (
                j.cycle(),
                j.subject().pillar(),
                j.subject().question(),
                j.subject().area().map(|a| a.code),
                j.grade(),
                j.stated_previous(),
            )
        })
        .collect()
}

fn span_text(x: &Extraction, span: oversight_domain::Span) -> String {
    x.text.chars().skip(span.start()).take(span.len()).collect()
}

#[test]
fn unknown_text_is_kept_with_a_warning() {
    let x = read("Minutes of the allotment society.\n\nTea was served.\n");
    assert_eq!(x.kind, DocumentKind::Unrecognised);
    assert!(x.judgments.is_empty() && x.findings.is_empty());
    assert_eq!(x.warnings.len(), 1);
}
