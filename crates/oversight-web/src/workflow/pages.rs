//! The workflow's pages and page parts: the workflow part of a finding's page, a force's
//! findings counted by status, the overdue list and the audit log.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use oversight_domain::action::{ActionStatus, Rag, finding_status, rag};
use oversight_domain::policy::{self, Act};
use oversight_domain::user::Role;
use oversight_store::{ActionView, AuditEntry, Session};
use serde::Deserialize;

use super::ReadAudit;
use super::ops::live;
use crate::auth::SignedIn;
use crate::layout::{Crumb, crumbs};
use crate::view::{force_name, today};
use crate::{AppError, AppState};

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

/// The workflow part of the page of `finding` (of `force`), as `session`, if any, may see it.
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
