//! Files attached to progress updates: the upload (a multipart form) and the download.

use axum::extract::{Path, State};
use axum::response::Redirect;
use oversight_domain::policy::{self, Act};

use super::AttachEvidence;
use super::ops::action_or_404;
use crate::auth::{Authorised, SignedIn};
use crate::view::force_name;
use crate::{AppError, AppState};

/// A file sent with its form's CSRF token (multipart form: `csrf` and `file`).
#[derive(Debug)]
pub struct Upload {
    csrf: Option<String>,
    /// (name, content type, bytes), if a file was sent.
    file: Option<(String, String, Vec<u8>)>,
}

impl axum::extract::FromRequest<AppState> for Upload {
    type Rejection = axum::response::Response;

    async fn from_request(
        request: axum::extract::Request,
        state: &AppState,
    ) -> Result<Upload, Self::Rejection> {
        use axum::response::IntoResponse;
        let mut form = axum::extract::Multipart::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut csrf = None;
        let mut file: Option<(String, String, Vec<u8>)> = None;
        while let Some(field) = form.next_field().await.map_err(|e| {
            AppError::BadRequest(format!("The upload could not be read: {e}")).into_response()
        })? {
            match field.name() {
                Some("csrf") => {
                    csrf = Some(
                        field
                            .text()
                            .await
                            .map_err(|e| AppError::BadRequest(e.to_string()).into_response())?,
                    )
                }
                Some("file") => {
                    let name = field.file_name().unwrap_or("attachment").to_owned();
                    let content_type = field
                        .content_type()
                        .unwrap_or("application/octet-stream")
                        .to_owned();
                    let bytes = field.bytes().await.map_err(|e| {
                        AppError::BadRequest(format!("The file could not be read: {e}"))
                            .into_response()
                    })?;
                    file = Some((name, content_type, bytes.to_vec()));
                }
                _ => {}
            }
        }
        Ok(Upload { csrf, file })
    }
}

impl crate::auth::CsrfBody for Upload {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

/// Attaches a file to a progress update (multipart form: `csrf` and `file`).
pub async fn attach(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, i64)>,
    Authorised {
        session: s,
        body: Upload { file, .. },
        ..
    }: Authorised<AttachEvidence, Upload>,
) -> Result<Redirect, AppError> {
    let a = action_or_404(&state, &id).await?;
    if !policy::allows(&s.user, Act::EditActions { force: &a.force }) {
        return Err(AppError::Forbidden(format!(
            "A {} may not add evidence to {}'s actions.",
            s.user.role.label(),
            force_name(&a.force)
        )));
    }
    let (name, content_type, bytes) =
        file.ok_or_else(|| AppError::BadRequest("No file was sent.".to_owned()))?;
    oversight_store::check_attachment(&name, &content_type, &bytes)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    state
        .store
        .attach(&id, n, &name, &content_type, &bytes, &s.user)
        .await?;
    Ok(Redirect::to(&format!("/findings/{}#{id}", a.finding)))
}

/// Serves an attached file as a download, never rendered in place.
pub async fn attachment(
    State(state): State<AppState>,
    Path(sha): Path<String>,
    viewer: Option<SignedIn>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let session = viewer.map(|SignedIn(s, _)| s);
    let (view, bytes) = state
        .store
        .attachment(&sha, session.as_ref().map(|s| &s.user))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no attachment {sha:?}.")))?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        view.name.replace(['"', '\\'], "")
    );
    Ok((
        [
            (header::CONTENT_TYPE, view.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            // A draft's file must not be kept by a shared cache for the next person.
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
