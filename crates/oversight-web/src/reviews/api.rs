//! The reviews' API: the reviews as JSON, and the changes Panel members make (status,
//! evidence, recommendations, the PCC's responses), each through the function its form uses.

use axum::Json;
use axum::extract::{Path, State};

use super::EditReviews;
use super::ops::{add_evidence, add_recommendation, change_status, respond};
use crate::AppState;
use crate::auth::{Authorised, csrf_in_body};
use crate::error::ApiError;
use crate::view::today;
use crate::wire::ReviewOut;

csrf_in_body!(
    Json<StatusIn>,
    Json<EvidenceIn>,
    Json<RecommendationIn>,
    Json<ResponseIn>,
);

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
            .map(|r| ReviewOut::new(r, today))
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
    Ok(Json(ReviewOut::new(r, today())))
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
