//! The workflow's forms: adding, moving and updating actions, signing updates off,
//! publishing and withdrawing, responses written here, and linking findings to indicators.
//! Each answers with a redirect back to the finding's page.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Redirect;
use oversight_domain::action::ActionStatus;
use oversight_domain::policy::{self, Act};
use serde::Deserialize;

use super::ops::{self, action_or_404, finding_force};
use super::{
    AddActions, ChangeActions, EditResponses, LinkIndicators, PublishActions, PublishResponses,
    RespondToFindings, SignUpdatesOff, UpdateActions, WithdrawActions, WithdrawResponses,
};
use crate::auth::{Authorised, csrf_in_body};
use crate::view::force_name;
use crate::{AppError, AppState};

csrf_in_body!(
    Form<NewAction>,
    Form<StatusForm>,
    Form<UpdateForm>,
    Form<CsrfOnly>,
    Form<ResponseForm>,
    Form<VersionForm>,
    Form<LinkForm>,
);

#[derive(Debug, Deserialize)]
pub struct NewAction {
    pub title: String,
    pub owner: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub csrf: Option<String>,
}

pub async fn add_action(
    State(state): State<AppState>,
    Path(finding): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<AddActions, Form<NewAction>>,
) -> Result<Redirect, AppError> {
    let id = ops::add_action(&state, &s, &finding, &form.title, &form.owner, &form.due_on).await?;
    Ok(Redirect::to(&format!("/findings/{finding}#{id}")))
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    pub to: String,
    pub version: Option<i64>,
    #[serde(default)]
    pub csrf: Option<String>,
}

pub async fn action_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<ChangeActions, Form<StatusForm>>,
) -> Result<Redirect, AppError> {
    let a = action_or_404(&state, &id).await?;
    let to: ActionStatus = form
        .to
        .parse()
        .map_err(|e: oversight_domain::action::ActionError| AppError::BadRequest(e.to_string()))?;
    if !policy::allows(
        &s.user,
        Act::MoveAction {
            force: &a.force,
            to,
        },
    ) {
        return Err(AppError::Forbidden(format!(
            "A {} may not change {}'s actions.",
            s.user.role.label(),
            force_name(&a.force)
        )));
    }
    state
        .store
        .set_action_status(&id, to, form.version, &s.user)
        .await?;
    Ok(Redirect::to(&format!("/findings/{}#{id}", a.finding)))
}

#[derive(Debug, Deserialize)]
pub struct UpdateForm {
    pub text: String,
    #[serde(default)]
    pub approver: String,
    #[serde(default)]
    pub csrf: Option<String>,
}

pub async fn action_update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<UpdateActions, Form<UpdateForm>>,
) -> Result<Redirect, AppError> {
    let a = action_or_404(&state, &id).await?;
    if !policy::allows(&s.user, Act::EditActions { force: &a.force }) {
        return Err(AppError::Forbidden(format!(
            "A {} may not update {}'s actions.",
            s.user.role.label(),
            force_name(&a.force)
        )));
    }
    let approver = Some(form.approver.trim()).filter(|a| !a.is_empty());
    if let Some(name) = approver
        && state.store.user(name).await?.is_none()
    {
        return Err(AppError::BadRequest(format!(
            "There is no user {name:?} to sign the update off."
        )));
    }
    state
        .store
        .add_action_update(&id, &form.text, approver, &s.user)
        .await?;
    Ok(Redirect::to(&format!("/findings/{}#{id}", a.finding)))
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub csrf: Option<String>,
}

pub async fn sign_off(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, i64)>,
    Authorised { session: s, .. }: Authorised<SignUpdatesOff, Form<CsrfOnly>>,
) -> Result<Redirect, AppError> {
    let a = action_or_404(&state, &id).await?;
    let approver = a
        .updates
        .iter()
        .find(|u| u.position == n)
        .and_then(|u| u.approver.clone());
    if approver.as_deref() != Some(s.user.username.as_str()) {
        return Err(AppError::Forbidden(
            "Only the update's named approver may sign it off.".to_owned(),
        ));
    }
    state.store.sign_off_update(&id, n, &s.user).await?;
    Ok(Redirect::to(&format!("/findings/{}#{id}", a.finding)))
}

/// A response form: the body it is for (admins choose), its text, and what is done about it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ResponseForm {
    /// `opcc` or `force`; editors write for their own body.
    #[serde(default)]
    pub by: Option<String>,
    pub text: String,
    #[serde(default)]
    pub action_taken: Option<String>,
    #[serde(default)]
    pub no_action_reason: Option<String>,
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub csrf: Option<String>,
}

impl ResponseForm {
    pub(super) fn draft(&self) -> oversight_store::ResponseDraft {
        oversight_store::ResponseDraft {
            text: self.text.clone(),
            action_taken: self.action_taken.clone(),
            no_action_reason: self.no_action_reason.clone(),
        }
    }
}

pub async fn draft_response(
    State(state): State<AppState>,
    Path(finding): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<RespondToFindings, Form<ResponseForm>>,
) -> Result<Redirect, AppError> {
    let by = form.by.as_deref().filter(|b| !b.is_empty());
    let id = ops::draft_response(&state, &s, &finding, by, &form).await?;
    Ok(Redirect::to(&format!("/findings/{finding}#{id}")))
}

pub async fn edit_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<EditResponses, Form<ResponseForm>>,
) -> Result<Redirect, AppError> {
    let r = ops::edit_response(&state, &s, &id, &form).await?;
    Ok(Redirect::to(&format!("/findings/{}#{id}", r.finding)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct VersionForm {
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub csrf: Option<String>,
}

pub async fn publish_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<PublishResponses, Form<VersionForm>>,
) -> Result<Redirect, AppError> {
    let r = ops::publish_response(&state, &s, &id, form.version).await?;
    Ok(Redirect::to(&format!("/findings/{}#{id}", r.finding)))
}

pub async fn withdraw_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised { session: s, .. }: Authorised<WithdrawResponses, Form<VersionForm>>,
) -> Result<Redirect, AppError> {
    let r = ops::withdraw_response(&state, &s, &id).await?;
    Ok(Redirect::to(&format!("/findings/{}#workflow", r.finding)))
}

pub async fn publish_action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised { session: s, .. }: Authorised<PublishActions, Form<VersionForm>>,
) -> Result<Redirect, AppError> {
    let a = action_or_404(&state, &id).await?;
    ops::publish_action(&state, &s, &id, &a.force).await?;
    Ok(Redirect::to(&format!("/findings/{}#{id}", a.finding)))
}

pub async fn withdraw_action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised { session: s, .. }: Authorised<WithdrawActions, Form<VersionForm>>,
) -> Result<Redirect, AppError> {
    let a = action_or_404(&state, &id).await?;
    ops::withdraw_action(&state, &s, &id, &a.force).await?;
    Ok(Redirect::to(&format!("/findings/{}#workflow", a.finding)))
}

#[derive(Debug, Deserialize)]
pub struct LinkForm {
    pub indicator: String,
    #[serde(default)]
    pub csrf: Option<String>,
}

/// Links a finding to an indicator, so its page shows the evidence of whether things got better.
pub async fn link_indicator(
    State(state): State<AppState>,
    Path(finding): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<LinkIndicators, Form<LinkForm>>,
) -> Result<Redirect, AppError> {
    let force = finding_force(&state, &finding).await?;
    if !policy::allows(&s.user, Act::LinkIndicators { force: &force }) {
        return Err(AppError::Forbidden(format!(
            "A {} may not link {}'s findings to indicators.",
            s.user.role.label(),
            force_name(&force)
        )));
    }
    let indicator = oversight_evidence::indicator::find(&form.indicator).ok_or_else(|| {
        AppError::BadRequest(format!("There is no indicator {:?}.", form.indicator))
    })?;
    state
        .store
        .link_finding_indicator(&finding, indicator.id, &s.user.username)
        .await?;
    Ok(Redirect::to(&format!(
        "/findings/{finding}#indicator-{}",
        indicator.id
    )))
}
