//! The JSON API under `/api/v1` as a whole: its OpenAPI document generated from the handlers
//! of every feature, the error body every route shares, and the answer to an unknown route.
//! The wire types live in [`crate::wire`], shared with `oversight export json`, and are
//! re-exported here: their field names are a public contract.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

pub use crate::error::{ErrorBody, ErrorDetail};
pub use crate::findings::api::ResponseQuery;
pub use crate::forces::api::JudgmentQuery;
pub use crate::wire::{
    ActionOut, AreaOut, CycleOut, DocumentOut, EvidenceOut, FigureOut, FindingListOut, FindingOut,
    ForceOut, JudgmentOut, MeetingOut, MilestoneOut, PlanPeriodOut, QuestionOut, RecommendationOut,
    ResponseOut, ReviewFindingOut, ReviewOut, UpdateOut,
};

use crate::error::ApiError;
use crate::{AppError, AppState};

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "reference", responses((status = 200, description = "the OpenAPI document")))]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Oversight API",
        description = "Police inspections of England and Wales as structured records with provenance."
    ),
    paths(
        crate::forces::api::forces,
        crate::forces::api::force,
        crate::forces::api::cycles,
        crate::forces::api::judgments,
        crate::findings::api::findings,
        crate::findings::api::finding,
        crate::documents::api::documents,
        crate::documents::api::document,
        crate::findings::api::responses,
        crate::evidence::api::api_indicators,
        crate::evidence::api::api_compare,
        crate::evidence::api::api_series,
        crate::reviews::api::api_reviews,
        crate::reviews::api::api_review,
        crate::reviews::api::api_status,
        crate::reviews::api::api_evidence,
        crate::reviews::api::api_recommendation,
        crate::reviews::api::api_response,
        crate::workflow::api::api_actions,
        crate::workflow::api::api_add_action,
        crate::workflow::api::api_change_action,
        crate::workflow::api::api_draft_response,
        crate::workflow::api::api_publish_response,
        crate::workflow::api::api_action_operation,
        crate::workflow::api::api_edit_response,
        crate::workflow::api::api_withdraw_response,
        crate::auth::api::api_session,
        openapi_json
    ),
    components(schemas(
        ForceOut,
        CycleOut,
        QuestionOut,
        AreaOut,
        JudgmentOut,
        FindingOut,
        FindingListOut,
        DocumentOut,
        ResponseOut,
        crate::evidence::IndicatorInfo,
        crate::wire::ComparisonOut,
        crate::wire::ForceFigureOut,
        crate::wire::IndicatorFigureOut,
        crate::wire::SeriesPointOut,
        ReviewOut,
        PlanPeriodOut,
        MeetingOut,
        ReviewFindingOut,
        MilestoneOut,
        RecommendationOut,
        EvidenceOut,
        FigureOut,
        crate::reviews::api::StatusIn,
        crate::reviews::api::EvidenceIn,
        crate::reviews::api::RecommendationIn,
        crate::reviews::api::ResponseIn,
        ActionOut,
        UpdateOut,
        crate::workflow::api::ActionIn,
        crate::workflow::api::ActionChangeIn,
        crate::workflow::forms::ResponseForm,
        crate::workflow::forms::VersionForm,
        crate::workflow::api::OperationIn,
        crate::auth::api::SessionOut,
        ErrorBody,
        ErrorDetail
    )),
    modifiers(&ErrorResponses)
)]
pub struct ApiDoc;

/// Documents the errors every route may answer, all as [`ErrorBody`] JSON: 400 for bad
/// parameters everywhere, and for routes that take a JSON body also 413 (too large), 415 (not
/// JSON) and 422 (JSON of the wrong shape), which the extractors answer before the handler.
struct ErrorResponses;

impl utoipa::Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let names_a_record = path.contains('{');
            let changes = item.post.is_some();
            for operation in [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.delete.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                let mut wanted = vec![("400", "Bad request: a parameter does not parse")];
                if names_a_record {
                    wanted.push(("404", "No such record, or none the caller may see"));
                }
                if changes {
                    wanted.extend([
                        (
                            "403",
                            "Not signed in, not allowed, or without the CSRF token",
                        ),
                        (
                            "409",
                            "Refused by the rules, or changed by someone else meanwhile",
                        ),
                    ]);
                }
                if operation.request_body.is_some() {
                    wanted.extend([
                        ("413", "The body is too large"),
                        ("415", "The body is not JSON"),
                        ("422", "The JSON does not have the documented shape"),
                    ]);
                }
                for (code, description) in wanted {
                    operation
                        .responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| error(description).into());
                }
                // A route's own description of an error wins; its body is always ErrorBody.
                for (code, response) in operation.responses.responses.iter_mut() {
                    if let utoipa::openapi::RefOr::T(r) = response
                        && (code.starts_with('4') || code.starts_with('5'))
                        && r.content.is_empty()
                    {
                        *r = error(&r.description.clone());
                    }
                }
            }
        }
    }
}

async fn not_found() -> ApiError {
    ApiError(AppError::NotFound(
        "no such API route; see /api/v1/openapi.json".to_owned(),
    ))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/{*rest}", get(not_found))
}
