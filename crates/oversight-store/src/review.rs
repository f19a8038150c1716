//! Panel scrutiny reviews: stored on import of a Panel paper, read as one view, and changed
//! one step at a time (status, evidence, recommendations, the PCC's responses).

use oversight_domain::extraction::ReviewDraft;
use oversight_domain::policy::{self, Act};
use oversight_domain::review::{Milestone, ReviewStatus};
use sqlx::AnyConnection;
use time::Date;

use crate::read::get;
use crate::sql::{Value, insert_rows};
use crate::users::User;
use crate::{Doing, Store, StoreError};

/// A cited figure as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureView {
    pub value: f64,
    pub unit: String,
    pub base: Option<i64>,
    pub description: String,
}

/// A recommendation to the PCC and the response to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationView {
    pub position: i64,
    pub text: String,
    /// The Panel meeting at which the PCC's response is due.
    pub response_due_on: Option<Date>,
    pub response: Option<String>,
    pub responded_on: Option<Date>,
}

/// Evidence given to a review: a submission or a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceView {
    pub position: i64,
    pub witness: String,
    pub given_on: Date,
    pub summary: String,
    pub papers: Vec<String>,
}

/// A review with everything under it.
#[derive(Debug, Clone)]
pub struct ReviewView {
    pub id: String,
    pub document_id: Option<String>,
    pub force: Option<String>,
    pub title: String,
    pub plan_priority: Option<String>,
    pub plan_starts: Option<String>,
    pub plan_ends: Option<String>,
    pub scope: String,
    pub methodology: String,
    pub status: ReviewStatus,
    /// Bumped by every change: a change made against an older version is refused.
    pub version: i64,
    pub findings: Vec<(String, Vec<String>)>,
    pub milestones: Vec<Milestone>,
    pub figures: Vec<FigureView>,
    pub recommendations: Vec<RecommendationView>,
    pub evidence: Vec<EvidenceView>,
    /// (status code, when)
    pub history: Vec<(String, String)>,
    /// The task-and-finish group's members.
    pub members: Vec<String>,
    /// The group's meetings: (date, note).
    pub meetings: Vec<(Date, String)>,
}

fn opt_date(value: Option<String>) -> Result<Option<Date>, StoreError> {
    value.as_deref().map(crate::iso_date).transpose()
}

/// Stores the review a Panel paper describes, inside the paper's import transaction.
pub(crate) async fn insert_review(
    conn: &mut AnyConnection,
    document: &oversight_domain::ids::DocumentId,
    force: Option<&str>,
    draft: &ReviewDraft,
) -> Result<(), StoreError> {
    let id = document.review();
    let document_id = document.as_str();
    insert_rows(
        conn,
        "reviews",
        &[
            "id",
            "document_id",
            "force_slug",
            "title",
            "plan_priority",
            "plan_starts",
            "plan_ends",
            "scope",
            "methodology",
            "commissioned_at",
            "status",
            "version",
            "created_at",
        ],
        vec![vec![
            id.clone().into(),
            document_id.into(),
            force.into(),
            draft.title.clone().into(),
            draft.plan_priority.clone().into(),
            draft.plan_starts.clone().into(),
            draft.plan_ends.clone().into(),
            draft.scope.clone().into(),
            draft.methodology.clone().into(),
            Value::OptText(None),
            draft.status.code().into(),
            1i64.into(),
            crate::now().into(),
        ]],
        "storing a review",
    )
    .await?;
    let findings = draft
        .findings
        .iter()
        .enumerate()
        .map(|(i, (heading, points))| {
            vec![
                id.clone().into(),
                i.into(),
                heading.clone().into(),
                serde_json::to_string(points).unwrap_or_default().into(),
            ]
        })
        .collect();
    insert_rows(
        conn,
        "review_findings",
        &["review_id", "position", "heading", "points"],
        findings,
        "storing review findings",
    )
    .await?;
    let milestones = draft
        .milestones
        .iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                id.clone().into(),
                i.into(),
                m.label.clone().into(),
                m.starts_on.to_string().into(),
                m.ends_on.to_string().into(),
            ]
        })
        .collect();
    insert_rows(
        conn,
        "review_milestones",
        &["review_id", "position", "label", "starts_on", "ends_on"],
        milestones,
        "storing review milestones",
    )
    .await?;
    for (i, f) in draft.figures.iter().enumerate() {
        sqlx::query(
            "INSERT INTO review_figures (review_id, position, value, unit, base, description) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.clone())
        .bind(i64::try_from(i).unwrap_or(i64::MAX))
        .bind(f.value)
        .bind(f.unit)
        .bind(f.base.and_then(|b| i64::try_from(b).ok()))
        .bind(f.description.clone())
        .execute(&mut *conn)
        .await
        .doing("storing review figures")?;
    }
    record_status(conn, &id, draft.status).await
}

async fn record_status(
    conn: &mut AnyConnection,
    id: &str,
    status: ReviewStatus,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO review_status_history (review_id, position, status, changed_at) \
         SELECT $1, COALESCE(MAX(position) + 1, 0), $2, $3 FROM review_status_history WHERE review_id = $1",
    )
    .bind(id.to_owned())
    .bind(status.code())
    .bind(crate::now())
    .execute(&mut *conn)
    .await
    .doing("recording a review's status")?;
    Ok(())
}

impl Store {
    /// Every review, newest first.
    pub async fn reviews(&self) -> Result<Vec<ReviewView>, StoreError> {
        let rows = sqlx::query("SELECT id FROM reviews ORDER BY created_at DESC, id")
            .fetch_all(&self.pool)
            .await
            .doing("listing reviews")?;
        let mut out = Vec::new();
        for r in &rows {
            let id: String = get(r, "id")?;
            if let Some(v) = self.review(&id).await? {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// One review with its findings, milestones, figures, recommendations, evidence and history.
    pub async fn review(&self, id: &str) -> Result<Option<ReviewView>, StoreError> {
        let Some(r) = sqlx::query(
            "SELECT id, document_id, force_slug, title, plan_priority, plan_starts, plan_ends, scope, \
             methodology, status, version FROM reviews WHERE id = $1",
        )
        .bind(id.to_owned())
        .fetch_optional(&self.pool)
        .await
        .doing("reading a review")?
        else {
            return Ok(None);
        };
        let status: String = get(&r, "status")?;
        let mut view = ReviewView {
            id: get(&r, "id")?,
            document_id: get(&r, "document_id")?,
            force: get(&r, "force_slug")?,
            title: get(&r, "title")?,
            plan_priority: get(&r, "plan_priority")?,
            plan_starts: get(&r, "plan_starts")?,
            plan_ends: get(&r, "plan_ends")?,
            scope: get(&r, "scope")?,
            methodology: get(&r, "methodology")?,
            status: status.parse().map_err(|_| StoreError::Corrupt {
                what: "review status",
                value: status.clone(),
            })?,
            version: get(&r, "version")?,
            findings: Vec::new(),
            milestones: Vec::new(),
            figures: Vec::new(),
            recommendations: Vec::new(),
            evidence: Vec::new(),
            history: Vec::new(),
            members: Vec::new(),
            meetings: Vec::new(),
        };
        let bind = || id.to_owned();
        for r in sqlx::query(
            "SELECT heading, points FROM review_findings WHERE review_id = $1 ORDER BY position",
        )
        .bind(bind())
        .fetch_all(&self.pool)
        .await
        .doing("reading review findings")?
        {
            let points: String = get(&r, "points")?;
            view.findings.push((
                get(&r, "heading")?,
                serde_json::from_str(&points).map_err(|_| StoreError::Corrupt {
                    what: "review points",
                    value: points.clone(),
                })?,
            ));
        }
        for r in sqlx::query("SELECT label, starts_on, ends_on FROM review_milestones WHERE review_id = $1 ORDER BY position")
            .bind(bind())
            .fetch_all(&self.pool)
            .await
            .doing("reading review milestones")?
        {
            view.milestones.push(Milestone {
                label: get(&r, "label")?,
                starts_on: crate::iso_date(&get::<String>(&r, "starts_on")?)?,
                ends_on: crate::iso_date(&get::<String>(&r, "ends_on")?)?,
            });
        }
        for r in sqlx::query("SELECT value, unit, base, description FROM review_figures WHERE review_id = $1 ORDER BY position")
            .bind(bind())
            .fetch_all(&self.pool)
            .await
            .doing("reading review figures")?
        {
            view.figures.push(FigureView {
                value: get(&r, "value")?,
                unit: get(&r, "unit")?,
                base: get(&r, "base")?,
                description: get(&r, "description")?,
            });
        }
        for r in sqlx::query("SELECT position, text, response_due_on, response, responded_on FROM review_recommendations WHERE review_id = $1 ORDER BY position")
            .bind(bind())
            .fetch_all(&self.pool)
            .await
            .doing("reading review recommendations")?
        {
            view.recommendations.push(RecommendationView {
                position: get(&r, "position")?,
                text: get(&r, "text")?,
                response_due_on: opt_date(get(&r, "response_due_on")?)?,
                response: get(&r, "response")?,
                responded_on: opt_date(get(&r, "responded_on")?)?,
            });
        }
        for r in sqlx::query("SELECT position, witness, given_on, summary, papers FROM review_evidence WHERE review_id = $1 ORDER BY position")
            .bind(bind())
            .fetch_all(&self.pool)
            .await
            .doing("reading review evidence")?
        {
            let papers: String = get(&r, "papers")?;
            view.evidence.push(EvidenceView {
                position: get(&r, "position")?,
                witness: get(&r, "witness")?,
                given_on: crate::iso_date(&get::<String>(&r, "given_on")?)?,
                summary: get(&r, "summary")?,
                papers: serde_json::from_str(&papers).unwrap_or_default(),
            });
        }
        for r in sqlx::query("SELECT status, changed_at FROM review_status_history WHERE review_id = $1 ORDER BY position")
            .bind(bind())
            .fetch_all(&self.pool)
            .await
            .doing("reading review history")?
        {
            view.history.push((get(&r, "status")?, get(&r, "changed_at")?));
        }
        for r in sqlx::query("SELECT name FROM review_members WHERE review_id = $1 ORDER BY name")
            .bind(bind())
            .fetch_all(&self.pool)
            .await
            .doing("reading the task-and-finish group")?
        {
            view.members.push(get(&r, "name")?);
        }
        for r in sqlx::query(
            "SELECT held_on, note FROM review_meetings WHERE review_id = $1 ORDER BY held_on, position",
        )
        .bind(bind())
        .fetch_all(&self.pool)
        .await
        .doing("reading the group's meetings")?
        {
            view.meetings
                .push((crate::iso_date(&get::<String>(&r, "held_on")?)?, get(&r, "note")?));
        }
        Ok(Some(view))
    }

    /// Adds a Panel member to a review's task-and-finish group.
    pub async fn add_review_member(
        &self,
        id: &str,
        name: &str,
        actor: &User,
    ) -> Result<(), StoreError> {
        policy::check(actor, Act::EditReviews)?;
        crate::limits::check("a member's name", name, crate::limits::TITLE)?;
        let (mut tx, _) = self.begin_review_change(id, None).await?;
        let exists =
            sqlx::query("SELECT name FROM review_members WHERE review_id = $1 AND name = $2")
                .bind(id.to_owned())
                .bind(name.to_owned())
                .fetch_optional(&mut *tx)
                .await
                .doing("reading the task-and-finish group")?
                .is_some();
        if exists {
            return Err(StoreError::Conflict(format!(
                "{name} is already in the group"
            )));
        }
        sqlx::query("INSERT INTO review_members (review_id, name) VALUES ($1, $2)")
            .bind(id.to_owned())
            .bind(name.to_owned())
            .execute(&mut *tx)
            .await
            .doing("adding a group member")?;
        let after = serde_json::json!({ "member": name }).to_string();
        crate::users::audit(
            &mut tx,
            &actor.username,
            "add group member",
            &format!("review:{id}"),
            None,
            Some(after),
        )
        .await?;
        tx.commit().await.doing("committing a review change")
    }

    /// Records a meeting of a review's task-and-finish group.
    pub async fn add_review_meeting(
        &self,
        id: &str,
        held_on: Date,
        note: &str,
        actor: &User,
    ) -> Result<(), StoreError> {
        policy::check(actor, Act::EditReviews)?;
        crate::limits::check("a meeting's note", note, crate::limits::TEXT)?;
        let (mut tx, _) = self.begin_review_change(id, None).await?;
        sqlx::query(
            "INSERT INTO review_meetings (review_id, position, held_on, note) \
             SELECT $1, COALESCE(MAX(position) + 1, 0), $2, $3 FROM review_meetings WHERE review_id = $1",
        )
        .bind(id.to_owned())
        .bind(held_on.to_string())
        .bind(note.to_owned())
        .execute(&mut *tx)
        .await
        .doing("recording a group meeting")?;
        let after = serde_json::json!({ "held_on": held_on.to_string(), "note": note }).to_string();
        crate::users::audit(
            &mut tx,
            &actor.username,
            "record group meeting",
            &format!("review:{id}"),
            None,
            Some(after),
        )
        .await?;
        tx.commit().await.doing("committing a review change")
    }

    /// Starts a change: the review must exist and, when `expected_version` is given, still be
    /// at that version (someone else's change in between is a conflict, nothing is lost).
    async fn begin_review_change(
        &self,
        id: &str,
        expected_version: Option<i64>,
    ) -> Result<(sqlx::Transaction<'static, sqlx::Any>, ReviewStatus), StoreError> {
        let mut tx = self.begin_write().await.doing("starting a review change")?;
        let row = sqlx::query("SELECT status, version FROM reviews WHERE id = $1")
            .bind(id.to_owned())
            .fetch_optional(&mut *tx)
            .await
            .doing("reading a review")?
            .ok_or_else(|| StoreError::NotFound(format!("there is no review {id:?}")))?;
        let version: i64 = get(&row, "version")?;
        if let Some(expected) = expected_version
            && expected != version
        {
            return Err(StoreError::Conflict(format!(
                "review {id} was changed by someone else (now version {version}, you had {expected}): reload it and try again"
            )));
        }
        let status: String = get(&row, "status")?;
        let status = status.parse().map_err(|_| StoreError::Corrupt {
            what: "review status",
            value: status,
        })?;
        let bumped =
            sqlx::query("UPDATE reviews SET version = version + 1 WHERE id = $1 AND version = $2")
                .bind(id.to_owned())
                .bind(version)
                .execute(&mut *tx)
                .await
                .doing("updating a review")?;
        crate::revisions::touch(&mut tx, &[crate::Scope::Reviews]).await?;
        if bumped.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!(
                "review {id} was changed by someone else: reload it and try again"
            )));
        }
        Ok((tx, status))
    }

    /// Moves a review to its next status; any other move is refused with the reason.
    pub async fn set_review_status(
        &self,
        id: &str,
        to: ReviewStatus,
        expected_version: Option<i64>,
        actor: &User,
    ) -> Result<(), StoreError> {
        policy::check(actor, Act::EditReviews)?;
        let (mut tx, from) = self.begin_review_change(id, expected_version).await?;
        from.transition(to)
            .map_err(|e| StoreError::Conflict(e.to_string()))?;
        sqlx::query("UPDATE reviews SET status = $1 WHERE id = $2")
            .bind(to.code())
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await
            .doing("changing a review's status")?;
        record_status(&mut tx, id, to).await?;
        crate::users::audit(
            &mut tx,
            &actor.username,
            "change review status",
            &format!("review:{id}"),
            Some(serde_json::json!({"status": from.code()}).to_string()),
            Some(serde_json::json!({"status": to.code()}).to_string()),
        )
        .await?;
        tx.commit().await.doing("committing a review change")
    }

    /// Adds a piece of evidence (a submission or a session) to a review's log.
    pub async fn add_review_evidence(
        &self,
        id: &str,
        witness: &str,
        given_on: Date,
        summary: &str,
        papers: &[String],
        actor: &User,
    ) -> Result<(), StoreError> {
        policy::check(actor, Act::EditReviews)?;
        crate::limits::check("a witness", witness, crate::limits::TITLE)?;
        crate::limits::check("a summary of evidence", summary, crate::limits::TEXT)?;
        if papers.len() > 100 {
            return Err(StoreError::Invalid(
                "at most 100 papers per piece of evidence".to_owned(),
            ));
        }
        for paper in papers {
            crate::limits::check("a paper's name", paper, crate::limits::TITLE)?;
        }
        let (mut tx, _) = self.begin_review_change(id, None).await?;
        sqlx::query(
            "INSERT INTO review_evidence (review_id, position, witness, given_on, summary, papers) \
             SELECT $1, COALESCE(MAX(position) + 1, 0), $2, $3, $4, $5 FROM review_evidence WHERE review_id = $1",
        )
        .bind(id.to_owned())
        .bind(witness.to_owned())
        .bind(given_on.to_string())
        .bind(summary.to_owned())
        .bind(serde_json::to_string(papers).unwrap_or_default())
        .execute(&mut *tx)
        .await
        .doing("adding review evidence")?;
        let after = serde_json::json!({"witness": witness, "given_on": given_on.to_string(), "summary": summary, "papers": papers});
        crate::users::audit(
            &mut tx,
            &actor.username,
            "add review evidence",
            &format!("review:{id}"),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await.doing("committing a review change")
    }

    /// Adds a recommendation to the PCC, with the meeting its response is due at.
    pub async fn add_recommendation(
        &self,
        id: &str,
        text: &str,
        response_due_on: Option<Date>,
        actor: &User,
    ) -> Result<i64, StoreError> {
        policy::check(actor, Act::EditReviews)?;
        crate::limits::check("a recommendation", text, crate::limits::TEXT)?;
        let (mut tx, _) = self.begin_review_change(id, None).await?;
        let row = sqlx::query("SELECT CAST(COALESCE(MAX(position) + 1, 0) AS BIGINT) AS p FROM review_recommendations WHERE review_id = $1")
            .bind(id.to_owned())
            .fetch_one(&mut *tx)
            .await
            .doing("numbering a recommendation")?;
        let position: i64 = get(&row, "p")?;
        sqlx::query("INSERT INTO review_recommendations (review_id, position, text, response_due_on) VALUES ($1, $2, $3, $4)")
            .bind(id.to_owned())
            .bind(position)
            .bind(text.to_owned())
            .bind(response_due_on.map(|d| d.to_string()))
            .execute(&mut *tx)
            .await
            .doing("adding a recommendation")?;
        let after = serde_json::json!({"position": position + 1, "text": text, "response_due_on": response_due_on.map(|d| d.to_string())});
        crate::users::audit(
            &mut tx,
            &actor.username,
            "add recommendation",
            &format!("review:{id}"),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await.doing("committing a review change")?;
        Ok(position)
    }

    /// Records the PCC's response to a recommendation.
    pub async fn respond_to_recommendation(
        &self,
        id: &str,
        position: i64,
        response: &str,
        on: Date,
        actor: &User,
    ) -> Result<(), StoreError> {
        policy::check(actor, Act::EditReviews)?;
        crate::limits::check("a response", response, crate::limits::TEXT)?;
        let (mut tx, _) = self.begin_review_change(id, None).await?;
        let done = sqlx::query("UPDATE review_recommendations SET response = $1, responded_on = $2 WHERE review_id = $3 AND position = $4")
            .bind(response.to_owned())
            .bind(on.to_string())
            .bind(id.to_owned())
            .bind(position)
            .execute(&mut *tx)
            .await
            .doing("recording a response")?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound(format!(
                "review {id} has no recommendation {}",
                position + 1
            )));
        }
        let after = serde_json::json!({"position": position + 1, "response": response, "responded_on": on.to_string()});
        crate::users::audit(
            &mut tx,
            &actor.username,
            "record response",
            &format!("review:{id}"),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await.doing("committing a review change")
    }
}
