//! A cache of rendered GET responses for readers who are not signed in.
//!
//! An entry is valid while nothing it shows has changed: each page depends on a few scopes
//! of the data ([`Scope`]: the documents, the evidence, the reviews, one force's or one
//! finding's workflow, or the workflow anywhere), and an entry keeps the revisions those
//! scopes had when it was rendered and the day it was rendered on (pages that say
//! "overdue" change at midnight), both part of its key. An action on a Hampshire finding therefore leaves the
//! national table and every other force's pages cached. The revisions are read from the
//! database, so every server sharing it agrees.
//!
//! The key is the path and only the query parameters some page reads, in a fixed order:
//! `?junk=1` and `?junk=2` are one entry, and the handler never sees `junk`. The cache is
//! bounded in bytes (entries not asked for again go first), requests that miss the same
//! entry together wait for one render, and a body larger than [`MAX_BODY`] is served as it
//! is, not kept. Signed-in requests (their pages carry a
//! person's forms and tokens) and downloads never touch it.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use oversight_store::Scope;

use crate::AppState;

/// At most this many bytes of keys and bodies are kept.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// Bodies larger than this are served but not kept.
pub const MAX_BODY: u64 = 2 * 1024 * 1024;
/// A rough guess of the number of entries, for the cache's tables.
const EXPECTED_ENTRIES: usize = 4_096;
/// The query parameters some page or API route reads. Any other is dropped from the request
/// before it reaches a handler, and from the key.
const KNOWN_PARAMETERS: &[&str] = &[
    "cycle",
    "questions",
    "force",
    "pillar",
    "kind",
    "status",
    "page",
    "per_page",
    "finding",
    "indicator",
    "month",
    "limit",
    "offset",
    "next",
    "filter",
];
/// The longest value of a query parameter any page needs.
const MAX_PARAMETER: usize = 200;

#[derive(Debug, Clone)]
struct Entry {
    status: StatusCode,
    content_type: Option<HeaderValue>,
    body: Bytes,
}

#[derive(Debug, Clone)]
struct ByBytes;

impl quick_cache::Weighter<String, Entry> for ByBytes {
    fn weight(&self, key: &String, entry: &Entry) -> u64 {
        // The fixed part stands for the entry's own bookkeeping.
        (key.len() + entry.body.len() + 256) as u64
    }
}

/// The cache shared by every request of one server.
#[derive(Clone)]
pub struct ResponseCache {
    entries: std::sync::Arc<quick_cache::sync::Cache<String, Entry, ByBytes>>,
}

impl std::fmt::Debug for ResponseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseCache")
            .field("entries", &self.entries.len())
            .field("bytes", &self.entries.weight())
            .finish()
    }
}

impl Default for ResponseCache {
    fn default() -> ResponseCache {
        ResponseCache::with_capacity(CAPACITY_BYTES)
    }
}

impl ResponseCache {
    pub fn with_capacity(bytes: u64) -> ResponseCache {
        ResponseCache {
            entries: std::sync::Arc::new(quick_cache::sync::Cache::with_weighter(
                EXPECTED_ENTRIES,
                bytes,
                ByBytes,
            )),
        }
    }
}

/// The scopes of the data a page at `path` shows.
pub fn scopes_for(path: &str) -> Vec<Scope> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["forces", slug] | ["forces", slug, "pack"] => vec![
            Scope::Documents,
            Scope::Evidence,
            Scope::Reviews,
            Scope::Force((*slug).to_owned()),
        ],
        ["findings", id] | ["api", "v1", "findings", id] => vec![
            Scope::Documents,
            Scope::Evidence,
            Scope::Finding((*id).to_owned()),
        ],
        [""]
        | ["inspections", _]
        | ["documents"]
        | ["documents", _]
        | ["api", "v1", "forces" | "cycles" | "judgments" | "documents"]
        | ["api", "v1", "forces" | "documents", _] => vec![Scope::Documents],
        ["indicators"] | ["api", "v1", "indicators", ..] => {
            vec![Scope::Documents, Scope::Evidence]
        }
        ["reviews", ..] | ["api", "v1", "reviews", ..] => vec![Scope::Documents, Scope::Reviews],
        // Lists across forces (findings with their status, actions, overdue) and anything
        // not named above depend on everything.
        _ => vec![
            Scope::Documents,
            Scope::Evidence,
            Scope::Reviews,
            Scope::Workflow,
        ],
    }
}

/// The request's query with only the known parameters, in the order of [`KNOWN_PARAMETERS`]
/// (a repeated one keeps its first value), re-encoded; `Err` names a value too long.
pub(crate) fn canonical_query(query: &str) -> Result<String, String> {
    let mut kept: Vec<(usize, String, String)> = Vec::new();
    for (name, value) in form_urlencoded_pairs(query) {
        let Some(rank) = KNOWN_PARAMETERS.iter().position(|k| *k == name) else {
            continue;
        };
        if value.chars().count() > MAX_PARAMETER {
            return Err(format!(
                "The value of {name} is longer than {MAX_PARAMETER} characters."
            ));
        }
        if !kept.iter().any(|(r, _, _)| *r == rank) {
            kept.push((rank, name, value));
        }
    }
    kept.sort_by_key(|(rank, _, _)| *rank);
    let mut out = String::new();
    for (_, name, value) in kept {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&name);
        out.push('=');
        out.push_str(&encode(&value));
    }
    Ok(out)
}

/// The pairs of a query string, decoded as forms are (`+` is a space).
fn form_urlencoded_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(name), decode(value))
    })
}

fn decode(text: &str) -> String {
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            ) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Middleware: answers a GET from the cache while what it shows is unchanged; otherwise
/// renders it and keeps successful and 4xx answers of a bounded size.
pub async fn cached(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if request.method() != Method::GET
        || request.headers().contains_key(header::AUTHORIZATION)
        || crate::auth::token(request.headers()).is_some()
        // Downloads carry headers of their own and may be private.
        || request.uri().path().starts_with("/attachments/")
        || request.uri().path() == "/healthz"
    {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let query = match canonical_query(request.uri().query().unwrap_or_default()) {
        Ok(q) => q,
        Err(message) => {
            return crate::error::AppError::BadRequest(message).into_response_for(&path);
        }
    };
    // The handler sees exactly what the key holds.
    let uri = if query.is_empty() {
        path.clone()
    } else {
        format!("{path}?{query}")
    };
    if let Ok(parsed) = uri.parse::<Uri>() {
        *request.uri_mut() = parsed;
    }
    let scopes = scopes_for(&path);
    let Ok(revisions) = state.store.revisions(&scopes).await else {
        return next.run(request).await;
    };
    // The key holds what the page shows was at: a change makes a new key, and the old entry
    // is never found again and ages out.
    let day = time::OffsetDateTime::now_utc().date();
    let key = format!("{uri}|{day}|{revisions:?}");
    // One render per key at a time: requests that miss together wait for the first one's
    // answer instead of each rendering the same page.
    let guard = match state.cache.entries.get_value_or_guard_async(&key).await {
        Ok(entry) => return respond(entry),
        Err(guard) => guard,
    };
    let response = next.run(request).await;
    let status = response.status();
    let small = axum::body::HttpBody::size_hint(response.body())
        .exact()
        .is_some_and(|n| n <= MAX_BODY);
    if !(status.is_success() || status.is_client_error()) || !small {
        // Not kept: the waiting requests render it themselves.
        drop(guard);
        return response;
    }
    let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
    let body = match axum::body::to_bytes(response.into_body(), MAX_BODY as usize).await {
        Ok(body) => body,
        // The size was exact and small: this is a body that failed while being produced.
        Err(e) => {
            drop(guard);
            return crate::error::AppError::Internal(format!("rendering {uri}: {e}"))
                .into_response_for(&path);
        }
    };
    let entry = Entry {
        status,
        content_type,
        body,
    };
    let _ = guard.insert(entry.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_parameters_are_dropped_and_known_ones_ordered() {
        assert_eq!(canonical_query("junk=1"), Ok(String::new()));
        assert_eq!(
            canonical_query("page=2&junk=9&force=hampshire"),
            Ok("force=hampshire&page=2".to_owned())
        );
        assert_eq!(canonical_query("force=a&force=b"), Ok("force=a".to_owned()));
        assert_eq!(
            canonical_query("cycle=2018%2F19&x"),
            Ok("cycle=2018/19".to_owned())
        );
        assert_eq!(
            canonical_query("force=a%20b+c&next=%2Ff%3Fx%3D1"),
            Ok("force=a%20b%20c&next=/f%3Fx%3D1".to_owned())
        );
        assert!(canonical_query(&format!("force={}", "a".repeat(201))).is_err());
        // Broken escapes are kept as typed, never a panic.
        assert_eq!(
            canonical_query("force=%zz%"),
            Ok("force=%25zz%25".to_owned())
        );
        assert_eq!(
            canonical_query("force=%a\u{e9}"),
            Ok("force=%25a%C3%A9".to_owned())
        );
    }

    #[test]
    fn pages_depend_on_the_scopes_they_show() {
        assert_eq!(scopes_for("/"), vec![Scope::Documents]);
        assert!(scopes_for("/forces/kent").contains(&Scope::Force("kent".to_owned())));
        assert!(!scopes_for("/forces/kent").contains(&Scope::Workflow));
        assert!(scopes_for("/findings/abc-f1").contains(&Scope::Finding("abc-f1".to_owned())));
        assert!(scopes_for("/overdue").contains(&Scope::Workflow));
        assert!(scopes_for("/api/v1/actions").contains(&Scope::Workflow));
        assert!(scopes_for("/something/new").contains(&Scope::Workflow));
    }
}
