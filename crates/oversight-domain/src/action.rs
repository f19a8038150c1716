//! Actions against findings: their workflow, who may move them, the status of a finding
//! derived from its actions and responses, the red/amber/green summary, and the s.55 clock.

use std::fmt;
use std::str::FromStr;

use time::{Date, Duration};

use crate::user::Role;

/// Where an action is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionStatus {
    Open,
    InProgress,
    Completed,
    /// The inspectorate has checked the work.
    Verified,
    /// Ended without being verified (no longer needed, or accepted as done locally).
    Closed,
    /// A later inspection replaced the finding.
    Superseded,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 6] = [
        ActionStatus::Open,
        ActionStatus::InProgress,
        ActionStatus::Completed,
        ActionStatus::Verified,
        ActionStatus::Closed,
        ActionStatus::Superseded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Completed => "completed",
            ActionStatus::Verified => "verified",
            ActionStatus::Closed => "closed",
            ActionStatus::Superseded => "superseded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Completed => "Completed",
            ActionStatus::Verified => "Verified",
            ActionStatus::Closed => "Closed",
            ActionStatus::Superseded => "Superseded",
        }
    }

    /// Whether work on it has ended.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ActionStatus::Verified | ActionStatus::Closed | ActionStatus::Superseded
        )
    }

    /// Checks a move by someone with `role`: open → in progress → completed → verified (the
    /// inspectorate only) or closed; completed can be reopened; anything not final can be
    /// closed or superseded.
    pub fn transition(self, to: ActionStatus, role: Role) -> Result<ActionStatus, ActionError> {
        use ActionStatus::*;
        let allowed = match (self, to) {
            (Open, InProgress) | (InProgress, Completed) | (Completed, InProgress) => true,
            (Completed, Verified) => {
                if !matches!(role, Role::Inspectorate | Role::Admin) {
                    return Err(ActionError::OnlyInspectorateVerifies { role });
                }
                true
            }
            (from, Closed | Superseded) => !from.is_final(),
            _ => false,
        };
        if allowed {
            Ok(to)
        } else {
            Err(ActionError::Transition { from: self, to })
        }
    }
}

impl fmt::Display for ActionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for ActionStatus {
    type Err = ActionError;
    fn from_str(s: &str) -> Result<ActionStatus, ActionError> {
        ActionStatus::ALL
            .into_iter()
            .find(|a| a.code() == s)
            .ok_or_else(|| ActionError::UnknownStatus(s.to_owned()))
    }
}

/// A refused change to an action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("an action cannot go from {from} to {to}")]
    Transition {
        from: ActionStatus,
        to: ActionStatus,
    },
    #[error("only the inspectorate verifies an action, not a {role}")]
    OnlyInspectorateVerifies { role: Role },
    #[error(
        "unknown action status {0:?}: open, in_progress, completed, verified, closed or superseded"
    )]
    UnknownStatus(String),
}

/// A finding's status, derived from its actions and responses; never typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingStatus {
    /// No response and no action yet.
    Open,
    /// Responded to, with no action yet.
    Responded,
    InProgress,
    /// Every action done, waiting for the inspectorate to verify.
    Completed,
    Verified,
    Closed,
    Superseded,
}

impl FindingStatus {
    pub fn code(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::Responded => "responded",
            FindingStatus::InProgress => "in_progress",
            FindingStatus::Completed => "completed",
            FindingStatus::Verified => "verified",
            FindingStatus::Closed => "closed",
            FindingStatus::Superseded => "superseded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FindingStatus::Open => "Open",
            FindingStatus::Responded => "Responded to",
            FindingStatus::InProgress => "In progress",
            FindingStatus::Completed => "Completed, awaiting verification",
            FindingStatus::Verified => "Verified",
            FindingStatus::Closed => "Closed",
            FindingStatus::Superseded => "Superseded",
        }
    }

    /// Whether the finding still needs work.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            FindingStatus::Open | FindingStatus::Responded | FindingStatus::InProgress
        )
    }
}

/// The status of a finding with these actions (withdrawn ones left out) and responses.
pub fn finding_status(actions: &[ActionStatus], responded: bool) -> FindingStatus {
    use ActionStatus as A;
    if actions.is_empty() {
        return if responded {
            FindingStatus::Responded
        } else {
            FindingStatus::Open
        };
    }
    let live: Vec<ActionStatus> = actions
        .iter()
        .copied()
        .filter(|a| *a != A::Superseded)
        .collect();
    if live.is_empty() {
        return FindingStatus::Superseded;
    }
    if live.iter().any(|a| matches!(a, A::Open | A::InProgress)) {
        FindingStatus::InProgress
    } else if live.contains(&A::Completed) {
        FindingStatus::Completed
    } else if live.iter().all(|a| *a == A::Verified) {
        FindingStatus::Verified
    } else {
        FindingStatus::Closed
    }
}

/// The red/amber/green convention OPCCs and Panels report in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
        }
    }
}

/// Red: still live and past its due date; amber: still live; green: done with.
pub fn rag(status: FindingStatus, due: Option<Date>, today: Date) -> Rag {
    if !status.is_live() {
        Rag::Green
    } else if due.is_some_and(|d| d < today) {
        Rag::Red
    } else {
        Rag::Amber
    }
}

/// The last day for the PCC's comments and response on an inspection report: 56 days
/// beginning with the day of publication (Police Act 1996 s.55, as amended by the Policing and
/// Crime Act 2017). The publication day is day 1; the statute counts calendar days, weekends
/// and bank holidays included.
pub fn response_due(published: Date) -> Date {
    published + Duration::days(55)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActionStatus::*;
    use time::macros::date;

    #[test]
    fn the_56_days_begin_with_the_day_of_publication() {
        assert_eq!(response_due(date!(2017 - 03 - 02)), date!(2017 - 04 - 26));
        // Weekends count: published on a Saturday, due on a Friday 55 days later.
        assert_eq!(response_due(date!(2017 - 03 - 04)), date!(2017 - 04 - 28));
        // Across a year end and a leap day.
        assert_eq!(response_due(date!(2019 - 12 - 20)), date!(2020 - 02 - 13));
        assert_eq!(response_due(date!(2020 - 01 - 10)), date!(2020 - 03 - 05));
    }

    #[test]
    fn every_transition_is_allowed_or_refused_with_a_reason() {
        let allowed = [
            (Open, InProgress),
            (InProgress, Completed),
            (Completed, InProgress),
            (Completed, Verified),
            (Open, Closed),
            (InProgress, Closed),
            (Completed, Closed),
            (Open, Superseded),
            (InProgress, Superseded),
            (Completed, Superseded),
        ];
        for from in ActionStatus::ALL {
            for to in ActionStatus::ALL {
                let result = from.transition(to, Role::Inspectorate);
                assert_eq!(
                    result.is_ok(),
                    allowed.contains(&(from, to)),
                    "{from} → {to}"
                );
                if let Err(e) = result {
                    assert!(!e.to_string().is_empty());
                }
            }
        }
        let e = Completed
            .transition(Verified, Role::ForceEditor)
            .expect_err("editors cannot verify");
        assert!(e.to_string().contains("only the inspectorate"), "{e}");
        assert!(Completed.transition(Verified, Role::Admin).is_ok());
        assert_eq!("in_progress".parse::<ActionStatus>(), Ok(InProgress));
        assert!("done".parse::<ActionStatus>().is_err());
    }

    #[test]
    fn a_findings_status_comes_from_its_actions_and_responses() {
        assert_eq!(finding_status(&[], false), FindingStatus::Open);
        assert_eq!(finding_status(&[], true), FindingStatus::Responded);
        assert_eq!(
            finding_status(&[Open, Completed], true),
            FindingStatus::InProgress
        );
        assert_eq!(
            finding_status(&[Completed, Verified], false),
            FindingStatus::Completed
        );
        assert_eq!(
            finding_status(&[Verified, Verified], false),
            FindingStatus::Verified
        );
        assert_eq!(
            finding_status(&[Verified, Closed], false),
            FindingStatus::Closed
        );
        assert_eq!(
            finding_status(&[Superseded], false),
            FindingStatus::Superseded
        );
        assert_eq!(
            finding_status(&[Superseded, Open], false),
            FindingStatus::InProgress
        );
    }

    #[test]
    fn red_amber_green() {
        let today = date!(2020 - 01 - 10);
        assert_eq!(
            rag(
                FindingStatus::InProgress,
                Some(date!(2020 - 01 - 09)),
                today
            ),
            Rag::Red
        );
        assert_eq!(
            rag(FindingStatus::InProgress, Some(today), today),
            Rag::Amber
        );
        assert_eq!(rag(FindingStatus::Open, None, today), Rag::Amber);
        assert_eq!(
            rag(FindingStatus::Verified, Some(date!(2019 - 01 - 01)), today),
            Rag::Green
        );
    }
}
