//! Oversight's persistence, behind one interface whatever the database.
//!
//! The backend is chosen once, from the database URL: a file path or `sqlite:` URL gives the
//! embedded SQLite default (created, switched to WAL and migrated on first use); a
//! `postgres://` URL gives PostgreSQL. Both go through sqlx's `Any` driver with the same
//! portable SQL and the same migrations, so nothing above this crate knows which it is.
//!
//! Error policy: every failure is a [`StoreError`] saying what was being done; callers
//! show it to a person. An import is one transaction: on any error nothing of it is kept.

mod actions;
mod attachments;
mod backup;
mod evidence;
mod import;
pub mod limits;
mod query;
mod read;
mod responses;
mod review;
mod revisions;
mod sql;
mod users;

use std::path::Path;
use std::str::FromStr;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

pub use actions::{ActionFilter, ActionView, UpdateView};
pub use attachments::{AttachmentView, MAX_ATTACHMENT_BYTES, check_attachment};
pub use backup::{BACKUP_FORMAT, BACKUP_VERSION, BackupSummary};
pub use evidence::{CountRow, EvidenceBatch, EvidenceCoverage, EvidenceFile, EvidenceStored};
pub use import::{ImportOutcome, ImportSummary};
pub use query::{FindingCount, FindingFilter, FindingPage};
pub use read::{
    DeadlineView, DocumentView, FindingListView, FindingView, InspectionSummary, JudgmentView,
    ProgressView, ResponseView, SectionView, SubActionView,
};
pub use responses::{ResponseDraft, WorkflowResponse};
pub use review::{EvidenceView, FigureView, RecommendationView, ReviewView};
pub use revisions::Scope;
pub use users::{
    AuditEntry, FAILURE_WINDOW_MINUTES, LoginOutcome, MAX_FAILURES, MAX_FAILURES_PER_CLIENT,
    MAX_FAILURES_PER_NAME, MAX_USERNAME, SESSION_HOURS, Session, User, hash_password,
    password_matches,
};

/// The database engine behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("could not open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("could not migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error while {doing}: {source}")]
    Query {
        doing: &'static str,
        source: sqlx::Error,
    },
    /// The person may not make this change (the domain's policy says so).
    #[error("{0}")]
    Forbidden(String),
    /// The change clashes with the data as it is: someone changed it meanwhile, or its
    /// state does not allow the step (a move out of a final status, a name already taken).
    #[error("{0}")]
    Conflict(String),
    /// The record a change names does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Input that is not acceptable whatever the state of the data: too long, empty, naming
    /// nobody. The person who typed it can correct it.
    #[error("{0}")]
    Invalid(String),
    /// Something on this machine failed (no randomness for a token, a hash not made).
    #[error("{0}")]
    Internal(String),
    #[error(
        "the database holds a value Oversight cannot read ({what}: {value:?}); was it written by a newer version?"
    )]
    Corrupt { what: &'static str, value: String },
}

impl From<oversight_domain::policy::Denied> for StoreError {
    fn from(denied: oversight_domain::policy::Denied) -> StoreError {
        StoreError::Forbidden(denied.0)
    }
}

pub(crate) trait Doing<T> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError>;
}

impl<T> Doing<T> for Result<T, sqlx::Error> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Query { doing, source })
    }
}

/// An instant as stored: RFC 3339, UTC.
pub(crate) fn timestamp(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Now, as stored.
pub(crate) fn now() -> String {
    timestamp(time::OffsetDateTime::now_utc())
}

/// A stored ISO date (`2017-03-02`).
pub(crate) fn iso_date(value: &str) -> Result<time::Date, StoreError> {
    time::Date::parse(value, &time::format_description::well_known::Iso8601::DATE).map_err(|_| {
        StoreError::Corrupt {
            what: "date",
            value: value.to_owned(),
        }
    })
}

/// Turns what a user typed (`oversight.db`, `sqlite://x.db`, `postgres://…`) into a URL.
pub fn database_url(database: &str) -> String {
    if database.starts_with("postgres://")
        || database.starts_with("postgresql://")
        || database.starts_with("sqlite:")
    {
        database.to_owned()
    } else {
        format!("sqlite://{database}?mode=rwc")
    }
}

/// A handle on Oversight's database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens (creating and migrating if need be) the database at `database`: a path, a
    /// `sqlite:` URL or a `postgres://` URL.
    pub async fn open(database: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let url = database_url(database);
        let backend = if url.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        if backend == Backend::Sqlite
            && let Some(parent) = sqlite_path(&url).and_then(|p| p.parent().map(Path::to_path_buf))
            && !parent.as_os_str().is_empty()
            && !parent.exists()
        {
            return Err(StoreError::Open {
                url: url.clone(),
                source: sqlx::Error::Configuration(
                    format!("the folder {} does not exist", parent.display()).into(),
                ),
            });
        }
        let options = AnyPoolOptions::new().max_connections(8);
        let options = if backend == Backend::Sqlite {
            options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL with NORMAL sync is durable at checkpoints and safe against
                    // corruption on a crash; the cache and map sizes keep large imports off
                    // the read path.
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    conn.execute("PRAGMA cache_size = -65536").await?;
                    conn.execute("PRAGMA mmap_size = 268435456").await?;
                    conn.execute("PRAGMA temp_store = MEMORY").await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        let pool = options
            .connect(&url)
            .await
            .map_err(|source| StoreError::Open {
                url: redact(&url),
                source,
            })?;
        if backend == Backend::Sqlite {
            // WAL is a property of the file: set once, kept by every later connection.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await
                .doing("switching to WAL")?;
        }
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store { pool, backend })
    }

    /// Begins a transaction that will write, taking the write lock at once. On SQLite a
    /// transaction that reads first and writes later fails with "database is locked" when
    /// another connection wrote meanwhile; starting with a write makes it wait its turn
    /// (busy timeout) instead. On PostgreSQL it serialises writers on one row.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE revision SET n = n WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The migrations applied to this database: (version, description), oldest first.
    /// Migrations run when a store is opened, under the migrator's lock on PostgreSQL, so
    /// servers started together never apply one twice.
    pub async fn applied_migrations(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await
        .doing("reading the applied migrations")?;
        rows.iter()
            .map(|r| Ok((read::get(r, "version")?, read::get(r, "description")?)))
            .collect()
    }

    /// Checks that the database answers a query.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .doing("checking the database answers")?;
        Ok(())
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:")
        .then(|| std::path::PathBuf::from_str(path).ok())
        .flatten()
}

/// Hides a password in a URL before it is shown.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_sqlite_urls() {
        assert_eq!(database_url("my.db"), "sqlite://my.db?mode=rwc");
        assert_eq!(database_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            sqlite_path("sqlite://dir/my.db?mode=rwc"),
            Some("dir/my.db".into())
        );
    }

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
