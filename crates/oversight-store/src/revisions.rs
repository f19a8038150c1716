//! Revisions of scopes of the stored data, for caches of what is shown from it.
//!
//! Every change bumps, in its own transaction, the revision of each scope it touches: an
//! action on a Hampshire finding bumps `workflow`, `force:hampshire` and `finding:<id>`. A
//! page records the revisions of the scopes it shows when it is rendered and stays valid
//! while they are unchanged, so a busy week of action updates in one force does not throw
//! away the national table or another force's pages. The revisions live in the database, so
//! every server process sharing it sees the same ones.

use sqlx::AnyConnection;

use crate::read::get;
use crate::{Doing, Store, StoreError};

/// A part of the stored data that pages depend on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Imported documents and what was read from them: judgments, findings, responses.
    Documents,
    /// police.uk counts, indicator values and links of findings to indicators.
    Evidence,
    /// Panel scrutiny reviews.
    Reviews,
    /// Actions, their updates and files, and responses written in Oversight, anywhere.
    Workflow,
    /// Everything of one force's workflow (its slug).
    Force(String),
    /// One finding's actions, responses and links (its id).
    Finding(String),
}

impl Scope {
    /// The key the revision is stored under.
    pub fn key(&self) -> String {
        match self {
            Scope::Documents => "documents".to_owned(),
            Scope::Evidence => "evidence".to_owned(),
            Scope::Reviews => "reviews".to_owned(),
            Scope::Workflow => "workflow".to_owned(),
            Scope::Force(slug) => format!("force:{slug}"),
            Scope::Finding(id) => format!("finding:{id}"),
        }
    }

    /// The scopes a change to one finding's workflow touches.
    pub fn workflow_of(force: &str, finding: &str) -> [Scope; 3] {
        [
            Scope::Workflow,
            Scope::Force(force.to_owned()),
            Scope::Finding(finding.to_owned()),
        ]
    }
}

/// Bumps the revision of each scope, inside the caller's transaction.
pub(crate) async fn touch(conn: &mut AnyConnection, scopes: &[Scope]) -> Result<(), StoreError> {
    for scope in scopes {
        sqlx::query(
            "INSERT INTO revisions (scope, n) VALUES ($1, 1) \
             ON CONFLICT (scope) DO UPDATE SET n = revisions.n + 1",
        )
        .bind(scope.key())
        .execute(&mut *conn)
        .await
        .doing("bumping a revision")?;
    }
    // The single counter older callers read (`data_version`) moves with every change too.
    sqlx::query("UPDATE revision SET n = n + 1 WHERE id = 1")
        .execute(&mut *conn)
        .await
        .doing("bumping the revision")?;
    Ok(())
}

impl Store {
    /// The current revision of each scope, in the order asked (0 for one never changed).
    pub async fn revisions(&self, scopes: &[Scope]) -> Result<Vec<i64>, StoreError> {
        if scopes.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<String> = scopes.iter().map(Scope::key).collect();
        let sql = format!(
            "SELECT scope, n FROM revisions WHERE scope IN ({})",
            crate::sql::placeholders(1, keys.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for k in &keys {
            query = query.bind(k.clone());
        }
        let rows = query
            .fetch_all(&self.pool)
            .await
            .doing("reading revisions")?;
        let mut found = std::collections::HashMap::with_capacity(rows.len());
        for r in &rows {
            found.insert(get::<String>(r, "scope")?, get::<i64>(r, "n")?);
        }
        Ok(keys
            .iter()
            .map(|k| found.get(k).copied().unwrap_or(0))
            .collect())
    }
}
