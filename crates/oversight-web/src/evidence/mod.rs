//! Evidence: indicators from police.uk open data, ranked across forces (`/indicators`), as a
//! force's series against England and Wales (on force and finding pages), and in the API.

pub mod api;
pub mod pages;

use axum::Router;
use axum::routing::get;
use oversight_evidence::indicator::Indicator;

use crate::AppState;

pub use pages::{SeriesPanel, series_panels};

/// An indicator's definition, for people and the API.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct IndicatorInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub explanation: &'static str,
    pub formula: &'static str,
    pub unit: &'static str,
    /// The police.uk file the counts come from.
    pub source: &'static str,
    pub higher_is_worse: bool,
}

impl From<&'static Indicator> for IndicatorInfo {
    fn from(i: &'static Indicator) -> IndicatorInfo {
        IndicatorInfo {
            id: i.id,
            name: i.name,
            explanation: i.explanation,
            formula: i.formula,
            unit: i.unit,
            source: i.kind.as_str(),
            higher_is_worse: i.higher_is_worse,
        }
    }
}

pub(crate) fn value_text(v: Option<f64>) -> String {
    v.map_or("–".to_owned(), |v| format!("{v:.1}"))
}

/// `/indicators` and the API's indicators.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/indicators", get(pages::indicators_page))
        .route("/api/v1/indicators", get(api::api_indicators))
        .route("/api/v1/indicators/{id}/compare", get(api::api_compare))
        .route("/api/v1/indicators/{id}/series", get(api::api_series))
}
