//! The API's reference data (forces, cycles) and the judgments.

use axum::Json;
use axum::extract::{Path, Query, State};
use oversight_domain::{Cycle, Grade};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::filters;
use crate::{AppError, AppState};

#[derive(Debug, Serialize, ToSchema)]
pub struct ForceOut {
    /// Stable id: police.uk's slug.
    pub id: &'static str,
    pub name: &'static str,
    pub ons_code: &'static str,
    /// True for the demo's invented force.
    pub fictional: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CycleOut {
    pub id: &'static str,
    pub name: String,
    /// `four_point` (2014–2019, with Ungraded) or `five_point` (2021 on).
    pub grade_scale: &'static str,
    pub pillars: Vec<&'static str>,
    pub areas: Vec<&'static str>,
    pub previous: Option<&'static str>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JudgmentOut {
    pub id: String,
    pub inspection: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub question: Option<i64>,
    pub area: Option<String>,
    pub grade: &'static str,
    pub previous_grade: Option<&'static str>,
    /// `improved`, `unchanged` or `deteriorated`.
    pub change: Option<&'static str>,
    pub summary: String,
    pub document: String,
    /// [start, end) in characters of the document's text.
    pub span: [i64; 2],
}

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

fn grade_code(g: Grade) -> &'static str {
    g.code()
}

/// Every force Oversight knows.
#[utoipa::path(get, path = "/api/v1/forces", tag = "reference", responses((status = 200, body = Vec<ForceOut>)))]
pub async fn forces() -> Json<Vec<ForceOut>> {
    Json(
        oversight_domain::all_forces()
            .map(|f| ForceOut {
                id: f.slug(),
                name: f.name(),
                ons_code: f.ons_code(),
                fictional: f.is_fictional(),
            })
            .collect(),
    )
}

/// One force.
#[utoipa::path(get, path = "/api/v1/forces/{id}", tag = "reference", params(("id" = String, Path, description = "the force's slug")),
    responses((status = 200, body = ForceOut), (status = 404, body = ErrorBody)))]
pub async fn force(Path(id): Path<String>) -> Result<Json<ForceOut>, ApiError> {
    let f = oversight_domain::Force::from_slug(&id)
        .ok_or_else(|| AppError::NotFound(format!("no force with the id {id:?}")))?;
    Ok(Json(ForceOut {
        id: f.slug(),
        name: f.name(),
        ons_code: f.ons_code(),
        fictional: f.is_fictional(),
    }))
}

/// Every PEEL cycle with its framework.
#[utoipa::path(get, path = "/api/v1/cycles", tag = "reference", responses((status = 200, body = Vec<CycleOut>)))]
pub async fn cycles() -> Json<Vec<CycleOut>> {
    Json(
        Cycle::ALL
            .iter()
            .map(|c| {
                let fw = c.framework();
                CycleOut {
                    id: c.code(),
                    name: c.label(),
                    grade_scale: fw.scale.code(),
                    pillars: fw.pillars.iter().map(|p| p.code()).collect(),
                    areas: fw.areas.iter().map(|a| a.code).collect(),
                    previous: c.previous().map(|p| p.code()),
                }
            })
            .collect(),
    )
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
        .map(|j| JudgmentOut {
            id: j.id.clone(),
            inspection: crate::view::inspection_id(&j.force, &j.cycle, j.pillar.as_deref()),
            force: j.force.clone(),
            cycle: j.cycle.clone(),
            pillar: j.pillar.clone(),
            question: j.question,
            area: j.area.clone(),
            grade: grade_code(j.grade),
            previous_grade: j.previous_grade.map(grade_code),
            change: j.change.map(|c| c.code()),
            summary: j.summary.clone(),
            document: j.document.clone(),
            span: [j.span.0, j.span.1],
        })
        .collect();
    Ok(Json(out))
}
