//! Multi-row INSERTs with numbered parameters: one statement per table per document
//! keeps an import to a handful of round trips. Every value is bound, never inlined.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{AnyConnection, Arguments, AssertSqlSafe};

use crate::{Doing, StoreError};

/// A value to bind.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
    OptFloat(Option<f64>),
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_owned())
    }
}
impl From<Option<String>> for Value {
    fn from(s: Option<String>) -> Value {
        Value::OptText(s)
    }
}
impl From<Option<&str>> for Value {
    fn from(s: Option<&str>) -> Value {
        Value::OptText(s.map(str::to_owned))
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}
impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<Option<i64>> for Value {
    fn from(n: Option<i64>) -> Value {
        Value::OptInt(n)
    }
}

/// SQLite allows 32,766 parameters per statement; stay well under.
const MAX_PARAMS: usize = 900;

/// Inserts `rows` into `table`. `table` and `columns` are names of ours: constants, or (in a
/// restore) names checked against the database's own tables and columns.
pub(crate) async fn insert_rows(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
    doing: &'static str,
) -> Result<(), StoreError> {
    let per_chunk = (MAX_PARAMS / columns.len()).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_chunk).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut args = AnyArguments::default();
        let mut n = 0;
        for (r, row) in chunk.into_iter().enumerate() {
            debug_assert_eq!(row.len(), columns.len());
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for (c, value) in row.into_iter().enumerate() {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push('$');
                sql.push_str(&n.to_string());
                let added = match value {
                    Value::Text(s) => args.add(s),
                    Value::OptText(s) => args.add(s),
                    Value::Int(i) => args.add(i),
                    Value::OptInt(i) => args.add(i),
                    Value::OptFloat(f) => args.add(f),
                };
                added.map_err(|e| StoreError::Query {
                    doing,
                    source: sqlx::Error::Encode(e),
                })?;
            }
            sql.push(')');
        }
        sqlx::query_with(AssertSqlSafe(sql), args)
            .execute(&mut *conn)
            .await
            .doing(doing)?;
    }
    Ok(())
}

/// `$from, $from+1, …` for `count` parameters.
pub(crate) fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `sql(marks)` for the keys in chunks small enough for SQLite's parameter limit, where
/// `marks` is the placeholder list of one chunk, and returns every chunk's rows in order.
/// Rows that belong to one key all come from the same chunk, so a per-key `ORDER BY` holds.
pub(crate) async fn fetch_in(
    conn: &mut AnyConnection,
    sql: impl Fn(&str) -> String,
    keys: &[String],
    doing: &'static str,
) -> Result<Vec<AnyRow>, StoreError> {
    let mut out = Vec::new();
    for chunk in keys.chunks(MAX_PARAMS) {
        let text = sql(&placeholders(1, chunk.len()));
        let mut query = sqlx::query(AssertSqlSafe(text));
        for key in chunk {
            query = query.bind(key.clone());
        }
        out.extend(query.fetch_all(&mut *conn).await.doing(doing)?);
    }
    Ok(out)
}
