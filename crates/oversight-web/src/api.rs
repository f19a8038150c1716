//! The JSON API under `/api/v1`, and its OpenAPI document generated from these handlers.
//! The structs here are wire types: their field names are a public contract.

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use oversight_domain::{Cycle, Grade};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::error::ApiError;
use crate::filters::{self, FindingQuery};
use crate::{AppError, AppState};

#[derive(Debug, Serialize, ToSchema)]
pub struct ForceOut {
    /// Stable id: police.uk's slug.
    pub id: &'static str,
    pub name: &'static str,
    pub ons_code: &'static str,
    /// True for the demo's invented force.
    pub fictional: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CycleOut {
    pub id: &'static str,
    pub name: String,
    /// `four_point` (2014–2019, with Ungraded) or `five_point` (2021 on).
    pub grade_scale: &'static str,
    pub pillars: Vec<&'static str>,
    pub areas: Vec<&'static str>,
    pub previous: Option<&'static str>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JudgmentOut {
    pub id: String,
    pub inspection: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub question: Option<i64>,
    pub area: Option<String>,
    pub grade: &'static str,
    pub previous_grade: Option<&'static str>,
    /// `improved`, `unchanged` or `deteriorated`.
    pub change: Option<&'static str>,
    pub summary: String,
    pub document: String,
    /// [start, end) in characters of the document's text.
    pub span: [i64; 2],
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingOut {
    pub id: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub question: Option<i64>,
    pub area: Option<String>,
    /// `area_for_improvement`, `cause_of_concern` or `recommendation`.
    pub kind: String,
    pub text: String,
    pub sub_actions: Vec<String>,
    /// ISO dates.
    pub deadlines: Vec<String>,
    pub immediate: bool,
    pub parent: Option<String>,
    pub document: String,
    pub span: [i64; 2],
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingListOut {
    pub findings: Vec<FindingOut>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentOut {
    pub id: String,
    pub kind: String,
    pub source: String,
    pub sha256: String,
    pub format: String,
    pub title: Option<String>,
    pub force: Option<String>,
    pub cycle: Option<String>,
    pub published_on: Option<String>,
    pub warnings: Vec<String>,
    /// The text, on the single-document route only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseOut {
    pub id: String,
    pub finding: String,
    /// `opcc` or `force`.
    pub by: String,
    pub text: String,
    pub document: String,
    pub span: [i64; 2],
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    pub status: u16,
    pub message: String,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JudgmentQuery {
    /// A force's slug.
    pub force: Option<String>,
    /// A cycle, e.g. `2016`.
    pub cycle: Option<String>,
    /// A pillar.
    pub pillar: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResponseQuery {
    /// A finding's id.
    pub finding: Option<String>,
}

fn grade_code(g: Grade) -> &'static str {
    g.code()
}

pub(crate) fn finding_out(f: oversight_store::FindingView) -> FindingOut {
    FindingOut {
        id: f.id,
        force: f.force,
        cycle: f.cycle,
        pillar: f.pillar,
        question: f.question,
        area: f.area,
        kind: f.kind,
        text: f.text,
        sub_actions: f.sub_actions.into_iter().map(|s| s.text).collect(),
        deadlines: f.deadlines.into_iter().filter_map(|d| d.due_on).collect(),
        immediate: f.immediate,
        parent: f.parent,
        document: f.document,
        span: [f.span.0, f.span.1],
    }
}

fn document_out(d: oversight_store::DocumentView, with_text: bool) -> DocumentOut {
    DocumentOut {
        id: d.id,
        kind: d.kind,
        source: d.source,
        sha256: d.sha256,
        format: d.format,
        title: d.title,
        force: d.force,
        cycle: d.cycle,
        published_on: d.published_on,
        warnings: d.warnings,
        text: with_text.then_some(d.text),
    }
}

fn response_out(r: oversight_store::ResponseView) -> ResponseOut {
    ResponseOut {
        id: r.id,
        finding: r.finding,
        by: r.by,
        text: r.text,
        document: r.document,
        span: [r.span.0, r.span.1],
    }
}

/// Every force Oversight knows.
#[utoipa::path(get, path = "/api/v1/forces", tag = "reference", responses((status = 200, body = Vec<ForceOut>)))]
pub async fn forces() -> Json<Vec<ForceOut>> {
    Json(
        oversight_domain::all_forces()
            .map(|f| ForceOut {
                id: f.slug(),
                name: f.name(),
                ons_code: f.ons_code(),
                fictional: f.is_fictional(),
            })
            .collect(),
    )
}

/// One force.
#[utoipa::path(get, path = "/api/v1/forces/{id}", tag = "reference", params(("id" = String, Path, description = "the force's slug")),
    responses((status = 200, body = ForceOut), (status = 404, body = ErrorBody)))]
pub async fn force(Path(id): Path<String>) -> Result<Json<ForceOut>, ApiError> {
    let f = oversight_domain::Force::from_slug(&id)
        .ok_or_else(|| AppError::NotFound(format!("no force with the id {id:?}")))?;
    Ok(Json(ForceOut {
        id: f.slug(),
        name: f.name(),
        ons_code: f.ons_code(),
        fictional: f.is_fictional(),
    }))
}

/// Every PEEL cycle with its framework.
#[utoipa::path(get, path = "/api/v1/cycles", tag = "reference", responses((status = 200, body = Vec<CycleOut>)))]
pub async fn cycles() -> Json<Vec<CycleOut>> {
    Json(
        Cycle::ALL
            .iter()
            .map(|c| {
                let fw = c.framework();
                CycleOut {
                    id: c.code(),
                    name: c.label(),
                    grade_scale: fw.scale.code(),
                    pillars: fw.pillars.iter().map(|p| p.code()).collect(),
                    areas: fw.areas.iter().map(|a| a.code).collect(),
                    previous: c.previous().map(|p| p.code()),
                }
            })
            .collect(),
    )
}

/// Judgments (one per force, cycle and pillar, question or area), with change since the previous cycle.
#[utoipa::path(get, path = "/api/v1/judgments", tag = "records", params(JudgmentQuery),
    responses((status = 200, body = Vec<JudgmentOut>), (status = 400, body = ErrorBody)))]
pub async fn judgments(
    State(state): State<AppState>,
    Query(q): Query<JudgmentQuery>,
) -> Result<Json<Vec<JudgmentOut>>, ApiError> {
    let force = filters::force(&q.force)?;
    let cycle = filters::cycle(&q.cycle)?;
    let pillar = filters::pillar(&q.pillar)?;
    let all = state.judgments().await?;
    let out = all
        .iter()
        .filter(|j| force.is_none_or(|f| j.force == f.slug()))
        .filter(|j| cycle.is_none_or(|c| j.cycle == c.code()))
        .filter(|j| pillar.is_none_or(|p| j.pillar.as_deref() == Some(p.code())))
        .map(|j| JudgmentOut {
            id: j.id.clone(),
            inspection: crate::view::inspection_id(&j.force, &j.cycle, j.pillar.as_deref()),
            force: j.force.clone(),
            cycle: j.cycle.clone(),
            pillar: j.pillar.clone(),
            question: j.question,
            area: j.area.clone(),
            grade: grade_code(j.grade),
            previous_grade: j.previous_grade.map(grade_code),
            change: j.change.map(|c| c.code()),
            summary: j.summary.clone(),
            document: j.document.clone(),
            span: [j.span.0, j.span.1],
        })
        .collect();
    Ok(Json(out))
}

/// Findings, filtered and paged.
#[utoipa::path(get, path = "/api/v1/findings", tag = "records", params(FindingQuery),
    responses((status = 200, body = FindingListOut), (status = 400, body = ErrorBody)))]
pub async fn findings(
    State(state): State<AppState>,
    Query(q): Query<FindingQuery>,
) -> Result<Json<FindingListOut>, ApiError> {
    let q = q.parse()?;
    let page = state
        .store
        .findings_page(&q.filter, q.per_page, (q.page - 1) * q.per_page)
        .await?;
    Ok(Json(FindingListOut {
        findings: page.findings.into_iter().map(finding_out).collect(),
        total: page.total,
        page: q.page,
        per_page: q.per_page,
    }))
}

/// One finding.
#[utoipa::path(get, path = "/api/v1/findings/{id}", tag = "records", params(("id" = String, Path, description = "the finding's id")),
    responses((status = 200, body = FindingOut), (status = 404, body = ErrorBody)))]
pub async fn finding(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<FindingOut>, ApiError> {
    let f = state
        .store
        .finding(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no finding with the id {id:?}")))?;
    Ok(Json(finding_out(f)))
}

/// Every stored document, without its text.
#[utoipa::path(get, path = "/api/v1/documents", tag = "records", responses((status = 200, body = Vec<DocumentOut>)))]
pub async fn documents(State(state): State<AppState>) -> Result<Json<Vec<DocumentOut>>, ApiError> {
    Ok(Json(
        state
            .store
            .document_list()
            .await?
            .into_iter()
            .map(|d| document_out(d, false))
            .collect(),
    ))
}

/// One document, with its text.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "records", params(("id" = String, Path, description = "the document's id")),
    responses((status = 200, body = DocumentOut), (status = 404, body = ErrorBody)))]
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentOut>, ApiError> {
    let d = state
        .store
        .document(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no document with the id {id:?}")))?;
    Ok(Json(document_out(d, true)))
}

/// Responses by the OPCC or the force, all or to one finding.
#[utoipa::path(get, path = "/api/v1/responses", tag = "records", params(ResponseQuery),
    responses((status = 200, body = Vec<ResponseOut>), (status = 404, body = ErrorBody)))]
pub async fn responses(
    State(state): State<AppState>,
    Query(q): Query<ResponseQuery>,
) -> Result<Json<Vec<ResponseOut>>, ApiError> {
    let list = match q
        .finding
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        Some(finding) => {
            if state.store.finding(finding).await?.is_none() {
                return Err(
                    AppError::NotFound(format!("no finding with the id {finding:?}")).into(),
                );
            }
            state.store.responses_to(finding).await?
        }
        None => state.store.responses().await?,
    };
    Ok(Json(list.into_iter().map(response_out).collect()))
}

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
        forces,
        force,
        cycles,
        judgments,
        findings,
        finding,
        documents,
        document,
        responses,
        crate::evidence::api_indicators,
        crate::evidence::api_compare,
        crate::evidence::api_series,
        crate::reviews::api_reviews,
        crate::reviews::api_review,
        crate::reviews::api_status,
        crate::reviews::api_evidence,
        crate::reviews::api_recommendation,
        crate::reviews::api_response,
        crate::actions::api_actions,
        crate::actions::api_add_action,
        crate::actions::api_change_action,
        crate::actions::api_draft_response,
        crate::actions::api_publish_response,
        crate::actions::api_action_operation,
        crate::actions::api_edit_response,
        crate::actions::api_withdraw_response,
        crate::auth::api::api_session,
        openapi_json
    ),
    components(schemas(
        ForceOut,
        CycleOut,
        JudgmentOut,
        FindingOut,
        FindingListOut,
        DocumentOut,
        ResponseOut,
        crate::evidence::IndicatorInfo,
        crate::reviews::ReviewOut,
        crate::reviews::ReviewFindingOut,
        crate::reviews::MilestoneOut,
        crate::reviews::RecommendationOut,
        crate::reviews::EvidenceOut,
        crate::reviews::FigureOut,
        crate::reviews::StatusIn,
        crate::reviews::EvidenceIn,
        crate::reviews::RecommendationIn,
        crate::reviews::ResponseIn,
        crate::actions::ActionOut,
        crate::actions::UpdateOut,
        crate::actions::ActionIn,
        crate::actions::ActionChangeIn,
        crate::actions::ResponseForm,
        crate::actions::VersionForm,
        crate::actions::OperationIn,
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
        .route("/api/v1/forces", get(forces))
        .route("/api/v1/forces/{id}", get(force))
        .route("/api/v1/cycles", get(cycles))
        .route("/api/v1/judgments", get(judgments))
        .route("/api/v1/findings", get(findings))
        .route("/api/v1/findings/{id}", get(finding))
        .route("/api/v1/documents", get(documents))
        .route("/api/v1/documents/{id}", get(document))
        .route("/api/v1/responses", get(responses))
        .route("/api/v1/indicators", get(crate::evidence::api_indicators))
        .route(
            "/api/v1/indicators/{id}/compare",
            get(crate::evidence::api_compare),
        )
        .route(
            "/api/v1/indicators/{id}/series",
            get(crate::evidence::api_series),
        )
        .route("/api/v1/reviews", get(crate::reviews::api_reviews))
        .route("/api/v1/reviews/{id}", get(crate::reviews::api_review))
        .route(
            "/api/v1/reviews/{id}/status",
            axum::routing::post(crate::reviews::api_status),
        )
        .route(
            "/api/v1/reviews/{id}/evidence",
            axum::routing::post(crate::reviews::api_evidence),
        )
        .route(
            "/api/v1/reviews/{id}/recommendations",
            axum::routing::post(crate::reviews::api_recommendation),
        )
        .route(
            "/api/v1/reviews/{id}/recommendations/{n}/response",
            axum::routing::post(crate::reviews::api_response),
        )
        .route("/api/v1/actions", get(crate::actions::api_actions))
        .route(
            "/api/v1/findings/{id}/actions",
            axum::routing::post(crate::actions::api_add_action),
        )
        .route(
            "/api/v1/actions/{id}",
            axum::routing::post(crate::actions::api_change_action),
        )
        .route(
            "/api/v1/findings/{id}/responses",
            axum::routing::post(crate::actions::api_draft_response),
        )
        .route(
            "/api/v1/workflow-responses/{id}/publish",
            axum::routing::post(crate::actions::api_publish_response),
        )
        .route(
            "/api/v1/actions/{id}/operations",
            axum::routing::post(crate::actions::api_action_operation),
        )
        .route(
            "/api/v1/workflow-responses/{id}",
            axum::routing::post(crate::actions::api_edit_response),
        )
        .route(
            "/api/v1/workflow-responses/{id}/withdraw",
            axum::routing::post(crate::actions::api_withdraw_response),
        )
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/{*rest}", get(not_found))
}
