//! What the workflow's forms and API share: finding the records a change names, the checks
//! of who may change them, and each operation the two offer alike (its checks and its store
//! call), so a form and its API twin cannot drift apart.

use oversight_domain::action::{ActionStatus, FindingStatus, finding_status};
use oversight_domain::policy::{self, Act};
use oversight_store::{ActionView, Session, WorkflowResponse};
use time::Date;

use super::forms::ResponseForm;
use crate::view::force_name;
use crate::{AppError, AppState};

/// The finding status an action's own status implies, for its red/amber/green.
pub(super) fn live(status: ActionStatus) -> FindingStatus {
    finding_status(&[status], false)
}

pub(super) async fn action_or_404(state: &AppState, id: &str) -> Result<ActionView, AppError> {
    state
        .store
        .action(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no action {id:?}.")))
}

pub(super) fn parse_date(value: &str) -> Result<Option<Date>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    Date::parse(v, &time::format_description::well_known::Iso8601::DATE)
        .map(Some)
        .map_err(|_| AppError::BadRequest(format!("{v:?} is not a date: write YYYY-MM-DD.")))
}

pub(super) async fn finding_force(state: &AppState, finding: &str) -> Result<String, AppError> {
    Ok(state
        .store
        .finding(finding)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no finding {finding:?}.")))?
        .force)
}

pub(super) async fn response_or_404(
    state: &AppState,
    id: &str,
    viewer: &Session,
) -> Result<WorkflowResponse, AppError> {
    state
        .store
        .workflow_responses(None, Some(&viewer.user))
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| AppError::NotFound(format!("There is no response {id:?} you can see.")))
}

pub(super) fn may_respond(s: &Session, force: &str, what: &str) -> Result<(), AppError> {
    if policy::allows(&s.user, Act::Respond { force }) {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!(
            "A {} may not {what} for {}.",
            s.user.role.label(),
            force_name(force)
        )))
    }
}

/// Adds an action to `finding` for the force's editors; `due_on` is YYYY-MM-DD or blank.
/// Returns the new action's id.
pub(super) async fn add_action(
    state: &AppState,
    s: &Session,
    finding: &str,
    title: &str,
    owner: &str,
    due_on: &str,
) -> Result<String, AppError> {
    let force = finding_force(state, finding).await?;
    if !policy::allows(&s.user, Act::EditActions { force: &force }) {
        return Err(AppError::Forbidden(format!(
            "A {} may not add actions to {}'s findings.",
            s.user.role.label(),
            force_name(&force)
        )));
    }
    let due = parse_date(due_on)?;
    Ok(state
        .store
        .add_action(finding, title, owner, due, &s.user)
        .await?)
}

/// Publishes action `id` of `force`.
pub(super) async fn publish_action(
    state: &AppState,
    s: &Session,
    id: &str,
    force: &str,
) -> Result<(), AppError> {
    may_respond(s, force, "publish actions")?;
    state.store.publish_action(id, &s.user).await?;
    Ok(())
}

/// Withdraws action `id` of `force` (kept, marked withdrawn).
pub(super) async fn withdraw_action(
    state: &AppState,
    s: &Session,
    id: &str,
    force: &str,
) -> Result<(), AppError> {
    if !policy::allows(&s.user, Act::EditActions { force }) {
        return Err(AppError::Forbidden(format!(
            "A {} may not withdraw {}'s actions.",
            s.user.role.label(),
            force_name(force)
        )));
    }
    state.store.withdraw_action(id, &s.user).await?;
    Ok(())
}

/// Drafts a response to `finding` for the body `by` (admins choose; editors write for their
/// own). Returns the draft's id.
pub(super) async fn draft_response(
    state: &AppState,
    s: &Session,
    finding: &str,
    by: Option<&str>,
    input: &ResponseForm,
) -> Result<String, AppError> {
    may_respond(s, &finding_force(state, finding).await?, "respond")?;
    Ok(state
        .store
        .draft_response(finding, by, &input.draft(), &s.user)
        .await?)
}

/// Edits response `id`. Returns the response as it was found, before the edit.
pub(super) async fn edit_response(
    state: &AppState,
    s: &Session,
    id: &str,
    input: &ResponseForm,
) -> Result<WorkflowResponse, AppError> {
    let r = response_or_404(state, id, s).await?;
    may_respond(s, &r.force, "edit responses")?;
    state
        .store
        .edit_response(id, &input.draft(), input.version, &s.user)
        .await?;
    Ok(r)
}

/// Publishes draft response `id`. Returns the response as it was found, before publishing.
pub(super) async fn publish_response(
    state: &AppState,
    s: &Session,
    id: &str,
    version: Option<i64>,
) -> Result<WorkflowResponse, AppError> {
    let r = response_or_404(state, id, s).await?;
    may_respond(s, &r.force, "publish responses")?;
    state.store.publish_response(id, version, &s.user).await?;
    Ok(r)
}

/// Withdraws response `id` (kept, marked withdrawn). Returns it as it was found.
pub(super) async fn withdraw_response(
    state: &AppState,
    s: &Session,
    id: &str,
) -> Result<WorkflowResponse, AppError> {
    let r = response_or_404(state, id, s).await?;
    may_respond(s, &r.force, "withdraw responses")?;
    state.store.withdraw_response(id, &s.user).await?;
    Ok(r)
}
