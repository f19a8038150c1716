//! `oversight action …`: actions against findings, as a named user (whose role and force
//! decide what they may do, as on the web).

use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use oversight_domain::action::{ActionStatus, Rag, rag};
use oversight_store::{Store, User};
use time::{Date, OffsetDateTime};

#[derive(Debug, Subcommand)]
pub enum ActionCommand {
    /// Add an action against a finding.
    Add {
        #[arg(long)]
        finding: String,
        #[arg(long)]
        title: String,
        /// The user who owns it.
        #[arg(long)]
        owner: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
        /// The user making the change.
        #[arg(long = "as")]
        actor: String,
    },
    /// Change an action: move its status, or add a progress update (optionally needing a
    /// named approver's sign-off before it counts).
    Update {
        id: String,
        /// open, in_progress, completed, verified, closed or superseded.
        #[arg(long)]
        status: Option<String>,
        /// Refuse the change if the action is no longer at this version.
        #[arg(long)]
        version: Option<i64>,
        /// A progress update's text.
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        approver: Option<String>,
        #[arg(long = "as")]
        actor: String,
    },
    /// Attach a file to a progress update as evidence (PDF, PNG, JPEG, plain text or CSV, at
    /// most 5 MiB; the type is checked against the content).
    Attach {
        id: String,
        #[arg(long)]
        update: i64,
        #[arg(long)]
        file: std::path::PathBuf,
        #[arg(long = "as")]
        actor: String,
    },
    /// Publish a draft action (the force's editors, its OPCC editors, admins).
    Publish {
        id: String,
        #[arg(long = "as")]
        actor: String,
    },
    /// Sign off a progress update (only its named approver may).
    SignOff {
        id: String,
        #[arg(long)]
        update: i64,
        #[arg(long = "as")]
        actor: String,
    },
    /// Actions with status, due date and red/amber/green; `--overdue` only those past due.
    List {
        #[arg(long)]
        force: Option<String>,
        #[arg(long)]
        overdue: bool,
    },
}

async fn user(store: &Store, name: &str) -> anyhow::Result<User> {
    store
        .user(name)
        .await?
        .with_context(|| format!("no user {name:?}: add one with `oversight user add`"))
}

fn date(value: &str) -> anyhow::Result<Date> {
    Date::parse(value, &time::format_description::well_known::Iso8601::DATE)
        .with_context(|| format!("{value:?} is not a date: write YYYY-MM-DD"))
}

pub async fn run(store: &Store, command: ActionCommand) -> anyhow::Result<ExitCode> {
    match command {
        ActionCommand::Add {
            finding,
            title,
            owner,
            due,
            actor,
        } => {
            let actor = user(store, &actor).await?;
            let due = due.as_deref().map(date).transpose()?;
            let id = store
                .add_action(&finding, &title, &owner, due, &actor)
                .await?;
            println!(
                "Action {id} is added to finding {finding} as a draft: publish it with `oversight action publish {id} --as …`."
            );
        }
        ActionCommand::Update {
            id,
            status,
            version,
            text,
            approver,
            actor,
        } => {
            let actor = user(store, &actor).await?;
            if status.is_none() && text.is_none() {
                anyhow::bail!("give --status, --text or both");
            }
            if let Some(text) = text {
                let n = store
                    .add_action_update(&id, &text, approver.as_deref(), &actor)
                    .await?;
                println!(
                    "Update {n} is added to action {id}{}.",
                    approver
                        .map(|a| format!(", awaiting {a}'s sign-off"))
                        .unwrap_or_default()
                );
            }
            if let Some(status) = status {
                let to: ActionStatus = status.parse()?;
                store.set_action_status(&id, to, version, &actor).await?;
                println!("Action {id} is now {}.", to.label());
            }
        }
        ActionCommand::Attach {
            id,
            update,
            file,
            actor,
        } => {
            let actor = user(store, &actor).await?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let lower = name.to_ascii_lowercase();
            let content_type = match lower.rsplit('.').next() {
                Some("pdf") => "application/pdf",
                Some("png") => "image/png",
                Some("jpg" | "jpeg") => "image/jpeg",
                Some("csv") => "text/csv",
                Some("txt") => "text/plain",
                _ => anyhow::bail!(
                    "{}: attach a .pdf, .png, .jpg, .txt or .csv file",
                    file.display()
                ),
            };
            let sha = store
                .attach(&id, update, &name, content_type, &bytes, &actor)
                .await?;
            println!(
                "{name} ({} bytes, SHA-256 {sha}) is attached to update {update} of action {id}.",
                bytes.len()
            );
        }
        ActionCommand::Publish { id, actor } => {
            let actor = user(store, &actor).await?;
            store.publish_action(&id, &actor).await?;
            println!("Action {id} is published.");
        }
        ActionCommand::SignOff { id, update, actor } => {
            let actor = user(store, &actor).await?;
            store.sign_off_update(&id, update, &actor).await?;
            println!("Update {update} of action {id} is signed off.");
        }
        ActionCommand::List { force, overdue } => {
            let today = OffsetDateTime::now_utc().date();
            for a in store.actions(None).await? {
                if force.as_deref().is_some_and(|f| f != a.force) {
                    continue;
                }
                let live = !a.status.is_final() && a.status != ActionStatus::Completed;
                let colour = if live {
                    rag(
                        oversight_domain::action::FindingStatus::InProgress,
                        a.due_on,
                        today,
                    )
                } else {
                    Rag::Green
                };
                if overdue && colour != Rag::Red {
                    continue;
                }
                println!(
                    "{:28} {:12} {:6} {:10} {:16} {}",
                    a.id,
                    a.status.code(),
                    colour.label(),
                    a.due_on
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".to_owned()),
                    a.owner,
                    a.title
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
