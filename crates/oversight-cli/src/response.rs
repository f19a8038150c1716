//! `oversight response …`: the OPCC's and the force's responses to findings, as a named user.

use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use oversight_store::{ResponseDraft, Store};

#[derive(Debug, Subcommand)]
pub enum ResponseCommand {
    /// Write a draft response to a finding (seen only by the force's editors until published).
    Add {
        #[arg(long)]
        finding: String,
        #[arg(long)]
        text: String,
        #[arg(long)]
        action_taken: Option<String>,
        #[arg(long)]
        no_action_reason: Option<String>,
        /// opcc or force (administrators must say; editors write for their own body).
        #[arg(long)]
        by: Option<String>,
        #[arg(long = "as")]
        actor: String,
    },
    /// Publish a draft; a response to a recommendation must state the action taken or why none is.
    Publish {
        id: String,
        #[arg(long)]
        version: Option<i64>,
        #[arg(long = "as")]
        actor: String,
    },
    /// Withdraw a response (it is kept, marked withdrawn).
    Withdraw {
        id: String,
        #[arg(long = "as")]
        actor: String,
    },
    /// The responses a user may see (published ones, and their force's drafts).
    List {
        #[arg(long)]
        finding: Option<String>,
        #[arg(long = "as")]
        actor: Option<String>,
    },
}

pub async fn run(store: &Store, command: ResponseCommand) -> anyhow::Result<ExitCode> {
    let user = |name: String| async move {
        store
            .user(&name)
            .await?
            .with_context(|| format!("no user {name:?}: add one with `oversight user add`"))
    };
    match command {
        ResponseCommand::Add {
            finding,
            text,
            action_taken,
            no_action_reason,
            by,
            actor,
        } => {
            let actor = user(actor).await?;
            let draft = ResponseDraft {
                text,
                action_taken,
                no_action_reason,
            };
            let id = store
                .draft_response(&finding, by.as_deref(), &draft, &actor)
                .await?;
            println!("Draft response {id} is written to finding {finding}.");
        }
        ResponseCommand::Publish { id, version, actor } => {
            let actor = user(actor).await?;
            store.publish_response(&id, version, &actor).await?;
            println!("Response {id} is published.");
        }
        ResponseCommand::Withdraw { id, actor } => {
            let actor = user(actor).await?;
            store.withdraw_response(&id, &actor).await?;
            println!("Response {id} is withdrawn.");
        }
        ResponseCommand::List { finding, actor } => {
            let viewer = match actor {
                Some(a) => Some(user(a).await?),
                None => None,
            };
            for r in store
                .workflow_responses(finding.as_deref(), viewer.as_ref())
                .await?
            {
                println!(
                    "{:28} {:10} {:6} v{}  {}",
                    r.id, r.status, r.by, r.version, r.text
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
