//! The accountability workflow: actions against findings with their progress updates,
//! sign-offs and attached files, responses written here, links from findings to indicators,
//! the overdue list and the audit log. The finding's page shows its part ([`pages::workflow`]).

pub mod api;
pub mod attachments;
pub mod forms;
mod ops;
pub mod pages;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;
use crate::auth::purposes;

pub use pages::{Workflow, force_summary, workflow};

purposes! {
    AddActions = "add actions";
    ChangeActions = "change actions";
    UpdateActions = "update actions";
    SignUpdatesOff = "sign updates off";
    RespondToFindings = "respond to findings";
    EditResponses = "edit responses";
    PublishResponses = "publish responses";
    WithdrawResponses = "withdraw responses";
    PublishActions = "publish actions";
    WithdrawActions = "withdraw actions";
    AttachEvidence = "attach evidence";
    LinkIndicators = "link findings to indicators";
    ReadAudit = "read the audit log";
}

/// The workflow's forms, pages and API.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/findings/{id}/actions", post(forms::add_action))
        .route("/actions/{id}/status", post(forms::action_status))
        .route("/actions/{id}/updates", post(forms::action_update))
        .route("/actions/{id}/updates/{n}/sign-off", post(forms::sign_off))
        .route("/findings/{id}/responses", post(forms::draft_response))
        .route("/workflow-responses/{id}/edit", post(forms::edit_response))
        .route(
            "/workflow-responses/{id}/publish",
            post(forms::publish_response),
        )
        .route(
            "/workflow-responses/{id}/withdraw",
            post(forms::withdraw_response),
        )
        .route("/actions/{id}/withdraw", post(forms::withdraw_action))
        .route(
            "/actions/{id}/updates/{n}/attachments",
            post(attachments::attach).layer(axum::extract::DefaultBodyLimit::max(
                oversight_store::MAX_ATTACHMENT_BYTES + 64 * 1024,
            )),
        )
        .route("/attachments/{sha}", get(attachments::attachment))
        .route("/actions/{id}/publish", post(forms::publish_action))
        .route("/findings/{id}/indicators", post(forms::link_indicator))
        .route("/overdue", get(pages::overdue_page))
        .route("/audit", get(pages::audit_page))
        .route("/api/v1/actions", get(api::api_actions))
        .route("/api/v1/findings/{id}/actions", post(api::api_add_action))
        .route("/api/v1/actions/{id}", post(api::api_change_action))
        .route(
            "/api/v1/findings/{id}/responses",
            post(api::api_draft_response),
        )
        .route(
            "/api/v1/workflow-responses/{id}/publish",
            post(api::api_publish_response),
        )
        .route(
            "/api/v1/actions/{id}/operations",
            post(api::api_action_operation),
        )
        .route(
            "/api/v1/workflow-responses/{id}",
            post(api::api_edit_response),
        )
        .route(
            "/api/v1/workflow-responses/{id}/withdraw",
            post(api::api_withdraw_response),
        )
}
