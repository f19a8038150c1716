//! Who may do what: the roles of the people who work in Oversight.

use std::fmt;
use std::str::FromStr;

/// A user's role. The public reads published records without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Inspectorate,
    ForceEditor,
    OpccEditor,
    PanelMember,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Inspectorate,
        Role::ForceEditor,
        Role::OpccEditor,
        Role::PanelMember,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Inspectorate => "inspectorate",
            Role::ForceEditor => "force_editor",
            Role::OpccEditor => "opcc_editor",
            Role::PanelMember => "panel_member",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Inspectorate => "Inspectorate",
            Role::ForceEditor => "Force editor",
            Role::OpccEditor => "OPCC editor",
            Role::PanelMember => "Panel member",
        }
    }

    /// Editors work for one force and must be given it; the others must not be.
    pub fn scoped_to_a_force(self) -> bool {
        matches!(self, Role::ForceEditor | Role::OpccEditor)
    }

    /// Panel members and administrators edit scrutiny reviews.
    pub fn edits_reviews(self) -> bool {
        matches!(self, Role::Admin | Role::PanelMember)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| {
                format!("unknown role {s:?}: admin, inspectorate, force_editor, opcc_editor or panel_member")
            })
    }
}

/// A signed-in person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub username: String,
    pub role: Role,
    /// The force an editor works for.
    pub force: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_back_and_only_editors_have_a_force() {
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>(), Ok(r));
        }
        assert!(Role::ForceEditor.scoped_to_a_force() && Role::OpccEditor.scoped_to_a_force());
        assert!(!Role::PanelMember.scoped_to_a_force());
        assert!(Role::PanelMember.edits_reviews() && Role::Admin.edits_reviews());
        assert!(!Role::Inspectorate.edits_reviews() && !Role::ForceEditor.edits_reviews());
        assert!("root".parse::<Role>().is_err());
    }
}
