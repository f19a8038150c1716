//! The list of stored documents, and a document's text with the records read from it marked.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};

use crate::layout::{Crumb, crumbs};
use crate::view::force_name;
use crate::{AppError, AppState};

/// A run of document text, marked if records were extracted from it.
#[derive(Debug)]
pub struct Segment {
    pub text: String,
    pub mark: Option<(String, String, String)>, // (anchor id, class, link)
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "document.html")]
pub struct DocumentPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub kind: String,
    pub source: String,
    pub sha256: String,
    pub published_on: Option<String>,
    pub warnings: Vec<String>,
    pub records: usize,
    pub segments: Vec<Segment>,
}

pub async fn document_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<DocumentPage, AppError> {
    let d = state
        .store
        .document(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no document {id:?}.")))?;
    let mut spans = state.store.record_spans(&d.id).await?;
    spans.sort_by_key(|s| (s.2, std::cmp::Reverse(s.3)));
    let chars: Vec<char> = d.text.chars().collect();
    let mut segments = Vec::new();
    let mut at = 0usize;
    for (what, record, start, end) in &spans {
        let (Ok(start), Ok(end)) = (usize::try_from(*start), usize::try_from(*end)) else {
            continue;
        };
        // Records inside an earlier record's span (a question grade inside a summary) keep
        // their own anchor only where they do not overlap.
        if start < at || end > chars.len() || start >= end {
            continue;
        }
        if start > at {
            segments.push(Segment {
                text: chars[at..start].iter().collect(),
                mark: None,
            });
        }
        let link = match what.as_str() {
            "finding" => format!("/findings/{record}"),
            _ => String::new(),
        };
        segments.push(Segment {
            text: chars[start..end].iter().collect(),
            mark: Some((record.clone(), format!("record record-{what}"), link)),
        });
        at = end;
    }
    if at < chars.len() {
        segments.push(Segment {
            text: chars[at..].iter().collect(),
            mark: None,
        });
    }
    let title = d.title.clone().unwrap_or_else(|| d.source.clone());
    Ok(DocumentPage {
        title,
        crumbs: crumbs(&[("/", "National picture"), ("/documents", "Documents")]),
        kind: d.kind.replace('_', " "),
        source: d.source,
        sha256: d.sha256,
        published_on: d.published_on,
        warnings: d.warnings,
        records: spans.len(),
        segments,
    })
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "documents.html")]
pub struct DocumentsPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub documents: Vec<(String, String, String, String, String)>,
}

pub async fn documents_page(State(state): State<AppState>) -> Result<DocumentsPage, AppError> {
    let docs = state.store.document_list().await?;
    Ok(DocumentsPage {
        title: "Documents".to_owned(),
        crumbs: crumbs(&[("/", "National picture")]),
        documents: docs
            .into_iter()
            .map(|d| {
                (
                    d.id.clone(),
                    d.title.unwrap_or(d.source),
                    d.kind.replace('_', " "),
                    d.force.map(|f| force_name(&f)).unwrap_or_default(),
                    d.cycle.unwrap_or_default(),
                )
            })
            .collect(),
    })
}
