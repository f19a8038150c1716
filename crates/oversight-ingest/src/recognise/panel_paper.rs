//! Police and Crime Panel papers: stored with their structure, each heading and the list
//! items under it, for the scrutiny review model to build on.

use oversight_domain::DocumentKind;

use super::{Recogniser, normalise};
use crate::layout::Layout;
use crate::{Extraction, Section};

/// A Panel scrutiny paper (seed 004).
#[derive(Debug)]
pub struct PanelPaper;

impl Recogniser for PanelPaper {
    fn name(&self) -> &'static str {
        "panel-paper"
    }
    fn kind(&self) -> DocumentKind {
        DocumentKind::PanelPaper
    }
    fn score(&self, doc: &Layout<'_>) -> u32 {
        let lower = &doc.lower;
        let panel =
            lower.contains("police and crime panel") || lower.contains("police & crime panel");
        let scrutiny = ["scrutiny", "task and finish", "panel meeting", "the panel"]
            .iter()
            .any(|s| lower.contains(s));
        if panel && scrutiny { 90 } else { 0 }
    }
    fn extract(&self, doc: &Layout<'_>, out: &mut Extraction) {
        out.force = oversight_domain::force::find_force(doc.text).map(|(f, _)| f);
        out.title = doc.next_non_blank(0).map(|i| doc.line(i).to_owned());
        out.sections = sections(doc);
    }
}

/// A heading: a short line standing alone, not a sentence, not a list item.
fn is_heading(doc: &Layout<'_>, i: usize) -> bool {
    let line = &doc.lines[i];
    let text = doc.line(i);
    let alone_before = i == 0 || doc.lines[i - 1].is_blank();
    let alone_after = doc.lines.get(i + 1).is_none_or(|l| l.is_blank());
    !line.bullet
        && !text.is_empty()
        && text.len() <= 100
        && text.split_whitespace().count() <= 14
        && !text.ends_with(['.', ',', ';', ':', '”', '"'])
        && alone_before
        && alone_after
        && !text.starts_with('*')
}

/// Every heading with the top-level list items under it, in document order.
pub(crate) fn sections(doc: &Layout<'_>) -> Vec<Section> {
    let headings: Vec<usize> = (0..doc.lines.len())
        .filter(|&i| is_heading(doc, i))
        .collect();
    headings
        .iter()
        .enumerate()
        .map(|(k, &line)| {
            let end = headings.get(k + 1).copied().unwrap_or(doc.lines.len());
            let items = doc
                .bullets(line + 1, end)
                .into_iter()
                .map(|item| (normalise(&doc.text[item.text.clone()]), doc.span(item.text)))
                .collect();
            Section {
                heading: normalise(doc.line(line)),
                heading_span: doc.line_span(line),
                items,
            }
        })
        .collect()
}
