//! Signing in and out, the session cookie, and the checks every change passes: a live
//! session, a role allowed to make it, the session's CSRF token echoed by the form (or the
//! `X-CSRF-Token` header), and an `Origin`, when the browser sends one, that is this site.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use oversight_store::{LoginOutcome, SESSION_HOURS, Session};
use serde::Deserialize;

use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

/// The session cookie's name.
pub const COOKIE: &str = "oversight_session";

/// The session token in the request's cookies.
pub fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// The signed-in session of a request, if any.
pub async fn session(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, AppError> {
    match token(headers) {
        Some(t) => Ok(state.store.session(&t).await?),
        None => Ok(None),
    }
}

/// A browser's cross-site request carries an Origin naming another site: refuse it.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
}

/// Compares without stopping at the first difference.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The checks of a change: signed in, allowed by `allowed`, CSRF token and origin right.
pub async fn authorise(
    state: &AppState,
    headers: &HeaderMap,
    csrf: Option<&str>,
    allowed: impl Fn(&Session) -> bool,
    what: &str,
) -> Result<Session, AppError> {
    if !same_origin(headers) {
        return Err(AppError::Forbidden(
            "This request came from another site and was refused.".to_owned(),
        ));
    }
    let session = session(state, headers)
        .await?
        .ok_or_else(|| AppError::Forbidden(format!("Sign in to {what}.")))?;
    let sent = csrf.or_else(|| headers.get("x-csrf-token").and_then(|v| v.to_str().ok()));
    if !sent.is_some_and(|t| same_token(t, &session.csrf)) {
        return Err(AppError::Forbidden(
            "The form's security token is missing or out of date: reload the page and try again."
                .to_owned(),
        ));
    }
    if !allowed(&session) {
        return Err(AppError::Forbidden(format!(
            "A {} may not {what}.",
            session.user.role.label()
        )));
    }
    Ok(session)
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub next: String,
    pub message: Option<String>,
    pub signed_in: Option<(String, String, String)>,
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    pub next: Option<String>,
}

/// Where to go after signing in: a path of this site, never another host. Browsers drop
/// tabs and line breaks from a URL and read `\\` as `/`, so `/\t/evil.example` would leave
/// the site: only printable ASCII without backslashes is accepted, starting with one `/`,
/// and anything else goes home. The result is always a valid header value.
pub fn local(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && n.len() <= 2048
                && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Where a request came from, for counting failed logins per client: the peer's address,
/// or, behind a proxy the server was told to trust, the address the proxy appended last to
/// `X-Forwarded-For`.
#[derive(Debug, Clone)]
pub struct Client(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Client, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        let trusted = parts.extensions.get::<crate::TrustProxy>().is_some();
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        Ok(Client(match (trusted, forwarded, peer) {
            (true, Some(f), _) => f,
            (_, _, Some(p)) => p,
            _ => "unknown".to_owned(),
        }))
    }
}

pub async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<LoginQuery>,
) -> Result<LoginPage, AppError> {
    let signed_in = session(&state, &headers)
        .await?
        .map(|s| (s.user.username, s.user.role.label().to_owned(), s.csrf));
    Ok(LoginPage {
        title: "Sign in".to_owned(),
        crumbs: crumbs(&[("/", "National picture")]),
        next: local(q.next.as_deref()),
        message: None,
        signed_in,
    })
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    pub next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    if !same_origin(&headers) {
        return Err(AppError::Forbidden(
            "This request came from another site and was refused.".to_owned(),
        ));
    }
    let failed = |message: &str, status: StatusCode| {
        let page = LoginPage {
            title: "Sign in".to_owned(),
            crumbs: crumbs(&[("/", "National picture")]),
            next: local(form.next.as_deref()),
            message: Some(message.to_owned()),
            signed_in: None,
        };
        (status, page).into_response()
    };
    // Where to go is settled before anything is written, so nothing can fail after the
    // session is opened.
    let next = local(form.next.as_deref());
    let token = match state
        .store
        .login(&form.username, &form.password, &client)
        .await?
    {
        LoginOutcome::SignedIn { token, .. } => token,
        LoginOutcome::Wrong => {
            return Ok(failed(
                "The user name or password is wrong.",
                StatusCode::UNAUTHORIZED,
            ));
        }
        LoginOutcome::TooMany(message) => {
            return Ok(failed(message, StatusCode::TOO_MANY_REQUESTS));
        }
    };
    let cookie = format!(
        "{COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={}",
        SESSION_HOURS * 3600
    );
    let mut response = Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: Option<String>,
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    authorise(&state, &headers, form.csrf.as_deref(), |_| true, "sign out").await?;
    if let Some(t) = token(&headers) {
        state.store.logout(&t).await?;
    }
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "oversight_session=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0",
        ),
    );
    Ok(response)
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
              (status = 403, description = "Not signed in", body = crate::api::ErrorBody)))]
pub async fn api_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<axum::Json<SessionOut>, crate::error::ApiError> {
    let s = session(&state, &headers)
        .await?
        .ok_or_else(|| AppError::Forbidden("Sign in first: POST /login.".to_owned()))?;
    Ok(axum::Json(SessionOut {
        role: s.user.role.code().to_owned(),
        force: s.user.force,
        username: s.user.username,
        csrf: s.csrf,
    }))
}
