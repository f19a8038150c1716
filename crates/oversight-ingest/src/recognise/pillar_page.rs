//! Inspection reports: PEEL pillar pages (2014–2019) in both renderings, integrated
//! reports with several pillars, and the 2021+ reports that grade named areas.
//!
//! Labelled rendering: grade labels on lines of their own, bare question numbers.
//! Prose rendering: no labels; grades only inside sentences ("… is good at …").
//! Area reports: an area's name on a line, its grade label under it.

use std::ops::Range;

use oversight_domain::{Cycle, DocumentKind, Grade, GradeScale, Judgment, Pillar, Span, Subject};

use super::findings::read_sections;
use super::{
    FindingContext, Recogniser, bare_number, header, is_question_line, normalise, pillar_heading,
    section_heading,
};
use crate::Extraction;
use crate::layout::Layout;
use crate::phrases::{self, grade_label, grades_stated, is_absent_grade_label};

/// A pillar page with grade labels on their own lines.
#[derive(Debug)]
pub struct LabelledPillarPage;

/// A pillar page whose grades appear only inside sentences.
#[derive(Debug)]
pub struct ProsePillarPage;

/// A 2021+ report grading named areas on the five-point scale.
#[derive(Debug)]
pub struct AreaReport;

fn questions_for(line: &str) -> Option<Pillar> {
    let lower = line.trim().to_lowercase();
    let rest = lower.strip_prefix("questions for ")?;
    pillar_heading(rest)
}

fn label_lines(doc: &Layout<'_>) -> usize {
    (0..doc.lines.len())
        .filter(|&i| !doc.lines[i].bullet && grade_label(doc.line(i)).is_some())
        .count()
}

fn four_point_cycle(doc: &Layout<'_>) -> Option<Cycle> {
    header(doc, 10)
        .cycle
        .filter(|c| c.framework().scale == GradeScale::FourPoint)
}

impl Recogniser for LabelledPillarPage {
    fn name(&self) -> &'static str {
        "peel-pillar-page/labelled"
    }
    fn kind(&self) -> DocumentKind {
        DocumentKind::InspectionReport
    }
    fn score(&self, doc: &Layout<'_>) -> u32 {
        if four_point_cycle(doc).is_none() || label_lines(doc) == 0 {
            return 0;
        }
        let has_questions_for = (0..doc.lines.len()).any(|i| questions_for(doc.line(i)).is_some());
        let numbered = (0..doc.lines.len().saturating_sub(1)).any(|i| {
            bare_number(doc.line(i)).is_some()
                && doc
                    .next_non_blank(i + 1)
                    .is_some_and(|j| is_question_line(doc.line(j)))
        });
        // An integrated report: pillar headings, each with its grade label under it.
        let graded_pillars = (0..doc.lines.len()).any(|i| {
            pillar_heading(doc.line(i)).is_some()
                && doc
                    .non_blank(i + 1, doc.lines.len())
                    .take(3)
                    .any(|j| grade_label(doc.line(j)).is_some())
        });
        match (has_questions_for, numbered, graded_pillars) {
            (true, _, _) => 100,
            (false, true, _) | (false, false, true) => 85,
            _ => 0,
        }
    }
    fn extract(&self, doc: &Layout<'_>, out: &mut Extraction) {
        extract_pillar_pages(doc, out, Rendering::Labelled);
    }
}

impl Recogniser for ProsePillarPage {
    fn name(&self) -> &'static str {
        "peel-pillar-page/prose"
    }
    fn kind(&self) -> DocumentKind {
        DocumentKind::InspectionReport
    }
    fn score(&self, doc: &Layout<'_>) -> u32 {
        if four_point_cycle(doc).is_none() || label_lines(doc) > 0 {
            return 0;
        }
        let questions = (0..doc.lines.len())
            .filter(|&i| is_question_line(doc.line(i)))
            .count();
        let graded = phrases::sentences(doc.text)
            .into_iter()
            .any(|s| !grades_stated(&doc.text[s]).is_empty());
        let pillar = find_pillar(doc, 0, doc.lines.len()).is_some();
        if questions >= 2 && graded && pillar {
            75
        } else {
            0
        }
    }
    fn extract(&self, doc: &Layout<'_>, out: &mut Extraction) {
        extract_pillar_pages(doc, out, Rendering::Prose);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rendering {
    Labelled,
    Prose,
}

/// The pillar a page or segment is about: a heading line, "Questions for …", or the
/// adjective in its title question.
fn find_pillar(doc: &Layout<'_>, from: usize, to: usize) -> Option<Pillar> {
    let lines: Vec<usize> = doc.non_blank(from, to).collect();
    lines
        .iter()
        .take(12)
        .find_map(|&i| pillar_heading(doc.line(i)))
        .or_else(|| lines.iter().find_map(|&i| questions_for(doc.line(i))))
        .or_else(|| {
            lines
                .iter()
                .take(12)
                .filter(|&&i| is_question_line(doc.line(i)))
                .find_map(|&i| {
                    phrases::pillar_mentions(doc.line(i))
                        .first()
                        .map(|(p, _)| *p)
                })
        })
}

/// Splits an integrated report into one segment per pillar heading that has a grade under
/// it; a single pillar page is one segment.
fn pillar_segments(doc: &Layout<'_>, rendering: Rendering) -> Vec<(Pillar, usize, usize)> {
    let mut starts: Vec<(Pillar, usize)> = Vec::new();
    for i in 0..doc.lines.len() {
        if doc.lines[i].bullet {
            continue;
        }
        let Some(pillar) = pillar_heading(doc.line(i)) else {
            continue;
        };
        let graded_soon = doc
            .non_blank(i + 1, doc.lines.len())
            .take(4)
            .any(|j| grade_label(doc.line(j)).is_some() || is_absent_grade_label(doc.line(j)));
        if (graded_soon || rendering == Rendering::Prose)
            && !starts.iter().any(|(p, _)| *p == pillar)
        {
            starts.push((pillar, i));
        }
    }
    if starts.len() <= 1 {
        return find_pillar(doc, 0, doc.lines.len())
            .map(|p| vec![(p, 0, doc.lines.len())])
            .unwrap_or_default();
    }
    let mut segments = Vec::new();
    for (k, (pillar, start)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(doc.lines.len(), |(_, s)| *s);
        segments.push((*pillar, *start, end));
    }
    segments
}

fn extract_pillar_pages(doc: &Layout<'_>, out: &mut Extraction, rendering: Rendering) {
    let head = header(doc, 10);
    out.force = head.force;
    out.cycle = head.cycle;
    out.title = head.title_line.map(|i| doc.line(i).to_owned());
    out.published_on = phrases::publication_date(doc.text).map(|(d, _)| d);
    let (Some(force), Some(cycle)) = (head.force, head.cycle) else {
        out.warnings.push(
            "the report names no force or no PEEL cycle in its opening: no records read".to_owned(),
        );
        return;
    };
    let segments = pillar_segments(doc, rendering);
    if segments.is_empty() {
        out.warnings
            .push("the report names no pillar: no records read".to_owned());
    }
    for (pillar, from, to) in segments {
        let page = Page {
            doc,
            force,
            cycle,
            pillar,
            rendering,
        };
        page.extract(from, to, out);
    }
}

struct Page<'d, 't> {
    doc: &'d Layout<'t>,
    force: oversight_domain::Force,
    cycle: Cycle,
    pillar: Pillar,
    rendering: Rendering,
}

impl Page<'_, '_> {
    fn extract(&self, from: usize, to: usize, out: &mut Extraction) {
        let doc = self.doc;
        let blocks = self.question_blocks(from, to);
        let overview_end = blocks.first().map_or(to, |b| b.heading_line);
        // The overview: the pillar grade, its summary and last year's grade.
        let grade_line = match self.rendering {
            Rendering::Labelled => doc.non_blank(from, overview_end).find(|&i| {
                !doc.lines[i].bullet
                    && (grade_label(doc.line(i)).is_some() || is_absent_grade_label(doc.line(i)))
            }),
            Rendering::Prose => None,
        };
        let body_start = grade_line.map_or(from, |i| i + 1);
        let body_end = self
            .first_section(body_start, overview_end)
            .unwrap_or(overview_end);
        let paragraphs = doc.paragraphs(body_start, body_end);
        let summary = paragraphs
            .iter()
            .map(|p| normalise(&doc.text[p.clone()]))
            .collect::<Vec<_>>()
            .join("\n\n");
        let pillar_grade = match grade_line {
            Some(i) => grade_label(doc.line(i)).map(|g| (g, doc.lines[i].content.clone())),
            None => self.prose_grade(&paragraphs, true),
        };
        if let Some(i) = grade_line.filter(|&i| grade_label(doc.line(i)).is_none()) {
            out.warnings.push(format!(
                "{} says {:?}: no grade recorded for it",
                self.pillar,
                doc.line(i)
            ));
        }
        if let Some((grade, range)) = pillar_grade {
            let overview = doc
                .text
                .get(
                    range.start
                        ..doc
                            .lines
                            .get(body_end.saturating_sub(1))
                            .map_or(range.end, |l| l.full.end.max(range.end)),
                )
                .unwrap_or("");
            let previous = phrases::previous_grade(overview)
                .and_then(|(p, _)| p.resolve(grade, self.cycle.framework().scale));
            self.push_judgment(
                Subject::Pillar(self.pillar),
                grade,
                doc.span(range),
                previous,
                summary,
                out,
            );
        } else if grade_line.is_none() {
            out.warnings.push(format!(
                "no grade found for {} in {}",
                self.pillar, self.cycle
            ));
        }
        if self.rendering == Rendering::Prose {
            self.clause_grades(&paragraphs, out);
        }
        self.sections(
            body_end,
            overview_end,
            Some(Subject::Pillar(self.pillar)),
            out,
        );
        for block in &blocks {
            self.extract_block(block, out);
        }
    }

    /// Question blocks: bare-number headings (labelled) or question lines (prose).
    fn question_blocks(&self, from: usize, to: usize) -> Vec<Block> {
        let doc = self.doc;
        let mut heads: Vec<(usize, Option<u8>, usize)> = Vec::new(); // (heading line, number, question line)
        let start = (from..to)
            .find(|&i| questions_for(doc.line(i)).is_some())
            .unwrap_or(from);
        let mut seen_title_question = false;
        for i in start..to {
            let line = doc.line(i);
            if let Some(n) = bare_number(line)
                && let Some(q) = doc
                    .next_non_blank(i + 1)
                    .filter(|&q| q < to && is_question_line(doc.line(q)))
            {
                heads.push((i, Some(n), q));
                continue;
            }
            if self.rendering == Rendering::Prose
                && is_question_line(line)
                && !heads.iter().any(|h| h.2 == i)
            {
                // The first question of a prose page is the pillar's own title question.
                let title_like = !seen_title_question && i < start + 12 && start == from;
                seen_title_question = true;
                if !title_like {
                    heads.push((i, None, i));
                }
            }
        }
        let mut blocks = Vec::new();
        for (k, (heading_line, number, question_line)) in heads.iter().enumerate() {
            let end = heads.get(k + 1).map_or(to, |h| h.0);
            let number = number.or_else(|| {
                self.cycle
                    .framework()
                    .match_question(self.pillar, doc.line(*question_line))
                    .map(|q| q.number)
            });
            let number = number.unwrap_or(u8::try_from(k + 1).unwrap_or(u8::MAX));
            blocks.push(Block {
                heading_line: *heading_line,
                question_line: *question_line,
                number,
                end,
            });
        }
        blocks
    }

    fn extract_block(&self, block: &Block, out: &mut Extraction) {
        let doc = self.doc;
        let subject = Subject::Question {
            pillar: self.pillar,
            number: block.number,
        };
        let after_question = block.question_line + 1;
        let grade_line = match self.rendering {
            Rendering::Labelled => doc.next_non_blank(after_question).filter(|&i| {
                i < block.end
                    && (grade_label(doc.line(i)).is_some() || is_absent_grade_label(doc.line(i)))
            }),
            Rendering::Prose => None,
        };
        let body_start = grade_line.map_or(after_question, |i| i + 1);
        let body_end = self
            .first_section(body_start, block.end)
            .unwrap_or(block.end);
        let paragraphs = doc.paragraphs(body_start, body_end);
        let summary = paragraphs
            .iter()
            .map(|p| normalise(&doc.text[p.clone()]))
            .collect::<Vec<_>>()
            .join("\n\n");
        let grade = match grade_line {
            Some(i) => grade_label(doc.line(i)).map(|g| (g, doc.lines[i].content.clone())),
            None => self.prose_grade(&paragraphs, false),
        };
        match grade {
            Some((grade, range)) => {
                self.push_judgment(subject, grade, doc.span(range), None, summary, out)
            }
            None => {
                if let Some(i) = grade_line {
                    out.warnings.push(format!(
                        "{} question {} says {:?}: no grade recorded for it",
                        self.pillar,
                        block.number,
                        doc.line(i)
                    ));
                }
            }
        }
        self.sections(body_end, block.end, Some(subject), out);
    }

    /// The first grade stated in the paragraphs' sentences; for a pillar, only a sentence
    /// that speaks of the pillar or of the force overall.
    fn prose_grade(
        &self,
        paragraphs: &[Range<usize>],
        pillar_level: bool,
    ) -> Option<(Grade, Range<usize>)> {
        let doc = self.doc;
        for p in paragraphs {
            for s in phrases::sentences(&doc.text[p.clone()]) {
                let range = p.start + s.start..p.start + s.end;
                let sentence = &doc.text[range.clone()];
                let statements = grades_stated(sentence);
                let Some(first) = statements.first() else {
                    continue;
                };
                if pillar_level {
                    let lower = sentence.to_lowercase();
                    let about_pillar = phrases::pillar_mentions(sentence)
                        .iter()
                        .any(|(p, _)| *p == self.pillar)
                        || lower.contains("overall");
                    if !about_pillar || statements.len() > 1 && lower.contains(';') {
                        continue;
                    }
                }
                return Some((first.grade, range));
            }
        }
        None
    }

    /// "Its understanding of demand is judged to be good; its use of resources …": grades
    /// for questions, stated clause by clause in the overview.
    fn clause_grades(&self, paragraphs: &[Range<usize>], out: &mut Extraction) {
        let doc = self.doc;
        let framework = self.cycle.framework();
        for p in paragraphs {
            for s in phrases::sentences(&doc.text[p.clone()]) {
                let base = p.start + s.start;
                let sentence = &doc.text[base..p.start + s.end];
                let statements = grades_stated(sentence);
                if statements.len() < 2 {
                    continue;
                }
                let mut clause_start = 0;
                for statement in statements {
                    let clause_end = sentence[statement.at.end..]
                        .find(';')
                        .map_or(sentence.len(), |k| statement.at.end + k);
                    let clause_begin = sentence[..statement.at.start]
                        .rfind(';')
                        .map_or(clause_start, |k| k + 1);
                    let clause = &sentence[clause_begin..statement.at.start];
                    clause_start = clause_end;
                    let Some(question) = framework.match_question(self.pillar, clause) else {
                        continue;
                    };
                    let subject = Subject::Question {
                        pillar: self.pillar,
                        number: question.number,
                    };
                    let range = base + clause_begin..base + clause_end;
                    self.push_judgment(
                        subject,
                        statement.grade,
                        doc.span(trim_range(doc.text, range)),
                        None,
                        String::new(),
                        out,
                    );
                }
            }
        }
    }

    fn first_section(&self, from: usize, to: usize) -> Option<usize> {
        (from..to)
            .find(|&i| !self.doc.lines[i].bullet && section_heading(self.doc.line(i)).is_some())
    }

    /// Reads the finding sections in lines `from..to`.
    fn sections(&self, from: usize, to: usize, subject: Option<Subject>, out: &mut Extraction) {
        read_sections(
            self.doc,
            from,
            to,
            FindingContext {
                force: self.force,
                cycle: self.cycle,
                subject,
            },
            out,
        );
    }

    fn push_judgment(
        &self,
        subject: Subject,
        grade: Grade,
        span: Span,
        previous: Option<Grade>,
        summary: String,
        out: &mut Extraction,
    ) {
        if out
            .judgments
            .iter()
            .any(|j| j.subject() == subject && j.cycle() == self.cycle && j.force() == self.force)
        {
            return;
        }
        match Judgment::new(self.force, self.cycle, subject, grade, span) {
            Ok(j) => out
                .judgments
                .push(j.with_stated_previous(previous).with_summary(summary)),
            Err(e) => out.warnings.push(format!(
                "a grade at characters {}..{} was not recorded: {e}",
                span.start(),
                span.end()
            )),
        }
    }
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    range.start + lead..range.start + lead + piece.trim().len()
}

struct Block {
    heading_line: usize,
    question_line: usize,
    number: u8,
    end: usize,
}

impl Recogniser for AreaReport {
    fn name(&self) -> &'static str {
        "peel-area-report"
    }
    fn kind(&self) -> DocumentKind {
        DocumentKind::InspectionReport
    }
    fn score(&self, doc: &Layout<'_>) -> u32 {
        let Some(cycle) = header(doc, 10)
            .cycle
            .filter(|c| c.framework().scale == GradeScale::FivePoint)
        else {
            return 0;
        };
        if area_blocks(doc, cycle).len() >= 2 {
            return 95;
        }
        let prose = phrases::sentences(doc.text).into_iter().filter(|s| {
            let sentence = &doc.text[s.clone()];
            !grades_stated(sentence).is_empty() && cycle.framework().match_area(sentence).is_some()
        });
        if prose.count() >= 2 { 70 } else { 0 }
    }
    fn extract(&self, doc: &Layout<'_>, out: &mut Extraction) {
        let head = header(doc, 10);
        out.force = head.force;
        out.cycle = head.cycle;
        out.title = head.title_line.map(|i| doc.line(i).to_owned());
        out.published_on = phrases::publication_date(doc.text).map(|(d, _)| d);
        let (Some(force), Some(cycle)) = (head.force, head.cycle) else {
            out.warnings.push(
                "the report names no force or no PEEL cycle in its opening: no records read"
                    .to_owned(),
            );
            return;
        };
        let blocks = area_blocks(doc, cycle);
        let push =
            |out: &mut Extraction, subject: Subject, grade: Grade, span: Span, summary: String| {
                if out.judgments.iter().any(|j| j.subject() == subject) {
                    return;
                }
                match Judgment::new(force, cycle, subject, grade, span) {
                    Ok(j) => out.judgments.push(j.with_summary(summary)),
                    Err(e) => out.warnings.push(format!(
                        "a grade at characters {} was not recorded: {e}",
                        span.start()
                    )),
                }
            };
        for (k, (title_line, grade_line, area)) in blocks.iter().enumerate() {
            let end = blocks.get(k + 1).map_or(doc.lines.len(), |b| b.0);
            let subject = Subject::Area(area);
            let body_end = (grade_line + 1..end)
                .find(|&i| !doc.lines[i].bullet && section_heading(doc.line(i)).is_some())
                .unwrap_or(end);
            let summary = doc
                .paragraphs(grade_line + 1, body_end)
                .iter()
                .map(|p| normalise(&doc.text[p.clone()]))
                .collect::<Vec<_>>()
                .join("\n\n");
            match grade_label(doc.line(*grade_line)) {
                Some(grade) => {
                    let range =
                        doc.lines[*title_line].content.start..doc.lines[*grade_line].content.end;
                    push(out, subject, grade, doc.span(range), summary);
                }
                None => out.warnings.push(format!(
                    "{} says {:?}: no grade recorded for it",
                    area.title,
                    doc.line(*grade_line)
                )),
            }
            read_sections(
                doc,
                body_end,
                end,
                FindingContext {
                    force,
                    cycle,
                    subject: Some(subject),
                },
                out,
            );
        }
        // Grades stated in sentences ("is 'outstanding' at preventing crime") for areas with no label.
        let framework = cycle.framework();
        for s in phrases::sentences(doc.text) {
            let sentence = &doc.text[s.clone()];
            for statement in grades_stated(sentence) {
                let clause_start = sentence[..statement.at.start]
                    .rfind([';', ':'])
                    .map_or(0, |k| k + 1);
                let clause_end = sentence[statement.at.end..]
                    .find([';', ','])
                    .map_or(sentence.len(), |k| statement.at.end + k);
                let Some(area) = framework
                    .match_area(&sentence[statement.at.start..clause_end])
                    .or_else(|| framework.match_area(&sentence[clause_start..clause_end]))
                else {
                    continue;
                };
                push(
                    out,
                    Subject::Area(area),
                    statement.grade,
                    doc.span(s.clone()),
                    String::new(),
                );
            }
        }
        if blocks.is_empty() {
            read_sections(
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
}

/// Area headings with a grade label under them: (area line, grade line, area).
fn area_blocks(
    doc: &Layout<'_>,
    cycle: Cycle,
) -> Vec<(usize, usize, &'static oversight_domain::Area)> {
    let framework = cycle.framework();
    let mut blocks: Vec<(usize, usize, &'static oversight_domain::Area)> = Vec::new();
    for i in 0..doc.lines.len() {
        let line = doc.line(i);
        if doc.lines[i].bullet || line.len() > 100 || line.ends_with('.') || line.is_empty() {
            continue;
        }
        let Some(area) = framework.match_area(line) else {
            continue;
        };
        let Some(g) = doc.next_non_blank(i + 1) else {
            continue;
        };
        if (grade_label(doc.line(g)).is_some() || is_absent_grade_label(doc.line(g)))
            && !blocks.iter().any(|b| b.2.code == area.code)
        {
            blocks.push((i, g, area));
        }
    }
    blocks
}
