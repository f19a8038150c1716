//! `oversight review …`: the Panel's scrutiny reviews from the command line.

use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Subcommand;
use oversight_domain::review::{ReviewStatus, late_milestones, response_overdue};
use oversight_store::Store;
use time::{Date, OffsetDateTime};

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Every review: id, status, whether it is behind, title.
    List,
    /// One review: scope, findings, milestones, figures, recommendations and evidence.
    Show { id: String },
    /// Move a review to its next status (scoping, evidence_gathering, task_and_finish,
    /// findings_agreed, sent_to_pcc, pcc_responded, closed).
    Status {
        id: String,
        #[arg(long)]
        to: String,
        /// Refuse the change if the review is no longer at this version.
        #[arg(long)]
        version: Option<i64>,
    },
    /// Log evidence given to a review: a submission or a session.
    Evidence {
        id: String,
        #[arg(long)]
        witness: String,
        /// The date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        #[arg(long)]
        summary: String,
        /// Papers attached (document ids or file names); repeat for several.
        #[arg(long = "paper")]
        papers: Vec<String>,
    },
    /// Add a recommendation to the PCC, with the Panel meeting its response is due at.
    Recommend {
        id: String,
        #[arg(long)]
        text: String,
        /// The meeting's date, YYYY-MM-DD.
        #[arg(long)]
        response_due: Option<String>,
    },
    /// Add a Panel member to the review's task-and-finish group.
    Member {
        id: String,
        #[arg(long)]
        name: String,
    },
    /// Record a meeting of the task-and-finish group.
    Meeting {
        id: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        note: String,
    },
    /// Record the PCC's response to a recommendation (numbered from 1, as `show` lists them).
    Respond {
        id: String,
        #[arg(long)]
        recommendation: i64,
        #[arg(long)]
        text: String,
        #[arg(long)]
        date: String,
    },
}

/// Who a command-line change is recorded as in the audit log.
/// The command line's operator: whoever holds the database file has an administrator's
/// reach, and is recorded by their login name.
fn operator() -> oversight_store::User {
    oversight_store::User {
        username: actor(),
        role: oversight_domain::user::Role::Admin,
        force: None,
    }
}

pub fn actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".to_owned())
    )
}

fn date(value: &str) -> anyhow::Result<Date> {
    Date::parse(value, &time::format_description::well_known::Iso8601::DATE)
        .with_context(|| format!("{value:?} is not a date: write YYYY-MM-DD"))
}

pub async fn run(store: &Store, command: ReviewCommand) -> anyhow::Result<ExitCode> {
    let today = OffsetDateTime::now_utc().date();
    match command {
        ReviewCommand::List => {
            let reviews = store.reviews().await?;
            if reviews.is_empty() {
                println!(
                    "No reviews are stored: import a Panel scrutiny paper with `oversight import`."
                );
            }
            for r in reviews {
                let behind = !late_milestones(&r.milestones, r.status, today).is_empty();
                println!(
                    "{}  {:20}  {}{}",
                    r.id,
                    r.status.code(),
                    r.title,
                    if behind {
                        "  [behind its timetable]"
                    } else {
                        ""
                    }
                );
            }
        }
        ReviewCommand::Show { id } => {
            let r = store
                .review(&id)
                .await?
                .with_context(|| format!("no review {id:?} is stored"))?;
            println!(
                "{}\nStatus: {} (version {})",
                r.title,
                r.status.label(),
                r.version
            );
            if let Some(p) = &r.plan_priority {
                println!("Plan priority: {p}");
            }
            println!("\nFindings:");
            for (heading, points) in &r.findings {
                println!("  {heading} ({} points)", points.len());
                for p in points {
                    println!("    - {p}");
                }
            }
            println!("\nMilestones:");
            let late = late_milestones(&r.milestones, r.status, today);
            for m in &r.milestones {
                let flag = if late.contains(&m) {
                    "  [passed: behind]"
                } else {
                    ""
                };
                println!("  {} to {}  {}{flag}", m.starts_on, m.ends_on, m.label);
            }
            println!("\nFigures:");
            for f in &r.figures {
                let base = f.base.map(|b| format!(" of {b}")).unwrap_or_default();
                println!("  {} {}{base}: {}", f.value, f.unit, f.description);
            }
            println!("\nRecommendations:");
            for x in &r.recommendations {
                let overdue = response_overdue(x.response_due_on, x.response.is_some(), today);
                println!(
                    "  {}. {}{}{}",
                    x.position + 1,
                    x.text,
                    x.response_due_on
                        .map(|d| format!(" (response due {d})"))
                        .unwrap_or_default(),
                    if overdue { " [overdue]" } else { "" }
                );
                if let Some(resp) = &x.response {
                    println!("     response: {resp}");
                }
            }
            println!(
                "\nTask-and-finish group: {}",
                if r.members.is_empty() {
                    "no members recorded".to_owned()
                } else {
                    r.members.join(", ")
                }
            );
            for (on, note) in &r.meetings {
                println!("  met {on}: {note}");
            }
            println!("\nEvidence:");
            for e in &r.evidence {
                println!("  {} {}: {}", e.given_on, e.witness, e.summary);
            }
        }
        ReviewCommand::Status { id, to, version } => {
            let to: ReviewStatus = to.parse()?;
            store
                .set_review_status(&id, to, version, &operator())
                .await?;
            println!("Review {id} is now: {}.", to.label());
        }
        ReviewCommand::Evidence {
            id,
            witness,
            date: on,
            summary,
            papers,
        } => {
            if witness.trim().is_empty() || summary.trim().is_empty() {
                bail!("evidence needs a witness and a summary");
            }
            store
                .add_review_evidence(&id, &witness, date(&on)?, &summary, &papers, &operator())
                .await?;
            println!("Evidence from {witness} on {on} is logged against review {id}.");
        }
        ReviewCommand::Recommend {
            id,
            text,
            response_due,
        } => {
            if text.trim().is_empty() {
                bail!("a recommendation needs its text");
            }
            let due = response_due.as_deref().map(date).transpose()?;
            let n = store
                .add_recommendation(&id, &text, due, &operator())
                .await?;
            println!("Recommendation {} is added to review {id}.", n + 1);
        }
        ReviewCommand::Member { id, name } => {
            if name.trim().is_empty() {
                bail!("a member needs a name");
            }
            store
                .add_review_member(&id, name.trim(), &operator())
                .await?;
            println!("{name} is in the task-and-finish group of review {id}.");
        }
        ReviewCommand::Meeting { id, date: on, note } => {
            store
                .add_review_meeting(&id, date(&on)?, &note, &operator())
                .await?;
            println!("The group's meeting of {on} is recorded against review {id}.");
        }
        ReviewCommand::Respond {
            id,
            recommendation,
            text,
            date: on,
        } => {
            store
                .respond_to_recommendation(&id, recommendation - 1, &text, date(&on)?, &operator())
                .await?;
            println!("The response to recommendation {recommendation} of review {id} is recorded.");
        }
    }
    Ok(ExitCode::SUCCESS)
}
