//! The evidence API: the indicators with their definitions, one month compared across forces,
//! and one force's series.

use axum::Json;
use axum::extract::{Path, Query, State};
use oversight_domain::Force;
use oversight_evidence::Month;
use oversight_evidence::indicator::{self, INDICATORS, Indicator};
use serde::Deserialize;

use super::IndicatorInfo;
use crate::AppState;
use crate::error::ApiError;
use crate::wire::{ComparisonOut, SeriesPointOut};

/// The indicators Oversight computes, with their formulas.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "evidence",
    responses((status = 200, description = "Every indicator with its definition", body = [IndicatorInfo])))]
pub async fn api_indicators() -> Json<Vec<IndicatorInfo>> {
    Json(INDICATORS.iter().map(IndicatorInfo::from).collect())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CompareQuery {
    /// The month, YYYY-MM.
    pub month: String,
}

fn api_indicator(id: &str) -> Result<&'static Indicator, ApiError> {
    indicator::find(id).ok_or_else(|| ApiError::not_found(format!("there is no indicator {id:?}")))
}

/// Every force's value of an indicator for one month, ranked, with England and Wales.
#[utoipa::path(get, path = "/api/v1/indicators/{id}/compare", tag = "evidence",
    params(("id" = String, Path, description = "Indicator id"), CompareQuery),
    responses((status = 200, description = "Every force's value that month, ranked, with England and Wales", body = ComparisonOut),
              (status = 400, description = "Bad month"), (status = 404, description = "No such indicator, or no values that month")))]
pub async fn api_compare(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<CompareQuery>,
) -> Result<Json<ComparisonOut>, ApiError> {
    let ind = api_indicator(&id)?;
    let month: Month = q.month.parse().map_err(ApiError::bad_request)?;
    let rows = state.store.indicator_values(ind.id, Some(month)).await?;
    if rows.is_empty() {
        return Err(ApiError::not_found(format!(
            "no {} values are stored for {month}",
            ind.id
        )));
    }
    Ok(Json(ComparisonOut::from(&indicator::compare(
        ind, month, &rows,
    ))))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SeriesQuery {
    /// The force's slug, e.g. hampshire.
    pub force: String,
}

/// An indicator for one force, month by month, against England and Wales.
#[utoipa::path(get, path = "/api/v1/indicators/{id}/series", tag = "evidence",
    params(("id" = String, Path, description = "Indicator id"), SeriesQuery),
    responses((status = 200, description = "The force's value month by month, with England and Wales", body = [SeriesPointOut]),
              (status = 404, description = "No such indicator or force")))]
pub async fn api_series(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<SeriesQuery>,
) -> Result<Json<Vec<SeriesPointOut>>, ApiError> {
    let ind = api_indicator(&id)?;
    let force = Force::from_slug(&q.force)
        .ok_or_else(|| ApiError::not_found(format!("there is no force {:?}", q.force)))?;
    let rows = state.store.indicator_values(ind.id, None).await?;
    Ok(Json(
        indicator::series(ind, force, &rows)
            .iter()
            .map(SeriesPointOut::from)
            .collect(),
    ))
}
