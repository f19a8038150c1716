//! Forces: the national table of grades, each force's page with its history, each
//! inspection's page, and the API's reference data (forces, cycles) and judgments.

pub mod api;
pub mod pages;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::index))
        .route("/forces/{slug}", get(pages::force_page))
        .route("/inspections/{id}", get(pages::inspection_page))
        .route("/api/v1/forces", get(api::forces))
        .route("/api/v1/forces/{id}", get(api::force))
        .route("/api/v1/cycles", get(api::cycles))
        .route("/api/v1/judgments", get(api::judgments))
}
