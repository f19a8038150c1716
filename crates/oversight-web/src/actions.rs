//! The accountability workflow on the web: actions against findings, their progress
//! updates and sign-offs, the overdue list, and the audit log for those allowed to read it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use oversight_domain::action::{ActionStatus, FindingStatus, Rag, finding_status, rag};
use oversight_domain::policy::{self, Act};
use oversight_domain::user::Role;
use oversight_store::{ActionView, AuditEntry, Session};
use serde::Deserialize;
use time::{Date, OffsetDateTime};

use crate::auth::{Authorised, SignedIn, csrf_in_body, csrf_in_header, purposes};
use crate::layout::{Crumb, crumbs};
use crate::view::force_name;
use crate::{AppError, AppState};

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

csrf_in_body!(
    Form<NewAction>,
    Form<StatusForm>,
    Form<UpdateForm>,
    Form<CsrfOnly>,
    Form<ResponseForm>,
    Form<VersionForm>,
    Form<LinkForm>,
    Json<VersionForm>,
);
csrf_in_header!(
    Json<ActionIn>,
    Json<ActionChangeIn>,
    Json<ResponseForm>,
    Json<OperationIn>,
);

fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// An action as a finding's page shows it.
#[derive(Debug, Clone)]
pub struct ActionRow {
    pub action: ActionView,
    /// Files attached to its updates: (update number, attachment).
    pub attachments: Vec<(i64, oversight_store::AttachmentView)>,
    pub rag: &'static str,
    /// (code, label) of the moves the viewer may make.
    pub moves: Vec<(&'static str, &'static str)>,
}

/// What a viewer of a finding may do.
#[derive(Debug, Clone)]
pub struct FindingEditor {
    pub username: String,
    pub csrf: String,
    pub may_edit: bool,
    pub users: Vec<String>,
}

/// The workflow part of a finding's page: derived status, actions, and the viewer's powers.
#[derive(Debug, Clone)]
pub struct Workflow {
    pub status: &'static str,
    pub actions: Vec<ActionRow>,
    pub editor: Option<FindingEditor>,
    /// The audit log's entries for this finding's actions, oldest first.
    pub history: Vec<AuditEntry>,
    /// Responses written here that the viewer may see (drafts only for the force's editors).
    pub responses: Vec<oversight_store::WorkflowResponse>,
    /// Whether the viewer may write responses; admins also choose the body.
    pub may_respond: bool,
    pub admin: bool,
    /// Whether the viewer may link the finding to an indicator (admins, the inspectorate, the
    /// force's editors), and the indicators to choose from.
    pub may_link: bool,
    pub indicators: Vec<(&'static str, &'static str)>,
}

/// How many of the newest history entries a finding's page shows.
const HISTORY_SHOWN: usize = 100;

fn live(status: ActionStatus) -> FindingStatus {
    finding_status(&[status], false)
}

/// The moves a user may make on an action now.
fn moves(session: &Session, action: &ActionView) -> Vec<(&'static str, &'static str)> {
    ActionStatus::ALL
        .into_iter()
        .filter(|to| action.status.transition(*to, session.user.role).is_ok())
        .filter(|to| {
            policy::allows(
                &session.user,
                Act::MoveAction {
                    force: &action.force,
                    to: *to,
                },
            )
        })
        .map(|to| (to.code(), to.label()))
        .collect()
}

pub async fn workflow(
    state: &AppState,
    session: Option<Session>,
    finding: &str,
    force: &str,
) -> Result<Workflow, AppError> {
    let actions = state.store.actions(Some(finding)).await?;
    let responses = state
        .store
        .workflow_responses(Some(finding), session.as_ref().map(|s| &s.user))
        .await?;
    // The status from what is already read: published actions, and any published response.
    let responded = responses.iter().any(|r| r.status == "published")
        || !state.store.responses_to(finding).await?.is_empty();
    let published: Vec<ActionStatus> = actions
        .iter()
        .filter(|a| a.published)
        .map(|a| a.status)
        .collect();
    let status = finding_status(&published, responded);
    let may_respond = session
        .as_ref()
        .is_some_and(|s| policy::allows(&s.user, Act::Respond { force }));
    let admin = session.as_ref().is_some_and(|s| s.user.role == Role::Admin);
    let may_link = session
        .as_ref()
        .is_some_and(|s| policy::allows(&s.user, Act::LinkIndicators { force }));
    let today = today();
    let viewer = session.as_ref().map(|s| &s.user);
    let visible: Vec<ActionView> = actions
        .into_iter()
        .filter(|a| a.visible_to(viewer))
        .collect();
    let ids: Vec<String> = visible.iter().map(|a| a.id.clone()).collect();
    let mut files = state.store.attachments_of(&ids).await?;
    let rows: Vec<ActionRow> = visible
        .into_iter()
        .map(|a| ActionRow {
            rag: rag(live(a.status), a.due_on, today).label(),
            moves: session.as_ref().map(|s| moves(s, &a)).unwrap_or_default(),
            attachments: files.remove(&a.id).unwrap_or_default(),
            action: a,
        })
        .collect();
    let editor = match session {
        Some(s) => Some(FindingEditor {
            may_edit: policy::allows(&s.user, Act::EditActions { force }),
            users: state
                .store
                .users()
                .await?
                .into_iter()
                .map(|u| u.username)
                .collect(),
            username: s.user.username,
            csrf: s.csrf,
        }),
        None => None,
    };
    // The history of the actions this viewer may see, and of no other: a draft's history is
    // as private as the draft.
    let visible: Vec<String> = rows
        .iter()
        .map(|r| format!("action:{}", r.action.id))
        .collect();
    // The newest entries; the whole history is in the audit log.
    let history = state.store.audit_of(&visible, Some(HISTORY_SHOWN)).await?;
    Ok(Workflow {
        status: status.label(),
        actions: rows,
        editor,
        history,
        responses,
        may_respond,
        admin,
        may_link,
        indicators: oversight_evidence::indicator::INDICATORS
            .iter()
            .map(|i| (i.id, i.name))
            .collect(),
    })
}

async fn action_or_404(state: &AppState, id: &str) -> Result<ActionView, AppError> {
    state
        .store
        .action(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no action {id:?}.")))
}

fn parse_date(value: &str) -> Result<Option<Date>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    Date::parse(v, &time::format_description::well_known::Iso8601::DATE)
        .map(Some)
        .map_err(|_| AppError::BadRequest(format!("{v:?} is not a date: write YYYY-MM-DD.")))
}

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
    let f = state
        .store
        .finding(&finding)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no finding {finding:?}.")))?;
    if !policy::allows(&s.user, Act::EditActions { force: &f.force }) {
        return Err(AppError::Forbidden(format!(
            "A {} may not add actions to {}'s findings.",
            s.user.role.label(),
            force_name(&f.force)
        )));
    }
    let due = parse_date(&form.due_on)?;
    let id = state
        .store
        .add_action(&finding, &form.title, &form.owner, due, &s.user)
        .await?;
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

// ---------------------------------------------------------------- overdue

#[derive(Debug, Deserialize)]
pub struct OverdueQuery {
    pub force: Option<String>,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "overdue.html")]
pub struct OverduePage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub today: String,
    pub actions: Vec<(ActionView, String)>,
    pub rag_counts: Vec<(&'static str, usize)>,
    /// Inspection reports whose PCC response is overdue (none stored, deadline passed).
    pub responses: Vec<crate::reviews::PackResponse>,
}

pub async fn overdue_page(
    State(state): State<AppState>,
    Query(q): Query<OverdueQuery>,
) -> Result<OverduePage, AppError> {
    let today = today();
    let force = match q.force.as_deref().filter(|f| !f.is_empty()) {
        Some(f) => Some(
            oversight_domain::Force::from_slug(f)
                .ok_or_else(|| AppError::NotFound(format!("There is no force called {f:?}.")))?,
        ),
        None => None,
    };
    let slug = force.map(|f| f.slug().to_owned());
    let rag_counts = state
        .store
        .action_rag_counts(slug.as_deref(), today)
        .await?
        .into_iter()
        .map(|(r, n)| (r.label(), usize::try_from(n).unwrap_or(0)))
        .collect();
    let filter = oversight_store::ActionFilter {
        force: slug,
        published_only: true,
        overdue_on: Some(today),
        ..oversight_store::ActionFilter::default()
    };
    // The page lists the first 500 red actions; the count above says how many there are.
    let actions = state
        .store
        .actions_matching(&filter, 500, 0)
        .await?
        .0
        .into_iter()
        .map(|a| {
            let force = force_name(&a.force);
            (a, force)
        })
        .collect();
    Ok(OverduePage {
        title: match force {
            Some(f) => format!("Overdue actions: {}", f.name()),
            None => "Overdue actions: England and Wales".to_owned(),
        },
        crumbs: crumbs(&[("/", "National picture")]),
        today: today.to_string(),
        actions,
        rag_counts,
        responses: crate::reviews::responses_due(&state, force.map(|f| f.slug()), today)
            .await?
            .into_iter()
            .filter(|r| r.overdue)
            .collect(),
    })
}

// ---------------------------------------------------------------- audit

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    pub filter: Option<String>,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub filter: String,
    pub entries: Vec<AuditEntry>,
    pub intact: Result<usize, String>,
}

pub async fn audit_page(
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
    SignedIn(session, _): SignedIn<ReadAudit>,
) -> Result<AuditPage, AppError> {
    if !policy::allows(&session.user, Act::ReadAudit) {
        return Err(AppError::Forbidden(format!(
            "A {} may not read the audit log.",
            session.user.role.label()
        )));
    }
    let filter = q.filter.unwrap_or_default();
    if filter.chars().count() > 200 {
        return Err(AppError::BadRequest(
            "The filter is longer than 200 characters.".to_owned(),
        ));
    }
    let private = state.store.private_records(&session.user).await?;
    let entries: Vec<AuditEntry> = state
        .store
        .audit_log(Some(filter.trim()).filter(|f| !f.is_empty()), 500)
        .await?
        .into_iter()
        .filter(|e| !private.contains(&e.record))
        .collect();
    Ok(AuditPage {
        title: "Audit log".to_owned(),
        crumbs: crumbs(&[("/", "National picture")]),
        filter,
        entries,
        intact: state.store.verify_audit().await?,
    })
}

/// A force's findings counted by their derived status and by red/amber/green.
pub async fn force_summary(
    state: &AppState,
    force: &str,
) -> Result<(Vec<(&'static str, usize)>, Vec<(&'static str, usize)>), AppError> {
    let today = today();
    let mut by_status: Vec<(&'static str, usize)> = Vec::new();
    let mut by_rag = [(Rag::Red, 0usize), (Rag::Amber, 0), (Rag::Green, 0)];
    for (_, status, due) in state.store.finding_statuses(force).await? {
        let colour = rag(status, due, today);
        if let Some(slot) = by_rag.iter_mut().find(|(r, _)| *r == colour) {
            slot.1 += 1;
        }
        match by_status.iter_mut().find(|(l, _)| *l == status.label()) {
            Some(slot) => slot.1 += 1,
            None => by_status.push((status.label(), 1)),
        }
    }
    Ok((
        by_status,
        by_rag.into_iter().map(|(r, n)| (r.label(), n)).collect(),
    ))
}

// ---------------------------------------------------------------- responses written here

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
    fn draft(&self) -> oversight_store::ResponseDraft {
        oversight_store::ResponseDraft {
            text: self.text.clone(),
            action_taken: self.action_taken.clone(),
            no_action_reason: self.no_action_reason.clone(),
        }
    }
}

async fn finding_force(state: &AppState, finding: &str) -> Result<String, AppError> {
    Ok(state
        .store
        .finding(finding)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no finding {finding:?}.")))?
        .force)
}

async fn response_or_404(
    state: &AppState,
    id: &str,
    viewer: &Session,
) -> Result<oversight_store::WorkflowResponse, AppError> {
    state
        .store
        .workflow_responses(None, Some(&viewer.user))
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| AppError::NotFound(format!("There is no response {id:?} you can see.")))
}

fn may_respond(s: &Session, force: &str, what: &str) -> Result<(), AppError> {
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

pub async fn draft_response(
    State(state): State<AppState>,
    Path(finding): Path<String>,
    Authorised {
        session: s,
        body: Form(form),
        ..
    }: Authorised<RespondToFindings, Form<ResponseForm>>,
) -> Result<Redirect, AppError> {
    may_respond(&s, &finding_force(&state, &finding).await?, "respond")?;
    let by = form.by.as_deref().filter(|b| !b.is_empty());
    let id = state
        .store
        .draft_response(&finding, by, &form.draft(), &s.user)
        .await?;
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
    let r = response_or_404(&state, &id, &s).await?;
    may_respond(&s, &r.force, "edit responses")?;
    state
        .store
        .edit_response(&id, &form.draft(), form.version, &s.user)
        .await?;
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
    let r = response_or_404(&state, &id, &s).await?;
    may_respond(&s, &r.force, "publish responses")?;
    state
        .store
        .publish_response(&id, form.version, &s.user)
        .await?;
    Ok(Redirect::to(&format!("/findings/{}#{id}", r.finding)))
}

pub async fn withdraw_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised { session: s, .. }: Authorised<WithdrawResponses, Form<VersionForm>>,
) -> Result<Redirect, AppError> {
    let r = response_or_404(&state, &id, &s).await?;
    may_respond(&s, &r.force, "withdraw responses")?;
    state.store.withdraw_response(&id, &s.user).await?;
    Ok(Redirect::to(&format!("/findings/{}#workflow", r.finding)))
}

pub async fn publish_action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised { session: s, .. }: Authorised<PublishActions, Form<VersionForm>>,
) -> Result<Redirect, AppError> {
    let a = action_or_404(&state, &id).await?;
    may_respond(&s, &a.force, "publish actions")?;
    state.store.publish_action(&id, &s.user).await?;
    Ok(Redirect::to(&format!("/findings/{}#{id}", a.finding)))
}

pub async fn withdraw_action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Authorised { session: s, .. }: Authorised<WithdrawActions, Form<VersionForm>>,
) -> Result<Redirect, AppError> {
    let a = action_or_404(&state, &id).await?;
    if !policy::allows(&s.user, Act::EditActions { force: &a.force }) {
        return Err(AppError::Forbidden(format!(
            "A {} may not withdraw {}'s actions.",
            s.user.role.label(),
            force_name(&a.force)
        )));
    }
    state.store.withdraw_action(&id, &s.user).await?;
    Ok(Redirect::to(&format!("/findings/{}#workflow", a.finding)))
}

// ---------------------------------------------------------------- API

use crate::error::ApiError;
use axum::Json;

/// An action as the API gives it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ActionOut {
    pub id: String,
    pub finding: String,
    pub title: String,
    pub owner: String,
    pub status: &'static str,
    pub due_on: Option<String>,
    pub version: i64,
    pub published: bool,
    pub rag: &'static str,
    pub updates: Vec<UpdateOut>,
}

/// A progress update.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct UpdateOut {
    pub position: i64,
    pub text: String,
    pub by: String,
    pub at: String,
    /// Who must sign it off before it counts.
    pub approver: Option<String>,
    pub signed_off_by: Option<String>,
}

fn action_out(a: ActionView) -> ActionOut {
    ActionOut {
        rag: rag(live(a.status), a.due_on, today()).label(),
        status: a.status.code(),
        due_on: a.due_on.map(|d| d.to_string()),
        updates: a
            .updates
            .into_iter()
            .map(|u| UpdateOut {
                position: u.position,
                text: u.text,
                by: u.by,
                at: u.at,
                approver: u.approver,
                signed_off_by: u.signed_off_by,
            })
            .collect(),
        id: a.id,
        finding: a.finding,
        title: a.title,
        owner: a.owner,
        version: a.version,
        published: a.published,
    }
}

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
        Json(actions.into_iter().map(action_out).collect()),
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
    let force = finding_force(&state, &finding).await?;
    if !policy::allows(&s.user, Act::EditActions { force: &force }) {
        return Err(AppError::Forbidden(format!(
            "A {} may not add actions to {}'s findings.",
            s.user.role.label(),
            force_name(&force)
        ))
        .into());
    }
    let due = parse_date(input.due_on.as_deref().unwrap_or_default())?;
    let id = state
        .store
        .add_action(&finding, &input.title, &input.owner, due, &s.user)
        .await?;
    Ok(Json(action_out(action_or_404(&state, &id).await?)))
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
    Ok(Json(action_out(action_or_404(&state, &id).await?)))
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
    may_respond(&s, &finding_force(&state, &finding).await?, "respond")?;
    let id = state
        .store
        .draft_response(&finding, input.by.as_deref(), &input.draft(), &s.user)
        .await?;
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
    let r = response_or_404(&state, &id, &s).await?;
    may_respond(&s, &r.force, "publish responses")?;
    state
        .store
        .publish_response(&id, input.version, &s.user)
        .await?;
    Ok(Json(response_or_404(&state, &id, &s).await?))
}

// ---------------------------------------------------------------- attachments

/// A file sent with its form's CSRF token (multipart form: `csrf` and `file`).
#[derive(Debug)]
pub struct Upload {
    csrf: Option<String>,
    /// (name, content type, bytes), if a file was sent.
    file: Option<(String, String, Vec<u8>)>,
}

impl axum::extract::FromRequest<AppState> for Upload {
    type Rejection = axum::response::Response;

    async fn from_request(
        request: axum::extract::Request,
        state: &AppState,
    ) -> Result<Upload, Self::Rejection> {
        use axum::response::IntoResponse;
        let mut form = axum::extract::Multipart::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut csrf = None;
        let mut file: Option<(String, String, Vec<u8>)> = None;
        while let Some(field) = form.next_field().await.map_err(|e| {
            AppError::BadRequest(format!("The upload could not be read: {e}")).into_response()
        })? {
            match field.name() {
                Some("csrf") => {
                    csrf = Some(
                        field
                            .text()
                            .await
                            .map_err(|e| AppError::BadRequest(e.to_string()).into_response())?,
                    )
                }
                Some("file") => {
                    let name = field.file_name().unwrap_or("attachment").to_owned();
                    let content_type = field
                        .content_type()
                        .unwrap_or("application/octet-stream")
                        .to_owned();
                    let bytes = field.bytes().await.map_err(|e| {
                        AppError::BadRequest(format!("The file could not be read: {e}"))
                            .into_response()
                    })?;
                    file = Some((name, content_type, bytes.to_vec()));
                }
                _ => {}
            }
        }
        Ok(Upload { csrf, file })
    }
}

impl crate::auth::CsrfBody for Upload {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

/// Attaches a file to a progress update (multipart form: `csrf` and `file`).
pub async fn attach(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, i64)>,
    Authorised {
        session: s,
        body: Upload { file, .. },
        ..
    }: Authorised<AttachEvidence, Upload>,
) -> Result<Redirect, AppError> {
    let a = action_or_404(&state, &id).await?;
    if !policy::allows(&s.user, Act::EditActions { force: &a.force }) {
        return Err(AppError::Forbidden(format!(
            "A {} may not add evidence to {}'s actions.",
            s.user.role.label(),
            force_name(&a.force)
        )));
    }
    let (name, content_type, bytes) =
        file.ok_or_else(|| AppError::BadRequest("No file was sent.".to_owned()))?;
    oversight_store::check_attachment(&name, &content_type, &bytes)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    state
        .store
        .attach(&id, n, &name, &content_type, &bytes, &s.user)
        .await?;
    Ok(Redirect::to(&format!("/findings/{}#{id}", a.finding)))
}

/// Serves an attached file as a download, never rendered in place.
pub async fn attachment(
    State(state): State<AppState>,
    Path(sha): Path<String>,
    viewer: Option<SignedIn>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let session = viewer.map(|SignedIn(s, _)| s);
    let (view, bytes) = state
        .store
        .attachment(&sha, session.as_ref().map(|s| &s.user))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no attachment {sha:?}.")))?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        view.name.replace(['"', '\\'], "")
    );
    Ok((
        [
            (header::CONTENT_TYPE, view.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            // A draft's file must not be kept by a shared cache for the next person.
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
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
        "publish" => {
            may_respond(&s, &a.force, "publish actions")?;
            state.store.publish_action(&id, &s.user).await?;
        }
        "withdraw" => {
            if !policy::allows(&s.user, Act::EditActions { force: &a.force }) {
                return Err(AppError::Forbidden(format!(
                    "A {} may not withdraw {}'s actions.",
                    s.user.role.label(),
                    force_name(&a.force)
                ))
                .into());
            }
            state.store.withdraw_action(&id, &s.user).await?;
            return Ok(Json(action_out(a)));
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
    Ok(Json(action_out(action_or_404(&state, &id).await?)))
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
    let r = response_or_404(&state, &id, &s).await?;
    may_respond(&s, &r.force, "edit responses")?;
    state
        .store
        .edit_response(&id, &input.draft(), input.version, &s.user)
        .await?;
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
    let r = response_or_404(&state, &id, &s).await?;
    may_respond(&s, &r.force, "withdraw responses")?;
    state.store.withdraw_response(&id, &s.user).await?;
    Ok(Json(serde_json::json!({"id": id, "status": "withdrawn"})))
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

/// The workflow's forms, pages and API.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/findings/{id}/actions", post(add_action))
        .route("/actions/{id}/status", post(action_status))
        .route("/actions/{id}/updates", post(action_update))
        .route("/actions/{id}/updates/{n}/sign-off", post(sign_off))
        .route("/findings/{id}/responses", post(draft_response))
        .route("/workflow-responses/{id}/edit", post(edit_response))
        .route("/workflow-responses/{id}/publish", post(publish_response))
        .route("/workflow-responses/{id}/withdraw", post(withdraw_response))
        .route("/actions/{id}/withdraw", post(withdraw_action))
        .route(
            "/actions/{id}/updates/{n}/attachments",
            post(attach).layer(axum::extract::DefaultBodyLimit::max(
                oversight_store::MAX_ATTACHMENT_BYTES + 64 * 1024,
            )),
        )
        .route("/attachments/{sha}", get(attachment))
        .route("/actions/{id}/publish", post(publish_action))
        .route("/findings/{id}/indicators", post(link_indicator))
        .route("/overdue", get(overdue_page))
        .route("/audit", get(audit_page))
        .route("/api/v1/actions", get(api_actions))
        .route("/api/v1/findings/{id}/actions", post(api_add_action))
        .route("/api/v1/actions/{id}", post(api_change_action))
        .route("/api/v1/findings/{id}/responses", post(api_draft_response))
        .route(
            "/api/v1/workflow-responses/{id}/publish",
            post(api_publish_response),
        )
        .route(
            "/api/v1/actions/{id}/operations",
            post(api_action_operation),
        )
        .route("/api/v1/workflow-responses/{id}", post(api_edit_response))
        .route(
            "/api/v1/workflow-responses/{id}/withdraw",
            post(api_withdraw_response),
        )
}
