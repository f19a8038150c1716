//! The Panel's part: scrutiny reviews (list, one review with its timeline) and the
//! print-friendly meeting pack for a force.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::{Form, Json};
use charts_rs::{HorizontalBarChart, Series, THEME_LIGHT};
use oversight_domain::review::{ReviewStatus, late_milestones, response_overdue};
use oversight_domain::{Force, Grade};
use oversight_store::{FindingFilter, ReviewView};
use time::{Date, OffsetDateTime};

use crate::auth::{Authorised, Purpose, SignedIn, csrf_in_body};
use crate::error::ApiError;
use crate::layout::{Crumb, crumbs};
use crate::view::{force_name, kind_label};
use crate::{AppError, AppState};

fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

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

use oversight_domain::action::response_due;

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

// ---------------------------------------------------------------- API

/// A review as the API gives it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ReviewOut {
    pub id: String,
    pub force: Option<String>,
    pub title: String,
    pub plan_priority: Option<String>,
    pub scope: String,
    pub status: &'static str,
    pub version: i64,
    pub behind: bool,
    pub findings: Vec<ReviewFindingOut>,
    pub milestones: Vec<MilestoneOut>,
    pub recommendations: Vec<RecommendationOut>,
    pub evidence: Vec<EvidenceOut>,
    pub figures: Vec<FigureOut>,
    /// The task-and-finish group's members.
    pub task_and_finish_group: Vec<String>,
    /// The group's meetings: [date, note].
    pub meetings: Vec<(String, String)>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ReviewFindingOut {
    pub heading: String,
    pub points: Vec<String>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct MilestoneOut {
    pub label: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RecommendationOut {
    pub text: String,
    pub response_due_on: Option<String>,
    pub response: Option<String>,
    pub overdue: bool,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct EvidenceOut {
    pub witness: String,
    pub given_on: String,
    pub summary: String,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FigureOut {
    pub value: f64,
    pub unit: String,
    pub base: Option<i64>,
    pub description: String,
}

fn review_out(r: ReviewView, today: Date) -> ReviewOut {
    ReviewOut {
        behind: !late_milestones(&r.milestones, r.status, today).is_empty(),
        task_and_finish_group: r.members.clone(),
        meetings: r
            .meetings
            .iter()
            .map(|(on, note)| (on.to_string(), note.clone()))
            .collect(),
        id: r.id,
        force: r.force,
        title: r.title,
        plan_priority: r.plan_priority,
        scope: r.scope,
        status: r.status.code(),
        version: r.version,
        findings: r
            .findings
            .into_iter()
            .map(|(heading, points)| ReviewFindingOut { heading, points })
            .collect(),
        milestones: r
            .milestones
            .into_iter()
            .map(|m| MilestoneOut {
                label: m.label,
                starts_on: m.starts_on.to_string(),
                ends_on: m.ends_on.to_string(),
            })
            .collect(),
        recommendations: r
            .recommendations
            .into_iter()
            .map(|x| RecommendationOut {
                overdue: response_overdue(x.response_due_on, x.response.is_some(), today),
                text: x.text,
                response_due_on: x.response_due_on.map(|d| d.to_string()),
                response: x.response,
            })
            .collect(),
        evidence: r
            .evidence
            .into_iter()
            .map(|e| EvidenceOut {
                witness: e.witness,
                given_on: e.given_on.to_string(),
                summary: e.summary,
            })
            .collect(),
        figures: r
            .figures
            .into_iter()
            .map(|f| FigureOut {
                value: f.value,
                unit: f.unit,
                base: f.base,
                description: f.description,
            })
            .collect(),
    }
}

/// Every scrutiny review.
#[utoipa::path(get, path = "/api/v1/reviews", tag = "reviews",
    responses((status = 200, description = "Every review, newest first", body = [ReviewOut])))]
pub async fn api_reviews(State(state): State<AppState>) -> Result<Json<Vec<ReviewOut>>, ApiError> {
    let today = today();
    Ok(Json(
        state
            .store
            .reviews()
            .await?
            .into_iter()
            .map(|r| review_out(r, today))
            .collect(),
    ))
}

/// One scrutiny review with its findings, milestones, recommendations, evidence and figures.
#[utoipa::path(get, path = "/api/v1/reviews/{id}", tag = "reviews",
    params(("id" = String, Path, description = "Review id")),
    responses((status = 200, description = "The review", body = ReviewOut), (status = 404, description = "No such review")))]
pub async fn api_review(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ReviewOut>, ApiError> {
    let r = state
        .store
        .review(&id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("there is no review {id:?}")))?;
    Ok(Json(review_out(r, today())))
}

// ---------------------------------------------------------------- changes (Panel members, admins)

fn parse_date(value: &str, what: &str) -> Result<Date, AppError> {
    Date::parse(
        value.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| {
        AppError::BadRequest(format!(
            "The {what} {value:?} is not a date: write YYYY-MM-DD."
        ))
    })
}

fn required(value: &str, what: &str) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::BadRequest(format!("The {what} is missing.")));
    }
    if v.chars().count() > 10_000 {
        return Err(AppError::BadRequest(format!(
            "The {what} is longer than 10,000 characters."
        )));
    }
    Ok(v.to_owned())
}

/// Changing a review: Panel members and admins.
#[derive(Debug)]
pub struct EditReviews;

impl Purpose for EditReviews {
    const WHAT: &'static str = "edit scrutiny reviews";

    fn allowed(session: &oversight_store::Session) -> bool {
        session.user.role.edits_reviews()
    }
}

csrf_in_body!(
    Form<StatusIn>,
    Form<EvidenceForm>,
    Form<RecommendationIn>,
    Form<ResponseIn>,
    Form<MemberForm>,
    Form<MeetingForm>,
    Json<StatusIn>,
    Json<EvidenceIn>,
    Json<RecommendationIn>,
    Json<ResponseIn>,
);

async fn change_status(
    state: &AppState,
    who: &oversight_store::User,
    id: &str,
    to: &str,
    version: Option<i64>,
) -> Result<(), AppError> {
    let to: ReviewStatus = to
        .parse()
        .map_err(|e: oversight_domain::review::ReviewError| AppError::BadRequest(e.to_string()))?;
    state.store.set_review_status(id, to, version, who).await?;
    Ok(())
}

async fn add_evidence(
    state: &AppState,
    who: &oversight_store::User,
    id: &str,
    input: &EvidenceIn,
) -> Result<(), AppError> {
    let witness = required(&input.witness, "witness or organisation")?;
    let summary = required(&input.summary, "summary")?;
    let on = parse_date(&input.given_on, "date")?;
    state
        .store
        .add_review_evidence(id, &witness, on, &summary, &input.papers, who)
        .await?;
    Ok(())
}

async fn add_recommendation(
    state: &AppState,
    who: &oversight_store::User,
    id: &str,
    input: &RecommendationIn,
) -> Result<i64, AppError> {
    let text = required(&input.text, "recommendation")?;
    let due = match input.response_due_on.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => Some(parse_date(d, "meeting date")?),
        _ => None,
    };
    Ok(state.store.add_recommendation(id, &text, due, who).await?)
}

async fn respond(
    state: &AppState,
    who: &oversight_store::User,
    id: &str,
    n: i64,
    input: &ResponseIn,
) -> Result<(), AppError> {
    let text = required(&input.text, "response")?;
    let on = parse_date(&input.responded_on, "date")?;
    state
        .store
        .respond_to_recommendation(id, n - 1, &text, on, who)
        .await?;
    Ok(())
}

/// A status change.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct StatusIn {
    /// The next status's code, e.g. task_and_finish.
    pub to: String,
    /// The version the change was made against; a newer one means a conflict.
    pub version: Option<i64>,
    #[serde(default)]
    pub csrf: Option<String>,
}

/// Evidence given to a review.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct EvidenceIn {
    pub witness: String,
    /// YYYY-MM-DD.
    pub given_on: String,
    pub summary: String,
    #[serde(default)]
    pub papers: Vec<String>,
    #[serde(default)]
    pub csrf: Option<String>,
}

/// A recommendation to the PCC.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct RecommendationIn {
    pub text: String,
    /// The Panel meeting at which the response is due, YYYY-MM-DD.
    pub response_due_on: Option<String>,
    #[serde(default)]
    pub csrf: Option<String>,
}

/// The PCC's response to a recommendation.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct ResponseIn {
    pub text: String,
    /// YYYY-MM-DD.
    pub responded_on: String,
    #[serde(default)]
    pub csrf: Option<String>,
}

/// The evidence form sends papers as one comma-separated field.
#[derive(Debug, serde::Deserialize)]
pub struct EvidenceForm {
    pub witness: String,
    pub given_on: String,
    pub summary: String,
    #[serde(default)]
    pub papers: String,
    #[serde(default)]
    pub csrf: Option<String>,
}

fn back(id: &str, anchor: &str) -> axum::response::Redirect {
    axum::response::Redirect::to(&format!("/reviews/{id}#{anchor}"))
}

pub async fn form_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<EditReviews, Form<StatusIn>>,
) -> Result<axum::response::Redirect, AppError> {
    change_status(&state, &s.user, &id, &form.to, form.version).await?;
    Ok(back(&id, "status"))
}

pub async fn form_evidence(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<EditReviews, Form<EvidenceForm>>,
) -> Result<axum::response::Redirect, AppError> {
    let input = EvidenceIn {
        witness: form.witness,
        given_on: form.given_on,
        summary: form.summary,
        papers: form
            .papers
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        csrf: None,
    };
    add_evidence(&state, &s.user, &id, &input).await?;
    Ok(back(&id, "evidence"))
}

pub async fn form_recommendation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<EditReviews, Form<RecommendationIn>>,
) -> Result<axum::response::Redirect, AppError> {
    add_recommendation(&state, &s.user, &id, &form).await?;
    Ok(back(&id, "recommendations"))
}

pub async fn form_response(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, i64)>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<EditReviews, Form<ResponseIn>>,
) -> Result<axum::response::Redirect, AppError> {
    respond(&state, &s.user, &id, n, &form).await?;
    Ok(back(&id, "recommendations"))
}

/// Moves a review to its next status (Panel members and admins; session cookie and
/// `X-CSRF-Token`).
#[utoipa::path(post, path = "/api/v1/reviews/{id}/status", tag = "reviews", request_body = StatusIn,
    params(("id" = String, Path, description = "Review id")),
    responses((status = 200, description = "The review after the change", body = ReviewOut),
              (status = 400, description = "Unknown status"), (status = 403, description = "Not signed in, not allowed, or no CSRF token"),
              (status = 409, description = "Not the next step, or the review changed meanwhile")))]
pub async fn api_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Json(input),
        ..
    }: Authorised<EditReviews, Json<StatusIn>>,
) -> Result<Json<ReviewOut>, ApiError> {
    change_status(&state, &s.user, &id, &input.to, input.version).await?;
    api_review(State(state), Path(id)).await
}

/// Logs evidence given to a review.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/evidence", tag = "reviews", request_body = EvidenceIn,
    params(("id" = String, Path, description = "Review id")),
    responses((status = 200, description = "The review after the change", body = ReviewOut),
              (status = 400, description = "Missing or bad field"), (status = 403, description = "Not allowed")))]
pub async fn api_evidence(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Json(input),
        ..
    }: Authorised<EditReviews, Json<EvidenceIn>>,
) -> Result<Json<ReviewOut>, ApiError> {
    add_evidence(&state, &s.user, &id, &input).await?;
    api_review(State(state), Path(id)).await
}

/// Adds a recommendation to the PCC.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/recommendations", tag = "reviews", request_body = RecommendationIn,
    params(("id" = String, Path, description = "Review id")),
    responses((status = 200, description = "The review after the change", body = ReviewOut),
              (status = 400, description = "Missing or bad field"), (status = 403, description = "Not allowed")))]
pub async fn api_recommendation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Json(input),
        ..
    }: Authorised<EditReviews, Json<RecommendationIn>>,
) -> Result<Json<ReviewOut>, ApiError> {
    add_recommendation(&state, &s.user, &id, &input).await?;
    api_review(State(state), Path(id)).await
}

/// Records the PCC's response to recommendation `n` (numbered from 1).
#[utoipa::path(post, path = "/api/v1/reviews/{id}/recommendations/{n}/response", tag = "reviews", request_body = ResponseIn,
    params(("id" = String, Path, description = "Review id"), ("n" = i64, Path, description = "Recommendation number")),
    responses((status = 200, description = "The review after the change", body = ReviewOut),
              (status = 400, description = "Missing or bad field"), (status = 403, description = "Not allowed"),
              (status = 409, description = "No such recommendation")))]
pub async fn api_response(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, i64)>,
    Authorised {
        session: s,
        body: Json(input),
        ..
    }: Authorised<EditReviews, Json<ResponseIn>>,
) -> Result<Json<ReviewOut>, ApiError> {
    respond(&state, &s.user, &id, n, &input).await?;
    api_review(State(state), Path(id)).await
}

/// A member for the task-and-finish group.
#[derive(Debug, serde::Deserialize)]
pub struct MemberForm {
    pub name: String,
    #[serde(default)]
    pub csrf: Option<String>,
}

/// A meeting of the task-and-finish group.
#[derive(Debug, serde::Deserialize)]
pub struct MeetingForm {
    pub held_on: String,
    pub note: String,
    #[serde(default)]
    pub csrf: Option<String>,
}

pub async fn form_member(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<EditReviews, Form<MemberForm>>,
) -> Result<axum::response::Redirect, AppError> {
    let name = required(&form.name, "member's name")?;
    state.store.add_review_member(&id, &name, &s.user).await?;
    Ok(back(&id, "group"))
}

pub async fn form_meeting(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<EditReviews, Form<MeetingForm>>,
) -> Result<axum::response::Redirect, AppError> {
    let on = parse_date(&form.held_on, "meeting date")?;
    let note = required(&form.note, "note")?;
    state
        .store
        .add_review_meeting(&id, on, &note, &s.user)
        .await?;
    Ok(back(&id, "group"))
}

/// The reviews' pages, forms and API, and a force's meeting pack.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/reviews", get(reviews_page))
        .route("/reviews/{id}", get(review_page))
        .route("/reviews/{id}/status", post(form_status))
        .route("/reviews/{id}/evidence", post(form_evidence))
        .route("/reviews/{id}/members", post(form_member))
        .route("/reviews/{id}/meetings", post(form_meeting))
        .route("/reviews/{id}/recommendations", post(form_recommendation))
        .route(
            "/reviews/{id}/recommendations/{n}/response",
            post(form_response),
        )
        .route("/forces/{slug}/pack", get(pack_page))
        .route("/api/v1/reviews", get(api_reviews))
        .route("/api/v1/reviews/{id}", get(api_review))
        .route("/api/v1/reviews/{id}/status", post(api_status))
        .route("/api/v1/reviews/{id}/evidence", post(api_evidence))
        .route(
            "/api/v1/reviews/{id}/recommendations",
            post(api_recommendation),
        )
        .route(
            "/api/v1/reviews/{id}/recommendations/{n}/response",
            post(api_response),
        )
}
