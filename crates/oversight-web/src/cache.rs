//! A cache of rendered GET responses, valid while the stored data does not change: every
//! entry carries the data version (the last import's number) it was rendered at, and an
//! import makes all of them stale at once. Pages and API answers depend on nothing else.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::RwLock;

use crate::AppState;

/// At most this many responses are kept; past it the cache starts again empty.
const CAPACITY: usize = 2_000;
/// Bodies larger than this are not kept.
const MAX_BODY: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone)]
struct Entry {
    version: i64,
    status: StatusCode,
    content_type: Option<HeaderValue>,
    body: Bytes,
}

#[derive(Debug, Default, Clone)]
pub struct ResponseCache {
    entries: Arc<RwLock<HashMap<String, Entry>>>,
}

/// Middleware: answers a GET from the cache when the data has not changed since it was
/// rendered; otherwise renders it and keeps successful and 4xx answers.
pub async fn cached(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // Signed-in pages carry forms and tokens for one person: never cached or shared.
    if request.method() != Method::GET
        || request.headers().contains_key(header::AUTHORIZATION)
        || crate::auth::token(request.headers()).is_some()
        // Downloads carry headers of their own (disposition, nosniff) the cache does not keep.
        || request.uri().path().starts_with("/attachments/")
    {
        return next.run(request).await;
    }
    let Ok(version) = state.store.data_version().await else {
        return next.run(request).await;
    };
    let key = request.uri().to_string();
    if let Some(entry) = state
        .cache
        .entries
        .read()
        .await
        .get(&key)
        .filter(|e| e.version == version)
        .cloned()
    {
        return respond(entry);
    }
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_success() || status.is_client_error()) {
        return response;
    }
    let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
    let Ok(body) = axum::body::to_bytes(response.into_body(), MAX_BODY).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the response was too large to buffer",
        )
            .into_response();
    };
    let entry = Entry {
        version,
        status,
        content_type,
        body,
    };
    {
        let mut entries = state.cache.entries.write().await;
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(key, entry.clone());
    }
    respond(entry)
}

fn respond(entry: Entry) -> Response {
    let mut response = Response::new(Body::from(entry.body));
    *response.status_mut() = entry.status;
    if let Some(content_type) = entry.content_type {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
    }
    response
}
