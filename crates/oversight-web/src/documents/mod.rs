//! Documents: the list of what is stored, a document's text with its records marked, and the
//! API's documents.

pub mod api;
pub mod pages;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/documents", get(pages::documents_page))
        .route("/documents/{id}", get(pages::document_page))
        .route("/api/v1/documents", get(api::documents))
        .route("/api/v1/documents/{id}", get(api::document))
}
