//! The reviews' pages: the list, one review with its milestones, recommendations and
//! timeline chart, and a force's meeting pack with the PCC's responses due.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use charts_rs::{HorizontalBarChart, Series, THEME_LIGHT};
use oversight_domain::action::response_due;
use oversight_domain::review::{ReviewStatus, late_milestones, response_overdue};
use oversight_domain::{Force, Grade};
use oversight_store::{FindingFilter, ReviewView};
use time::Date;

use crate::auth::SignedIn;
use crate::layout::{Crumb, crumbs};
use crate::view::{force_name, kind_label, today};
use crate::{AppError, AppState};

/// A review in a list.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub id: String,
    pub title: String,
    pub force: String,
    pub status: &'static str,
    pub next_milestone: Option<String>,
    pub behind: bool,
}

fn row(r: &ReviewView, today: Date) -> ReviewRow {
    ReviewRow {
        id: r.id.clone(),
        title: r.title.clone(),
        force: r.force.as_deref().map(force_name).unwrap_or_default(),
        status: r.status.label(),
        next_milestone: r
            .milestones
            .iter()
            .find(|m| m.ends_on >= today)
            .map(|m| format!("{} to {}: {}", m.starts_on, m.ends_on, m.label)),
        behind: !late_milestones(&r.milestones, r.status, today).is_empty(),
    }
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "reviews.html")]
pub struct ReviewsPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub reviews: Vec<ReviewRow>,
}

pub async fn reviews_page(State(state): State<AppState>) -> Result<ReviewsPage, AppError> {
    let today = today();
    let reviews = state.store.reviews().await?;
    Ok(ReviewsPage {
        title: "Police and Crime Panel scrutiny reviews".to_owned(),
        crumbs: crumbs(&[("/", "National picture")]),
        reviews: reviews.iter().map(|r| row(r, today)).collect(),
    })
}

/// A milestone as shown: dates, words, and whether it has passed short of what it expects.
#[derive(Debug, Clone)]
pub struct MilestoneRow {
    pub starts_on: String,
    pub ends_on: String,
    pub label: String,
    pub passed: bool,
    pub late: bool,
}

/// A recommendation as shown.
#[derive(Debug, Clone)]
pub struct RecommendationRow {
    pub text: String,
    pub due: Option<String>,
    pub response: Option<String>,
    pub overdue: bool,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "review.html")]
pub struct ReviewPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub review: ReviewView,
    pub force: Option<(String, String)>,
    pub status_steps: Vec<(&'static str, bool, bool)>,
    pub milestones: Vec<MilestoneRow>,
    pub timeline_svg: Option<String>,
    pub recommendations: Vec<RecommendationRow>,
    pub behind: bool,
    /// (user name, CSRF token) when the viewer may edit.
    pub editor: Option<(String, String)>,
    /// (code, label) of the status the review can move to next.
    pub next_status: Option<(&'static str, &'static str)>,
}

impl ReviewPage {
    pub fn figure(&self, value: &f64, unit: &str, base: &Option<i64>) -> String {
        let value = if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value}")
        };
        let unit = if unit == "percent" { "%" } else { "" };
        match base {
            Some(b) => format!("{value}{unit} of {b}"),
            None => format!("{value}{unit}"),
        }
    }
}

pub async fn review_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Option<SignedIn>,
) -> Result<ReviewPage, AppError> {
    let editor = viewer
        .map(|SignedIn(s, _)| s)
        .filter(|s| s.user.role.edits_reviews())
        .map(|s| (s.user.username, s.csrf));
    let r = state
        .store
        .review(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no review {id:?}.")))?;
    let today = today();
    let late = late_milestones(&r.milestones, r.status, today);
    let milestones = r
        .milestones
        .iter()
        .map(|m| MilestoneRow {
            starts_on: m.starts_on.to_string(),
            ends_on: m.ends_on.to_string(),
            label: m.label.clone(),
            passed: m.ends_on < today,
            late: late.contains(&m),
        })
        .collect();
    let recommendations = r
        .recommendations
        .iter()
        .map(|x| RecommendationRow {
            text: x.text.clone(),
            due: x.response_due_on.map(|d| d.to_string()),
            response: x.response.clone(),
            overdue: response_overdue(x.response_due_on, x.response.is_some(), today),
        })
        .collect();
    let status_steps = ReviewStatus::ALL
        .iter()
        .map(|&s| (s.label(), s == r.status, s < r.status))
        .collect();
    Ok(ReviewPage {
        title: r.title.clone(),
        crumbs: crumbs(&[("/", "National picture"), ("/reviews", "Scrutiny reviews")]),
        force: r.force.as_deref().map(|f| (f.to_owned(), force_name(f))),
        status_steps,
        milestones,
        timeline_svg: timeline_chart(&r),
        recommendations,
        behind: !late.is_empty(),
        editor,
        next_status: r.status.next().map(|n| (n.code(), n.label())),
        review: r,
    })
}

/// Each milestone as a bar of its length in days, labelled with its dates.
fn timeline_chart(r: &ReviewView) -> Option<String> {
    if r.milestones.is_empty() {
        return None;
    }
    let labels: Vec<String> = r
        .milestones
        .iter()
        .map(|m| format!("{} – {}", m.starts_on, m.ends_on))
        .collect();
    let mut days = Series::new("Days".to_owned(), vec![0.0; r.milestones.len()]);
    days.data = r
        .milestones
        .iter()
        .map(|m| Some(((m.ends_on - m.starts_on).whole_days() + 1) as f32))
        .collect();
    let mut chart = HorizontalBarChart::new_with_theme(vec![days], labels, THEME_LIGHT);
    chart.width = 640.0;
    chart.height = 60.0 + 44.0 * r.milestones.len() as f32;
    chart.title.text = "Timeline: length of each milestone in days".to_owned();
    chart.svg().ok()
}

// ---------------------------------------------------------------- meeting pack

/// A finding in the pack.
#[derive(Debug, Clone)]
pub struct PackFinding {
    pub id: String,
    pub kind: &'static str,
    pub cycle: String,
    pub text: String,
    pub due: Option<String>,
    pub overdue: bool,
}

/// An inspection report and the PCC's response due for it (s.55: 56 days beginning with the
/// day of publication).
#[derive(Debug, Clone)]
pub struct PackResponse {
    pub document: String,
    pub title: String,
    pub published_on: String,
    pub due_on: String,
    pub answered: bool,
    pub overdue: bool,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "pack.html")]
pub struct PackPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub slug: String,
    pub today: String,
    pub grades: Vec<(String, String, &'static str)>,
    pub findings: Vec<PackFinding>,
    pub overdue: usize,
    pub responses: Vec<PackResponse>,
    pub reviews: Vec<ReviewRow>,
}
/// Inspection reports (of one force, or all) with the PCC's response deadline and whether a
/// response is stored: an imported PCC response document for the same force and cycle.
pub async fn responses_due(
    state: &AppState,
    force: Option<&str>,
    today: Date,
) -> Result<Vec<PackResponse>, AppError> {
    let documents = state.store.document_list().await?;
    let mut out: Vec<PackResponse> = documents
        .iter()
        .filter(|d| d.kind == "inspection_report")
        .filter(|d| force.is_none_or(|f| d.force.as_deref() == Some(f)))
        .filter_map(|d| {
            let published = Date::parse(
                d.published_on.as_deref()?,
                &time::format_description::well_known::Iso8601::DATE,
            )
            .ok()?;
            let due = response_due(published);
            let answered = documents.iter().any(|r| {
                r.kind == "pcc_response"
                    && r.force == d.force
                    && r.cycle.is_some()
                    && r.cycle == d.cycle
            });
            Some(PackResponse {
                document: d.id.clone(),
                title: d.title.clone().unwrap_or_else(|| d.id.clone()),
                published_on: published.to_string(),
                due_on: due.to_string(),
                answered,
                overdue: !answered && due < today,
            })
        })
        .collect();
    out.sort_by(|a, b| b.due_on.cmp(&a.due_on));
    Ok(out)
}

pub async fn pack_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<PackPage, AppError> {
    let force = Force::from_slug(&slug)
        .ok_or_else(|| AppError::NotFound(format!("There is no force called {slug:?}.")))?;
    let today = today();
    let judgments = state.judgments().await?;
    let mut grades: Vec<(String, String, &'static str)> = judgments
        .iter()
        .filter(|j| j.force == force.slug() && j.question.is_none())
        .map(|j| {
            (
                j.cycle.clone(),
                j.pillar
                    .as_deref()
                    .map(crate::view::pillar_label)
                    .or_else(|| {
                        j.area
                            .as_deref()
                            .map(|a| crate::view::area_title(&j.cycle, a))
                    })
                    .unwrap_or_default(),
                Grade::label(j.grade),
            )
        })
        .collect();
    grades.sort();
    // The latest cycle's grades only.
    if let Some(latest) = grades.last().map(|g| g.0.clone()) {
        grades.retain(|g| g.0 == latest);
    }
    let filter = FindingFilter {
        force: Some(force.slug().to_owned()),
        ..FindingFilter::default()
    };
    let page = state.store.findings_page(&filter, 500, 0).await?;
    let findings: Vec<PackFinding> = page
        .findings
        .iter()
        .map(|f| {
            let due = f.deadlines.iter().filter_map(|d| d.due_on.clone()).max();
            let overdue = due
                .as_deref()
                .and_then(|d| {
                    Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok()
                })
                .is_some_and(|d| d < today);
            PackFinding {
                id: f.id.clone(),
                kind: kind_label(&f.kind),
                cycle: f.cycle.clone(),
                text: f.text.clone(),
                due,
                overdue,
            }
        })
        .collect();
    let overdue = findings.iter().filter(|f| f.overdue).count();
    let responses = responses_due(&state, Some(force.slug()), today).await?;
    let reviews = state
        .store
        .reviews()
        .await?
        .iter()
        .filter(|r| r.force.as_deref() == Some(force.slug()) && r.status != ReviewStatus::Closed)
        .map(|r| row(r, today))
        .collect();
    Ok(PackPage {
        title: format!("Panel meeting pack: {}", force.name()),
        crumbs: crumbs(&[
            ("/", "National picture"),
            (&format!("/forces/{slug}"), force.name()),
        ]),
        slug,
        today: today.to_string(),
        grades,
        findings,
        overdue,
        responses,
        reviews,
    })
}
