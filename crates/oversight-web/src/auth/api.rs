//! `GET /api/v1/session`: the signed-in session, for programs.

use axum::Json;

use super::{Purpose, SignedIn};
use crate::error::ApiError;

/// Asking the API who one is.
#[derive(Debug)]
pub struct ReadSession;

impl Purpose for ReadSession {
    const WHAT: &'static str = "read your session";

    fn sign_in() -> String {
        "Sign in first: POST /login.".to_owned()
    }
}

/// The signed-in session, for programs: who, with which role and force, and the token to send
/// as `X-CSRF-Token` with every change.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct SessionOut {
    pub username: String,
    /// `admin`, `inspectorate`, `force_editor`, `opcc_editor` or `panel_member`.
    pub role: String,
    /// The force an editor works for.
    pub force: Option<String>,
    pub csrf: String,
}

/// The session of the request's cookie (403 without one).
#[utoipa::path(get, path = "/api/v1/session", tag = "workflow",
    responses((status = 200, description = "The signed-in session", body = SessionOut),
              (status = 403, description = "Not signed in", body = crate::error::ErrorBody)))]
pub async fn api_session(
    SignedIn(s, _): SignedIn<ReadSession>,
) -> Result<Json<SessionOut>, ApiError> {
    Ok(Json(SessionOut {
        role: s.user.role.code().to_owned(),
        force: s.user.force,
        username: s.user.username,
        csrf: s.csrf,
    }))
}
