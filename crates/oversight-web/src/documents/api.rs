//! The API's documents: all without their text, or one with it.

use axum::Json;
use axum::extract::{Path, State};

use crate::error::{ApiError, ErrorBody};
use crate::wire::DocumentOut;
use crate::{AppError, AppState};

/// Every stored document, without its text.
#[utoipa::path(get, path = "/api/v1/documents", tag = "records", responses((status = 200, body = Vec<DocumentOut>)))]
pub async fn documents(State(state): State<AppState>) -> Result<Json<Vec<DocumentOut>>, ApiError> {
    Ok(Json(
        state
            .store
            .document_list()
            .await?
            .into_iter()
            .map(DocumentOut::without_text)
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
    Ok(Json(DocumentOut::with_text(d)))
}
