//! Writing an extraction: one transaction per document, keyed by the content hash so that
//! importing the same bytes again changes nothing.

use oversight_domain::extraction::Extraction;
use oversight_domain::ids::{DocumentId, RecordKind};
use oversight_domain::{DocumentKind, Due, Finding, Subject};
use std::collections::HashMap;

use sqlx::Row;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::sql::{Value, insert_rows};
use crate::{Doing, Store, StoreError};

/// What importing one document did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// New: stored with these records.
    Added(ImportSummary),
    /// The same bytes were imported before, as this document.
    Unchanged { document_id: String },
}

/// Counts of what one import added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub document_id: String,
    pub kind: DocumentKind,
    pub judgments: usize,
    pub findings: usize,
    /// Findings this document quotes that were already stored (by another document).
    pub findings_matched: usize,
    pub responses: usize,
    pub progress_notes: usize,
    pub sections: usize,
    pub warnings: Vec<String>,
}

/// Folds a finding's text so the same finding quoted by two documents matches:
/// lower case, letters and digits only.
pub(crate) fn text_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How much a document kind is trusted as the source of a record, highest first.
pub(crate) fn kind_priority(kind: &str) -> i64 {
    match kind {
        "inspection_report" => 6,
        "grades_table" => 5,
        "inspectorate_letter" => 4,
        "press_release" => 3,
        "pcc_response" => 2,
        "transcript" => 1,
        _ => 0,
    }
}

fn subject_columns(
    subject: Option<Subject>,
) -> (Option<&'static str>, Option<i64>, Option<&'static str>) {
    match subject {
        None => (None, None, None),
        Some(s) => (
            s.pillar().map(|p| p.code()),
            s.question().map(i64::from),
            s.area().map(|a| a.code),
        ),
    }
}

fn span_values(span: oversight_domain::Span) -> [Value; 2] {
    [Value::from(span.start()), Value::from(span.end())]
}

impl Store {
    /// Stores a document and its records in one transaction.
    pub async fn import(&self, source: &str, x: &Extraction) -> Result<ImportOutcome, StoreError> {
        let mut tx = self.begin_write().await.doing("starting an import")?;
        let doc = DocumentId::of(&x.sha256);
        let document_id = doc.as_str().to_owned();
        let now = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        let warnings = serde_json::to_string(&x.warnings).unwrap_or_else(|_| "[]".to_owned());
        // One statement numbers and inserts the document, or does nothing if the same bytes
        // are already stored: a re-import costs a single round trip.
        let inserted = sqlx::query(
            "INSERT INTO documents (id, sha256, kind, recogniser, format, source, title, force_slug, cycle, published_on, \
             text, char_count, warnings, imported_at, sequence) \
             SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS TEXT), CAST($5 AS TEXT), CAST($6 AS TEXT), \
             CAST($7 AS TEXT), CAST($8 AS TEXT), CAST($9 AS TEXT), CAST($10 AS TEXT), CAST($11 AS TEXT), CAST($12 AS BIGINT), \
             CAST($13 AS TEXT), CAST($14 AS TEXT), COALESCE(MAX(sequence), -1) + 1 FROM documents WHERE 1 = 1 \
             ON CONFLICT (sha256) DO NOTHING RETURNING sequence",
        )
        .bind(document_id.clone())
        .bind(x.sha256.as_str().to_owned())
        .bind(x.kind.code())
        .bind(x.recogniser)
        .bind(x.format.code())
        .bind(source.to_owned())
        .bind(x.title.clone())
        .bind(x.force.map(|f| f.slug()))
        .bind(x.cycle.map(|c| c.code()))
        .bind(x.published_on.map(|d| d.to_string()))
        .bind(x.text.clone())
        .bind(i64::try_from(x.text.chars().count()).unwrap_or(i64::MAX))
        .bind(warnings)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .doing("storing the document")?;
        let Some(inserted) = inserted else {
            let row = sqlx::query("SELECT id FROM documents WHERE sha256 = $1")
                .bind(x.sha256.as_str().to_owned())
                .fetch_one(&mut *tx)
                .await
                .doing("looking the document up by its hash")?;
            let document_id: String = row.try_get("id").doing("reading a document id")?;
            return Ok(ImportOutcome::Unchanged { document_id });
        };
        let document_sequence: i64 = inserted
            .try_get("sequence")
            .doing("numbering the document")?;
        // Findings are ordered by document, then by their place in it; one number keeps the
        // order indexable. A document holds far fewer than a million findings.
        let position =
            |i: usize| document_sequence * 1_000_000 + i64::try_from(i).unwrap_or(999_999);

        let mut summary = ImportSummary {
            document_id: document_id.clone(),
            kind: x.kind,
            judgments: 0,
            findings: 0,
            findings_matched: 0,
            responses: 0,
            progress_notes: 0,
            sections: 0,
            warnings: x.warnings.clone(),
        };

        // Judgments.
        let rows: Vec<Vec<Value>> = x
            .judgments
            .iter()
            .enumerate()
            .map(|(i, j)| {
                let (pillar, question, area) = subject_columns(Some(j.subject()));
                let [start, end] = span_values(j.span());
                vec![
                    doc.record(RecordKind::Judgment, i).into(),
                    document_id.clone().into(),
                    j.force().slug().into(),
                    j.cycle().code().into(),
                    pillar.into(),
                    question.into(),
                    area.into(),
                    j.grade().code().into(),
                    j.stated_previous().map(|g| g.code()).into(),
                    j.summary().into(),
                    start,
                    end,
                ]
            })
            .collect();
        summary.judgments = rows.len();
        insert_rows(
            &mut tx,
            "judgments",
            &[
                "id",
                "document_id",
                "force_slug",
                "cycle",
                "pillar",
                "question",
                "area",
                "grade",
                "stated_previous",
                "summary",
                "span_start",
                "span_end",
            ],
            rows,
            "storing judgments",
        )
        .await?;

        // Findings: one already stored (quoted by another document) is matched, not repeated.
        let keys: Vec<String> = x.findings.iter().map(|f| text_key(f.text())).collect();
        let matched = self.matching_findings(&mut tx, x, &keys).await?;
        let mut ids: Vec<String> = Vec::with_capacity(x.findings.len());
        let mut finding_rows = Vec::new();
        let mut sub_rows = Vec::new();
        let mut deadline_rows = Vec::new();
        let mut progress_rows = Vec::new();
        for (i, f) in x.findings.iter().enumerate() {
            if let Some(existing) = &matched[i] {
                ids.push(existing.clone());
                summary.findings_matched += 1;
            } else {
                let id = doc.record(RecordKind::Finding, i);
                ids.push(id.clone());
                let (pillar, question, area) = subject_columns(f.subject());
                let [start, end] = span_values(f.span());
                let immediate = f.deadlines.iter().any(|d| d.due == Due::Immediately);
                finding_rows.push(vec![
                    id.clone().into(),
                    document_id.clone().into(),
                    f.force().slug().into(),
                    f.cycle().code().into(),
                    pillar.into(),
                    question.into(),
                    area.into(),
                    f.kind().code().into(),
                    f.text().into(),
                    keys[i].clone().into(),
                    // Parents come first in document order: a parent's id, new or
                    // matched, is already known.
                    f.parent.and_then(|p| ids.get(p).cloned()).into(),
                    i64::from(immediate).into(),
                    start,
                    end,
                    i.into(),
                    position(i).into(),
                ]);
                sub_rows.extend(sub_action_rows(&id, f));
                deadline_rows.extend(deadline_rows_of(&id, f, x.published_on));
                summary.findings += 1;
            }
            if let Some(progress) = &f.earlier_progress {
                let [start, end] = span_values(f.span());
                progress_rows.push(vec![
                    ids[i].clone().into(),
                    document_id.clone().into(),
                    progress.clone().into(),
                    start,
                    end,
                ]);
                summary.progress_notes += 1;
            }
        }
        insert_rows(
            &mut tx,
            "findings",
            &[
                "id",
                "document_id",
                "force_slug",
                "cycle",
                "pillar",
                "question",
                "area",
                "kind",
                "text",
                "text_key",
                "parent_id",
                "immediate",
                "span_start",
                "span_end",
                "sequence",
                "position",
            ],
            finding_rows,
            "storing findings",
        )
        .await?;
        insert_rows(
            &mut tx,
            "finding_sub_actions",
            &["finding_id", "position", "text", "span_start", "span_end"],
            sub_rows,
            "storing sub-actions",
        )
        .await?;
        insert_rows(
            &mut tx,
            "finding_deadlines",
            &[
                "finding_id",
                "position",
                "phrase",
                "due_kind",
                "due_on",
                "span_start",
                "span_end",
            ],
            deadline_rows,
            "storing deadlines",
        )
        .await?;
        insert_rows(
            &mut tx,
            "finding_progress",
            &[
                "finding_id",
                "document_id",
                "text",
                "span_start",
                "span_end",
            ],
            progress_rows,
            "storing progress notes",
        )
        .await?;

        // Responses.
        let rows: Vec<Vec<Value>> = x
            .responses
            .iter()
            .enumerate()
            .filter_map(|(i, (finding, r))| {
                let finding_id = ids.get(*finding)?;
                let [start, end] = span_values(r.span);
                Some(vec![
                    doc.record(RecordKind::Response, i).into(),
                    finding_id.clone().into(),
                    document_id.clone().into(),
                    r.by.code().into(),
                    r.text.clone().into(),
                    start,
                    end,
                ])
            })
            .collect();
        summary.responses = rows.len();
        insert_rows(
            &mut tx,
            "responses",
            &[
                "id",
                "finding_id",
                "document_id",
                "responder",
                "text",
                "span_start",
                "span_end",
            ],
            rows,
            "storing responses",
        )
        .await?;

        let rows: Vec<Vec<Value>> = x
            .finding_lists
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let [start, end] = span_values(l.span);
                vec![
                    document_id.clone().into(),
                    i.into(),
                    l.force.slug().into(),
                    l.cycle.code().into(),
                    l.pillar.map(|p| p.code()).into(),
                    l.kind.code().into(),
                    i64::from(l.stated_none).into(),
                    start,
                    end,
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "finding_lists",
            &[
                "document_id",
                "position",
                "force_slug",
                "cycle",
                "pillar",
                "kind",
                "stated_none",
                "span_start",
                "span_end",
            ],
            rows,
            "storing finding lists",
        )
        .await?;

        let rows: Vec<Vec<Value>> = x
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let items: Vec<serde_json::Value> =
                    s.items.iter().map(|(text, span)| serde_json::json!({"text": text, "start": span.start(), "end": span.end()})).collect();
                let [start, end] = span_values(s.heading_span);
                vec![document_id.clone().into(), i.into(), s.heading.clone().into(), serde_json::Value::Array(items).to_string().into(), start, end]
            })
            .collect();
        summary.sections = rows.len();
        insert_rows(
            &mut tx,
            "document_sections",
            &[
                "document_id",
                "position",
                "heading",
                "items",
                "span_start",
                "span_end",
            ],
            rows,
            "storing sections",
        )
        .await?;

        let after = serde_json::json!({"source": source, "kind": x.kind.code(), "sha256": x.sha256.as_str(), "judgments": summary.judgments, "findings": summary.findings});
        crate::users::audit(
            &mut tx,
            "importer",
            "import document",
            &format!("document:{document_id}"),
            None,
            Some(after.to_string()),
        )
        .await?;
        if let Some(review) = &x.review {
            crate::review::insert_review(&mut tx, &doc, x.force.map(|f| f.slug()), review).await?;
            crate::revisions::touch(&mut tx, &[crate::Scope::Reviews]).await?;
        }
        crate::revisions::touch(&mut tx, &[crate::Scope::Documents]).await?;

        tx.commit().await.doing("committing the import")?;
        Ok(ImportOutcome::Added(summary))
    }

    /// For each extracted finding, the id of the same finding already stored, if any.
    async fn matching_findings(
        &self,
        conn: &mut sqlx::AnyConnection,
        x: &Extraction,
        keys: &[String],
    ) -> Result<Vec<Option<String>>, StoreError> {
        let mut out = vec![None; keys.len()];
        if keys.is_empty() {
            return Ok(out);
        }
        let mut wanted: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, key) in keys.iter().enumerate() {
            wanted.entry(key.as_str()).or_default().push(i);
        }
        let distinct: Vec<String> = wanted.keys().map(|k| (*k).to_owned()).collect();
        let rows = crate::sql::fetch_in(
            conn,
            |marks| format!("SELECT id, force_slug, cycle, kind, text_key FROM findings WHERE text_key IN ({marks})"),
            &distinct,
            "matching findings already stored",
        )
        .await?;
        for row in rows {
            let id: String = row.try_get("id").doing("reading a finding")?;
            let force: String = row.try_get("force_slug").doing("reading a finding")?;
            let cycle: String = row.try_get("cycle").doing("reading a finding")?;
            let kind: String = row.try_get("kind").doing("reading a finding")?;
            let key: String = row.try_get("text_key").doing("reading a finding")?;
            for &i in wanted
                .get(key.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let f = &x.findings[i];
                if out[i].is_none()
                    && f.force().slug() == force
                    && f.cycle().code() == cycle
                    && f.kind().code() == kind
                {
                    out[i] = Some(id.clone());
                }
            }
        }
        Ok(out)
    }
}

fn sub_action_rows(id: &str, f: &Finding) -> Vec<Vec<Value>> {
    f.sub_actions
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let [start, end] = span_values(s.span);
            vec![id.into(), k.into(), s.text.clone().into(), start, end]
        })
        .collect()
}

fn deadline_rows_of(id: &str, f: &Finding, published: Option<time::Date>) -> Vec<Vec<Value>> {
    f.deadlines
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let [start, end] = span_values(d.span);
            let kind = match d.due {
                Due::On(_) => "on",
                Due::Within { .. } => "within",
                Due::Immediately => "immediately",
            };
            // "Immediately" is not a date: it is kept as a flag, not resolved.
            let due_on = match d.due {
                Due::Immediately => None,
                _ => d.resolve(published).map(|date| date.to_string()),
            };
            vec![
                id.into(),
                k.into(),
                d.phrase.clone().into(),
                kind.into(),
                due_on.into(),
                start,
                end,
            ]
        })
        .collect()
}
