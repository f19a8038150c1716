//! Actions against findings and their progress updates. Every change checks who is making
//! it (editors only for their own force; verification by the inspectorate), refuses a stale
//! version, and is audited in the same transaction.

use oversight_domain::action::{ActionStatus, FindingStatus, finding_status};
use oversight_domain::user::Role;
use time::Date;

use crate::read::get;
use crate::users::{User, audit};
use crate::{Doing, Store, StoreError};

/// A progress update.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UpdateView {
    pub position: i64,
    pub text: String,
    pub by: String,
    pub at: String,
    /// The person who must sign it off before it counts.
    pub approver: Option<String>,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<String>,
}

impl UpdateView {
    /// Whether the update counts: it needed no sign-off, or has it.
    pub fn counts(&self) -> bool {
        self.approver.is_none() || self.signed_off_by.is_some()
    }
}

/// An action with its history of updates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionView {
    pub id: String,
    pub finding: String,
    pub force: String,
    pub title: String,
    pub owner: String,
    pub due_on: Option<Date>,
    pub status: ActionStatus,
    pub version: i64,
    /// Drafts are seen only by the force's editors, its OPCC editors and admins.
    pub published: bool,
    pub updates: Vec<UpdateView>,
}

impl ActionView {
    /// Whether `viewer` (or the public, with `None`) may see this action.
    pub fn visible_to(&self, viewer: Option<&User>) -> bool {
        self.published || viewer.is_some_and(|u| crate::responses::may_respond_for(u, &self.force))
    }
}

/// Whether `user` may work on a finding of `force`: admins anywhere, editors for their force.
pub fn may_edit_force(user: &User, force: &str) -> bool {
    match user.role {
        Role::Admin => true,
        Role::ForceEditor | Role::OpccEditor => user.force.as_deref() == Some(force),
        Role::Inspectorate | Role::PanelMember => false,
    }
}

impl Store {
    /// Adds an action against a finding, owned by a user.
    pub async fn add_action(
        &self,
        finding: &str,
        title: &str,
        owner: &str,
        due_on: Option<Date>,
        actor: &User,
    ) -> Result<String, StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .doing("starting to add an action")?;
        let row = sqlx::query("SELECT force_slug FROM findings WHERE id = $1")
            .bind(finding.to_owned())
            .fetch_optional(&mut *tx)
            .await
            .doing("looking the finding up")?
            .ok_or_else(|| StoreError::Refused(format!("there is no finding {finding:?}")))?;
        let force: String = get(&row, "force_slug")?;
        if !may_edit_force(actor, &force) {
            return Err(StoreError::Refused(format!(
                "a {} may not add actions to {force}'s findings",
                actor.role.label()
            )));
        }
        if title.trim().is_empty() {
            return Err(StoreError::Refused("an action needs a title".to_owned()));
        }
        let owner_exists = sqlx::query("SELECT username FROM users WHERE username = $1")
            .bind(owner.to_owned())
            .fetch_optional(&mut *tx)
            .await
            .doing("looking the owner up")?
            .is_some();
        if !owner_exists {
            return Err(StoreError::Refused(format!(
                "there is no user {owner:?} to own the action"
            )));
        }
        let n =
            sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM actions WHERE finding_id = $1")
                .bind(finding.to_owned())
                .fetch_one(&mut *tx)
                .await
                .doing("numbering the action")?;
        let id = format!("{finding}-a{}", get::<i64>(&n, "n")? + 1);
        sqlx::query(
            "INSERT INTO actions (id, finding_id, title, owner, due_on, status, version, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)",
        )
        .bind(id.clone())
        .bind(finding.to_owned())
        .bind(title.trim().to_owned())
        .bind(owner.to_owned())
        .bind(due_on.map(|d| d.to_string()))
        .bind(ActionStatus::Open.code())
        .bind(actor.username.clone())
        .bind(crate::now())
        .execute(&mut *tx)
        .await
        .doing("adding an action")?;
        let after = serde_json::json!({"finding": finding, "title": title.trim(), "owner": owner, "due_on": due_on.map(|d| d.to_string()), "status": "open"});
        audit(
            &mut tx,
            &actor.username,
            "create action",
            &format!("action:{id}"),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await.doing("committing an action")?;
        Ok(id)
    }

    /// Moves an action on; refused when the workflow or the role does not allow it, or when
    /// `expected_version` is given and someone else changed the action meanwhile.
    pub async fn set_action_status(
        &self,
        id: &str,
        to: ActionStatus,
        expected_version: Option<i64>,
        actor: &User,
    ) -> Result<(), StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .doing("starting an action change")?;
        let (force, from, version) = action_head(&mut tx, id).await?;
        let allowed = may_edit_force(actor, &force)
            || (to == ActionStatus::Verified && actor.role == Role::Inspectorate);
        if !allowed {
            return Err(StoreError::Refused(format!(
                "a {} may not change {force}'s actions",
                actor.role.label()
            )));
        }
        if let Some(expected) = expected_version
            && expected != version
        {
            return Err(StoreError::Refused(format!(
                "action {id} was changed by someone else (now version {version}, you had {expected}): reload it and try again"
            )));
        }
        from.transition(to, actor.role)
            .map_err(|e| StoreError::Refused(e.to_string()))?;
        let done = sqlx::query(
            "UPDATE actions SET status = $1, version = version + 1 WHERE id = $2 AND version = $3",
        )
        .bind(to.code())
        .bind(id.to_owned())
        .bind(version)
        .execute(&mut *tx)
        .await
        .doing("changing an action's status")?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Refused(format!(
                "action {id} was changed by someone else: reload it and try again"
            )));
        }
        audit(
            &mut tx,
            &actor.username,
            "change action status",
            &format!("action:{id}"),
            Some(serde_json::json!({"status": from.code()}).to_string()),
            Some(serde_json::json!({"status": to.code()}).to_string()),
        )
        .await?;
        crate::evidence::bump_revision(&mut tx).await?;
        tx.commit().await.doing("committing an action change")
    }

    /// Adds a progress update; with `approver`, it counts only once that person signs it off.
    pub async fn add_action_update(
        &self,
        id: &str,
        text: &str,
        approver: Option<&str>,
        actor: &User,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await.doing("starting an update")?;
        let (force, _, _) = action_head(&mut tx, id).await?;
        if !may_edit_force(actor, &force) {
            return Err(StoreError::Refused(format!(
                "a {} may not update {force}'s actions",
                actor.role.label()
            )));
        }
        if text.trim().is_empty() {
            return Err(StoreError::Refused("an update needs its text".to_owned()));
        }
        let n = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM action_updates WHERE action_id = $1",
        )
        .bind(id.to_owned())
        .fetch_one(&mut *tx)
        .await
        .doing("numbering the update")?;
        let position: i64 = get(&n, "n")?;
        sqlx::query(
            "INSERT INTO action_updates (action_id, position, text, by_user, at, approver) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.to_owned())
        .bind(position)
        .bind(text.trim().to_owned())
        .bind(actor.username.clone())
        .bind(crate::now())
        .bind(approver.map(str::to_owned))
        .execute(&mut *tx)
        .await
        .doing("adding an update")?;
        sqlx::query("UPDATE actions SET version = version + 1 WHERE id = $1")
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await
            .doing("updating an action")?;
        let after =
            serde_json::json!({"update": position + 1, "text": text.trim(), "approver": approver});
        audit(
            &mut tx,
            &actor.username,
            "add action update",
            &format!("action:{id}"),
            None,
            Some(after.to_string()),
        )
        .await?;
        crate::evidence::bump_revision(&mut tx).await?;
        tx.commit().await.doing("committing an update")?;
        Ok(position + 1)
    }

    /// Signs an update off: only its named approver may.
    pub async fn sign_off_update(
        &self,
        id: &str,
        update: i64,
        actor: &User,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await.doing("starting a sign-off")?;
        let row = sqlx::query("SELECT approver, signed_off_by FROM action_updates WHERE action_id = $1 AND position = $2")
            .bind(id.to_owned())
            .bind(update - 1)
            .fetch_optional(&mut *tx)
            .await
            .doing("reading an update")?
            .ok_or_else(|| StoreError::Refused(format!("action {id} has no update {update}")))?;
        let approver: Option<String> = get(&row, "approver")?;
        let signed: Option<String> = get(&row, "signed_off_by")?;
        if approver.as_deref() != Some(actor.username.as_str()) {
            return Err(StoreError::Refused(format!(
                "update {update} of action {id} is signed off by {}, not {}",
                approver
                    .as_deref()
                    .unwrap_or("nobody (it needs no sign-off)"),
                actor.username
            )));
        }
        if signed.is_some() {
            return Err(StoreError::Refused(format!(
                "update {update} of action {id} is already signed off"
            )));
        }
        sqlx::query("UPDATE action_updates SET signed_off_by = $1, signed_off_at = $2 WHERE action_id = $3 AND position = $4")
            .bind(actor.username.clone())
            .bind(crate::now())
            .bind(id.to_owned())
            .bind(update - 1)
            .execute(&mut *tx)
            .await
            .doing("signing an update off")?;
        audit(
            &mut tx,
            &actor.username,
            "sign off update",
            &format!("action:{id}"),
            None,
            Some(serde_json::json!({"update": update}).to_string()),
        )
        .await?;
        crate::evidence::bump_revision(&mut tx).await?;
        tx.commit().await.doing("committing a sign-off")
    }

    /// Actions, all or of one finding, with their updates.
    pub async fn actions(&self, finding: Option<&str>) -> Result<Vec<ActionView>, StoreError> {
        self.actions_where(finding, None).await
    }

    /// Actions not withdrawn, of one finding and/or with one id when given.
    async fn actions_where(
        &self,
        finding: Option<&str>,
        id: Option<&str>,
    ) -> Result<Vec<ActionView>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.id, a.finding_id, f.force_slug, a.title, a.owner, a.due_on, a.status, a.version, a.published \
             FROM actions a JOIN findings f ON f.id = a.finding_id \
             WHERE a.withdrawn = 0 AND ($1 = '' OR a.finding_id = $1) AND ($2 = '' OR a.id = $2) ORDER BY a.id",
        )
        .bind(finding.unwrap_or_default().to_owned())
        .bind(id.unwrap_or_default().to_owned())
        .fetch_all(&self.pool)
        .await
        .doing("reading actions")?;
        let mut out = Vec::new();
        for r in &rows {
            let status: String = get(r, "status")?;
            let due: Option<String> = get(r, "due_on")?;
            let id: String = get(r, "id")?;
            let updates = sqlx::query(
                "SELECT position, text, by_user, at, approver, signed_off_by, signed_off_at FROM action_updates \
                 WHERE action_id = $1 ORDER BY position",
            )
            .bind(id.clone())
            .fetch_all(&self.pool)
            .await
            .doing("reading updates")?
            .iter()
            .map(|u| {
                Ok(UpdateView {
                    position: get::<i64>(u, "position")? + 1,
                    text: get(u, "text")?,
                    by: get(u, "by_user")?,
                    at: get(u, "at")?,
                    approver: get(u, "approver")?,
                    signed_off_by: get(u, "signed_off_by")?,
                    signed_off_at: get(u, "signed_off_at")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
            out.push(ActionView {
                id,
                finding: get(r, "finding_id")?,
                force: get(r, "force_slug")?,
                title: get(r, "title")?,
                owner: get(r, "owner")?,
                due_on: due.as_deref().map(crate::iso_date).transpose()?,
                status: status.parse().map_err(|_| StoreError::Corrupt {
                    what: "action status",
                    value: status.clone(),
                })?,
                version: get(r, "version")?,
                published: get::<i64>(r, "published")? != 0,
                updates,
            });
        }
        Ok(out)
    }

    /// A finding's status, derived from its actions and whether anyone has responded to it.
    pub async fn finding_status(&self, finding: &str) -> Result<FindingStatus, StoreError> {
        let actions: Vec<ActionView> = self
            .actions(Some(finding))
            .await?
            .into_iter()
            .filter(|a| a.published)
            .collect();
        let responded = !self.responses_to(finding).await?.is_empty()
            || self
                .workflow_responses(Some(finding), None)
                .await?
                .iter()
                .any(|r| r.status == "published");
        let statuses: Vec<ActionStatus> = actions.iter().map(|a| a.status).collect();
        Ok(finding_status(&statuses, responded))
    }
}

async fn action_head(
    conn: &mut sqlx::AnyConnection,
    id: &str,
) -> Result<(String, ActionStatus, i64), StoreError> {
    let row = sqlx::query(
        "SELECT f.force_slug, a.status, a.version FROM actions a JOIN findings f ON f.id = a.finding_id WHERE a.id = $1",
    )
    .bind(id.to_owned())
    .fetch_optional(&mut *conn)
    .await
    .doing("reading an action")?
    .ok_or_else(|| StoreError::Refused(format!("there is no action {id:?}")))?;
    let status: String = get(&row, "status")?;
    Ok((
        get(&row, "force_slug")?,
        status.parse().map_err(|_| StoreError::Corrupt {
            what: "action status",
            value: status.clone(),
        })?,
        get(&row, "version")?,
    ))
}

impl Store {
    /// Publishes a draft action: from then on everybody sees it.
    pub async fn publish_action(&self, id: &str, actor: &User) -> Result<(), StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .doing("starting to publish an action")?;
        let (force, _, _) = action_head(&mut tx, id).await?;
        if !crate::responses::may_respond_for(actor, &force) {
            return Err(StoreError::Refused(format!(
                "a {} may not publish {force}'s actions",
                actor.role.label()
            )));
        }
        sqlx::query("UPDATE actions SET published = 1, version = version + 1 WHERE id = $1")
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await
            .doing("publishing an action")?;
        audit(
            &mut tx,
            &actor.username,
            "publish action",
            &format!("action:{id}"),
            Some("{\"published\":false}".to_owned()),
            Some("{\"published\":true}".to_owned()),
        )
        .await?;
        crate::evidence::bump_revision(&mut tx).await?;
        tx.commit().await.doing("committing a publication")
    }

    /// Withdraws an action: nothing is deleted; it leaves the lists and the derived status,
    /// and the audit log keeps what it was.
    pub async fn withdraw_action(&self, id: &str, actor: &User) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await.doing("starting a withdrawal")?;
        let (force, status, _) = action_head(&mut tx, id).await?;
        if !may_edit_force(actor, &force) {
            return Err(StoreError::Refused(format!(
                "a {} may not withdraw {force}'s actions",
                actor.role.label()
            )));
        }
        sqlx::query("UPDATE actions SET withdrawn = 1, version = version + 1 WHERE id = $1")
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await
            .doing("withdrawing an action")?;
        audit(
            &mut tx,
            &actor.username,
            "withdraw action",
            &format!("action:{id}"),
            Some(serde_json::json!({"status": status.code()}).to_string()),
            Some("{\"withdrawn\":true}".to_owned()),
        )
        .await?;
        crate::evidence::bump_revision(&mut tx).await?;
        tx.commit().await.doing("committing a withdrawal")
    }

    /// One action.
    pub async fn action(&self, id: &str) -> Result<Option<ActionView>, StoreError> {
        Ok(self.actions_where(None, Some(id)).await?.into_iter().next())
    }
}
