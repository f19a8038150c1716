//! The API's findings (filtered and paged, or one) and the published responses to them.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::filters::FindingQuery;
use crate::{AppError, AppState};

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingOut {
    pub id: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub question: Option<i64>,
    pub area: Option<String>,
    /// `area_for_improvement`, `cause_of_concern` or `recommendation`.
    pub kind: String,
    pub text: String,
    pub sub_actions: Vec<String>,
    /// ISO dates.
    pub deadlines: Vec<String>,
    pub immediate: bool,
    pub parent: Option<String>,
    pub document: String,
    pub span: [i64; 2],
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingListOut {
    pub findings: Vec<FindingOut>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseOut {
    pub id: String,
    pub finding: String,
    /// `opcc` or `force`.
    pub by: String,
    pub text: String,
    pub document: String,
    pub span: [i64; 2],
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResponseQuery {
    /// A finding's id.
    pub finding: Option<String>,
}

pub(crate) fn finding_out(f: oversight_store::FindingView) -> FindingOut {
    FindingOut {
        id: f.id,
        force: f.force,
        cycle: f.cycle,
        pillar: f.pillar,
        question: f.question,
        area: f.area,
        kind: f.kind,
        text: f.text,
        sub_actions: f.sub_actions.into_iter().map(|s| s.text).collect(),
        deadlines: f.deadlines.into_iter().filter_map(|d| d.due_on).collect(),
        immediate: f.immediate,
        parent: f.parent,
        document: f.document,
        span: [f.span.0, f.span.1],
    }
}

fn response_out(r: oversight_store::ResponseView) -> ResponseOut {
    ResponseOut {
        id: r.id,
        finding: r.finding,
        by: r.by,
        text: r.text,
        document: r.document,
        span: [r.span.0, r.span.1],
    }
}

/// Findings, filtered and paged.
#[utoipa::path(get, path = "/api/v1/findings", tag = "records", params(FindingQuery),
    responses((status = 200, body = FindingListOut), (status = 400, body = ErrorBody)))]
pub async fn findings(
    State(state): State<AppState>,
    Query(q): Query<FindingQuery>,
) -> Result<Json<FindingListOut>, ApiError> {
    let q = q.parse()?;
    let page = state
        .store
        .findings_page(&q.filter, q.per_page, (q.page - 1) * q.per_page)
        .await?;
    Ok(Json(FindingListOut {
        findings: page.findings.into_iter().map(finding_out).collect(),
        total: page.total,
        page: q.page,
        per_page: q.per_page,
    }))
}

/// One finding.
#[utoipa::path(get, path = "/api/v1/findings/{id}", tag = "records", params(("id" = String, Path, description = "the finding's id")),
    responses((status = 200, body = FindingOut), (status = 404, body = ErrorBody)))]
pub async fn finding(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<FindingOut>, ApiError> {
    let f = state
        .store
        .finding(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no finding with the id {id:?}")))?;
    Ok(Json(finding_out(f)))
}

/// Responses by the OPCC or the force, all or to one finding.
#[utoipa::path(get, path = "/api/v1/responses", tag = "records", params(ResponseQuery),
    responses((status = 200, body = Vec<ResponseOut>), (status = 404, body = ErrorBody)))]
pub async fn responses(
    State(state): State<AppState>,
    Query(q): Query<ResponseQuery>,
) -> Result<Json<Vec<ResponseOut>>, ApiError> {
    let list = match q
        .finding
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        Some(finding) => {
            if state.store.finding(finding).await?.is_none() {
                return Err(
                    AppError::NotFound(format!("no finding with the id {finding:?}")).into(),
                );
            }
            state.store.responses_to(finding).await?
        }
        None => state.store.responses().await?,
    };
    Ok(Json(list.into_iter().map(response_out).collect()))
}
