//! The PCC's (OPCC's) published response to an inspection: the grades it reports, each
//! finding it lists under a pillar, and the comment that follows each as a response.

use std::sync::LazyLock;

use oversight_domain::{
    DocumentKind, FindingKind, FindingList, Judgment, Pillar, Responder, Response, Subject,
};

use super::{FindingContext, Recogniser, finding_from_item, header, normalise};
use crate::Extraction;
use crate::layout::Layout;
use crate::phrases;
use crate::recognise::findings::is_none_stated;
use regex::Regex;

/// A PCC response in the shape OPCCs publish (seed 000).
#[derive(Debug)]
pub struct PccResponse;

/// "Effectiveness: areas for improvement", "Legitimacy – recommendations".
fn pillar_section(line: &str) -> Option<(Pillar, FindingKind)> {
    if line.len() > 120 || !line.contains([':', '–', '-']) {
        return None;
    }
    let lower = normalise(line).to_lowercase();
    if lower.len() > 80 {
        return None;
    }
    let (head, rest) = lower.split_once([':', '–', '-'])?;
    let pillar = super::pillar_heading(head)?;
    let rest = rest.trim();
    let kind = if rest.starts_with("area") {
        FindingKind::AreaForImprovement
    } else if rest.starts_with("cause") {
        FindingKind::CauseOfConcern
    } else if rest.starts_with("recommendation") {
        FindingKind::Recommendation
    } else {
        return None;
    };
    Some((pillar, kind))
}

/// "OPCC comment:", "PCC response:", "Force comment:", "Chief Constable's comment:".
fn comment_label(line: &str) -> Option<(Responder, usize)> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::unwrap_used)] // A constant pattern, exercised by the tests.
        Regex::new(r"(?i)^(opcc|pcc|police and crime commissioner|commissioner|force|chief constable)(?:'s|’s)?\s+(?:comments?|response)\s*:").unwrap()
    });
    let c = LABEL.captures(line)?;
    let who = c.get(1)?.as_str().to_lowercase();
    let by = if who == "force" || who == "chief constable" {
        Responder::Force
    } else {
        Responder::Opcc
    };
    Some((by, c.get(0)?.end()))
}

impl Recogniser for PccResponse {
    fn name(&self) -> &'static str {
        "pcc-response"
    }
    fn kind(&self) -> DocumentKind {
        DocumentKind::PccResponse
    }
    fn score(&self, doc: &Layout<'_>) -> u32 {
        let lower = &doc.lower;
        let response_from = lower.contains("response from")
            && (lower.contains("commissioner") || lower.contains("opcc"));
        let comments = (0..doc.lines.len())
            .filter(|&i| comment_label(doc.line(i)).is_some())
            .count();
        let sections = (0..doc.lines.len())
            .filter(|&i| pillar_section(doc.line(i)).is_some())
            .count();
        match (response_from, comments, sections) {
            (true, _, s) if s > 0 => 95,
            (_, c, s) if c > 0 && s > 0 => 90,
            (true, _, _) => 60,
            _ => 0,
        }
    }
    fn extract(&self, doc: &Layout<'_>, out: &mut Extraction) {
        let head = header(doc, 25);
        out.force = head.force;
        out.cycle = head.cycle;
        out.title = head.title_line.map(|i| doc.line(i).to_owned());
        let (Some(force), Some(cycle)) = (head.force, head.cycle) else {
            out.warnings
                .push("the response names no force or no PEEL cycle: no records read".to_owned());
            return;
        };
        self.reported_grades(doc, force, cycle, out);
        let sections: Vec<(usize, Pillar, FindingKind)> = (0..doc.lines.len())
            .filter_map(|i| pillar_section(doc.line(i)).map(|(p, k)| (i, p, k)))
            .collect();
        for (k, &(line, pillar, kind)) in sections.iter().enumerate() {
            let end = sections
                .get(k + 1)
                .map_or_else(|| self.section_end(doc, line + 1), |s| s.0);
            let ctx = FindingContext {
                force,
                cycle,
                subject: Some(Subject::Pillar(pillar)),
            };
            let bullet_lines: Vec<usize> = (line + 1..end)
                .filter(|&i| doc.lines[i].bullet && doc.lines[i].indent <= 2)
                .collect();
            let mut count = 0;
            for (b, &bullet) in bullet_lines.iter().enumerate() {
                let next = bullet_lines.get(b + 1).copied().unwrap_or(end);
                let items = doc.bullets(bullet, next);
                let Some(item) = items.first() else { continue };
                let Some(index) = finding_from_item(doc, item, kind, ctx, out) else {
                    continue;
                };
                count += 1;
                // The comments after the finding, up to the next finding, answer it.
                for i in doc.non_blank(bullet + 1, next) {
                    let Some((by, after)) = comment_label(doc.line(i)) else {
                        continue;
                    };
                    let content = doc.lines[i].content.clone();
                    let mut start = content.start + after;
                    start += doc.text[start..content.end].len()
                        - doc.text[start..content.end].trim_start().len();
                    // A comment may run over several paragraphs until the next label or bullet.
                    let mut end_byte = content.end;
                    for j in doc.non_blank(i + 1, next) {
                        if doc.lines[j].bullet || comment_label(doc.line(j)).is_some() {
                            break;
                        }
                        end_byte = doc.lines[j].content.end;
                    }
                    let text = normalise(&doc.text[start..end_byte]);
                    out.responses.push((
                        index,
                        Response {
                            by,
                            text,
                            span: doc.span(start..end_byte),
                        },
                    ));
                }
            }
            let stated_none = count == 0
                && doc
                    .non_blank(line + 1, end)
                    .any(|i| is_none_stated(doc.line(i)));
            if count == 0 && !stated_none {
                out.warnings.push(format!(
                    "{} lists no {} and does not say there are none",
                    pillar,
                    kind.label().to_lowercase()
                ));
            }
            out.finding_lists.push(FindingList {
                force,
                cycle,
                pillar: Some(pillar),
                kind,
                stated_none,
                span: doc.span(
                    doc.lines[line].content.start
                        ..doc.lines[end.saturating_sub(1).max(line)]
                            .full
                            .end
                            .max(doc.lines[line].content.end),
                ),
            });
        }
    }
}

impl PccResponse {
    /// Where the last section ends: at a line that is no part of a finding list (a new
    /// heading such as "Deputy Chief Constable … comments:" that is not a comment label).
    fn section_end(&self, doc: &Layout<'_>, from: usize) -> usize {
        let mut last_bullet_or_comment = from;
        for i in from..doc.lines.len() {
            let line = &doc.lines[i];
            if line.is_blank() {
                continue;
            }
            if line.bullet || comment_label(doc.line(i)).is_some() || is_none_stated(doc.line(i)) {
                last_bullet_or_comment = i;
                continue;
            }
            // A paragraph continuing a comment is part of the section; a short line ending
            // with a colon after the comments starts something else.
            let text = doc.line(i).trim();
            if text.ends_with(':') && i > last_bullet_or_comment {
                return i;
            }
        }
        doc.lines.len()
    }

    /// "'good' across the board for effectiveness, efficiency and legitimacy": each quoted
    /// grade applies to the pillars named after it, up to the next grade.
    fn reported_grades(
        &self,
        doc: &Layout<'_>,
        force: oversight_domain::Force,
        cycle: oversight_domain::Cycle,
        out: &mut Extraction,
    ) {
        for s in phrases::sentences(doc.text) {
            let sentence = &doc.text[s.clone()];
            let grades = phrases::quoted_grades(sentence);
            for (k, (grade, at)) in grades.iter().enumerate() {
                let until = grades.get(k + 1).map_or(sentence.len(), |g| g.1.start);
                let named = &sentence[at.end..until];
                // The pillars must follow closely: "'good' for effectiveness", not a distant mention.
                let pillars = phrases::pillar_mentions(named);
                let Some(first) = pillars.first() else {
                    continue;
                };
                if first.1 > 40 {
                    continue;
                }
                for (pillar, _) in pillars {
                    let subject = Subject::Pillar(pillar);
                    if out.judgments.iter().any(|j| j.subject() == subject) {
                        continue;
                    }
                    match Judgment::new(force, cycle, subject, *grade, doc.span(s.clone())) {
                        Ok(j) => out.judgments.push(j),
                        Err(e) => out
                            .warnings
                            .push(format!("a reported grade was not recorded: {e}")),
                    }
                }
            }
        }
    }
}
