//! Oversight's web application: server-rendered pages for people and a JSON API (with its
//! OpenAPI document) for programs, over the same [`Store`].
//!
//! Only this crate knows HTTP: handlers are thin (extract, ask the store, render). The code
//! is arranged by feature, each a folder with its own router, pages, forms and API handlers
//! (`forces`, `findings`, `documents`, `workflow`, `reviews`, `evidence`, `auth`); `router`
//! merges them under the shared layers, `layout` holds the page frame, [`api`] the OpenAPI
//! document, and [`wire`] the JSON shapes the API and `oversight export json` share.

pub mod api;
mod auth;
mod cache;
mod chart;
mod documents;
mod error;
mod evidence;
mod filters;
mod findings;
mod forces;
mod layout;
mod reviews;
mod router;
mod view;
pub mod wire;
mod workflow;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use oversight_store::Store;
use tokio::sync::RwLock;

pub use error::AppError;

/// Every decoder of what a client sends, run without a server by the property test below
/// (and by anyone fuzzing it). Not an API.
#[doc(hidden)]
pub mod fuzzing {
    /// Feeds `bytes` to the login redirect check, the cache's query canonicaliser and the form
    /// decoders, checking what each promises.
    pub fn client_input(bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let next = crate::auth::local(Some(&text));
        assert!(next.starts_with('/') && !next.starts_with("//"), "{next:?}");
        assert!(
            next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\'),
            "{next:?}"
        );
        assert!(axum::http::HeaderValue::from_str(&next).is_ok());
        if let Ok(query) = crate::cache::canonical_query(&text) {
            assert_eq!(crate::cache::canonical_query(&query).as_ref(), Ok(&query));
            assert!(
                format!("/x?{query}").parse::<axum::http::Uri>().is_ok(),
                "{query:?}"
            );
        }
        let _ = serde_urlencoded::from_bytes::<crate::auth::pages::LoginForm>(bytes);
        let _ = serde_urlencoded::from_bytes::<crate::auth::pages::CsrfForm>(bytes);
        let _ = serde_urlencoded::from_bytes::<crate::workflow::forms::UpdateForm>(bytes);
        let _ = serde_urlencoded::from_bytes::<crate::workflow::forms::ResponseForm>(bytes);
        let _ = serde_urlencoded::from_bytes::<crate::reviews::forms::EvidenceForm>(bytes);
        let _ = serde_urlencoded::from_bytes::<crate::filters::FindingQuery>(bytes);
        let _ = serde_json::from_slice::<crate::workflow::api::ActionIn>(bytes);
    }

    #[cfg(test)]
    mod tests {
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4_000))]

            /// Any bytes at all.
            #[test]
            fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
                super::client_input(&bytes);
            }

            /// Bytes shaped like what clients send: queries, paths, forms, escapes.
            #[test]
            fn client_shaped(text in "([a-z_]{1,9}=[%/\\\t\n\x00a-zA-Z0-9+.:-]{0,12}&?){0,6}|/[%/\\\t\n\x00a-z.:]{0,20}") {
                super::client_input(text.as_bytes());
            }
        }
    }
}

/// The judgments with the documents' revision they were read at.
type JudgmentsCache = (Vec<i64>, Arc<Vec<oversight_store::JudgmentView>>);

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    /// Rendered GET responses, valid until the next import.
    cache: cache::ResponseCache,
    /// The canonical judgments, cached until the data version changes.
    judgments: Arc<RwLock<JudgmentsCache>>,
}

/// Marks requests of a server told it sits behind a proxy it trusts: the client's address
/// is then the last one in `X-Forwarded-For`.
#[derive(Debug, Clone, Copy)]
pub struct TrustProxy;

/// How to serve.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Also serve the files of this folder under `/files/`.
    pub files: Option<std::path::PathBuf>,
    /// Trust `X-Forwarded-For` from the peer (run behind a TLS proxy on loopback).
    pub trust_proxy: bool,
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            cache: cache::ResponseCache::default(),
            judgments: Arc::new(RwLock::new((Vec::new(), Arc::new(Vec::new())))),
        }
    }

    /// Every force's judgments with change computed, from cache while no document changes.
    pub async fn judgments(&self) -> Result<Arc<Vec<oversight_store::JudgmentView>>, AppError> {
        let version = self
            .store
            .revisions(&[oversight_store::Scope::Documents])
            .await?;
        {
            let cached = self.judgments.read().await;
            if cached.0 == version && !version.is_empty() {
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
    app_with(store, &ServeOptions::default())
}

/// The application as [`serve_with`] serves it.
pub fn app_with(store: Store, options: &ServeOptions) -> Router {
    router::app(AppState::new(store), options)
}

/// Serves the application on `listener` until the process is stopped.
pub async fn serve(store: Store, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_with(
        store,
        listener,
        ServeOptions::default(),
        std::future::pending(),
    )
    .await
}

/// Serves the application until `shutdown` completes; then stops accepting connections and
/// finishes the requests under way (and so their writes) before returning.
pub async fn serve_with(
    store: Store,
    listener: tokio::net::TcpListener,
    options: ServeOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = app_with(store, &options);
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
    .with_graceful_shutdown(shutdown)
    .await
}
