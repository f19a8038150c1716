//! Findings: the filtered list, a finding's page, and the API's findings and the published
//! responses to them. (Actions and responses written here are the workflow's.)

pub mod api;
pub mod pages;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/findings", get(pages::findings_page))
        .route("/findings/{id}", get(pages::finding_page))
        .route("/api/v1/findings", get(api::findings))
        .route("/api/v1/findings/{id}", get(api::finding))
        .route("/api/v1/responses", get(api::responses))
}
