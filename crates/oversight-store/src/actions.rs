//! Actions against findings and their progress updates. Every change checks who is making
//! it (editors only for their own force; verification by the inspectorate), refuses a stale
//! version, and is audited in the same transaction.

use std::collections::HashMap;

use oversight_domain::action::{ActionError, ActionStatus, FindingStatus, Rag, finding_status};
use oversight_domain::policy::{self, Act};
use time::Date;

use crate::read::get;
use crate::revisions::{Scope, touch};
use crate::users::{User, audit, user_in};
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

/// Which actions to read.
#[derive(Debug, Clone, Default)]
pub struct ActionFilter {
    pub finding: Option<String>,
    pub id: Option<String>,
    pub force: Option<String>,
    /// Only published actions: what everyone may see.
    pub published_only: bool,
    /// Only red ones: live (open or in progress) and due before this day.
    pub overdue_on: Option<Date>,
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
        self.published
            || viewer.is_some_and(|u| policy::allows(u, Act::SeeDrafts { force: &self.force }))
    }
}

/// A refused move of an action, typed: who may not, or a step the statuses do not allow.
fn action_error(e: ActionError) -> StoreError {
    match e {
        ActionError::OnlyInspectorateVerifies { .. } => StoreError::Forbidden(e.to_string()),
        ActionError::Transition { .. } => StoreError::Conflict(e.to_string()),
        ActionError::UnknownStatus(_) => StoreError::Invalid(e.to_string()),
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
            .ok_or_else(|| StoreError::NotFound(format!("there is no finding {finding:?}")))?;
        let force: String = get(&row, "force_slug")?;
        policy::check(actor, Act::EditActions { force: &force })?;
        if title.trim().is_empty() {
            return Err(StoreError::Invalid("an action needs a title".to_owned()));
        }
        crate::limits::check("an action's title", title, crate::limits::TITLE)?;
        let owner_user = user_in(&mut tx, owner).await?.ok_or_else(|| {
            StoreError::Invalid(format!("there is no user {owner:?} to own the action"))
        })?;
        if !policy::allows(&owner_user, Act::EditActions { force: &force }) {
            return Err(StoreError::Invalid(format!(
                "{owner} cannot own an action of {force}: only its own editors and administrators can"
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
        touch(&mut tx, &Scope::workflow_of(&force, finding)).await?;
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
        let head = action_head(&mut tx, id).await?;
        let (force, from, version) = (head.force.clone(), head.status, head.version);
        policy::check(actor, Act::MoveAction { force: &force, to })?;
        if let Some(expected) = expected_version
            && expected != version
        {
            return Err(StoreError::Conflict(format!(
                "action {id} was changed by someone else (now version {version}, you had {expected}): reload it and try again"
            )));
        }
        from.transition(to, actor.role).map_err(action_error)?;
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
            return Err(StoreError::Conflict(format!(
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
        touch(&mut tx, &head.scopes()).await?;
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
        let head = action_head(&mut tx, id).await?;
        let force = head.force.clone();
        policy::check(actor, Act::EditActions { force: &force })?;
        if text.trim().is_empty() {
            return Err(StoreError::Invalid("an update needs its text".to_owned()));
        }
        crate::limits::check("an update", text, crate::limits::TEXT)?;
        if let Some(name) = approver {
            let who = user_in(&mut tx, name).await?.ok_or_else(|| {
                StoreError::Invalid(format!("there is no user {name:?} to sign the update off"))
            })?;
            if !policy::allows(&who, Act::SignOffUpdates { force: &force }) {
                return Err(StoreError::Invalid(format!(
                    "{name} cannot sign off {force}'s updates: only its own editors, administrators and the inspectorate can"
                )));
            }
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
        touch(&mut tx, &head.scopes()).await?;
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
        let head = action_head(&mut tx, id).await?;
        let row = sqlx::query("SELECT approver, signed_off_by FROM action_updates WHERE action_id = $1 AND position = $2")
            .bind(id.to_owned())
            .bind(update - 1)
            .fetch_optional(&mut *tx)
            .await
            .doing("reading an update")?
            .ok_or_else(|| StoreError::NotFound(format!("action {id} has no update {update}")))?;
        let approver: Option<String> = get(&row, "approver")?;
        let signed: Option<String> = get(&row, "signed_off_by")?;
        if approver.as_deref() != Some(actor.username.as_str()) {
            return Err(StoreError::Forbidden(format!(
                "update {update} of action {id} is signed off by {}, not {}",
                approver
                    .as_deref()
                    .unwrap_or("nobody (it needs no sign-off)"),
                actor.username
            )));
        }
        if signed.is_some() {
            return Err(StoreError::Conflict(format!(
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
        touch(&mut tx, &head.scopes()).await?;
        tx.commit().await.doing("committing a sign-off")
    }

    /// Actions, all or of one finding, with their updates.
    pub async fn actions(&self, finding: Option<&str>) -> Result<Vec<ActionView>, StoreError> {
        let filter = ActionFilter {
            finding: finding.map(str::to_owned),
            ..ActionFilter::default()
        };
        Ok(self.actions_matching(&filter, i64::MAX, 0).await?.0)
    }

    /// Actions not withdrawn that match `filter`, `limit` from `offset` in id order, with their
    /// updates, and how many match in all. Filtering, counting and paging happen in SQL and
    /// the updates of the page come in one query, so a page costs the same with ten actions
    /// stored or a hundred thousand.
    pub async fn actions_matching(
        &self,
        filter: &ActionFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ActionView>, i64), StoreError> {
        let conditions = "a.withdrawn = 0 AND ($1 = '' OR a.finding_id = $1) AND ($2 = '' OR a.id = $2) \
             AND ($3 = '' OR f.force_slug = $3) AND ($4 = 0 OR a.published = 1) \
             AND ($5 = '' OR (a.status IN ('open', 'in_progress') AND a.due_on IS NOT NULL AND a.due_on < $5))";
        let overdue_on = filter.overdue_on.map(|d| d.to_string()).unwrap_or_default();
        let bind = |sql: String| {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(filter.finding.clone().unwrap_or_default())
                .bind(filter.id.clone().unwrap_or_default())
                .bind(filter.force.clone().unwrap_or_default())
                .bind(i64::from(filter.published_only))
                .bind(overdue_on.clone())
        };
        let total: i64 = get(
            &bind(format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM actions a JOIN findings f ON f.id = a.finding_id WHERE {conditions}"
            ))
            .fetch_one(&self.pool)
            .await
            .doing("counting actions")?,
            "n",
        )?;
        let rows = bind(format!(
            "SELECT a.id, a.finding_id, f.force_slug, a.title, a.owner, a.due_on, a.status, a.version, a.published \
             FROM actions a JOIN findings f ON f.id = a.finding_id WHERE {conditions} ORDER BY a.id LIMIT $6 OFFSET $7"
        ))
        .bind(limit.max(0))
        .bind(offset.max(0))
        .fetch_all(&self.pool)
        .await
        .doing("reading actions")?;
        let ids: Vec<String> = rows
            .iter()
            .map(|r| get::<String>(r, "id"))
            .collect::<Result<_, _>>()?;
        let mut updates: HashMap<String, Vec<UpdateView>> = HashMap::new();
        let mut conn = self.pool.acquire().await.doing("reading updates")?;
        for u in crate::sql::fetch_in(
            &mut conn,
            |marks| format!(
                "SELECT action_id, position, text, by_user, at, approver, signed_off_by, signed_off_at FROM action_updates \
                 WHERE action_id IN ({marks}) ORDER BY action_id, position"
            ),
            &ids,
            "reading updates",
        )
        .await?
        {
            updates
                .entry(get(&u, "action_id")?)
                .or_default()
                .push(UpdateView {
                    position: get::<i64>(&u, "position")? + 1,
                    text: get(&u, "text")?,
                    by: get(&u, "by_user")?,
                    at: get(&u, "at")?,
                    approver: get(&u, "approver")?,
                    signed_off_by: get(&u, "signed_off_by")?,
                    signed_off_at: get(&u, "signed_off_at")?,
                });
        }
        let mut out = Vec::with_capacity(rows.len());
        for (r, id) in rows.iter().zip(ids) {
            let status: String = get(r, "status")?;
            let due: Option<String> = get(r, "due_on")?;
            out.push(ActionView {
                updates: updates.remove(&id).unwrap_or_default(),
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
            });
        }
        Ok((out, total))
    }

    /// Published actions counted red (live and past due on `today`), amber (live) and green
    /// (done with), nationally or for one force.
    pub async fn action_rag_counts(
        &self,
        force: Option<&str>,
        today: Date,
    ) -> Result<[(Rag, i64); 3], StoreError> {
        let row = sqlx::query(
            "SELECT \
               CAST(COALESCE(SUM(CASE WHEN a.status IN ('open', 'in_progress') AND a.due_on IS NOT NULL AND a.due_on < $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS red, \
               CAST(COALESCE(SUM(CASE WHEN a.status IN ('open', 'in_progress') AND (a.due_on IS NULL OR a.due_on >= $2) THEN 1 ELSE 0 END), 0) AS BIGINT) AS amber, \
               CAST(COALESCE(SUM(CASE WHEN a.status IN ('open', 'in_progress') THEN 0 ELSE 1 END), 0) AS BIGINT) AS green \
             FROM actions a JOIN findings f ON f.id = a.finding_id \
             WHERE a.withdrawn = 0 AND a.published = 1 AND ($1 = '' OR f.force_slug = $1)",
        )
        .bind(force.unwrap_or_default().to_owned())
        .bind(today.to_string())
        .fetch_one(&self.pool)
        .await
        .doing("counting actions by colour")?;
        Ok([
            (Rag::Red, get(&row, "red")?),
            (Rag::Amber, get(&row, "amber")?),
            (Rag::Green, get(&row, "green")?),
        ])
    }

    /// Every finding of `force` with its status derived from its published actions and the
    /// responses to it (from documents, or written here and published), and the day it is
    /// due: the latest of its deadlines and its live actions' due dates. One pass of a few
    /// grouped queries, whatever the force's history.
    pub async fn finding_statuses(
        &self,
        force: &str,
    ) -> Result<Vec<(String, FindingStatus, Option<Date>)>, StoreError> {
        let findings = sqlx::query(
            "SELECT f.id, MAX(d.due_on) AS due FROM findings f \
             LEFT JOIN finding_deadlines d ON d.finding_id = f.id \
             WHERE f.force_slug = $1 GROUP BY f.id ORDER BY f.id",
        )
        .bind(force.to_owned())
        .fetch_all(&self.pool)
        .await
        .doing("reading a force's findings")?;
        let actions = sqlx::query(
            "SELECT a.finding_id, a.status, MAX(a.due_on) AS due FROM actions a JOIN findings f ON f.id = a.finding_id \
             WHERE f.force_slug = $1 AND a.withdrawn = 0 AND a.published = 1 GROUP BY a.finding_id, a.status",
        )
        .bind(force.to_owned())
        .fetch_all(&self.pool)
        .await
        .doing("reading a force's actions")?;
        let responded = sqlx::query(
            "SELECT DISTINCT r.finding_id FROM responses r JOIN findings f ON f.id = r.finding_id WHERE f.force_slug = $1 \
             UNION SELECT DISTINCT w.finding_id FROM workflow_responses w JOIN findings f ON f.id = w.finding_id \
             WHERE f.force_slug = $1 AND w.status = 'published'",
        )
        .bind(force.to_owned())
        .fetch_all(&self.pool)
        .await
        .doing("reading which findings have responses")?;
        let responded: std::collections::HashSet<String> = responded
            .iter()
            .map(|r| get::<String>(r, "finding_id"))
            .collect::<Result<_, _>>()?;
        let mut by_finding: HashMap<String, (Vec<ActionStatus>, Option<Date>)> = HashMap::new();
        for r in &actions {
            let status: String = get(r, "status")?;
            let status: ActionStatus = status.parse().map_err(|_| StoreError::Corrupt {
                what: "action status",
                value: status.clone(),
            })?;
            let due: Option<String> = get(r, "due")?;
            let entry = by_finding.entry(get(r, "finding_id")?).or_default();
            entry.0.push(status);
            if !status.is_final() {
                let due = due.as_deref().map(crate::iso_date).transpose()?;
                entry.1 = entry.1.max(due);
            }
        }
        let mut out = Vec::with_capacity(findings.len());
        for r in &findings {
            let id: String = get(r, "id")?;
            let deadline: Option<String> = get(r, "due")?;
            let deadline = deadline.as_deref().map(crate::iso_date).transpose()?;
            let (statuses, action_due) = by_finding.remove(&id).unwrap_or_default();
            let status = finding_status(&statuses, responded.contains(&id));
            out.push((id, status, deadline.max(action_due)));
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

/// What a change to an action needs to know of it.
struct Head {
    force: String,
    finding: String,
    status: ActionStatus,
    version: i64,
}

impl Head {
    fn scopes(&self) -> [Scope; 3] {
        Scope::workflow_of(&self.force, &self.finding)
    }
}

async fn action_head(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Head, StoreError> {
    let row = sqlx::query(
        "SELECT f.force_slug, a.finding_id, a.status, a.version FROM actions a JOIN findings f ON f.id = a.finding_id WHERE a.id = $1",
    )
    .bind(id.to_owned())
    .fetch_optional(&mut *conn)
    .await
    .doing("reading an action")?
    .ok_or_else(|| StoreError::NotFound(format!("there is no action {id:?}")))?;
    let status: String = get(&row, "status")?;
    Ok(Head {
        force: get(&row, "force_slug")?,
        finding: get(&row, "finding_id")?,
        status: status.parse().map_err(|_| StoreError::Corrupt {
            what: "action status",
            value: status.clone(),
        })?,
        version: get(&row, "version")?,
    })
}

impl Store {
    /// Publishes a draft action: from then on everybody sees it.
    pub async fn publish_action(&self, id: &str, actor: &User) -> Result<(), StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .doing("starting to publish an action")?;
        let head = action_head(&mut tx, id).await?;
        let force = head.force.clone();
        policy::check(actor, Act::EditActions { force: &force })?;
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
        touch(&mut tx, &head.scopes()).await?;
        tx.commit().await.doing("committing a publication")
    }

    /// Withdraws an action: nothing is deleted; it leaves the lists and the derived status,
    /// and the audit log keeps what it was.
    pub async fn withdraw_action(&self, id: &str, actor: &User) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await.doing("starting a withdrawal")?;
        let head = action_head(&mut tx, id).await?;
        let (force, status) = (head.force.clone(), head.status);
        policy::check(actor, Act::EditActions { force: &force })?;
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
        touch(&mut tx, &head.scopes()).await?;
        tx.commit().await.doing("committing a withdrawal")
    }

    /// One action.
    pub async fn action(&self, id: &str) -> Result<Option<ActionView>, StoreError> {
        let filter = ActionFilter {
            id: Some(id.to_owned()),
            ..ActionFilter::default()
        };
        Ok(self
            .actions_matching(&filter, 1, 0)
            .await?
            .0
            .into_iter()
            .next())
    }
}
