//! `oversight user …` and `oversight audit …`.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use oversight_domain::user::Role;
use oversight_store::Store;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user. The password is read from OVERSIGHT_PASSWORD, or else from the first
    /// line of standard input; at least 12 characters.
    Add {
        #[arg(long)]
        username: String,
        /// admin, inspectorate, force_editor, opcc_editor or panel_member.
        #[arg(long)]
        role: String,
        /// The force an editor works for (slug, e.g. hampshire).
        #[arg(long)]
        force: Option<String>,
    },
    /// Every user with role and force.
    List,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that the audit log has not been altered (its hash chain); exits non-zero if it has.
    Verify,
    /// The audit log, newest first; `--filter` keeps entries whose record, actor or action contains it.
    List {
        #[arg(long)]
        filter: Option<String>,
    },
}

pub async fn user(store: &Store, command: UserCommand) -> anyhow::Result<ExitCode> {
    match command {
        UserCommand::Add {
            username,
            role,
            force,
        } => {
            let role: Role = role.parse().map_err(anyhow::Error::msg)?;
            let password = match std::env::var("OVERSIGHT_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprintln!("Password for {username} (one line):");
                    let mut line = String::new();
                    std::io::stdin()
                        .lock()
                        .read_line(&mut line)
                        .context("reading the password")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            store
                .add_user(
                    &username,
                    &password,
                    role,
                    force.as_deref(),
                    &crate::review::actor(),
                )
                .await?;
            println!(
                "User {username} is a {}{}.",
                role.label(),
                force.map(|f| format!(" for {f}")).unwrap_or_default()
            );
        }
        UserCommand::List => {
            for u in store.users().await? {
                println!(
                    "{:24} {:14} {}",
                    u.username,
                    u.role.code(),
                    u.force.unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn audit(store: &Store, command: AuditCommand) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::Verify => match store.verify_audit().await? {
            Ok(n) => {
                println!(
                    "The audit log is intact: {n} entries, every hash matches its content and the chain."
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(problem) => {
                eprintln!("The audit log has been altered: {problem}.");
                Ok(ExitCode::FAILURE)
            }
        },
        AuditCommand::List { filter } => {
            for e in store.audit_log(filter.as_deref(), i64::MAX).await? {
                println!(
                    "{:>6}  {}  {:20}  {:24}  {}",
                    e.seq, e.at, e.actor, e.action, e.record
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
