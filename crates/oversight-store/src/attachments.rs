//! Files attached to progress updates as evidence: size-limited, their content type checked
//! against their first bytes, stored with their SHA-256.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::read::get;
use crate::users::{User, audit};
use crate::{Doing, Scope, Store, StoreError};

/// The largest file accepted.
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;

/// An attachment's description (its bytes are fetched separately).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AttachmentView {
    pub sha256: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

fn attachment_view(r: &sqlx::any::AnyRow) -> Result<AttachmentView, StoreError> {
    Ok(AttachmentView {
        sha256: get(r, "sha256")?,
        name: get(r, "name")?,
        content_type: get(r, "content_type")?,
        size: get(r, "size")?,
    })
}

/// Checks a file: not empty, not too large, and its bytes are what its type says.
pub fn check_attachment(name: &str, content_type: &str, bytes: &[u8]) -> Result<(), StoreError> {
    if bytes.is_empty() {
        return Err(StoreError::Invalid(format!("{name} is empty")));
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(StoreError::Invalid(format!(
            "{name} is {} bytes; attachments are limited to {MAX_ATTACHMENT_BYTES} bytes",
            bytes.len()
        )));
    }
    let matches = match content_type {
        "application/pdf" => bytes.starts_with(b"%PDF-"),
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => bytes.starts_with(b"\xFF\xD8\xFF"),
        "text/plain" | "text/csv" => std::str::from_utf8(bytes).is_ok_and(|t| !t.contains('\0')),
        other => {
            return Err(StoreError::Invalid(format!(
                "{name}: files of type {other:?} are not accepted (PDF, PNG, JPEG, plain text or CSV)"
            )));
        }
    };
    if !matches {
        return Err(StoreError::Invalid(format!(
            "{name} does not hold what its type says ({content_type}): its content does not match"
        )));
    }
    Ok(())
}

/// The file name without any folder, and without characters that do not belong in one.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "attachment".to_owned()
    } else {
        cleaned
    }
}

impl Store {
    /// Attaches a file to update `update` (numbered from 1) of an action.
    pub async fn attach(
        &self,
        action: &str,
        update: i64,
        name: &str,
        content_type: &str,
        bytes: &[u8],
        actor: &User,
    ) -> Result<String, StoreError> {
        let name = clean_name(name);
        check_attachment(&name, content_type, bytes)?;
        let current = self
            .action(action)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("there is no action {action:?}")))?;
        oversight_domain::policy::check(
            actor,
            oversight_domain::policy::Act::EditActions {
                force: &current.force,
            },
        )?;
        if !current.updates.iter().any(|u| u.position == update) {
            return Err(StoreError::NotFound(format!(
                "action {action} has no update {update}"
            )));
        }
        let sha: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut tx = self.begin_write().await.doing("starting an attachment")?;
        let exists = sqlx::query("SELECT sha256 FROM attachments WHERE action_id = $1 AND update_position = $2 AND sha256 = $3")
            .bind(action.to_owned())
            .bind(update)
            .bind(sha.clone())
            .fetch_optional(&mut *tx)
            .await
            .doing("looking for the same file")?
            .is_some();
        if exists {
            return Ok(sha);
        }
        sqlx::query(
            "INSERT INTO attachments (sha256, action_id, update_position, name, content_type, size, data, added_by, added_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(sha.clone())
        .bind(action.to_owned())
        .bind(update)
        .bind(name.clone())
        .bind(content_type.to_owned())
        .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
        .bind(STANDARD.encode(bytes))
        .bind(actor.username.clone())
.bind(crate::now())
        .execute(&mut *tx)
        .await
        .doing("storing an attachment")?;
        let after = serde_json::json!({"update": update, "name": name, "content_type": content_type, "size": bytes.len(), "sha256": sha});
        audit(
            &mut tx,
            &actor.username,
            "attach evidence",
            &format!("action:{action}"),
            None,
            Some(after.to_string()),
        )
        .await?;
        crate::revisions::touch(
            &mut tx,
            &Scope::workflow_of(&current.force, &current.finding),
        )
        .await?;
        tx.commit().await.doing("committing an attachment")?;
        Ok(sha)
    }

    /// The files attached to an action's updates: (update, attachment).
    pub async fn attachments(
        &self,
        action: &str,
    ) -> Result<Vec<(i64, AttachmentView)>, StoreError> {
        let rows = sqlx::query(
            "SELECT update_position, sha256, name, content_type, size FROM attachments WHERE action_id = $1 ORDER BY update_position, added_at",
        )
        .bind(action.to_owned())
        .fetch_all(&self.pool)
        .await
        .doing("reading attachments")?;
        rows.iter()
            .map(|r| Ok((get(r, "update_position")?, attachment_view(r)?)))
            .collect()
    }

    /// The files attached to each of these actions' updates, by action: (update, attachment).
    pub async fn attachments_of(
        &self,
        actions: &[String],
    ) -> Result<std::collections::HashMap<String, Vec<(i64, AttachmentView)>>, StoreError> {
        let mut conn = self.pool.acquire().await.doing("reading attachments")?;
        let rows = crate::sql::fetch_in(
            &mut conn,
            |marks| {
                format!(
                    "SELECT action_id, update_position, sha256, name, content_type, size FROM attachments \
                     WHERE action_id IN ({marks}) ORDER BY action_id, update_position, added_at"
                )
            },
            actions,
            "reading attachments",
        )
        .await?;
        let mut out: std::collections::HashMap<String, Vec<(i64, AttachmentView)>> =
            std::collections::HashMap::new();
        for r in &rows {
            out.entry(get(r, "action_id")?)
                .or_default()
                .push((get(r, "update_position")?, attachment_view(r)?));
        }
        Ok(out)
    }

    /// A file by its hash, its description and bytes, when `viewer` (or the public, with
    /// `None`) may see an action it is attached to: a draft action's files are as private as
    /// the draft. `None` for a file nobody attached and for one the viewer may not see, so
    /// the answer does not tell whether a private file exists.
    pub async fn attachment(
        &self,
        sha256: &str,
        viewer: Option<&User>,
    ) -> Result<Option<(AttachmentView, Vec<u8>)>, StoreError> {
        let owners = sqlx::query(
            "SELECT a.published, f.force_slug FROM attachments t JOIN actions a ON a.id = t.action_id \
             JOIN findings f ON f.id = a.finding_id WHERE t.sha256 = $1 AND a.withdrawn = 0",
        )
        .bind(sha256.to_owned())
        .fetch_all(&self.pool)
        .await
        .doing("reading who may see an attachment")?;
        let mut visible = false;
        for r in &owners {
            let published = get::<i64>(r, "published")? != 0;
            let force: String = get(r, "force_slug")?;
            if published
                || viewer.is_some_and(|u| {
                    oversight_domain::policy::allows(
                        u,
                        oversight_domain::policy::Act::SeeDrafts { force: &force },
                    )
                })
            {
                visible = true;
                break;
            }
        }
        if !visible {
            return Ok(None);
        }
        let row = sqlx::query("SELECT sha256, name, content_type, size, data FROM attachments WHERE sha256 = $1 LIMIT 1")
            .bind(sha256.to_owned())
            .fetch_optional(&self.pool)
            .await
            .doing("reading an attachment")?;
        let Some(r) = row else { return Ok(None) };
        let data: String = get(&r, "data")?;
        let bytes = STANDARD
            .decode(data.as_bytes())
            .map_err(|_| StoreError::Corrupt {
                what: "attachment",
                value: sha256.to_owned(),
            })?;
        Ok(Some((attachment_view(&r)?, bytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_checked_against_their_type_and_size() {
        assert!(check_attachment("a.pdf", "application/pdf", b"%PDF-1.7 ...").is_ok());
        assert!(check_attachment("a.pdf", "application/pdf", b"MZ\x90\x00").is_err());
        assert!(check_attachment("a.png", "image/png", b"\x89PNG\r\n\x1a\nrest").is_ok());
        assert!(check_attachment("a.txt", "text/plain", "plain words".as_bytes()).is_ok());
        assert!(check_attachment("a.txt", "text/plain", b"\xff\xfe").is_err());
        assert!(check_attachment("a.exe", "application/octet-stream", b"MZ").is_err());
        assert!(check_attachment("a.txt", "text/plain", b"").is_err());
        let big = vec![b'a'; MAX_ATTACHMENT_BYTES + 1];
        assert!(check_attachment("big.txt", "text/plain", &big).is_err());
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\reports\\plan \"v2\".pdf"), "plan v2.pdf");
    }
}
