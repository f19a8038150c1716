//! The reviews' forms: status, evidence, recommendations and the PCC's responses (each the
//! twin of an API change, through the same function), and the task-and-finish group's members
//! and meetings. Each answers with a redirect back to the review.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Redirect;

use super::EditReviews;
use super::api::{EvidenceIn, RecommendationIn, ResponseIn, StatusIn};
use super::ops::{add_evidence, add_recommendation, change_status, parse_date, required, respond};
use crate::auth::{Authorised, csrf_in_body};
use crate::{AppError, AppState};

csrf_in_body!(
    Form<StatusIn>,
    Form<EvidenceForm>,
    Form<RecommendationIn>,
    Form<ResponseIn>,
    Form<MemberForm>,
    Form<MeetingForm>,
);

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

fn back(id: &str, anchor: &str) -> Redirect {
    Redirect::to(&format!("/reviews/{id}#{anchor}"))
}

pub async fn form_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<EditReviews, Form<StatusIn>>,
) -> Result<Redirect, AppError> {
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
) -> Result<Redirect, AppError> {
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
) -> Result<Redirect, AppError> {
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
) -> Result<Redirect, AppError> {
    respond(&state, &s.user, &id, n, &form).await?;
    Ok(back(&id, "recommendations"))
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
) -> Result<Redirect, AppError> {
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
) -> Result<Redirect, AppError> {
    let on = parse_date(&form.held_on, "meeting date")?;
    let note = required(&form.note, "note")?;
    state
        .store
        .add_review_meeting(&id, on, &note, &s.user)
        .await?;
    Ok(back(&id, "group"))
}
