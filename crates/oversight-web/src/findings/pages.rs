//! The findings list with its filters, and a finding's page: its words in the document, the
//! responses to it, the indicators linked to it and the workflow.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use oversight_domain::{Cycle, FORCES, Force};

use crate::auth::SignedIn;
use crate::filters::FindingQuery;
use crate::layout::{Crumb, FindingRow, crumbs, finding_row, subject_of};
use crate::view::{force_name, inspection_id, kind_label, pillar_label};
use crate::{AppError, AppState};

// ---------------------------------------------------------------- findings list

#[derive(Debug, Template, WebTemplate)]
#[template(path = "findings.html")]
pub struct FindingsPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub forces: Vec<(&'static str, &'static str, bool)>,
    pub cycles: Vec<(&'static str, bool)>,
    pub pillars: Vec<(&'static str, &'static str, bool)>,
    pub kinds: Vec<(&'static str, &'static str, bool)>,
    pub findings: Vec<FindingRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub first: i64,
    pub last: i64,
    pub previous_href: Option<String>,
    pub next_href: Option<String>,
}

pub async fn findings_page(
    State(state): State<AppState>,
    Query(q): Query<FindingQuery>,
) -> Result<FindingsPage, AppError> {
    let parsed = q.parse()?;
    let page = state
        .store
        .findings_page(
            &parsed.filter,
            parsed.per_page,
            (parsed.page - 1) * parsed.per_page,
        )
        .await?;
    let pages = ((page.total + parsed.per_page - 1) / parsed.per_page).max(1);
    let f = &parsed.filter;
    let href = |n: i64| {
        let mut parts = vec![format!("page={n}")];
        for (name, value) in [
            ("force", &f.force),
            ("cycle", &f.cycle),
            ("pillar", &f.pillar),
            ("kind", &f.kind),
        ] {
            if let Some(v) = value {
                parts.push(format!("{name}={}", v.replace('/', "%2F")));
            }
        }
        format!("/findings?{}", parts.join("&"))
    };
    let first = if page.total == 0 {
        0
    } else {
        (parsed.page - 1) * parsed.per_page + 1
    };
    Ok(FindingsPage {
        title: "Findings".to_owned(),
        crumbs: crumbs(&[("/", "National picture")]),
        forces: FORCES
            .iter()
            .map(|x| (x.slug(), x.name(), f.force.as_deref() == Some(x.slug())))
            .collect(),
        cycles: Cycle::ALL
            .iter()
            .map(|c| (c.code(), f.cycle.as_deref() == Some(c.code())))
            .collect(),
        pillars: oversight_domain::Pillar::ALL
            .iter()
            .map(|p| (p.code(), p.label(), f.pillar.as_deref() == Some(p.code())))
            .collect(),
        kinds: oversight_domain::FindingKind::ALL
            .iter()
            .map(|k| (k.code(), k.label(), f.kind.as_deref() == Some(k.code())))
            .collect(),
        findings: page.findings.iter().map(finding_row).collect(),
        total: page.total,
        page: parsed.page,
        pages,
        first,
        last: first + i64::try_from(page.findings.len()).unwrap_or(0) - i64::from(page.total > 0),
        previous_href: (parsed.page > 1).then(|| href(parsed.page - 1)),
        next_href: (parsed.page < pages).then(|| href(parsed.page + 1)),
    })
}

// ---------------------------------------------------------------- finding page

#[derive(Debug)]
pub struct Excerpt {
    pub before: String,
    pub marked: String,
    pub after: String,
}

#[derive(Debug)]
pub struct ResponseRow {
    pub by: &'static str,
    pub text: String,
    pub href: String,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "finding.html")]
pub struct FindingPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub kind: &'static str,
    pub kind_code: String,
    pub text: String,
    pub force: String,
    pub cycle: String,
    pub subject: String,
    pub inspection_href: String,
    pub deadlines: Vec<(String, String)>,
    pub immediate: bool,
    pub sub_actions: Vec<String>,
    pub progress: Vec<String>,
    pub parent: Option<String>,
    pub responses: Vec<ResponseRow>,
    pub excerpt: Option<Excerpt>,
    pub document_href: String,
    pub document_title: String,
    pub indicators: Vec<crate::evidence::SeriesPanel>,
    pub id: String,
    pub workflow: crate::workflow::Workflow,
}

/// The characters `[start, end)` of `text` with up to `context` characters either side.
fn excerpt(text: &str, start: i64, end: i64, context: usize) -> Option<Excerpt> {
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
    if start > end || end > chars.len() {
        return None;
    }
    let from = start.saturating_sub(context);
    let to = (end + context).min(chars.len());
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < chars.len() { "…" } else { "" };
    Some(Excerpt {
        before: format!("{lead}{}", chars[from..start].iter().collect::<String>()),
        marked: chars[start..end].iter().collect(),
        after: format!("{}{tail}", chars[end..to].iter().collect::<String>()),
    })
}

pub async fn finding_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Option<SignedIn>,
) -> Result<FindingPage, AppError> {
    let f = state
        .store
        .finding(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no finding {id:?}.")))?;
    let document = state.store.document(&f.document).await?;
    let responses = state.store.responses_to(&f.id).await?;
    let force = force_name(&f.force);
    let inspection_href = format!(
        "/inspections/{}",
        inspection_id(&f.force, &f.cycle, f.pillar.as_deref())
    );
    let linked = state.store.finding_indicators(&f.id).await?;
    let indicators = match Force::from_slug(&f.force) {
        Some(force) if !linked.is_empty() => {
            let published = document.as_ref().and_then(|d| d.published_on.as_deref());
            crate::evidence::series_panels(&state, force, Some(&linked), published).await?
        }
        _ => Vec::new(),
    };
    Ok(FindingPage {
        title: format!("{} for {}", kind_label(&f.kind), force),
        crumbs: vec![
            Crumb {
                href: "/".to_owned(),
                label: "National picture".to_owned(),
            },
            Crumb {
                href: format!("/forces/{}", f.force),
                label: force.clone(),
            },
            Crumb {
                href: inspection_href.clone(),
                label: format!(
                    "PEEL {} {}",
                    f.cycle,
                    f.pillar.as_deref().map(pillar_label).unwrap_or_default()
                ),
            },
        ],
        kind: kind_label(&f.kind),
        kind_code: f.kind.clone(),
        subject: subject_of(&f),
        text: f.text.clone(),
        force,
        cycle: f.cycle.clone(),
        inspection_href,
        deadlines: f
            .deadlines
            .iter()
            .filter_map(|d| d.due_on.clone().map(|on| (on, d.phrase.clone())))
            .collect(),
        immediate: f.immediate,
        sub_actions: f.sub_actions.iter().map(|s| s.text.clone()).collect(),
        progress: f.progress.iter().map(|p| p.text.clone()).collect(),
        parent: f.parent.clone(),
        responses: responses
            .into_iter()
            .map(|r| ResponseRow {
                by: if r.by == "force" {
                    "The force"
                } else {
                    "The Office of the Police and Crime Commissioner"
                },
                href: format!("/documents/{}#{}", r.document, r.id),
                text: r.text,
            })
            .collect(),
        excerpt: document
            .as_ref()
            .and_then(|d| excerpt(&d.text, f.span.0, f.span.1, 400)),
        document_href: format!("/documents/{}#{}", f.document, f.id),
        document_title: document
            .as_ref()
            .and_then(|d| d.title.clone())
            .unwrap_or_else(|| f.document.clone()),
        indicators,
        workflow: crate::workflow::workflow(
            &state,
            viewer.map(|SignedIn(s, _)| s),
            &f.id,
            &f.force,
        )
        .await?,
        id: f.id.clone(),
    })
}
