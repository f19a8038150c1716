//! Signing in and out, the session cookie, and the checks every change passes: a live
//! session, a role allowed to make it, the session's CSRF token echoed by the form (or the
//! `X-CSRF-Token` header), and an `Origin`, when the browser sends one, that is this site.
//! Handlers get these checks as extractors ([`SignedIn`], [`Authorised`]).

pub mod api;
mod extract;
pub mod pages;

use axum::Router;
use axum::http::{HeaderMap, header};
use axum::routing::{get, post};
use oversight_store::Session;

pub use extract::{Authorised, CsrfBody, Purpose, SignedIn};
pub(crate) use extract::{csrf_in_body, csrf_in_header, purposes};

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

/// `/login`, `/logout` and `GET /api/v1/session`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(pages::login_page).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/api/v1/session", get(api::api_session))
}
