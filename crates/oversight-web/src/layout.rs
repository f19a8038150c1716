//! The page frame shared by every feature: breadcrumbs, the error page, the list row of a
//! finding (the `finding_list.html` partial), and the stylesheet.

use askama::Template;
use axum::http::header;
use axum::response::IntoResponse;
use oversight_store::FindingView;

use crate::view::{area_title, force_name, kind_label, pillar_label};

/// A link in the breadcrumb trail.
#[derive(Debug, Clone)]
pub struct Crumb {
    pub href: String,
    pub label: String,
}

pub(crate) fn crumbs(items: &[(&str, &str)]) -> Vec<Crumb> {
    items
        .iter()
        .map(|(href, label)| Crumb {
            href: (*href).to_owned(),
            label: (*label).to_owned(),
        })
        .collect()
}

#[derive(Debug, Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub title: String,
    pub message: String,
}

/// A finding in a list.
#[derive(Debug, Clone)]
pub struct FindingRow {
    pub id: String,
    pub kind: &'static str,
    pub force: String,
    pub cycle: String,
    pub subject: String,
    pub text: String,
    pub deadlines: Vec<String>,
}

/// What a finding is about: a pillar's question, a pillar, or a graded area.
pub(crate) fn subject_of(f: &FindingView) -> String {
    match (&f.pillar, f.question, &f.area) {
        (Some(p), Some(q), _) => format!("{} question {q}", pillar_label(p)),
        (Some(p), None, _) => pillar_label(p),
        (None, _, Some(a)) => area_title(&f.cycle, a),
        _ => String::new(),
    }
}

pub(crate) fn finding_row(f: &FindingView) -> FindingRow {
    FindingRow {
        id: f.id.clone(),
        kind: kind_label(&f.kind),
        force: force_name(&f.force),
        cycle: f.cycle.clone(),
        subject: subject_of(f),
        text: f.text.clone(),
        deadlines: f
            .deadlines
            .iter()
            .filter_map(|d| d.due_on.clone())
            .collect(),
    }
}

const STYLE: &str = include_str!("../static/style.css");

/// `GET /static/style.css`: the one stylesheet.
pub(crate) async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
}
