//! The evidence engine's tables: police.uk counts, indicator values, files read, and links
//! from findings to indicators.
//!
//! Storing an aggregation is one transaction: every (kind, force, month) group it holds is
//! first deleted, counts and values and then inserted, so re-ingesting a month replaces it.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use oversight_domain::Force;
use oversight_domain::evidence::{CountKey, Kind, Month, ValueRow};
use sqlx::Row;

use crate::read::get;
use crate::sql::{Value, insert_rows};
use crate::{Doing, Store, StoreError};

/// A file whose counts are being stored, known by its content hash.
#[derive(Debug, Clone)]
pub struct EvidenceFile {
    pub sha256: String,
    pub name: String,
    pub bytes: u64,
    pub rows_read: u64,
    pub rows_rejected: u64,
}

/// Counts to store, with the indicator values the caller computed from them.
#[derive(Debug, Clone, Copy)]
pub struct EvidenceBatch<'a> {
    pub counts: &'a BTreeMap<CountKey, u64>,
    pub values: &'a [ValueRow],
    /// Every indicator, with the kind of file it is computed from: storing a kind's counts for
    /// a force and month replaces those indicators' values for it.
    pub indicators: &'a [(Kind, &'static str)],
}

/// What storing an aggregation did.
#[derive(Debug, Clone, Default)]
pub struct EvidenceStored {
    /// (kind, force, month) groups written.
    pub groups: usize,
    /// Of those, groups that replaced counts already stored.
    pub replaced: usize,
    pub counts: usize,
    pub values: usize,
}

/// One stored count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    pub kind: Kind,
    pub reported_by: String,
    pub force: Option<String>,
    pub month: Month,
    pub key1: String,
    pub key2: String,
    pub n: u64,
}

/// How much evidence is stored, per kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceCoverage {
    pub kind: Kind,
    pub forces: u64,
    pub first_month: Option<Month>,
    pub last_month: Option<Month>,
    pub rows: u64,
}

fn u64_of(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn i64_of(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn month(value: &str) -> Result<Month, StoreError> {
    value.parse().map_err(|_| StoreError::Corrupt {
        what: "month",
        value: value.to_owned(),
    })
}

fn kind(value: &str) -> Result<Kind, StoreError> {
    value.parse().map_err(|_| StoreError::Corrupt {
        what: "evidence kind",
        value: value.to_owned(),
    })
}

impl Store {
    /// Which of these content hashes belong to files already ingested.
    pub async fn evidence_files_known(
        &self,
        hashes: &[String],
    ) -> Result<HashSet<String>, StoreError> {
        let rows = sqlx::query("SELECT sha256 FROM evidence_files")
            .fetch_all(&self.pool)
            .await
            .doing("reading the evidence files already ingested")?;
        let wanted: HashSet<&String> = hashes.iter().collect();
        let mut known = HashSet::new();
        for r in &rows {
            let sha: String = get(r, "sha256")?;
            if wanted.contains(&sha) {
                known.insert(sha);
            }
        }
        Ok(known)
    }

    /// Stores counts and the indicator values computed from them, replacing any counts (and
    /// values) already stored for the same kind, force and month; records the files.
    pub async fn store_evidence(
        &self,
        batch: EvidenceBatch<'_>,
        files: &[EvidenceFile],
    ) -> Result<EvidenceStored, StoreError> {
        let groups: BTreeSet<(Kind, &str, Month)> = batch
            .counts
            .keys()
            .map(|k| (k.kind, k.force.as_str(), k.month))
            .collect();
        let values = batch.values;
        let mut stored = EvidenceStored {
            groups: groups.len(),
            counts: batch.counts.len(),
            values: values.len(),
            ..EvidenceStored::default()
        };
        let mut tx = self
            .begin_write()
            .await
            .doing("starting to store evidence")?;
        for &(kind, force, month) in &groups {
            let deleted = sqlx::query(
                "DELETE FROM evidence_counts WHERE kind = $1 AND reported_by = $2 AND month = $3",
            )
            .bind(kind.as_str())
            .bind(force.to_owned())
            .bind(month.to_string())
            .execute(&mut *tx)
            .await
            .doing("replacing a month's counts")?;
            if deleted.rows_affected() > 0 {
                stored.replaced += 1;
            }
            for (_, id) in batch.indicators.iter().filter(|(k, _)| *k == kind) {
                sqlx::query(
                    "DELETE FROM evidence_values WHERE indicator = $1 AND reported_by = $2 AND month = $3",
                )
                .bind(*id)
                .bind(force.to_owned())
                .bind(month.to_string())
                .execute(&mut *tx)
                .await
                .doing("replacing a month's indicator values")?;
            }
        }
        let count_rows: Vec<Vec<Value>> = batch
            .counts
            .iter()
            .map(|(k, &n)| {
                vec![
                    k.kind.as_str().into(),
                    k.force.clone().into(),
                    Force::from_name(&k.force).map(|f| f.slug()).into(),
                    k.month.to_string().into(),
                    k.key1.clone().into(),
                    k.key2.clone().into(),
                    i64_of(n).into(),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "evidence_counts",
            &[
                "kind",
                "reported_by",
                "force_slug",
                "month",
                "key1",
                "key2",
                "n",
            ],
            count_rows,
            "storing counts",
        )
        .await?;
        insert_rows(
            &mut tx,
            "evidence_values",
            &[
                "indicator",
                "reported_by",
                "force_slug",
                "month",
                "numerator",
                "denominator",
            ],
            values.iter().map(value_row).collect(),
            "storing indicator values",
        )
        .await?;
        let now = crate::now();
        let mut seen = HashSet::new();
        let file_rows: Vec<Vec<Value>> = files
            .iter()
            .filter(|f| seen.insert(f.sha256.clone()))
            .map(|f| {
                vec![
                    f.sha256.clone().into(),
                    f.name.clone().into(),
                    i64_of(f.bytes).into(),
                    i64_of(f.rows_read).into(),
                    i64_of(f.rows_rejected).into(),
                    now.clone().into(),
                ]
            })
            .collect();
        for row in file_rows {
            let sha = match &row[0] {
                Value::Text(s) => s.clone(),
                _ => String::new(),
            };
            sqlx::query("DELETE FROM evidence_files WHERE sha256 = $1")
                .bind(sha)
                .execute(&mut *tx)
                .await
                .doing("recording an evidence file")?;
            insert_rows(
                &mut tx,
                "evidence_files",
                &[
                    "sha256",
                    "name",
                    "bytes",
                    "rows_read",
                    "rows_rejected",
                    "ingested_at",
                ],
                vec![row],
                "recording an evidence file",
            )
            .await?;
        }
        let after = serde_json::json!({"files": files.iter().map(|f| &f.name).collect::<Vec<_>>(), "groups": stored.groups, "replaced": stored.replaced, "counts": stored.counts});
        crate::users::audit(
            &mut tx,
            "evidence",
            "ingest evidence",
            "evidence",
            None,
            Some(after.to_string()),
        )
        .await?;
        crate::revisions::touch(&mut tx, &[crate::Scope::Evidence]).await?;
        tx.commit().await.doing("committing the evidence")?;
        Ok(stored)
    }

    /// Every stored count, ordered by kind, force, month and keys.
    pub async fn evidence_counts(&self) -> Result<Vec<CountRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT kind, reported_by, force_slug, month, key1, key2, n FROM evidence_counts \
             ORDER BY kind, reported_by, month, key1, key2",
        )
        .fetch_all(&self.pool)
        .await
        .doing("reading evidence counts")?;
        rows.iter()
            .map(|r| {
                Ok(CountRow {
                    kind: kind(&get::<String>(r, "kind")?)?,
                    reported_by: get(r, "reported_by")?,
                    force: get(r, "force_slug")?,
                    month: month(&get::<String>(r, "month")?)?,
                    key1: get(r, "key1")?,
                    key2: get(r, "key2")?,
                    n: u64_of(get(r, "n")?),
                })
            })
            .collect()
    }

    /// An indicator's numerators and denominators for every force: one month, or all months.
    pub async fn indicator_values(
        &self,
        indicator: &'static str,
        only_month: Option<Month>,
    ) -> Result<Vec<ValueRow>, StoreError> {
        let rows = match only_month {
            Some(m) => {
                sqlx::query(
                    "SELECT reported_by, month, numerator, denominator FROM evidence_values \
                 WHERE indicator = $1 AND month = $2 ORDER BY month, reported_by",
                )
                .bind(indicator)
                .bind(m.to_string())
                .fetch_all(&self.pool)
                .await
            }
            None => {
                sqlx::query(
                    "SELECT reported_by, month, numerator, denominator FROM evidence_values \
                 WHERE indicator = $1 ORDER BY month, reported_by",
                )
                .bind(indicator)
                .fetch_all(&self.pool)
                .await
            }
        }
        .doing("reading indicator values")?;
        rows.iter()
            .map(|r| {
                let reported_by: String = get(r, "reported_by")?;
                Ok(ValueRow {
                    indicator,
                    force: Force::from_name(&reported_by).map(|f| f.slug()),
                    reported_by,
                    month: month(&get::<String>(r, "month")?)?,
                    numerator: u64_of(get(r, "numerator")?),
                    denominator: u64_of(get(r, "denominator")?),
                })
            })
            .collect()
    }

    /// The months an indicator has values for, latest first.
    pub async fn indicator_months(&self, indicator: &str) -> Result<Vec<Month>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT month FROM evidence_values WHERE indicator = $1 ORDER BY month DESC",
        )
        .bind(indicator.to_owned())
        .fetch_all(&self.pool)
        .await
        .doing("reading an indicator's months")?;
        rows.iter()
            .map(|r| month(&get::<String>(r, "month")?))
            .collect()
    }

    /// How much of each kind of file is stored.
    pub async fn evidence_coverage(&self) -> Result<Vec<EvidenceCoverage>, StoreError> {
        let rows = sqlx::query(
            "SELECT kind, CAST(COUNT(DISTINCT reported_by) AS BIGINT) AS forces, MIN(month) AS first_month, \
             MAX(month) AS last_month, CAST(SUM(n) AS BIGINT) AS total FROM evidence_counts GROUP BY kind ORDER BY kind",
        )
        .fetch_all(&self.pool)
        .await
        .doing("summarising the evidence")?;
        rows.iter()
            .map(|r| {
                let first: Option<String> = get(r, "first_month")?;
                let last: Option<String> = get(r, "last_month")?;
                Ok(EvidenceCoverage {
                    kind: kind(&get::<String>(r, "kind")?)?,
                    forces: u64_of(get(r, "forces")?),
                    first_month: first.as_deref().map(month).transpose()?,
                    last_month: last.as_deref().map(month).transpose()?,
                    rows: u64_of(get(r, "total")?),
                })
            })
            .collect()
    }

    /// Links a finding to an indicator, so its page shows the indicator's series. Returns
    /// `false` when the finding does not exist.
    pub async fn link_finding_indicator(
        &self,
        finding: &str,
        indicator: &str,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .doing("starting to link a finding")?;
        let exists = sqlx::query("SELECT id FROM findings WHERE id = $1")
            .bind(finding.to_owned())
            .fetch_optional(&mut *tx)
            .await
            .doing("looking the finding up")?
            .is_some();
        if !exists {
            return Ok(false);
        }
        sqlx::query("DELETE FROM finding_indicators WHERE finding_id = $1 AND indicator = $2")
            .bind(finding.to_owned())
            .bind(indicator.to_owned())
            .execute(&mut *tx)
            .await
            .doing("linking a finding to an indicator")?;
        sqlx::query(
            "INSERT INTO finding_indicators (finding_id, indicator, linked_at) VALUES ($1, $2, $3)",
        )
        .bind(finding.to_owned())
        .bind(indicator.to_owned())
        .bind(crate::now())
        .execute(&mut *tx)
        .await
        .doing("linking a finding to an indicator")?;
        let after = serde_json::json!({ "indicator": indicator }).to_string();
        crate::users::audit(
            &mut tx,
            actor,
            "link indicator",
            &format!("finding:{finding}"),
            None,
            Some(after),
        )
        .await?;
        crate::revisions::touch(
            &mut tx,
            &[
                crate::Scope::Evidence,
                crate::Scope::Finding(finding.to_owned()),
            ],
        )
        .await?;
        tx.commit().await.doing("committing the link")?;
        Ok(true)
    }

    /// The indicators a finding is linked to.
    pub async fn finding_indicators(&self, finding: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT indicator FROM finding_indicators WHERE finding_id = $1 ORDER BY indicator",
        )
        .bind(finding.to_owned())
        .fetch_all(&self.pool)
        .await
        .doing("reading a finding's indicators")?;
        rows.iter().map(|r| get(r, "indicator")).collect()
    }

    /// The revision counter bumped by evidence and links (documents have their own sequence).
    pub(crate) async fn revision(&self) -> Result<i64, StoreError> {
        sqlx::query("SELECT n FROM revision WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .and_then(|r| r.try_get("n"))
            .doing("reading the revision")
    }
}

fn value_row(v: &ValueRow) -> Vec<Value> {
    vec![
        v.indicator.into(),
        v.reported_by.clone().into(),
        v.force.into(),
        v.month.to_string().into(),
        i64_of(v.numerator).into(),
        i64_of(v.denominator).into(),
    ]
}
