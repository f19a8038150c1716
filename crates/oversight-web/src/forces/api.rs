//! The API's reference data (forces, cycles) and the judgments.

use axum::Json;
use axum::extract::{Path, Query, State};
use oversight_domain::Cycle;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{ApiError, ErrorBody};
use crate::filters;
use crate::wire::{CycleOut, ForceOut, JudgmentOut};
use crate::{AppError, AppState};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JudgmentQuery {
    /// A force's slug.
    pub force: Option<String>,
    /// A cycle, e.g. `2016`.
    pub cycle: Option<String>,
    /// A pillar.
    pub pillar: Option<String>,
}

/// Every force Oversight knows.
#[utoipa::path(get, path = "/api/v1/forces", tag = "reference", responses((status = 200, body = Vec<ForceOut>)))]
pub async fn forces() -> Json<Vec<ForceOut>> {
    Json(oversight_domain::all_forces().map(ForceOut::from).collect())
}

/// One force.
#[utoipa::path(get, path = "/api/v1/forces/{id}", tag = "reference", params(("id" = String, Path, description = "the force's slug")),
    responses((status = 200, body = ForceOut), (status = 404, body = ErrorBody)))]
pub async fn force(Path(id): Path<String>) -> Result<Json<ForceOut>, ApiError> {
    let f = oversight_domain::Force::from_slug(&id)
        .ok_or_else(|| AppError::NotFound(format!("no force with the id {id:?}")))?;
    Ok(Json(ForceOut::from(f)))
}

/// Every PEEL cycle with its framework.
#[utoipa::path(get, path = "/api/v1/cycles", tag = "reference", responses((status = 200, body = Vec<CycleOut>)))]
pub async fn cycles() -> Json<Vec<CycleOut>> {
    Json(Cycle::ALL.iter().copied().map(CycleOut::from).collect())
}

/// Judgments (one per force, cycle and pillar, question or area), with change since the previous cycle.
#[utoipa::path(get, path = "/api/v1/judgments", tag = "records", params(JudgmentQuery),
    responses((status = 200, body = Vec<JudgmentOut>), (status = 400, body = ErrorBody)))]
pub async fn judgments(
    State(state): State<AppState>,
    Query(q): Query<JudgmentQuery>,
) -> Result<Json<Vec<JudgmentOut>>, ApiError> {
    let force = filters::force(&q.force)?;
    let cycle = filters::cycle(&q.cycle)?;
    let pillar = filters::pillar(&q.pillar)?;
    let all = state.judgments().await?;
    let out = all
        .iter()
        .filter(|j| force.is_none_or(|f| j.force == f.slug()))
        .filter(|j| cycle.is_none_or(|c| j.cycle == c.code()))
        .filter(|j| pillar.is_none_or(|p| j.pillar.as_deref() == Some(p.code())))
        .map(JudgmentOut::from)
        .collect();
    Ok(Json(out))
}
