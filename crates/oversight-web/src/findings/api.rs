//! The API's findings (filtered and paged, or one) and the published responses to them.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{ApiError, ErrorBody};
use crate::filters::FindingQuery;
use crate::wire::{FindingListOut, FindingOut, ResponseOut};
use crate::{AppError, AppState};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResponseQuery {
    /// A finding's id.
    pub finding: Option<String>,
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
    Ok(Json(FindingListOut::new(page, q.page, q.per_page)))
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
    Ok(Json(FindingOut::from(f)))
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
    Ok(Json(list.into_iter().map(ResponseOut::from).collect()))
}
