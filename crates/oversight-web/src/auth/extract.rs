//! The checks of [`super`] as extractors: [`SignedIn`] for the session of the request's
//! cookie, and [`Authorised`] for a change's body after every check a change passes. Each is
//! refused as the hand-written checks were: the same status and words, as a page or, under
//! `/api/`, as the API's JSON error.

use std::marker::PhantomData;

use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use oversight_store::Session;

use crate::{AppError, AppState};

/// What a request is for, in the words its refusals use: "Sign in to {WHAT}." without a
/// session, "A {role} may not {WHAT}." when [`Purpose::allowed`] refuses the role.
pub trait Purpose: Send + Sync + 'static {
    /// The request's purpose as a verb phrase, e.g. `add actions`.
    const WHAT: &'static str;

    /// Whether a session may make this request at all; finer checks (which force, which
    /// record) stay with the handler.
    fn allowed(_session: &Session) -> bool {
        true
    }

    /// The refusal of a request without a session.
    fn sign_in() -> String {
        format!("Sign in to {}.", Self::WHAT)
    }
}

/// Declares purposes open to every signed-in role: `Name = "verb phrase";`.
macro_rules! purposes {
    ($($(#[$doc:meta])* $name:ident = $what:literal;)+) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;

        impl $crate::auth::Purpose for $name {
            const WHAT: &'static str = $what;
        }
    )+};
}
pub(crate) use purposes;

/// The session of the request's cookie. Required, it refuses a request without one with a 403
/// in `P`'s words; as `Option<SignedIn>` it is `None` for a reader who is not signed in.
#[derive(Debug)]
pub struct SignedIn<P = ()>(pub Session, pub PhantomData<P>);

impl<P: Purpose> FromRequestParts<AppState> for SignedIn<P> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match super::session(state, &parts.headers).await {
            Ok(Some(session)) => Ok(SignedIn(session, PhantomData)),
            Ok(None) => Err(AppError::Forbidden(P::sign_in()).into_response_for(parts.uri.path())),
            Err(e) => Err(e.into_response_for(parts.uri.path())),
        }
    }
}

impl<P: Send + Sync> OptionalFromRequestParts<AppState> for SignedIn<P> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Response> {
        super::session(state, &parts.headers)
            .await
            .map(|s| s.map(|session| SignedIn(session, PhantomData)))
            .map_err(|e| e.into_response_for(parts.uri.path()))
    }
}

/// A change's body, and the CSRF token it carries if its route reads the token from it (the
/// `X-CSRF-Token` header serves otherwise).
pub trait CsrfBody: FromRequest<AppState> + Send + Sync {
    fn csrf(&self) -> Option<&str>;
}

/// Bodies (`Form<T>`, `Json<T>`) whose `csrf` field holds the token.
macro_rules! csrf_in_body {
    ($($body:ty),+ $(,)?) => {$(
        impl $crate::auth::CsrfBody for $body {
            fn csrf(&self) -> Option<&str> {
                self.0.csrf.as_deref()
            }
        }
    )+};
}
pub(crate) use csrf_in_body;

/// Bodies whose route reads the token from the `X-CSRF-Token` header only.
macro_rules! csrf_in_header {
    ($($body:ty),+ $(,)?) => {$(
        impl $crate::auth::CsrfBody for $body {
            fn csrf(&self) -> Option<&str> {
                None
            }
        }
    )+};
}
pub(crate) use csrf_in_header;

/// A change allowed by [`super::authorise`], checked in its order after the body is read: a
/// body that does not parse is refused as its extractor refuses it; then a foreign `Origin`,
/// no session, a missing or wrong CSRF token, and a role `P` does not allow are each a 403.
#[derive(Debug)]
pub struct Authorised<P, B> {
    pub session: Session,
    pub body: B,
    pub purpose: PhantomData<P>,
}

impl<P: Purpose, B: CsrfBody> FromRequest<AppState> for Authorised<P, B> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let headers = request.headers().clone();
        let path = request.uri().path().to_owned();
        let body = B::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let session = super::authorise(state, &headers, body.csrf(), P::allowed, P::WHAT)
            .await
            .map_err(|e| e.into_response_for(&path))?;
        Ok(Authorised {
            session,
            body,
            purpose: PhantomData,
        })
    }
}
