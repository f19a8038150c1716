//! Reading records back: plain views (no serialisation here) for the CLI, exports and pages.
//!
//! Several documents may state the same grade (the report, its press release, the PCC's
//! response). Readers see one judgment per force, cycle and subject: the one from the most
//! authoritative kind of document (report, letter, press release, PCC response, transcript),
//! the earliest imported at a tie. Year-on-year change is computed here, never stored.

use std::collections::HashMap;

use oversight_domain::record::year_on_year;
use oversight_domain::{Change, Cycle, Grade};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::import::kind_priority;
use crate::{Doing, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentView {
    pub id: String,
    pub kind: String,
    pub recogniser: String,
    pub format: String,
    pub source: String,
    pub sha256: String,
    pub title: Option<String>,
    pub force: Option<String>,
    pub cycle: Option<String>,
    pub published_on: Option<String>,
    pub text: String,
    pub warnings: Vec<String>,
    pub imported_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgmentView {
    pub id: String,
    pub document: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub question: Option<i64>,
    pub area: Option<String>,
    pub grade: Grade,
    pub stated_previous: Option<Grade>,
    pub previous_grade: Option<Grade>,
    pub change: Option<Change>,
    pub summary: String,
    pub span: (i64, i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubActionView {
    pub text: String,
    pub span: (i64, i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineView {
    pub phrase: String,
    pub due_kind: String,
    pub due_on: Option<String>,
    pub span: (i64, i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressView {
    pub document: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingView {
    pub id: String,
    pub document: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub question: Option<i64>,
    pub area: Option<String>,
    pub kind: String,
    pub text: String,
    pub parent: Option<String>,
    pub immediate: bool,
    pub span: (i64, i64),
    pub sub_actions: Vec<SubActionView>,
    pub deadlines: Vec<DeadlineView>,
    pub progress: Vec<ProgressView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseView {
    pub id: String,
    pub finding: String,
    pub document: String,
    pub by: String,
    pub text: String,
    pub span: (i64, i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingListView {
    pub document: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub kind: String,
    pub stated_none: bool,
    pub span: (i64, i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionView {
    pub document: String,
    pub heading: String,
    pub items: Vec<(String, i64, i64)>,
    pub span: (i64, i64),
}

/// One row of the `inspections` table: a force's pillar (or area) grade in a cycle,
/// with its change and counts of findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionSummary {
    pub force: String,
    pub cycle: String,
    pub subject: String,
    pub grade: Grade,
    pub previous_grade: Option<Grade>,
    pub change: Option<Change>,
    pub areas_for_improvement: usize,
    pub causes_of_concern: usize,
    pub recommendations: usize,
    pub published_on: Option<String>,
}

pub(crate) fn get<T>(row: &AnyRow, column: &'static str) -> Result<T, StoreError>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(column).doing("reading a row")
}

fn grade(value: &str) -> Result<Grade, StoreError> {
    value.parse().map_err(|_| StoreError::Corrupt {
        what: "grade",
        value: value.to_owned(),
    })
}

/// A `documents` row as a view (`text` empty where the query leaves it out).
pub(crate) fn document_row(r: &AnyRow) -> Result<DocumentView, StoreError> {
    let warnings: String = get(r, "warnings")?;
    Ok(DocumentView {
        id: get(r, "id")?,
        kind: get(r, "kind")?,
        recogniser: get(r, "recogniser")?,
        format: get(r, "format")?,
        source: get(r, "source")?,
        sha256: get(r, "sha256")?,
        title: get(r, "title")?,
        force: get(r, "force_slug")?,
        cycle: get(r, "cycle")?,
        published_on: get(r, "published_on")?,
        text: get(r, "text")?,
        warnings: serde_json::from_str(&warnings).map_err(|_| StoreError::Corrupt {
            what: "warnings",
            value: warnings.clone(),
        })?,
        imported_at: get(r, "imported_at")?,
    })
}

/// A `responses` row as a view.
pub(crate) fn response_row(r: &AnyRow) -> Result<ResponseView, StoreError> {
    Ok(ResponseView {
        id: get(r, "id")?,
        finding: get(r, "finding_id")?,
        document: get(r, "document_id")?,
        by: get(r, "responder")?,
        text: get(r, "text")?,
        span: span(r)?,
    })
}

pub(crate) fn span(row: &AnyRow) -> Result<(i64, i64), StoreError> {
    Ok((get(row, "span_start")?, get(row, "span_end")?))
}

impl Store {
    pub async fn documents(&self) -> Result<Vec<DocumentView>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, recogniser, format, source, sha256, title, force_slug, cycle, published_on, text, warnings, imported_at \
             FROM documents ORDER BY sequence",
        )
        .fetch_all(&self.pool)
        .await
        .doing("listing documents")?;
        rows.iter().map(document_row).collect()
    }

    /// One judgment per force, cycle and subject, with previous grade and change computed.
    pub async fn judgments(&self) -> Result<Vec<JudgmentView>, StoreError> {
        let rows = sqlx::query(
            "SELECT j.id, j.document_id, j.force_slug, j.cycle, j.pillar, j.question, j.area, j.grade, j.stated_previous, j.summary, \
             j.span_start, j.span_end, d.kind, d.sequence, d.published_on FROM judgments j JOIN documents d ON d.id = j.document_id ORDER BY d.sequence, j.id",
        )
        .fetch_all(&self.pool)
        .await
        .doing("listing judgments")?;
        // (kind's priority, the document's publication date, import order, position).
        type Candidate = (i64, std::cmp::Reverse<String>, i64, usize, JudgmentView);
        let mut candidates: Vec<Candidate> = Vec::new();
        for (position, r) in rows.iter().enumerate() {
            let kind: String = get(r, "kind")?;
            let stated: Option<String> = get(r, "stated_previous")?;
            let view = JudgmentView {
                id: get(r, "id")?,
                document: get(r, "document_id")?,
                force: get(r, "force_slug")?,
                cycle: get(r, "cycle")?,
                pillar: get(r, "pillar")?,
                question: get(r, "question")?,
                area: get(r, "area")?,
                grade: grade(&get::<String>(r, "grade")?)?,
                stated_previous: stated.as_deref().map(grade).transpose()?,
                previous_grade: None,
                change: None,
                summary: get(r, "summary")?,
                span: span(r)?,
            };
            let published: Option<String> = get(r, "published_on")?;
            candidates.push((
                -kind_priority(&kind),
                std::cmp::Reverse(published.unwrap_or_default()),
                get(r, "sequence")?,
                position,
                view,
            ));
        }
        // Among documents of the same kind the latest published states the grade (a force's
        // page is updated through the year: "not yet graded", then "good"); the others stay
        // as the documents' history. Undated documents come after dated ones, in import order.
        candidates.sort_by(|a, b| (a.0, &a.1, a.2, a.3).cmp(&(b.0, &b.1, b.2, b.3)));
        let mut chosen: HashMap<JudgmentKey, JudgmentView> = HashMap::new();
        let mut order: Vec<JudgmentKey> = Vec::new();
        for (_, _, _, _, view) in candidates {
            let key = (
                view.force.clone(),
                view.cycle.clone(),
                view.pillar.clone(),
                view.question,
                view.area.clone(),
            );
            if let std::collections::hash_map::Entry::Vacant(slot) = chosen.entry(key.clone()) {
                order.push(key);
                slot.insert(view);
            }
        }
        let mut out: Vec<JudgmentView> = Vec::with_capacity(order.len());
        for key in &order {
            let Some(view) = chosen.get(key) else {
                continue;
            };
            let stored_previous = previous_key(key)
                .and_then(|k| chosen.get(&k))
                .map(|p| p.grade);
            let (previous, change) =
                year_on_year(view.grade, stored_previous, view.stated_previous);
            out.push(JudgmentView {
                previous_grade: previous,
                change,
                ..view.clone()
            });
        }
        out.sort_by(|a, b| {
            (
                cycle_rank(&a.cycle),
                &a.force,
                &a.pillar,
                a.question,
                &a.area,
            )
                .cmp(&(
                    cycle_rank(&b.cycle),
                    &b.force,
                    &b.pillar,
                    b.question,
                    &b.area,
                ))
        });
        Ok(out)
    }

    pub async fn findings(&self) -> Result<Vec<FindingView>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.id, f.document_id, f.force_slug, f.cycle, f.pillar, f.question, f.area, f.kind, f.text, f.parent_id, f.immediate, \
             f.span_start, f.span_end FROM findings f ORDER BY f.position",
        )
        .fetch_all(&self.pool)
        .await
        .doing("listing findings")?;
        let mut subs: HashMap<String, Vec<SubActionView>> = HashMap::new();
        for r in sqlx::query("SELECT finding_id, text, span_start, span_end FROM finding_sub_actions ORDER BY finding_id, position")
            .fetch_all(&self.pool)
            .await
            .doing("listing sub-actions")?
        {
            subs.entry(get(&r, "finding_id")?).or_default().push(SubActionView { text: get(&r, "text")?, span: span(&r)? });
        }
        let mut deadlines: HashMap<String, Vec<DeadlineView>> = HashMap::new();
        for r in sqlx::query("SELECT finding_id, phrase, due_kind, due_on, span_start, span_end FROM finding_deadlines ORDER BY finding_id, position")
            .fetch_all(&self.pool)
            .await
            .doing("listing deadlines")?
        {
            deadlines.entry(get(&r, "finding_id")?).or_default().push(DeadlineView {
                phrase: get(&r, "phrase")?,
                due_kind: get(&r, "due_kind")?,
                due_on: get(&r, "due_on")?,
                span: span(&r)?,
            });
        }
        let mut progress: HashMap<String, Vec<ProgressView>> = HashMap::new();
        for r in sqlx::query("SELECT finding_id, document_id, text FROM finding_progress ORDER BY finding_id, document_id")
            .fetch_all(&self.pool)
            .await
            .doing("listing progress notes")?
        {
            progress.entry(get(&r, "finding_id")?).or_default().push(ProgressView { document: get(&r, "document_id")?, text: get(&r, "text")? });
        }
        rows.iter()
            .map(|r| {
                let mut finding = crate::query::finding_row(r)?;
                finding.sub_actions = subs.remove(&finding.id).unwrap_or_default();
                finding.deadlines = deadlines.remove(&finding.id).unwrap_or_default();
                finding.progress = progress.remove(&finding.id).unwrap_or_default();
                Ok(finding)
            })
            .collect()
    }

    pub async fn responses(&self) -> Result<Vec<ResponseView>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.id, r.finding_id, r.document_id, r.responder, r.text, r.span_start, r.span_end \
             FROM responses r JOIN documents d ON d.id = r.document_id ORDER BY d.sequence, r.id",
        )
        .fetch_all(&self.pool)
        .await
        .doing("listing responses")?;
        rows.iter().map(response_row).collect()
    }

    pub async fn finding_lists(&self) -> Result<Vec<FindingListView>, StoreError> {
        let rows = sqlx::query(
            "SELECT l.document_id, l.force_slug, l.cycle, l.pillar, l.kind, l.stated_none, l.span_start, l.span_end \
             FROM finding_lists l JOIN documents d ON d.id = l.document_id ORDER BY d.sequence, l.position",
        )
        .fetch_all(&self.pool)
        .await
        .doing("listing finding lists")?;
        rows.iter()
            .map(|r| {
                let stated_none: i64 = get(r, "stated_none")?;
                Ok(FindingListView {
                    document: get(r, "document_id")?,
                    force: get(r, "force_slug")?,
                    cycle: get(r, "cycle")?,
                    pillar: get(r, "pillar")?,
                    kind: get(r, "kind")?,
                    stated_none: stated_none != 0,
                    span: span(r)?,
                })
            })
            .collect()
    }

    pub async fn sections(&self) -> Result<Vec<SectionView>, StoreError> {
        let rows = sqlx::query(
            "SELECT s.document_id, s.heading, s.items, s.span_start, s.span_end FROM document_sections s \
             JOIN documents d ON d.id = s.document_id ORDER BY d.sequence, s.position",
        )
        .fetch_all(&self.pool)
        .await
        .doing("listing sections")?;
        rows.iter()
            .map(|r| {
                let items: String = get(r, "items")?;
                let parsed: Vec<serde_json::Value> =
                    serde_json::from_str(&items).map_err(|_| StoreError::Corrupt {
                        what: "section items",
                        value: items.clone(),
                    })?;
                Ok(SectionView {
                    document: get(r, "document_id")?,
                    heading: get(r, "heading")?,
                    items: parsed
                        .iter()
                        .map(|v| {
                            (
                                v["text"].as_str().unwrap_or_default().to_owned(),
                                v["start"].as_i64().unwrap_or(0),
                                v["end"].as_i64().unwrap_or(0),
                            )
                        })
                        .collect(),
                    span: span(r)?,
                })
            })
            .collect()
    }

    /// Pillar and area grades of every force and cycle, with change and counts of findings.
    pub async fn inspections(&self) -> Result<Vec<InspectionSummary>, StoreError> {
        let judgments = self.judgments().await?;
        let findings = self.findings().await?;
        // Only the metadata is needed here, not the texts.
        let documents = self.document_list().await?;
        let published: HashMap<(String, String), String> = documents
            .iter()
            .filter(|d| d.kind == "inspection_report")
            .filter_map(|d| {
                Some((
                    (d.force.clone()?, d.cycle.clone()?),
                    d.published_on.clone()?,
                ))
            })
            .collect();
        let mut out = Vec::new();
        for j in judgments.iter().filter(|j| j.question.is_none()) {
            let subject = j
                .pillar
                .clone()
                .or_else(|| j.area.clone())
                .unwrap_or_default();
            let count = |kind: &str| {
                findings
                    .iter()
                    .filter(|f| {
                        f.force == j.force
                            && f.cycle == j.cycle
                            && f.kind == kind
                            && f.pillar == j.pillar
                            && f.area == j.area
                    })
                    .count()
            };
            out.push(InspectionSummary {
                force: j.force.clone(),
                cycle: j.cycle.clone(),
                subject,
                grade: j.grade,
                previous_grade: j.previous_grade,
                change: j.change,
                areas_for_improvement: count("area_for_improvement"),
                causes_of_concern: count("cause_of_concern"),
                recommendations: count("recommendation"),
                published_on: published.get(&(j.force.clone(), j.cycle.clone())).cloned(),
            });
        }
        Ok(out)
    }
}

type JudgmentKey = (String, String, Option<String>, Option<i64>, Option<String>);

/// The key of the same subject in the previous comparable cycle. Questions compare only
/// where both cycles' frameworks give the question the same title.
fn previous_key(key: &JudgmentKey) -> Option<JudgmentKey> {
    let (force, cycle, pillar, question, area) = key;
    let cycle: Cycle = cycle.parse().ok()?;
    let previous = cycle.previous()?;
    if let (Some(pillar), Some(number)) = (pillar, question) {
        let pillar = pillar.parse().ok()?;
        let here = cycle
            .framework()
            .question(pillar, u8::try_from(*number).ok()?)?;
        let there = previous
            .framework()
            .question(pillar, u8::try_from(*number).ok()?)?;
        if here.title != there.title {
            return None;
        }
    }
    Some((
        force.clone(),
        previous.code().to_owned(),
        pillar.clone(),
        *question,
        area.clone(),
    ))
}

fn cycle_rank(code: &str) -> usize {
    Cycle::ALL
        .iter()
        .position(|c| c.code() == code)
        .unwrap_or(usize::MAX)
}
