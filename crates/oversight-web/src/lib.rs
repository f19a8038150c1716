//! Oversight's web application: server-rendered pages for people and a JSON API (with its
//! OpenAPI document) for programs, over the same [`Store`].
//!
//! Only this crate knows HTTP: handlers are thin (extract, ask the store, render); the
//! wire types of the API live in [`api`], the page models in [`pages`].

mod actions;
pub mod api;
mod auth;
mod cache;
mod chart;
mod error;
mod evidence;
mod filters;
mod pages;
mod reviews;
mod view;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use oversight_store::Store;
use tokio::sync::RwLock;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use error::AppError;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    /// Rendered GET responses, valid until the next import.
    cache: cache::ResponseCache,
    /// The canonical judgments, cached until the data version changes.
    judgments: Arc<RwLock<(i64, Arc<Vec<oversight_store::JudgmentView>>)>>,
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            cache: cache::ResponseCache::default(),
            judgments: Arc::new(RwLock::new((i64::MIN, Arc::new(Vec::new())))),
        }
    }

    /// Every force's judgments with change computed, from cache while nothing new is imported.
    pub async fn judgments(&self) -> Result<Arc<Vec<oversight_store::JudgmentView>>, AppError> {
        let version = self.store.data_version().await?;
        {
            let cached = self.judgments.read().await;
            if cached.0 == version {
                return Ok(cached.1.clone());
            }
        }
        let fresh = Arc::new(self.store.judgments().await?);
        *self.judgments.write().await = (version, fresh.clone());
        Ok(fresh)
    }
}

/// The whole application: pages, API, static assets, request logging and compression.
pub fn app(store: Store) -> Router {
    let state = AppState::new(store);
    Router::new()
        .merge(pages::router())
        .merge(api::router())
        .layer(axum::middleware::from_fn_with_state(state.clone(), cache::cached))
        .with_state(state)
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

/// Serves the application on `listener` until the process is stopped.
pub async fn serve(store: Store, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_with_files(store, listener, None).await
}

/// Serves the application, and the files of `files` (if given) under `/files/`.
pub async fn serve_with_files(
    store: Store,
    listener: tokio::net::TcpListener,
    files: Option<&std::path::Path>,
) -> std::io::Result<()> {
    let mut router = app(store);
    if let Some(dir) = files {
        router = router.nest_service("/files", tower_http::services::ServeDir::new(dir));
    }
    // Small responses go out at once: no Nagle delay waiting for an ACK.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp: &mut tokio::net::TcpStream| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}
