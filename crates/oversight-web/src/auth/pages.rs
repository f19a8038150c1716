//! The sign-in page, signing in, and signing out.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use oversight_store::{LoginOutcome, SESSION_HOURS};
use serde::Deserialize;

use super::{
    Authorised, COOKIE, Client, SignedIn, csrf_in_body, local, purposes, same_origin, token,
};
use crate::layout::{Crumb, crumbs};
use crate::{AppError, AppState};

purposes! {
    /// Ending one's session.
    SignOut = "sign out";
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

pub async fn login_page(
    Query(q): Query<LoginQuery>,
    viewer: Option<SignedIn>,
) -> Result<LoginPage, AppError> {
    let signed_in =
        viewer.map(|SignedIn(s, _)| (s.user.username, s.user.role.label().to_owned(), s.csrf));
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

csrf_in_body!(Form<CsrfForm>);

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    _: Authorised<SignOut, Form<CsrfForm>>,
) -> Result<Response, AppError> {
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
