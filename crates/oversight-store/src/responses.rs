//! Responses written in Oversight by the OPCC or the force: drafts visible only to that
//! force's editors and admins, checked for completeness before they can be published.

use oversight_domain::policy::{self, Act};
use oversight_domain::user::Role;

use crate::read::get;
use crate::revisions::{Scope, touch};
use crate::users::{User, audit};
use crate::{Doing, Store, StoreError};

/// A response as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WorkflowResponse {
    pub id: String,
    pub finding: String,
    pub force: String,
    /// `opcc` or `force`.
    pub by: String,
    pub text: String,
    pub action_taken: Option<String>,
    pub no_action_reason: Option<String>,
    /// `draft`, `published` or `withdrawn`.
    pub status: String,
    pub version: i64,
    pub author: String,
    pub published_at: Option<String>,
}

/// What a response says, as written or edited.
#[derive(Debug, Clone, Default)]
pub struct ResponseDraft {
    pub text: String,
    pub action_taken: Option<String>,
    pub no_action_reason: Option<String>,
}

impl ResponseDraft {
    /// Refuses an empty text and any part longer than the limits.
    fn check(&self) -> Result<(), StoreError> {
        if self.text.trim().is_empty() {
            return Err(StoreError::Invalid("a response needs its text".to_owned()));
        }
        crate::limits::check("a response", &self.text, crate::limits::TEXT)?;
        for (what, value) in [
            ("the action taken", &self.action_taken),
            ("the reason for no action", &self.no_action_reason),
        ] {
            crate::limits::check(
                what,
                value.as_deref().unwrap_or_default(),
                crate::limits::TEXT,
            )?;
        }
        Ok(())
    }
}

fn clean(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Which body a user writes for: OPCC editors for the OPCC, force editors for the force;
/// admins choose.
fn body_of(user: &User, requested: Option<&str>) -> Result<&'static str, StoreError> {
    match (user.role, requested) {
        (Role::OpccEditor, None | Some("opcc")) => Ok("opcc"),
        (Role::ForceEditor, None | Some("force")) => Ok("force"),
        (Role::Admin, Some("opcc")) => Ok("opcc"),
        (Role::Admin, Some("force")) => Ok("force"),
        (Role::Admin, _) => Err(StoreError::Invalid(
            "say whether the response is the OPCC's or the force's".to_owned(),
        )),
        (role, _) => Err(StoreError::Forbidden(format!(
            "a {} does not write responses for that body",
            role.label()
        ))),
    }
}

impl Store {
    /// Writes a draft response to a finding.
    pub async fn draft_response(
        &self,
        finding: &str,
        by: Option<&str>,
        draft: &ResponseDraft,
        actor: &User,
    ) -> Result<String, StoreError> {
        let mut tx = self.begin_write().await.doing("starting a response")?;
        let row = sqlx::query("SELECT force_slug FROM findings WHERE id = $1")
            .bind(finding.to_owned())
            .fetch_optional(&mut *tx)
            .await
            .doing("looking the finding up")?
            .ok_or_else(|| StoreError::NotFound(format!("there is no finding {finding:?}")))?;
        let force: String = get(&row, "force_slug")?;
        policy::check(actor, Act::Respond { force: &force })?;
        let body = body_of(actor, by)?;
        draft.check()?;
        let n = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM workflow_responses WHERE finding_id = $1",
        )
        .bind(finding.to_owned())
        .fetch_one(&mut *tx)
        .await
        .doing("numbering the response")?;
        let id = format!("{finding}-w{}", get::<i64>(&n, "n")? + 1);
        sqlx::query(
            "INSERT INTO workflow_responses (id, finding_id, by_body, text, action_taken, no_action_reason, status, version, author, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'draft', 1, $7, $8)",
        )
        .bind(id.clone())
        .bind(finding.to_owned())
        .bind(body)
        .bind(draft.text.trim().to_owned())
        .bind(clean(&draft.action_taken))
        .bind(clean(&draft.no_action_reason))
        .bind(actor.username.clone())
        .bind(crate::now())
        .execute(&mut *tx)
        .await
        .doing("writing a response")?;
        let after = serde_json::json!({"finding": finding, "by": body, "text": draft.text.trim(), "action_taken": clean(&draft.action_taken), "no_action_reason": clean(&draft.no_action_reason), "status": "draft"});
        audit(
            &mut tx,
            &actor.username,
            "draft response",
            &format!("response:{id}"),
            None,
            Some(after.to_string()),
        )
        .await?;
        touch(&mut tx, &Scope::workflow_of(&force, finding)).await?;
        tx.commit().await.doing("committing a response")?;
        Ok(id)
    }

    async fn response_for_change(
        &self,
        conn: &mut sqlx::AnyConnection,
        id: &str,
        actor: &User,
        expected_version: Option<i64>,
    ) -> Result<WorkflowResponse, StoreError> {
        let r = self
            .workflow_response_in(conn, id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("there is no response {id:?}")))?;
        policy::check(actor, Act::Respond { force: &r.force })?;
        if r.status != "draft" {
            return Err(StoreError::Conflict(format!(
                "response {id} is {}: only drafts change",
                r.status
            )));
        }
        if let Some(v) = expected_version
            && v != r.version
        {
            return Err(StoreError::Conflict(format!(
                "response {id} was changed by someone else (now version {}, you had {v}): reload it and try again",
                r.version
            )));
        }
        Ok(r)
    }

    /// Edits a draft.
    pub async fn edit_response(
        &self,
        id: &str,
        draft: &ResponseDraft,
        expected_version: Option<i64>,
        actor: &User,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await.doing("starting an edit")?;
        let before = self
            .response_for_change(&mut tx, id, actor, expected_version)
            .await?;
        draft.check()?;
        let done = sqlx::query(
            "UPDATE workflow_responses SET text = $1, action_taken = $2, no_action_reason = $3, version = version + 1 \
             WHERE id = $4 AND version = $5",
        )
        .bind(draft.text.trim().to_owned())
        .bind(clean(&draft.action_taken))
        .bind(clean(&draft.no_action_reason))
        .bind(id.to_owned())
        .bind(before.version)
        .execute(&mut *tx)
        .await
        .doing("editing a response")?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!(
                "response {id} was changed by someone else: reload it and try again"
            )));
        }
        let after = serde_json::json!({"text": draft.text.trim(), "action_taken": clean(&draft.action_taken), "no_action_reason": clean(&draft.no_action_reason)});
        let before_json = serde_json::json!({"text": before.text, "action_taken": before.action_taken, "no_action_reason": before.no_action_reason});
        audit(
            &mut tx,
            &actor.username,
            "edit response",
            &format!("response:{id}"),
            Some(before_json.to_string()),
            Some(after.to_string()),
        )
        .await?;
        touch(&mut tx, &Scope::workflow_of(&before.force, &before.finding)).await?;
        tx.commit().await.doing("committing an edit")
    }

    /// Publishes a draft. A response to a recommendation must state the action taken or why
    /// none is taken; one that does not is refused with that reason.
    pub async fn publish_response(
        &self,
        id: &str,
        expected_version: Option<i64>,
        actor: &User,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await.doing("starting to publish")?;
        let r = self
            .response_for_change(&mut tx, id, actor, expected_version)
            .await?;
        let kind_row = sqlx::query("SELECT kind FROM findings WHERE id = $1")
            .bind(r.finding.clone())
            .fetch_one(&mut *tx)
            .await
            .doing("reading the finding's kind")?;
        let kind: String = get(&kind_row, "kind")?;
        if kind == "recommendation" && r.action_taken.is_none() && r.no_action_reason.is_none() {
            return Err(StoreError::Conflict(
                "this response to a recommendation says neither what action is taken nor why none is: add one before publishing".to_owned(),
            ));
        }
        sqlx::query("UPDATE workflow_responses SET status = 'published', published_at = $1, version = version + 1 WHERE id = $2")
            .bind(crate::now())
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await
            .doing("publishing a response")?;
        audit(
            &mut tx,
            &actor.username,
            "publish response",
            &format!("response:{id}"),
            Some("{\"status\":\"draft\"}".to_owned()),
            Some("{\"status\":\"published\"}".to_owned()),
        )
        .await?;
        touch(&mut tx, &Scope::workflow_of(&r.force, &r.finding)).await?;
        tx.commit().await.doing("committing a publication")
    }

    /// Withdraws a response (draft or published): it is kept, marked withdrawn, and audited.
    pub async fn withdraw_response(&self, id: &str, actor: &User) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await.doing("starting a withdrawal")?;
        let r = self
            .workflow_response_in(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("there is no response {id:?}")))?;
        policy::check(actor, Act::Respond { force: &r.force })?;
        sqlx::query("UPDATE workflow_responses SET status = 'withdrawn', version = version + 1 WHERE id = $1")
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await
            .doing("withdrawing a response")?;
        audit(
            &mut tx,
            &actor.username,
            "withdraw response",
            &format!("response:{id}"),
            Some(serde_json::json!({"status": r.status}).to_string()),
            Some("{\"status\":\"withdrawn\"}".to_owned()),
        )
        .await?;
        touch(&mut tx, &Scope::workflow_of(&r.force, &r.finding)).await?;
        tx.commit().await.doing("committing a withdrawal")
    }

    async fn workflow_response_in(
        &self,
        conn: &mut sqlx::AnyConnection,
        id: &str,
    ) -> Result<Option<WorkflowResponse>, StoreError> {
        let row = sqlx::query(
            "SELECT r.id, r.finding_id, f.force_slug, r.by_body, r.text, r.action_taken, r.no_action_reason, r.status, r.version, r.author, r.published_at \
             FROM workflow_responses r JOIN findings f ON f.id = r.finding_id WHERE r.id = $1",
        )
        .bind(id.to_owned())
        .fetch_optional(&mut *conn)
        .await
        .doing("reading a response")?;
        row.as_ref().map(response_row).transpose()
    }

    /// A finding's responses written in Oversight that `viewer` may see: published ones for
    /// everybody, drafts only for the force's editors and admins.
    pub async fn workflow_responses(
        &self,
        finding: Option<&str>,
        viewer: Option<&User>,
    ) -> Result<Vec<WorkflowResponse>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.id, r.finding_id, f.force_slug, r.by_body, r.text, r.action_taken, r.no_action_reason, r.status, r.version, r.author, r.published_at \
             FROM workflow_responses r JOIN findings f ON f.id = r.finding_id \
             WHERE r.status <> 'withdrawn' AND ($1 = '' OR r.finding_id = $1) ORDER BY r.id",
        )
        .bind(finding.unwrap_or_default().to_owned())
        .fetch_all(&self.pool)
        .await
        .doing("reading responses")?;
        let mut out = Vec::new();
        for row in &rows {
            let r = response_row(row)?;
            if r.status == "draft"
                && !viewer.is_some_and(|u| policy::allows(u, Act::SeeDrafts { force: &r.force }))
            {
                continue;
            }
            out.push(r);
        }
        Ok(out)
    }
}

fn response_row(r: &sqlx::any::AnyRow) -> Result<WorkflowResponse, StoreError> {
    Ok(WorkflowResponse {
        id: get(r, "id")?,
        finding: get(r, "finding_id")?,
        force: get(r, "force_slug")?,
        by: get(r, "by_body")?,
        text: get(r, "text")?,
        action_taken: get(r, "action_taken")?,
        no_action_reason: get(r, "no_action_reason")?,
        status: get(r, "status")?,
        version: get(r, "version")?,
        author: get(r, "author")?,
        published_at: get(r, "published_at")?,
    })
}
