//! Who may do what to which force's records: the one place the rules are written.
//!
//! The store asks [`check`] inside each write's transaction (a refusal is
//! [`Denied`], and nothing is written); the web asks [`allows`] only to decide what to
//! show (a button, a form, a draft). A new permission rule is a new [`Act`] here, with its
//! row in the tests below.

use crate::action::ActionStatus;
use crate::user::{Role, User};

/// Something a signed-in person asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act<'a> {
    /// Add, update, publish or withdraw actions against a force's findings, and add their
    /// evidence.
    EditActions { force: &'a str },
    /// Move a force's action to another status.
    MoveAction { force: &'a str, to: ActionStatus },
    /// Write, change, publish or withdraw a response to a force's findings, and read its
    /// drafts.
    Respond { force: &'a str },
    /// Read a force's drafts (actions, their files and history, responses): its own
    /// editors and administrators; nobody else until they are published.
    SeeDrafts { force: &'a str },
    /// Write to a Panel's scrutiny reviews: members, meetings, evidence, recommendations.
    EditReviews,
    /// Read the whole audit log.
    ReadAudit,
    /// Be named to sign off an update of a force's action.
    SignOffUpdates { force: &'a str },
    /// Link a force's findings to the evidence indicators that measure them.
    LinkIndicators { force: &'a str },
}

/// A refusal, with the sentence a person is shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Denied(pub String);

/// Whether `user` may do `act`.
pub fn allows(user: &User, act: Act<'_>) -> bool {
    let own_force = |force: &str| user.force.as_deref() == Some(force);
    match act {
        Act::EditActions { force } | Act::Respond { force } | Act::SeeDrafts { force } => {
            match user.role {
                Role::Admin => true,
                Role::ForceEditor | Role::OpccEditor => own_force(force),
                Role::Inspectorate | Role::PanelMember => false,
            }
        }
        // Only the inspectorate verifies (or an administrator); the force's editors move
        // everything else.
        Act::MoveAction { force, to } => match user.role {
            Role::Admin => true,
            Role::Inspectorate => to == ActionStatus::Verified,
            Role::ForceEditor | Role::OpccEditor => {
                own_force(force) && to != ActionStatus::Verified
            }
            Role::PanelMember => false,
        },
        Act::SignOffUpdates { force } | Act::LinkIndicators { force } => match user.role {
            Role::Admin | Role::Inspectorate => true,
            Role::ForceEditor | Role::OpccEditor => own_force(force),
            Role::PanelMember => false,
        },
        Act::EditReviews => matches!(user.role, Role::Admin | Role::PanelMember),
        Act::ReadAudit => matches!(user.role, Role::Admin | Role::Inspectorate),
    }
}

/// [`allows`], as a result whose refusal says who was refused what.
pub fn check(user: &User, act: Act<'_>) -> Result<(), Denied> {
    if allows(user, act) {
        return Ok(());
    }
    let role = user.role.label();
    Err(Denied(match act {
        Act::EditActions { force } => format!("a {role} may not change {force}'s actions"),
        Act::MoveAction {
            to: ActionStatus::Verified,
            ..
        } => {
            format!("only the inspectorate verifies an action, not a {role}")
        }
        Act::MoveAction { force, .. } => format!("a {role} may not change {force}'s actions"),
        Act::Respond { force } => format!("a {role} may not respond to {force}'s findings"),
        Act::SeeDrafts { force } => format!("a {role} may not see {force}'s drafts"),
        Act::EditReviews => format!("a {role} may not change scrutiny reviews"),
        Act::ReadAudit => format!("a {role} may not read the audit log"),
        Act::SignOffUpdates { force } => format!("a {role} may not sign off {force}'s updates"),
        Act::LinkIndicators { force } => {
            format!("a {role} may not link {force}'s findings to indicators")
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, force: Option<&str>) -> User {
        User {
            username: "u".into(),
            role,
            force: force.map(str::to_owned),
        }
    }

    /// The permission matrix: every role against its own force and another.
    #[test]
    fn each_role_may_do_what_it_is_for_and_nothing_else() {
        let kent = "kent";
        let users = [
            ("admin", user(Role::Admin, None)),
            ("inspectorate", user(Role::Inspectorate, None)),
            ("kent force editor", user(Role::ForceEditor, Some(kent))),
            ("essex force editor", user(Role::ForceEditor, Some("essex"))),
            ("kent opcc editor", user(Role::OpccEditor, Some(kent))),
            ("panel member", user(Role::PanelMember, None)),
        ];
        let acts = [
            Act::EditActions { force: kent },
            Act::MoveAction {
                force: kent,
                to: ActionStatus::Completed,
            },
            Act::MoveAction {
                force: kent,
                to: ActionStatus::Verified,
            },
            Act::Respond { force: kent },
            Act::SeeDrafts { force: kent },
            Act::SignOffUpdates { force: kent },
            Act::LinkIndicators { force: kent },
            Act::EditReviews,
            Act::ReadAudit,
        ];
        // One row per user, one column per act above.
        let expected = [
            [true, true, true, true, true, true, true, true, true],
            [false, false, true, false, false, true, true, false, true],
            [true, true, false, true, true, true, true, false, false],
            [
                false, false, false, false, false, false, false, false, false,
            ],
            [true, true, false, true, true, true, true, false, false],
            [false, false, false, false, false, false, false, true, false],
        ];
        for ((who, u), row) in users.iter().zip(expected) {
            for (act, want) in acts.iter().zip(row) {
                assert_eq!(allows(u, *act), want, "{who}: {act:?}");
                assert_eq!(check(u, *act).is_ok(), want, "{who}: {act:?}");
            }
        }
        // An editor with no force (a broken account) may do nothing for any force.
        let nobody = user(Role::ForceEditor, None);
        assert!(!allows(&nobody, Act::EditActions { force: kent }));
        assert!(
            check(
                &nobody,
                Act::MoveAction {
                    force: kent,
                    to: ActionStatus::Verified
                }
            )
            .is_err_and(|d| d.0.contains("only the inspectorate verifies"))
        );
    }
}
