//! Filtered, paged reads for the web application and API: SQL does the filtering so that a
//! page costs the same with 100 or 100,000 findings stored.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::read::{DeadlineView, FindingView, ProgressView, SubActionView, get, span};
use crate::{DocumentView, Doing, ResponseView, Store, StoreError};

/// Which findings to list. Values are already validated by the caller's parsers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingFilter {
    pub force: Option<String>,
    pub cycle: Option<String>,
    pub pillar: Option<String>,
    pub kind: Option<String>,
    pub document: Option<String>,
}

/// A page of findings and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingPage {
    pub findings: Vec<FindingView>,
    pub total: i64,
}

/// Counts of a force's findings by cycle and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingCount {
    pub cycle: String,
    pub kind: String,
    pub count: i64,
}

const FINDING_COLUMNS: &str = "f.id, f.document_id, f.force_slug, f.cycle, f.pillar, f.question, f.area, f.kind, f.text, f.parent_id, \
     f.immediate, f.span_start, f.span_end";

pub(crate) fn finding_row(r: &AnyRow) -> Result<FindingView, StoreError> {
    let immediate: i64 = get(r, "immediate")?;
    Ok(FindingView {
        id: get(r, "id")?,
        document: get(r, "document_id")?,
        force: get(r, "force_slug")?,
        cycle: get(r, "cycle")?,
        pillar: get(r, "pillar")?,
        question: get(r, "question")?,
        area: get(r, "area")?,
        kind: get(r, "kind")?,
        text: get(r, "text")?,
        parent: get(r, "parent_id")?,
        immediate: immediate != 0,
        span: span(r)?,
        sub_actions: Vec::new(),
        deadlines: Vec::new(),
        progress: Vec::new(),
    })
}

impl Store {
    /// A version of the stored data that changes whenever a document is imported, for caches.
    pub async fn data_version(&self) -> Result<i64, StoreError> {
        let documents: i64 =
            sqlx::query("SELECT CAST(COALESCE(MAX(sequence), -1) AS BIGINT) AS v FROM documents")
                .fetch_one(&self.pool)
                .await
                .and_then(|r| r.try_get("v"))
                .doing("reading the data version")?;
        // Both only grow, so their sum changes whenever either does.
        Ok(documents + self.revision().await?)
    }

    /// Findings matching `filter`, in document order, `limit` from `offset`, with their
    /// sub-actions, deadlines and progress notes.
    pub async fn findings_page(
        &self,
        filter: &FindingFilter,
        limit: i64,
        offset: i64,
    ) -> Result<FindingPage, StoreError> {
        let mut conditions = Vec::new();
        let mut values: Vec<String> = Vec::new();
        for (column, value) in [
            ("f.force_slug", &filter.force),
            ("f.cycle", &filter.cycle),
            ("f.pillar", &filter.pillar),
            ("f.kind", &filter.kind),
            ("f.document_id", &filter.document),
        ] {
            if let Some(value) = value {
                values.push(value.clone());
                conditions.push(format!("{column} = ${}", values.len()));
            }
        }
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let count_sql =
            format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM findings f {where_clause}");
        let mut count = sqlx::query(sqlx::AssertSqlSafe(count_sql));
        for v in &values {
            count = count.bind(v.clone());
        }
        let total: i64 = count
            .fetch_one(&self.pool)
            .await
            .and_then(|r| r.try_get("n"))
            .doing("counting findings")?;
        let list_sql = format!(
            "SELECT {FINDING_COLUMNS} FROM findings f {where_clause} ORDER BY f.position LIMIT ${} OFFSET ${}",
            values.len() + 1,
            values.len() + 2
        );
        let mut list = sqlx::query(sqlx::AssertSqlSafe(list_sql));
        for v in &values {
            list = list.bind(v.clone());
        }
        let rows = list
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await
            .doing("listing findings")?;
        let mut findings = rows
            .iter()
            .map(finding_row)
            .collect::<Result<Vec<_>, _>>()?;
        self.attach_details(&mut findings).await?;
        Ok(FindingPage { findings, total })
    }

    /// One finding with its details, or `None`.
    pub async fn finding(&self, id: &str) -> Result<Option<FindingView>, StoreError> {
        let sql = format!("SELECT {FINDING_COLUMNS} FROM findings f WHERE f.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_owned())
            .fetch_optional(&self.pool)
            .await
            .doing("reading a finding")?;
        let Some(row) = row else { return Ok(None) };
        let mut findings = vec![finding_row(&row)?];
        self.attach_details(&mut findings).await?;
        Ok(findings.pop())
    }

    async fn attach_details(&self, findings: &mut [FindingView]) -> Result<(), StoreError> {
        if findings.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = findings.iter().map(|f| f.id.clone()).collect();
        let mut conn = self
            .pool
            .acquire()
            .await
            .doing("reading findings' details")?;
        let mut subs: HashMap<String, Vec<SubActionView>> = HashMap::new();
        let rows = crate::sql::fetch_in(
            &mut conn,
            |marks| format!("SELECT finding_id, text, span_start, span_end FROM finding_sub_actions WHERE finding_id IN ({marks}) ORDER BY finding_id, position"),
            &ids,
            "reading sub-actions",
        )
        .await?;
        for r in rows {
            subs.entry(get(&r, "finding_id")?)
                .or_default()
                .push(SubActionView {
                    text: get(&r, "text")?,
                    span: (get(&r, "span_start")?, get(&r, "span_end")?),
                });
        }
        let mut deadlines: HashMap<String, Vec<DeadlineView>> = HashMap::new();
        let rows = crate::sql::fetch_in(
            &mut conn,
            |marks| format!("SELECT finding_id, phrase, due_kind, due_on, span_start, span_end FROM finding_deadlines WHERE finding_id IN ({marks}) ORDER BY finding_id, position"),
            &ids,
            "reading deadlines",
        )
        .await?;
        for r in rows {
            deadlines
                .entry(get(&r, "finding_id")?)
                .or_default()
                .push(DeadlineView {
                    phrase: get(&r, "phrase")?,
                    due_kind: get(&r, "due_kind")?,
                    due_on: get(&r, "due_on")?,
                    span: (get(&r, "span_start")?, get(&r, "span_end")?),
                });
        }
        let mut progress: HashMap<String, Vec<ProgressView>> = HashMap::new();
        let rows = crate::sql::fetch_in(
            &mut conn,
            |marks| format!("SELECT finding_id, document_id, text FROM finding_progress WHERE finding_id IN ({marks}) ORDER BY finding_id, document_id"),
            &ids,
            "reading progress notes",
        )
        .await?;
        for r in rows {
            progress
                .entry(get(&r, "finding_id")?)
                .or_default()
                .push(ProgressView {
                    document: get(&r, "document_id")?,
                    text: get(&r, "text")?,
                });
        }
        for f in findings.iter_mut() {
            f.sub_actions = subs.remove(&f.id).unwrap_or_default();
            f.deadlines = deadlines.remove(&f.id).unwrap_or_default();
            f.progress = progress.remove(&f.id).unwrap_or_default();
        }
        Ok(())
    }

    /// Responses to one finding, or all responses when `finding` is `None`.
    pub async fn responses_to(&self, finding: &str) -> Result<Vec<ResponseView>, StoreError> {
        let rows = sqlx::query("SELECT id, finding_id, document_id, responder, text, span_start, span_end FROM responses WHERE finding_id = $1 ORDER BY id")
            .bind(finding.to_owned())
            .fetch_all(&self.pool)
            .await
            .doing("reading responses")?;
        rows.iter().map(crate::read::response_row).collect()
    }

    /// One document, or `None`.
    pub async fn document(&self, id: &str) -> Result<Option<DocumentView>, StoreError> {
        Ok(self.documents_where(Some(id)).await?.pop())
    }

    /// Documents without their text (for lists).
    pub async fn document_list(&self) -> Result<Vec<DocumentView>, StoreError> {
        self.documents_where(None).await
    }

    async fn documents_where(&self, id: Option<&str>) -> Result<Vec<DocumentView>, StoreError> {
        let sql = match id {
            Some(_) => {
                "SELECT id, kind, recogniser, format, source, sha256, title, force_slug, cycle, published_on, text, warnings, imported_at FROM documents WHERE id = $1"
            }
            None => {
                "SELECT id, kind, recogniser, format, source, sha256, title, force_slug, cycle, published_on, '' AS text, warnings, imported_at FROM documents ORDER BY sequence"
            }
        };
        let mut q = sqlx::query(sql);
        if let Some(id) = id {
            q = q.bind(id.to_owned());
        }
        let rows = q.fetch_all(&self.pool).await.doing("reading documents")?;
        rows.iter().map(crate::read::document_row).collect()
    }

    /// Counts of a force's findings by cycle and kind.
    pub async fn finding_counts(&self, force: &str) -> Result<Vec<FindingCount>, StoreError> {
        let rows = sqlx::query("SELECT cycle, kind, CAST(COUNT(*) AS BIGINT) AS n FROM findings WHERE force_slug = $1 GROUP BY cycle, kind ORDER BY cycle, kind")
            .bind(force.to_owned())
            .fetch_all(&self.pool)
            .await
            .doing("counting a force's findings")?;
        rows.iter()
            .map(|r| {
                Ok(FindingCount {
                    cycle: get(r, "cycle")?,
                    kind: get(r, "kind")?,
                    count: get(r, "n")?,
                })
            })
            .collect()
    }

    /// The spans of every record extracted from a document: (kind of record, id, start, end).
    pub async fn record_spans(
        &self,
        document: &str,
    ) -> Result<Vec<(String, String, i64, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT 'judgment' AS what, id, span_start, span_end FROM judgments WHERE document_id = $1 \
             UNION ALL SELECT 'finding' AS what, id, span_start, span_end FROM findings WHERE document_id = $1 \
             UNION ALL SELECT 'response' AS what, id, span_start, span_end FROM responses WHERE document_id = $1",
        )
        .bind(document.to_owned())
        .fetch_all(&self.pool)
        .await
        .doing("reading a document's records")?;
        rows.iter()
            .map(|r| {
                Ok((
                    get(r, "what")?,
                    get(r, "id")?,
                    get(r, "span_start")?,
                    get(r, "span_end")?,
                ))
            })
            .collect()
    }
}
