//! Errors of the web layer.
//!
//! Policy: bad input (an unknown id, a filter value that does not parse) is a 4xx with a
//! message a person can act on; anything else is a 500 whose details are logged, never
//! shown. API routes answer JSON `{"error": {"status", "message"}}`; pages answer HTML.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use oversight_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    /// Not signed in, not allowed, or a form without its CSRF token.
    #[error("{0}")]
    Forbidden(String),
    /// A change the rules refuse, or one made against data that changed meanwhile.
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("internal error")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::Forbidden(message) => AppError::Forbidden(capitalised(&message)),
            StoreError::Conflict(message) => AppError::Conflict(capitalised(&message)),
            StoreError::Invalid(message) => AppError::BadRequest(capitalised(&message)),
            StoreError::NotFound(message) => AppError::NotFound(capitalised(&message)),
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// A store message as a sentence: capital first letter, full stop at the end.
fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

impl AppError {
    /// The error as the route at `path` answers: JSON under `/api/`, a page elsewhere.
    pub fn into_response_for(self, path: &str) -> Response {
        if path.starts_with("/api/") {
            ApiError(self).into_response()
        } else {
            self.into_response()
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn public_message(&self) -> String {
        match self {
            AppError::Internal(details) => {
                tracing::error!(%details, "internal error");
                "Something went wrong on our side. It has been logged.".to_owned()
            }
            other => other.to_string(),
        }
    }
}

// The body of every API error, `{"error": {"status", "message"}}` (no doc comment: it would
// become the schema's description in the OpenAPI document).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    pub status: u16,
    pub message: String,
}

/// An error on an API route: JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError(AppError::NotFound(message.into()))
    }
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError(AppError::BadRequest(message.into()))
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        ApiError(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let body = serde_json::json!({ "error": { "status": status.as_u16(), "message": self.0.public_message() } });
        (status, Json(body)).into_response()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let page = crate::layout::ErrorPage {
            status: status.as_u16(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            message: self.public_message(),
        };
        let body = askama::Template::render(&page).unwrap_or_else(|_| "Error".to_owned());
        (status, Html(body)).into_response()
    }
}

/// Middleware for `/api/`: an error answered before any handler ran (a body that is not JSON,
/// too large, of the wrong shape; a path parameter that does not parse) comes from axum as
/// plain text. It is rewritten here as the API's JSON error, keeping its status and message,
/// so every API error has one shape.
pub async fn json_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    // axum's rejections are short sentences; a longer body is not one of them.
    let text = axum::body::to_bytes(response.into_body(), 16 * 1024)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("Error").to_owned());
    let message = if status.is_server_error() {
        "Something went wrong on our side. It has been logged.".to_owned()
    } else {
        text.trim().to_owned()
    };
    let body = serde_json::json!({ "error": { "status": status.as_u16(), "message": message } });
    (status, Json(body)).into_response()
}
