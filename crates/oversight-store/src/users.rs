//! Users (argon2-hashed passwords), sessions (only a hash of the token is stored), failed
//! logins for rate limiting, and the hash-chained audit log.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use oversight_domain::user::Role;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use crate::read::get;
use crate::{Doing, Store, StoreError, timestamp};

pub use oversight_domain::user::User;

/// A session: who, and the token forms must echo (CSRF).
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf: String,
}

/// One audit log entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub record: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub hash: String,
}

/// How long a session lasts.
pub const SESSION_HOURS: i64 = 8;
/// Failed logins allowed for one user name from one client in [`FAILURE_WINDOW_MINUTES`].
pub const MAX_FAILURES: i64 = 5;
/// Failed logins allowed from one client, whatever the names, in the window.
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;
/// Failed logins allowed for one user name from all clients together, in the window.
pub const MAX_FAILURES_PER_NAME: i64 = 50;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
/// The longest user name.
pub const MAX_USERNAME: usize = 64;

/// What a login attempt came to.
#[derive(Debug)]
pub enum LoginOutcome {
    /// The session's token (for the cookie) and the session.
    SignedIn { token: String, session: Session },
    /// The name or the password is wrong (recorded and audited).
    Wrong,
    /// Refused unchecked: too many recent failures. The message says which limit.
    TooMany(&'static str),
}

/// A valid argon2 hash of nothing anyone types, checked against when the name is unknown so
/// that a wrong name takes as long as a wrong password.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        hash_password("no user has this password: it only costs time").unwrap_or_default()
    })
}

/// A user by name, inside a transaction.
pub(crate) async fn user_in(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<User>, StoreError> {
    let row = sqlx::query("SELECT username, role, force_slug FROM users WHERE username = $1")
        .bind(username.to_owned())
        .fetch_optional(&mut *conn)
        .await
        .doing("looking a user up")?;
    row.as_ref().map(user_row).transpose()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Internal(format!("no randomness available: {e}")))?;
    Ok(hex(&bytes))
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, StoreError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Internal(format!("no randomness available: {e}")))?;
    let salt = SaltString::encode_b64(&bytes)
        .map_err(|e| StoreError::Internal(format!("could not make a salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Internal(format!("could not hash the password: {e}")))
}

/// Whether `password` matches a stored PHC hash.
pub fn password_matches(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Appends an entry to the audit log inside the caller's transaction.
pub(crate) async fn audit(
    conn: &mut AnyConnection,
    actor: &str,
    action: &str,
    record: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<(), StoreError> {
    let last = sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut *conn)
        .await
        .doing("reading the audit log")?;
    let (seq, prev_hash): (i64, String) = match last {
        Some(r) => (get::<i64>(&r, "seq")? + 1, get(&r, "hash")?),
        None => (1, String::new()),
    };
    let at = timestamp(OffsetDateTime::now_utc());
    let hash = entry_hash(
        &prev_hash,
        seq,
        &at,
        actor,
        action,
        record,
        before.as_deref(),
        after.as_deref(),
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, record, before, after, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(seq)
    .bind(at)
    .bind(actor.to_owned())
    .bind(action.to_owned())
    .bind(record.to_owned())
    .bind(before)
    .bind(after)
    .bind(prev_hash)
    .bind(hash)
    .execute(&mut *conn)
    .await
    .doing("appending to the audit log")?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    record: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    let canonical =
        serde_json::json!([prev, seq, at, actor, action, record, before, after]).to_string();
    hex(&Sha256::digest(canonical.as_bytes()))
}

impl Store {
    /// Creates a user. Editors must name their force; other roles must not.
    pub async fn add_user(
        &self,
        username: &str,
        password: &str,
        role: Role,
        force: Option<&str>,
        actor: &str,
    ) -> Result<(), StoreError> {
        if username.trim().is_empty() || username.chars().count() > MAX_USERNAME {
            return Err(StoreError::Invalid(
                "a user name is 1 to 64 characters".to_owned(),
            ));
        }
        if password.chars().count() < 12 {
            return Err(StoreError::Invalid(
                "a password needs at least 12 characters".to_owned(),
            ));
        }
        match (role.scoped_to_a_force(), force) {
            (true, None) => {
                return Err(StoreError::Invalid(format!(
                    "a {} works for one force: give --force",
                    role.label()
                )));
            }
            (false, Some(_)) => {
                return Err(StoreError::Invalid(format!(
                    "a {} is not scoped to a force",
                    role.label()
                )));
            }
            (true, Some(f)) if oversight_domain::Force::from_slug(f).is_none() => {
                return Err(StoreError::Invalid(format!("there is no force {f:?}")));
            }
            _ => {}
        }
        let hash = hash_password(password)?;
        let mut tx = self.begin_write().await.doing("starting to add a user")?;
        let exists = sqlx::query("SELECT username FROM users WHERE username = $1")
            .bind(username.to_owned())
            .fetch_optional(&mut *tx)
            .await
            .doing("looking a user up")?
            .is_some();
        if exists {
            return Err(StoreError::Conflict(format!(
                "the user {username:?} already exists"
            )));
        }
        sqlx::query("INSERT INTO users (username, password_hash, role, force_slug, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(username.to_owned())
            .bind(hash)
            .bind(role.code())
            .bind(force.map(str::to_owned))
            .bind(timestamp(OffsetDateTime::now_utc()))
            .execute(&mut *tx)
            .await
            .doing("adding a user")?;
        let after = serde_json::json!({"username": username, "role": role.code(), "force": force})
            .to_string();
        audit(
            &mut tx,
            actor,
            "create user",
            &format!("user:{username}"),
            None,
            Some(after),
        )
        .await?;
        tx.commit().await.doing("committing a new user")
    }

    /// A user by name.
    pub async fn user(&self, username: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query("SELECT username, role, force_slug FROM users WHERE username = $1")
            .bind(username.to_owned())
            .fetch_optional(&self.pool)
            .await
            .doing("looking a user up")?;
        row.as_ref().map(user_row).transpose()
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query("SELECT username, role, force_slug FROM users ORDER BY username")
            .fetch_all(&self.pool)
            .await
            .doing("listing users")?;
        rows.iter().map(user_row).collect()
    }

    /// Checks a password and opens a session. Before any password is checked, the failed
    /// attempts of the last [`FAILURE_WINDOW_MINUTES`] are counted: per user name from this
    /// client ([`MAX_FAILURES`]), from this client whatever the name
    /// ([`MAX_FAILURES_PER_CLIENT`]) and for this name from everywhere
    /// ([`MAX_FAILURES_PER_NAME`]); past any of them the attempt is refused unchecked and
    /// nothing is written. So one client cannot try many names, nor lock a known user out
    /// for everyone else; and a refused flood adds nothing to the audit log.
    ///
    /// A wrong name costs the same password check as a wrong password, so names cannot be
    /// confirmed by timing. `client` names where the attempt came from (an address).
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        client: &str,
    ) -> Result<LoginOutcome, StoreError> {
        // Nobody's name is longer; a longer one is recorded cut, never whole.
        let name: String = username.chars().take(MAX_USERNAME).collect();
        let client: String = client.chars().take(64).collect();
        let since =
            timestamp(OffsetDateTime::now_utc() - Duration::minutes(FAILURE_WINDOW_MINUTES));
        let counts = sqlx::query(
            "SELECT \
               CAST(COALESCE(SUM(CASE WHEN username = $1 AND client = $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS pair, \
               CAST(COALESCE(SUM(CASE WHEN client = $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS by_client, \
               CAST(COALESCE(SUM(CASE WHEN username = $1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS by_name \
             FROM login_failures WHERE (username = $1 OR client = $2) AND failed_at > $3",
        )
        .bind(name.clone())
        .bind(client.clone())
        .bind(since)
        .fetch_one(&self.pool)
        .await
        .doing("counting failed logins")?;
        if get::<i64>(&counts, "pair")? >= MAX_FAILURES
            || get::<i64>(&counts, "by_name")? >= MAX_FAILURES_PER_NAME
        {
            return Ok(LoginOutcome::TooMany(
                "Too many failed attempts for this user name: wait 15 minutes and try again.",
            ));
        }
        if get::<i64>(&counts, "by_client")? >= MAX_FAILURES_PER_CLIENT {
            return Ok(LoginOutcome::TooMany(
                "Too many failed attempts from this address: wait 15 minutes and try again.",
            ));
        }
        let row = if username.chars().count() > MAX_USERNAME {
            None
        } else {
            sqlx::query(
                "SELECT username, password_hash, role, force_slug FROM users WHERE username = $1",
            )
            .bind(username.to_owned())
            .fetch_optional(&self.pool)
            .await
            .doing("looking a user up")?
        };
        let stored_hash = match &row {
            Some(r) => get::<String>(r, "password_hash")?,
            None => dummy_hash().to_owned(),
        };
        let user = match &row {
            Some(r) if password_matches(password, &stored_hash) => Some(user_row(r)?),
            Some(_) => None,
            None => {
                // The same work as a real check, whose answer is no.
                let _ = password_matches(password, &stored_hash);
                None
            }
        };
        let mut tx = self.begin_write().await.doing("starting a login")?;
        let Some(user) = user else {
            sqlx::query(
                "INSERT INTO login_failures (username, failed_at, client) VALUES ($1, $2, $3)",
            )
            .bind(name.clone())
            .bind(timestamp(OffsetDateTime::now_utc()))
            .bind(client.clone())
            .execute(&mut *tx)
            .await
            .doing("recording a failed login")?;
            audit(
                &mut tx,
                &name,
                "login failed",
                &format!("user:{name}"),
                None,
                Some(serde_json::json!({ "client": client }).to_string()),
            )
            .await?;
            tx.commit().await.doing("committing a failed login")?;
            return Ok(LoginOutcome::Wrong);
        };
        let token = random_token()?;
        let csrf = random_token()?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, username, csrf, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash(&token))
        .bind(user.username.clone())
        .bind(csrf.clone())
        .bind(timestamp(
            OffsetDateTime::now_utc() + Duration::hours(SESSION_HOURS),
        ))
        .execute(&mut *tx)
        .await
        .doing("opening a session")?;
        tx.commit().await.doing("committing a login")?;
        Ok(LoginOutcome::SignedIn {
            token,
            session: Session { user, csrf },
        })
    }

    /// The live session a cookie's token belongs to.
    pub async fn session(&self, token: &str) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(
            "SELECT u.username, u.role, u.force_slug, s.csrf, s.expires_at FROM sessions s \
             JOIN users u ON u.username = s.username WHERE s.token_hash = $1",
        )
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await
        .doing("reading a session")?;
        let Some(r) = row else { return Ok(None) };
        let expires: String = get(&r, "expires_at")?;
        if expires < timestamp(OffsetDateTime::now_utc()) {
            return Ok(None);
        }
        Ok(Some(Session {
            user: user_row(&r)?,
            csrf: get(&r, "csrf")?,
        }))
    }

    /// Ends a session.
    pub async fn logout(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(&self.pool)
            .await
            .doing("ending a session")?;
        Ok(())
    }

    /// The newest `limit` entries of the audit log, newest first, optionally only those whose
    /// record, actor or action contains `filter`.
    pub async fn audit_log(
        &self,
        filter: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let pattern = filter
            .map(|f| {
                let escaped = f
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                format!("%{escaped}%")
            })
            .unwrap_or_default();
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, record, before, after, hash FROM audit_log \
             WHERE $1 = '' OR record LIKE $1 ESCAPE '\\' OR actor LIKE $1 ESCAPE '\\' OR action LIKE $1 ESCAPE '\\' \
             ORDER BY seq DESC LIMIT $2",
        )
        .bind(pattern)
        .bind(limit.max(0))
        .fetch_all(&self.pool)
        .await
        .doing("reading the audit log")?;
        rows.iter().map(audit_entry).collect()
    }

    /// Every entry about these records (`action:<id>`, …), oldest first; with `latest`, only
    /// that many of the newest.
    pub async fn audit_of(
        &self,
        records: &[String],
        latest: Option<usize>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut conn = self.pool.acquire().await.doing("reading the audit log")?;
        let rows = crate::sql::fetch_in(
            &mut conn,
            |marks| {
                // Each chunk gives at most the newest `latest`; the merge below keeps the
                // newest of those.
                let limit = latest.map_or(String::new(), |n| format!(" ORDER BY seq DESC LIMIT {n}"));
                format!(
                    "SELECT seq, at, actor, action, record, before, after, hash FROM audit_log WHERE record IN ({marks}){limit}"
                )
            },
            records,
            "reading the audit log",
        )
        .await?;
        let mut entries: Vec<AuditEntry> =
            rows.iter().map(audit_entry).collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.seq);
        if let Some(n) = latest {
            let skip = entries.len().saturating_sub(n);
            entries.drain(..skip);
        }
        Ok(entries)
    }

    /// The audit log's records about drafts that `viewer` may not see: actions never
    /// published and responses never published, of forces the viewer does not edit for.
    pub async fn private_records(
        &self,
        viewer: &User,
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT 'action:' || a.id AS record, f.force_slug FROM actions a JOIN findings f ON f.id = a.finding_id WHERE a.published = 0 \
             UNION ALL SELECT 'response:' || w.id AS record, f.force_slug FROM workflow_responses w JOIN findings f ON f.id = w.finding_id \
             WHERE w.published_at IS NULL",
        )
        .fetch_all(&self.pool)
        .await
        .doing("reading drafts")?;
        let mut out = std::collections::HashSet::new();
        for r in &rows {
            let force: String = get(r, "force_slug")?;
            if !oversight_domain::policy::allows(
                viewer,
                oversight_domain::policy::Act::SeeDrafts { force: &force },
            ) {
                out.insert(get(r, "record")?);
            }
        }
        Ok(out)
    }

    /// Checks the audit log's hash chain: `Err` names the first entry that does not match.
    pub async fn verify_audit(&self) -> Result<Result<usize, String>, StoreError> {
        let rows = sqlx::query("SELECT seq, at, actor, action, record, before, after, prev_hash, hash FROM audit_log ORDER BY seq")
            .fetch_all(&self.pool)
            .await
            .doing("reading the audit log")?;
        let mut prev = String::new();
        for (expected_seq, r) in (1i64..).zip(rows.iter()) {
            let seq: i64 = get(r, "seq")?;
            if seq != expected_seq {
                return Ok(Err(format!(
                    "entry {expected_seq} is missing (the next is {seq})"
                )));
            }
            let stored_prev: String = get(r, "prev_hash")?;
            let hash: String = get(r, "hash")?;
            let before: Option<String> = get(r, "before")?;
            let after: Option<String> = get(r, "after")?;
            let computed = entry_hash(
                &prev,
                seq,
                &get::<String>(r, "at")?,
                &get::<String>(r, "actor")?,
                &get::<String>(r, "action")?,
                &get::<String>(r, "record")?,
                before.as_deref(),
                after.as_deref(),
            );
            if stored_prev != prev || computed != hash {
                return Ok(Err(format!(
                    "entry {seq} has been altered: its hash does not match its content and the chain"
                )));
            }
            prev = hash;
        }
        Ok(Ok(rows.len()))
    }
}

fn audit_entry(r: &sqlx::any::AnyRow) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        seq: get(r, "seq")?,
        at: get(r, "at")?,
        actor: get(r, "actor")?,
        action: get(r, "action")?,
        record: get(r, "record")?,
        before: get(r, "before")?,
        after: get(r, "after")?,
        hash: get(r, "hash")?,
    })
}

fn user_row(r: &sqlx::any::AnyRow) -> Result<User, StoreError> {
    let role: String = get(r, "role")?;
    Ok(User {
        username: get(r, "username")?,
        role: role.parse().map_err(|_| StoreError::Corrupt {
            what: "role",
            value: role.clone(),
        })?,
        force: get(r, "force_slug")?,
    })
}
