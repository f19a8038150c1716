//! Backups: every record, the audit log and the attached files, as one versioned file that
//! restores into an empty database of either backend.
//!
//! The file is JSON Lines. The first line names the format, its version and the schema (the
//! last migration) it was taken at; each further line is one table: its name, its columns
//! and its rows, sorted so that the same data gives the same bytes whichever database it
//! was read from. Sessions, failed logins and cache revisions are left out: they are not
//! records, and a restored database starts with none.
//!
//! A restore refuses a file of another format or schema, and a database that already holds
//! anything, and writes everything in one transaction: it is whole or not at all.

use std::io::{BufRead, Write};

use sqlx::{Column, Row};

use crate::sql::{Value, insert_rows};
use crate::{Doing, Store, StoreError};

/// The format's name and version, on the first line.
pub const BACKUP_FORMAT: &str = "oversight-backup";
pub const BACKUP_VERSION: i64 = 1;

/// Every table a backup holds, parents before children.
const TABLES: &[&str] = &[
    "documents",
    "judgments",
    "findings",
    "finding_sub_actions",
    "finding_deadlines",
    "finding_progress",
    "responses",
    "finding_lists",
    "document_sections",
    "evidence_files",
    "evidence_counts",
    "evidence_values",
    "finding_indicators",
    "reviews",
    "review_findings",
    "review_milestones",
    "review_figures",
    "review_recommendations",
    "review_evidence",
    "review_status_history",
    "review_members",
    "review_meetings",
    "users",
    "audit_log",
    "actions",
    "action_updates",
    "workflow_responses",
    "attachments",
];

/// How much a backup or restore moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupSummary {
    pub tables: usize,
    pub rows: usize,
}

fn cell(row: &sqlx::any::AnyRow, i: usize) -> Result<serde_json::Value, StoreError> {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return Ok(v.map_or(serde_json::Value::Null, serde_json::Value::from));
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return Ok(v.map_or(serde_json::Value::Null, serde_json::Value::from));
    }
    row.try_get::<Option<String>, _>(i)
        .map(|v| v.map_or(serde_json::Value::Null, serde_json::Value::from))
        .doing("reading a value for the backup")
}

/// The kind of value a column holds, as the portable migrations declare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    Text,
}

impl Store {
    /// The columns of one of our tables, with the kind of value each holds, as the database
    /// itself describes them: a restore names no column the table does not have.
    async fn column_types(
        &self,
        conn: &mut sqlx::AnyConnection,
        table: &str,
    ) -> Result<Vec<(String, Kind)>, StoreError> {
        let sql = match self.backend {
            crate::Backend::Sqlite => {
                "SELECT name AS column_name, type AS data_type FROM pragma_table_info($1)"
            }
            crate::Backend::Postgres => {
                "SELECT CAST(column_name AS TEXT) AS column_name, CAST(data_type AS TEXT) AS data_type \
                 FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()"
            }
        };
        let rows = sqlx::query(sql)
            .bind(table.to_owned())
            .fetch_all(&mut *conn)
            .await
            .doing("reading a table's columns")?;
        rows.iter()
            .map(|r| {
                let name: String = crate::read::get(r, "column_name")?;
                let kind: String = crate::read::get(r, "data_type")?;
                let kind = kind.to_ascii_lowercase();
                Ok((
                    name,
                    if kind.contains("int") {
                        Kind::Int
                    } else if kind.contains("double") || kind.contains("real") {
                        Kind::Float
                    } else {
                        Kind::Text
                    },
                ))
            })
            .collect()
    }

    /// The schema version: the last migration applied.
    async fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .applied_migrations()
            .await?
            .last()
            .map_or(0, |(v, _)| *v))
    }

    /// Writes a backup of everything to `out`, table by table, calling `progress` with each
    /// table's name and rows.
    pub async fn backup(
        &self,
        out: &mut impl Write,
        progress: &dyn Fn(&str, usize),
    ) -> Result<BackupSummary, StoreError> {
        let io = |e: std::io::Error| StoreError::Invalid(format!("cannot write the backup: {e}"));
        let header = serde_json::json!({
            "format": BACKUP_FORMAT,
            "version": BACKUP_VERSION,
            "schema": self.schema_version().await?,
        });
        writeln!(out, "{header}").map_err(io)?;
        let mut summary = BackupSummary::default();
        // One transaction, so the tables agree with one another.
        let mut tx = self.pool.begin().await.doing("starting the backup")?;
        for table in TABLES {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}")))
                .fetch_all(&mut *tx)
                .await
                .doing("reading a table for the backup")?;
            let mut columns: Vec<String> = rows
                .first()
                .map(|r| r.columns().iter().map(|c| c.name().to_owned()).collect())
                .unwrap_or_default();
            // The same order on both backends: by name.
            let mut order: Vec<usize> = (0..columns.len()).collect();
            order.sort_by(|a, b| columns[*a].cmp(&columns[*b]));
            let mut lines: Vec<(String, serde_json::Value)> = Vec::with_capacity(rows.len());
            for r in &rows {
                let values = order
                    .iter()
                    .map(|i| cell(r, *i))
                    .collect::<Result<Vec<_>, _>>()?;
                let value = serde_json::Value::Array(values);
                lines.push((value.to_string(), value));
            }
            lines.sort_by(|a, b| a.0.cmp(&b.0));
            columns = order.iter().map(|i| columns[*i].clone()).collect();
            let line = serde_json::json!({
                "table": table,
                "columns": columns,
                "rows": lines.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
            });
            writeln!(out, "{line}").map_err(io)?;
            progress(table, rows.len());
            summary.tables += 1;
            summary.rows += rows.len();
        }
        tx.rollback().await.doing("ending the backup")?;
        out.flush().map_err(io)?;
        Ok(summary)
    }

    /// Restores a backup into this database, which must be empty and at the backup's schema.
    /// `source` names the file in errors.
    pub async fn restore(
        &self,
        input: impl BufRead,
        source: &str,
        progress: &dyn Fn(&str, usize),
    ) -> Result<BackupSummary, StoreError> {
        let bad = |line: usize, why: String| StoreError::Invalid(format!("{source}:{line}: {why}"));
        let mut lines = input.lines();
        let header: serde_json::Value = match lines.next() {
            Some(Ok(text)) => serde_json::from_str(&text)
                .map_err(|e| bad(1, format!("not an Oversight backup: {e}")))?,
            Some(Err(e)) => return Err(bad(1, format!("cannot be read: {e}"))),
            None => return Err(bad(1, "the file is empty".to_owned())),
        };
        if header["format"] != BACKUP_FORMAT {
            return Err(bad(1, "not an Oversight backup".to_owned()));
        }
        if header["version"] != BACKUP_VERSION {
            return Err(bad(
                1,
                format!(
                    "backup format version {} is not {BACKUP_VERSION}, the one this Oversight reads",
                    header["version"]
                ),
            ));
        }
        let schema = self.schema_version().await?;
        if header["schema"] != schema {
            return Err(bad(
                1,
                format!(
                    "the backup was taken at schema {} and this database is at {schema}: restore it with the Oversight version that made it",
                    header["schema"]
                ),
            ));
        }
        let mut tx = self.begin_write().await.doing("starting the restore")?;
        for table in ["documents", "users", "audit_log", "actions", "reviews"] {
            let any = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT 1 AS x FROM {table} LIMIT 1"
            )))
            .fetch_optional(&mut *tx)
            .await
            .doing("checking the database is empty")?;
            if any.is_some() {
                return Err(StoreError::Invalid(format!(
                    "the database already holds {table}: restore into an empty database"
                )));
            }
        }
        let mut summary = BackupSummary::default();
        for (n, line) in lines.enumerate() {
            let number = n + 2;
            let line = line.map_err(|e| bad(number, format!("cannot be read: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let part: serde_json::Value =
                serde_json::from_str(&line).map_err(|e| bad(number, format!("not JSON: {e}")))?;
            let table = part["table"].as_str().unwrap_or_default();
            let Some(table) = TABLES.iter().find(|t| **t == table) else {
                return Err(bad(number, format!("unknown table {table:?}")));
            };
            let known = self.column_types(&mut tx, table).await?;
            let mut columns: Vec<(&str, Kind)> = Vec::new();
            for c in part["columns"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let name = c.as_str().unwrap_or_default();
                let Some((_, kind)) = known.iter().find(|(k, _)| k == name) else {
                    return Err(bad(number, format!("{table} has no column {name:?}")));
                };
                columns.push((name, *kind));
            }
            let rows = part["rows"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut values = Vec::with_capacity(rows.len());
            for row in rows {
                let cells = row
                    .as_array()
                    .filter(|c| c.len() == columns.len())
                    .ok_or_else(|| {
                        bad(
                            number,
                            format!(
                                "a row of {table} does not have its {} columns",
                                columns.len()
                            ),
                        )
                    })?;
                let mut out = Vec::with_capacity(cells.len());
                for ((name, kind), v) in columns.iter().zip(cells) {
                    out.push(match (kind, v) {
                        (Kind::Int, serde_json::Value::Null) => Value::OptInt(None),
                        (Kind::Float, serde_json::Value::Null) => Value::OptFloat(None),
                        (Kind::Text, serde_json::Value::Null) => Value::OptText(None),
                        (Kind::Int, serde_json::Value::Number(n)) if n.is_i64() => {
                            Value::Int(n.as_i64().unwrap_or_default())
                        }
                        (Kind::Float, serde_json::Value::Number(n)) => Value::OptFloat(n.as_f64()),
                        (Kind::Text, serde_json::Value::String(t)) => Value::Text(t.clone()),
                        (_, other) => {
                            return Err(bad(
                                number,
                                format!("{table}.{name} holds a value of the wrong type: {other}"),
                            ));
                        }
                    });
                }
                values.push(out);
            }
            if !columns.is_empty() && !values.is_empty() {
                let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
                insert_rows(&mut tx, table, &names, values, "restoring a table").await?;
            }
            progress(table, rows.len());
            summary.tables += 1;
            summary.rows += rows.len();
        }
        crate::revisions::touch(
            &mut tx,
            &[
                crate::Scope::Documents,
                crate::Scope::Evidence,
                crate::Scope::Reviews,
                crate::Scope::Workflow,
            ],
        )
        .await?;
        tx.commit().await.doing("committing the restore")?;
        Ok(summary)
    }
}
