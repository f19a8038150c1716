//! The workflow's API: the actions list, and the changes the forms also offer (adding and
//! changing actions, their operations, responses written here) as JSON.

use axum::Json;
use axum::extract::{Path, Query, State};
use oversight_domain::action::ActionStatus;
use oversight_domain::policy::{self, Act};
use serde::Deserialize;

use super::forms::{ResponseForm, VersionForm};
use super::ops::{self, action_or_404, response_or_404};
use super::{
    AddActions, ChangeActions, EditResponses, PublishResponses, RespondToFindings,
    WithdrawResponses,
};
use crate::auth::{Authorised, csrf_in_body, csrf_in_header};
use crate::error::ApiError;
use crate::view::{force_name, today};
use crate::wire::ActionOut;
use crate::{AppError, AppState};

csrf_in_body!(Json<VersionForm>);
csrf_in_header!(
    Json<ActionIn>,
    Json<ActionChangeIn>,
    Json<ResponseForm>,
    Json<OperationIn>,
);

/// A new action.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ActionIn {
    pub title: String,
    pub owner: String,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub due_on: Option<String>,
}

/// A status change or a progress update (or both).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ActionChangeIn {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub approver: Option<String>,
}

/// `?force=&finding=&limit=&offset=` of the actions list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActionQuery {
    /// A force's slug.
    pub force: Option<String>,
    /// A finding's id.
    pub finding: Option<String>,
    /// How many, 1 to 1000 (default 100).
    pub limit: Option<String>,
    /// How many to skip (default 0).
    pub offset: Option<String>,
}

/// Published actions (withdrawn ones left out), `limit` at a time; the header
/// `X-Total-Count` says how many match.
#[utoipa::path(get, path = "/api/v1/actions", tag = "workflow", params(ActionQuery),
    responses((status = 200, description = "Actions with their updates and red/amber/green", body = [ActionOut],
               headers(("x-total-count" = i64, description = "How many actions match")))))]
pub async fn api_actions(
    State(state): State<AppState>,
    Query(q): Query<ActionQuery>,
) -> Result<([(&'static str, String); 1], Json<Vec<ActionOut>>), ApiError> {
    let number = |name: &str, value: Option<&str>, default: i64, max: i64| match value {
        None | Some("") => Ok(default),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=max).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(format!("{name} must be a whole number from 0 to {max}"))
            }),
    };
    let limit = number("limit", q.limit.as_deref(), 100, 1000)?;
    let offset = number("offset", q.offset.as_deref(), 0, i64::from(i32::MAX))?;
    if let Some(f) = q.force.as_deref().filter(|f| !f.is_empty())
        && oversight_domain::Force::from_slug(f).is_none()
    {
        return Err(ApiError::bad_request(format!("there is no force {f:?}")));
    }
    let filter = oversight_store::ActionFilter {
        force: q.force.filter(|f| !f.is_empty()),
        finding: q.finding.filter(|f| !f.is_empty()),
        published_only: true,
        ..oversight_store::ActionFilter::default()
    };
    let (actions, total) = state.store.actions_matching(&filter, limit, offset).await?;
    Ok((
        [("x-total-count", total.to_string())],
        Json(
            actions
                .into_iter()
                .map(|a| ActionOut::new(a, today()))
                .collect(),
        ),
    ))
}

/// Adds an action to a finding (the force's editors and admins; session cookie and `X-CSRF-Token`).
#[utoipa::path(post, path = "/api/v1/findings/{id}/actions", tag = "workflow", request_body = ActionIn,
    params(("id" = String, Path, description = "Finding id")),
    responses((status = 200, description = "The new action", body = ActionOut), (status = 403, description = "Not allowed"),
              (status = 409, description = "Refused: no such owner, empty title")))]
pub async fn api_add_action(
    State(state): State<AppState>,
    Path(finding): Path<String>,
    Authorised {
        session: s,
        body: Json(input),
        ..
    }: Authorised<AddActions, Json<ActionIn>>,
) -> Result<Json<ActionOut>, ApiError> {
    let id = ops::add_action(
        &state,
        &s,
        &finding,
        &input.title,
        &input.owner,
        input.due_on.as_deref().unwrap_or_default(),
    )
    .await?;
    Ok(Json(ActionOut::new(
        action_or_404(&state, &id).await?,
        today(),
    )))
}

/// Moves an action on and/or adds a progress update.
#[utoipa::path(post, path = "/api/v1/actions/{id}", tag = "workflow", request_body = ActionChangeIn,
    params(("id" = String, Path, description = "Action id")),
    responses((status = 200, description = "The action after the change", body = ActionOut), (status = 403, description = "Not allowed"),
              (status = 409, description = "Not an allowed move, or the action changed meanwhile")))]
pub async fn api_change_action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Json(input),
        ..
    }: Authorised<ChangeActions, Json<ActionChangeIn>>,
) -> Result<Json<ActionOut>, ApiError> {
    let a = action_or_404(&state, &id).await?;
    let to = input
        .status
        .as_deref()
        .map(str::parse::<ActionStatus>)
        .transpose()
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let verifying = to == Some(ActionStatus::Verified)
        && input.text.is_none()
        && policy::allows(
            &s.user,
            Act::MoveAction {
                force: &a.force,
                to: ActionStatus::Verified,
            },
        );
    if !policy::allows(&s.user, Act::EditActions { force: &a.force }) && !verifying {
        return Err(AppError::Forbidden(format!(
            "A {} may not change {}'s actions.",
            s.user.role.label(),
            force_name(&a.force)
        ))
        .into());
    }
    if let Some(text) = &input.text {
        state
            .store
            .add_action_update(&id, text, input.approver.as_deref(), &s.user)
            .await?;
    }
    if let Some(to) = to {
        let version = if input.text.is_some() {
            None
        } else {
            input.version
        };
        state
            .store
            .set_action_status(&id, to, version, &s.user)
            .await?;
    }
    Ok(Json(ActionOut::new(
        action_or_404(&state, &id).await?,
        today(),
    )))
}

/// Drafts a response to a finding (the force's OPCC or force editors, admins).
#[utoipa::path(post, path = "/api/v1/findings/{id}/responses", tag = "workflow", request_body = ResponseForm,
    params(("id" = String, Path, description = "Finding id")),
    responses((status = 200, description = "The draft"), (status = 403, description = "Not allowed")))]
pub async fn api_draft_response(
    State(state): State<AppState>,
    Path(finding): Path<String>,
    Authorised {
        session: s,
        body: Json(input),
        ..
    }: Authorised<RespondToFindings, Json<ResponseForm>>,
) -> Result<Json<oversight_store::WorkflowResponse>, ApiError> {
    let id = ops::draft_response(&state, &s, &finding, input.by.as_deref(), &input).await?;
    Ok(Json(response_or_404(&state, &id, &s).await?))
}

/// Publishes a draft response; one to a recommendation must say what is done or why nothing is.
#[utoipa::path(post, path = "/api/v1/workflow-responses/{id}/publish", tag = "workflow", request_body = VersionForm,
    params(("id" = String, Path, description = "Response id")),
    responses((status = 200, description = "The published response"), (status = 403, description = "Not allowed"),
              (status = 409, description = "Incomplete, not a draft, or changed meanwhile")))]
pub async fn api_publish_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Json(input),
        ..
    }: Authorised<PublishResponses, Json<VersionForm>>,
) -> Result<Json<oversight_store::WorkflowResponse>, ApiError> {
    ops::publish_response(&state, &s, &id, input.version).await?;
    Ok(Json(response_or_404(&state, &id, &s).await?))
}

/// What to do to an action or a response besides changing it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OperationIn {
    /// `publish`, `withdraw`, or for an action also `sign-off` (with `update`).
    pub operation: String,
    /// The update to sign off, numbered from 1.
    #[serde(default)]
    pub update: Option<i64>,
}

/// Publishes, withdraws or signs off an update of an action.
#[utoipa::path(post, path = "/api/v1/actions/{id}/operations", tag = "workflow", request_body = OperationIn,
    params(("id" = String, Path, description = "Action id")),
    responses((status = 200, description = "The action after the operation", body = ActionOut),
              (status = 400, description = "Unknown operation"), (status = 403, description = "Not allowed"),
              (status = 409, description = "Refused")))]
pub async fn api_action_operation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Json(input),
        ..
    }: Authorised<ChangeActions, Json<OperationIn>>,
) -> Result<Json<ActionOut>, ApiError> {
    let a = action_or_404(&state, &id).await?;
    match input.operation.as_str() {
        "publish" => ops::publish_action(&state, &s, &id, &a.force).await?,
        "withdraw" => {
            ops::withdraw_action(&state, &s, &id, &a.force).await?;
            return Ok(Json(ActionOut::new(a, today())));
        }
        "sign-off" => {
            let n = input
                .update
                .ok_or_else(|| AppError::BadRequest("Say which update to sign off.".to_owned()))?;
            state.store.sign_off_update(&id, n, &s.user).await?;
        }
        other => {
            return Err(AppError::BadRequest(format!(
                "Unknown operation {other:?}: publish, withdraw or sign-off."
            ))
            .into());
        }
    }
    Ok(Json(ActionOut::new(
        action_or_404(&state, &id).await?,
        today(),
    )))
}

/// Edits or withdraws a response written here.
#[utoipa::path(post, path = "/api/v1/workflow-responses/{id}", tag = "workflow", request_body = ResponseForm,
    params(("id" = String, Path, description = "Response id")),
    responses((status = 200, description = "The response after the edit"), (status = 403, description = "Not allowed"),
              (status = 409, description = "Not a draft, or changed meanwhile")))]
pub async fn api_edit_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Json(input),
        ..
    }: Authorised<EditResponses, Json<ResponseForm>>,
) -> Result<Json<oversight_store::WorkflowResponse>, ApiError> {
    ops::edit_response(&state, &s, &id, &input).await?;
    Ok(Json(response_or_404(&state, &id, &s).await?))
}

/// Withdraws a response written here (it is kept, marked withdrawn).
#[utoipa::path(post, path = "/api/v1/workflow-responses/{id}/withdraw", tag = "workflow", request_body = VersionForm,
    params(("id" = String, Path, description = "Response id")),
    responses((status = 200, description = "Withdrawn"), (status = 403, description = "Not allowed")))]
pub async fn api_withdraw_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised { session: s, .. }: Authorised<WithdrawResponses, Json<VersionForm>>,
) -> Result<Json<serde_json::Value>, ApiError> {
    ops::withdraw_response(&state, &s, &id).await?;
    Ok(Json(serde_json::json!({"id": id, "status": "withdrawn"})))
}
