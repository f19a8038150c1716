//! The API's documents: all without their text, or one with it.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::{AppError, AppState};

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentOut {
    pub id: String,
    pub kind: String,
    pub source: String,
    pub sha256: String,
    pub format: String,
    pub title: Option<String>,
    pub force: Option<String>,
    pub cycle: Option<String>,
    pub published_on: Option<String>,
    pub warnings: Vec<String>,
    /// The text, on the single-document route only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

fn document_out(d: oversight_store::DocumentView, with_text: bool) -> DocumentOut {
    DocumentOut {
        id: d.id,
        kind: d.kind,
        source: d.source,
        sha256: d.sha256,
        format: d.format,
        title: d.title,
        force: d.force,
        cycle: d.cycle,
        published_on: d.published_on,
        warnings: d.warnings,
        text: with_text.then_some(d.text),
    }
}

/// Every stored document, without its text.
#[utoipa::path(get, path = "/api/v1/documents", tag = "records", responses((status = 200, body = Vec<DocumentOut>)))]
pub async fn documents(State(state): State<AppState>) -> Result<Json<Vec<DocumentOut>>, ApiError> {
    Ok(Json(
        state
            .store
            .document_list()
            .await?
            .into_iter()
            .map(|d| document_out(d, false))
            .collect(),
    ))
}

/// One document, with its text.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "records", params(("id" = String, Path, description = "the document's id")),
    responses((status = 200, body = DocumentOut), (status = 404, body = ErrorBody)))]
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentOut>, ApiError> {
    let d = state
        .store
        .document(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no document with the id {id:?}")))?;
    Ok(Json(document_out(d, true)))
}
