//! The whole application as one router: every feature's routes merged, then the layers
//! around them, innermost first: the response cache, JSON errors under `/api/`, the files
//! folder, proxy trust, security headers, compression and the request log.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::{AppError, AppState, ServeOptions, TrustProxy, cache, error};

/// Every route of every feature, with the layers in their order.
pub(crate) fn app(state: AppState, options: &ServeOptions) -> Router {
    let mut router = Router::new()
        .merge(crate::forces::router())
        .merge(crate::findings::router())
        .merge(crate::documents::router())
        .merge(crate::workflow::router())
        .merge(crate::reviews::router())
        .merge(crate::evidence::router())
        .merge(crate::auth::router())
        .merge(crate::api::router())
        .route("/static/style.css", get(crate::layout::stylesheet))
        .route("/healthz", get(healthz))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::cached,
        ))
        .layer(axum::middleware::from_fn(error::json_errors))
        .with_state(state);
    if let Some(dir) = &options.files {
        router = router.nest_service("/files", tower_http::services::ServeDir::new(dir));
    }
    if options.trust_proxy {
        router = router.layer(axum::Extension(TrustProxy));
    }
    security_headers(router)
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_response(|response: &Response<Body>, latency: Duration, _span: &Span| {
                    tracing::info!(status = response.status().as_u16(), duration_ms = latency.as_secs_f64() * 1000.0, "served");
                }),
        )
}

/// Any address no route answers.
async fn not_found() -> AppError {
    AppError::NotFound("There is no page at this address.".to_owned())
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not. For load balancers
/// and monitoring; it reads nothing else and is never cached.
async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> Response<Body> {
    use axum::response::IntoResponse;
    match state.store.ping().await {
        Ok(()) => (
            axum::http::StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ok", "database": "ok"})),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: the database does not answer");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(
                    serde_json::json!({"status": "unavailable", "database": "not answering"}),
                ),
            )
                .into_response()
        }
    }
}

/// Headers every answer carries: no framing by other sites, no type sniffing, no referrer
/// beyond this site, and a content security policy that allows only this site's own
/// stylesheet and images (pages have no scripts; the SVG charts carry inline styles).
fn security_headers(router: Router) -> Router {
    use axum::http::{HeaderName, HeaderValue, header};
    use tower_http::set_header::SetResponseHeaderLayer;
    let headers: [(HeaderName, &'static str); 4] = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    headers.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ))
    })
}
