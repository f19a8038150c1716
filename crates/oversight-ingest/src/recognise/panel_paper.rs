//! Police and Crime Panel papers: stored with their structure, each heading and the list
//! items under it, for the scrutiny review model to build on.

use std::sync::LazyLock;

use oversight_domain::DocumentKind;
use oversight_domain::review::{Milestone, MonthRange, ReviewStatus, resolve_years};
use regex::Regex;

use super::{Recogniser, normalise};
use crate::layout::Layout;
use crate::{CitedFigure, Extraction, ReviewDraft, Section};

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
        out.review = review(doc, &out.sections, out.title.as_deref());
    }
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

/// The lines of every heading, in order.
fn heading_lines(doc: &Layout<'_>) -> Vec<usize> {
    (0..doc.lines.len())
        .filter(|&i| is_heading(doc, i))
        .collect()
}

/// The paragraphs under the first heading `wanted` matches, as one text.
fn section_text(doc: &Layout<'_>, wanted: impl Fn(&str) -> bool) -> String {
    let headings = heading_lines(doc);
    let Some(k) = headings
        .iter()
        .position(|&i| wanted(&doc.line(i).to_lowercase()))
    else {
        return String::new();
    };
    let end = headings.get(k + 1).copied().unwrap_or(doc.lines.len());
    doc.paragraphs(headings[k] + 1, end)
        .into_iter()
        .map(|r| normalise(&doc.text[r]))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A scrutiny review: found when the paper has findings headings or next steps.
fn review(doc: &Layout<'_>, sections: &[Section], title: Option<&str>) -> Option<ReviewDraft> {
    let lower = |s: &Section| s.heading.to_lowercase();
    let findings_list = sections
        .iter()
        .find(|s| lower(s) == "findings" || lower(s).starts_with("findings"));
    let findings: Vec<(String, Vec<String>)> = findings_list
        .map(|list| {
            list.items
                .iter()
                .map(|(heading, _)| {
                    let points = sections
                        .iter()
                        .find(|s| s.heading.eq_ignore_ascii_case(heading))
                        .map(|s| s.items.iter().map(|(t, _)| t.clone()).collect())
                        .unwrap_or_default();
                    (heading.clone(), points)
                })
                .collect()
        })
        .unwrap_or_default();
    let next_steps = sections.iter().find(|s| {
        let h = lower(s);
        h.contains("next steps") || h.contains("timetable") || h.contains("timeline")
    });
    if findings.is_empty() && next_steps.is_none() {
        return None;
    }
    let scope = section_text(doc, |h| h.starts_with("scope"));
    let methodology = section_text(doc, |h| h.starts_with("methodology"));
    static PRIORITY: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r#"['‘“"]([^'’”"]{10,120})['’”"]\s+as\s+(?:one\s+of|a\s+key|the\s+key|its)[^.]{0,40}(?:pillar|priorit)"#,
        )
    });
    static PLAN: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)police and crime plan in ([a-z]+) (\d{4})(?:[^.]*?\bto (\d{4}))?")
    });
    static NAMED_PRIORITY: LazyLock<Regex> =
        LazyLock::new(|| re(r#"(?i)\bpriority,?\s+['‘“"]([^'’”"]{5,120})['’”"]"#));
    static PLAN_YEARS: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)police and crime plan for (\d{4}) to (\d{4})"));
    let plan_priority = PRIORITY
        .captures(doc.text)
        .or_else(|| NAMED_PRIORITY.captures(doc.text))
        .map(|c| normalise(&c[1]))
        .or_else(|| findings.first().map(|(h, _)| h.clone()));
    let (plan_starts, plan_ends) = match (PLAN.captures(doc.text), PLAN_YEARS.captures(doc.text)) {
        (Some(c), _) => (
            oversight_domain::review::month_named(&c[1])
                .map(|m| format!("{}-{:02}", &c[2], m as u8)),
            c.get(3).map(|m| m.as_str().to_owned()),
        ),
        (None, Some(c)) => (Some(c[1].to_owned()), Some(c[2].to_owned())),
        (None, None) => (None, None),
    };
    let milestones = next_steps.map(|s| milestones(doc, s)).unwrap_or_default();
    let status =
        if doc.lower.contains("evidence received") || doc.lower.contains("provide evidence") {
            ReviewStatus::EvidenceGathering
        } else {
            ReviewStatus::Scoping
        };
    Some(ReviewDraft {
        title: title
            .map(normalise)
            .unwrap_or_else(|| "Scrutiny review".to_owned()),
        plan_priority,
        plan_starts,
        plan_ends,
        scope,
        methodology,
        status,
        findings,
        milestones,
        figures: figures(doc),
    })
}

/// "June-July: …" items become milestones; a response due "to the January 2020 meeting"
/// inside one becomes a milestone of its own. Months without a year take it from the others,
/// or from the latest year the paper mentions.
fn milestones(doc: &Layout<'_>, next_steps: &Section) -> Vec<Milestone> {
    static RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)response\b[^.]*?\b(january|february|march|april|may|june|july|august|september|october|november|december) (\d{4}) (?:meeting|panel)",
        )
    });
    static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\b(19|20)\d\d\b"));
    let mut pending: Vec<(MonthRange, String)> = Vec::new();
    for (item, _) in &next_steps.items {
        let Some((when, what)) = item.split_once(':') else {
            continue;
        };
        let Some(range) = MonthRange::parse(when) else {
            continue;
        };
        pending.push((range, normalise(what)));
        if let Some(c) = RESPONSE.captures(what)
            && let Some(range) = MonthRange::parse(&format!("{} {}", &c[1], &c[2]))
        {
            pending.push((
                range,
                format!(
                    "Response from the Commissioner due at the {} {} Panel meeting",
                    &c[1], &c[2]
                ),
            ));
        }
    }
    let context_year = YEAR
        .find_iter(doc.text)
        .filter_map(|m| m.as_str().parse::<i32>().ok())
        .max()
        .unwrap_or(2000);
    let ranges: Vec<MonthRange> = pending.iter().map(|(r, _)| *r).collect();
    resolve_years(&ranges, context_year)
        .into_iter()
        .zip(pending)
        .filter_map(|(dates, (_, label))| {
            let (starts_on, ends_on) = dates?;
            Some(Milestone {
                label,
                starts_on,
                ends_on,
            })
        })
        .collect()
}

/// Percentages the paper cites, each with its sentence; a percentage marked `*` takes its
/// base from the footnote that starts with `*` ("1,551 members responded").
fn figures(doc: &Layout<'_>) -> Vec<CitedFigure> {
    static PERCENT: LazyLock<Regex> = LazyLock::new(|| re(r"(\d{1,3}(?:\.\d+)?)\s?%(\*+)?"));
    static COUNT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+(?:members|respondents|people|residents|officers|responses)\b",
        )
    });
    let footnote = |marker: &str| {
        doc.lines
            .iter()
            .map(|l| &doc.text[l.content.clone()])
            .find(|t| t.starts_with(marker) && !t.starts_with(&format!("{marker}*")))
    };
    let mut out = Vec::new();
    for i in 0..doc.lines.len() {
        let line = doc.line(i);
        for c in PERCENT.captures_iter(line) {
            let Ok(value) = c[1].parse::<f64>() else {
                continue;
            };
            let base = c
                .get(2)
                .and_then(|m| footnote(m.as_str()))
                .and_then(|note| {
                    COUNT
                        .captures(note)
                        .and_then(|n| n[1].replace(',', "").parse::<u64>().ok())
                });
            let whole = c.get(0).map_or(0..0, |m| m.range());
            out.push(CitedFigure {
                value,
                unit: "percent",
                base,
                description: sentence_around(line, whole.start),
            });
        }
    }
    out
}

/// The sentence of `line` around byte `at`, without a leading footnote marker.
fn sentence_around(line: &str, at: usize) -> String {
    let start = line[..at].rfind(". ").map_or(0, |p| p + 2);
    let end = line[at..].find(". ").map_or(line.len(), |p| at + p + 1);
    normalise(line[start..end].trim_start_matches(['*', ' ']))
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
